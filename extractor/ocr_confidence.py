"""How sure OCR was of each figure's number: Tesseract's word confidences (0–100) kept
on the Block (``Block.ocr_words``) become the figure's ``ocr_confidence`` (0–1), and the
figure's confidence is never above it: a number Tesseract was unsure of is marked
"cần kiểm tra", and no audit error rests on it.

>>> from extractor.model import Block
>>> b = Block(0, "paragraph", "Tiếp nhận 11.473 hồ sơ, giải quyết 9.661",
...           ocr_words=(("11.473", 96.0, 1, (80.0, 100.0, 120.0, 112.0)), ("9.661", 61.5, 1, (200.0, 100.0, 230.0, 112.0))))
>>> word_confidence(b, "9.661"), word_confidence(b, "11.473"), word_confidence(b, "12")
(0.615, 0.96, None)
>>> word_box(b, "9.661")
(200.0, 100.0, 230.0, 112.0)

A scanned figure's box is the box of the word OCR read it from: the same number
twice in one block gives no box (which one is not known).
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
    same = [c for w, c, *_ in words if _digits(w) == digits]
    if not same:
        same = [c for w, c, *_ in words if _digits(w) and _digits(w) in digits]
    return round(min(same) / 100, 3) if same else None


def word_box(block, text: str) -> tuple[float, float, float, float] | None:
    """The box (``[x0, top, x1, bottom]``, points from the page's top-left) of the one
    OCR'd word of ``block`` with the digits of ``text``; None when none or several."""
    digits = _digits(text)
    boxes = {w[3] for w in getattr(block, "ocr_words", ()) or () if len(w) > 3 and w[3] and _digits(w[0]) == digits}
    return boxes.pop() if len(boxes) == 1 else None


def cell_box(block, source) -> tuple[float, float, float, float] | None:
    """The box of the scanned table cell a figure stands in (None outside a scanned table)."""
    boxes = getattr(block, "cell_boxes", ()) or ()
    if source.kind != "table" or not boxes:
        return None
    return next((b for c, b in zip(block.cells, boxes) if c.row == source.row and c.col == source.col), None)


def _boxed(src, block, text: str):
    """A place of a scanned figure with its box, when OCR's words give one."""
    if src.bbox or block is None:
        return src
    box = cell_box(block, src) or word_box(block, text)
    return replace(src, bbox=box) if box else src


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
        box = f.source.bbox or cell_box(block, f.source) or word_box(block, f.text)
        also = tuple((q, _boxed(src, blocks.get(src.block), q[src.start:src.end])) for q, src in f.also)
        out.append(replace(f, ocr_confidence=conf, confidence=p, check=f.check or p < threshold,
                           source=replace(f.source, bbox=box) if box else f.source, also=also))
    return out
