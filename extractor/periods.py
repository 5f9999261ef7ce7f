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
>>> find_periods("Từ đầu năm 2026 đến nay, ban hành", report_date="2026-05-11")[0][:2]
('2026-01-01', '2026-05-11')
>>> find_periods("05 tháng đầu năm 2026")[0][:2]
('2026-01-01', '2026-05-31')
>>> find_periods("Quý III/2025 tiếp nhận")[0][:2]
('2025-07-01', '2025-09-30')
>>> find_periods("Nghị quyết về việc sắp xếp các đơn vị năm 2025, xã Kẻ Sắt được thành lập")
()

An event of the reform starts a period:

>>> find_periods("tính từ khi vận hành chính quyền địa phương 02 cấp (ngày 01/7/2025) đến ngày 11/5/2026")[0][:2]
('2025-07-01', '2026-05-11')
>>> find_periods("Từ khi vận hành đến nay, UBND xã đã", report_date="2026-05-20")[0][:2]
('2025-07-01', '2026-05-20')

A point in time ends a period that has no start:

>>> find_periods("Tại thời điểm 07/6/2026, có 103 CBCC có mặt")[0][:2]
(None, '2026-06-07')
>>> find_periods("Đến thời điểm báo cáo, xã có 64 cán bộ", report_date="2026-05-08")[0][:2]
(None, '2026-05-08')

The words are data (``patterns/lexicon/periods.yaml``).
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import regex

from .patterns import alternation as _alt, load_word_lists, patterns_dir
from .textnorm import fold

_D = r"(?:ngày\s+)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_DW = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DATE = rf"(?:{_D}|{_DW})"
_D_RE, _DW_RE = regex.compile(_D), regex.compile(_DW)
_KEYS = ("now", "range_from", "range_to", "until", "up_to_now", "month_numbers", "first_months",
         "last_months", "quarter", "document_names", "events", "year_start")


@dataclass(frozen=True)
class PeriodWords:
    """The words of ``patterns/lexicon/periods.yaml`` compiled to patterns over folded text."""

    range_: regex.Pattern
    bare: regex.Pattern
    until: regex.Pattern
    now_alone: regex.Pattern
    half: regex.Pattern
    quarter: regex.Pattern
    docref: regex.Pattern
    cutoff: regex.Pattern
    month_numbers: tuple[tuple[str, int], ...]
    first_months: frozenset[str]
    since_event: regex.Pattern | None = None
    events: tuple[tuple[str, str], ...] = ()
    since_year_start: regex.Pattern | None = None


@lru_cache(maxsize=4)
def load_period_words(path: str | None = None) -> PeriodWords:
    p = patterns_dir() / "lexicon" / "periods.yaml" if path is None else path
    raw = load_word_lists(p, tuple(k for k in _KEYS if k not in ("events", "month_numbers")), {
        "events": lambda v: isinstance(v, str) and parse_date_iso(v),  # {event: YYYY-MM-DD}
        "month_numbers": lambda v: isinstance(v, int) and 1 <= v <= 12,  # {word: 1-12}
    })
    w: dict = {k: ([fold(x) for x in v] if isinstance(v, list) else tuple((fold(a), b) for a, b in v.items()))
               for k, v in raw.items()}
    now = rf"(?P<now>{_alt(w['now'])})"
    to = rf"(?:{_alt(w['range_to'])})"
    end = rf"\s*{to}\s*(?:ngày\s+)?(?:(?P<b>{_DATE})|{now}(?:\s*\(?\s*(?P<nowdate>{_DATE})\s*\)?)?)"
    months = _alt([k for k, _ in w["month_numbers"]])
    return PeriodWords(
        range_=regex.compile(rf"(?<!\w)(?:{_alt(w['range_from'])})\s+(?:tháng\s+|ngày\s+)?(?P<a>{_DATE}){end}"),
        bare=regex.compile(rf"(?P<a>{_DATE}|(?P<ad>\d{{1,2}})\s*/\s*(?P<am>\d{{1,2}})){end}"),
        until=regex.compile(rf"(?<!\w)(?:{_alt(w['until'])})\s+(?:ngày\s+)?(?P<b>{_DATE})"),
        now_alone=regex.compile(rf"(?<!\w)(?:{_alt(w['up_to_now'])})(?!\w)"),
        half=regex.compile(rf"(?P<n>\d{{1,2}}|{months})\s+tháng\s+(?P<which>{_alt(w['first_months'] + w['last_months'])})\s+(?:năm\s+)?(?P<y>20\d\d)"),
        quarter=regex.compile(rf"(?:{_alt(w['quarter'])})\s+(?P<q>i{{1,3}}|iv|[1-4])\s*(?:/|năm|\s)\s*(?P<y>20\d\d)"),
        docref=_docref(w),
        cutoff=regex.compile(rf"thời\s+điểm\s+báo\s+cáo\s*\(?\s*(?P<d>{_DATE})"),
        month_numbers=w["month_numbers"],
        first_months=frozenset(w["first_months"]),
        since_event=regex.compile(
            rf"(?<!\w)(?:kể\s+)?từ\s+(?:khi\s+|ngày\s+)?(?P<ev>{_alt([k for k, _ in w['events']])})(?!\w)[^.;:()]{{0,45}}?"
            rf"(?:\(\s*(?:ngày\s+)?(?P<evdate>{_DATE})\s*\))?{end}"),
        events=w["events"],
        since_year_start=regex.compile(
            rf"(?<!\w)(?:{_alt(w['range_from'])})\s+(?:{_alt(w['year_start'])})\s+(?:năm\s+)?(?P<y>20\d\d){end}"),
    )


