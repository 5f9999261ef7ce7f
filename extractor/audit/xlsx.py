"""audit.xlsx: a summary sheet (one row per document: counts per rule and severity)
and a findings sheet (one row per finding), Vietnamese headers, frozen header row,
autofilter, wrapped text."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from ..sheets import FILES_SHEET, files_sheet, table_sheet
from ..wording import confidence_vi, figure_confidence_vi, load_wording, period_text, rule_vi, severity_vi, status_vi, where
from .findings import SEVERITIES, Rule

RULE_VI = load_wording().rules  # kept for importers; the words live in patterns/wording.yaml
SEVERITY_VI = load_wording().severities
CONFIDENCE_VI = load_wording().confidence
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
        if where(e) not in places:
            places.append(where(e))
    return "\n".join(quotes), "\n".join(places)


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
        rows.append([d.get("document"), commune or "", d.get("level") or "", status_vi(d.get("status")), len(fs)]
                    + [sc.get(s, 0) for s in SEVERITIES] + [rc.get(r, 0) for r in rules] + ["\n".join(d.get("warnings") or [])])
    table_sheet(summary, [("Tệp", 34), ("Đơn vị", 18), ("Cấp", 9), ("Trạng thái", 11), ("Số phát hiện", 11)]
                + [(severity_vi(s).capitalize(), 10) for s in SEVERITIES] + [(rule_vi(r), 14) for r in rules]
                + [("Lưu ý khi đọc tệp (bản quét, bảng không đọc được...)", 50)], rows)
    ws = wb.create_sheet("Phát hiện")
    rows, formats = [], []
    for f in findings:
        quotes, places = _places(f)
        expected, expected_fmt = _number_cell(f.get("expected"))
        sug, sug_fmt = _number_cell(f.get("suggestion"))
        rows.append([f.get("document"), f.get("commune") or "", rule_vi(f["rule"]), severity_vi(f["severity"]),
                     f.get("message") or "", "; ".join(_label(i) for i in f.get("indicators") or []),
                     f.get("category") or "", _values_text(f), expected, sug, _label(f.get("suggestion_for")),
                     confidence_vi(f.get("confidence")), places, quotes, f.get("message_en") or ""])
        formats.append((expected_fmt, sug_fmt))
    table_sheet(ws, [("Tệp", 20), ("Đơn vị", 12), ("Loại phát hiện", 13), ("Mức độ", 8),
                     ("Nội dung", 60), ("Chỉ tiêu", 20), ("Phân loại", 11), ("Số liệu báo cáo nêu (như viết)", 26),
                     ("Giá trị tính theo quan hệ giữa các số", 12), ("Gợi ý: giá trị có thể đúng", 12),
                     ("Gợi ý: sửa ở chỉ tiêu", 14), ("Độ tin cậy", 9),
                     ("Vị trí", 14), ("Trích dẫn", 60), ("Message (English)", 50)], rows, printed=13)
    for r, f in enumerate(findings, start=2):
        fill = _SEV_FILL.get(f["severity"])
        if fill:
            ws.cell(row=r, column=4).fill = fill
        for col, fmt in zip((9, 10), formats[r - 2]):
            if fmt:
                ws.cell(row=r, column=col).number_format = fmt
    ws.freeze_panes = "C2"
    table_sheet(wb.create_sheet("Cần kiểm tra"),
                [("Tệp", 26), ("Đơn vị", 14), ("Chỉ tiêu", 30), ("Phân loại", 14), ("Số như viết", 12), ("Độ tin cậy", 12),
                 ("Kỳ báo cáo", 20), ("Trích dẫn", 70), ("Vị trí", 22)],
                [[f.get("document"), f.get("commune") or "", f.get("label") or f.get("indicator"), f.get("category") or "",
                  f.get("text"), figure_confidence_vi(f.get("confidence")),
                  period_text(f.get("period_start"), f.get("period_end")), f.get("quote") or "", where(f.get("source"))]
                 for f in sorted(doubtful, key=lambda f: (f.get("document") or "", f.get("confidence") or 0))])
    table_sheet(wb.create_sheet("Số chưa gán"),
                [("Tệp", 28), ("Số như viết", 14), ("Vai trò", 30), ("Trích dẫn", 80), ("Vị trí", 22)],
                [[u.get("document"), u.get("text"), u.get("role_vi") or u.get("role"), u.get("quote") or "", where(u.get("source"))]
                 for u in unattributed])
    files_sheet(wb.create_sheet(FILES_SHEET), list(documents))
    wb.save(path)
