"""Page lines into paragraphs and tables into Blocks, for every reader that gives
pages of lines (a PDF's text layer, OCR):

1. running headers/footers and page numbers in the margin bands are dropped;
2. lines become paragraphs: a paragraph starts after extra vertical space, at a
   list marker or heading number after a finished sentence, at a line indented more
   than the one before it after a finished sentence, or after a line that ends so
   short that the next line's first word would have fitted on it;
3. the two-column header of the letter (``Số: ...`` | ``..., ngày ... tháng ...``)
   and the ``Nơi nhận`` / signature block are read column by column;
4. a paragraph cut by a page break is joined into one Block with both pages and a
   ``PageBreak`` where the next page's text starts.

``pages_to_blocks`` runs them all. Coordinates are PDF user space (y grows upwards).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Iterable, Sequence

from ..model import Block, Cell, PageBreak
from .layout_lines import Fragment, Line, fragments_to_lines
from .text import clean_line

MARGIN_BAND = 0.12  # top/bottom share of the page where running headers live
PARA_GAP = 1.3  # a baseline step this many times the usual one starts a paragraph
INDENT = 6.0  # points: a line starting this much right of the one before is indented
HEADER_TOP = 0.45  # the letter's header zone lies within this top share of page 1

SENTENCE_END = re.compile(r"[.:;!?…](?:[\"'”’»)\]]*)$")
LIST_MARKER = re.compile(
    r"^(?:[-–—+*•●○▪■□◦·►❖✓]\s*\S"  # bullets
    r"|\d{1,2}(?:\.\d{1,2})*\.\s"  # 1.  2.1.
    r"|\d{1,2}\)\s|\(\d{1,2}\)\s"  # 1)  (1)
    r"|[a-zđ]\)\s"  # a)  đ)
    r"|[IVXL]{1,6}\.\s)"  # II.
)
STRONG_MARKER = re.compile(r"^[•●○▪■□◦►❖✓]")
PAGE_NUMBER = re.compile(
    r"^(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:/|trên|of)\s*\d{1,4})?$",
    re.IGNORECASE,
)
HEADER_LINE = re.compile(r"^(?:Số\s*:|Số\s+\S*/|V/v\b|Độc lập\b)|\bngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
SIGNATURE_LINE = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|TL\.|TUQ\.|Q\.\s*CHỦ|CHỦ TỊCH|PHÓ CHỦ TỊCH)")


@dataclass(frozen=True)
class PdfTable:
    """A ruled table found by pdfplumber, in user space, with its cells."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, bottom, x1, top
    cells: tuple[Cell, ...]
    ocr_words: tuple[tuple, ...] = ()  # OCR: its words with a digit (``ocr_word``)
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # each cell's box (x0, bottom, x1, top), as ``cells``
    cell_boxes: tuple[tuple[float, float, float, float], ...] = ()  # OCR: the same from the page's top-left (x0, top, x1, bottom)

    @property
    def top(self) -> float:
        return self.bbox[3]


@dataclass
class Para:
    """Lines that make one paragraph (possibly across pages)."""

    lines: list[Line]
    origin: str = "body"

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class PageContent:
    """What one page holds once read: lines (not yet paragraphs) and tables."""

    number: int
    width: float
    height: float
    bottom: float
    lines: list[Line]
    tables: list[PdfTable] = field(default_factory=list)
    has_text: bool = True
    has_images: bool = False


@dataclass(frozen=True)
class Metrics:
    """Body-text geometry of the document, used to cut lines into paragraphs."""

    left: float  # left margin of body text
    rights: dict[int, float]  # page -> right edge of full lines
    pitch: float  # usual baseline step inside a paragraph
    indents_first_lines: bool = False  # paragraphs begin with an indented first line

    @property
    def width(self) -> float:
        return max(self.rights.values(), default=self.left) - self.left

    def right(self, page: int) -> float:
        return self.rights.get(page, self.left + self.width)


# ------------------------------------------- running headers and footers


def _band_lines(content: PageContent) -> list[Line]:
    """The first two and last two lines of a page that lie in the margin bands."""
    band = MARGIN_BAND * content.height
    top_edge, bottom_edge = content.bottom + content.height, content.bottom
    lines = content.lines
    candidates = lines[:2] + lines[-2:] if len(lines) > 4 else lines
    return [
        line for line in candidates
        if line.top >= top_edge - band or line.base <= bottom_edge + band
    ]


