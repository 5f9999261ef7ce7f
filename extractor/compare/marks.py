"""Audit findings placed on the cells of the comparison they concern."""
from __future__ import annotations

from dataclasses import dataclass

from .align import Alignment


@dataclass(frozen=True)
class Mark:
    row: str
    column: object  # ColumnKey
    rule: str
    severity: str
    message: str


def findings_to_marks(al: Alignment, findings: list[dict]) -> tuple[Mark, ...]:
    """Each finding of a shown report marks the cells of its evidence (indicator,
    category and value, in the finding's period when it has one), or else every
    cell of its indicators and category in that period."""
    row_of_doc = {d: r.key for r in al.rows for d in r.shown}
    by_row: dict[str, list] = {}
    for c in al.cells:
        by_row.setdefault(c.row, []).append(c)
    marks = []
    for f in findings:
        row = row_of_doc.get(f.get("document"))
        if row is None:
            continue
        period = (f.get("period_start"), f.get("period_end"))
        dated = period != (None, None)

        def in_period(c) -> bool:
            return not dated or (c.column.period_start, c.column.period_end) == period

        hit = set()
        for ev in f.get("evidence") or []:
            ind = ev.get("indicator")
            if not ind:
                continue
            cands = [c for c in by_row.get(row, ()) if c.figure.get("document") == f.get("document") and c.column.indicator == ind and c.column.category == ev.get("category")]
            exact = [c for c in cands if in_period(c) and (ev.get("value") is None or _same(c, ev.get("value")))]
            hit.update(c.column for c in (exact or [c for c in cands if _same(c, ev.get("value"))]))
        if not hit:
            inds = set(f.get("indicators") or [])
            hit = {c.column for c in by_row.get(row, ()) if c.figure.get("document") == f.get("document") and c.column.indicator in inds
                   and c.column.category == f.get("category") and in_period(c)}
        for col in sorted(hit, key=lambda k: (k.indicator, k.category or "", k.period_start or "", k.period_end or "")):
            marks.append(Mark(row, col, f.get("rule") or "", f.get("severity") or "warning", f.get("message") or ""))
    return tuple(marks)


def _same(cell, value) -> bool:
    return value is not None and (cell.value == value or any(o.get("value") == value for o in cell.others))
