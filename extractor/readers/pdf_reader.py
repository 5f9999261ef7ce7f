"""PDF reader: pypdfium2 for the text, pdfplumber only for ruled tables.

``pdf_to_blocks(path)`` turns a PDF with a text layer into paragraph and table
Blocks in reading order:

1. per page, pdfium gives each character and its (loose) box; characters become
   *fragments* (runs on one line without a column-sized gap), fragments become
   visual *lines* (grouped by vertical overlap, top to bottom, left to right);
2. pages whose path objects look like a ruled grid are handed to pdfplumber's
   ``find_tables``; each table becomes a table Block whose cells hold the pdfium
   characters inside them, and those characters leave the paragraph flow;
3. running headers/footers and page numbers in the margin bands are dropped;
4. lines become paragraphs: a paragraph starts after extra vertical space, at a
   list marker or heading number after a finished sentence, at a line indented more
   than the one before it after a finished sentence, or after a line that ends so
   short that the next line's first word would have fitted on it;
5. the two-column header of the letter (``Số: ...`` | ``..., ngày ... tháng ...``)
   and the ``Nơi nhận`` / signature block are read column by column;
6. a paragraph cut by a page break is joined into one Block with both pages and a
   ``PageBreak`` where the next page's text starts.

Coordinates are PDF user space (y grows upwards). Pages are 1-based.
"""
from __future__ import annotations

import ctypes
import math
import os
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Iterable, Iterator, NamedTuple, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import Block, Cell, Document, PageBreak
from .errors import MAX_PDF_PAGES, CorruptFile, EmptyDocument, EncryptedFile, NoTextLayer, ReadError, TooLarge
from .text import clean_line

# ---------------------------------------------------------------- thresholds
# Distances are in multiples of a line's box height ``h`` (about 1.15 em).
COLUMN_GAP = 2.5  # a horizontal gap wider than this splits a line into columns
WORD_GAP = 0.2  # a gap wider than this between glyphs is a space
GLUE_GAP = 0.1  # fragments closer than this are glued without a space
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


# ----------------------------------------------------------------- records


class Word(NamedTuple):
    """A run of non-space characters as pdfium gives them, with its box.

    The box is the union of the loose boxes of the first and last characters
    (enough for positions, and two calls instead of one per character); ``base``
    is the baseline estimate (a descender or a dot below lowers only one end).
    """

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    base: float

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2


class _Frag:
    """Words on one line, in pdfium order, without a column-sized gap between them."""

    __slots__ = ("words", "x0", "x1", "bottom", "top", "em")

    def __init__(self, word: Word):
        self.words = [word]
        self.x0, self.x1, self.bottom, self.top = word.x0, word.x1, word.bottom, word.top
        self.em = word.top - word.bottom  # the tallest word's height: a size unit for gaps

    def add(self, word: Word) -> None:
        self.words.append(word)
        if word.x1 > self.x1:
            self.x1 = word.x1
        if word.bottom < self.bottom:
            self.bottom = word.bottom
        if word.top > self.top:
            self.top = word.top
        if word.top - word.bottom > self.em:
            self.em = word.top - word.bottom

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2

    @property
    def base(self) -> float:
        return median(w.base for w in self.words)


@dataclass(frozen=True)
class Line:
    """A visual line of one page: its fragments left to right."""

    page: int
    text: str
    x0: float
    x1: float
    base: float  # baseline of the widest fragment
    top: float
    em: float
    first_word_x1: float
    groups: tuple[tuple[float, float, str], ...]  # (x0, x1, text) split at column gaps
    frags: tuple[_Frag, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class PdfTable:
    """A ruled table found by pdfplumber, in user space, with its cells."""

    page: int
    bbox: tuple[float, float, float, float]  # x0, bottom, x1, top
    cells: tuple[Cell, ...]

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


# ------------------------------------------------------------ opening a PDF


def open_pdf(path: str) -> pdfium.PdfDocument:
    """Open with pdfium; EncryptedFile for a password, CorruptFile when unreadable."""
    try:
        if os.path.getsize(path) == 0:
            raise EmptyDocument("tệp PDF rỗng (0 byte)", "the PDF file is empty (0 bytes)")
    except OSError as exc:
        raise CorruptFile("không mở được tệp", f"cannot open the file: {exc}") from exc
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFile("tệp PDF được đặt mật khẩu", "the PDF is password-protected") from exc
        raise CorruptFile("tệp PDF bị hỏng, không đọc được", f"the PDF is damaged: {exc}") from exc


# --------------------------------------------------------- page geometry


def page_objects(page: pdfium.PdfPage) -> Iterator:
    """Raw handles of the page's objects, looking inside form XObjects."""

    def walk(count, get, handle):
        for i in range(count(handle)):
            obj = get(handle, i)
            yield obj
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj)

    yield from walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw)


