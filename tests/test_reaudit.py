"""The audit worked out again from figure records (extractor/store/reaudit.py): with no
decision it gives exactly the findings of the reading, on reports of several writers and
formats (so a correction changes only what it should)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor.batch import Input, process_one
from extractor.outline import load_outline
from extractor.store.reaudit import decided_findings

ROOT = Path(__file__).resolve().parent.parent

FILES = {
    "real-docx-with-typos": "corpus/real/ke_sat.docx",
    "real-pdf": "corpus/real/ke_sat.pdf",
    "generated-pdf": "corpus/synth/phuong_do_son.pdf",
    "writer-numbering-column-pdf": "corpus/writers/w10/w10_xa_mao_dien.pdf",
    "writer-percent-columns-docx": "corpus/writers/w6/w6_xa_an_khanh.docx",
}


@pytest.fixture(scope="module")
def readings():
    return {k: process_one(Input(ROOT / v, Path(v).name), audit=True) for k, v in FILES.items()}


def _again(outcome, left_out):
    figures = [dict(f, decision=None) for f in outcome.figures]
    return decided_findings(figures, list(outcome.findings), frozenset(left_out), outcome.record.as_dict(), load_outline())


@pytest.mark.parametrize("name", FILES)
def test_without_decisions_the_findings_are_those_of_the_reading(readings, name):
    outcome = readings[name]
    assert outcome.findings and outcome.left_out is not None
    assert _again(outcome, outcome.left_out) == list(outcome.findings)


@pytest.mark.parametrize("name", ["writer-numbering-column-pdf", "writer-percent-columns-docx"])
def test_the_figures_the_audit_leaves_out_are_kept_with_the_reading(readings, name):
    """Numbers of a table's numbering (STT) or percent column are not checked; without
    knowing which they were, the findings would differ."""
    outcome = readings[name]
    assert outcome.left_out
    assert _again(outcome, ()) != list(outcome.findings)


def test_a_reading_without_the_audit_keeps_nothing_to_work_out_again():
    outcome = process_one(Input(ROOT / FILES["real-docx-with-typos"], "ke_sat.docx"), audit=False)
    assert outcome.left_out is None and outcome.findings == ()
