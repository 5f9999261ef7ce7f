"""The extractor as a spaCy pipeline component, for people who use spaCy.

    import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("solieu_figures")            # registered on import and as an entry point
    doc = nlp("Tổng số hồ sơ tiếp nhận: 12.317 hồ sơ.")
    [(s.text, s.label_, s._.figure["value"]) for s in doc.spans["figures"]]
    # [('12.317', 'dossiers_received', 12317)]

Each line of the text is a paragraph; every outline figure becomes a span of
``doc.spans["figures"]`` labelled with its indicator id, its record (the contract's
figure fields: category, value, period, confidence, check) in ``span._.figure``.
A figure whose text cannot be placed on the tokens (NFC changed the line) is left
out of the spans but kept in ``doc._.solieu_report``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .model import Block, Document
from .outline import load_outline
from .pipeline import document_to_report
from .records import figure_to_record
from .textnorm import nfc

if not Span.has_extension("figure"):
    Span.set_extension("figure", default=None)
if not Doc.has_extension("solieu_report"):
    Doc.set_extension("solieu_report", default=None)


class FiguresComponent:
    def __init__(self, spans_key: str = "figures"):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        blocks, starts = [], []
        offset = 0
        for line in doc.text.split("\n"):
            stripped = line.strip()
            if stripped:
                blocks.append(Block(index=len(blocks), kind="paragraph", text=nfc(stripped)))
                starts.append(offset + line.index(stripped[0]) if nfc(stripped) == stripped else None)
            offset += len(line) + 1
        outline = load_outline()
        report = document_to_report(Document(path="<spacy>", format="text", blocks=tuple(blocks)), outline)
        spans = []
        for f in report.figures:
            start = starts[f.source.block]
            at = blocks[f.source.block].text.find(f.quote) if start is not None else -1
            if at < 0:
                continue
            span = doc.char_span(start + at + f.source.start, start + at + f.source.end,
                                 label=f.indicator, alignment_mode="expand")
            if span is not None:
                meta = report.metadata
                span._.figure = figure_to_record(f, "<spacy>", meta.commune, meta.level, meta.unit_code, outline)
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.solieu_report = report
        return doc


@Language.factory("solieu_figures", default_config={"spans_key": "figures"})
def make_figures_component(nlp: Language, name: str, spans_key: str) -> FiguresComponent:
    return FiguresComponent(spans_key)
