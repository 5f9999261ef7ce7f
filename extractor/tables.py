"""Annex tables into mentions.

A number in a table cell is named by its row's label (and the row it sits
under), its column's header rows (merged cells included) and the table's
caption (``Phụ lục 01 ...``). A column header that states a period gives the
cell its period. A table that continues on the next page without its header
takes the header of the table before it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .context import Sentence, is_heading, scope_of
from .mentions import Mention, match_unit, named_in, noun_ending, sentences_to_mentions, unit_index, whole_noun
from .model import Block, Cell, Document
from .numbers import find_quantities
from .outline import Outline
from .periods import find_periods
from .table_parts import cell_parts, joined_over_pages
from .table_parts import is_numeric_cell as _is_numeric
from .table_words import load_table_words
from .textnorm import fold

# patterns compiled once (they run for every number)
_BLANK = regex.compile(r"\s*[-–—x…/]?\s*", regex.I)
_ROMAN = regex.compile(r"[IVXLC]+")
_ARABIC = regex.compile(r"\d+")
_DOTTED_NUMBER = regex.compile(r"\d+(?:\.\d+)+")
_LETTER = regex.compile(r"[a-zđ]")
_DIGIT = regex.compile(r"\d")

WORDS = load_table_words()
NUMBERING_HEADERS = WORDS.numbering_headers  # a column of row numbers, not data
_SQUEEZED_NUMBERING = frozenset(h.replace(" ", "") for h in NUMBERING_HEADERS)


def is_numbering_header(text: str) -> bool:
    """A header of a column of row numbers ("STT", "TT", "Số TT"), also when a narrow
    column wraps it ("ST T" in a PDF).

    >>> is_numbering_header("STT"), is_numbering_header("ST T"), is_numbering_header("Số TT."), is_numbering_header("Tổng số")
    (True, True, True, False)
    """
    return fold(text).replace(" ", "").strip(".") in _SQUEEZED_NUMBERING


def column_headers(block: Block, row: int, col: int) -> list[str]:
    """The folded header texts above cell (row, col): the table's first rows, merged cells included."""
    return [fold(" ".join(c.text.split())) for c in block.cells
            if c.row < min(row, 3) and c.col <= col < c.col + max(1, c.col_span)]
_INDEX_CELL = regex.compile(r"^\s*(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[-+*•])[.)]?\s*$")


def index_level(text: str) -> int | None:
    """Depth of an STT cell: ``I`` 1, ``1`` 2, ``1.1`` 3, ``a`` 3, ``-`` 4; None if empty.

    >>> [index_level(t) for t in ("II", "3", "1.2", "a)", "-", "", "Tổng")]
    [1, 2, 3, 3, 4, None, None]
    """
    t = text.strip().rstrip(".)")
    if not t or not _INDEX_CELL.match(text):
        return None
    if _ROMAN.fullmatch(t):
        return 1
    if _ARABIC.fullmatch(t):
        return 2
    if _DOTTED_NUMBER.fullmatch(t):
        return 2 + t.count(".")
    if _LETTER.fullmatch(t):
        return 3
    return 4


@dataclass(frozen=True)
class TableShape:
    header_rows: int
    col_headers: tuple[str, ...]  # per grid column, the header text above it
    index_cols: frozenset[int]
    caption: str
    unit_cols: frozenset[int] = frozenset()  # "Đơn vị tính" columns: the row's counted noun
    note_cols: frozenset[int] = frozenset()  # "Ghi chú" columns: their words are no label
    continued: bool = False  # the table goes on from the one before it (the next page), under its header


def _holds_figures(text: str) -> bool:
    """Words with numbers in them that may be figures (not dates nor document numbers)."""
    return bool(_DIGIT.search(text)) and bool(find_quantities(text))


_PERCENT_ROW = regex.compile(r"\(\s*%\s*\)\s*$")  # "Tỷ lệ DVCTT phát sinh hồ sơ (%) | 22,6 | 26,98"


