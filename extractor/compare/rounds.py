"""Reporting rounds: which reports answer the same call ("Sơ kết 01 năm", "báo cáo
6 tháng"), and which of their periods run "up to the report" ("đến nay", "tính đến
ngày báo cáo", "đến 30/4") and so share one column of the round.

Each report writes "đến nay" as its own date: compared by exact period, 14 units made
378 columns, most holding one unit's value. Grouped by round, the figures of one
indicator, category and start that run up to the report share a column; the exact
period stays in the cell's comment.

Rules (settings: ``rounds`` in ``patterns/compare.yaml``):

- A report's date is its own date, else (estimated) the end most of its periods share.
- A report belongs to the named round whose window holds its date; reports outside
  every named window form rounds by themselves: dates no more than ``gap_days`` apart
  are one round, named by its months ("các báo cáo tháng 5–6/2026").
- A period runs up to the report when it ends at most ``current_days`` before the
  report's date (and not more than a month after it), unless it is exactly a calendar
  month, quarter, half or year that ended more than ``calendar_grace_days`` before the
  report (a "quý I" stays a column of its own); a period with a start and no end
  ("từ 01/7/2025", "kể từ khi sáp nhập") runs up to the report too.
- Other periods are grouped by the month they end in (``align.month_column``).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .align import group_alignment
from .labels import ColumnKey, column_sort_key

UNKNOWN_ROUND = "không rõ ngày báo cáo"


@dataclass(frozen=True)
class NamedRound:
    name: str
    start: str  # first report date of the window (ISO)
    end: str  # last report date of the window (ISO)


@dataclass(frozen=True)
class RoundSettings:
    named: tuple[NamedRound, ...] = ()
    gap_days: int = 45
    current_days: int = 70
    calendar_grace_days: int = 10


@dataclass(frozen=True)
class Round:
    """A reporting round: its name and the dates of its reports (None when unknown)."""

    name: str
    first: str | None
    last: str | None


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def latest_ends(figures) -> dict[str, str]:
    """Each document's usual period end among ``figures`` (their ``document`` and
    ``period_end``): the end most of its figures share, which is the report's own "đến
    nay" date, not a target's end ("kế hoạch năm 2026"); ties go to the later end.

    >>> latest_ends([{"document": "a", "period_end": e} for e in ("2026-05-20", "2026-05-20", "2026-12-31")])
    {'a': '2026-05-20'}
    """
    counts: dict[str, dict[str, int]] = {}
    for f in figures:
        end = f.get("period_end")
        if end and _date(end):
            per = counts.setdefault(f["document"], {})
            per[end] = per.get(end, 0) + 1
    return {doc: max(per, key=lambda e: (per[e], e)) for doc, per in counts.items()}


def report_dates(documents: list[dict], figures=(), ends: dict[str, str] | None = None) -> dict[str, tuple[str | None, bool]]:
    """Each document's date and whether it is estimated (the end most of its periods
    share, from ``figures`` or, when given, ``ends``: document → that end).

    >>> report_dates([{"document": "a", "date": None}, {"document": "b", "date": "2026-05-20"}],
    ...              [{"document": "a", "period_end": "2026-04-30"}, {"document": "a", "period_end": "2025-12-31"},
    ...               {"document": "a", "period_end": "2026-04-30"}])
    {'a': ('2026-04-30', True), 'b': ('2026-05-20', False)}

    Only reports read (``status`` ok) have a date; a file not read belongs to no round.
    """
    latest = latest_ends(figures) if ends is None else ends
    out = {}
    for d in documents:
        if d.get("status", "ok") != "ok":
            continue
        name = d["document"]
        out[name] = (d["date"], False) if _date(d.get("date")) else (latest.get(name), name in latest)
    return out


def _month_span(first: dt.date, last: dt.date) -> str:
    """``tháng 5/2026``, ``tháng 5–6/2026``, ``tháng 12/2025–1/2026``."""
    if (first.year, first.month) == (last.year, last.month):
        return f"tháng {first.month}/{first.year}"
    if first.year == last.year:
        return f"tháng {first.month}–{last.month}/{first.year}"
    return f"tháng {first.month}/{first.year}–{last.month}/{last.year}"


def dates_to_rounds(dates: dict[str, str | None], settings: RoundSettings) -> dict[str, Round]:
    """The round of each document, from its report date.

    >>> s = RoundSettings((NamedRound("Sơ kết 01 năm", "2026-04-01", "2026-07-31"),), gap_days=45)
    >>> r = dates_to_rounds({"a": "2026-05-20", "b": "2026-06-28", "c": "2025-12-20", "d": "2026-01-10", "e": None}, s)
    >>> r["a"] == r["b"], r["a"].name, r["c"] == r["d"], r["c"].name, r["e"].name
    (True, 'Sơ kết 01 năm', True, 'các báo cáo tháng 12/2025–1/2026', 'không rõ ngày báo cáo')
    """
    out: dict[str, Round] = {}
    named: dict[str, list[str]] = {}
    loose: list[tuple[dt.date, str]] = []
    for doc, iso in dates.items():
        day = _date(iso)
        if day is None:
            continue
        hit = next((n for n in settings.named if n.start <= day.isoformat() <= n.end), None)
        if hit:
            named.setdefault(hit.name, []).append(doc)
        else:
            loose.append((day, doc))
    for name, docs in named.items():
        days = sorted(dates[d] for d in docs)
        for d in docs:
            out[d] = Round(name, days[0], days[-1])
    loose.sort()
    groups: list[list[tuple[dt.date, str]]] = []
    for day, doc in loose:
        if groups and (day - groups[-1][-1][0]).days <= settings.gap_days:
            groups[-1].append((day, doc))
        else:
            groups.append([(day, doc)])
    for g in groups:
        r = Round(f"các báo cáo {_month_span(g[0][0], g[-1][0])}", g[0][0].isoformat(), g[-1][0].isoformat())
        for _, doc in g:
            out[doc] = r
    for doc, iso in dates.items():
        out.setdefault(doc, Round(UNKNOWN_ROUND, None, None))
    return out


def is_calendar_period(start: dt.date, end: dt.date) -> bool:
    """A whole month, quarter, half year or year.

    >>> d = dt.date.fromisoformat
    >>> is_calendar_period(d("2026-01-01"), d("2026-03-31")), is_calendar_period(d("2025-07-01"), d("2026-04-30"))
    (True, False)
    >>> is_calendar_period(d("2026-04-01"), d("2026-04-30")), is_calendar_period(d("2025-01-01"), d("2025-12-31"))
    (True, True)
    """
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return False
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return months in (1, 3, 6, 12) and (start.month - 1) % months == 0


def runs_to_report(start: str | None, end: str | None, report_date: str | None, settings: RoundSettings) -> bool:
    """Whether a period runs up to the report ("đến nay", "tính đến 30/4" in a May report).

    >>> s = RoundSettings()
    >>> runs_to_report("2025-07-01", "2026-05-20", "2026-05-20", s), runs_to_report("2025-07-01", "2026-04-30", "2026-06-21", s)
    (True, True)
    >>> runs_to_report("2026-01-01", "2026-03-31", "2026-05-20", s), runs_to_report("2025-07-01", "2025-12-31", "2026-05-20", s)
    (False, False)
    >>> runs_to_report(None, None, "2026-05-20", s), runs_to_report("2026-01-01", "2026-12-31", "2026-05-20", s)
    (False, False)
    >>> runs_to_report("2025-07-01", None, "2026-05-20", s), runs_to_report("2025-07-01", None, None, s)
    (True, False)
    """
    e, r = _date(end), _date(report_date)
    if r is None:
        return False
    if e is None:
        return _date(start) is not None and _date(start) <= r
    days = (r - e).days
    if days > settings.current_days or days < -31:
        return False
    s = _date(start)
    return not (s and is_calendar_period(s, e) and days > settings.calendar_grace_days)


def round_column(key: ColumnKey, report_date: str | None, rnd: Round, settings: RoundSettings) -> ColumnKey:
    """The column of ``key`` in the comparison by round: a period running up to the
    report becomes the round's; any other period is grouped by the month it ends in.

    >>> s, r = RoundSettings(), Round("Sơ kết 01 năm", "2026-05-20", "2026-06-28")
    >>> round_column(ColumnKey("x", None, "2025-07-01", "2026-04-30"), "2026-06-21", r, s)
    ColumnKey(indicator='x', category=None, period_start='2025-07-01', period_end='2026-06-28', round='Sơ kết 01 năm')
    >>> round_column(ColumnKey("x", None, "2025-07-01", "2025-12-31"), "2026-06-21", r, s).period_end
    '2025-12'
    """
    if runs_to_report(key.period_start, key.period_end, report_date, settings):
        return ColumnKey(key.indicator, key.category, key.period_start, rnd.last or key.period_end, rnd.name)
    if key.period_end and len(key.period_end) > 7:
        return ColumnKey(key.indicator, key.category, key.period_start, key.period_end[:7])
    return key


def alignment_by_round(al, dates: dict[str, str | None], rounds: dict[str, Round], settings: RoundSettings, outline):
    """``al`` (the exact alignment) with periods running up to the report merged into
    their round's column and the others by the month they end in."""
    def column_of(cell):
        doc = cell.figure["document"]
        return round_column(cell.column, dates.get(doc), rounds.get(doc, Round(UNKNOWN_ROUND, None, None)), settings)

    return group_alignment(al, column_of, order=lambda k: column_sort_key(k, outline))
