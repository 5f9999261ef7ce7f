"""Ruled tables on a scanned page, from the page image (OpenCV).

A scanned annex is a grid of ruled lines. The lines are found by morphology (an
opening with a long thin kernel keeps only long horizontal, or vertical, strokes; text
strokes are short), a skewed scan is first turned straight by the median angle of its
long horizontal lines, and the line segments become the same table rules a text PDF's
path objects give (``pdf_tables.rules_to_edges``): pdfplumber builds the grid from
them, merged cells included, and every OCR word goes to the cell its centre falls in.
So a scanned annex is a table like any other, and its row numbers are never values.

Lengths are in page points so that they hold at any dpi.
"""
from __future__ import annotations

import math
from typing import NamedTuple

MIN_H_LINE = 40.0  # points: a horizontal rule at least this long (a narrow column's width)
MIN_V_LINE = 10.0  # points: a vertical rule at least this long (one row's height)
MAX_SKEW = 5.0  # degrees: a page turned more is not straightened (not a skew, a layout)
MIN_SKEW = 0.05  # degrees: less is not worth resampling the page
SKEW_SEEN = 2.5  # degrees: the largest skew measured in one look (a second look takes the rest)


class Segment(NamedTuple):
    """A rule on the image, in pixels: (x0, y0, x1, y1), y from the top."""

    x0: int
    y0: int
    x1: int
    y1: int


def _binary(gray):
    """Ink as 255 on 0 (Otsu's threshold), from a PIL image in mode L."""
    import cv2
    import numpy as np

    arr = np.asarray(gray, dtype=np.uint8)
    _, ink = cv2.threshold(arr, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def _opened(ink, length: int, horizontal: bool, thicken: int = 0):
    """The long strokes of one direction: an opening with a ``length``-long kernel, as a
    labelled image and its components' stats (OpenCV)."""
    import cv2

    if thicken:  # a slightly skewed rule steps from row to row: join the steps first
        ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (1, thicken) if horizontal else (thicken, 1)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
    kept = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(kept, connectivity=8)
    return kept, n, labels, stats


def _lines(ink, length: int, horizontal: bool, thicken: int = 0) -> list[Segment]:
    """The boxes of the long strokes of one direction."""
    kept, n, _, stats = _opened(ink, length, horizontal, thicken)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if (w >= length) if horizontal else (h >= length):
            out.append(Segment(int(x), int(y), int(x + w), int(y + h)))
    return out


def skew_angle(gray, dpi: int) -> float | None:
    """The page's skew in degrees (counter-clockwise positive, as PIL's ``rotate``
    turns it back), from its long horizontal rules (each one's centre line fitted); None
    when it has fewer than two."""
    import numpy as np

    length = max(20, int(MIN_H_LINE * 3 * dpi / 72))  # only long rules: their slope is clear
    # thickened so that a rule turned up to SKEW_SEEN degrees still makes runs as long as the kernel
    thicken = max(3, int(length * math.tan(math.radians(SKEW_SEEN))))
    kept, n, labels, stats = _opened(_binary(gray), length, True, thicken=thicken)
    angles, weights = [], []
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < length:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(math.degrees(math.atan(slope)))
        weights.append(float(w))
    if len(angles) < 2:
        return None
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][np.searchsorted(cum, cum[-1] / 2)])  # the length-weighted median
    return median if abs(median) <= MAX_SKEW else None


