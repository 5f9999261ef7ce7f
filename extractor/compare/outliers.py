"""Values far from what comparable units report: robust statistics (median and MAD)
among peers, on figures that are comparable between units (per 1,000 people, or
shares as stated). Settings and the exact rule: ``patterns/compare.yaml``."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ..outline import Outline
from .align import Alignment, Cell, RowUnit
from .derive import alignment_to_population, per_1000
from ..audit.messages import where
from ..records import figure_evidence
from ..wording import period_text, value_decimals, vn_number
from .settings import OutlierSettings

MAD_SCALE = 1.4826  # MAD × this estimates the standard deviation of a normal sample
MEAN_AD_SCALE = 1.2533  # likewise for the mean absolute deviation (used when the MAD is 0)


@dataclass(frozen=True)
class Spread:
    median: float
    scale: float  # robust standard deviation; 0 when every peer states the same
    low: float
    high: float
    n: int


def robust_spread(values: list[float]) -> Spread:
    """Median and robust scale of ``values``.

    >>> s = robust_spread([10, 11, 12, 13, 100])
    >>> s.median, round(s.scale, 3), s.low, s.high
    (12, 1.483, 10, 100)
    >>> round(robust_spread([5, 5, 5, 5, 9]).scale, 5)   # MAD 0: mean absolute deviation instead
    1.00264
    """
    med = statistics.median(values)
    dev = [abs(v - med) for v in values]
    mad = statistics.median(dev)
    scale = MAD_SCALE * mad if mad else MEAN_AD_SCALE * statistics.fmean(dev)
    return Spread(med, scale, min(values), max(values), len(values))


def is_far(value: float, spread: Spread, s: OutlierSettings, ratio: bool = False) -> tuple[bool, float]:
    """Whether ``value`` is an outlier against ``spread``, and its robust z-score.
    With ``ratio``, value and spread are log10 of figures per 1,000 people.

    >>> from extractor.compare.settings import OutlierSettings
    >>> st = OutlierSettings(8, 3.5, 0.5, ())
    >>> is_far(100, Spread(10, 2, 8, 13, 9), st)
    (True, 45.0)
    >>> is_far(11, Spread(10, 0.1, 9.9, 10.1, 9), st)[0]   # z = 10 but only 10 % from the median
    False
    >>> is_far(math.log10(140), Spread(2.0, 0.01, 1.9, 2.1, 9), st, ratio=True)[0]   # 1.4 × the median: not enough
    False
    """
    gap = abs(value - spread.median)
    z = gap / spread.scale if spread.scale else (float("inf") if gap else 0.0)
    if ratio:
        enough = gap > math.log10(1 + s.min_relative_gap)
    else:
        enough = gap > s.min_relative_gap * abs(spread.median)
    return (z > s.robust_z and enough), z


@dataclass(frozen=True)
class Outlier:
    cell: Cell
    row: RowUnit
    basis: str  # "per_1000_people" or "value"
    measure: float  # the compared figure (per 1,000 people, or the value as stated)
    population: float | None
    spread: Spread  # of the peers' figures (the unit itself left out), on the scale of ``measure``
    peer_level: str | None  # the peers' level, None when they are units of every level
    z: float  # robust z-score (on log10 for figures per 1,000 people)


def _tested(column, s: OutlierSettings) -> str | None:
    if column.category is not None and not s.categories:
        return None
    if column.indicator in s.per_1000_people:
        return "per_1000_people"
    if column.indicator in s.as_stated:
        return "value"
    return None


def alignment_to_outliers(al: Alignment, s: OutlierSettings) -> tuple[Outlier, ...]:
    """Every cell far from its peers: units of the same level when at least
    ``min_peers`` others of that level state the figure, else all units; never fewer
    than ``min_peers`` others. Only identified units are compared."""
    pop = alignment_to_population(al)
    rows = {r.key: r for r in al.rows if r.known}
    by_column: dict = {}
    for c in al.cells:
        basis = _tested(c.column, s)
        if basis is None or c.row not in rows or isinstance(c.value, bool):
            continue
        measure = per_1000(c.value, pop.get(c.row)) if basis == "per_1000_people" else float(c.value)
        if measure is None or (basis == "per_1000_people" and measure <= 0):
            continue
        by_column.setdefault(c.column, []).append((c, measure))
    found = []
    for column, entries in by_column.items():
        ratio = _tested(column, s) == "per_1000_people"
        for c, measure in entries:
            level = rows[c.row].level
            others = [(d, m) for d, m in entries if d.row != c.row]
            same = [(d, m) for d, m in others if rows[d.row].level == level]
            peers, peer_level = (same, level) if len(same) >= s.min_peers else (others, None)
            if len(peers) < s.min_peers:
                continue
            if ratio and max(c.value, statistics.median(d.value for d, _ in peers)) < s.min_count:
                continue
            scale = (lambda v: math.log10(v)) if ratio else (lambda v: v)
            far, z = is_far(scale(measure), robust_spread([scale(m) for _, m in peers]), s, ratio)
            if far:
                found.append(Outlier(c, rows[c.row], "per_1000_people" if ratio else "value", measure,
                                     pop.get(c.row) if ratio else None, robust_spread([m for _, m in peers]), peer_level, z))
    return tuple(found)


def _sp(unit: str) -> str:
    """A unit after a number: ``30,2%`` but ``12 hồ sơ``."""
    return unit if unit.startswith("%") else f" {unit}"


def outlier_to_finding(o: Outlier, outline: Outline, population_figure: dict | None = None) -> dict:
    """The ``outlier`` finding record (the shape of findings.jsonl); the period is the
    figure's own (a cell of a grouped column keeps its exact column)."""
    k = o.cell.exact or o.cell.column
    ind = outline.get(k.indicator)
    what = ind.label + ("" if k.category is None else f" ({k.category})")
    period = period_text(k.period_start, k.period_end)
    when = "" if period == "không nêu kỳ" else f", kỳ {period}"
    unit_vi = f"{o.row.level or 'đơn vị'} {o.row.unit}"
    peers_vi = f"{o.spread.n} {o.peer_level or 'đơn vị'} khác" if o.peer_level else f"{o.spread.n} đơn vị khác (mọi cấp)"
    peers_en = f"{o.spread.n} other {_LEVEL_EN.get(o.peer_level, 'units')}" if o.peer_level else f"{o.spread.n} other units (all levels)"
    if o.basis == "per_1000_people":
        scale_vi, scale_en = f"{ind.unit}/1.000 dân", f"{ind.unit} per 1,000 people"
        stated_vi = (f"{vn_number(o.cell.value)} {ind.unit} trên {vn_number(o.population)} dân = "
                     f"{vn_number(o.measure, 1)} {scale_vi}")
        stated_en = f"{o.cell.value:,} {ind.unit} for {o.population:,} people = {o.measure:,.1f} {scale_en}"
        d = 1
    else:
        scale_vi = scale_en = ind.unit
        d = min(2, max(value_decimals(v) for v in (o.measure, o.spread.low, o.spread.high, o.spread.median)))
        stated_vi, stated_en = f"{vn_number(o.measure, d)}{_sp(ind.unit)}", f"{o.measure:,g}{_sp(ind.unit)}"
    rng_vi = (f"{peers_vi} báo cáo từ {vn_number(o.spread.low, d)} đến {vn_number(o.spread.high, d)}{_sp(scale_vi)}, "
              f"trung vị {vn_number(o.spread.median, d)}")
    rng_en = f"{peers_en} report {o.spread.low:,.4g} to {o.spread.high:,.4g}{_sp(scale_en)}, median {o.spread.median:,.4g}"
    fig = o.cell.figure
    place_vi, place_en = where(fig.get("source")), where(fig.get("source"), "en")
    message = (f"{what}{when} của {unit_vi}: {stated_vi}, khác xa các đơn vị tương đương "
               f"({rng_vi}). Đề nghị kiểm tra lại số liệu. Vị trí: {fig.get('document')}, {place_vi}.")
    message_en = (f"{ind.label}{'' if k.category is None else f' ({k.category})'} of {o.row.unit}: {stated_en}, "
                  f"far from comparable units ({rng_en}). Where: {fig.get('document')}, {place_en}.")
    values = [_stated(fig, k.indicator, k.category, o.cell.value)]
    indicators = [k.indicator]
    evidence = [figure_evidence(fig)]
    if o.basis == "per_1000_people":
        pf = population_figure or {}
        values.append(_stated(pf, "population", None, o.population))
        indicators.append("population")
        if population_figure:
            evidence.append(figure_evidence(population_figure))
    expected = o.spread.median  # a number, as in every finding; the peers' range is in the message and ``peers``
    return {
        "document": fig.get("document") or o.row.document, "rule": "outlier", "severity": "warning", "indicators": indicators,
        "values": values, "expected": expected, "message": message, "evidence": evidence, "suggestion": None,
        "commune": o.row.unit, "level": o.row.level, "unit_code": o.row.unit_code, "category": k.category,
        "period_start": k.period_start, "period_end": k.period_end, "message_en": message_en, "suggestion_for": None,
        "confidence": "medium" if o.z != float("inf") and o.z >= 2 * OUTLIER_Z_HIGH else "low",
        # extension: the comparison behind the finding
        "peers": {"basis": o.basis, "measure": round(o.measure, 6), "low": o.spread.low, "high": o.spread.high,
                  "median": o.spread.median, "count": o.spread.n, "level": o.peer_level,
                  "robust_z": None if o.z == float("inf") else round(o.z, 2)},
    }


OUTLIER_Z_HIGH = 3.5  # z beyond twice this: "medium" confidence; an outlier is never "high" (it may be true)


def _stated(fig: dict, indicator: str, category: str | None, value) -> dict:
    return {"indicator": indicator, "category": category, "value": value,
            "text": fig.get("text") or vn_number(value), "qualifier": fig.get("qualifier")}


_LEVEL_EN = {"xã": "communes", "phường": "wards", "đặc khu": "special zones"}

__all__ = ["Outlier", "Spread", "alignment_to_outliers", "outlier_to_finding", "robust_spread", "is_far"]
