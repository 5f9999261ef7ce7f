#!/usr/bin/env python3
"""Write the small report the batch reads once before it forks its reading processes
(``extractor/warmup/``): a DOCX of a few sentences and a ruled table, and its PDF print by
LibreOffice. Reading it in the parent loads every lazy library, compiled pattern and
cache the readers and the naming use, so each forked process starts warm (``batch._warm_up``).
Invented figures; no real report's wording.

    python scripts/make_warmup.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx

OUT = Path(__file__).resolve().parent.parent / "extractor" / "warmup"


def main() -> int:
    d = docx.Document()
    d.add_paragraph("ỦY BAN NHÂN DÂN XÃ MẪU")
    d.add_paragraph("BÁO CÁO Kết quả vận hành chính quyền địa phương hai cấp")
    d.add_paragraph("Từ ngày 01/7/2025 đến ngày 30/4/2026, UBND xã đã ban hành 1.234 văn bản, gồm: 400 quyết định, "
                    "300 công văn và 534 văn bản khác.")
    d.add_paragraph("- Tổng số hồ sơ tiếp nhận: 5.678 hồ sơ (trực tuyến: 5.000 hồ sơ; trực tiếp: 678 hồ sơ); "
                    "tỷ lệ hồ sơ trực tuyến đạt 88,06%.")
    d.add_paragraph("Kinh phí sửa chữa nhà làm việc là 1,2 tỷ đồng.")
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    for r, row in enumerate([["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"], ["1", "Tổng số TTHC", "thủ tục", "380"],
                             ["", "- Toàn trình", "thủ tục", "220"], ["2", "Số lượt tiếp công dân", "lượt", "4 200"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    OUT.mkdir(parents=True, exist_ok=True)
    d.save(OUT / "warmup.docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("LibreOffice is needed for the PDF", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(OUT), str(OUT / "warmup.docx")], check=True, capture_output=True, timeout=120)
    print(f"wrote {OUT / 'warmup.docx'} and {OUT / 'warmup.pdf'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
