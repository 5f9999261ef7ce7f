"""A workbook sent beside a report is that report's annex."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import Workbook

from extractor.cli import main

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _annex(path: Path, population: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["Biểu tổng hợp số liệu của xã Kẻ Sặt"])
    ws.append(["Chỉ tiêu", "Số liệu"])
    ws.append(["Quy mô dân số (người)", population])
    ws.append(["Số điểm trạm y tế", 1])
    wb.save(path)


def test_a_workbook_beside_its_report_is_its_annex_and_a_differing_figure_is_found(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat.docx")
    _annex(folder / "ke_sat_phu_luc.xlsx", 39550)  # the narrative says 39.554
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--quiet"]) == 0
    docs = {d["document"]: d for d in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    assert docs["ke_sat_phu_luc.xlsx"]["annex_of"] == "ke_sat.docx" and docs["ke_sat.docx"]["annexes"] == ["ke_sat_phu_luc.xlsx"]
    findings = [json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    mismatch = [f for f in findings if f["rule"] == "annex_mismatch" and f["indicators"] == ["population"]]
    assert len(mismatch) == 1 and mismatch[0]["document"] == "ke_sat.docx"
    assert "39.554" in mismatch[0]["message"] and "39.550" in mismatch[0]["message"] and "ke_sat_phu_luc.xlsx" in mismatch[0]["message"]
    assert {e["document"] for e in mismatch[0]["evidence"]} == {"ke_sat.docx", "ke_sat_phu_luc.xlsx"}
    wide = (out / "comparison.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(wide) == 2  # one row: the unit, with its report (the workbook is no report of its own)


def test_a_workbook_that_matches_no_report_stays_a_document_of_its_own(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _annex(folder / "bieu_mau.xlsx", 39550)
    out = tmp_path / "out"
    assert main(["extract", str(folder), "--out", str(out), "--quiet"]) == 0
    doc, = map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())
    assert "annex_of" not in doc and doc["status"] == "ok"