def _bounds(obj) -> tuple[float, float, float, float]:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t)
    return l.value, b.value, r.value, t.value


class Rules(NamedTuple):
    """The page's path objects seen as table rules, and whether it holds an image."""

    horizontal: int
    vertical: int
    boxes: int
    images: bool
    rects: tuple[tuple[float, float, float, float], ...]  # bounds (l, b, r, t) of rules and boxes


def page_rules(page: pdfium.PdfPage) -> Rules:
    """Horizontal rules, vertical rules and boxes among the page's path objects; any image."""
    horizontal = vertical = boxes = 0
    images = False
    rects = []
    for obj in page_objects(page):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images = True
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            l, b, r, t = _bounds(obj)
            w, h = r - l, t - b
            if h <= 3 and w >= 10:
                horizontal += 1
            elif w <= 3 and h >= 8:
                vertical += 1
            elif w >= 10 and h >= 8:
                boxes += 1
            else:
                continue
            rects.append((l, b, r, t))
    return Rules(horizontal, vertical, boxes, images, tuple(rects))


def rules_to_edges(rects: Sequence[tuple[float, float, float, float]], height: float, bottom: float) -> list[dict]:
    """Path bounds as pdfplumber ``rect`` objects (top-based), for its ``explicit`` table strategy.

    pdfplumber then finds the grid from these edges alone, without parsing the
    page's content stream again (that parse is most of its cost).
    """
    out = []
    for l, b, r, t in rects:
        top, btm = bottom + height - t, bottom + height - b
        out.append({"object_type": "rect", "x0": l, "x1": r, "top": top, "bottom": btm,
                    "doctop": top, "y0": b - bottom, "y1": t - bottom, "width": r - l, "height": btm - top})
    return out


def looks_ruled(horizontal: int, vertical: int, boxes: int) -> bool:
    """Whether path counts suggest a ruled table (more than a header's underline).

    >>> looks_ruled(2, 0, 0), looks_ruled(5, 4, 0), looks_ruled(0, 0, 6)
    (False, True, True)
    """
    return (horizontal >= 2 and vertical >= 2) or boxes >= 4 or (boxes >= 2 and horizontal + vertical >= 2)


def page_text(textpage: pdfium.PdfTextPage) -> str:
    """The page's characters, one string item per pdfium char index."""
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # characters outside the BMP: fall back to one call each
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFD) for i in range(count))
    return text


# pdfium replaces a hyphen that ends a line with one of these marks and then runs
# the word on into the next line without a line break.
HYPHEN_MARKS = "\x02\ufffe"
_TOKEN = re.compile(r"[^\s\x02\ufffe]+[\x02\ufffe]?|[\x02\ufffe]|\n")


def page_words(textpage: pdfium.PdfTextPage, text: str) -> list[Word | None]:
    """pdfium's words in its order; None where pdfium breaks the line."""
    rect = pdfium_c.FS_RECTF()
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    handle = textpage.raw
    words: list[Word | None] = []
    append = words.append
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token == "\n":
            if words and words[-1] is not None:
                append(None)
            continue
        start, last = match.start(), match.end() - 1
        ok = get_box(handle, start, rect) and rect.top > rect.bottom
        if ok:
            x0, bottom, x1, top = rect.left, rect.bottom, rect.right, rect.top
            base = bottom
        if last > start and get_box(handle, last, rect) and rect.top > rect.bottom:
            if ok:
                x1 = max(x1, rect.right)
                bottom, top, base = min(bottom, rect.bottom), max(top, rect.top), max(base, rect.bottom)
            else:
                x0, bottom, x1, top = rect.left, rect.bottom, rect.right, rect.top
                base, ok = bottom, True
        if not ok:  # no geometry (invisible or broken glyphs): keep the text anyway
            x0, bottom, x1, top = _last_box(words)
            base = bottom
        if token[-1] in HYPHEN_MARKS:  # "HĐND-" ends this line; "UBND" starts the next
            append(Word(token[:-1] + "-", x0, x1, bottom, top, base))
            append(None)
        else:
            append(Word(token, x0, x1, bottom, top, base))
    return words