_YEAR = regex.compile(r"(?:trong\s+)?năm\s+(?P<y>20\d\d)(?!\s*[/\-–]\s*\d|\d)")  # not "năm 2026 - 2030"; "năm 2025 - Hoàn thành tốt" is
_QUARTER_NO = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_date(text: str) -> str | None:
    """ISO date of ``30/5/2026``, ``ngày 12 tháng 6 năm 2025``; None if not a date.

    >>> parse_date("ngày 30/5/2026"), parse_date("ngày 12 tháng 6 năm 2025"), parse_date("31/02/2026")
    ('2026-05-30', '2025-06-12', None)
    """
    m = _D_RE.search(text) or _DW_RE.search(text)
    if not m:
        return None
    d, mo, y = (int(x) for x in m.groups())
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_date_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _safe_date(y: int, mo: int, d: int) -> str | None:
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def _year_span(y: int) -> tuple[str, str]:
    return f"{y}-01-01", f"{y}-12-31"


def _docref(w: dict) -> regex.Pattern:
    """A document's name ("báo cáo", "kế hoạch"...), unless it is part of a phrase for
    "now" ("kỳ báo cáo 01/7/2025 - 28/5/2026" heads a period, it names no document).

    >>> r = _docref({"document_names": ["báo cáo"], "now": ["nay", "kỳ báo cáo", "ngày báo cáo"]})
    >>> bool(r.search("theo báo cáo số 5")), bool(r.search("kỳ báo cáo 01/7/2025")), bool(r.search("ngày  báo cáo"))
    (True, False, False)
    """
    names = w["document_names"]
    prefixes = sorted({now[: -len(n)].strip() for now in w["now"] for n in names
                       if now.endswith(n) and now[: -len(n)].strip()}, key=len, reverse=True)
    spaced = [r"\s+".join(map(regex.escape, p.split())) for p in prefixes]
    behind = "".join(rf"(?<!(?<!\w){p}\s+)" for p in spaced)
    return regex.compile(rf"{behind}(?:{_alt(names)})(?![\w])")


def _is_document_date(ftext: str, start: int) -> bool:
    """A year or date that belongs to a document's name ("Nghị quyết ... năm 2025")."""
    clause_start = max(ftext.rfind(";", 0, start), ftext.rfind(":", 0, start), ftext.rfind(". ", 0, start), start - 150)
    if regex.search(r"(?:trong|của|cho)\s+$", ftext[max(0, start - 8) : start]):
        return False
    return bool(load_period_words().docref.search(ftext, max(0, clause_start + 1), start))


def find_cutoff(text: str) -> str | None:
    """The date a report gives for "thời điểm báo cáo" (the data cut-off), if any.

    >>> find_cutoff("từ tháng 01/07/2025 đến thời điểm báo cáo (30/04/2026):")
    '2026-04-30'
    """
    m = load_period_words().cutoff.search(fold(text))
    return parse_date(m.group("d")) if m else None


