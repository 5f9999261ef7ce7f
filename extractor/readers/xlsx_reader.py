"""Annex workbooks (``.xlsx``): every sheet becomes a caption paragraph and a table Block.

openpyxl gives each cell's stored value (``data_only``: the value Excel last
computed for a formula) and the merged ranges; a merged range is read once, as
one Cell with its row and column span. Numbers are written back the Vietnamese
way, so that the table stage reads them with the same number grammar as a
DOCX annex (``24.67`` stored → ``24,67``; a cell formatted as a percentage
``0.9097`` → ``90,97%``):

>>> cell_text(12317, "General"), cell_text(24.67, "0.00"), cell_text(0.9097, "0.00%")
('12317', '24,67', '90,97%')
>>> cell_text(1600000000.0, "#,##0"), cell_text(None, "General"), cell_text(" Trực tuyến ", "@")
('1600000000', '', 'Trực tuyến')

Rows and columns are the sheet's, 0-based (row 4, col 2 is cell ``C5``), so staff find the cell.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile

from ..model import Block, Cell, Document
from .errors import CorruptFile, EmptyDocument, EncryptedFile, check_sheet_budget, check_zip_budget
from .text import clean_line, clean_text

_DECIMALS = re.compile(r"[0#]\.(0*)(#*)")  # "0.00": two decimals; "#,##0.0#": one or two


def cell_text(value, number_format: str) -> str:
    """The cell's value as a Vietnamese report would print it (as Excel shows it).

    >>> cell_text(21.02, "#,##0.0#"), cell_text(21.0, "#,##0.0#"), cell_text(0.8948, "0.0%"), cell_text(27.2, "0.00")
    ('21,02', '21,0', '89,5%', '27,20')
    >>> cell_text(3.14159, "0.##"), cell_text(18712, "#,##0"), cell_text(3.5, "General")
    ('3,14', '18712', '3,5')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, (int, float)):
        percent = "%" in (number_format or "")
        v = value * 100 if percent else value
        m = _DECIMALS.search((number_format or "").split(";")[0])
        if isinstance(v, float) and m and (m.group(1) or m.group(2)):
            least, most = len(m.group(1)), len(m.group(1)) + len(m.group(2))
            text = f"{v:.{most}f}"
            while most > least and text.endswith("0"):  # "#": a digit shown only when it is not 0
                text, most = text[:-1], most - 1
            text = text.rstrip(".") if most == 0 else text
        elif isinstance(v, float) and v.is_integer():
            text = str(int(v))
        else:
            text = repr(round(v, 10)) if isinstance(v, float) else str(v)
        return text.replace(".", ",") + ("%" if percent else "")
    return clean_text(str(value))


def _check_package(path: str) -> None:
    with open(path, "rb") as fh:
        head = fh.read(8)
    if not head:
        raise EmptyDocument("tệp Excel rỗng (0 byte)", "the Excel file is empty (0 bytes)")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFile("tệp Excel được đặt mật khẩu hoặc là định dạng .xls cũ",
                            "the Excel file is password-protected or an old .xls file")
    if not zipfile.is_zipfile(path):
        raise CorruptFile("tệp Excel bị hỏng hoặc không phải .xlsx", "the Excel file is damaged or not an .xlsx")
    check_zip_budget(path, "Excel")
    check_sheet_budget(path)


def sheet_to_cells(ws) -> tuple[Cell, ...]:
    """The sheet's non-empty cells, a merged range once (with its spans), 0-based sheet rows/cols."""
    merged = {}
    ranges = list(ws.merged_cells.ranges)
    for rng in ranges:
        merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)

    def covered(r: int, c: int) -> bool:  # inside a merged range, not its top-left cell
        return any(rng.min_row <= r <= rng.max_row and rng.min_col <= c <= rng.max_col
                   and (r, c) != (rng.min_row, rng.min_col) for rng in ranges)

    cells = []
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or (ranges and covered(c.row, c.column)):
                continue
            text = cell_text(c.value, c.number_format)
            if not text:
                continue
            rs, cs = merged.get((c.row, c.column), (1, 1))
            cells.append(Cell(row=c.row - 1, col=c.column - 1, text=text, row_span=rs, col_span=cs))
    return tuple(cells)


def xlsx_to_blocks(path: str) -> Document:
    """Every visible sheet: a paragraph with the sheet's name, then its cells as one table."""
    import openpyxl

    _check_package(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:
        raise CorruptFile("tệp Excel bị hỏng, không đọc được", f"the Excel file is damaged: {type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        cells = sheet_to_cells(ws)
        if not cells:
            continue
        # A title written in the first rows across the sheet (one merged or lone cell) is the caption.
        rows: dict[int, list[Cell]] = {}
        for c in cells:
            rows.setdefault(c.row, []).append(c)
        caption = [clean_line(ws.title)]
        first = min(rows)
        while first in rows and len(rows[first]) == 1 and not any(ch.isdigit() for ch in rows[first][0].text[:1]):
            caption.append(rows[first][0].text.replace("\n", " "))
            first += 1
        body = tuple(c for c in cells if c.row >= first)
        blocks.append(Block(index=len(blocks), kind="paragraph", text=" ".join(caption)))
        if body:
            by_row: dict[int, list[Cell]] = {}
            for c in body:
                by_row.setdefault(c.row, []).append(c)
            text = "\n".join(" | ".join(c.text for c in by_row[r]) for r in sorted(by_row))
            blocks.append(Block(index=len(blocks), kind="table", text=text, cells=body))
    wb.close()
    if not blocks:
        raise EmptyDocument("tệp Excel không có dữ liệu", "the Excel file has no data")
    return Document(path=str(path), format="xlsx", blocks=tuple(blocks), pages=None)
