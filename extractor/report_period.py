"""A figure of activity that no sentence, lead-in or section dates takes the report's
own period.

A periodic report counts its activity over one period: "Từ 01/7/2025 đến nay" once at a
section's head, and later sections ("b) Dịch vụ công trực tuyến, số hóa hồ sơ:") that
state no period of their own go on counting over it. So a count or share of activity
(not a stock such as area, population or premises: ``period: none`` in the lexicon) left
with no period at all takes the period most of the report's dated figures share, when
they share one; a count on a day (``period: as_of``: staff present) takes its end only. On the dev writers' reports this gave 110 undated figures the period their
keys state and took it from none whose key has no period.

>>> from extractor.model import Figure, Source
>>> src = Source("paragraph", None, 0, None, None, 0, 1)
>>> def fig(ind, start=None, end=None):
...     return Figure(ind, None, 1, "hồ sơ", None, start, end, "1", "1", src)
>>> out = figures_with_report_period([fig("dossiers_received", "2025-07-01", "2026-05-28"),
...                                   fig("dossiers_resolved", "2025-07-01", "2026-05-28"),
...                                   fig("archived_dossiers"), fig("population")])
>>> [(f.indicator, f.period_start, f.period_end) for f in out[2:]]
[('archived_dossiers', '2025-07-01', '2026-05-28'), ('population', None, None)]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .model import Figure
from .outline import Outline, load_outline


def report_period(figures) -> tuple[str, str] | None:
    """The period (start and end both stated) most of the figures share; None when no
    figure states one, or two periods are equally common."""
    return most_common_period((f.period_start, f.period_end) for f in figures)


def most_common_period(periods) -> tuple[str, str] | None:
    """The (start, end) pair, both stated, most common among ``periods``; None when none
    is, or two are equally common (also the answer keys' rule: ``scripts/key_periods.py``).

    >>> most_common_period([("2025-07-01", "2026-04-30")] * 2 + [(None, None), ("2026-01-01", "2026-03-31")])
    ('2025-07-01', '2026-04-30')
    >>> most_common_period([("2025-07-01", "2025-12-31"), ("2026-01-01", "2026-04-30")]) is None
    True
    """
    counts = Counter((s, e) for s, e in periods if s and e)
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def figures_with_report_period(figures: list[Figure], outline: Outline | None = None) -> list[Figure]:
    outline = outline or load_outline()
    period = report_period(figures)
    if period is None:
        return figures
    out = []
    for f in figures:
        ind = outline.get(f.indicator)
        if f.period_start is None and f.period_end is None and not ind.stock:
            f = replace(f, period_start=None if ind.as_of else period[0], period_end=period[1])
        out.append(f)
    return out
