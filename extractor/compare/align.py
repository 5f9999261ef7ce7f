"""Figures of many reports aligned by unit, indicator, category and period.

Rules (also printed on the workbook's notes sheet):

- A row is an official unit (its gazetteer code). A report whose unit is unknown gets
  a row of its own, keyed by its document name, and is flagged.
- Two or more reports of the same unit in one reporting round (``rounds.py``): the
  later one is kept, whole. Later means a later report date (``date``; a report
  without a date counts as earliest); on the same date a file with a text layer beats
  a scan (``pdf-scan``), then the file changed later (``modified``), then the format
  nearer the original (DOCX, then .doc, then PDF), then the larger report number (the digits before ``/`` of ``Số: 123/BC-UBND``; none counts as
  smallest), then the document name (alphabetically last, e.g. ``…_v2.docx``). The
  other reports are listed as replaced, and a choice between reports of the same date
  is stated (``RowUnit.choice``). A unit's reports of different rounds all stay.
- The exact alignment keeps every period apart (``comparison_long.csv``). The tables
  people read group them by reporting round (``group_alignment`` with
  ``rounds.round_column``): periods running up to the report share the round's column;
  a report with two such periods shows the one ending later, the other in the comment.
- One report stating two different values for the same cell: the first stated (by
  page, block, table row and column, offset) is shown and the cell is marked as a
  conflict listing the other values (the audit raises ``conflicting_values``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import load_gazetteer
from ..outline import Outline
from ..textnorm import fold, strip_marks
from .labels import ColumnKey, column_sort_key

UNKNOWN_PREFIX = "?"


@dataclass(frozen=True)
class RowUnit:
    """One row of the comparison: a unit and the report shown for it."""

    key: str  # the unit code, or ``?`` + the document name when the unit is unknown
    unit_code: str | None
    unit: str  # official name; for an unknown unit the name the report gives, or its document
    level: str | None
    document: str
    date: str | None
    number: str | None
    replaced: tuple[str, ...] = ()  # documents of the same unit not shown (older revisions)
    documents: tuple[str, ...] = ()  # every report shown in the row (one per reporting round); () means (document,)
    choice: str | None = None  # why the report shown was used rather than the others

    @property
    def shown(self) -> tuple[str, ...]:
        return self.documents or (self.document,)

    @property
    def known(self) -> bool:
        return self.unit_code is not None


@dataclass(frozen=True)
class Cell:
    """A value shown in the table, with the figure record it came from."""

    row: str
    column: ColumnKey
    value: float | int
    figure: dict
    others: tuple[dict, ...] = ()  # figures of the same report with other values for this cell
    exact: ColumnKey | None = None  # in a grouped alignment: the column of the exact period shown
    hidden: tuple["Cell", ...] = ()  # in a grouped alignment: the report's cells of other exact periods, not shown

    @property
    def conflict(self) -> bool:
        return bool(self.others)


@dataclass(frozen=True)
class Alignment:
    rows: tuple[RowUnit, ...]
    columns: tuple[ColumnKey, ...]
    cells: tuple[Cell, ...]

    def cell_map(self) -> dict[tuple[str, ColumnKey], Cell]:
        return {(c.row, c.column): c for c in self.cells}

    def row(self, key: str) -> RowUnit:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)


def number_rank(number: str | None) -> int:
    """The report number's leading digits, for ordering revisions (``-1`` when none).

    >>> number_rank("123/BC-UBND"), number_rank("Số 45 /BC"), number_rank(None), number_rank("…/BC")
    (123, 45, -1, -1)
    """
    head = (number or "").split("/")[0]
    m = re.search(r"\d+", head)
    return int(m.group()) if m else -1


FORMAT_RANK = {"docx": 4, "doc": 3, "pdf": 2, "xlsx": 1, "xls": 1, "pdf-scan": 0}  # the file the report was typed in first


def revision_order(doc: dict) -> tuple:
    """Sort key: the last report of a unit in this order is the one kept (see the module)."""
    return (doc.get("date") or "", doc.get("format") != "pdf-scan", doc.get("modified") or "",
            FORMAT_RANK.get(doc.get("format"), 1), number_rank(doc.get("number")), doc.get("document") or "")


def revision_choice(kept: dict, other: dict) -> str:
    """Why ``kept`` was used rather than ``other`` (two reports of one unit and round).

    >>> revision_choice({"document": "a.docx", "date": "2026-05-20", "format": "docx"},
    ...                 {"document": "a_scan.pdf", "date": "2026-05-20", "format": "pdf-scan"})
    'hai báo cáo cùng ngày 20/05/2026: dùng a.docx (có lớp chữ), không dùng a_scan.pdf (bản quét)'
    >>> revision_choice({"document": "b.docx", "date": "2026-05-20"}, {"document": "b.pdf", "date": None})
    'dùng b.docx (ngày 20/05/2026), không dùng b.pdf (không ghi ngày, coi là sớm hơn)'
    """
    def day(d):
        return "/".join(reversed(d.split("-"))) if d else None

    k, o = kept.get("date") or "", other.get("date") or ""
    if k != o:
        return (f"dùng {kept['document']} (ngày {day(k)}), không dùng {other['document']} "
                f"({'ngày ' + day(o) + ', sớm hơn' if o else 'không ghi ngày, coi là sớm hơn'})")
    head = f"hai báo cáo cùng ngày {day(k)}" if k else "hai báo cáo đều không ghi ngày"
    if (kept.get("format") == "pdf-scan") != (other.get("format") == "pdf-scan"):
        why, whynot = "có lớp chữ", "bản quét"
    elif (kept.get("modified") or "") != (other.get("modified") or ""):
        why, whynot = f"tệp sửa lúc {kept.get('modified')}", f"tệp sửa lúc {other.get('modified') or 'không rõ'}"
    elif FORMAT_RANK.get(kept.get("format"), 1) != FORMAT_RANK.get(other.get("format"), 1):
        why, whynot = f"bản {kept.get('format')}, gần bản gốc hơn", f"bản {other.get('format')}"
    elif number_rank(kept.get("number")) != number_rank(other.get("number")):
        why, whynot = f"số {kept.get('number')}", f"số {other.get('number') or 'không ghi'}"
    else:
        why, whynot = "tên tệp đứng sau theo thứ tự chữ cái", "tên đứng trước"
    return f"{head}: dùng {kept['document']} ({why}), không dùng {other['document']} ({whynot})"


def name_order(name: str) -> tuple:
    """Vietnamese-friendly alphabetical key: letters without marks first, then the marks.

    >>> sorted(["Đông Hải", "Dương Kinh", "An Biên"], key=name_order)
    ['An Biên', 'Dương Kinh', 'Đông Hải']
    """
    f = fold(name).lower()
    return (strip_marks(f.replace("đ", "d~")), f)


def documents_to_rows(documents: list[dict], figures: list[dict] = (), rounds: dict | None = None) -> tuple[RowUnit, ...]:
    """The reports shown, one per unit and reporting round (see the module's rules),
    known units by name then unknown ones by document. ``rounds``: document → its
    ``rounds.Round`` (None: one round)."""
    gaz = load_gazetteer()
    docs = {d["document"]: d for d in documents if d.get("status", "ok") == "ok"}
    for f in figures:  # figures whose document record is missing still have a row
        if f["document"] not in docs and f["document"] not in {d["document"] for d in documents}:
            docs[f["document"]] = {"document": f["document"], "status": "ok", "commune": f.get("commune"),
                                   "level": f.get("level"), "unit_code": f.get("unit_code"), "date": None, "number": None}
    by_unit: dict[str, list[dict]] = {}
    for d in docs.values():
        code = d.get("unit_code")
        key = str(code) if code else UNKNOWN_PREFIX + d["document"]
        by_unit.setdefault(key, []).append(d)
    rows = []
    for key, group in by_unit.items():
        by_round: dict = {}
        for d in group:
            rnd = rounds.get(d["document"]) if rounds else None
            by_round.setdefault(rnd.name if rnd else None, (rnd, []))[1].append(d)
        kept_docs, replaced, choices = [], [], []
        for rnd, members in sorted(by_round.values(), key=lambda x: (x[0].last or "") if x[0] else ""):
            members.sort(key=revision_order)
            kept_docs.append(members[-1])
            replaced += [d["document"] for d in members[:-1]]
            if len(members) > 1:
                choices.append(revision_choice(members[-1], members[-2]))
        kept = kept_docs[-1]
        code = kept.get("unit_code")
        name, level = kept.get("commune"), kept.get("level")
        if code:
            try:
                u = gaz.by_code(code)
                name, level = u.name, u.level
            except KeyError:
                pass
        shown = tuple(d["document"] for d in kept_docs)
        rows.append(RowUnit(key, str(code) if code else None, name or kept["document"], level, kept["document"],
                            kept.get("date"), kept.get("number"), tuple(replaced), shown if len(shown) > 1 else (),
                            "; ".join(choices) or None))
    rows.sort(key=lambda r: (not r.known, name_order(r.unit) if r.known else (), r.document))
    return tuple(rows)


def _source_order(fig: dict) -> tuple:
    s = fig.get("source") or {}
    return tuple(-1 if s.get(k) is None else s.get(k) for k in ("page", "block", "row", "col", "start"))


def supported_values(findings) -> dict[tuple, float]:
    """(document, indicator, category, period) -> the stated value an audit finding says
    fits the report's other figures (two values stated for one figure)."""
    out = {}
    for f in findings or ():
        if f.get("rule") in ("conflicting_values", "annex_mismatch") and f.get("suggestion") is not None:
            for ind in ([f["suggestion_for"]] if f.get("suggestion_for") else f.get("indicators") or []):
                out[(f.get("document"), ind, f.get("category"), f.get("period_start"), f.get("period_end"))] = f["suggestion"]
    return out


def figures_to_alignment(documents: list[dict], figures: list[dict], outline: Outline, findings=(),
                         rounds: dict | None = None) -> Alignment:
    """Rows (one report per unit and round), the columns any shown report states, and the cells.

    Where a report states two values for one cell, the cell shows the one the audit
    finds consistent with the report's other figures, else the one stated first. Where
    reports of two rounds state the same exact cell (a figure without a period), the
    later round's is shown.
    """
    supported = supported_values(findings)
    rows = documents_to_rows(documents, figures, rounds)
    row_of_doc = {d: r.key for r in rows for d in r.shown}
    later = {d: i for r in rows for i, d in enumerate(r.shown)}
    grouped: dict[tuple[str, ColumnKey], list[dict]] = {}
    known = set(outline.ids)
    for f in figures:
        row = row_of_doc.get(f["document"])
        if row is None or f.get("value") is None or f.get("indicator") not in known:
            continue
        col = ColumnKey(f["indicator"], f.get("category"), f.get("period_start"), f.get("period_end"))
        grouped.setdefault((row, col), []).append(f)
    cells = []
    for (row, col), figs in grouped.items():
        newest = max(figs, key=lambda g: later[g["document"]])["document"]
        figs = [g for g in figs if g["document"] == newest]
        good = supported.get((newest, col.indicator, col.category, col.period_start, col.period_end))
        figs = sorted(figs, key=lambda g: (good is None or g["value"] != good, _source_order(g)))
        first = figs[0]
        others = tuple(g for g in figs[1:] if g["value"] != first["value"])
        cells.append(Cell(row, col, first["value"], first, others))
    columns = tuple(sorted({c.column for c in cells}, key=lambda k: column_sort_key(k, outline)))
    order = {r.key: i for i, r in enumerate(rows)}
    colpos = {k: i for i, k in enumerate(columns)}
    cells.sort(key=lambda c: (order[c.row], colpos[c.column]))
    return Alignment(rows, columns, tuple(cells))


def month_column(key: ColumnKey) -> ColumnKey:
    """The column of ``key`` when periods are grouped by the month they end in: the end
    becomes its month (``YYYY-MM``); the start is kept; a period without an end is kept.

    >>> month_column(ColumnKey("x", None, None, "2026-05-22"))
    ColumnKey(indicator='x', category=None, period_start=None, period_end='2026-05', round=None)
    >>> month_column(ColumnKey("x", "a", "2025-07-01", "2026-05-29")).period_end
    '2026-05'
    >>> k = ColumnKey("x", None, "2025-07-01", None); month_column(k) == k
    True
    """
    if not key.period_end:
        return key
    return ColumnKey(key.indicator, key.category, key.period_start, key.period_end[:7])


def group_alignment(al: Alignment, column_of=None, order=None) -> Alignment:
    """``al`` with its columns merged: ``column_of(cell)`` gives the column a cell falls
    in (default: ``month_column`` of its own); ``order`` sorts the merged columns
    (default: as their first member in ``al``).

    Where a row has cells of several exact columns in one merged column, the cell with
    the later period end (then the later column) is shown and the others are kept in its
    ``hidden``; every merged cell keeps its exact column in ``exact``.
    """
    column_of = column_of or (lambda c: month_column(c.column))
    pos = {k: i for i, k in enumerate(al.columns)}
    first: dict[ColumnKey, int] = {}
    groups: dict[tuple[str, ColumnKey], list[Cell]] = {}
    for c in al.cells:
        col = column_of(c)
        first[col] = min(first.get(col, len(pos)), pos.get(c.column, len(pos)))
        groups.setdefault((c.row, col), []).append(c)
    cells = []
    for (row, col), members in groups.items():
        members.sort(key=lambda c: (c.column.period_end or "", pos.get(c.column, -1)), reverse=True)
        shown = members[0]
        cells.append(Cell(row, col, shown.value, shown.figure, shown.others, shown.column, tuple(members[1:])))
    columns = tuple(sorted({c.column for c in cells}, key=order or (lambda k: first[k])))
    rowpos = {r.key: i for i, r in enumerate(al.rows)}
    colpos = {k: i for i, k in enumerate(columns)}
    cells.sort(key=lambda c: (rowpos[c.row], colpos[c.column]))
    return Alignment(al.rows, columns, tuple(cells))
