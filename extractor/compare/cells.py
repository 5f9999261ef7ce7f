"""What every sheet of ``comparison.xlsx`` shares: the sheet names, fills and
alignments, Vietnamese number formats, the quote and place of a value, its comment and
the marks the audit puts on it."""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.comments import Comment
from openpyxl.styles import Alignment as Align
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from ..outline import Outline
from ..sheets import HEADER_FILL
from ..sheets import number_format as _sheet_format
from ..wording import rule_vi, value_decimals, where
from .align import Alignment
from .derive import KeyFigure
from .marks import Mark
from .settings import CompareSettings

KEY, MAIN, SUMMARY, FINDINGS, SOURCES, NOTES = "Chỉ tiêu chính", "So sánh", "Tổng hợp", "Phát hiện", "Nguồn", "Ghi chú"
HEADER_ROWS = 4  # label / category / period / unit

FILL_HEADER = HEADER_FILL
FILL_ERROR = PatternFill("solid", fgColor="FFC7CE")
FILL_WARNING = PatternFill("solid", fgColor="FFEB9C")
FILL_CONFLICT = PatternFill("solid", fgColor="F8CBAD")
FILL_UNKNOWN = PatternFill("solid", fgColor="E7E6E6")
FILL_DERIVED = PatternFill("solid", fgColor="E2EFDA")
FILL_CORRECTED = PatternFill("solid", fgColor="BDD7EE")  # a value staff corrected (the workbench)
CENTER = Align(wrap_text=True, vertical="center", horizontal="center")
LEFT = Align(wrap_text=True, vertical="center", horizontal="left")  # merged labels: readable at the frozen edge


def number_format(value, decimals: int | None = None) -> str:
    """A Vietnamese number format for ``value``.

    >>> number_format(3260), number_format(24.67), number_format(3.5, 1)
    ('[$-42A]#,##0', '[$-42A]#,##0.00', '[$-42A]#,##0.0')
    """
    return _sheet_format(value, value_decimals(value) if decimals is None else decimals)


def quote_excerpt(fig: dict, width: int = 320) -> str:
    """The quote around the figure's span, cut to about ``width`` characters.

    >>> quote_excerpt({"quote": "a" * 500 + " 12 " + "b" * 500, "source": {"start": 501, "end": 503}}, 20)
    '…aaaaaaaa 12 bbbbbbbb…'
    """
    q = fig.get("quote") or ""
    s = fig.get("source") or {}
    if len(q) <= width:
        return q
    start, end = s.get("start") or 0, s.get("end") or 0
    half = max(0, (width - (end - start)) // 2)
    a, b = max(0, start - half), min(len(q), end + half)
    return ("…" if a > 0 else "") + q[a:b] + ("…" if b < len(q) else "")


def location_text(fig: dict) -> str:
    """Where the figure stands, for people (``wording.where``: counted from 1).

    >>> location_text({"document": "a.pdf", "source": {"kind": "table", "page": 3, "block": 40, "row": 2, "col": 1}})
    'a.pdf, trang 3, bảng ở đoạn 41, hàng 3, cột 2'
    """
    place = where(fig.get("source") or {})
    return f"{fig.get('document')}, {place}" if place else str(fig.get("document"))


def decision_note(fig: dict) -> str:
    """What staff decided about a corrected figure, for its cell's comment ("" when not corrected).

    >>> decision_note({"value": 1243, "decision": {"action": "correct", "reviewer": "Lan", "at": "2026-05-21T02:00:00+00:00",
    ...                                            "note": "theo bản giấy", "original_value": 1234}})
    '✎ Đã sửa: 1.234 → 1.243 (Lan, 21/05/2026): theo bản giấy'
    """
    d = fig.get("decision") or {}
    if d.get("action") != "correct":
        return ""
    from ..wording import vn_date, vn_number

    old = d.get("original_value")
    when = vn_date(d["at"][:10]) if d.get("at") else ""
    text = f"✎ Đã sửa: {vn_number(old) if old is not None else '?'} → {vn_number(fig.get('value'))} ({d.get('reviewer')}, {when})"
    return text + (f": {d['note']}" if d.get("note") else "")


@dataclass(frozen=True)
class WorkbookInput:
    alignment: Alignment
    outline: Outline
    findings: tuple[dict, ...]
    marks: tuple[Mark, ...]
    key_figures: tuple[KeyFigure, ...]
    documents: tuple[dict, ...]
    settings: CompareSettings
    exact: Alignment | None = None  # every value with its exact period (the sources sheet); None: ``alignment``
    rounds: dict | None = None  # document → its reporting round (``rounds.Round``)
    dates: dict | None = None  # document → (report date, estimated?)


def _comment(text: str) -> Comment:
    lines = sum(1 + len(line) // 60 for line in text.splitlines())
    return Comment(text, "solieu", width=420, height=min(600, 30 + 15 * lines))


def _autofit(ws, widths: dict[int, float]) -> None:
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w


def _mark_cell(cell, text: str, cell_marks) -> None:
    """The cell's comment: ``text`` and each finding on it (in Vietnamese); its colour by the worst."""
    for m in cell_marks:
        text += f"\n⚠ {rule_vi(m.rule)}: {m.message}"
    if cell_marks:
        cell.fill = FILL_ERROR if any(m.severity == "error" for m in cell_marks) else FILL_WARNING
    cell.comment = _comment(text)


def _marks_by_cell(marks) -> dict:
    out: dict = {}
    for m in marks:
        out.setdefault((m.row, m.column), []).append(m)
    return out