def _last_box(words: Sequence[Word | None]) -> tuple[float, float, float, float]:
    """The box right after the last word with geometry (for words without one)."""
    for word in reversed(words):
        if word is not None:
            return (word.x1, word.bottom, word.x1, word.top)
    return (0.0, 0.0, 0.0, 1.0)


# --------------------------------------------------- words -> fragments


def _continues(frag: _Frag, word: Word) -> bool:
    """Whether ``word`` goes on ``frag``'s line, just to its right, within a column gap."""
    em = max(frag.em, word.top - word.bottom)
    if not frag.bottom - 0.35 * em <= word.cy <= frag.top + 0.35 * em:
        return False
    gap = word.x0 - frag.x1
    return -0.5 * em <= gap <= COLUMN_GAP * em


def words_to_fragments(words: Iterable[Word | None]) -> list[_Frag]:
    """Group words (in pdfium order) into fragments.

    A fragment ends at pdfium's line break, when the next word is on another line
    or goes back left, and at a gap wider than ``COLUMN_GAP`` (a column).
    """
    frags: list[_Frag] = []
    cur: _Frag | None = None
    for word in words:
        if word is None:
            cur = None
        elif cur is not None and _continues(cur, word):
            cur.add(word)
        else:
            cur = _Frag(word)
            frags.append(cur)
    return frags


# --------------------------------------------------- fragments -> lines


def _glue(frags: Sequence[_Frag], em: float) -> str:
    """Text of fragments left to right: glued when touching (``km`` ``²``), else one space."""
    out = frags[0].text
    for prev, frag in zip(frags, frags[1:]):
        out += ("" if frag.x0 - prev.x1 < GLUE_GAP * em else " ") + frag.text
    return out


def _column_groups(frags: Sequence[_Frag], em: float) -> tuple[tuple[float, float, str], ...]:
    """Split a line's fragments where the gap is wider than ``COLUMN_GAP`` ems."""
    groups: list[list[_Frag]] = [[frags[0]]]
    for prev, frag in zip(frags, frags[1:]):
        if frag.x0 - max(f.x1 for f in groups[-1]) > COLUMN_GAP * em:
            groups.append([frag])
        else:
            groups[-1].append(frag)
    return tuple((g[0].x0, max(f.x1 for f in g), clean_line(_glue(g, em))) for g in groups)


def make_line(frags: Sequence[_Frag], page: int) -> Line | None:
    """One visual line from its fragments (sorted here); None when it has no text."""
    frags = sorted(frags, key=lambda f: f.x0)
    em = max(f.em for f in frags)
    text = clean_line(_glue(frags, em))
    if not text:
        return None
    main = max(frags, key=lambda f: f.x1 - f.x0)
    return Line(
        page=page,
        text=text,
        x0=frags[0].x0,
        x1=max(f.x1 for f in frags),
        base=main.base,
        top=max(f.top for f in frags),
        em=em,
        first_word_x1=frags[0].words[0].x1,
        groups=_column_groups(frags, em),
        frags=tuple(frags),
    )


def fragments_to_lines(frags: Iterable[_Frag], page: int) -> list[Line]:
    """Visual lines, top to bottom: fragments whose centres are within half an em
    of the line's widest fragment."""
    rows: list[list[_Frag]] = []
    anchors: list[_Frag] = []
    for frag in sorted(frags, key=lambda f: -f.cy):
        if rows:
            anchor = anchors[-1]
            if abs(frag.cy - anchor.cy) <= 0.5 * max(frag.em, anchor.em):
                rows[-1].append(frag)
                if frag.x1 - frag.x0 > anchor.x1 - anchor.x0:
                    anchors[-1] = frag
                continue
        rows.append([frag])
        anchors.append(frag)
    lines = (make_line(row, page) for row in rows)
    return [line for line in lines if line is not None]


# ---------------------------------------------------------------- tables