def _repeat_key(text: str) -> str:
    """A line's text with digits and spacing ignored, for spotting running headers.

    >>> _repeat_key("Báo cáo số 12 - Trang 3") == _repeat_key("Báo cáo số 12 - Trang 14")
    True
    """
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text.lower()))


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number.

    >>> [is_page_number(t) for t in ("1", "- 2 -", "Trang 3", "3/12", "Trang 4 / 20", "12317 hồ sơ")]
    [True, True, True, True, True, False]
    """
    return bool(PAGE_NUMBER.match(text))


def drop_running_lines(pages: list[PageContent]) -> list[PageContent]:
    """Remove page numbers and lines repeated in the margin bands of most pages."""
    counts: dict[str, int] = {}
    for content in pages:
        for key in {_repeat_key(line.text) for line in _band_lines(content)}:
            counts[key] = counts.get(key, 0) + 1
    with_text = sum(1 for c in pages if c.lines)
    needed = max(3, math.ceil(0.5 * with_text))
    for content in pages:
        drop = {
            id(line) for line in _band_lines(content)
            if is_page_number(line.text) or counts.get(_repeat_key(line.text), 0) >= needed
        }
        content.lines = [line for line in content.lines if id(line) not in drop]
    return pages


# ---------------------------------------------------------------- metrics


def _mode(values: Iterable[float], width: float = 2.0) -> float | None:
    """The most common value, binned ``width`` points wide (smallest bin on ties).

    >>> _mode([85.0, 85.4, 120.1, 85.2, 300.0])
    85.0
    """
    bins: dict[int, list[float]] = {}
    for v in values:
        bins.setdefault(int(v // width), []).append(v)
    if not bins:
        return None
    best = max(sorted(bins), key=lambda k: len(bins[k]))
    return min(bins[best])


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(pages: list[PageContent]) -> Metrics:
    """Left margin, right edge per page and usual baseline step of the document.

    The right edge is where full lines end (their 90th percentile), per page when
    the page has lines enough, so that landscape annex pages get their own.
    """
    lines = [line for c in pages for line in c.lines]
    left = _mode(line.x0 for line in lines) or 0.0
    right = _quantile([line.x1 for line in lines], 0.9) if lines else 0.0
    rights = {
        c.number: _quantile([line.x1 for line in c.lines], 0.9) if len(c.lines) >= 8 else right
        for c in pages
    }
    steps = [
        prev.base - line.base
        for c in pages
        for prev, line in zip(c.lines, c.lines[1:])
        if 0.5 * line.em < prev.base - line.base < 3 * line.em
    ]
    pitch = median(steps) if steps else 0.0
    # After a line that ends well short of the right edge (a paragraph's end), does
    # the next paragraph begin indented? Then a flush-left line begins no paragraph.
    starts = [
        line.x0 > left + INDENT
        for c in pages
        for prev, line in zip(c.lines, c.lines[1:])
        if prev.x1 < rights[c.number] - 0.2 * (rights[c.number] - left) and 0 < prev.base - line.base < 3 * line.em
    ]
    indents = len(starts) >= 10 and sum(starts) >= 0.8 * len(starts)
    return Metrics(left=left, rights=rights, pitch=pitch, indents_first_lines=indents)


# --------------------------------------------------- lines -> paragraphs


def ends_sentence(text: str) -> bool:
    """Whether the text ends with sentence punctuation (``.`` ``:`` ``;`` ``!`` ``?``).

    >>> ends_sentence("cụ thể như sau:"), ends_sentence("xã Kẻ"), ends_sentence('"Một cửa".')
    (True, False, True)
    """
    return bool(SENTENCE_END.search(text))


def ends_short(prev: Line, line: Line, metrics: Metrics) -> bool:
    """Whether ``line``'s first word would have fitted at the end of ``prev``.

    If it would, the writer broke the line on purpose: ``prev`` ends its paragraph.
    """
    word = line.first_word_x1 - line.x0
    return prev.x1 + 0.3 * prev.em + word < metrics.right(prev.page) - 1.0


def starts_paragraph(prev: Line, line: Line, metrics: Metrics) -> bool:
    """Whether ``line`` begins a new paragraph after ``prev`` (same page, same column).

    Yes after extra vertical space, at a bullet like ``•``, after a line that ends
    short (``ends_short``); and, after a finished sentence, at a list marker or
    heading number (``-``, ``+``, ``1.``, ``2.1.``, ``a)``, ``II.``), at a line
    indented more than the one before, or at an indented line under an indented line
    that did not reach the right edge (two one-line paragraphs). Otherwise the line continues the paragraph
    (a sentence the PDF broke across lines).
    """
    step = prev.base - line.base
    if metrics.pitch and step > PARA_GAP * metrics.pitch + 1.0:
        return True
    if step <= 0.3 * line.em:  # not below: a side-by-side line
        return True
    if STRONG_MARKER.match(line.text) or ends_short(prev, line, metrics):
        return True
    if not ends_sentence(prev.text):
        return False
    indented = line.x0 > max(prev.x0, metrics.left) + INDENT or (
        line.x0 > metrics.left + INDENT and abs(line.x0 - prev.x0) < 1.0 and prev.x1 < metrics.right(prev.page) - 1.0)
    return bool(LIST_MARKER.match(line.text)) or indented


def lines_to_paras(lines: Sequence[Line], metrics: Metrics, origin: str = "body") -> list[Para]:
    """Cut a column of lines into paragraphs with ``starts_paragraph``."""
    paras: list[Para] = []
    for line in lines:
        if paras and not starts_paragraph(paras[-1].lines[-1], line, metrics):
            paras[-1].lines.append(line)
        else:
            paras.append(Para([line], origin))
    return paras


# -------------------------------------------------------- column zones


def _is_upper(text: str) -> bool | None:
    letters = [c for c in text if c.isalpha()]
    return None if not letters else all(c.isupper() for c in letters)


def starts_zone_paragraph(prev: Line, line: Line) -> bool:
    """Inside a header or signature column: a new paragraph at extra space, at a
    change between capitals and small letters, at a list marker, at ``Số:``,
    ``V/v``, the date or a signature title, or after a finished sentence."""
    step = prev.base - line.base
    if step > 1.75 * max(prev.em, line.em) or step <= 0.3 * line.em:
        return True
    upper_prev, upper_line = _is_upper(prev.text), _is_upper(line.text)
    if upper_prev is not None and upper_line is not None and upper_prev != upper_line:
        return True
    if HEADER_LINE.search(line.text) or SIGNATURE_LINE.match(line.text):
        return True
    if LIST_MARKER.match(line.text) or STRONG_MARKER.match(line.text):
        return True
    return ends_sentence(prev.text) and line.text[:1].isupper()


def column_split(line: Line, metrics: Metrics) -> tuple[float, float] | None:
    """The widest column gap of a line, as (left edge, right edge), when the line
    has two columns: the right one starts past 30% of the text width."""
    if len(line.groups) < 2:
        return None
    pairs = zip(line.groups, line.groups[1:])
    left, right = max(pairs, key=lambda p: p[1][0] - p[0][1])
    if right[0] - metrics.left < 0.3 * (metrics.right(line.page) - metrics.left):
        return None
    return left[1], right[0]


def column_boundary(lines: Sequence[Line], metrics: Metrics) -> float | None:
    """An x inside the column gap of every two-column line (None if there is none)."""
    gaps = [g for g in (column_split(line, metrics) for line in lines) if g is not None]
    if not gaps:
        return None
    lo, hi = max(g[0] for g in gaps), min(g[1] for g in gaps)
    if lo < hi:
        return (lo + hi) / 2
    return median((a + b) / 2 for a, b in gaps)


def _by_rows(paras: list[Para]) -> list[Para]:
    """Paragraphs ordered row by row (tops within half an em are one row), then left to right."""
    rows: list[list[Para]] = []
    for para in sorted(paras, key=lambda p: -p.top):
        if rows and rows[-1][0].top - para.top <= 0.5 * para.lines[0].em:
            rows[-1].append(para)
        else:
            rows.append([para])
    return [p for row in rows for p in sorted(row, key=lambda p: p.lines[0].x0)]


def zone_to_paras(lines: Sequence[Line], boundary: float, origin: str, by_rows: bool) -> list[Para]:
    """Paragraphs of a two-column zone: row by row (the header) or column by column.

    Each column's fragments are regrouped into lines of their own, so that the
    columns' lines need not be level with each other.
    """
    sides: tuple[list[Fragment], list[Fragment]] = ([], [])
    for line in lines:
        for frag in line.frags:
            sides[(frag.x0 + frag.x1) / 2 >= boundary].append(frag)
    page = lines[0].page
    paras: list[Para] = []
    for side in sides:
        column: list[Para] = []
        for line in fragments_to_lines(side, page):
            if column and not starts_zone_paragraph(column[-1].lines[-1], line):
                column[-1].lines.append(line)
            else:
                column.append(Para([line], origin))
        paras += column
    return _by_rows(paras) if by_rows else paras


def header_zone(content: PageContent, metrics: Metrics) -> int:
    """How many first lines of the first page form the letter's two-column header."""
    limit = content.bottom + (1 - HEADER_TOP) * content.height
    last = -1
    for i, line in enumerate(content.lines):
        if line.top < limit:
            break
        if column_split(line, metrics) is not None:
            last = i
    if last < 0:
        return 0
    boundary = column_boundary(content.lines[: last + 1], metrics)
    end = last + 1
    while boundary is not None and end < len(content.lines):  # lines under the right column
        line, prev = content.lines[end], content.lines[end - 1]
        if line.x0 < boundary or prev.base - line.base > 2 * line.em:
            break
        end += 1
    return end


