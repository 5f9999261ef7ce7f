"""Dates and the periods figures cover.

>>> find_periods("Từ ngày 01/7/2025 đến 31/12/2025 đã ban hành 3.260 văn bản")[0][:2]
('2025-07-01', '2025-12-31')
>>> find_periods("Đến ngày 30/5/2026, tổng số cán bộ có mặt là 47 người")[0][:2]
(None, '2026-05-30')
>>> find_periods("Kết quả đánh giá, xếp loại công chức năm 2025:")[0][:2]
('2025-01-01', '2025-12-31')
>>> find_periods("Từ ngày 1/1/2026 đến nay đã ban hành", report_date="2026-05-28")[0][:2]
('2026-01-01', '2026-05-28')
>>> find_periods("Đến nay, tổng số cán bộ có mặt là 88 người", report_date="2026-05-22")[0][:2]
(None, '2026-05-22')
>>> find_periods("01/7–31/12/2025")[0][:2]
('2025-07-01', '2025-12-31')
>>> find_periods("01/01/2026 - nay", report_date="2026-05-28")[0][:2]
('2026-01-01', '2026-05-28')
>>> find_periods("Trong 6 tháng cuối năm 2025, xã đã ban hành")[0][:2]
('2025-07-01', '2025-12-31')
>>> find_periods("05 tháng đầu năm 2026")[0][:2]
('2026-01-01', '2026-05-31')
>>> find_periods("Quý III/2025 tiếp nhận")[0][:2]
('2025-07-01', '2025-09-30')
>>> find_periods("Nghị quyết về việc sắp xếp các đơn vị năm 2025, xã Kẻ Sắt được thành lập")
()
"""
from __future__ import annotations

import calendar
from datetime import date

import regex

from .textnorm import fold

_D = r"(?:ngày\s+)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DW = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE = rf"(?:{_D}|{_DW})"
_MONTH = r"(?:tháng\s+)?(\d{1,2})\s*/\s*(\d{4})"

