"""OCR reader for scanned PDFs (pages that are images without a text layer).

Pages are rendered with pypdfium2 and read by the ``tesseract`` command (apt
packages ``tesseract-ocr`` and ``tesseract-ocr-vie``; the Vietnamese model comes
with the package, nothing is downloaded). The command is run directly with
``subprocess`` rather than through ``pytesseract``: that wrapper does the same call
and adds a dependency, while the TSV output needs no more than ``csv`` to parse.

Tesseract's TSV gives every word with its box and its (block, paragraph, line);
the words are turned into the PDF reader's ``Word`` records in PDF points (y grows
upwards, each word given its line's height), so the rest is the PDF reader's own
layout: visual lines, running headers dropped, the letter's two-column header,
paragraphs cut by spacing, indents and list markers, a paragraph cut by a page
break joined into one Block. A page with ruled tables (``scan_tables``) is first turned
straight, its rules painted out, read as one block (``TABLE_ARGS``), and its words go to
the cells of the grid its rules make; a cell in a column of numbers that OCR did not
read as a number is read again alone, digits only.

``scan_to_blocks(path)`` OCRs every page (format ``pdf-scan``);
``ocr_image_pages`` is the hook ``pdf_to_blocks`` calls so that image-only pages
of any PDF are OCR'd when Tesseract is installed, and a scan without it raises
``NoTextLayer`` saying that OCR is not installed.

>>> parse_tsv("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n"
...           "4\\t1\\t1\\t1\\t1\\t0\\t10\\t20\\t300\\t40\\t-1\\t\\n"
...           "5\\t1\\t1\\t1\\t1\\t1\\t10\\t25\\t100\\t30\\t96.5\\tXã\\n"
...           "5\\t1\\t1\\t1\\t1\\t2\\t120\\t22\\t190\\t35\\t91.0\\tKẻ\\n")
[OcrLine(block=1, par=1, left=10, top=20, right=310, bottom=60, words=(('Xã', 10, 110, 96.5), ('Kẻ', 120, 310, 91.0)))]
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import NamedTuple, Sequence

from ..model import Document
from ..patterns import patterns_dir
from . import ocr_cache
from .layout import PageContent, pages_to_blocks
from .layout_lines import Word, fragments_to_lines, words_to_fragments
from .pdf_tables import Plumber, looks_ruled, plumber_tables, rules_to_edges, words_into_tables
from .errors import MAX_OCR_PIXELS, CorruptFile, EmptyDocument, NoTextLayer, ReadError, transient
from .text import clean_line

# Rendering resolution. On a 200-dpi black-and-white scan of the 21-page seed report,
# 200 and 300 give the same figures (121 of the 122 key facts, none wrong); 200 takes
# about 2.3 s a page of one CPU, 300 about 3.3 s. 300 is kept for noisier scans and
# small print (annex tables), as Tesseract recommends.
DPI = 300
MIN_DPI = 200  # a scan of lower resolution is rendered at this (Tesseract wants letters tall enough)
LANG = "vie"
# --oem 1: the LSTM engine only (the legacy engine is slower and worse on diacritics);
# --psm 3: automatic page segmentation (finds the columns of the letter's header).
TESSERACT_ARGS = ("--oem", "1", "--psm", "3")
# A page with a ruled table is read with its rules painted out (scan_tables) and as one
# uniform block (--psm 6): on a scanned annex page at 300 dpi, 34 of its 36 numbers
# read right, against 32 with the rules left in and --psm 3, and 5 with the rules
# painted out and --psm 3 (which drops short words alone in wide white cells).
TABLE_ARGS = ("--oem", "1", "--psm", "6")
TIMEOUT = 300  # seconds for one page before it is given up

OCR_NOTE = ("văn bản được nhận dạng ký tự (OCR) từ bản quét; cần đối chiếu số liệu với bản gốc "
            "(the text was read by OCR from a scan; check the figures against the original)")
NOT_INSTALLED_VI = ("tệp PDF là bản quét (không có lớp chữ) và máy chưa cài phần nhận dạng ký tự "
                    "(OCR: gói tesseract-ocr, tesseract-ocr-vie)")
NOT_INSTALLED_EN = ("the PDF is a scan without a text layer and OCR is not installed "
                    "(packages tesseract-ocr and tesseract-ocr-vie)")


# ------------------------------------------------------------ availability


@lru_cache(maxsize=1)
def _tesseract_langs(binary: str) -> frozenset[str]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def tesseract_binary() -> str | None:
    """The ``tesseract`` command when it is installed with the Vietnamese model, else None."""
    binary = shutil.which("tesseract")
    if binary is None or LANG not in _tesseract_langs(binary):
        return None
    return binary


def ocr_available() -> bool:
    return tesseract_binary() is not None


# ------------------------------------------------------------- tesseract


class OcrLine(NamedTuple):
    """One line as Tesseract reads it: box in pixels, words as (text, left, right, conf)."""

    block: int
    par: int
    left: int
    top: int
    right: int
    bottom: int
    words: tuple[tuple[str, int, int, float], ...]


def parse_tsv(tsv: str) -> list[OcrLine]:
    """Lines (level 4 rows) with their words (level 5 rows) from Tesseract's TSV."""
    lines: dict[tuple[int, int, int, int], dict] = {}
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(reader, None)  # header row
    for row in reader:
        if len(row) < 12:
            continue
        level, _, block, par, line = (int(v) for v in row[:5])
        left, top, width, height = (int(v) for v in row[6:10])
        key = (int(row[1]), block, par, line)
        if level == 4:
            lines[key] = {"box": (left, top, left + width, top + height), "words": []}
        elif level == 5:
            raw = clean_line(row[11])
            text = fix_digits(raw)
            conf = float(row[10]) if text == raw else min(float(row[10]), REPAIRED_CONF)  # a repair is to check
            if text and key in lines:
                lines[key]["words"].append((text, left, left + width, conf))
    out = []
    for (_, block, par, _), item in lines.items():
        if item["words"]:
            l, t, r, b = item["box"]
            words = fix_tones(split_joined_syllables(join_split_numbers(fix_acronyms(item["words"]), b - t)))
            out.append(OcrLine(block, par, l, t, r, b, words))
    return out


