"""A statistical attribution model: which indicator the words around a number name.

A small spaCy text categorizer (bag of words and word pairs, CPU only) trained by
``scripts/train_attribution.py`` on the dev corpus (never on held-out writers) and
shipped in ``extractor/models/attribution``. It reads the same words the rules read
(``mention_text``) and gives a probability per indicator; ``figures.py`` adds
``model_weight`` (``patterns/lexicon/scoring.yaml``) times it to the rules' score of
the indicators the rules admit. It cannot name an indicator the rules rule out.

>>> from extractor.numbers import find_quantities
>>> mention_text_parts("tổng số hồ sơ tiếp nhận:", "hồ sơ", "", "count", "kết quả giải quyết tthc")
'tổng số hồ sơ tiếp nhận: ⟦count⟧ hồ sơ ¦ kết quả giải quyết tthc'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "models" / "attribution"
NONE = "_none"


def mention_text_parts(left: str, noun: str, right: str, kind: str, around: str) -> str:
    after = " ".join(x for x in (noun.strip(), right[:60].strip()) if x)
    return f"{left[-80:].strip()} ⟦{kind}⟧ {after} ¦ {around[-60:].strip()}"


def mention_text(m) -> str:
    """The words the model reads for a mention: its left words, its kind, its counted noun
    and right words, and the end of its lead-in/heading context."""
    kind = m.q.kind if m.q.kind in ("percent", "money") else "count"
    return mention_text_parts(m.left, m.unit or "", m.right_tight, kind, m.around)


def blank_nlp():
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@lru_cache(maxsize=1)
def load_model():
    """The shipped model, or None when it is absent (the rules then work alone)."""
    if not (MODEL_DIR / "meta.json").exists():
        return None
    import spacy

    return spacy.load(MODEL_DIR)


def probabilities(mentions) -> list[dict[str, float]]:
    """For each mention, the model's probability of each indicator (empty without a model)."""
    nlp = load_model()
    if nlp is None or not mentions:
        return [{} for _ in mentions]
    return [dict(doc.cats) for doc in nlp.pipe((mention_text(m) for m in mentions), batch_size=256)]
