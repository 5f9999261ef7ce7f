"""Where a figure of a PDF stands on its page: its box ``[x0, top, x1, bottom]`` in PDF
points, measured from the page's top-left corner (pdfplumber's convention), so staff
and the workbench can show the page around it.

The figure already knows its page, its text as written and the quote around it. On
that page's text layer every place where the same characters stand is a candidate; the
one whose preceding words best match the words before the figure in its quote wins,
and its box is the union of its characters' boxes. A figure whose page has no text
layer (a scan) or whose text cannot be found keeps no box.
"""
from __future__ import annotations

import regex

_NOT_WORD = regex.compile(r"[\W_]+")


def _squeeze(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphens and spaces left out."""
    return _NOT_WORD.sub("", text).lower()


def common_tail(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their ends.

    >>> common_tail("hồ sơ tiếp nhận", "tổng hồ sơ tiếp nhận"), common_tail("abc", "xyz")
    (15, 0)
    """
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def best_place(page_text: str, text: str, before: str, after: str = "") -> int | None:
    """Where in ``page_text`` the figure ``text`` stands: the occurrence (not inside a
    longer number) whose surrounding words best match ``before`` and ``after`` (the
    quote's words on each side of the figure); None when it is not there.

    >>> best_place("Xã có 12 trường.\\r\\nXã có 12 điểm trường", "12", "Xã có ", " điểm trường")
    24
    """
    left, right = _squeeze(before[-60:]), _squeeze(after[:60])
    best, best_score = None, -1
    for at in occurrences(page_text, text):
        end = at + len(text)
        here_left = _squeeze(page_text[max(0, at - 120):at])
        here_right = _squeeze(page_text[end:end + 120])
        score = common_tail(here_left, left) + common_head(here_right, right)
        if score > best_score:
            best, best_score = at, score
    return best


def occurrences(page_text: str, text: str):
    """Where ``text`` stands in ``page_text`` and is not part of a longer number (plain
    string search: a pattern compiled per figure would cost more than the whole search).

    >>> list(occurrences("12 và 1.12 và 12,5 và 12", "12"))
    [0, 22]
    """
    at = page_text.find(text)
    while at >= 0:
        end = at + len(text)
        before = page_text[at - 1] if at else " "
        after = page_text[end:end + 2] + "  "
        if not (before.isdigit() or before in ".,") and not (after[0].isdigit() or (after[0] in ".," and after[1].isdigit())):
            yield at
        at = page_text.find(text, at + 1)


def common_head(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their starts.

    >>> common_head("điểm trường", "điểm trạm")
    7
    """
    return common_tail(a[::-1], b[::-1])


def figures_to_boxes(path: str, figures) -> dict[int, tuple[float, float, float, float]]:
    """{index in ``figures``: box} for the figures found on their page's text layer."""
    return places_to_boxes(path, [(f.text, f.quote, f.source) for f in figures])


def places_to_boxes(path: str, places, opened=None) -> dict[int, tuple[float, float, float, float]]:
    """{index in ``places``: box} for the places (text, quote, source) found on their
    page's text layer: a figure's own place and each other place it is stated.
    ``opened``: the ``PdfPages`` the reader read them from (their text pages are not
    loaded again); without, the file is opened here."""
    from .pdf_reader import PdfPages

    by_page: dict[int, list[int]] = {}
    for i, (_, _, src) in enumerate(places):
        if src.page:
            by_page.setdefault(src.page, []).append(i)
    out: dict[int, tuple[float, float, float, float]] = {}
    if not by_page:
        return out
    with PdfPages.lent(path, opened) as pdf:
        for number, indexes in by_page.items():
            if not 1 <= number <= len(pdf.pdf):
                continue
            page, tp = pdf.page(number - 1)
            height = page.get_height()
            text = tp.get_text_range()
            if not text.strip():
                continue
            for i in indexes:
                figure_text, quote, src = places[i]
                at = best_place(text, figure_text, quote[:src.start], quote[src.end:])
                if at is None:
                    continue
                boxes = [tp.get_charbox(k, loose=True) for k in range(at, at + len(figure_text)) if not text[k].isspace()]
                if not boxes:
                    continue
                left, bottom, right, top = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                            max(b[2] for b in boxes), max(b[3] for b in boxes))
                out[i] = (round(left, 1), round(height - top, 1), round(right, 1), round(height - bottom, 1))
    return out
