"""The "phiếu đề nghị giải trình" for one unit: its open findings (errors and warnings
not waived), each with what the report says, where, and what the relation expects,
as a DOCX ready to send back to the commune."""
from __future__ import annotations

import datetime as dt
import io

from ..store import StoreError
from ..wording import rule_vi, severity_vi, where
from .views import current_reports

SEVERITIES = ("error", "warning")


def open_findings(store, unit: str, round_name: str | None = None) -> tuple[dict, list[dict]]:
    """The unit's current report (of the round, else its latest) and its open findings."""
    docs, documents = [], store.documents()
    for rnd in store.rounds():
        if round_name in (None, rnd["name"]):
            cur = current_reports(store, rnd["name"], documents).get(unit)
            if cur:
                docs.append(cur)
    if not docs:
        raise StoreError(f"đơn vị {unit} chưa có báo cáo nào trong kho", f"unit {unit} has no report in the store", 404)
    doc = max(docs, key=lambda d: (d["date"] or "", d["id"]))
    found = [f for f in store.findings(doc["id"])
             if f.get("severity") in SEVERITIES and (f.get("decision") or {}).get("action") != "waive"]
    found.sort(key=lambda f: (SEVERITIES.index(f["severity"]), f.get("rule") or ""))
    return doc, found


def sendback_docx(store, unit: str, round_name: str | None = None) -> tuple[bytes, str]:
    """(DOCX bytes, file name)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc, found = open_findings(store, unit, round_name)
    name = doc["commune"] or doc["document"]
    level = doc["level"] or ""
    d = Document()
    from docx.shared import Mm

    for section in d.sections:  # A4, as offices print
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    motto = d.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    motto.add_run("\nĐộc lập - Tự do - Hạnh phúc").bold = True
    head = d.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run("PHIẾU ĐỀ NGHỊ GIẢI TRÌNH SỐ LIỆU").bold = True
    sub = d.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(f"Kính gửi: Ủy ban nhân dân {level} {name}".replace("  ", " ")).italic = True
    d.add_paragraph(f"Báo cáo: {doc['document']}" + (f" (ngày {dt.date.fromisoformat(doc['date']):%d/%m/%Y})" if doc["date"] else "")
                    + (f"; kỳ báo cáo: {doc['round']}" if doc["round"] else "") + ".")
    if not found:
        d.add_paragraph("Không có điểm nào cần giải trình.")
    else:
        d.add_paragraph(f"Qua rà soát, đề nghị đơn vị kiểm tra và giải trình {len(found)} điểm sau:")
        table = d.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("STT", "Nội dung", "Báo cáo ghi", "Vị trí", "Giải trình của đơn vị")):
            cell.paragraphs[0].add_run(text).bold = True
        for i, f in enumerate(found, 1):
            ev = (f.get("evidence") or [{}])[0]
            quote = "; ".join(dict.fromkeys(e.get("quote") or "" for e in f.get("evidence") or [] if e.get("quote")))
            cells = table.add_row().cells
            cells[0].text = str(i)
            cells[1].text = f"{severity_vi(f.get('severity'))} — {rule_vi(f.get('rule'))}: {f.get('message') or ''}"
            cells[2].text = f"“{quote[:600]}”" if quote else ""
            cells[3].text = where(ev)
            cells[4].text = ""
    d.add_paragraph(f"Đề nghị đơn vị gửi giải trình (cột cuối) về cơ quan tổng hợp. Lập ngày {dt.date.today():%d/%m/%Y}.")
    sign = d.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("NGƯỜI LẬP PHIẾU").bold = True
    sign.add_run("\n(Ký, ghi rõ họ tên)").italic = True
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue(), f"phieu_giai_trinh_{name}.docx".replace(" ", "_")