def signature_zone(content: PageContent, metrics: Metrics) -> int | None:
    """Index of the line where the ``Nơi nhận`` / signature columns begin, if any."""
    for i, line in enumerate(content.lines):
        if column_split(line, metrics) is not None and any(SIGNATURE_LINE.match(g[2]) for g in line.groups):
            return i
    return None


def zone_or_column(lines: Sequence[Line], metrics: Metrics, origin: str, by_rows: bool) -> list[Para]:
    """Paragraphs of a zone read by columns, or as one column when it has none."""
    boundary = column_boundary(lines, metrics)
    if boundary is None:
        return lines_to_paras(lines, metrics, origin)
    return zone_to_paras(lines, boundary, origin, by_rows)


# ----------------------------------------------------------- a page's items


def _split_at_tables(lines: Sequence[Line], tables: Sequence[PdfTable]) -> list[list[Line]]:
    """Runs of lines not separated by a table (a table ends a paragraph)."""
    chunks: list[list[Line]] = [[]]
    edges = sorted((t.top for t in tables), reverse=True)
    for line in lines:
        while edges and line.top < edges[0]:
            edges.pop(0)
            if chunks[-1]:
                chunks.append([])
        chunks[-1].append(line)
    return [c for c in chunks if c]


def page_items(content: PageContent, metrics: Metrics, first: bool) -> list:
    """Paragraphs and tables of one page in reading order (top to bottom).

    On the first page the letter's two-column header comes first (``origin
    "header"``); a ``Nơi nhận`` / signature zone is read by columns.
    """
    lines = content.lines
    head = header_zone(content, metrics) if first else 0
    sign = signature_zone(content, metrics)
    if sign is None or sign < head:
        sign = len(lines)
    items: list = list(content.tables)
    for chunk in _split_at_tables(lines[head:sign], content.tables):
        items.extend(lines_to_paras(chunk, metrics))
    items.sort(key=lambda item: -item.top)
    if sign < len(lines):
        items.extend(zone_or_column(lines[sign:], metrics, "body", by_rows=False))
    header = zone_or_column(lines[:head], metrics, "header", by_rows=True) if head else []
    return header + items


