"""Outputs a clerk can read, print and act on: Vietnamese everywhere people read, one
numbering, nothing hidden, printable sheets, a command in Vietnamese, figures.xlsx."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from extractor.cli import main
from extractor.compare.align import documents_to_rows

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
SYNTH = sorted((ROOT / "corpus" / "synth").glob("*.docx"))[0]
RULE_CODES = ("sum_mismatch", "part_exceeds_total", "ratio_mismatch", "annex_mismatch", "conflicting_values",
              "missing_metadata", "name_variant", "missing_indicator", "outlier")


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """The seed report as DOCX and PDF, a corrupt PDF and a note: ``solieu run``."""
    base = tmp_path_factory.mktemp("run")
    folder = base / "in"
    folder.mkdir()
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat.docx")
    shutil.copy(REAL / "ke_sat.pdf", folder / "ke_sat_ban_in.pdf")
    shutil.copy(SYNTH, folder / SYNTH.name)  # annex tables: figures in table cells
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    (folder / "ghi_chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    out = base / "out"
    code = main(["run", str(folder), "--out", str(out), "--quiet"])
    return code, out


def _cells(path: Path):
    wb = load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                yield ws.title, c


def test_no_rule_code_and_no_raw_float_in_any_cell_people_read(small_run):
    _, out = small_run
    for name in ("audit.xlsx", "comparison.xlsx"):
        for sheet, c in _cells(out / name):
            text = f"{c.value if c.value is not None else ''} {c.comment.text if c.comment else ''}"
            assert not any(code in text for code in RULE_CODES), (name, sheet, c.coordinate, text[:120])
            if isinstance(c.value, float):
                assert c.number_format.startswith("[$-42A]") or "%" in c.number_format, (name, sheet, c.coordinate)
            if isinstance(c.value, str):
                assert "000000000" not in c.value, (name, sheet, c.coordinate)  # 75.05992808629644-like noise
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert not any(f">{code}<" in html or f"<code>{code}" in html for code in RULE_CODES)


def test_every_finding_sheet_prints_landscape_fitted_to_width_with_its_header_on_every_page(small_run):
    _, out = small_run
    for name, sheet in (("audit.xlsx", "Phát hiện"), ("audit.xlsx", "Cần kiểm tra"), ("comparison.xlsx", "Phát hiện"),
                        ("comparison.xlsx", "Chỉ tiêu chính"), ("comparison.xlsx", "Tệp không đọc được")):
        ws = load_workbook(out / name)[sheet]
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), (name, sheet)
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows, (name, sheet)
        first = 4 if sheet == "Chỉ tiêu chính" else 2  # below the title lines and the header
        assert all(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)), (name, sheet)  # as high as its text
        assert all(c.alignment.wrap_text for r in ws.iter_rows(min_row=first) for c in r if isinstance(c.value, str))


def test_failed_and_skipped_files_are_listed_with_their_reasons_in_both_workbooks_and_the_page(small_run):
    code, out = small_run
    assert code == 1
    for name in ("audit.xlsx", "comparison.xlsx"):
        ws = load_workbook(out / name)["Tệp không đọc được"]
        rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
        assert rows["hong.pdf"][1] == "lỗi" and rows["hong.pdf"][2] and rows["hong.pdf"][3]
        assert rows["ghi_chu.txt"][1] == "bỏ qua" and "không phải tệp báo cáo" in rows["ghi_chu.txt"][2]
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert 'href="#not-read"' in html and "hong.pdf" in html.split('id="not-read"')[1]


def test_one_numbering_from_one_in_csv_workbooks_and_messages(small_run):
    _, out = small_run
    figures = [json.loads(x) for x in (out / "figures.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = list(csv.DictReader(io.StringIO((out / "figures.csv").read_text(encoding="utf-8-sig"))))
    cell = next(i for i, f in enumerate(figures) if f["source"]["kind"] == "table")
    f, r = figures[cell], rows[cell]
    assert int(r["Đoạn, từ 1 (block)"]) == f["source"]["block"] + 1
    assert int(r["Hàng bảng, từ 1 (row)"]) == f["source"]["row"] + 1 and int(r["Cột bảng, từ 1 (col)"]) == f["source"]["col"] + 1
    words = " ".join(f"{c.value} {c.comment.text if c.comment else ''}" for _, c in _cells(out / "comparison.xlsx"))
    words += " ".join(str(c.value) for _, c in _cells(out / "audit.xlsx"))
    assert "khối" not in words and "đoạn thứ" not in words  # one word for a paragraph: "đoạn"
    findings = [json.loads(x) for x in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    ev = next(e for f in findings for e in f.get("evidence") or [] if e.get("block") is not None and e.get("kind") != "table")
    assert f"đoạn {ev['block'] + 1}" in " ".join(f["message"] for f in findings)


def test_figures_xlsx_has_typed_vietnamese_numbers_dates_filters_and_a_frozen_header(small_run):
    _, out = small_run
    ws = load_workbook(out / "figures.xlsx")["Số liệu"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["Tệp", "Đơn vị", "Cấp", "Chỉ tiêu", "Phân loại", "Giá trị"]
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    values = [r[5] for r in ws.iter_rows(min_row=2) if r[5].value is not None]
    assert values and all(isinstance(c.value, (int, float)) and c.number_format.startswith("[$-42A]#,##0") for c in values)
    assert any(c.value == 24.67 and c.number_format == "[$-42A]#,##0.00" for c in values)
    ends = [r[head.index("Đến ngày")] for r in ws.iter_rows(min_row=2) if r[head.index("Đến ngày")].value]
    assert ends and all(c.is_date and c.number_format == "dd/mm/yyyy" for c in ends)
    conf = [r[head.index("Độ tin cậy")] for r in ws.iter_rows(min_row=2)]
    assert all(0 <= c.value <= 1 and c.number_format == "[$-42A]0.0%" for c in conf)  # 99,9% in Vietnamese
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.print_title_rows
    n = len((out / "figures.jsonl").read_text(encoding="utf-8").splitlines())
    assert ws.max_row == n + 1


@pytest.mark.parametrize("kept, other, why", [
    ({"format": "docx", "modified": "2026-05-20T08:00:00"}, {"format": "pdf-scan", "modified": "2026-05-21T08:00:00"},
     "(có lớp chữ)"),                                          # a rescanned copy never beats the text
    ({"format": "docx", "modified": "2026-05-21T08:00:00"}, {"format": "docx", "modified": "2026-05-20T08:00:00"},
     "(tệp sửa lúc 2026-05-21T08:00:00)"),                     # then the later file time
    ({"format": "docx", "modified": "2026-05-20T08:00:00"}, {"format": "pdf", "modified": "2026-05-20T08:00:00"},
     "(bản docx, gần bản gốc hơn)"),                           # then the DOCX over its PDF print
])
def test_two_reports_of_one_date_the_choice_is_made_and_stated(kept, other, why):
    a = {"document": "b_first_by_name.docx", "status": "ok", "unit_code": "10945", "commune": "Kẻ Sặt",
         "level": "xã", "date": "2026-05-20", "number": "12/BC-UBND"} | kept
    b = {"document": "z_last_by_name.docx", "status": "ok", "unit_code": "10945", "commune": "Kẻ Sặt",
         "level": "xã", "date": "2026-05-20", "number": "12/BC-UBND"} | other
    row, = documents_to_rows([a, b])
    assert row.document == "b_first_by_name.docx" and row.replaced == ("z_last_by_name.docx",)
    assert row.choice.startswith("hai báo cáo cùng ngày 20/05/2026: dùng b_first_by_name.docx " + why)


def test_an_undated_copy_joins_the_round_of_its_report_and_is_replaced_with_a_reason():
    from extractor.compare.outputs import comparison_rows

    dated = {"document": "xa.docx", "status": "ok", "unit_code": "10945", "commune": "Kẻ Sặt", "level": "xã",
             "date": "2026-05-20", "format": "docx"}
    undated = dict(dated, document="xa.pdf", date=None, format="pdf")
    # the PDF's periods: most end on the report's "đến nay", one is a target for the year
    ends = {"xa.pdf": "2026-05-20", "xa.docx": "2026-05-20"}
    row, = comparison_rows([dated, undated], ends)
    assert row.document == "xa.docx" and row.shown == ("xa.docx",)
    assert row.replaced == ("xa.pdf",) and "không ghi ngày, coi là sớm hơn" in row.choice


def test_a_later_audit_leaves_no_comparison_of_an_earlier_run_beside_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat.docx")
    out = tmp_path / "out"
    assert main(["run", str(folder), "--out", str(out), "--quiet"]) == 0
    assert (out / "comparison.xlsx").exists()
    assert main(["audit", str(folder), "--out", str(out), "--quiet"]) == 0
    assert not (out / "comparison.xlsx").exists() and (out / "audit.xlsx").exists()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(run["outputs"]) == {p.name for p in out.iterdir() if p.name != ".solieu-output"}


def test_the_console_names_replaced_revisions(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat.docx")
    shutil.copy(REAL / "ke_sat.docx", folder / "ke_sat_sua.docx")
    os.utime(folder / "ke_sat.docx", (1_780_000_000, 1_780_000_000))
    os.utime(folder / "ke_sat_sua.docx", (1_770_000_000, 1_770_000_000))  # the older file: not kept
    r = subprocess.run([sys.executable, "-m", "extractor", "compare", str(folder), "--out", str(tmp_path / "out"), "--quiet"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "báo cáo thay thế (replaced): Kẻ Sặt: dùng ke_sat.docx, không dùng ke_sat_sua.docx" in r.stderr
    docs = [json.loads(x) for x in (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(d["modified"] for d in docs)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("args, code, words", [
    (["--version"], 0, "solieu "),
    (["run", "corpus/real/ke_sat.docx"], 2, "thiếu tham số bắt buộc: --out (the following arguments are required: --out)"),
    (["chay", "x", "--out", "y"], 2, "không có lựa chọn 'chay'"),
    (["run", "corpus/real", "--out", "OUT", "--workers", "0"], 2, "phải là số nguyên từ 1 đến 64"),
    (["run", "corpus/real", "--out", "OUT", "--workers", "hai"], 2, "phải là số nguyên từ 1 đến 64"),
    (["run", "khong_co_thu_muc_nay", "--out", "OUT"], 2, "không có tệp hay thư mục này"),
    (["run", "corpus/real", "--out", "OUT", "--bogus"], 2, "solieu run: lỗi (error): tham số không hiểu: --bogus"),
])
def test_the_command_speaks_vietnamese_with_english_beside(args, code, words, tmp_path):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    r = _cli(*args)
    assert r.returncode == code
    assert words in r.stdout + r.stderr
    if code == 2 and args[0] != "chay":
        assert "Cách dùng (usage)" in r.stderr or "không có tệp" in r.stderr


def test_missing_empty_and_no_report_folders_get_distinct_messages(tmp_path):
    empty = tmp_path / "trong"
    empty.mkdir()
    notes = tmp_path / "ghi_chu"
    notes.mkdir()
    (notes / "a.txt").write_text("x", encoding="utf-8")
    messages = [_cli("run", str(p), "--out", str(tmp_path / "out")).stderr for p in (tmp_path / "khong_co", empty, notes)]
    assert "không có tệp hay thư mục này" in messages[0]
    assert "thư mục trống" in messages[1]
    assert "thư mục không có tệp báo cáo nào" in messages[2]
    assert len(set(messages)) == 3


def test_progress_names_the_file_being_read_and_what_its_process_says():
    from extractor.isolation import Budget, run_isolated

    events = []
    items = ["a.pdf", "b.docx"]
    results = list(run_isolated(_reads_pages, items, lambda *a: None, 1, Budget(30, 1024),
                                lambda item, text: events.append((item, text))))
    assert results == ["a.pdf: 2", "b.docx: 2"]
    assert events[:3] == [("a.pdf", None), ("a.pdf", "trang 1/2"), ("a.pdf", "trang 2/2")]
    assert ("b.docx", None) in events


def _reads_pages(item):
    from extractor.isolation import report_progress

    for page in (1, 2):
        report_progress(f"trang {page}/2")
    return f"{item}: 2"


def test_reader_warnings_show_in_the_audit_summary(tmp_path):
    from extractor.audit import write_audit_outputs

    docs = [{"document": "quet.pdf", "status": "ok", "commune": "Kẻ Sặt", "level": "xã",
             "warnings": ["tệp là bản quét: đọc bằng OCR", "trang 3: không đọc được bảng"]}]
    write_audit_outputs(tmp_path, docs, [], [], [])
    ws = load_workbook(tmp_path / "audit.xlsx")["Tổng hợp"]
    head = [c.value for c in ws[1]]
    col = next(i for i, h in enumerate(head) if h.startswith("Lưu ý khi đọc tệp"))
    assert ws.cell(2, col + 1).value == "tệp là bản quét: đọc bằng OCR\ntrang 3: không đọc được bảng"


def test_many_replaced_reports_are_named_up_to_ten_then_counted(capsys):
    from extractor.cli import print_revisions
    from extractor.compare.align import RowUnit

    rows = [RowUnit(str(i), str(i), f"Xã {i}", "xã", f"x{i}.docx", None, None, (f"x{i}.pdf",), choice="hai báo cáo …")
            for i in range(13)]
    print_revisions(rows)
    err = capsys.readouterr().err
    assert err.count("báo cáo thay thế (replaced)") == 10 and "… và 3 đơn vị khác" in err