def run_tesseract(image, binary: str, dpi: int = DPI, args: tuple[str, ...] = TESSERACT_ARGS, lang: str = LANG) -> str:
    """TSV of one page image (a PIL image), read from stdin as PNM (no temporary file)."""
    buf = io.BytesIO()
    image.save(buf, "PPM")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # pages run in parallel instead
    proc = subprocess.run(
        [binary, "stdin", "stdout", "-l", lang, "--dpi", str(dpi), *args, "tsv"],
        input=buf.getvalue(), capture_output=True, timeout=TIMEOUT, env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[-300:])
    return proc.stdout.decode("utf-8", "replace")


# -------------------------------------------------------- acronym repair

# Abbreviations of repeated capitals are what the vie model misreads most on the
# reports (``DVCTT`` read ``DVCTTT``, ``DVC TT``, ``DVCT'T``), and the outline's
# labels need them exact. The known ones are the capitals of the outlines' lexicons.
BASE_ACRONYMS = frozenset({"UBND", "HĐND", "TTHC", "DVC", "DVCTT", "MTTQ", "BCĐ", "CBCC", "CCHC"})
_CAPS = re.compile(r"^[A-ZĐ]+(?:['’`][A-ZĐ]+)?$")


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """Capitalised abbreviations (3+ letters) of every outline's lexicon, plus a few common ones."""
    found = set(BASE_ACRONYMS)
    for lexicon in (patterns_dir() / "outlines").glob("*/lexicon.yaml"):
        found.update(re.findall(r"(?<![\w])[A-ZĐ]{3,}(?![\w])", lexicon.read_text(encoding="utf-8")))
    return frozenset(found)


def _known(token: str) -> str | None:
    """The known abbreviation a misread capital token stands for (None if none).

    >>> _known("DVCTTT"), _known("DVCT'T"), _known("DVCTT"), _known("ABCCC")
    ('DVCTT', 'DVCTT', None, None)
    """
    known = acronyms()
    core = token.rstrip(".,:;)")
    if core in known or not _CAPS.match(core):
        return None
    plain = re.sub(r"['’`]", "", core)
    for guess in (plain, re.sub(r"(.)\1\1+", r"\1\1", plain)):
        if guess in known:
            return guess + token[len(core):]
    return None


