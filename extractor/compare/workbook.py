"""``comparison.xlsx``: the wide table for people, each value linked back to its
source, audit findings marked, a summary with city totals, ranks, per-capita figures
and charts, the findings, the sources and the notes.

Numbers are shown the Vietnamese way (``1.234.567``, ``24,67``) by formats carrying
the Vietnamese locale (``[$-42A]``); values stay numbers, so sums and filters work.
"""
from __future__ import annotations

import json

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment as Align
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..sheets import BOLD, FILES_SHEET, LOCALE, WRAP, files_sheet, printable, table_sheet
from ..wording import confidence_vi, rule_vi, severity_vi
from .align import Alignment, RowUnit
from .cells import (CENTER, FILL_CONFLICT, FILL_CORRECTED, FILL_DERIVED, FILL_ERROR, FILL_HEADER, FILL_UNKNOWN, FILL_WARNING,
                    FINDINGS, HEADER_ROWS, KEY, LEFT, MAIN, NOTES, SOURCES, SUMMARY, WorkbookInput, _autofit,
                    _mark_cell, _marks_by_cell, decision_note, location_text, number_format, quote_excerpt)
from .derive import alignment_to_population
from .key_sheet import _key_sheet
from ..wording import value_decimals, vn_number
from .labels import NO_PERIOD, column_header, period_text
from .notes_sheet import _notes_sheet
from .tables import ID_COLUMNS, row_note


def build_workbook(inp: WorkbookInput) -> Workbook:
    wb = Workbook()
    key = wb.active
    key.title = KEY
    main = wb.create_sheet(MAIN)
    summary = wb.create_sheet(SUMMARY)
    findings = wb.create_sheet(FINDINGS)
    files = wb.create_sheet(FILES_SHEET)
    sources = wb.create_sheet(SOURCES)
    notes = wb.create_sheet(NOTES)
    source_rows = _sources_sheet(sources, inp)
    _key_sheet(key, inp)
    _main_sheet(main, inp.alignment, inp, source_rows)
    _summary_sheet(summary, inp)
    _findings_sheet(findings, inp)
    files_sheet(files, list(inp.documents))
    _notes_sheet(notes, inp)
    return wb