def straighten(gray, dpi: int):
    """The page image turned straight when its rules show a skew (else as it is), and the
    angle turned (degrees). The angle is measured on the image at half size (a quarter of
    the work); a second look at the turned page adds what the first missed, and the page
    is resampled once, by the sum."""
    from PIL import Image

    turned = 0.0
    current = gray
    for _ in range(2):
        angle = skew_angle(current.reduce(2), max(1, dpi // 2))
        if angle is None or abs(angle) < MIN_SKEW:
            break
        turned += angle
        current = gray.rotate(turned, resample=Image.BICUBIC, fillcolor=255, expand=False)
    return current, turned


def looks_like_a_table(gray, dpi: int) -> bool:
    """Whether the page has the rules of a table, seen on the image at half size."""
    from .pdf_tables import looks_ruled

    h, v, _ = image_rules(gray.reduce(2), max(1, dpi // 2), clean=False)
    return looks_ruled(len(h), len(v), 0)


def image_rules(gray, dpi: int, clean: bool = True):
    """The horizontal and vertical rules of a (straight) page image, and the image
    without them (Tesseract reads a rule touching a number as ``|`` or as letters)."""
    import cv2
    from PIL import Image

    ink = _binary(gray)
    h_kept, hn, _, h_stats = _opened(ink, max(10, int(MIN_H_LINE * dpi / 72)), True)
    v_kept, vn, _, v_stats = _opened(ink, max(8, int(MIN_V_LINE * dpi / 72)), False)
    h = [Segment(int(x), int(y), int(x + w), int(y + hh)) for x, y, w, hh, _ in h_stats[1:hn]]
    v = [Segment(int(x), int(y), int(x + w), int(y + hh)) for x, y, w, hh, _ in v_stats[1:vn]]
    if not h or not v or not clean:
        return h, v, gray
    rules = cv2.dilate(cv2.bitwise_or(h_kept, v_kept), cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    clean = Image.fromarray(cv2.bitwise_or(_as_array(gray), rules))  # rule pixels turned white
    return h, v, clean


def _as_array(gray):
    import numpy as np

    return np.asarray(gray, dtype=np.uint8)


def rules_to_rects(h: list[Segment], v: list[Segment], dpi: int, height_pt: float) -> list[tuple[float, float, float, float]]:
    """The rules as PDF user-space boxes (l, b, r, t), each at most 1 pt thick (a rule's
    ink, centred), as a text PDF's path objects would give them."""
    k = 72.0 / dpi
    out = []
    for s in h:
        y = (s.y0 + s.y1) / 2 * k
        out.append((s.x0 * k, height_pt - y - 0.5, s.x1 * k, height_pt - y + 0.5))
    for s in v:
        x = (s.x0 + s.x1) / 2 * k
        out.append((x - 0.5, height_pt - s.y1 * k, x + 0.5, height_pt - s.y0 * k))
    return out


# ------------------------------------------------------ numbers in cells, read again

NUMBER_CELL = r"^[\d.,%\s\-]*\d[\d.,%\s\-]*$"
ROW_INDEX = r"^(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ]|-)[.)]?$"  # an STT cell: the body starts at the first
# One cell read again as one line of digits. The Vietnamese model reads a lone "371" in a
# cell as "ESAI"; the English one (installed with Tesseract) reads digits right.
DIGITS_LANG = "eng"
DIGITS_ARGS = ("--oem", "1", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789.,%-")
NUMERIC_SHARE = 0.5  # a column whose body cells are numbers at least this often is a column of numbers


def cells_to_read_again(table) -> list[int]:
    """The cells of a table's columns of numbers whose OCR text is not a number (``g1``
    for 371, ``5D`` for 55): each is read again alone, as digits only.

    >>> from types import SimpleNamespace as C
    >>> t = C(cells=[C(row=r, col=1, text=v, col_span=1) for r, v in enumerate(["Số lượng", "371", "g1", "408", "", "5D"])])
    >>> cells_to_read_again(t)
    [2, 5]
    >>> rows = [("STT", "Số lượng"), ("1", "g1"), ("2", "408"), ("3", "213")]
    >>> t = C(cells=[C(row=r, col=c, text=v, col_span=1) for r, row in enumerate(rows) for c, v in enumerate(row)])
    >>> cells_to_read_again(t)
    [3]

    (the header: the rows above the first number or the first row's index.)
    """
    import re

    number = re.compile(NUMBER_CELL)
    index = re.compile(ROW_INDEX)
    header_rows = min([c.row for c in table.cells if c.col > 0 and number.match(c.text)]
                      + [c.row for c in table.cells if c.col == 0 and c.row > 0 and index.match(c.text.strip())], default=0)
    by_col: dict[int, list[int]] = {}
    for i, c in enumerate(table.cells):
        if c.row >= header_rows and c.col_span == 1 and c.text.strip():
            by_col.setdefault(c.col, []).append(i)
    out = []
    for col, idx in by_col.items():
        numeric = [i for i in idx if number.match(table.cells[i].text)]
        if len(idx) >= 3 and len(numeric) >= NUMERIC_SHARE * len(idx):
            out += [i for i in idx if i not in numeric and len(table.cells[i].text.strip()) <= 8]
    return sorted(out)


def cell_image(image, box: tuple[float, float, float, float], dpi: int, height_pt: float, pad: int = 3):
    """The part of the page image inside a cell's box (PDF user space), a little inside
    its rules."""
    k = dpi / 72.0
    x0, bottom, x1, top = box
    left, upper = int(x0 * k) + pad, int((height_pt - top) * k) + pad
    right, lower = int(x1 * k) - pad, int((height_pt - bottom) * k) - pad
    if right - left < 4 or lower - upper < 4:
        return None
    return image.crop((left, upper, right, lower))