def mark_single_column_header(items: list) -> list:
    """Without a two-column header, mark ``Số: ...`` and the date lines atop page 1."""
    for item in items:
        if not isinstance(item, Para) or item.origin == "header" or len(item.text) > 200:
            break
        if HEADER_LINE.search(item.text) and len(item.text) < 120:
            item.origin = "header"
    return items


# -------------------------------------------------- joining across pages


def continues_on_next_page(prev: Para, nxt: Para, metrics: Metrics) -> bool:
    """Whether ``nxt`` (first paragraph of a page) continues ``prev`` (last of the page before).

    It does when ``nxt`` does not start with a list marker and, if ``prev`` does not
    end a sentence, ``nxt`` starts in lower case or flush left right after a
    ``prev`` whose last line is full; if ``prev`` ends a sentence, only in a document
    whose paragraphs begin indented, when ``nxt`` starts flush left after a full line.
    """
    if prev.origin != "body" or nxt.origin != "body":
        return False
    last, first = prev.lines[-1], nxt.lines[0]
    if LIST_MARKER.match(first.text) or STRONG_MARKER.match(first.text):
        return False
    if ends_sentence(last.text):  # a sentence ended at the foot of the page: a paragraph
        # goes on only where paragraphs begin indented and this line is flush left
        return (metrics.indents_first_lines and first.x0 <= metrics.left + INDENT
                and not ends_short(last, first, metrics))
    if first.text[:1].islower():
        return True
    indented = first.x0 > metrics.left + INDENT
    return not indented and not ends_short(last, first, metrics)


