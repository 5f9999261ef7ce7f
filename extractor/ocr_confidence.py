"""How sure OCR was of each figure's number: Tesseract's word confidences (0–100) kept
on the Block (``Block.ocr_words``) become the figure's ``ocr_confidence`` (0–1), and the
figure's confidence is never above it: a number Tesseract was unsure of is marked
"cần kiểm tra", and no audit error rests on it.

>>> from extractor.model import Block
>>> b = Block(0, "paragraph", "Tiếp nhận 11.473 hồ sơ, giải quyết 9.661", ocr_words=(("11.473", 96.0), ("9.661", 61.5)))
>>> word_confidence(b, "9.661"), word_confidence(b, "11.473"), word_confidence(b, "12")
(0.615, 0.96, None)
"""
from __future__ import annotations

from dataclasses import replace

from .model import Document, Figure


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def word_confidence(block, text: str) -> float | None:
    """Tesseract's confidence (0–1) in the words that make ``text`` in ``block``: the
    lowest among the words with exactly its digits, else among the words whose digits
    are part of it (a number read as two words); None when OCR did not read the block."""
    words = getattr(block, "ocr_words", ()) or ()
    digits = _digits(text)
    if not words or not digits:
        return None
    same = [c for w, c in words if _digits(w) == digits]
    if not same:
        same = [c for w, c in words if _digits(w) and _digits(w) in digits]
    return round(min(same) / 100, 3) if same else None


def figures_with_ocr_confidence(figures: list[Figure], doc: Document, threshold: float) -> list[Figure]:
    """Each figure read by OCR with its ``ocr_confidence``; its confidence capped by it,
    and ``check`` set again against ``threshold``."""
    blocks = {b.index: b for b in doc.blocks if b.ocr_words}
    if not blocks:
        return figures
    out = []
    for f in figures:
        block = blocks.get(f.source.block)
        conf = word_confidence(block, f.text) if block is not None else None
        if conf is None:
            out.append(f)
            continue
        p = min(f.confidence, conf) if f.confidence is not None else conf
        out.append(replace(f, ocr_confidence=conf, confidence=p, check=f.check or p < threshold))
    return out