def _grid(block: Block) -> dict[int, list[Cell]]:
    rows: dict[int, list[Cell]] = {}
    for c in block.cells:
        rows.setdefault(c.row, []).append(c)
    for r in rows.values():
        r.sort(key=lambda c: c.col)
    return rows


def table_shape(block: Block, caption: str, previous: TableShape | None = None) -> TableShape:
    """How many header rows the table has and what each column's header says."""
    rows = _grid(block)
    ncols = max((c.col + c.col_span for c in block.cells), default=0)
    header_rows = 0
    numbered = bool(rows) and rows[min(rows)][0].col == 0 and is_numbering_header(rows[min(rows)][0].text)
    for r in sorted(rows):
        if any(_is_numeric(c.text) or _holds_figures(c.text) for c in rows[r] if c.col > 0 or len(rows[r]) == 1):
            break
        first = rows[r][0]
        if first.col == 0 and index_level(first.text) is not None and r > 0:
            break  # "I | Thủ tục hành chính": the body's first section row
        if numbered and r > min(rows) and first.col == 0 and 0 < len(first.text.strip()) <= 4:
            break  # under "STT", a short mark where the header has none: a row's number, misread by OCR ("lị" for I)
        header_rows = r + 1
    if header_rows == 0 and previous is not None and len(previous.col_headers) == ncols:
        return replace(previous, header_rows=0, continued=True)  # its first row is a row of figures
    headers = []
    for col in range(ncols):
        parts = []
        for c in block.cells:
            if c.row < header_rows and c.col <= col < c.col + c.col_span:
                t = c.text.strip()
                if t and t not in parts:
                    parts.append(t)
        headers.append(" ".join(parts))
    index_cols = frozenset(i for i, h in enumerate(headers) if is_numbering_header(h))
    unit_cols = frozenset(i for i, h in enumerate(headers) if fold(h).strip(" .") in WORDS.unit_headers)
    note_cols = frozenset(i for i, h in enumerate(headers) if i > 0 and WORDS.is_note_header(fold(h)))
    return TableShape(header_rows, tuple(headers), index_cols, caption, unit_cols, note_cols)


def _caption(doc: Document, block: Block) -> str:
    """The paragraphs right before a table (``Phụ lục 01: ...``) and its heading."""
    parts = []
    for b in reversed(doc.blocks[: block.index]):
        if b.kind != "paragraph":
            break
        parts.append(b.text)
        if len(parts) >= 3 or is_heading(b) or fold(b.text).startswith(("phụ lục", "biểu")):
            break
    return " ".join(reversed(parts))


def tables_to_mentions(doc: Document, outline: Outline, report_date: str | None, cutoff: str | None,
                       section_periods: dict | None = None) -> list[Mention]:
    """Every number in the body's tables, named by its row, column and caption."""
    index = unit_index(outline)
    out: list[Mention] = []
    previous: TableShape | None = None
    carry: dict = {}
    blocks = joined_over_pages(doc.blocks)
    for k, block in enumerate(blocks):
        if block.kind != "table" or block.origin == "header" or not block.cells:
            continue
        if not any(_is_numeric(c.text) or _holds_figures(c.text) for c in block.cells):
            # a header alone at the foot of a page heads the table that goes on on the next
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            previous = table_shape(block, _caption(doc, block)) if nxt is not None and nxt.kind == "table" else None
            continue
        caption = _caption(doc, block)
        shape = table_shape(block, caption, previous)
        previous = shape
        fcaption = fold(shape.caption)
        caption_period = find_periods(shape.caption, report_date, cutoff)
        section = (section_periods or {}).get(block.index, (None, None))
        if not caption_period and section != (None, None):
            caption_period = ((*section, 0, 0),)  # the period the table's section states
        carry = carry if shape.continued else {}  # the rows still open at the foot of the page before
        for cell, row_label, unit_text, own, detail, header in body_cells(block, shape, carry, outline):
            col_header = header if header is not None else (shape.col_headers[cell.col] if cell.col < len(shape.col_headers) else "")
            # "Hồ sơ trên hệ thống ... của các Bộ" > "Tiếp nhận", in the row's label or the column's header
            scope = scope_of(fold(f"{row_label} {col_header}"), outline)
            if detail:
                out.extend(_detail_mentions(block, cell, row_label, scope, shape, caption_period, report_date, cutoff, outline, header,
                                            unit_text))
            else:
                said = row_label  # the row's words still state its period ("6 tháng cuối năm 2025")
                if header is not None and row_label and _names_indicator(fold(header), outline):
                    # "Số điểm trạm y tế | Trường mầm non" over "04 | 04": each column names its own
                    # figure; the first column's label is only context
                    row_label, own = "", 0
                col_head = header if header is not None else (shape.col_headers[cell.col] if cell.col < len(shape.col_headers) else "")
                for part, offset, part_label, part_header, part_own in cell_parts(cell, row_label, header, col_head, own):
                    made = _cell_mentions(block, part, part_label, unit_text, part_own, scope, shape,
                                          fcaption, caption_period, report_date, cutoff, index, part_header, said)
                    out.extend(made if offset is None else [_in_cell(m, offset, cell) for m in made])
    return out


