"""Table cells that hold several figures, and table rows a page break cut in two.

A cell "75 / 74" under "Từ chối / Rút hồ sơ", or beside a row label split the same way
("tiếp nhận / đã giải quyết / đang giải quyết"), holds one figure per item of the label;
"4636 (4252 / 384)" beside "Số hồ sơ (trực tuyến / trực tiếp)" holds a total and its
parts. ``cell_parts`` gives each part with its own label. ``joined_over_pages`` makes a
row that a PDF page break cut in two whole again before the tables are read.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from .model import Block, Cell
from .numbers import load_grammar
from .table_words import load_table_words
from .textnorm import fold

WORDS = load_table_words()
_DIGIT = regex.compile(r"\d")

_PART = r"(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d[\d.,]*)(?:\s*%)?"  # "1 381" (thousands by a space) too
_PART_RE = regex.compile(_PART)
_LIST_CELL = regex.compile(rf"^\s*{_PART}(?:\s*/\s*{_PART}){{1,5}}\s*$")  # "75 / 74", "341 / 332 / 09": one per label
_TOTAL_PARTS_CELL = regex.compile(rf"^\s*{_PART}\s*\(\s*{_PART}(?:\s*/\s*{_PART}){{1,5}}\s*\)\s*$")  # "4636 (4252 / 384)"


def is_figure_list(text: str) -> bool:
    """A cell of figures separated by slashes, or a total with its parts in parentheses.

    >>> is_figure_list("341 / 332 / 09"), is_figure_list("1 545 (1 381 / 164)"), is_figure_list("29 thôn")
    (True, True, False)
    """
    return bool(_LIST_CELL.match(text) or _TOTAL_PARTS_CELL.match(text))


def cell_parts(cell: Cell, row_label: str, header: str | None, head: str, own: int):
    """(cell to read, where it starts in the cell as written, its row label, its header,
    where in that label a category may be named: ``own``, or the part's own item);
    ``head`` is the column's header text (``header`` when a row of labels gives one).

    A cell "75 / 74" under "Từ chối / Rút hồ sơ" (or beside a row label split the same
    way, "tiếp nhận / đã giải quyết / đang giải quyết") is one figure per label; "4636
    (4252 / 384)" beside "Số hồ sơ (trực tuyến / trực tiếp)" is a total and its parts.
    Parts whose labels cannot be told apart give nothing (a total still gives itself)."""
    total = bool(_TOTAL_PARTS_CELL.match(cell.text))
    if not (total or _LIST_CELL.match(cell.text)):
        yield cell, None, row_label, header, own
        return
    spans = [(p.start(), p.end()) for p in _PART_RE.finditer(cell.text)]
    n = len(spans) - total
    head_split, row_split = slash_labels(head, n), _own_slash_labels(row_label, own, n)
    if total:
        a, b = spans[0]
        yield (replace(cell, text=cell.text[a:b]), a, row_split[0] if row_split else row_label,
               head_split[0] if head_split and not row_split else head, own)
    for (a, b), i in zip(spans[total:], range(n)):
        part = replace(cell, text=cell.text[a:b])
        if head_split:
            yield part, a, row_label, head_split[1][i], own
        elif row_split:
            yield part, a, row_split[1][i], head, min(own, len(row_split[0]))


def _paired(first: str, second: str) -> tuple[str, list[str]] | None:
    """"Biên chế CBCC trước" / "sau sắp xếp": the pair's words swap, the rest is shared."""
    ff, fs = fold(first), fold(second)
    for a, b in WORDS.paired_words:
        for x, y in ((a, b), (b, a)):
            if ff.endswith(" " + x) and (fs == y or fs.startswith(y + " ")):
                head, tail = first[: len(first) - len(x)].strip(), second[len(y):].strip()
                return head, [" ".join(w for w in (head, first[len(first) - len(x):], tail) if w),
                              " ".join(w for w in (head, second[: len(y)], tail) if w)]
    return None


def _own_slash_labels(row_label: str, own: int, n: int) -> tuple[str, list[str]] | None:
    """``slash_labels`` of the row's own label (its parents' labels before it may hold
    slashes of their own: "... số dịch vụ / số hồ sơ" over "- Hồ sơ trực tuyến / trực tiếp"),
    else of the whole label."""
    prefix = row_label[:own]
    split = slash_labels(row_label[own:], n) if prefix.strip() else None
    if split is None:
        return slash_labels(row_label, n)
    head, items = split
    return f"{prefix}{head}", [f"{prefix}{it}" for it in items]


_LIST_IN_PARENS = regex.compile(r"^(?P<head>[^()]*)\((?P<items>[^()]*/[^()]*)\)(?P<tail>[^()]*)$")


def slash_labels(label: str, n: int) -> tuple[str, list[str]] | None:
    """(the words all the items share, each item's full label) of a label that names
    ``n`` figures with slashes; None when it does not.

    >>> slash_labels("Số hồ sơ (trực tuyến / trực tiếp)", 2)
    ('Số hồ sơ', ['Số hồ sơ trực tuyến', 'Số hồ sơ trực tiếp'])
    >>> slash_labels("Hồ sơ của các Bộ: tiếp nhận / đã giải quyết / đang giải quyết", 3)[1]
    ['Hồ sơ của các Bộ tiếp nhận', 'Hồ sơ của các Bộ đã giải quyết', 'Hồ sơ của các Bộ đang giải quyết']
    >>> slash_labels("Số hồ sơ tiếp nhận / giải quyết", 2)[1]
    ['Số hồ sơ tiếp nhận', 'Số hồ sơ giải quyết']
    >>> slash_labels("Biên chế CBCC trước / sau sắp xếp", 2)[1]
    ['Biên chế CBCC trước sắp xếp', 'Biên chế CBCC sau sắp xếp']
    >>> slash_labels("Từ chối / Rút hồ sơ", 2)[1], slash_labels("Từ chối / Rút hồ sơ", 3)
    (['Từ chối', 'Rút hồ sơ'], None)
    """
    paren = _LIST_IN_PARENS.match(label)
    if paren:
        items = [it.strip() for it in paren.group("items").split("/")]
        if len(items) == n and all(items):
            head = " ".join(f"{paren.group('head')} {paren.group('tail')}".split())
            return head, [f"{head} {it}".strip() for it in items]
    parts = [p.strip() for p in label.split("/")]
    if len(parts) != n or not all(parts):
        return None
    if n == 2:
        paired = _paired(parts[0], parts[1])
        if paired:
            return paired
    first = parts[0]
    colon = first.rfind(":")
    if colon >= 0:
        head, parts[0] = first[:colon].strip(), first[colon + 1:].strip()
    else:  # "Số hồ sơ tiếp nhận / giải quyết": the first item's head is the others' too
        words, second = first.split(), parts[1].split()
        cut = len(words) - len(second) if len(second) < len(words) else 0
        head, parts[0] = " ".join(words[:cut]), " ".join(words[cut:])
    return head, [f"{head} {p}".strip() for p in parts]


def joined_over_pages(blocks) -> list[Block]:
    """The blocks, with a table row that a page break cut in two made whole again: the
    words at the top of the next page's table, in a first row with no number and no row
    mark ("| trình phát sinh hồ sơ | |"), or whose first cell goes on in lower case (a
    header row cut after its first line: "Tổng số | Hoàn thành" over "được đánh giá |
    xuất sắc nhiệm vụ"), end the labels of the last row before the break ("6 | Số DVCTT
    toàn | Dịch vụ | 63"); that first row is then left out."""
    out = list(blocks)
    for k in range(1, len(out)):
        a, b = out[k - 1], out[k]
        if not (a.kind == b.kind == "table" and a.cells and b.cells and a.pages and b.pages
                and b.pages[0] == a.pages[-1] + 1):
            continue
        first = min(c.row for c in b.cells)
        top = [c for c in b.cells if c.row == first]
        ncols = max(c.col + c.col_span for c in a.cells)
        if (max(c.col + c.col_span for c in b.cells) != ncols or any(is_numeric_cell(c.text) for c in top)
                or any(not _goes_on(c.text.strip()) for c in top if c.col == 0 and c.text.strip())):
            continue
        last = max(c.row for c in a.cells)
        words = {c.col: c.text.strip() for c in top if c.text.strip()}
        cells = tuple(replace(c, text=f"{c.text.rstrip()}\n{words[c.col]}") if c.row == last and c.col in words else c
                      for c in a.cells)
        out[k - 1] = replace(a, cells=cells)
        out[k] = replace(b, cells=tuple(c for c in b.cells if c.row != first))
    return out


def _goes_on(text: str) -> bool:
    """Words that continue a cell's text rather than begin one: lower case, or a bracket
    ("(%)" under "Tỷ lệ"). A row begins with a capital, a number or a row mark."""
    return text[:1].islower() or text[:1] == "("


def is_numeric_cell(text: str) -> bool:
    """A cell that holds figures only: a number (with a qualifier or unit word), figures
    separated by slashes, or zero in words.

    >>> [is_numeric_cell(t) for t in ("12.582", "khoảng 30%", "75 / 74", "không có", "Tổng số", "")]
    [True, True, True, True, False, False]
    """
    if is_figure_list(text):
        return True
    if fold(text).strip(" .") in load_grammar().zero_words:
        return True  # "Quá hạn | không có": zero in words
    return bool(text.strip()) and bool(WORDS.numeric_cell.match(text)) and bool(_DIGIT.search(text))