def _main_sheet(ws, al: Alignment, inp: WorkbookInput, source_rows: dict) -> None:
    """The wide table of ``al``, the alignment by reporting round: each cell names its
    exact period and the values of other periods of the same report it hides."""
    outline = inp.outline
    n_id = len(ID_COLUMNS)
    captions = ["Chỉ tiêu", "Phân loại", "Kỳ báo cáo", "Đơn vị tính"]
    for r, cap in enumerate(captions[:3], start=1):
        ws.cell(r, 1, cap + " →").font = BOLD
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=n_id)
        ws.cell(r, 1).alignment = Align(horizontal="right", vertical="center")
    for c, (_, head) in enumerate(ID_COLUMNS, start=1):
        cell = ws.cell(HEADER_ROWS, c, head)
        cell.font, cell.fill, cell.alignment = BOLD, FILL_HEADER, CENTER
    headers = [column_header(k, outline) for k in al.columns]
    for j, h in enumerate(headers):
        col = n_id + 1 + j
        for r, text in enumerate((h.label, h.category, h.period, h.unit), start=1):
            cell = ws.cell(r, col, text)
            cell.fill, cell.alignment = FILL_HEADER, (LEFT if r <= 2 else CENTER)
            if r == 1:
                cell.font = BOLD
    # merge repeated labels (and categories under one label) across adjacent columns
    for level in (1, 2):
        start = 0
        for j in range(1, len(headers) + 1):
            same = j < len(headers) and headers[j].label == headers[start].label and (
                level == 1 or headers[j].category == headers[start].category)
            if not same:
                if j - 1 > start:
                    ws.merge_cells(start_row=level, start_column=n_id + 1 + start, end_row=level, end_column=n_id + j)
                start = j
    cmap = al.cell_map()
    marks = _marks_by_cell(inp.marks)
    conflicts: dict[str, int] = {}
    for c in al.cells:
        if c.conflict:
            conflicts[c.row] = conflicts.get(c.row, 0) + 1
    for i, r in enumerate(al.rows):
        rr = HEADER_ROWS + 1 + i
        ids = {"unit_code": r.unit_code, "unit": r.unit, "level": r.level, "document": ", ".join(r.shown),
               "note": row_note(r, conflicts.get(r.key, 0))}
        for c, (field, _) in enumerate(ID_COLUMNS, start=1):
            cell = ws.cell(rr, c, ids[field])
            if not r.known:
                cell.fill = FILL_UNKNOWN
        for j, k in enumerate(al.columns):
            data = cmap.get((r.key, k))
            if data is None:
                continue
            cell = ws.cell(rr, n_id + 1 + j, data.value)
            cell.number_format = number_format(data.value)
            exact = data.exact or k  # marks and sources are keyed by the exact column
            text = f"«{quote_excerpt(data.figure)}»\n— {location_text(data.figure)}"
            if data.exact is not None:
                text = f"Kỳ báo cáo: {period_text(exact.period_start, exact.period_end)}\n" + text
            if data.figure.get("qualifier"):
                text += f"\nƯớc lượng: {data.figure['qualifier']} (số như viết: {data.figure.get('text')})"
            if data.conflict:
                cell.fill = FILL_CONFLICT
                others = "; ".join(f"{o.get('text')} ({location_text(o)})" for o in data.others)
                text += f"\n⚠ Báo cáo nêu giá trị khác cho cùng chỉ tiêu, kỳ: {others}. Bảng lấy giá trị khớp với các số liệu khác nếu phần kiểm tra tìm ra, nếu không thì giá trị nêu trước."
            for h in data.hidden:
                text += (f"\nCùng báo cáo, kỳ {period_text(h.column.period_start, h.column.period_end)}: "
                         f"{vn_number(h.value)} ({location_text(h.figure)}) — không hiện, cột này hiện kỳ kết thúc muộn hơn.")
            decided = decision_note(data.figure)
            if decided:
                text = decided + "\n" + text
            _mark_cell(cell, text, marks.get((r.key, exact), []))
            if decided:
                cell.fill = FILL_CORRECTED  # staff's correction shows, whatever the finding on the cell
            target = source_rows.get((r.key, exact))
            if target:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{SOURCES}'!A{target}",
                                           tooltip="Xem nguồn / go to the source")
    ws.freeze_panes = ws.cell(HEADER_ROWS + 1, n_id + 1)
    last_col = get_column_letter(n_id + max(1, len(al.columns)))
    ws.auto_filter.ref = f"A{HEADER_ROWS}:{last_col}{HEADER_ROWS + max(1, len(al.rows))}"
    ws.row_dimensions[1].height = 75
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[3].height = 30
    _autofit(ws, {1: 9, 2: 22, 3: 8, 4: 22, 5: 28} | {n_id + 1 + j: 15 for j in range(len(al.columns))})
    printable(ws, title_rows=f"1:{HEADER_ROWS}", title_cols="B:B", paper="A3", fit_width=False)  # every page names its units
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 0, 1  # all units on one page high
    ws.sheet_properties.pageSetUpPr.fitToPage = True


SOURCE_COLUMNS = ["STT", "Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Phân loại", "Kỳ báo cáo", "Giá trị",
                  "Số như viết", "Ước lượng", "Tệp", "Trang", "Đoạn", "Hàng bảng", "Cột bảng",
                  "Trích dẫn", "Giá trị khác cùng ô (mâu thuẫn)", "Về ô"]


