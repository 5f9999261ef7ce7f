"""Phenomena of real commune and ward reports, each in a sentence of our own (never
copied from a report): the figure the extractor must give, or that it must give none."""
from __future__ import annotations

import pytest

from extractor.pipeline import text_to_report

CASES = [
    # thousands separated by spaces
    ("Tổng số hồ sơ tiếp nhận: 15 090 hồ sơ.", ("dossiers_received", None, 15090)),
    ("Quy mô dân số 43 000 người.", ("population", None, 43000)),
    ("Kinh phí sửa chữa nhà làm việc là 2 850 000 000 đồng.", ("repair_funding_vnd", None, 2850000000)),
    # periods: halves, months, quarters
    ("Trong 6 tháng cuối năm 2025, UBND xã đã ban hành 3.518 văn bản.", ("documents_issued", None, 3518, "2025-07-01", "2025-12-31")),
    ("05 tháng đầu năm 2026, UBND phường ban hành 1.677 văn bản.", ("documents_issued", None, 1677, "2026-01-01", "2026-05-31")),
    # stock figures carry no period even after "hiện nay"
    ("Hiện nay xã đang quản lý 31 cơ sở nhà, đất.", ("premises", None, 31, None, None)),
    # a count that continues a dated figure takes its period
    ("Từ ngày 01/7/2025 đến ngày 30/4/2026, xã tiếp nhận 6.867 hồ sơ.\nĐã giải quyết 6.789 hồ sơ.",
     ("dossiers_resolved", None, 6789, "2025-07-01", "2026-04-30")),
]

NOT_FIGURES = [
    "Năm 2025, xã xếp thứ 12/114 xã, phường về chỉ số cải cách hành chính.",
    "Đã bàn giao 12,5 ha đất cho dự án khu công nghiệp.",
]


@pytest.mark.parametrize("text,want", CASES, ids=[c[0][:45] for c in CASES])
def test_phenomenon_gives_the_figure(text, want):
    figs = text_to_report(text).figures
    got = [(f.indicator, f.category, f.value, f.period_start, f.period_end)[: len(want)] for f in figs]
    assert want in got, got


@pytest.mark.parametrize("text", NOT_FIGURES, ids=[t[:45] for t in NOT_FIGURES])
def test_numbers_that_are_not_outline_figures(text):
    assert text_to_report(text).figures == ()