def fix_acronyms(words: Sequence[tuple[str, int, int, float]]) -> tuple[tuple[str, int, int, float], ...]:
    """Known abbreviations repaired in a line's words: a split one joined, a tripled
    letter or a stray apostrophe removed.

    >>> [w[0] for w in fix_acronyms([("DVC", 0, 30, 90.0), ("TT", 35, 50, 90.0), ("toàn", 60, 90, 90.0)])]
    ['DVCTT', 'toàn']
    """
    out = list(words)
    i = 0
    while i < len(out):
        text, left, right, conf = out[i]
        if i + 1 < len(out) and _CAPS.match(text):
            nxt = out[i + 1]
            joined = text + nxt[0]
            core = joined.rstrip(".,:;)")
            if core in acronyms() or _known(joined):
                out[i:i + 2] = [(_known(joined) or joined, left, nxt[2], min(conf, nxt[3]))]
                continue
        fixed = _known(text)
        if fixed:
            out[i] = (fixed, left, right, conf)
        i += 1
    return tuple(out)


# A number OCR split in two, joined only where the grammar is sure: a separator then a
# group of three digits (``11. 473``, ``9, 661``), or a word that starts with a decimal
# separator (``98 ,83%``); the two words no further apart than a space.
_HEAD = re.compile(r"^\d{1,3}(?:[.,]\d{3})*[.,]$|^\d+$")
_GROUP_TAIL = re.compile(r"^\d{3}(?:[.,]\d{3})*(?:,\d+)?[%.,:;)]*$")
_DECIMAL_TAIL = re.compile(r"^[.,]\d+[%.,:;)]*$")
_LIST_NUMBER = re.compile(r"^\d{1,2}[.)]$")
REPAIRED_CONF = 90.0  # a number OCR'd with a repair is never taken as sure (below the confidence threshold)
MAX_SPLIT_GAP = 0.6  # the widest gap (× line height) between the two parts of a split number


def join_split_numbers(words: Sequence[tuple[str, int, int, float]], height: int) -> tuple[tuple[str, int, int, float], ...]:
    """A line's words with numbers OCR split in two joined again (their confidence capped
    at ``REPAIRED_CONF``: a repaired number is to check).

    >>> [w[0] for w in join_split_numbers([("đạt", 0, 30, 95.0), ("11.", 40, 60, 93.0), ("473", 66, 95, 96.0)], 30)]
    ['đạt', '11.473']
    >>> [w[0] for w in join_split_numbers([("98", 0, 20, 95.0), (",83%", 24, 60, 91.0)], 30)]
    ['98,83%']
    >>> [w[0] for w in join_split_numbers([("9,", 0, 20, 95.0), ("661", 26, 60, 91.0)], 30)]
    ['9,661']

    Not a sentence's end before a number further off, nor two plain numbers:

    >>> [w[0] for w in join_split_numbers([("2025.", 0, 40, 95.0), ("473", 90, 120, 96.0)], 30)]
    ['2025.', '473']
    >>> [w[0] for w in join_split_numbers([("12", 0, 20, 95.0), ("345", 26, 60, 96.0)], 30)]
    ['12', '345']
    >>> [w[0] for w in join_split_numbers([("3.", 0, 12, 95.0), ("250", 20, 50, 96.0), ("hộ", 55, 70, 96.0)], 30)]
    ['3.', '250', 'hộ']

    (a list's number, first on its line).
    """
    out = list(words)
    i = 0
    while i + 1 < len(out):
        (a, left, right, conf), (b, b_left, b_right, b_conf) = out[i], out[i + 1]
        close = b_left - right <= MAX_SPLIT_GAP * max(height, 1) and not (i == 0 and _LIST_NUMBER.match(a))
        split = ((_HEAD.match(a) and a[-1] in ".," and _GROUP_TAIL.match(b))
                 or (a.isdigit() and _DECIMAL_TAIL.match(b)))
        if close and split:
            out[i:i + 2] = [(a + b, left, b_right, min(conf, b_conf, REPAIRED_CONF))]
            continue
        i += 1
    return tuple(out)


