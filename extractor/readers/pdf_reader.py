"""PDF reader: pypdfium2 for the text layer, pdfplumber only for ruled tables
(``pdf_tables.py``), the shared layout rules for lines and paragraphs
(``layout_lines.py``, ``layout.py``).

``read_pages(path)`` gives every page's lines and tables; ``pdf_document.pdf_to_blocks``
adds OCR for image pages and makes the Blocks. Coordinates are PDF user space (y grows
upwards). Pages are 1-based.
"""
from __future__ import annotations

import contextlib
import os
import re
from typing import Iterator, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .errors import MAX_PDF_PAGES, CorruptFile, EmptyDocument, EncryptedFile, NoTextLayer, ReadError, TooLarge
from .layout import PageContent
from .layout_lines import Word, fragments_to_lines, words_to_fragments
from .pdf_tables import Plumber, looks_ruled, page_rules, plumber_tables, rules_to_edges, words_into_tables


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


class PdfPages:
    """A PDF opened with pdfium (on first use, by ``open_pdf``), each page and its text
    page loaded once. ``pipeline.extract`` keeps one open from reading to the figures'
    boxes, which are looked up on the same text pages (they were loaded twice). With
    ``keep`` False (or past ``KEPT_PAGES``) a page is loaded afresh each time and not
    held, as when the reader alone runs."""

    KEPT_PAGES = 400  # a longer PDF holds only its first pages' text pages

    def __init__(self, path: str, keep: bool = True):
        self.path = path
        self.keep = keep
        self._pdf: pdfium.PdfDocument | None = None
        self._pages: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}

    @property
    def pdf(self) -> pdfium.PdfDocument:
        if self._pdf is None:
            self._pdf = open_pdf(self.path)
        return self._pdf

    def page(self, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        """Page ``index`` (0-based) and its text page."""
        got = self._pages.get(index)
        if got is None:
            page = self.pdf[index]
            got = (page, page.get_textpage())
            if self.keep and index < self.KEPT_PAGES:
                self._pages[index] = got
        return got

    def close(self) -> None:
        for page, textpage in self._pages.values():
            textpage.close()
            page.close()
        self._pages.clear()
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @classmethod
    @contextlib.contextmanager
    def lent(cls, path: str, opened: "PdfPages | None") -> Iterator["PdfPages"]:
        """``opened`` as it is (its owner closes it), else the PDF opened for the time of
        the block, nothing held."""
        if opened is not None:
            yield opened
            return
        with cls(path, keep=False) as pdf:
            yield pdf


def read_page(pdf: PdfPages, index: int, plumber: Plumber, warnings: list[str]) -> PageContent:
    """Lines and ruled tables of page ``index`` (0-based; the PageContent is 1-based)."""
    page, textpage = pdf.page(index)
    number = index + 1
    left, bottom, right, top = page.get_mediabox()
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
            tables = plumber_tables(plumber, index, top - bottom, bottom, edges)
        except Exception as exc:  # a page pdfminer cannot parse: read it as text
            warnings.append(f"trang {number}: không đọc được bảng (page {number}: tables unreadable: {exc})")
    flow, content.tables = words_into_tables(words, tables, number)
    content.lines = fragments_to_lines(words_to_fragments(flow), number)
    return content


def read_pages(path: str, opened: PdfPages | None = None) -> tuple[list[PageContent], list[str]]:
    """Every page's lines and tables, plus warnings; raises the reader errors. ``opened``:
    the PDF already opened by the caller, who closes it."""
    plumber = Plumber(path)
    warnings: list[str] = []
    try:
        with PdfPages.lent(path, opened) as pdf:
            count = len(pdf.pdf)
            if count == 0:
                raise EmptyDocument("tệp PDF không có trang nào", "the PDF has no pages")
            if count > MAX_PDF_PAGES:
                raise TooLarge(f"tệp PDF có {count} trang, quá {MAX_PDF_PAGES} trang",
                               f"the PDF has {count} pages, over {MAX_PDF_PAGES}")
            pages = [read_page(pdf, i, plumber, warnings) for i in range(count)]
    except ReadError:
        raise
    except Exception as exc:
        raise CorruptFile("tệp PDF bị hỏng, không đọc được", f"the PDF is damaged: {exc}") from exc
    finally:
        plumber.close()
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
