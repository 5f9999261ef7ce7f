"""The first sheet of ``comparison.xlsx``, "Chỉ tiêu chính": the key indicators
(``key_sheet`` in ``patterns/compare.yaml``) of every unit on a few A4 landscape pages,
the units repeated on every page."""
from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..sheets import number_format as _sheet_format
from ..sheets import BOLD, WRAP, printable, row_height
from .align import Alignment
from .cells import (CENTER, FILL_HEADER, FILL_UNKNOWN, MAIN, WorkbookInput, _autofit,
                    _mark_cell, _marks_by_cell, location_text, quote_excerpt)
from .derive import key_column
from .labels import NO_PERIOD, column_header, period_text

def key_sheet_columns(al: Alignment, indicators) -> list:
    """The column shown for each key indicator: its total in the period most units
    state (``derive.key_column``); indicators no report states are left out."""
    return [k for k in (key_column(al, iid) for iid in indicators) if k is not None]


def _key_sheet(ws, inp: WorkbookInput) -> None:
    """The key indicators of every unit on a few A4 landscape pages: the units repeated
    on every page, each column headed by its label, period and unit."""
    al, outline = inp.alignment, inp.outline
    columns = key_sheet_columns(al, inp.settings.key_sheet)
    rounds = sorted({c.round for c in columns if c.round})
    ws.cell(1, 1, "CÁC CHỈ TIÊU CHÍNH CỦA CÁC ĐƠN VỊ" + (f" — {'; '.join(rounds)}" if rounds else "")).font = Font(bold=True, size=13)
    ws.cell(2, 1, f"Bảng đầy đủ ở trang '{MAIN}'. Ô nền hồng: phần kiểm tra thấy lỗi; nền vàng: cảnh báo (xem ghi chú "
                  "của ô). Số liệu như đơn vị báo cáo.")
    ws.row_dimensions[1].height, ws.row_dimensions[2].height = 20, 15  # one line each, running over the empty cells
    head = 3
    fixed = [("STT", 5), ("Đơn vị", 22), ("Cấp", 8)]
    widths = [w for _, w in fixed] + [13.0] * len(columns)
    titles = [h for h, _ in fixed]
    for k in columns:
        h = column_header(k, outline)
        period = "" if h.period == NO_PERIOD else "\n" + _short_period(k)
        cat = "" if k.category is None else f" – {k.category}"
        titles.append(f"{h.label}{cat}{period}\n({h.unit})")
    for c, t in enumerate(titles, start=1):
        cell = ws.cell(head, c, t)
        cell.font, cell.fill, cell.alignment = BOLD, FILL_HEADER, CENTER
    ws.row_dimensions[head].height = row_height(titles, widths)
    cmap = al.cell_map()
    marks = _marks_by_cell(inp.marks)
    for i, r in enumerate(al.rows, start=1):
        rr = head + i
        for c, v in enumerate((i, r.unit, r.level), start=1):
            cell = ws.cell(rr, c, v)
            cell.alignment = CENTER if c == 1 else WRAP
            if not r.known:
                cell.fill = FILL_UNKNOWN
        for j, k in enumerate(columns):
            data = cmap.get((r.key, k))
            if data is None:
                continue
            cell = ws.cell(rr, len(fixed) + 1 + j, data.value)
            cell.number_format = _sheet_format(data.value)
            exact = data.exact or k
            text = f"{period_text(exact.period_start, exact.period_end)}\n«{quote_excerpt(data.figure, 200)}»\n— {location_text(data.figure)}"
            _mark_cell(cell, text, marks.get((r.key, exact), []))
        ws.row_dimensions[rr].height = row_height([r.unit], widths[1:2])
    _autofit(ws, {c: w for c, w in enumerate(widths, start=1)})
    ws.freeze_panes = ws.cell(head + 1, len(fixed) + 1)
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(titles))}{head + max(1, len(al.rows))}"
    printable(ws, title_rows=f"{head}:{head}", title_cols="A:C")


def _short_period(k) -> str:
    """A column's period in a few words for a narrow header.

    >>> from extractor.compare.labels import ColumnKey
    >>> _short_period(ColumnKey("x", None, "2025-07-01", "2026-06-28", "Sơ kết 01 năm"))
    'từ 01/07/2025 đến ngày báo cáo'
    >>> _short_period(ColumnKey("x", None, None, "2026-05"))
    'đến tháng 5/2026'
    """
    if k.round:
        return period_text(k.period_start, k.period_end, k.round).split(" (")[0]
    return period_text(k.period_start, k.period_end)
