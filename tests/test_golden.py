"""Golden tests on the real seed report (Kẻ Sặt), rendered to DOCX and PDF, against its answer key."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"
KEY = json.loads((REAL / "ke_sat.key.json").read_text(encoding="utf-8"))


def _fact(indicator, category, start, end, value):
    return (indicator, category, start, end, round(float(value), 4))


WANT = {_fact(f["indicator"], f["category"], f["period_start"], f["period_end"], f["value"]) for f in KEY["figures"]}


@pytest.fixture(scope="module", params=["ke_sat.docx", "ke_sat.pdf"])
def report(request):
    return extract(REAL / request.param)


def test_recall_and_precision_at_least_97_percent(report):
    got = {_fact(f.indicator, f.category, f.period_start, f.period_end, f.value) for f in report.figures}
    recall = len(got & WANT) / len(WANT)
    precision = len(got & WANT) / len(got)
    assert recall >= 0.97, sorted(WANT - got, key=str)
    assert precision >= 0.97, sorted(got - WANT, key=str)


def test_every_quote_span_is_the_figure_text(report):
    for f in report.figures:
        for quote, src in ((f.quote, f.source),) + f.also:
            assert quote[src.start:src.end] == f.text


def test_qualifiers_are_kept(report):
    quals = {(f.indicator, f.value): f.qualifier for f in report.figures}
    assert quals[("citizen_receptions", 15000)] == "over"
    assert quals[("premises", 64)] == "approx"
    assert quals[("repair_funding_vnd", 700000000)] == "approx"


def test_header_metadata(report):
    meta = report.metadata
    assert (meta.commune, meta.level, meta.unit_code) == ("Kẻ Sặt", "xã", "10945")
    assert meta.number is None and meta.number_text == "Số: /BC-UBND"
    assert meta.date is None and meta.date_parts == (None, 5, 2026)
    assert meta.signer == "Phạm Thị Thu Hiền"
    assert meta.title.startswith("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính")


def test_the_same_figure_stated_twice_is_one_fact_with_two_sources(report):
    received = [f for f in report.figures if f.indicator == "dossiers_received" and f.category is None]
    assert len(received) == 1 and len(received[0].also) >= 1


def test_pdf_pages_are_given():
    report = extract(REAL / "ke_sat.pdf")
    assert all(f.source.page is not None and f.source.page >= 1 for f in report.figures)
    assert report.document.pages and report.document.pages > 10
