"""Columns of the comparison and how people read them: Vietnamese headers, periods,
numbers written the Vietnamese way."""
from __future__ import annotations

from dataclasses import dataclass

from ..outline import Outline
from ..wording import NO_PERIOD, period_text

TOTAL = "tổng số"


@dataclass(frozen=True)
class ColumnKey:
    """One column of the wide table: an indicator's total or category, in one period."""

    indicator: str
    category: str | None
    period_start: str | None
    period_end: str | None
    round: str | None = None  # a period running up to the report, in this reporting round (``rounds.py``)


@dataclass(frozen=True)
class Header:
    """The four header lines of a column (label / category / period / unit) and their
    one-line form used by the CSV."""

    label: str
    category: str
    period: str
    unit: str

    @property
    def text(self) -> str:
        """``label – category – period (unit)``; the total and a missing period are left out.

        >>> Header("Số văn bản đã ban hành", "quyết định", "01/07/2025–31/12/2025", "văn bản").text
        'Số văn bản đã ban hành – quyết định – 01/07/2025–31/12/2025 (văn bản)'
        >>> Header("Quy mô dân số", TOTAL, NO_PERIOD, "người").text
        'Quy mô dân số (người)'
        """
        parts = [self.label]
        if self.category != TOTAL:
            parts.append(self.category)
        if self.period != NO_PERIOD:
            parts.append(self.period)
        return " – ".join(parts) + f" ({self.unit})"


def column_header(key: ColumnKey, outline: Outline) -> Header:
    ind = outline.get(key.indicator)
    return Header(ind.label, key.category or TOTAL, period_text(key.period_start, key.period_end, key.round), ind.unit)


def column_sort_key(key: ColumnKey, outline: Outline) -> tuple:
    """Outline order, the total before its categories (in the outline's order), periods
    without dates first, then in time (by the first date, then the last)."""
    ids = outline.ids
    ind_pos = ids.index(key.indicator) if key.indicator in ids else len(ids)
    cats = outline.get(key.indicator).categories if key.indicator in ids else ()
    cat_pos = -1 if key.category is None else (cats.index(key.category) if key.category in cats else len(cats))
    dated = key.period_start is not None or key.period_end is not None
    first = key.period_start or key.period_end or ""
    return (ind_pos, key.indicator, cat_pos, key.category or "", dated, first, key.period_end or first,
            key.period_start is not None, key.round or "")


def plain_number(value: float | int | None) -> str:
    """A number for CSV files: ``.`` decimal point, no thousands separator, no ``.0``.

    >>> plain_number(3260.0), plain_number(24.67), plain_number(None)
    ('3260', '24.67', '')
    """
    if value is None:
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))