def _sources_sheet(ws, inp: WorkbookInput) -> dict:
    """One row per value with its exact period (shown or hidden by the grouping);
    returns the row of each (row, exact column); each row links to its cell of "So sánh"."""
    al, outline = inp.exact or inp.alignment, inp.outline
    shown_in = {}
    for c in inp.alignment.cells:
        for member in (c, *c.hidden):
            shown_in[(c.row, member.exact or member.column if member is c else member.column)] = c.column
    rows = {r.key: r for r in al.rows}
    for c, head in enumerate(SOURCE_COLUMNS, start=1):
        cell = ws.cell(1, c, head)
        cell.font, cell.fill, cell.alignment = BOLD, FILL_HEADER, CENTER
    colpos = {k: j for j, k in enumerate(inp.alignment.columns)}
    rowpos = {r.key: i for i, r in enumerate(al.rows)}
    out = {}
    for n, c in enumerate(al.cells, start=1):
        rr = n + 1
        r: RowUnit = rows[c.row]
        f, s = c.figure, c.figure.get("source") or {}
        k = c.column
        values = [n, r.unit_code, r.unit, k.indicator, outline.get(k.indicator).label, k.category or "tổng số",
                  period_text(k.period_start, k.period_end), c.value, f.get("text"), f.get("qualifier"), f.get("document"),
                  s.get("page"), None if s.get("block") is None else s["block"] + 1,
                  None if s.get("row") is None else s["row"] + 1,
                  None if s.get("col") is None else s["col"] + 1, f.get("quote"),
                  "; ".join(f"{vn_number(o.get('value'))} ({location_text(o)})" for o in c.others) or None]
        for col, v in enumerate(values, start=1):
            cell = ws.cell(rr, col, v)
        ws.cell(rr, 8).number_format = number_format(c.value)
        ws.cell(rr, 16).alignment = WRAP
        if c.conflict:
            ws.cell(rr, 17).fill = FILL_CONFLICT
        main_col = shown_in.get((c.row, k))
        if main_col in colpos:
            target = f"'{MAIN}'!{get_column_letter(len(ID_COLUMNS) + 1 + colpos[main_col])}{HEADER_ROWS + 1 + rowpos[c.row]}"
            back = ws.cell(rr, len(SOURCE_COLUMNS), "→ ô")
            back.hyperlink = Hyperlink(ref=back.coordinate, location=target)
            back.font = Font(color="0563C1", underline="single")
        out[(c.row, k)] = rr
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(SOURCE_COLUMNS))}{max(2, len(al.cells) + 1)}"
    printable(ws, title_rows="1:1")
    _autofit(ws, {1: 6, 2: 8, 3: 18, 4: 20, 5: 30, 6: 16, 7: 20, 8: 14, 9: 10, 10: 9, 11: 20, 12: 7, 13: 7, 14: 8, 15: 8, 16: 70, 17: 30, 18: 6})
    return out


