"""The extractor as a spaCy component, and the shipped statistical attribution model."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import extractor.spacy_component  # noqa: E402,F401  (registers the factory)
from extractor.attribution import NONE, load_model, mention_text  # noqa: E402
from extractor.model import Block, Document  # noqa: E402
from extractor.header import document_metadata  # noqa: E402
from extractor.outline import load_outline  # noqa: E402
from extractor.pipeline import document_to_mentions  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("solieu_figures")
    return nlp


CASES = [
    ("Tổng số hồ sơ tiếp nhận: 12.317 hồ sơ, trong đó trực tuyến 11.201 hồ sơ.",
     [("12.317", "dossiers_received", None), ("11.201", "dossiers_received", "trực tuyến")]),
    ("Báo cáo của UBND xã\n   Xã có 04 (bốn) điểm trạm y tế.", [("04", "health_stations", None)]),
    ("Căn cứ Kế hoạch số 154/KH-UBND ngày 28/4/2026 của UBND thành phố.", []),
]


@pytest.mark.parametrize("text,want", CASES, ids=[c[0][:30] for c in CASES])
def test_component_makes_a_span_per_figure(nlp, text, want):
    doc = nlp(text)
    got = [(s.text, s.label_, s._.figure["category"]) for s in doc.spans["figures"]]
    assert got == want
    for s in doc.spans["figures"]:
        assert s._.figure["indicator"] == s.label_ and s._.figure["text"] == s.text
    assert doc._.solieu_report is not None


def test_shipped_model_scores_every_indicator_of_the_outline():
    model = load_model()
    assert model is not None, "extractor/models/attribution is missing: run scripts/train_attribution.py"
    outline = load_outline()
    doc = Document("x", "text", (Block(0, "paragraph", "Tổng số hồ sơ tiếp nhận: 8.214 hồ sơ."),))
    m = document_to_mentions(doc, outline, document_metadata(doc, outline))[0]
    cats = model(mention_text(m)).cats
    assert set(cats) == {i.id for i in outline.indicators} | {NONE}
    assert abs(sum(cats.values()) - 1) < 1e-3
    assert max(cats, key=cats.get) == "dossiers_received"
