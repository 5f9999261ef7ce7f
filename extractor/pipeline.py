"""One report file in, its metadata and figures out."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .confidence import figures_with_confidence, load_confidence
from .ocr_confidence import figures_with_ocr_confidence
from .report_period import figures_with_report_period
from .context import blocks_to_context
from .figures import mentions_to_figures, merge_figures
from .mentions import Mention, sentences_to_mentions
from .header import Metadata, document_metadata
from .model import Document, Figure
from .outline import Outline, load_outline
from .periods import find_cutoff
from .readers import ReadError, read_document
from .readers.pdf_reader import PdfPages
from .roles import NumberRole, numbers_with_roles
from .tables import tables_to_mentions


@dataclass(frozen=True)
class Report:
    path: str
    document: Document
    metadata: Metadata
    figures: tuple[Figure, ...]
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    numbers: tuple[NumberRole, ...] = field(default=())  # every number with its role (roles.py)


def document_cutoff(doc: Document) -> str | None:
    for b in doc.blocks:
        if "báo cáo" in b.text.lower():
            c = find_cutoff(b.text)
            if c:
                return c
    return None


def document_to_mentions(doc: Document, outline: Outline, meta: Metadata) -> list[Mention]:
    cutoff = document_cutoff(doc)
    sentences, table_periods = blocks_to_context(doc, outline, meta.date, cutoff)
    mentions = sentences_to_mentions(sentences, outline)
    mentions += tables_to_mentions(doc, outline, meta.date, cutoff, table_periods)
    mentions.sort(key=lambda m: (m.block.index, m.row or 0, m.col or 0, m.block_start))
    return mentions


def document_to_report(doc: Document, outline: Outline | None = None) -> Report:
    outline = outline or load_outline()
    meta = document_metadata(doc, outline)
    figures = merge_figures(figures_with_report_period(
        mentions_to_figures(document_to_mentions(doc, outline, meta), outline), outline))
    figures = figures_with_confidence(figures, ocr=doc.format == "pdf-scan")
    figures = figures_with_ocr_confidence(figures, doc, load_confidence().threshold)
    return Report(doc.path, doc, meta, tuple(figures), numbers=tuple(numbers_with_roles(doc, figures)))


def _with_boxes(fig: Figure, boxes: dict) -> Figure:
    """The figure with the boxes found: its own (key None) and those of its other places (by index)."""
    source = replace(fig.source, bbox=boxes[None]) if None in boxes else fig.source
    also = tuple((q, replace(s, bbox=boxes[j]) if j in boxes else s) for j, (q, s) in enumerate(fig.also))
    return replace(fig, source=source, also=also)


def text_to_report(text: str, outline: Outline | None = None) -> Report:
    """A report made of paragraphs of plain text (one per line): for examples and tests."""
    from .model import Block
    from .textnorm import nfc

    lines = [nfc(line.strip()) for line in text.split("\n") if line.strip()]
    blocks = tuple(Block(index=i, kind="paragraph", text=line) for i, line in enumerate(lines))
    return document_to_report(Document(path="<text>", format="text", blocks=blocks), outline)


def extract(path: str | Path, outline: Outline | None = None) -> Report:
    """Read one report and return its metadata and figures.

    Raises ``extractor.readers.ReadError`` (with Vietnamese and English
    reasons) when the file cannot be read.
    """
    t0 = time.perf_counter()
    with PdfPages(str(path)) as opened:  # a PDF's pages, loaded once for the reading and the boxes (opened on use)
        report = _extract_opened(path, outline, opened)
    return replace(report, seconds=time.perf_counter() - t0)


def _extract_opened(path: str | Path, outline: Outline | None, opened: PdfPages) -> Report:
    doc = read_document(path, opened)
    report = document_to_report(doc, outline)
    if doc.format == "pdf":  # every figure's box on its page, and each other place it is stated (scans: OCR's)
        from .readers.pdf_boxes import places_to_boxes

        places, owners = [], []
        for i, f in enumerate(report.figures):
            places.append((f.text, f.quote, f.source))
            owners.append((i, None))
            for j, (quote, src) in enumerate(f.also):
                places.append((quote[src.start:src.end], quote, src))
                owners.append((i, j))
        boxes = places_to_boxes(str(path), places, opened)
        found: dict[int, dict] = {}
        for k, box in boxes.items():
            i, j = owners[k]
            found.setdefault(i, {})[j] = box
        figures = tuple(_with_boxes(f, found[i]) if i in found else f for i, f in enumerate(report.figures))
        report = replace(report, figures=figures if isinstance(report.figures, tuple) else list(figures))
    return report


__all__ = ["Report", "extract", "document_to_report", "text_to_report", "ReadError"]