def _to_user(bbox_top: tuple[float, float, float, float], height: float, bottom: float) -> tuple[float, float, float, float]:
    """pdfplumber (x0, top, x1, bottom from the page top) -> user space (x0, bottom, x1, top)."""
    x0, top, x1, btm = bbox_top
    return (x0, bottom + height - btm, x1, bottom + height - top)


def plumber_tables(plumber_page, height: float, bottom: float, edges: list[dict] | None = None) -> list[tuple[tuple, list[tuple]]]:
    """Ruled tables of a page: (bbox, [(row, col, row_span, col_span, bbox)]) in user space.

    With ``edges`` (``rules_to_edges``) pdfplumber builds the grid from them;
    without, it reads the page's lines itself. Its cells are on a grid of the
    distinct left edges and tops of all cells; a cell covering several of them is
    a merged cell.
    """
    settings = None
    if edges:
        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": edges, "explicit_horizontal_lines": edges}
    found = []
    for table in plumber_page.find_tables(settings):
        cells = [c for c in table.cells if c is not None]
        if len(cells) < 2:
            continue
        xs = sorted({c[0] for c in cells})
        tops = sorted({c[1] for c in cells})
        grid = []
        for x0, top, x1, btm in cells:
            col, row = xs.index(x0), tops.index(top)
            col_span = max(1, sum(1 for x in xs if x0 <= x < x1 - 0.5))
            row_span = max(1, sum(1 for t in tops if top <= t < btm - 0.5))
            grid.append((row, col, row_span, col_span, _to_user((x0, top, x1, btm), height, bottom)))
        found.append((_to_user(table.bbox, height, bottom), sorted(grid)))
    return found


def _inside(x: float, y: float, bbox: tuple[float, float, float, float]) -> bool:
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def route_words(words: Sequence[Word | None], tables: Sequence[tuple[tuple, list[tuple]]]) -> list:
    """For every word: None (paragraph flow) or the (table, cell) its centre falls in.

    A word inside a table's frame but in no cell stays in the flow, so that no
    text is lost; line breaks (None) go to every stream.
    """
    routes: list = []
    for word in words:
        route = None
        if word is not None:
            cx = (word.x0 + word.x1) / 2
            for t, (bbox, grid) in enumerate(tables):
                if _inside(cx, word.cy, bbox):
                    route = next(((t, c) for c, cell in enumerate(grid) if _inside(cx, word.cy, cell[4])), None)
                    break
        routes.append(route)
    return routes


def _stream(words: Sequence[Word | None], routes: Sequence, key) -> Iterator[Word | None]:
    """The words routed to ``key``, with every line break."""
    for word, route in zip(words, routes):
        if word is None or route == key:
            yield word


def cell_text(frags: list[_Frag], page: int) -> str:
    """A cell's text: its lines top to bottom, joined by a space."""
    return clean_line(" ".join(line.text for line in fragments_to_lines(frags, page)))


def build_table(page: int, bbox: tuple, grid: list[tuple], texts: list[str]) -> PdfTable:
    """A PdfTable from pdfplumber's grid and the text read into each cell."""
    cells = tuple(
        Cell(row=r, col=c, text=text, row_span=rs, col_span=cs, page=page)
        for (r, c, rs, cs, _), text in zip(grid, texts)
    )
    return PdfTable(page=page, bbox=bbox, cells=cells)


# ------------------------------------------------------------- one page