def _summary_sheet(ws, inp: WorkbookInput) -> None:
    al, outline = inp.alignment, inp.outline
    ws["A1"] = "TỔNG HỢP SO SÁNH CÁC ĐƠN VỊ"
    ws["A1"].font = Font(bold=True, size=14)
    ok_docs = [d for d in inp.documents if d.get("status", "ok") == "ok"]
    known = sum(r.known for r in al.rows)
    replaced = [(r, d) for r in al.rows for d in r.replaced]
    lines = [
        f"{len(al.rows)} đơn vị trong bảng ({known} xác định được theo danh mục, {len(al.rows) - known} chưa xác định); "
        f"{len(ok_docs)} báo cáo đọc được; {len(al.columns)} cột số liệu; {len(al.cells)} ô có giá trị.",
        (f"{len(replaced)} báo cáo bị thay bằng báo cáo sau của cùng đơn vị (xem trang {NOTES})." if replaced
         else "Không có đơn vị nào gửi hai báo cáo."),
        "Ô nền xanh lá và cột có dấu (*) là SỐ SUY RA do solieu tính từ số liệu báo cáo (tổng, trung vị, hạng, "
        "số trên 1.000 dân = giá trị ÷ dân số đơn vị tự báo cáo × 1.000), không phải số đơn vị báo cáo.",
    ]
    for i, line in enumerate(lines, start=2):
        ws.cell(i, 1, line)
    # city totals
    r0 = len(lines) + 3
    ws.cell(r0 - 1, 1, "1. Các chỉ tiêu chính của các đơn vị có báo cáo").font = BOLD
    heads = ["Chỉ tiêu", "Kỳ báo cáo", "Đơn vị tính", "Số đơn vị báo cáo", "Tổng các đơn vị có báo cáo (*)", "Trung vị (*)",
             "Nhỏ nhất", "Lớn nhất"]
    for c, h in enumerate(heads, start=1):
        cell = ws.cell(r0, c, h)
        cell.font, cell.fill, cell.alignment = BOLD, FILL_HEADER, CENTER
    for i, kf in enumerate(inp.key_figures, start=1):
        ind = outline.get(kf.column.indicator)
        vals = [ind.label, period_text(kf.column.period_start, kf.column.period_end, kf.column.round), ind.unit, kf.units,
                kf.total if kf.total is not None else "—", kf.median, kf.low, kf.high]
        for c, v in enumerate(vals, start=1):
            cell = ws.cell(r0 + i, c, v)
            if isinstance(v, (int, float)) and c >= 5:
                cell.number_format = number_format(v, min(2, value_decimals(v)))
            if c in (5, 6):
                cell.fill = FILL_DERIVED
    # per unit
    t0 = r0 + len(inp.key_figures) + 3
    ws.cell(t0 - 1, 1, "2. Từng đơn vị: giá trị báo cáo, số trên 1.000 dân (*) và hạng (*; 1 = cao nhất)").font = BOLD
    pop = alignment_to_population(al)
    heads = ["Đơn vị", "Cấp", "Dân số (đơn vị báo cáo)"]
    spans = []
    for kf in inp.key_figures:
        label = outline.get(kf.column.indicator).label
        spans.append(len(heads) + 1)
        heads += [label, f"{label} trên 1.000 dân (*)"] if kf.per_capita else [label]
        heads.append(f"Hạng {label}{' trên 1.000 dân' if kf.per_capita else ''} (*)")
    for c, h in enumerate(heads, start=1):
        cell = ws.cell(t0, c, h)
        cell.font, cell.fill, cell.alignment = BOLD, FILL_HEADER, CENTER
    ws.row_dimensions[t0].height = 60
    by_row = [{f.row: f for f in kf.figures} for kf in inp.key_figures]
    for i, r in enumerate(al.rows, start=1):
        rr = t0 + i
        ws.cell(rr, 1, r.unit)
        ws.cell(rr, 2, r.level)
        if r.key in pop:
            ws.cell(rr, 3, pop[r.key]).number_format = number_format(pop[r.key])
        for kf, figs, c0 in zip(inp.key_figures, by_row, spans):
            f = figs.get(r.key)
            c = c0
            if f is not None:
                ws.cell(rr, c, f.value).number_format = number_format(f.value)
            c += 1
            if kf.per_capita:
                cell = ws.cell(rr, c, None if f is None or f.per_1000 is None else round(f.per_1000, 3))
                cell.number_format, cell.fill = number_format(1.5, 1), FILL_DERIVED
                c += 1
            cell = ws.cell(rr, c, f.rank if f is not None and f.rank else None)
            cell.fill = FILL_DERIVED
    last = t0 + len(al.rows)
    ws.freeze_panes = None
    _autofit(ws, {1: 34, 2: 24, 3: 14} | {c: 15 for c in range(4, len(heads) + 1)})
    printable(ws)
    # charts: one per key indicator, below the tables
    anchor_row = last + 3
    ws.cell(anchor_row - 1, 1, "3. Biểu đồ các chỉ tiêu chính theo đơn vị").font = BOLD
    cats = Reference(ws, min_col=1, min_row=t0 + 1, max_row=max(t0 + 1, last))
    height = max(7.5, 0.45 * len(al.rows) + 3)
    for n, (kf, c0) in enumerate(zip(inp.key_figures, spans)):
        ind = outline.get(kf.column.indicator)
        col = c0 + 1 if kf.per_capita else c0
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        period = period_text(kf.column.period_start, kf.column.period_end, kf.column.round)
        chart.title = (f"{ind.label}{' trên 1.000 dân (số suy ra)' if kf.per_capita else ''}"
                       f"{'' if period == NO_PERIOD else ' — ' + period}")
        chart.y_axis.title = f"{ind.unit}/1.000 dân" if kf.per_capita else ind.unit
        chart.y_axis.numFmt = LOCALE + "#,##0"
        chart.x_axis.scaling.orientation = "maxMin"  # units top-down in the table's order
        chart.legend = None
        chart.add_data(Reference(ws, min_col=col, min_row=t0, max_row=max(t0 + 1, last)), titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = height, 18
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        ws.add_chart(chart, f"{get_column_letter(1 + (n % 2) * 9)}{anchor_row + (n // 2) * int(height * 2 + 2)}")


FINDING_COLUMNS = [("Tệp", 20), ("Đơn vị", 12), ("Cấp", 7), ("Loại phát hiện", 13), ("Mức độ", 8), ("Chỉ tiêu", 20),
                   ("Phân loại", 11), ("Kỳ báo cáo", 14), ("Giá trị nêu", 22), ("Giá trị theo quan hệ / trung vị", 11),
                   ("Nội dung", 60), ("Gợi ý", 10), ("Độ tin cậy", 9), ("Vị trí", 20), ("Message (English)", 50)]


def _json(v) -> str | None:
    if v is None or isinstance(v, (str, int, float)):
        return v
    return json.dumps(v, ensure_ascii=False)


def values_text(values, labels: dict[str, str]) -> str | None:
    """A finding's stated values for people.

    >>> values_text([{"indicator": "schools", "category": "mầm non", "value": 3, "text": "03"}], {"schools": "Số trường học"})
    'Số trường học (mầm non): 03'
    """
    if not isinstance(values, list):
        return _json(values)
    parts = []
    for v in values:
        if not isinstance(v, dict):
            parts.append(str(v))
            continue
        name = labels.get(v.get("indicator"), v.get("indicator") or "")
        if v.get("category"):
            name += f" ({v['category']})"
        shown = v.get("text") if v.get("text") not in (None, "") else v.get("value")
        if isinstance(shown, (int, float)) and not isinstance(shown, bool):
            shown = vn_number(shown, min(2, value_decimals(shown)))
        parts.append(f"{name}: {shown}" if name else str(shown))
    return "; ".join(parts)


def _findings_sheet(ws, inp: WorkbookInput) -> None:
    """One finding a row, in Vietnamese (rule and severity names, numbers), printable."""
    outline = inp.outline
    labels = {i.id: i.label for i in outline.indicators}
    rows = []
    for f in inp.findings:
        ev = (f.get("evidence") or [{}])[0] or {}
        place = location_text({"document": ev.get("document") or f.get("document"), "source": ev}) if ev else f.get("document")
        rows.append([f.get("document"), f.get("commune"), f.get("level"), rule_vi(f.get("rule")), severity_vi(f.get("severity")),
                     "; ".join(labels.get(x, x) for x in f.get("indicators") or []), f.get("category"),
                     period_text(f.get("period_start"), f.get("period_end")), values_text(f.get("values"), labels),
                     _number(f.get("expected")), f.get("message"), _number(f.get("suggestion")),
                     confidence_vi(f.get("confidence")), place, f.get("message_en")])
    table_sheet(ws, FINDING_COLUMNS, rows, printed=len(FINDING_COLUMNS) - 1)
    for i, f in enumerate(inp.findings, start=2):
        sev = f.get("severity")
        ws.cell(i, 5).fill = FILL_ERROR if sev == "error" else FILL_WARNING if sev == "warning" else PatternFill()
    ws.freeze_panes = "C2"


def _number(v):
    """A number stays a number (its cell gets a Vietnamese format); anything else is text."""
    if v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)):
        return v
    return _json(v)