# Two syllables OCR read as one word ("Rúthồ sơ", "Yêu cầubổ sung"): Vietnamese writes
# every syllable apart, so a word that is no syllable of the outline's words but splits
# into two that are is read as those two.
_LETTERS = re.compile(r"^(\W*)(\w+?)(\W*)$")


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every word (lower case) of the data files: the outline's labels, lexicons, word lists."""
    import unicodedata

    found: set[str] = set()
    for path in patterns_dir().rglob("*"):
        if path.suffix in (".yaml", ".csv") and path.is_file() and "encodings" not in path.parts:
            text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lower()
            found.update(w for w in re.findall(r"[^\W\d_]+", text) if len(w) <= 7)
    return frozenset(found)


def split_joined_syllables(words: Sequence[tuple[str, int, int, float]]) -> tuple[tuple[str, int, int, float], ...]:
    """A line's words with two syllables read as one split apart (the box shared by length).

    >>> [w[0] for w in split_joined_syllables([("Rúthồ", 0, 60, 90.0), ("sơ", 66, 80, 96.0)])]
    ['Rút', 'hồ', 'sơ']
    >>> [w[0] for w in split_joined_syllables([("cầubổ", 0, 60, 90.0), ("Nghệ", 66, 90, 96.0), ("UBND", 96, 140, 96.0)])]
    ['cầu', 'bổ', 'Nghệ', 'UBND']
    """
    vocab = syllables()
    out = []
    for text, left, right, conf in words:
        m = _LETTERS.match(text)
        core = m.group(2) if m else ""
        low = core.lower()
        cuts = [] if (not core or len(core) < 4 or low in vocab or any(c.isdigit() for c in core)
                      or core.isupper()) else [i for i in range(2, len(core) - 1) if low[:i] in vocab and low[i:] in vocab]
        if len(cuts) != 1:
            out.append((text, left, right, conf))
            continue
        i = cuts[0]
        first, second = m.group(1) + core[:i], core[i:] + m.group(3)
        mid = left + round((right - left) * len(first) / len(text))
        out += [(first, left, mid, conf), (second, mid, right, conf)]
    return tuple(out)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def toneless(word: str) -> str:
    """A syllable without its tone mark (the letter's own marks stay: â, ê, ô, ơ, ư, ă, đ).

    >>> toneless("nồng"), toneless("Nghiệp"), toneless("đường")
    ('nông', 'Nghiêp', 'đương')
    """
    import unicodedata

    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES))


@lru_cache(maxsize=1)
def _by_toneless() -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for w in syllables():
        out.setdefault(toneless(w), set()).add(w)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def fix_tones(words: Sequence[tuple[str, int, int, float]]) -> tuple[tuple[str, int, int, float], ...]:
    """A line's words with a tone OCR misread put right: a word in small letters that is no
    word of the data files but has one, and only one, that differs from it by its tone
    mark alone. A capitalised word is left alone: it may be a name, and a name's
    misspelling is the audit's evidence ("Kẻ Sắt" for Kẻ Sặt).

    >>> [w[0] for w in fix_tones([("nồng", 0, 40, 80.0), ("nghiệp", 46, 90, 95.0), ("Sắt", 96, 120, 90.0)])]
    ['nông', 'nghiệp', 'Sắt']
    """
    vocab, index = syllables(), _by_toneless()
    out = []
    for text, left, right, conf in words:
        m = _LETTERS.match(text)
        core = m.group(2) if m else ""
        low = core.lower()
        if core and len(core) >= 2 and core.islower() and core.isalpha() and low not in vocab:
            options = index.get(toneless(low), ())
            if len(options) == 1:
                text = m.group(1) + options[0] + m.group(3)
        out.append((text, left, right, conf))
    return tuple(out)


