"""What every sheet staff print shares: headers, wrapped cells with row heights that fit
their text, A4 landscape fitted to the page width with the header repeated on every
page, Vietnamese number formats, and the sheet of files that were not read.

LibreOffice and Excel do not grow a row to fit wrapped text written by openpyxl, so
heights are estimated here from the text and the column widths (``row_height``).
"""
from __future__ import annotations

import math

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .wording import status_vi, value_decimals

LOCALE = "[$-42A]"  # Vietnamese: 1.234.567 and 24,67
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TEXT = Alignment(wrap_text=True, vertical="top", indent=1)  # text never touches the number before it
NUMBER = Alignment(vertical="top", horizontal="right", indent=1)  # a number never touches the next column's text
LINE_HEIGHT = 15.0  # points per line of 11-point text
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def number_format(value, decimals: int | None = None) -> str:
    """A Vietnamese number format showing ``value`` without noise (at most 2 decimals
    unless ``decimals`` says otherwise).

    >>> number_format(3260), number_format(24.67), number_format(3.5, 1), number_format(75.05992808629644)
    ('[$-42A]#,##0', '[$-42A]#,##0.00', '[$-42A]#,##0.0', '[$-42A]#,##0.00')
    """
    if decimals is None:
        decimals = min(2, value_decimals(value))
    return LOCALE + "#,##0" + ("." + "0" * decimals if decimals else "")


def text_lines(text, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide.

    >>> text_lines("a" * 25, 10), text_lines("ab\\ncd", 10), text_lines(None, 10)
    (3, 2, 1)
    """
    if text is None or text == "":
        return 1
    chars = max(1.0, width * 1.1 - 2)  # a column of width w holds about 1.1·w characters of 11-point text
    return sum(max(1, math.ceil(len(part) / chars)) for part in str(text).split("\n"))


def row_height(values, widths: list[float]) -> float:
    """The height (points) of a row whose wrapped cells hold ``values`` in columns of ``widths``."""
    lines = max((text_lines(v, w) for v, w in zip(values, widths) if isinstance(v, str)), default=1)
    return min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2)


def table_sheet(ws, headers: list[tuple[str, float]], rows: list[list], *, printed: int | None = None) -> None:
    """A sheet of one table: bold wrapped header with a filter, frozen under it, every
    cell wrapped and top-aligned, printable. Only the first ``printed`` columns are
    printed (all by default: long quotes and the English go last and stay on screen);
    each row is as high as the text of those columns."""
    widths = [w for _, w in headers]
    printed = printed or len(headers)
    ws.append([h for h, _ in headers])
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    ws.row_dimensions[1].height = row_height([h for h, _ in headers], [w * 0.85 for w in widths])  # bold is wider
    for row in rows:
        ws.append(row)
        r = ws.max_row
        for cell in ws[r]:
            cell.alignment = TEXT
            v = cell.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cell.number_format = number_format(v)
                cell.alignment = NUMBER
        ws.row_dimensions[r].height = row_height(row[:printed], widths[:printed])
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    printable(ws, title_rows="1:1")
    if printed < len(headers):
        ws.print_area = f"A1:{get_column_letter(printed)}{max(1, len(rows) + 1)}"


def printable(ws, *, title_rows: str | None = None, title_cols: str | None = None, paper: str = "A4",
              fit_width: bool = True) -> None:
    """Landscape, fitted to the page width (as many pages high as needed), the titles
    repeated on every page, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A3 if paper == "A3" else Worksheet.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "Trang &P / &N"
    ws.oddHeader.center.text = "&A"


FILES_SHEET = "Tệp không đọc được"
FILE_COLUMNS = [("Tệp", 50), ("Trạng thái", 12), ("Lý do", 60), ("Reason (English)", 50), ("Định dạng", 10)]


def files_sheet(ws, documents: list[dict]) -> int:
    """The files that failed or were skipped, each with its reason; returns how many."""
    rows = [[d.get("document"), status_vi(d.get("status")), d.get("reason") or "", d.get("reason_en") or "",
             d.get("format") or ""]
            for d in sorted(documents, key=lambda d: (d.get("status") != "error", d.get("document") or ""))
            if d.get("status") in ("error", "skipped")]
    if not rows:
        rows = [["Mọi tệp đều đã đọc được.", "", "", "Every file was read.", ""]]
    table_sheet(ws, FILE_COLUMNS, rows)
    return sum(d.get("status") in ("error", "skipped") for d in documents)
