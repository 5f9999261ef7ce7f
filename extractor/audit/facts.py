"""Figures as facts to check: each with the interval its printed value allows and
its period, the key under which figures are matched."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Document, Figure, Source
from ..outline import Outline
from ..tables import NUMBERING_HEADERS, WORDS, column_headers
from .findings import Evidence, Stated
from .intervals import Interval, stated_interval

Period = tuple[str | None, str | None]


@dataclass(frozen=True)
class Fact:
    """One value the report states for an indicator (or category) in a period."""

    n: int  # position among the report's facts (identity)
    indicator: str
    category: str | None
    period: Period
    value: float | int
    text: str
    qualifier: str | None
    kind: str  # count | percent | money | area
    interval: Interval
    quote: str = ""
    source: Source | None = None
    also: tuple[tuple[str, Source], ...] = ()

    @property
    def key(self) -> tuple[str, str | None, Period]:
        return (self.indicator, self.category, self.period)

    @property
    def sources(self) -> tuple[tuple[str, Source], ...]:
        """Every place the value is stated: (quote, source)."""
        first = ((self.quote, self.source),) if self.source is not None else ()
        return first + tuple(self.also)

    def stated(self) -> Stated:
        return Stated(self.indicator, self.category, self.value, self.text, self.qualifier)

    def evidence(self, quote: str | None = None, source: Source | None = None) -> Evidence | None:
        source = source or self.source
        quote = self.quote if quote is None else quote
        if source is None:
            return None
        return Evidence(source, quote, quote[source.start:source.end], self.indicator, self.category, self.value)



def trusted_in_table(fig: Figure, kind: str, document: Document | None) -> bool:
    """Whether a figure read from a table cell can be audited: not from the numbering
    column (``STT``: 1, 2, 3, I, II) and, for a count or amount, not from a column of
    percentages (``Tỷ lệ (%)``)."""
    src = fig.source
    if document is None or src.kind != "table" or src.row is None or src.col is None:
        return True
    block = next((b for b in document.blocks if b.index == src.block), None)
    if block is None or not block.cells:
        return True
    heads = column_headers(block, src.row, src.col)
    if any(h in NUMBERING_HEADERS for h in heads):
        return False
    if kind != "percent" and any(WORDS.is_percent_header(h) for h in heads):
        return False
    return True


def kind_of(fig: Figure, outline: Outline) -> str:
    return outline.get(fig.indicator).kind if fig.indicator in outline.ids else "count"


def figures_to_facts(figures, outline: Outline, left_out: frozenset[int] = frozenset()) -> tuple[Fact, ...]:
    """One fact per figure (the extractor already merged repeats of the same value),
    but for those at the positions ``left_out`` (read from a table's numbering or percent
    column: ``trusted_in_table``)."""
    out = []
    for n, f in enumerate(figures):
        if n in left_out:
            continue
        kind = kind_of(f, outline)
        out.append(Fact(n, f.indicator, f.category, (f.period_start, f.period_end), f.value, f.text, f.qualifier, kind,
                        stated_interval(f.value, f.text, f.qualifier, kind), f.quote, f.source, tuple(f.also)))
    return tuple(out)


def facts_by_key(facts) -> dict[tuple, tuple[Fact, ...]]:
    groups: dict[tuple, list[Fact]] = {}
    for f in facts:
        groups.setdefault(f.key, []).append(f)
    return {k: tuple(v) for k, v in groups.items()}


def is_narrative(source: Source) -> bool:
    return source.kind != "table"
