"""The command over a batch: bad files are reported, the rest is read, outputs are written."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from extractor.cli import main

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(4):
        shutil.copy(REAL / "ke_sat.docx", folder / f"xa_{i}.docx")
    for i in range(3):
        shutil.copy(REAL / "ke_sat.pdf", folder / "sub" / f"xa_{i}.pdf")
    from docx import Document

    d = Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt động của chính quyền địa phương 02 cấp trên địa bàn phường Lê Thanh Nghị")
    d.add_paragraph("Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; số hồ sơ đã giải quyết: 1.200 hồ sơ.")
    d.save(folder / "le_thanh_nghi.docx")
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)  # corrupt
    (folder / "ghi_chu.txt").write_text("không phải báo cáo", encoding="utf-8")  # not a report
    return folder


def test_ten_files_one_corrupt_one_not_a_report(tmp_path):
    folder = _batch(tmp_path)
    out = tmp_path / "out"
    code = main(["extract", str(folder), "--out", str(out), "--quiet"])
    assert code == 1
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 10
    by_status = {}
    for d in docs:
        by_status.setdefault(d["status"], []).append(d["document"])
    assert len(by_status["ok"]) == 8
    assert by_status["error"] == ["hong.pdf"]
    assert by_status["skipped"] == ["ghi_chu.txt"]
    for d in docs:
        if d["status"] != "ok":
            assert d["reason"] and d["reason_en"]
    assert "sub/xa_0.pdf" in by_status["ok"]
    figures = [json.loads(line) for line in (out / "figures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {f["document"] for f in figures} >= {"xa_0.docx", "sub/xa_0.pdf", "le_thanh_nghi.docx"}
    lt = [f for f in figures if f["document"] == "le_thanh_nghi.docx"]
    assert {(f["commune"], f["indicator"], f["value"]) for f in lt} == {
        ("Lê Thanh Nghị", "dossiers_received", 1250), ("Lê Thanh Nghị", "dossiers_resolved", 1200)}
    csv_bytes = (out / "figures.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert len(rows) == len(figures) + 1
    assert rows[0][0] == "Tệp (document)"


def test_all_good_files_exit_zero(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(REAL / "ke_sat.docx"), "--out", str(out), "--quiet"]) == 0
    assert (out / "figures.jsonl").exists() and (out / "documents.jsonl").exists()


def test_bad_usage_exits_two(tmp_path):
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", "--out", str(tmp_path)], capture_output=True)
    assert r.returncode == 2
    r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(tmp_path / "nothing"), "--out", str(tmp_path)], capture_output=True)
    assert r.returncode == 2


def test_out_that_is_a_file_is_bad_usage_before_any_work(tmp_path, capsys):
    taken = tmp_path / "ket_qua"
    taken.write_text("x", encoding="utf-8")
    assert main(["extract", str(REAL / "ke_sat.docx"), "--out", str(taken), "--quiet"]) == 2
    assert "thư mục" in capsys.readouterr().err


def test_inputs_without_any_report_file_are_bad_usage(tmp_path, capsys):
    (tmp_path / "ghi_chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    assert main(["run", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "không có tệp báo cáo" in capsys.readouterr().err