def _is_detail(cell: Cell, first_label_col: int | None) -> bool:
    """A cell of words with figures in it, right of the row's label: "Trực tiếp: 5.007;
    trực tuyến: 21.105", "14 (03 MN, 06 TH, 05 THCS)"."""
    return (not _is_numeric(cell.text) and bool(_DIGIT.search(cell.text))
            and first_label_col is not None and cell.col > first_label_col
            and bool(find_quantities(cell.text)))  # not a note such as "Tính đến ngày 20/5/2026"


def _header_labels(shape: TableShape, cell: Cell, outline: Outline | None) -> bool:
    """The cell's column header names an indicator: in a table whose rows have no label of
    their own ("Phòng chuyên môn | Trường học" over "03 | 16 (06 MN, 03 TH, 03 THCS)")."""
    return (outline is not None and cell.col < len(shape.col_headers)
            and _names_indicator(fold(shape.col_headers[cell.col]), outline))


def _detail_mentions(block, cell, row_label, scope, shape, caption_period, report_date, cutoff, outline,
                     numbers_header: str | None = None, unit_text: str = "") -> list[Mention]:
    """The figures of a detail cell, read like a sentence that follows its row's label;
    a count with no noun of its own counts the row's ``Đơn vị tính`` ("Toàn trình: 88" in
    a row of "dịch vụ")."""
    header = shape.col_headers[cell.col] if cell.col < len(shape.col_headers) else ""
    periods = (find_periods(row_label, report_date, cutoff) or find_periods(header, report_date, cutoff)
               or find_periods(numbers_header or "", report_date, cutoff) or caption_period)
    ranges = [p for p in periods if p[0] is not None]  # "Từ 01/01/2026 đến nay | ... | Số liệu đến 25/5/2026"
    period = (ranges or periods)[-1][:2] if periods else (None, None)
    if not row_label.strip():
        row_label = header  # a row with no label of its own: its column's header names the figures
    prefix = f"{row_label.strip()}: "
    text = prefix + cell.text
    inside = tuple((ps, pe, a, b) for ps, pe, a, b in find_periods(text, report_date, cutoff) if a >= len(prefix))
    sent = Sentence(block=block, start=0, end=len(text), text=text, lead="", heading="", before="",
                    period=period, scope=scope, periods=inside)
    row_unit, row_inds, _ = match_unit(fold(unit_text), 0, unit_index(outline)) if unit_text.strip() else (None, frozenset(), 0)
    out = []
    for m in sentences_to_mentions([sent], outline):
        if m.q.start < len(prefix):
            continue  # a number of the row's label ("1.1", "Bộ 02")
        if m.unit is None and row_unit is not None and m.q.kind == "number" and not m.noun_after:
            m = replace(m, unit=row_unit, unit_indicators=row_inds)
        page = cell.page if cell.page is not None else block.page_at(0)
        out.append(replace(m, row=cell.row, col=cell.col, page=page,
                           pages=(page,) if page is not None else (),
                           block_start=m.q.start - len(prefix), block_end=m.q.end - len(prefix),
                           quote=cell.text, quote_offset=0, around=fold(shape.caption)))
    return out


