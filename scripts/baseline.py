#!/usr/bin/env python3
"""The plain per-indicator regex baseline that the extractor is measured against.

For every sentence, every label of every indicator (the same lexicon the
extractor uses), the first number within 60 characters after the label is that
indicator's total, with the sentence's period. No categories, no breakdowns, no
tables, no choice between indicators competing for a number. Used by
``scripts/evaluate.py --baseline``.
"""
from __future__ import annotations

from extractor.context import blocks_to_sentences
from extractor.header import document_metadata
from extractor.numbers import find_quantities
from extractor.outline import Outline, load_outline
from extractor.readers import read_document
from extractor.textnorm import fold

WINDOW = 60


def baseline_facts(path, outline: Outline | None = None) -> set[tuple]:
    """Facts (indicator, category, period_start, period_end, value) the baseline finds."""
    outline = outline or load_outline()
    doc = read_document(path)
    meta = document_metadata(doc, outline)
    facts = set()
    for s in blocks_to_sentences(doc, outline, meta.date, None):
        ftext = fold(s.text)
        quantities = find_quantities(s.text)
        period = s.periods[-1][:2] if s.periods else s.period
        for ind in outline.indicators:
            for label in ind.labels:
                for m in label.finditer(ftext):
                    q = next((q for q in quantities if m.end() <= q.start <= m.end() + WINDOW), None)
                    if q is not None:
                        facts.add((ind.id, None, period[0], period[1], round(float(q.value), 4)))
                        break
    return facts