def find_periods(text: str, report_date: str | None = None, cutoff: str | None = None) -> tuple[tuple[str | None, str | None, int, int], ...]:
    """Every period stated in ``text``: (start, end, span start, span end).

    ``đến nay`` is the report date; ``thời điểm báo cáo`` is the report's
    stated cut-off (``cutoff``) when it gives one, else the report date. A year the
    report date falls in runs up to the report date (its figures cannot count later days).

    >>> [p[:2] for p in find_periods("Năm 2026: 910 văn bản; năm 2025: 2.100", report_date="2026-05-11")]
    [('2026-01-01', '2026-05-11'), ('2025-01-01', '2025-12-31')]
    """
    ftext = fold(text)
    w = load_period_words()
    found: list[tuple[str | None, str | None, int, int]] = []
    taken: list[tuple[int, int]] = []

    def free(s, e):
        return not any(s < te and ts < e for ts, te in taken)

    for m in w.since_event.finditer(ftext):  # "từ khi vận hành chính quyền 02 cấp (01/7/2025) đến nay"
        start = parse_date(m.group("evdate")) if m.group("evdate") else dict(w.events)[regex.sub(r"\s+", " ", m.group("ev"))]
        if m.group("b"):
            end = parse_date(m.group("b"))
        elif m.group("nowdate"):
            end = parse_date(m.group("nowdate"))
        else:
            end = (cutoff or report_date) if "báo cáo" in m.group("now") else report_date
        found.append((start, end, m.start(), m.end()))
        taken.append(m.span())
    for m in w.since_year_start.finditer(ftext):  # "Từ đầu năm 2026 đến nay"
        end = parse_date(m.group("b")) if m.group("b") else (parse_date(m.group("nowdate")) if m.group("nowdate") else None)
        if m.group("b") is None and m.group("nowdate") is None:
            end = (cutoff or report_date) if "báo cáo" in m.group("now") else report_date
        found.append((f"{m.group('y')}-01-01", end, m.start(), m.end()))
        taken.append(m.span())
    for m in w.range_.finditer(ftext):
        if not free(*m.span()):
            continue
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
    for m in w.bare.finditer(ftext):
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
    for m in w.until.finditer(ftext):
        if not free(*m.span()) or _is_document_date(ftext, m.start()):
            continue
        end = parse_date(m.group("b"))
        if end:
            found.append((None, end, m.start(), m.end()))
            taken.append(m.span())
    for m in w.now_alone.finditer(ftext):  # "Đến nay, ..." / "hiện nay": up to the report date
        if free(*m.span()):
            found.append((None, (cutoff or report_date) if "báo cáo" in m.group() else report_date, m.start(), m.end()))
            taken.append(m.span())
    for m in w.half.finditer(ftext):  # "6 tháng cuối năm 2025", "5 tháng đầu năm 2026"
        if not free(*m.span()):
            continue
        y = int(m.group("y"))
        n = int(m.group("n")) if m.group("n").isdigit() else dict(w.month_numbers)[regex.sub(r"\s+", " ", m.group("n"))]
        if not 1 <= n <= 12:
            continue
        first, last = (1, n) if m.group("which") in w.first_months else (13 - n, 12)
        found.append((f"{y}-{first:02d}-01", f"{y}-{last:02d}-{calendar.monthrange(y, last)[1]:02d}", m.start(), m.end()))
        taken.append(m.span())
    for m in w.quarter.finditer(ftext):  # "quý III/2025"
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
        if report_date and s <= report_date < e:
            e = report_date  # "năm 2026" in a report of 11/5/2026: the year so far
        found.append((s, e, m.start(), m.end()))
        taken.append(m.span())
    return _without_restatements(sorted(found, key=lambda p: p[2]), ftext)


def _without_restatements(found: list, ftext: str) -> tuple:
    """The periods less a rough one (a year, quarter or half) that another, written with
    dates, restates in parentheses, or the other way round: "từ ngày 01/7/2025 đến ngày
    31/12/2025 (quý III và quý IV/2025)" and "Năm 2026 (từ 01/01/2026 đến nay)" are each
    one period, the one with dates.

    >>> [p[:2] for p in find_periods("Từ ngày 01/7/2025 đến ngày 31/12/2025 (quý III và quý IV/2025): đã ban hành")]
    [('2025-07-01', '2025-12-31')]
    >>> [p[:2] for p in find_periods("Năm 2026 (từ 01/01/2026 đến nay): 2.232 văn bản", report_date="2026-06-16")]
    [('2026-01-01', '2026-06-16')]
    >>> [p[:2] for p in find_periods("Từ ngày 01/7/2025 đến ngày 31/12/2025; riêng quý IV/2025: 820 văn bản")][1]
    ('2025-10-01', '2025-12-31')
    """
    out: list = []
    for p in found:
        prev = out[-1] if out else None
        if prev is not None and regex.fullmatch(r"\s*\([^()]*", ftext[prev[3]:p[2]]) and _nested(prev, p):
            dated_prev, dated_p = (bool(_D_RE.search(ftext, q[2], q[3]) or _DW_RE.search(ftext, q[2], q[3])) for q in (prev, p))
            if dated_prev and not dated_p:
                continue
            if dated_p and not dated_prev:
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)


def _nested(a: tuple, b: tuple) -> bool:
    """One period lies within the other (both with a start and an end)."""
    if None in (a[0], a[1], b[0], b[1]):
        return False
    return (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])