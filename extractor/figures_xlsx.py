"""figures.xlsx: figures.csv for people, as a workbook that opens the same on any
regional setting: typed numbers and dates in the Vietnamese format, the confidence as a
percentage, filters and a frozen header. Written row by row as reports finish
(openpyxl's write-only mode): memory does not grow with the number of figures."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .records import FIGURE_CSV_COLUMNS, flat_figure
from .sheets import HEADER_FILL, LOCALE, number_format, printable
from .wording import period_text

SHEET = "Số liệu"
# (field, header, width); "period" is the period in words, "from"/"to" its dates
COLUMNS = [("document", "Tệp", 26), ("commune", "Đơn vị", 16), ("level", "Cấp", 7), ("label", "Chỉ tiêu", 34),
           ("category", "Phân loại", 14), ("value", "Giá trị", 13), ("unit", "Đơn vị tính", 10),
           ("qualifier", "Ước lượng", 10), ("period", "Kỳ báo cáo", 24), ("period_start", "Từ ngày", 11),
           ("period_end", "Đến ngày", 11), ("text", "Số như viết", 12)] + [
    (k, vi, 8) for k, vi in FIGURE_CSV_COLUMNS if k in ("page", "block", "row", "col", "sources")] + [
    ("confidence", "Độ tin cậy", 10), ("check", "Cần kiểm tra", 12), ("quote", "Trích dẫn", 80), ("indicator", "Mã chỉ tiêu", 22)]
_CHECK_FILL = PatternFill("solid", fgColor="FFEB9C")  # "cần kiểm tra"


def _date(iso):
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


class FiguresWorkbook:
    """figures.xlsx written one figure at a time: ``add(records)``, then ``save(path)``."""

    def __init__(self):
        self.wb = Workbook(write_only=True)
        self.ws = ws = self.wb.create_sheet(SHEET)
        for i, (_, _, width) in enumerate(COLUMNS):
            ws.column_dimensions[get_column_letter(i + 1)].width = width
        ws.freeze_panes = "B2"
        printable(ws, title_rows="1:1")
        head = []
        for _, title, _ in COLUMNS:
            c = WriteOnlyCell(ws, title)
            c.font, c.fill, c.alignment = Font(bold=True), HEADER_FILL, Alignment(wrap_text=True, vertical="top")
            head.append(c)
        ws.append(head)
        self.rows = 0

    def add(self, figures) -> None:
        ws = self.ws
        for rec in figures:
            flat = flat_figure(rec)
            flat["period"] = period_text(rec.get("period_start"), rec.get("period_end"))
            row = []
            for field, _, _ in COLUMNS:
                v = flat.get(field)
                if field in ("period_start", "period_end"):
                    v = _date(v)
                fmt = fill = None
                if field == "value" and isinstance(v, (int, float)):
                    fmt = number_format(v)
                elif field in ("period_start", "period_end") and v:
                    fmt = "dd/mm/yyyy"
                elif field == "confidence" and v is not None:
                    fmt = LOCALE + "0.0%"
                elif field == "check" and v:
                    fill = _CHECK_FILL
                if fmt is None and fill is None:
                    row.append("" if v is None else v)  # a plain value: no cell object to build (a third of the time)
                    continue
                c = WriteOnlyCell(ws, "" if v is None else v)
                if fmt is not None:
                    c.number_format = fmt
                if fill is not None:
                    c.fill = fill
                row.append(c)
            ws.append(row)
            self.rows += 1

    def save(self, path: Path) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self.rows + 1}"
        self.wb.save(path)


def write_figures_xlsx(path: Path, figures) -> None:
    """figures.xlsx of ``figures`` (any iterable of figure records)."""
    book = FiguresWorkbook()
    book.add(figures)
    book.save(path)
