"""Page words into lines, for every reader that has words with boxes (a PDF's text
layer, OCR): words become *fragments* (runs on one line without a column-sized gap),
fragments become visual *lines* (grouped by vertical overlap, top to bottom, left to
right). Coordinates are PDF user space (y grows upwards); pages are 1-based.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Iterable, NamedTuple, Sequence

from .text import clean_line

# Distances are in multiples of a line's box height ``h`` (about 1.15 em).
COLUMN_GAP = 2.5  # a horizontal gap wider than this splits a line into columns
WORD_GAP = 0.2  # a gap wider than this between glyphs is a space
GLUE_GAP = 0.1  # fragments closer than this are glued without a space


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
    conf: float | None = None  # OCR: Tesseract's confidence in the word, 0–100 (None: a text layer)
    box: tuple[float, float, float, float] | None = None  # OCR: [x0, top, x1, bottom] in points from the page's top-left

    @property
    def cy(self) -> float:
        return (self.bottom + self.top) / 2


class Fragment:
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
    frags: tuple[Fragment, ...] = field(default=(), compare=False, repr=False)


# --------------------------------------------------- words -> fragments


def _continues(frag: Fragment, word: Word) -> bool:
    """Whether ``word`` goes on ``frag``'s line, just to its right, within a column gap."""
    em = max(frag.em, word.top - word.bottom)
    if not frag.bottom - 0.35 * em <= word.cy <= frag.top + 0.35 * em:
        return False
    gap = word.x0 - frag.x1
    return -0.5 * em <= gap <= COLUMN_GAP * em


def words_to_fragments(words: Iterable[Word | None]) -> list[Fragment]:
    """Group words (in pdfium order) into fragments.

    A fragment ends at pdfium's line break, when the next word is on another line
    or goes back left, and at a gap wider than ``COLUMN_GAP`` (a column).
    """
    frags: list[Fragment] = []
    cur: Fragment | None = None
    for word in words:
        if word is None:
            cur = None
        elif cur is not None and _continues(cur, word):
            cur.add(word)
        else:
            cur = Fragment(word)
            frags.append(cur)
    return frags


# --------------------------------------------------- fragments -> lines


def _glue(frags: Sequence[Fragment], em: float) -> str:
    """Text of fragments left to right: glued when touching (``km`` ``²``), else one space."""
    out = frags[0].text
    for prev, frag in zip(frags, frags[1:]):
        out += ("" if frag.x0 - prev.x1 < GLUE_GAP * em else " ") + frag.text
    return out


def _column_groups(frags: Sequence[Fragment], em: float) -> tuple[tuple[float, float, str], ...]:
    """Split a line's fragments where the gap is wider than ``COLUMN_GAP`` ems."""
    groups: list[list[Fragment]] = [[frags[0]]]
    for prev, frag in zip(frags, frags[1:]):
        if frag.x0 - max(f.x1 for f in groups[-1]) > COLUMN_GAP * em:
            groups.append([frag])
        else:
            groups[-1].append(frag)
    return tuple((g[0].x0, max(f.x1 for f in g), clean_line(_glue(g, em))) for g in groups)


def make_line(frags: Sequence[Fragment], page: int) -> Line | None:
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


def fragments_to_lines(frags: Iterable[Fragment], page: int) -> list[Line]:
    """Visual lines, top to bottom: fragments whose centres are within half an em
    of the line's widest fragment."""
    rows: list[list[Fragment]] = []
    anchors: list[Fragment] = []
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
