"""Ruled tables on a PDF page: pdfium's path objects tell whether a page looks ruled,
pdfplumber builds the grid from those rules (its ``explicit`` strategy: no second parse
of the page), and each word goes to the cell its centre falls in."""
from __future__ import annotations

import ctypes
from dataclasses import replace
from typing import Iterator, NamedTuple, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from ..model import Cell
from .layout import PdfTable, ocr_word
from .layout_lines import Fragment, Word, fragments_to_lines, words_to_fragments
from .text import clean_line


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


# ---------------------------------------------------------------- tables


def _to_user(bbox_top: tuple[float, float, float, float], height: float, bottom: float) -> tuple[float, float, float, float]:
    """pdfplumber (x0, top, x1, bottom from the page top) -> user space (x0, bottom, x1, top)."""
    x0, top, x1, btm = bbox_top
    return (x0, bottom + height - btm, x1, bottom + height - top)


def plumber_tables(plumber: Plumber, index: int, height: float, bottom: float,
                   edges: list[dict] | None = None) -> list[tuple[tuple, list[tuple]]]:
    """Ruled tables of page ``index`` (0-based): (bbox, [(row, col, row_span, col_span,
    bbox)]) in user space.

    With ``edges`` (``rules_to_edges``) pdfplumber's table finder builds the grid from
    them alone, and the file is never opened with pdfplumber (its page tree and content
    streams are not parsed); without, pdfplumber reads the page's lines itself. Its
    cells are on a grid of the distinct left edges and tops of all cells; a cell
    covering several of them is a merged cell.
    """
    if edges:
        from pdfplumber.table import TableFinder

        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": edges, "explicit_horizontal_lines": edges}
        tables = TableFinder(None, settings).tables  # explicit edges as objects: no page needed
    else:
        tables = plumber.page(index).find_tables()
    found = []
    for table in tables:
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
    text is lost; line breaks (None) go to every stream. Each table's cells are looked
    up by their row band first (a few dozen bands instead of every cell).
    """
    bands = [_row_bands(grid) for _, grid in tables]
    routes: list = []
    for word in words:
        route = None
        if word is not None:
            cx, cy = (word.x0 + word.x1) / 2, word.cy
            for t, (bbox, grid) in enumerate(tables):
                if _inside(cx, cy, bbox):
                    route = next(((t, c) for bottom, top, cells in bands[t] if bottom <= cy <= top
                                  for c in cells if _inside(cx, cy, grid[c][4])), None)
                    break
        routes.append(route)
    return routes


def _row_bands(grid: list[tuple]) -> list[tuple[float, float, list[int]]]:
    """The grid's cells grouped by their vertical extent (bottom, top, cell indexes), in
    the grid's order."""
    bands: dict[tuple[float, float], list[int]] = {}
    for c, cell in enumerate(grid):
        box = cell[4]
        bands.setdefault((box[1], box[3]), []).append(c)
    return [(b, t, cells) for (b, t), cells in bands.items()]


def _streams(words: Sequence[Word | None], routes: Sequence) -> tuple[dict, list]:
    """({route: the words routed there, with every line break}, the stream of a route no
    word went to: the line breaks alone), in one pass over the page (a table cell's
    stream was once found by going over the whole page for each cell).

    >>> w = Word("a", 0, 1, 0, 1, 0)
    >>> found, empty = _streams([w, None, w, None], [None, None, (0, 0), None])
    >>> [[x and x.text for x in found[k]] for k in (None, (0, 0))], empty
    ([['a', None, None], [None, 'a', None]], [None, None])
    """
    out: dict = {}
    seen: dict = {}  # route -> line breaks already in its stream
    nb = 0
    for word, route in zip(words, routes):
        if word is None:
            nb += 1
            continue
        stream = out.get(route)
        if stream is None:
            stream = out[route] = []
            seen[route] = 0
        stream.extend([None] * (nb - seen[route]))
        seen[route] = nb
        stream.append(word)
    for route, stream in out.items():
        stream.extend([None] * (nb - seen[route]))
    return out, [None] * nb

def cell_text(frags: list[Fragment], page: int) -> str:
    r"""A cell's text: its lines top to bottom, joined by a space (a wrapped label), or by a
    line break where a line ends with a figure and the next starts a new item in capitals
    ("Trực tiếp: 1.142" over "Trực tuyến: 8.400").

    >>> _join_lines(["Số DVCTT toàn", "trình phát sinh hồ sơ"]), _join_lines(["Trực tiếp: 1.142", "Trực tuyến: 8.400"])
    ('Số DVCTT toàn trình phát sinh hồ sơ', 'Trực tiếp: 1.142\nTrực tuyến: 8.400')
    """
    return _join_lines([line.text for line in fragments_to_lines(frags, page)])


_ITEM_END = regex.compile(r"[\d%]\s*$")
_ITEM_START = regex.compile(r"^\s*\p{Lu}\p{Ll}")  # a capitalised word, not an abbreviation ("04⏎TH")


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in (clean_line(t) for t in lines):
        if not line:
            continue
        sep = "\n" if out and _ITEM_END.search(out) and _ITEM_START.match(line) else " "
        out = f"{out}{sep}{line}" if out else line
    return out


def words_into_tables(words: Sequence[Word | None], tables: Sequence[tuple[tuple, list[tuple]]],
                      number: int) -> tuple[list[Word | None], list[PdfTable]]:
    """The words left in the paragraph flow, and each table with the text of the words
    in its cells (and, for OCR, the confidences of its words with a digit)."""
    if not tables:
        return list(words), []
    routes = route_words(words, tables)
    streams, breaks = _streams(words, routes)
    out = []
    for t, (bbox, grid) in enumerate(tables):
        cells = [streams.get((t, c), breaks) for c in range(len(grid))]
        table = build_table(number, bbox, grid, [cell_text(words_to_fragments(ws), number) for ws in cells])
        ocr = tuple(ocr_word(w, number) for ws in cells for w in ws
                    if w is not None and w.conf is not None and any(ch.isdigit() for ch in w.text))
        out.append(replace(table, ocr_words=ocr) if ocr else table)
    return streams.get(None, breaks), out


def build_table(page: int, bbox: tuple, grid: list[tuple], texts: list[str]) -> PdfTable:
    """A PdfTable from pdfplumber's grid and the text read into each cell."""
    cells = tuple(
        Cell(row=r, col=c, text=text, row_span=rs, col_span=cs, page=page)
        for (r, c, rs, cs, _), text in zip(grid, texts)
    )
    return PdfTable(page=page, bbox=bbox, cells=cells, boxes=tuple(g[4] for g in grid))


class Plumber:
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
