"""Frozen records passed between the stages of the pipeline.

reader  -> Document (Blocks, Cells)
mentions -> Mention (a number as written, with its span)
figures -> Figure (a mention attached to an outline indicator, with its evidence)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageBreak:
    """Inside a block's text, the page starts at character ``offset``."""

    offset: int
    page: int


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str  # NFC
    row_span: int = 1
    col_span: int = 1
    page: int | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph or a table, in reading order.

    ``text`` is NFC. For a table, ``text`` is the cells' text joined row by row
    (cells by `` | ``, rows by ``\\n``) so that nothing is lost; figures from a
    table point to ``cells`` instead.
    ``pages`` lists the PDF pages the block spans (empty for DOCX);
    ``page_breaks`` says at which offset of ``text`` each page begins.
    ``origin`` is where in the file the text came from: ``body``, ``header``
    (the two-column header block of an official letter), ``textbox``,
    ``footnote``.
    """

    index: int
    kind: str  # "paragraph" | "table"
    text: str
    pages: tuple[int, ...] = ()
    page_breaks: tuple[PageBreak, ...] = ()
    cells: tuple[Cell, ...] = ()
    style: str | None = None
    origin: str = "body"
    ocr_words: tuple[tuple, ...] = ()  # OCR: the words with a digit: (text, confidence 0–100, page, box or None)
    cell_boxes: tuple[tuple[float, float, float, float], ...] = ()  # OCR: each cell's box, as ``cells``, from the page's top-left

    def page_at(self, offset: int) -> int | None:
        """The page of the character at ``offset`` (None for DOCX)."""
        page = self.pages[0] if self.pages else None
        for br in self.page_breaks:
            if br.offset <= offset:
                page = br.page
        return page

    def pages_between(self, start: int, end: int) -> tuple[int, ...]:
        first = self.page_at(start)
        pages = [first] if first is not None else []
        for br in self.page_breaks:
            if start < br.offset < end and br.page not in pages:
                pages.append(br.page)
        return tuple(pages)


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # docx | pdf | pdf-scan | doc | xlsx
    blocks: tuple[Block, ...]
    pages: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """Where a figure stands; serialised as the contract's ``source``."""

    kind: str  # paragraph | table
    page: int | None
    block: int
    row: int | None
    col: int | None
    start: int  # span of the figure's text inside ``quote``
    end: int
    pages: tuple[int, ...] = ()  # every page the quote spans
    bbox: tuple[float, float, float, float] | None = None  # PDF: [x0, top, x1, bottom] in points on ``page``

    def as_dict(self) -> dict:
        out = {
            "kind": self.kind,
            "page": self.page,
            "block": self.block,
            "row": self.row,
            "col": self.col,
            "start": self.start,
            "end": self.end,
            "pages": list(self.pages),
        }
        if self.bbox is not None:
            out["bbox"] = list(self.bbox)
        return out

    @classmethod
    def from_dict(cls, d: dict) -> "Source":
        """The source back from ``as_dict`` (a record's ``source``; the place of a figure staff
        added may name only some of it: an unknown block is -1).

        >>> s = Source("table", 2, 7, 3, 1, 0, 5, (2,), (10.0, 20.0, 30.0, 40.0))
        >>> Source.from_dict(s.as_dict()) == s
        True
        >>> Source.from_dict({"block": 4, "start": 0, "end": 3}).kind
        'paragraph'
        """
        bbox = d.get("bbox")
        kind = d.get("kind") or ("table" if d.get("row") is not None else "paragraph")
        block = d.get("block")
        return cls(kind, d.get("page"), -1 if block is None else block, d.get("row"), d.get("col"), d.get("start") or 0,
                   d.get("end") or 0, tuple(d.get("pages") or ()), tuple(bbox) if bbox is not None else None)


@dataclass(frozen=True)
class Figure:
    indicator: str
    category: str | None
    value: float | int
    unit: str
    qualifier: str | None
    period_start: str | None
    period_end: str | None
    text: str
    quote: str
    source: Source
    rule: str = ""  # which pattern attached it (for developers)
    also: tuple[tuple[str, Source], ...] = field(default=())  # (quote, source) of repeats
    signals: tuple[tuple[str, float], ...] = ()  # what the attachment rested on (confidence.py)
    confidence: float | None = None  # 0-1, calibrated (confidence.py); None before that stage
    check: bool = False  # below the threshold: "cần kiểm tra"
    ocr_confidence: float | None = None  # OCR: how sure Tesseract was of the number's words (0–1)