def body_cells(block: Block, shape: TableShape, carry: dict | None = None, outline: Outline | None = None):
    """(numeric cell, its row's label after its parents' labels, the row's unit text, where
    the row's own label begins) of the body.

    A row's parents come from the STT column (``II`` > ``1`` > ``1.1`` > ``-``) when
    the table has one, else from ``-`` / ``trong đó`` sub-rows under the row before.
    """
    rows = _grid(block)
    parents: list[tuple[int, str]] = []  # (level, label) of the open rows above
    parent_label = ""
    stacked: dict[int, str] = dict(enumerate(shape.col_headers))  # the last row of labels
    inner = False  # a row of labels inside the body replaced the table's header
    if carry:  # a table that goes on from the page before: its open rows and last row of labels
        parents, parent_label, stacked, inner = list(carry["parents"]), carry["parent_label"], carry["stacked"], carry["inner"]
    for r in sorted(rows):
        if r < shape.header_rows:
            continue
        # "-", "x" in a data cell: nothing stated (in the STT column "-" marks a sub-row)
        cells = [c for c in rows[r] if c.col in shape.index_cols or not _BLANK.fullmatch(c.text)]
        skip = shape.index_cols | shape.unit_cols
        words = [c for c in cells if not _is_numeric(c.text) and c.col not in skip]
        first_label_col = next((c.col for c in words if c.text.strip()), None)
        details = [c for c in words if _is_detail(c, first_label_col)
                   or (c.col == first_label_col and _header_labels(shape, c, outline) and _is_detail(c, -1))]
        # a note is no part of the label, unless it states the row's period ("Năm 2025"); a note
        # of figures that opens with a period gives the row that period ("Năm 2025: HTXS 15; HTT 76")
        opening = [_opening_period(c.text) for c in details if c.col in shape.note_cols]
        label = " ".join([c.text.strip() for c in words
                          if c not in details and (c.col not in shape.note_cols or find_periods(c.text, None, None))]
                         + [p for p in opening if p])
        unit_text = " ".join(c.text for c in cells if c.col in shape.unit_cols)
        numbers = [c for c in cells if c.col not in skip and _is_numeric(c.text)]
        marks = [c.text for c in cells if c.col in shape.index_cols]
        level = index_level(marks[0]) if marks else None
        if level is None and label and WORDS.subrow.match(label):
            level = 4
        if shape.index_cols and level is not None:
            while parents and parents[-1][0] >= level:
                parents.pop()
            row_label = " ".join([p for _, p in parents] + [label])
            parents.append((level, label))
        elif shape.index_cols and level is None and parents and not fold(label).startswith(WORDS.total_rows):
            # an unnumbered sub-row of the last numbered row; it heads the "-" rows under it
            # ("2 | Số DVCTT toàn trình (dịch vụ)" > "| Số hồ sơ của DVCTT toàn trình (hồ sơ)" > "| - Trực tuyến")
            while len(parents) > 1 and (parents[-1][0] >= 4 or parents[-1][0] != int(parents[-1][0])):
                parents.pop()
            row_label = " ".join([p for _, p in parents] + [label])
            if parents[-1][0] < 4 and parents[-1][0] == int(parents[-1][0]):
                parents.append((parents[-1][0] + 0.5, label))
        else:
            is_sub = bool(WORDS.subrow.match(label))
            row_label = f"{parent_label} {label}" if is_sub and parent_label else label
            if not is_sub:
                parent_label = label
        if not numbers and not shape.index_cols:
            parent_label = label
        if not numbers and not details and len([c for c in words if c.text.strip()]) >= 2:
            stacked = {c.col: c.text.strip() for c in words}  # a row of labels for the row below
            inner = True
            continue
        body = [c for c in cells if c.col not in skip and c.text.strip()]
        if numbers and body and _is_numeric(body[0].text) and stacked:
            # "Tiếp nhận | Trực tiếp | Trực tuyến" over "3 653 | 276 | 3 377": the first column
            # holds the total, the others its parts, named by the row of labels above
            # (words right of the numbers are notes: "Ghi chú | Tổng số 15 trường công lập")
            first = body[0].col
            notes = " ".join(c.text.strip() for c in words if c not in details and c.col > first)
            for c in numbers:
                lead = "" if c.col == first else stacked.get(first, "")
                yield c, f"{lead} {notes}".strip(), unit_text, len(lead), False, stacked.get(c.col, "")
            for c in details:  # "16 (06 MN, 03 TH, 03 THCS)" under "Trường học"
                yield c, "", unit_text, 0, True, stacked.get(c.col, "")
            continue
        pairs = _label_value_pairs(cells, skip, details)
        for c in numbers:
            if pairs:  # "Thanh tra | 03 | Văn hóa, thể thao và du lịch | 02": each number its own label
                own_label = pairs.get(c.col, "")
                prefix = row_label[: len(row_label) - len(label)]
                yield c, prefix + own_label, unit_text, len(prefix), False, None
                continue
            first_number = min(n.col for n in numbers)
            label_col = first_label_col if (first_label_col or 0) < first_number else None
            # "Loại DVCTT | ... / Một phần | ...": what the rows' labels name; in a band
            # ("Đã giải quyết | Tổng số | Quá hạn / Hệ thống TP | 12.582 | 57") the band's first label
            kind = stacked.get(label_col, "").strip() if inner and label_col is not None else _label_column_header(shape, label_col)
            yield (c, f"{kind} {row_label}".strip(), unit_text, len(row_label) - len(label) + len(kind) + bool(kind), False,
                   stacked.get(c.col, "") if inner else None)
        for c in details:  # a note's figures take the period of the row's numbers' column when it states none
            yield c, row_label, unit_text, len(row_label) - len(label), True, _numbers_header(shape, numbers)
    if carry is not None:
        carry.update(parents=list(parents), parent_label=parent_label, stacked=dict(stacked), inner=inner)


