"""Figures derived from the aligned table: each unit's reported population, values per
1,000 people, city totals and ranks of the key indicators. Every derived figure is
computed here and labelled as derived where it is shown."""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..outline import Outline
from .align import Alignment
from .labels import ColumnKey
from .settings import CompareSettings


def alignment_to_population(al: Alignment) -> dict[str, float]:
    """Each row's own reported population (indicator ``population``, total): the figure
    without a period if stated, else the one of the latest period; only positive values."""
    best: dict[str, tuple] = {}
    for c in al.cells:
        k = c.column
        if k.indicator != "population" or k.category is not None or not c.value or c.value <= 0:
            continue
        rank = (k.period_end is None and k.period_start is None, k.period_end or "", k.period_start or "")
        if c.row not in best or rank > best[c.row][0]:
            best[c.row] = (rank, c.value)
    return {row: v for row, (_, v) in best.items()}


def per_1000(value: float | None, population: float | None) -> float | None:
    """``value`` per 1,000 people.

    >>> round(per_1000(12317, 39554), 2)
    311.4
    >>> per_1000(5, None) is None
    True
    """
    if value is None or not population:
        return None
    return value / population * 1000


def rank_desc(values: dict[str, float]) -> dict[str, int]:
    """Competition ranks, largest first (equal values share a rank).

    >>> rank_desc({"a": 5, "b": 9, "c": 5, "d": 1})
    {'b': 1, 'a': 2, 'c': 2, 'd': 4}
    """
    ordered = sorted(values.items(), key=lambda kv: -kv[1])
    ranks = {}
    for i, (k, v) in enumerate(ordered):
        ranks[k] = ranks[ordered[i - 1][0]] if i and ordered[i - 1][1] == v else i + 1
    return ranks


def key_column(al: Alignment, indicator: str) -> ColumnKey | None:
    """The column charted for a key indicator: its total in the period most units state
    (ties: the latest period)."""
    counts: dict[ColumnKey, int] = {}
    for c in al.cells:
        if c.column.indicator == indicator and c.column.category is None:
            counts[c.column] = counts.get(c.column, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda k: (counts[k], k.period_end or "", k.period_start or ""))


@dataclass(frozen=True)
class UnitFigure:
    row: str
    value: float | int
    per_1000: float | None  # derived: value ÷ the unit's reported population × 1,000
    rank: int  # 1 = largest; by per_1000 when the indicator is taken per 1,000 people, else by value


@dataclass(frozen=True)
class KeyFigure:
    """A key indicator across units: one column of the table summed up."""

    column: ColumnKey
    per_capita: bool
    units: int
    total: float | None  # city total (sum of the units' values); None for percentages
    median: float
    low: float
    high: float
    figures: tuple[UnitFigure, ...]


def alignment_to_key_figures(al: Alignment, settings: CompareSettings, outline: Outline) -> tuple[KeyFigure, ...]:
    pop = alignment_to_population(al)
    out = []
    cmap = al.cell_map()
    for iid in settings.key_indicators:
        col = key_column(al, iid)
        if col is None:
            continue
        per_capita = iid in settings.per_1000_people
        vals = {r.key: cmap[(r.key, col)].value for r in al.rows if (r.key, col) in cmap}
        pc = {k: per_1000(v, pop.get(k)) for k, v in vals.items()} if per_capita else {}
        basis = {k: v for k, v in pc.items() if v is not None} if per_capita else vals
        ranks = rank_desc(basis)
        figs = tuple(UnitFigure(k, v, pc.get(k), ranks.get(k, 0)) for k, v in vals.items())
        numbers = list(vals.values())
        kind = outline.get(iid).kind
        out.append(KeyFigure(col, per_capita, len(vals), None if kind == "percent" else sum(numbers),
                             statistics.median(numbers), min(numbers), max(numbers), figs))
    return tuple(out)
