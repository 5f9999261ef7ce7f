"""Confidence on every figure, its data file, and the audit's rule that an error never
rests on a doubtful figure."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from extractor.audit import report_to_findings
from extractor.confidence import ConfidenceModel, figures_with_confidence, load_confidence
from extractor.outline import load_outline
from extractor.patterns import PatternError
from extractor.pipeline import extract, text_to_report

ROOT = Path(__file__).resolve().parent.parent


def test_every_figure_has_a_confidence_and_a_check_flag():
    report = extract(ROOT / "corpus" / "real" / "ke_sat.docx")
    model = load_confidence()
    assert report.figures and all(0 <= f.confidence <= 1 for f in report.figures)
    assert all(f.check == (f.confidence < model.threshold) for f in report.figures)


def test_a_labelled_figure_is_surer_than_a_bare_one():
    sure = text_to_report("Tổng số hồ sơ tiếp nhận là 12.317 hồ sơ.").figures[0]
    bare = text_to_report("- Tiếp nhận: 12.317").figures  # no counted noun: which "tiếp nhận" is it?
    assert bare, "the bare number should still be taken, with a low confidence"
    assert bare[0].confidence < sure.confidence


def test_confidence_file_errors_are_all_reported_with_their_keys(tmp_path):
    bad = tmp_path / "confidence.yaml"
    bad.write_text("threshold: 2\nbias: x\nweights: {label_near: 1, no_such_signal: 2}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(PatternError) as exc:
        load_confidence(str(bad))
    text = str(exc.value)
    for key in ("threshold", "bias", "weights.no_such_signal", "extra"):
        assert key in text


def test_an_audit_error_on_a_doubtful_figure_becomes_a_warning_that_names_it():
    text = "Tổng số trường học là 16 trường, gồm: mầm non 4 trường, tiểu học 4 trường, trung học cơ sở 4 trường."
    report = text_to_report(text)
    outline = load_outline()
    always = ConfidenceModel(bias=10.0, weights=(("label_near", 0.0),), threshold=0.5)
    report = replace(report, figures=tuple(figures_with_confidence(report.figures, model=always)))
    sure = [f for f in report_to_findings(report, outline) if f.rule.value == "sum_mismatch"]
    assert sure and sure[0].severity == "error"
    never = ConfidenceModel(bias=-10.0, weights=(("label_near", 0.0),), threshold=0.5)
    doubtful = replace(report, figures=tuple(figures_with_confidence(report.figures, model=never)))
    found = [f for f in report_to_findings(doubtful, outline) if f.rule.value == "sum_mismatch"]
    assert found and found[0].severity == "warning" and "cần kiểm tra" in found[0].message