def _opening_period(text: str) -> str:
    """The period a note opens with, as written: "Năm 2025" of "Năm 2025: HTXS 15; HTT 76"."""
    periods = find_periods(text, None, None)
    if periods and periods[0][2] <= 2:
        return text[periods[0][2]:periods[0][3]].strip()
    return ""


@lru_cache(maxsize=4096)
def _names_indicator(fheader: str, outline: Outline) -> bool:
    """Whether a header holds a label of some indicator (not only a category: "Trực tiếp")."""
    return bool(named_in(fheader, outline))


def _label_column_header(shape: TableShape, col: int | None) -> str:
    """The header over the rows' labels says what kind of thing they name: "Loại DVCTT"
    over "Một phần" is "DVCTT một phần" ("" for a generic one such as "Nội dung")."""
    if col is None or col >= len(shape.col_headers):
        return ""
    return shape.col_headers[col].strip()


def _in_cell(m: Mention, offset: int, cell: Cell) -> Mention:
    """A part's mention pointing into the whole cell as written."""
    return replace(m, quote=cell.text, block_start=m.block_start + offset, block_end=m.block_end + offset)


def _numbers_header(shape: TableShape, numbers: list[Cell]) -> str | None:
    """The header over the row's first number (where a note beside it takes its period)."""
    if not numbers or numbers[0].col >= len(shape.col_headers):
        return None
    return shape.col_headers[numbers[0].col]


def _label_value_pairs(cells: list[Cell], skip, details) -> dict[int, str]:
    """For a row that sets labels and numbers side by side (label, number, label, number),
    the label of each number's column: the words between the number before it and it.
    Empty when the row has one label for all its numbers."""
    seq = [c for c in cells if c.col not in skip and c not in details and c.text.strip()]
    kinds = ["n" if _is_numeric(c.text) else "w" for c in seq]
    if kinds.count("n") < 2 or "nw" not in "".join(kinds) or kinds[0] != "w":
        return {}
    out: dict[int, str] = {}
    words: list[str] = []
    for c, k in zip(seq, kinds):
        if k == "w":
            words.append(c.text.strip())
        else:
            if not words:
                return {}  # two numbers under one label: columns of one row, not pairs
            out[c.col] = " ".join(words)
            words = []
    return out


