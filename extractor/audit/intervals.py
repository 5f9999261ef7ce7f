"""A stated value as the interval its printed precision allows, and interval arithmetic.

A report prints rounded numbers: ``13,87%`` stands for anything in [13.865, 13.875].
Every audit relation is evaluated on intervals (as XBRL calculation 1.1 does), and
a finding is raised only when the intervals cannot meet, so rounding never raises
a false alarm.

Precision rules (``stated_interval``):

- a count or an amount of money written in full digits (``12317``, ``3.260``) is exact;
- a number with decimals, a scale word (``129,6 triệu``) or a percent or an area is
  ± half a unit of its last printed digit (``96%`` → [95.5, 96.5]);
- ``approx`` (khoảng, gần, xấp xỉ) widens that to ± the larger of 5% of the value and
  half the place of its last non-zero digit (``khoảng 700 triệu`` → [650, 750] triệu);
- ``over`` (trên, hơn) is [v, ∞), ``under`` (dưới) is [0, v].

>>> stated_interval(13.87, "13,87%", None, "percent")
Interval(lo=13.865, hi=13.875)
>>> stated_interval(12317, "12317", None, "count")
Interval(lo=12317, hi=12317)
>>> stated_interval(700000000, "700 triệu đồng", "approx", "money")
Interval(lo=650000000.0, hi=750000000.0)
>>> stated_interval(15000, "15000", "over", "count")
Interval(lo=15000, hi=inf)
>>> (stated_interval(30, "30", None, "count") / stated_interval(223, "223", None, "count") * 100).meets(
...     stated_interval(13.45, "13,45%", None, "percent"))
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..numbers import load_grammar
from ..patterns import alternation
from ..textnorm import fold

INF = math.inf
_EPS = 1e-9

_DIGITS_RE = regex.compile(r"\d(?:[\d.,]*\d)?")


@dataclass(frozen=True)
class Interval:
    """A closed interval of real numbers; ``hi`` may be ``inf``.

    >>> Interval(1, 2) + Interval(10, 10)
    Interval(lo=11, hi=12)
    >>> Interval(10, 12) - Interval(1, 2)
    Interval(lo=8, hi=11)
    >>> Interval(1, 2) * 100
    Interval(lo=100, hi=200)
    >>> Interval(1, 2) / Interval(4, 5)
    Interval(lo=0.2, hi=0.5)
    >>> Interval(0, INF) + Interval(3, 3)
    Interval(lo=3, hi=inf)
    >>> Interval(1, 2).meets(Interval(2.0000000001, 3)), Interval(1, 2).meets(Interval(2.1, 3))
    (True, False)
    """

    lo: float
    hi: float

    @staticmethod
    def point(v: float) -> "Interval":
        return Interval(v, v)

    def __add__(self, other: "Interval") -> "Interval":
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __mul__(self, k: float) -> "Interval":
        a, b = self.lo * k, self.hi * k
        return Interval(min(a, b), max(a, b))

    def __truediv__(self, other: "Interval") -> "Interval":
        """Division by an interval of positive numbers (a count); unbounded otherwise."""
        if other.lo <= 0:
            return Interval(-INF if self.lo < 0 else 0, INF)
        lo = self.lo / other.hi if self.lo >= 0 else self.lo / other.lo
        hi = self.hi / other.lo
        return Interval(lo, hi)

    def meets(self, other: "Interval") -> bool:
        """Whether the two intervals share a point (with a hair of float tolerance)."""
        tol = _EPS * max(1.0, abs(self.lo), abs(other.lo), *(abs(x) for x in (self.hi, other.hi) if x != INF))
        return self.lo <= other.hi + tol and other.lo <= self.hi + tol

    def above(self, other: "Interval") -> bool:
        """Every point of ``self`` is larger than every point of ``other``.

        >>> Interval(5, 6).above(Interval(1, 4.5)), Interval(5, 6).above(Interval(1, 5))
        (True, False)
        """
        return not self.meets(other) and self.lo > other.hi

    @property
    def mid(self) -> float:
        return self.lo if self.hi == INF else (self.lo + self.hi) / 2


def sum_intervals(items) -> Interval:
    """The sum of intervals.

    >>> sum_intervals([Interval(1, 1), Interval(2, 3)])
    Interval(lo=3, hi=4)
    """
    total = Interval(0, 0)
    for it in items:
        total = total + it
    return total


def scale_of(text: str) -> int:
    """The scale word of a number as written (``129,6 triệu đồng`` → 10**6), from the
    number grammar (``patterns/lexicon/numbers.yaml``: ``scales``, ``scales_before_currency``).

    >>> scale_of("129,6 triệu đồng"), scale_of("1,6 tỷ đồng"), scale_of("12317"), scale_of("2.050 trđ")
    (1000000, 1000000000, 1, 1000000)
    """
    pattern, scales = _scale_words()
    m = pattern.search(fold(text))
    return scales[regex.sub(r"\s+", " ", m.group("w") or m.group("s"))] if m else 1


@lru_cache(maxsize=1)
def _scale_words() -> tuple[regex.Pattern, dict[str, int]]:
    g = load_grammar()
    words = alternation(tuple(w for w, _ in g.scales))
    short = alternation(tuple(w for w, _ in g.scales_before_currency)) or "(?!)"
    pattern = regex.compile(rf"(?<!\w)(?:(?P<w>{words})(?!\w)|(?P<s>{short})\s*(?:{alternation(g.currency)})(?!\w))")
    return pattern, dict(g.scales + g.scales_before_currency)


def decimals_of(value: float, text: str) -> int | None:
    """How many decimals the number as written shows (None when it has no digits).

    >>> decimals_of(13.87, "13,87%"), decimals_of(3260, "3.260"), decimals_of(129600000, "129,6 triệu đồng")
    (2, 0, 1)
    >>> decimals_of(1600, "1,600"), decimals_of(2, "hai")
    (0, None)
    """
    m = _DIGITS_RE.search(text or "")
    if not m:
        return None
    digits = regex.sub(r"\D", "", m.group(0))
    mant = int(digits)
    scale = scale_of(text)
    for d in range(0, len(digits) + 1):
        if math.isclose(mant / 10**d * scale, float(value), rel_tol=1e-9, abs_tol=1e-12):
            return d
    return None


def half_unit(value: float, text: str, kind: str) -> float:
    """Half a unit of the last printed digit (0 for exact counts and money in full).

    >>> half_unit(13.87, "13,87%", "percent"), half_unit(96, "96%", "percent"), half_unit(12317, "12317", "count")
    (0.005, 0.5, 0)
    >>> half_unit(129600000, "129,6 triệu đồng", "money"), half_unit(24.67, "24,67", "area")
    (50000.0, 0.005)
    """
    d = decimals_of(value, text)
    if d is None:
        return 0
    scale = scale_of(text)
    if d == 0 and scale == 1 and kind in ("count", "money"):
        return 0
    return 0.5 * 10 ** (-d) * scale


def last_digit_place(value: float, text: str) -> float:
    """The place of the last non-zero printed digit (``700 triệu`` → 10**8).

    >>> last_digit_place(700000000, "700 triệu đồng"), last_digit_place(64, "64"), last_digit_place(13.5, "13,5%")
    (100000000, 1, 0.1)
    """
    m = _DIGITS_RE.search(text or "")
    d = decimals_of(value, text)
    if not m or d is None:
        return 0
    digits = regex.sub(r"\D", "", m.group(0)).rstrip("0") or "0"
    zeros = len(regex.sub(r"\D", "", m.group(0))) - len(digits)
    place_digits = zeros - d
    scale = scale_of(text)
    return round(10**place_digits, 12) * scale if place_digits < 0 else 10**place_digits * scale


def stated_interval(value: float, text: str, qualifier: str | None, kind: str) -> Interval:
    """The values a stated number may stand for (see the module's rules)."""
    h = half_unit(value, text, kind)
    if qualifier == "approx":
        h = max(h, 0.05 * abs(value), 0.5 * last_digit_place(value, text))
    if qualifier == "over":
        return Interval(clean_float(value - h) if h else value, INF)
    if qualifier == "under":
        return Interval(0, value + h)
    if h == 0:
        return Interval(value, value)
    return Interval(clean_float(value - h), clean_float(value + h))


def clean_float(x: float) -> float:
    """``x`` without binary noise (13.864999999999998 → 13.865)."""
    return float(f"{x:.12g}")


def round_to(value: float, decimals: int) -> float | int:
    """A value rounded as a report would print it.

    >>> round_to(90.9393, 2), round_to(12.0, 0)
    (90.94, 12)
    """
    r = round(value + 0.0, decimals)
    return int(r) if decimals == 0 else r
