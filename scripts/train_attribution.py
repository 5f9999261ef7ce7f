#!/usr/bin/env python3
"""Train the statistical attribution model on the dev corpus (never the held-out writers).

    python scripts/train_attribution.py            # writes extractor/models/attribution

Examples are the mentions of the dev reports (DOCX of ``synth`` and ``writers`` with
``split: dev``, and the real seed): a mention whose value is stated for exactly one
indicator in its report's key is labelled with it; a mention whose value the key does
not hold is labelled ``_none``; others (a value shared by two indicators) are left out.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.attribution import MODEL_DIR, NONE, blank_nlp, mention_text  # noqa: E402
from extractor.header import document_metadata  # noqa: E402
from extractor.outline import load_outline  # noqa: E402
from extractor.pipeline import document_to_mentions  # noqa: E402
from extractor.readers import read_document  # noqa: E402


def dev_reports(corpus: Path) -> list[tuple[Path, dict]]:
    out = []
    for key_path in sorted(corpus.rglob("*.key.json")):
        key = json.loads(key_path.read_text(encoding="utf-8"))
        if key.get("split", "dev") != "dev":
            continue
        doc = key_path.with_name(key_path.name.replace(".key.json", ".docx"))
        if doc.exists():
            out.append((doc, key))
    return out


def examples(reports, outline) -> list[tuple[str, str]]:
    rows = []
    for path, key in reports:
        by_value: dict[float, set[str]] = {}
        for f in key["figures"]:
            by_value.setdefault(round(float(f["value"]), 4), set()).add(f["indicator"])
        doc = read_document(path)
        for m in document_to_mentions(doc, outline, document_metadata(doc, outline)):
            inds = by_value.get(round(float(m.q.value), 4), set())
            if len(inds) == 1:
                rows.append((mention_text(m), next(iter(inds))))
            elif not inds:
                rows.append((mention_text(m), NONE))
    return rows


def train(rows, labels, epochs: int, seed: int):
    from spacy.training import Example

    random.seed(seed)
    nlp = blank_nlp()
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 16384}})
    for label in labels:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab == y) for lab in labels}}) for t, y in rows]
    optimizer = nlp.initialize(lambda: data)
    for epoch in range(epochs):
        random.shuffle(data)
        losses = {}
        for i in range(0, len(data), 64):
            nlp.update(data[i:i + 64], sgd=optimizer, losses=losses)
        print(f"epoch {epoch + 1}: loss {losses['textcat']:.2f}")
    return nlp


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args(argv)
    outline = load_outline()
    reports = dev_reports(a.corpus)
    rows = examples(reports, outline)
    counts = Counter(y for _, y in rows)
    print(f"{len(reports)} dev reports, {len(rows)} examples, {len(counts)} labels ({counts[NONE]} {NONE})")
    labels = sorted({i.id for i in outline.indicators} | {NONE})
    nlp = train(rows, labels, a.epochs, a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(a.out)
    size = sum(p.stat().st_size for p in a.out.rglob("*") if p.is_file())
    print(f"wrote {a.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