def _cell_mentions(block, cell, row_label, unit_text, own, scope, shape, fcaption, caption_period, report_date, cutoff, index,
                   header: str | None = None, said: str | None = None) -> list[Mention]:
    if header is None:
        header = shape.col_headers[cell.col] if cell.col < len(shape.col_headers) else ""
    qs = find_quantities(cell.text, index.nouns)
    if not qs:
        return []
    q = qs[0]
    fheader = fold(header)
    if q.kind == "number" and (WORDS.is_percent_header(fheader) or fold(unit_text).strip() in WORDS.percent_units
                               or _PERCENT_ROW.search(fold(row_label))):
        q = replace(q, kind="percent")  # a "Tỷ lệ (%)" column, a "%" unit or row: the cell is a percentage
    scale = WORDS.money_scale(fold(unit_text)) or WORDS.money_scale(fold(header))
    if q.kind == "number" and scale:  # "Đồng | 1 250 000 000", "Kinh phí (triệu đồng) | 630"
        q = replace(q, kind="money", value=_scaled(q.value, scale))
    fcell = fold(cell.text)
    unit, inds, _ = match_unit(fcell, q.end, index)
    if unit is None and unit_text.strip() and q.kind != "percent" and "%" not in header:
        unit, inds, _ = match_unit(fold(unit_text), 0, index)
    if unit is None:
        unit, inds = _unit_from_header(fold(header), index)
    if unit is None:  # the row's own label names its noun after its parents': "... (dịch vụ) Số hồ sơ (hồ sơ)"
        unit, inds = _unit_from_header(fold(row_label), index, last=True)
    if unit is None and q.kind == "number":
        unit, inds = noun_ending(fold(row_label), index)  # "DVCTT một phần: số dịch vụ / số hồ sơ"
    if unit is None and q.kind == "number":
        unit, inds = _unit_from_header(fcaption, index)  # "Bảng 2. ... (đơn vị: hồ sơ)"
    periods = (find_periods(row_label if said is None else said, report_date, cutoff)
               or find_periods(header, report_date, cutoff) or caption_period)
    ranges = [p for p in periods if p[0] is not None]  # "Từ 01/01/2026 đến nay | ... | Số liệu đến 25/5/2026"
    period = (ranges or periods)[-1][:2] if periods else (None, None)
    left = fold(row_label)
    right = fold(header)
    return [
        Mention(
            q=q,
            sentence=None,
            block=block,
            quote=cell.text,
            quote_offset=0,
            left=left,
            right=right,
            right_tight=right,
            unit=unit,
            unit_indicators=inds,
            noun_after=False,
            sentence_text=f"{left} {right}",
            around=fcaption,
            period=period,
            scope=scope,
            row=cell.row,
            col=cell.col,
            page=cell.page if cell.page is not None else block.page_at(0),
            pages=(cell.page,) if cell.page is not None else block.pages[:1],
            block_start=q.start,
            block_end=q.end,
            category_from=own,
        )
    ]


def _scaled(value, scale: int):
    from decimal import Decimal
    v = Decimal(str(value)) * scale
    return int(v) if v == v.to_integral_value() else float(v)


def _unit_from_header(ftext: str, index, last: bool = False) -> tuple[str | None, frozenset[str]]:
    """A counted noun named in a header or caption: ``(người)``, ``(đơn vị: hồ sơ)``,
    ``Đơn vị tính: hồ sơ`` (the last one named when ``last``)."""
    units = "|".join(regex.escape(w) for w in sorted(WORDS.unit_headers, key=len, reverse=True))
    found = list(regex.finditer(rf"\((?:(?:{units})\s*:\s*)?([^()]{{1,30}})\)|(?:{units})\s*:\s*([^,;()]{{1,30}})", ftext))
    for m in reversed(found) if last else found:
        unit, inds = whole_noun((m.group(1) or m.group(2)).strip(), index)
        if unit:
            return unit, inds
    return None, frozenset()