def merge_page_breaks(pages_items: list[list], metrics: Metrics) -> list:
    """Flatten per-page items; join a paragraph continued on the next page."""
    out: list = []
    for items in pages_items:
        items = list(items)
        if out and items and isinstance(out[-1], Para) and isinstance(items[0], Para):
            if continues_on_next_page(out[-1], items[0], metrics):
                out[-1].lines.extend(items.pop(0).lines)
        out.extend(items)
    return out


# ------------------------------------------------------------- blocks


def _joiner(prev: str) -> str:
    """How a line joins the next one: directly after a compound's hyphen (``HĐND-``
    / ``UBND``), else with one space (Vietnamese needs no de-hyphenation).

    >>> _joiner("Văn phòng HĐND-"), _joiner("kinh tế -")
    ('', ' ')
    """
    return "" if re.search(r"\w-$", prev) else " "


def para_to_block(index: int, para: Para) -> Block:
    """A paragraph Block: lines joined (``_joiner``), a PageBreak where a page begins."""
    text = ""
    pages: list[int] = []
    breaks: list[PageBreak] = []
    for line in para.lines:
        if text:
            text += _joiner(text)
        if line.page not in pages:
            if pages:
                breaks.append(PageBreak(offset=len(text), page=line.page))
            pages.append(line.page)
        text += line.text
    return Block(index=index, kind="paragraph", text=text, pages=tuple(pages),
                 page_breaks=tuple(breaks), origin=para.origin, ocr_words=ocr_numbers(para.lines))


def ocr_numbers(lines) -> tuple[tuple[str, float], ...]:
    """The OCR'd words with a digit in ``lines``, with Tesseract's confidence (none for a text layer)."""
    return tuple(ocr_word(w, line.page) for line in lines for frag in line.frags for w in frag.words
                 if w.conf is not None and any(ch.isdigit() for ch in w.text))


def ocr_word(word, page: int) -> tuple:
    """An OCR'd word as a Block keeps it: (text, Tesseract's confidence 0–100, page, box
    ``[x0, top, x1, bottom]`` in points from the page's top-left, or None)."""
    return (word.text, word.conf, page, word.box)


def table_to_block(index: int, table: PdfTable) -> Block:
    """A table Block: rows joined by ``\\n``, cells by `` | ``."""
    rows: dict[int, list[Cell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.row, []).append(cell)
    text = "\n".join(
        clean_line(" | ".join(c.text for c in sorted(rows[r], key=lambda c: c.col))) for r in sorted(rows)
    )
    return Block(index=index, kind="table", text=text, pages=(table.page,), cells=table.cells, ocr_words=table.ocr_words,
                 cell_boxes=table.cell_boxes)


def items_to_blocks(items: Sequence) -> tuple[Block, ...]:
    """Blocks numbered in reading order; empty tables are dropped."""
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, PdfTable):
            if any(c.text for c in item.cells):
                blocks.append(table_to_block(len(blocks), item))
        else:
            blocks.append(para_to_block(len(blocks), item))
    return tuple(blocks)


def pages_to_blocks(pages: list[PageContent]) -> tuple[Block, ...]:
    """Every page's lines and tables into the document's Blocks (steps 1–4)."""
    pages = drop_running_lines(pages)
    metrics = measure(pages)
    first = next((c.number for c in pages if c.lines), 1)
    per_page = [page_items(c, metrics, first=(c.number == first)) for c in pages]
    per_page[first - 1] = mark_single_column_header(per_page[first - 1])
    return items_to_blocks(merge_page_breaks(per_page, metrics))
