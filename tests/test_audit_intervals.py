"""Rounding never raises a false alarm: stated values as intervals, propagated."""
from __future__ import annotations

import math

import pytest

from extractor.audit.intervals import INF, Interval, stated_interval, sum_intervals

CASES = [
    # value, text, qualifier, kind, lo, hi
    (13.87, "13,87%", None, "percent", 13.865, 13.875),
    (96, "96%", None, "percent", 95.5, 96.5),
    (12317, "12317", None, "count", 12317, 12317),
    (3260, "3.260", None, "count", 3260, 3260),
    (24.67, "24,67", None, "area", 24.665, 24.675),
    (129600000, "129,6 triệu đồng", None, "money", 129550000, 129650000),
    (1600000000, "1.600 triệu đồng", None, "money", 1599500000, 1600500000),
    (700000000, "700 triệu đồng", "approx", "money", 650000000, 750000000),
    (64, "64", "approx", "count", 60.8, 67.2),
    (15000, "15000", "over", "count", 15000, INF),
    (50, "50", "under", "count", 0, 50),
    (2, "hai", None, "count", 2, 2),
]


@pytest.mark.parametrize("value,text,qualifier,kind,lo,hi", CASES, ids=[c[1] + (c[2] or "") for c in CASES])
def test_stated_interval(value, text, qualifier, kind, lo, hi):
    iv = stated_interval(value, text, qualifier, kind)
    assert math.isclose(iv.lo, lo, rel_tol=1e-12, abs_tol=1e-9)
    assert iv.hi == hi or math.isclose(iv.hi, hi, rel_tol=1e-12)


def test_ratio_within_rounding_meets():
    # 23 / 159 = 14.4654 %, printed 14,47 %
    pct = stated_interval(14.47, "14,47%", None, "percent")
    assert ((Interval.point(23) / Interval.point(159)) * 100).meets(pct)
    # 11201 / 12317 = 90.9394 %, printed 90,97 %: beyond rounding
    assert not ((Interval.point(11201) / Interval.point(12317)) * 100).meets(stated_interval(90.97, "90,97%", None, "percent"))


def test_sum_of_approximate_parts_meets():
    total = stated_interval(700000000, "700 triệu đồng", "approx", "money")
    parts = sum_intervals([Interval.point(400000000), Interval.point(330000000)])
    assert parts.meets(total)
    assert not sum_intervals([Interval.point(400000000), Interval.point(400000000)]).meets(total)


def test_unknown_part_gives_only_a_lower_bound():
    parts = Interval.point(17) + Interval(0, INF)
    assert parts.meets(Interval.point(19))
    assert not parts.meets(Interval.point(16))


def test_division_by_an_interval_that_may_be_zero_is_unbounded():
    assert (Interval.point(5) / Interval(0, 3)).hi == INF
