"""Compare communes: every report's figures aligned by official unit, indicator,
category and period, written as ``comparison.csv`` (wide, for people),
``comparison_long.csv`` (long, for programs) and ``comparison.xlsx``; values far from
comparable units become ``outlier`` findings.

Stages (one module each, frozen records between them):

- ``align``: documents and figure records → ``Alignment`` (rows, columns, cells);
- ``tables``: ``Alignment`` → long and wide ``DataFrame`` → CSV text;
- ``derive``: population, per 1,000 people, city totals and ranks (``KeyFigure``);
- ``outliers``: ``Alignment`` → ``Outlier`` → finding records;
- ``marks``: finding records → ``Mark`` on cells;
- ``rounds``: reporting rounds, and the periods that run up to the report (a round's column);
- ``workbook`` (with ``cells``, ``key_sheet``, ``notes_sheet``): all of the above → ``comparison.xlsx``;
- ``outputs``: the files, written atomically, and ``compare(paths)``.

Settings: ``patterns/compare.yaml`` (``settings``).

The package is itself callable, so that ``extractor.compare(paths)`` (the wide
table as a ``DataFrame``) and ``extractor.compare.write_compare_outputs`` both work::

    >>> import extractor
    >>> from extractor.compare.outputs import write_compare_outputs
    >>> extractor.compare.write_compare_outputs is write_compare_outputs, callable(extractor.compare)
    (True, True)
"""
import importlib as _importlib
import sys as _sys
import types as _types

from .align import Alignment, Cell, RowUnit, figures_to_alignment, group_alignment, month_column
from .labels import ColumnKey, column_header
from .settings import CompareSettings, load_compare_settings

# the tables and the workbook need pandas and openpyxl: imported on first use
_LAZY = {"compare": "outputs", "write_compare_outputs": "outputs", "LONG_COLUMNS": "tables",
         "alignment_to_long": "tables", "alignment_to_wide": "tables", "figures_to_frame": "tables",
         "long_to_wide": "tables"}

__all__ = [
    "Alignment", "Cell", "ColumnKey", "CompareSettings", "LONG_COLUMNS", "RowUnit", "alignment_to_long",
    "alignment_to_wide", "column_header", "compare", "figures_to_alignment", "figures_to_frame", "group_alignment",
    "load_compare_settings", "long_to_wide", "month_column", "write_compare_outputs",
]


class _CallableModule(_types.ModuleType):
    """``extractor.compare(paths)`` is ``extractor.compare.compare(paths)``."""

    def __call__(self, paths):
        return self.compare(paths)

    def __getattr__(self, name: str):
        if name in _LAZY:
            value = getattr(_importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
            setattr(self, name, value)
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_sys.modules[__name__].__class__ = _CallableModule
