"""audit.xlsx: a summary sheet (one row per document: counts per rule and severity)
and a findings sheet (one row per finding), Vietnamese headers, frozen header row,
autofilter, wrapped text."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .findings import SEVERITIES, Rule
from .messages import where

RULE_VI = {
    "sum_mismatch": "Tổng không khớp",
    "part_exceeds_total": "Phần lớn hơn tổng",
    "ratio_mismatch": "Tỷ lệ không khớp",
    "annex_mismatch": "Thuyết minh khác phụ lục",
    "conflicting_values": "Số liệu mâu thuẫn",
    "missing_metadata": "Thiếu số, ngày, người ký",
    "name_variant": "Sai tên đơn vị",
    "missing_indicator": "Thiếu chỉ tiêu",
    "outlier": "Khác thường so với đơn vị khác",
}
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
CONFIDENCE_VI = {"high": "cao", "medium": "trung bình", "low": "thấp"}
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_SEV_FILL = {"error": PatternFill("solid", fgColor="F8CBAD"), "warning": PatternFill("solid", fgColor="FFE699"),
             "info": PatternFill("solid", fgColor="E2EFDA")}


def fmt_value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (int, float)):
        from .messages import decimals_for, vn_number

        return vn_number(v, decimals_for(v))
    return str(v)


STATUS_VI = {"ok": "đã đọc", "skipped": "bỏ qua", "error": "lỗi"}


def _label(indicator: str | None) -> str:
    """The outline's Vietnamese label of an indicator id (the id when unknown)."""
    if not indicator:
        return ""
    from ..outline import load_outline

    outline = load_outline()
    return outline.get(indicator).label if indicator in outline.ids else indicator


def _number_cell(v):
    """A number stays a number (filterable, summable) with a Vietnamese display format."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return fmt_value(v), None
    integral = float(v).is_integer()
    return (int(v) if integral else v), ("[$-42A]#,##0" if integral else "[$-42A]#,##0.00")


def _values_text(f: dict) -> str:
    out = []
    for v in f.get("values") or []:
        name = _label(v.get("indicator"))
        if v.get("category"):
            name += f" [{v['category']}]"
        count = f" ×{v['count']}" if v.get("count") else ""
        out.append(f"{name}: {v.get('text') or fmt_value(v.get('value'))}{count}".strip(": "))
    return "\n".join(out)


def _places(f: dict) -> tuple[str, str]:
    """Each quoted place once (several figures of one sentence share it)."""
    quotes, places, seen = [], [], set()
    for e in f.get("evidence") or []:
        key = (e.get("quote"), e.get("block"), e.get("row"), e.get("col"))
        if key in seen:
            continue
        seen.add(key)
        quotes.append(f"«{e.get('quote', '')}»")
        places.append(where(e))
    return "\n".join(quotes), "\n".join(places)


def _sheet(ws, headers: list[tuple[str, int]], rows: list[list]) -> None:
    ws.append([h for h, _ in headers])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for i, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"


def write_audit_xlsx(path: Path, documents: list[dict], findings: list[dict], doubtful: list[dict] = (),
                     unattributed: list[dict] = ()) -> None:
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    rules = [r.value for r in Rule]
    by_doc: dict[str, list[dict]] = {}
    for f in findings:
        by_doc.setdefault(f.get("document"), []).append(f)
    docs = list(documents) + [{"document": d, "status": "ok"} for d in by_doc if d not in {x.get("document") for x in documents}]
    docs.sort(key=lambda d: d.get("status", "ok") != "ok")  # reports first, files not read at the end
    rows = []
    for d in docs:
        fs = by_doc.get(d.get("document"), [])
        rc, sc = Counter(f["rule"] for f in fs), Counter(f["severity"] for f in fs)
        commune = d.get("commune") or (fs[0].get("commune") if fs else None)
        rows.append([d.get("document"), commune or "", d.get("level") or "", STATUS_VI.get(d.get("status"), d.get("status") or ""), len(fs)]
                    + [sc.get(s, 0) for s in SEVERITIES] + [rc.get(r, 0) for r in rules])
    _sheet(summary, [("Tệp", 34), ("Đơn vị", 18), ("Cấp", 9), ("Trạng thái", 11), ("Số phát hiện", 11)]
           + [(SEVERITY_VI[s].capitalize(), 10) for s in SEVERITIES] + [(RULE_VI[r], 14) for r in rules], rows)
    ws = wb.create_sheet("Phát hiện")
    rows, formats = [], []
    for f in findings:
        quotes, places = _places(f)
        expected, expected_fmt = _number_cell(f.get("expected"))
        sug, sug_fmt = _number_cell(f.get("suggestion"))
        rows.append([f.get("document"), f.get("commune") or "", RULE_VI.get(f["rule"], f["rule"]), f["rule"],
                     SEVERITY_VI.get(f["severity"], f["severity"]), f.get("message") or "",
                     "; ".join(_label(i) for i in f.get("indicators") or []),
                     f.get("category") or "", _values_text(f), expected, sug, _label(f.get("suggestion_for")),
                     CONFIDENCE_VI.get(f.get("confidence"), ""), quotes, places, f.get("message_en") or ""])
        formats.append((expected_fmt, sug_fmt))
    _sheet(ws, [("Tệp", 28), ("Đơn vị", 16), ("Loại phát hiện", 18), ("Mã quy tắc", 16), ("Mức độ", 10),
                ("Nội dung", 70), ("Chỉ tiêu", 30), ("Phân loại", 16), ("Số liệu báo cáo nêu", 34), ("Giá trị đúng theo quan hệ", 14),
                ("Giá trị có thể đúng", 14), ("Sửa ở chỉ tiêu", 24), ("Độ tin cậy", 10), ("Trích dẫn", 70), ("Vị trí", 22),
                ("Message (English)", 60)], rows)
    for r, f in enumerate(findings, start=2):
        fill = _SEV_FILL.get(f["severity"])
        if fill:
            ws.cell(row=r, column=5).fill = fill
        for col, fmt in zip((10, 11), formats[r - 2]):
            if fmt:
                ws.cell(row=r, column=col).number_format = fmt
    _sheet(wb.create_sheet("Cần kiểm tra"),
           [("Tệp", 28), ("Đơn vị", 16), ("Chỉ tiêu", 34), ("Phân loại", 16), ("Số như viết", 14), ("Độ tin cậy", 10),
            ("Từ ngày", 11), ("Đến ngày", 11), ("Trích dẫn", 70), ("Vị trí", 22)],
           [[f.get("document"), f.get("commune") or "", f.get("label") or f.get("indicator"), f.get("category") or "",
             f.get("text"), f.get("confidence"), f.get("period_start") or "", f.get("period_end") or "", f.get("quote") or "",
             where(f.get("source"))] for f in sorted(doubtful, key=lambda f: (f.get("document") or "", f.get("confidence") or 0))])
    _sheet(wb.create_sheet("Số chưa gán"),
           [("Tệp", 28), ("Số như viết", 14), ("Vai trò", 30), ("Trích dẫn", 80), ("Vị trí", 22)],
           [[u.get("document"), u.get("text"), u.get("role_vi") or u.get("role"), u.get("quote") or "", where(u.get("source"))]
            for u in unattributed])
    wb.save(path)