_NOW = r"(?P<now>nay|hiện nay|hiện tại|thời điểm hiện tại|thời điểm báo cáo|ngày báo cáo|kỳ báo cáo)"
_RANGE = regex.compile(
    rf"(?:(?:kể\s+)?từ|trong|giai đoạn)\s+(?:tháng\s+|ngày\s+)?(?P<a>{_DATE})\s*(?:đến|tới|[-–])\s*(?:ngày\s+)?(?:(?P<b>{_DATE})|{_NOW}(?:\s*\(?\s*(?P<nowdate>{_DATE})\s*\)?)?)",
)
_BARE = regex.compile(
    rf"(?P<a>{_DATE}|(?P<ad>\d{{1,2}})\s*/\s*(?P<am>\d{{1,2}}))\s*(?:đến|tới|[-–])\s*(?:ngày\s+)?(?:(?P<b>{_DATE})|{_NOW}(?:\s*\(?\s*(?P<nowdate>{_DATE})\s*\)?)?)",
)
_UNTIL = regex.compile(
    rf"(?:tính\s+)?đến\s+(?:thời\s+điểm\s+)?(?:ngày\s+)?(?P<b>{_DATE})",
)
_NOW_ALONE = regex.compile(r"(?:(?:tính\s+)?đến\s+(?:nay|hiện nay|hiện tại|thời\s+điểm\s+hiện\s+tại)|hiện nay)(?!\w)")
_YEAR = regex.compile(r"(?:trong\s+)?năm\s+(?P<y>20\d\d)(?!\s*[/\-]|\d)")
_MONTHS_WORDS = {"ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_HALF = regex.compile(r"(?P<n>\d{1,2}|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+tháng\s+(?P<which>đầu|cuối)\s+(?:năm\s+)?(?P<y>20\d\d)")
_QUARTER = regex.compile(fold("quý") + r"\s+(?P<q>i{1,3}|iv|[1-4])\s*(?:/|năm|\s)\s*(?P<y>20\d\d)")
_QUARTER_NO = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DOCREF = regex.compile(
    r"(?:nghị quyết|nghị định|quyết định|kế hoạch|thông tư|chỉ thị|công văn|công điện|thông báo|hướng dẫn|luật|kết luận|đề án|chương trình|báo cáo|tờ trình)(?![\w])",
)
_CUTOFF = regex.compile(rf"thời\s+điểm\s+báo\s+cáo\s*\(?\s*(?P<d>{_DATE})")


def parse_date(text: str) -> str | None:
    """ISO date of ``30/5/2026``, ``ngày 12 tháng 6 năm 2025``; None if not a date.

    >>> parse_date("ngày 30/5/2026"), parse_date("ngày 12 tháng 6 năm 2025"), parse_date("31/02/2026")
    ('2026-05-30', '2025-06-12', None)
    """
    m = regex.search(_D, text) or regex.search(_DW, text)
    if not m:
        return None
    d, mo, y = (int(x) for x in m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _safe_date(y: int, mo: int, d: int) -> str | None:
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _year_span(y: int) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-12-31"


def _is_document_date(ftext: str, start: int) -> bool:
    """A year or date that belongs to a document's name ("Nghị quyết ... năm 2025")."""
    clause_start = max(ftext.rfind(";", 0, start), ftext.rfind(":", 0, start), ftext.rfind(". ", 0, start), start - 150)
    if regex.search(r"(?:trong|của|cho)\s+$", ftext[max(0, start - 8) : start]):
        return False
    return bool(_DOCREF.search(ftext, max(0, clause_start + 1), start))


def find_cutoff(text: str) -> str | None:
    """The date a report gives for "thời điểm báo cáo" (the data cut-off), if any.

    >>> find_cutoff("từ tháng 01/07/2025 đến thời điểm báo cáo (30/04/2026):")
    '2026-04-30'
    """
    m = _CUTOFF.search(fold(text))
    return parse_date(m.group("d")) if m else None


def find_periods(text: str, report_date: str | None = None, cutoff: str | None = None) -> tuple[tuple[str | None, str | None, int, int], ...]:
    """Every period stated in ``text``: (start, end, span start, span end).

    ``đến nay`` is the report date; ``thời điểm báo cáo`` is the report's
    stated cut-off (``cutoff``) when it gives one, else the report date.
    """
    ftext = fold(text)
    found: list[tuple[str | None, str | None, int, int]] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in taken)

    for m in _RANGE.finditer(ftext):
        start = parse_date(m.group("a"))
        if m.group("b"):
            end = parse_date(m.group("b"))
        elif m.group("nowdate"):
            end = parse_date(m.group("nowdate"))
        else:
            now = regex.sub(r"\s+", " ", m.group("now"))
            end = (cutoff or report_date) if "báo cáo" in now else report_date
        if start is None or _is_document_date(ftext, m.start()):
            continue
        found.append((start, end, m.start(), m.end()))
        taken.append(m.span())
    for m in _BARE.finditer(ftext):
        if not free(*m.span()) or _is_document_date(ftext, m.start()):
            continue
        end = parse_date(m.group("b")) if m.group("b") else (parse_date(m.group("nowdate")) if m.group("nowdate") else None)
        if m.group("b") is None and m.group("nowdate") is None:
            now = regex.sub(r"\s+", " ", m.group("now"))
            end = (cutoff or report_date) if "báo cáo" in now else report_date
        if m.group("ad"):
            year = int((end or report_date or "0000")[:4]) or None
            start = _safe_date(year, int(m.group("am")), int(m.group("ad"))) if year else None
        else:
            start = parse_date(m.group("a"))
        if start is None:
            continue
        found.append((start, end, m.start(), m.end()))
        taken.append(m.span())
    for m in _UNTIL.finditer(ftext):
        if not free(*m.span()) or _is_document_date(ftext, m.start()):
            continue
        end = parse_date(m.group("b"))
        if end:
            found.append((None, end, m.start(), m.end()))
            taken.append(m.span())
    for m in _NOW_ALONE.finditer(ftext):  # "Đến nay, ..." / "hiện nay": up to the report date
        if free(*m.span()):
            found.append((None, report_date, m.start(), m.end()))
            taken.append(m.span())
    for m in _HALF.finditer(ftext):  # "6 tháng cuối năm 2025", "5 tháng đầu năm 2026"
        if not free(*m.span()):
            continue
        y = int(m.group("y"))
        n = int(m.group("n")) if m.group("n").isdigit() else _MONTHS_WORDS[m.group("n")]
        if not 1 <= n <= 12:
            continue
        first, last = (1, n) if m.group("which") == "đầu" else (13 - n, 12)
        found.append((f"{y}-{first:02d}-01", f"{y}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}", m.start(), m.end()))
        taken.append(m.span())
    for m in _QUARTER.finditer(ftext):  # "quý III/2025"
        if not free(*m.span()):
            continue
        y, q = int(m.group("y")), _QUARTER_NO[m.group("q")]
        last = 3 * q
        found.append((f"{y}-{last - 2:02d}-01", f"{y}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}", m.start(), m.end()))
        taken.append(m.span())
    for m in _YEAR.finditer(ftext):
        if not free(*m.span()) or _is_document_date(ftext, m.start()):
            continue
        before = ftext[max(0, m.start() - 12) : m.start()]
        if regex.search(r"(tháng\s+\d{1,2}|ngày\s+\d{1,2}|giai đoạn)\s*$", before):
            continue
        s, e = _year_span(int(m.group("y")))
        found.append((s, e, m.start(), m.end()))
        taken.append(m.span())
    return tuple(sorted(found, key=lambda p: p[2]))