_DIGIT_LIKE = {"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
_NUMBER_SLIP = re.compile(r"^(\d[\d.,]*)([OoDIl|ZSGB])([\d.,]*\d)?([.,:;)%]*)$")


def fix_digits(text: str) -> str:
    """A number with one letter that looks like a digit (``186G``, ``1O5``) read as that digit.

    Only inside a token that starts with a digit and has at least two of them.

    >>> fix_digits("186G"), fix_digits("1O5,"), fix_digits("12B"), fix_digits("4S0"), fix_digits("2G")
    ('1866', '105,', '128', '450', '2G')
    """
    m = _NUMBER_SLIP.match(text)
    if not m or sum(c.isdigit() for c in text) < 2:
        return text
    return m.group(1) + _DIGIT_LIKE[m.group(2)] + (m.group(3) or "") + m.group(4)


# ------------------------------------------------------- OCR -> page lines


def lines_to_content(number: int, ocr: Sequence[OcrLine], size: tuple[int, int], dpi: int,
                     rects: Sequence[tuple[float, float, float, float]] = (), plumber=None) -> PageContent:
    """A ``layout.PageContent`` (lines and tables in PDF points) from one page's OCR lines
    and the ruled lines found on its image (``scan_tables``): words inside a ruled table
    go to its cells, the others make lines.

    Each word takes its line's top and bottom (Tesseract's word boxes follow the
    letters, diacritics and descenders; the layout expects font-high boxes).
    """
    k = 72.0 / dpi
    width, height = size[0] * k, size[1] * k
    words: list = []
    for line in ocr:
        top, bottom = height - line.top * k, height - line.bottom * k
        for text, left, right, conf in line.words:
            box = (round(left * k, 1), round(line.top * k, 1), round(right * k, 1), round(line.bottom * k, 1))
            words.append(Word(text, left * k, right * k, bottom, top, bottom, conf, box))
        words.append(None)
    content = PageContent(number, width, height, 0.0, [], has_images=True)
    flow, content.tables = words_into_tables(words, ruled_tables(rects, plumber, number - 1, height), number)
    content.lines = fragments_to_lines(words_to_fragments(flow), number)
    content.has_text = bool(content.lines or content.tables)
    return content


def ruled_tables(rects, plumber, index: int, height: float) -> list:
    """pdfplumber's grid of the rules found on a scanned page (none when they do not look
    like a table); the page's own PDF gives pdfplumber its frame."""
    horizontal = sum(1 for l, b, r, t in rects if r - l > t - b)
    if plumber is None or not looks_ruled(horizontal, len(rects) - horizontal, 0):
        return []
    try:
        return plumber_tables(plumber, index, height, 0.0, rules_to_edges(rects, height, 0.0))
    except Exception:  # noqa: BLE001 (no grid: the page is read as lines, as before)
        return []


def page_scale(width_pt: float, height_pt: float, dpi: int = DPI, max_pixels: int = MAX_OCR_PIXELS) -> float:
    """The render scale of a page for OCR: ``dpi``, lowered so that the image stays within
    ``max_pixels`` (a poster-sized page would otherwise need gigabytes).

    >>> round(page_scale(595, 842), 3), round(page_scale(595 * 20, 842 * 20), 3)
    (4.167, 0.547)
    """
    scale = dpi / 72
    pixels = width_pt * height_pt * scale * scale
    return scale if pixels <= max_pixels else scale * (max_pixels / pixels) ** 0.5


def ocr_pdf_pages(path: str, indexes: Sequence[int], dpi: int = DPI, binary: str | None = None) -> dict:
    """OCR the pages ``indexes`` (0-based) of a PDF: {index: PageContent}.

    Pages are rendered one at a time, as Tesseract gets free (pdfium is not thread-safe),
    so at most two page images per processor wait in memory; Tesseract runs on as many
    pages at once as there are processors, and no more across the reading processes of
    a batch (``isolation.tesseract_slot``).
    """
    import pypdfium2 as pdfium

    from ..isolation import report_progress, tesseract_slot

    binary = binary or tesseract_binary()
    if binary is None:
        raise NoTextLayer(NOT_INSTALLED_VI, NOT_INSTALLED_EN)
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:
        raise CorruptFile("tệp PDF bị hỏng, không đọc được", f"the PDF is damaged: {exc}") from exc
    out = {}
    plumber = Plumber(path)  # the grid of a scanned table's rules (opened only if one is found)
    workers = max(1, min(len(indexes), os.cpu_count() or 1))

    def one(image, page_dpi: int, args: tuple[str, ...], lang: str = LANG) -> str:
        key = ocr_cache.page_key(image, page_dpi, binary, (lang, *args))
        tsv = ocr_cache.get(key)
        if tsv is None:
            with tesseract_slot():
                tsv = run_tesseract(image, binary, page_dpi, args, lang)
            ocr_cache.put(key, tsv)
        return tsv

    try:
        with ThreadPoolExecutor(workers) as pool:
            pending: dict = {}
            todo = list(indexes)
            done = 0
            while todo or pending:
                while todo and len(pending) < 2 * workers:  # render lazily: a bounded queue of images
                    i = todo.pop(0)
                    page = pdf[i]
                    scale = page_scale(*page.get_size(), render_dpi(page, dpi))
                    page_dpi = round(scale * 72)
                    image, rects = page_image_and_rules(page.render(scale=scale, grayscale=True).to_pil(), page_dpi)
                    args = TABLE_ARGS if rects else TESSERACT_ARGS
                    pending[i] = (image.size, page_dpi, rects, image if rects else None, pool.submit(one, image, page_dpi, args))
                i = min(pending)  # pages in order
                size, page_dpi, rects, image, job = pending.pop(i)
                content = lines_to_content(i + 1, parse_tsv(job.result()), size, page_dpi, rects, plumber)
                if content.tables:
                    content.tables = [with_cell_boxes(read_numbers_again(t, image, page_dpi, content.height, one), content.height)
                                      for t in content.tables]
                out[i] = content
                done += 1
                report_progress(f"nhận dạng chữ (OCR) trang {i + 1}, {done}/{len(indexes)}")
    except ReadError:
        raise
    except Exception as exc:
        raise transient(NoTextLayer(f"không nhận dạng được ký tự (OCR) trên bản quét: {exc}",
                                    f"OCR of the scan failed: {exc}", pages=len(pdf))) from exc
    finally:
        plumber.close()
        pdf.close()
    return out


def read_numbers_again(table, image, dpi: int, height_pt: float, ocr) -> object:
    """A scanned table whose cells in columns of numbers that OCR did not read as a number
    are read again alone, digits only (``scan_tables.cells_to_read_again``); a number so
    read replaces the cell's text, with a confidence that marks it to check."""
    from dataclasses import replace

    from .scan_tables import DIGITS_ARGS, DIGITS_LANG, NUMBER_CELL, cell_image, cells_to_read_again

    todo = cells_to_read_again(table) if table.boxes else []
    if not todo:
        return table
    cells, words = list(table.cells), list(table.ocr_words)
    for i in todo:
        crop = cell_image(image, table.boxes[i], dpi, height_pt)
        if crop is None:
            continue
        lines = parse_tsv(ocr(crop, dpi, DIGITS_ARGS, DIGITS_LANG))
        text = " ".join(w[0] for line in lines for w in line.words).strip()
        if text and re.match(NUMBER_CELL, text):
            conf = min([w[3] for line in lines for w in line.words] + [REPAIRED_CONF])
            cells[i] = replace(cells[i], text=text)
            x0, bottom, x1, top = table.boxes[i]
            words.append((text, conf, table.page, (round(x0, 1), round(height_pt - top, 1), round(x1, 1), round(height_pt - bottom, 1))))
    return replace(table, cells=tuple(cells), ocr_words=tuple(words))


def with_cell_boxes(table, height_pt: float):
    """A scanned table with each cell's box from the page's top-left (a figure's ``bbox``)."""
    from dataclasses import replace

    boxes = tuple((round(x0, 1), round(height_pt - top, 1), round(x1, 1), round(height_pt - bottom, 1))
                  for x0, bottom, x1, top in table.boxes)
    return replace(table, cell_boxes=boxes)


def page_image_and_rules(image, dpi: int):
    """The page image turned straight when its table rules show a skew, with its rules
    painted out, and the rules as PDF boxes (``scan_tables``); a page without a table, or
    without OpenCV, as it is and no rules."""
    try:
        from .scan_tables import image_rules, looks_like_a_table, rules_to_rects, straighten
    except ImportError:
        return image, []
    if not looks_like_a_table(image, dpi):
        return image, []
    straight, _angle = straighten(image, dpi)
    h, v, clean = image_rules(straight, dpi)
    if not looks_ruled(len(h), len(v), 0):
        return image, []
    return clean, rules_to_rects(h, v, dpi, straight.size[1] * 72.0 / dpi)


def native_dpi(page) -> float | None:
    """The resolution of a scanned page's largest image (pixels per inch), None when the
    page holds no image."""
    import pypdfium2.raw as pdfium_c

    best = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
            px_w, _ = obj.get_px_size()
        except Exception:  # noqa: BLE001 (an image pdfium cannot measure: no resolution from it)
            continue
        if right - left > 72 and (best is None or right - left > best[0]):
            best = (right - left, px_w * 72.0 / (right - left))
    return best[1] if best else None


def render_dpi(page, dpi: int = DPI) -> int:
    """The resolution to OCR a page at: ``dpi`` (300), or the scan's own when it is lower,
    but not under MIN_DPI (rendering above the scan's resolution adds pixels, not detail:
    on the seed report scanned at 200 dpi, 200 and 300 read the same figures, 300 costs
    40% more).

    """
    native = native_dpi(page)
    if native is None:
        return dpi
    return int(min(dpi, max(MIN_DPI, round(native))))


# ------------------------------------------------------------------ hooks


def ocr_image_pages(path: str, pages: list, warnings: list[str]) -> int:
    """OCR, in place, the pages of ``pages`` (``layout.PageContent``) that are images
    without text; returns how many were OCR'd.

    Without Tesseract a PDF that is all scans raises NoTextLayer saying OCR is not
    installed; a few image pages in a text PDF are left to pdf_reader's warning.
    """
    todo = [c.number - 1 for c in pages if not c.has_text and c.has_images]
    if not todo:
        return 0
    binary = tesseract_binary()
    if binary is None:
        if not any(c.has_text for c in pages):
            raise NoTextLayer(NOT_INSTALLED_VI, NOT_INSTALLED_EN, pages=len(pages))
        return 0
    done = ocr_pdf_pages(path, todo, binary=binary)
    for i, content in done.items():
        pages[i] = content
    if not any(c.has_text for c in pages):
        raise NoTextLayer("nhận dạng ký tự (OCR) không tìm thấy chữ nào trên bản quét",
                          "OCR found no text in the scan", pages=len(pages))
    if len(todo) == len(pages):
        warnings.append(OCR_NOTE)
    else:
        shown = ", ".join(str(i + 1) for i in todo)
        warnings.append(f"trang {shown} là ảnh quét, đã đọc bằng nhận dạng ký tự (OCR); cần đối chiếu số liệu "
                        f"(pages {shown} are scanned images read by OCR; check their figures)")
    return len(todo)


def scan_to_blocks(path: str, dpi: int = DPI) -> Document:
    """OCR every page of a PDF (whatever its text layer) into a ``pdf-scan`` Document."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
        count = len(pdf)
        pdf.close()
    except Exception as exc:
        raise CorruptFile("tệp PDF bị hỏng, không đọc được", f"the PDF is damaged: {exc}") from exc
    if count == 0:
        raise EmptyDocument("tệp PDF không có trang nào", "the PDF has no pages")
    done = ocr_pdf_pages(str(path), range(count), dpi=dpi)
    pages = [done[i] for i in range(count)]
    blocks = pages_to_blocks(pages) if any(c.lines for c in pages) else ()
    if not blocks:
        raise NoTextLayer("nhận dạng ký tự (OCR) không tìm thấy chữ nào trên bản quét",
                          "OCR found no text in the scan", pages=count)
    return Document(path=str(path), format="pdf-scan", blocks=blocks, pages=count, warnings=(OCR_NOTE,))