class _Plumber:
    """pdfplumber opened once, only if some page needs it."""

    def __init__(self, path: str):
        self.path = path
        self._pdf = None

    def page(self, index: int):
        if self._pdf is None:
            import pdfplumber

            self._pdf = pdfplumber.open(self.path)
        return self._pdf.pages[index]

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def read_page(pdf: pdfium.PdfDocument, index: int, plumber: _Plumber, warnings: list[str]) -> PageContent:
    """Lines and ruled tables of page ``index`` (0-based; the PageContent is 1-based)."""
    page = pdf[index]
    number = index + 1
    left, bottom, right, top = page.get_mediabox()
    textpage = page.get_textpage()
    text = page_text(textpage)
    rules = page_rules(page)
    content = PageContent(number, right - left, top - bottom, bottom, [], has_images=rules.images)
    if not text.strip():
        content.has_text = False
        return content
    words = page_words(textpage, text)
    tables = []
    if looks_ruled(rules.horizontal, rules.vertical, rules.boxes):
        try:
            edges = rules_to_edges(rules.rects, top - bottom, bottom)
            tables = plumber_tables(plumber.page(index), top - bottom, bottom, edges)
        except Exception as exc:  # a page pdfminer cannot parse: read it as text
            warnings.append(f"trang {number}: không đọc được bảng (page {number}: tables unreadable: {exc})")
    routes = route_words(words, tables) if tables else [None] * len(words)
    content.lines = fragments_to_lines(words_to_fragments(_stream(words, routes, None)), number)
    for t, (bbox, grid) in enumerate(tables):
        texts = [cell_text(words_to_fragments(_stream(words, routes, (t, c))), number) for c in range(len(grid))]
        content.tables.append(build_table(number, bbox, grid, texts))
    return content


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
    sides: tuple[list[_Frag], list[_Frag]] = ([], [])
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
                 page_breaks=tuple(breaks), origin=para.origin)


def table_to_block(index: int, table: PdfTable) -> Block:
    """A table Block: rows joined by ``\\n``, cells by `` | ``."""
    rows: dict[int, list[Cell]] = {}
    for cell in table.cells:
        rows.setdefault(cell.row, []).append(cell)
    text = "\n".join(
        clean_line(" | ".join(c.text for c in sorted(rows[r], key=lambda c: c.col))) for r in sorted(rows)
    )
    return Block(index=index, kind="table", text=text, pages=(table.page,), cells=table.cells)


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


# --------------------------------------------------------------- entry


def read_pages(path: str) -> tuple[list[PageContent], list[str]]:
    """Every page's lines and tables, plus warnings; raises the reader errors."""
    pdf = open_pdf(path)
    plumber = _Plumber(path)
    warnings: list[str] = []
    try:
        count = len(pdf)
        if count == 0:
            raise EmptyDocument("tệp PDF không có trang nào", "the PDF has no pages")
        if count > MAX_PDF_PAGES:
            raise TooLarge(f"tệp PDF có {count} trang, quá {MAX_PDF_PAGES} trang", f"the PDF has {count} pages, over {MAX_PDF_PAGES}")
        pages = [read_page(pdf, i, plumber, warnings) for i in range(count)]
    except ReadError:
        raise
    except Exception as exc:
        raise CorruptFile("tệp PDF bị hỏng, không đọc được", f"the PDF is damaged: {exc}") from exc
    finally:
        plumber.close()
        pdf.close()
    return pages, warnings


def check_text_layer(pages: list[PageContent], warnings: list[str]) -> None:
    """NoTextLayer for a scan, EmptyDocument for blank pages; warn on image-only pages."""
    if not any(c.has_text for c in pages):
        if any(c.has_images for c in pages):
            raise NoTextLayer(pages=len(pages))
        raise EmptyDocument("tệp PDF không có chữ", "the PDF has no text")
    for c in pages:
        if not c.has_text and c.has_images:
            warnings.append(
                f"trang {c.number} là ảnh quét, không có lớp chữ (page {c.number} is a scanned image without text)"
            )


def pdf_to_blocks(path: str) -> Document:
    """Read a PDF with a text layer into a Document of paragraph and table Blocks.

    Raises EncryptedFile, CorruptFile, EmptyDocument, or NoTextLayer (a scan).
    """
    pages, warnings = read_pages(str(path))
    from .ocr_reader import ocr_image_pages  # OCR: image-only pages, when Tesseract is installed

    scanned = ocr_image_pages(str(path), pages, warnings)
    check_text_layer(pages, warnings)
    pages = drop_running_lines(pages)
    metrics = measure(pages)
    first = next((c.number for c in pages if c.lines), 1)
    per_page = [page_items(c, metrics, first=(c.number == first)) for c in pages]
    per_page[first - 1] = mark_single_column_header(per_page[first - 1])
    blocks = items_to_blocks(merge_page_breaks(per_page, metrics))
    if not blocks:
        raise EmptyDocument("tệp PDF không có chữ", "the PDF has no text")
    fmt = "pdf-scan" if scanned == len(pages) else "pdf"  # every page read by OCR
    return Document(path=str(path), format=fmt, blocks=blocks, pages=len(pages), warnings=tuple(warnings))
