"""solieu: figures from Vietnamese commune reports.

>>> from extractor import extract
>>> report = extract("corpus/real/ke_sat.docx")   # doctest: +SKIP
>>> report.metadata.commune, len(report.figures)  # doctest: +SKIP
('Kẻ Sặt', 122)
>>> from extractor import compare
>>> compare(["corpus/real/ke_sat.docx"]).loc[0, "Đơn vị"]   # doctest: +SKIP
'Kẻ Sặt'
"""
from .pipeline import Report, extract

__all__ = ["Report", "compare", "extract"]


def __getattr__(name: str):
    """``extractor.compare`` (callable: the wide comparison table as a DataFrame) is
    imported on first use: pandas and openpyxl cost a third of a second that a run
    without a comparison never pays."""
    if name == "compare":
        import importlib

        return importlib.import_module(f"{__name__}.compare")
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")
