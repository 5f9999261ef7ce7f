"""A hostile corpus, made at test time (small files: bombs are built to inflate, not
stored inflated): each file gets a clear reason within its budget, the good report
beside it comes out complete, and no reading process is left behind."""
from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from extractor.batch import Input, process_many

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _sheet_edited(path: Path, old: bytes, new: bytes) -> None:
    """A one-cell workbook whose first sheet's XML has ``old`` replaced by ``new``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Phụ lục"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert old in parts[sheet]
    parts[sheet] = parts[sheet].replace(old, new)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def merged_range_bomb(path: Path) -> None:
    """A 5 KB workbook with one merged range A5:XFD1048576 (17 billion cells)."""
    _sheet_edited(path, b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>')


def declared_area_bomb(path: Path) -> None:
    """A workbook whose sheet declares the whole grid as its area."""
    _sheet_edited(path, b'<dimension ref="A1:A1"/>', b'<dimension ref="A1:XFD1048576"/>')


def grid_span_bomb(path: Path) -> None:
    """A DOCX whose table cell says it spans 300,000,000 columns."""
    from docx import Document
    from docx.oxml.ns import qn

    d = Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt động của chính quyền địa phương 02 cấp "
                    "trên địa bàn xã Kẻ Sặt")
    d.add_paragraph("Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Chỉ tiêu", "Số lượng"
    t.cell(1, 0).text, t.cell(1, 1).text = "Tổng số hồ sơ tiếp nhận", "1.250"
    tc_pr = t.cell(0, 0)._tc.get_or_add_tcPr()
    span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): "300000000"})
    tc_pr.append(span)
    d.save(path)


def many_pages(path: Path, pages: int = 2001) -> None:
    """A PDF of 2,001 blank pages (a few hundred KB)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    pdf.save(str(path))
    pdf.close()


CASES = [
    ("merged.xlsx", merged_range_bomb, "error", "vùng ô gộp A5:XFD1048576 quá lớn"),
    ("area.xlsx", declared_area_bomb, "error", "vùng dữ liệu khai báo A1:XFD1048576 quá lớn"),
    ("span.docx", grid_span_bomb, "ok", None),  # read: the span is held to Word's 63 columns
    ("pages.pdf", many_pages, "error", "có 2001 trang, quá 2000 trang"),
]


@pytest.mark.parametrize("name, make, status, reason", CASES, ids=[c[0] for c in CASES])
def test_each_hostile_file_gets_its_reason_within_its_budget(tmp_path, name, make, status, reason):
    bad = tmp_path / name
    make(bad)
    assert bad.stat().st_size < 1_000_000
    t0 = time.monotonic()
    rec = next(process_many([Input(bad, name)], workers=1)).record
    assert time.monotonic() - t0 < 20
    assert rec.status == status, rec
    if reason:
        assert reason in rec.reason and rec.reason_en, rec


def test_a_batch_of_hostile_files_keeps_the_good_report_whole(tmp_path):
    good = tmp_path / "ke_sat.docx"
    shutil.copy(REAL / "ke_sat.docx", good)
    inputs = [Input(good, good.name)]
    for name, make, _, _ in CASES:
        make(tmp_path / name)
        inputs.append(Input(tmp_path / name, name))
    alone = next(process_many([Input(good, good.name)], workers=1))
    outcomes = list(process_many(inputs, workers=2))
    assert [o.record.document for o in outcomes] == [i.document for i in inputs]
    assert outcomes[0].record.status == "ok" and outcomes[0].figures == alone.figures
    me = Path("/proc/self/cmdline").read_bytes()
    children = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _parent(p) == os.getpid()
                and _cmdline(p) == me]  # a forked reading process runs our command line
    assert not children  # no reading process left behind


def _cmdline(proc: Path) -> bytes | None:
    try:
        return (proc / "cmdline").read_bytes()
    except OSError:
        return None


def _parent(proc: Path) -> int | None:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_a_grid_span_is_held_to_words_limit():
    from lxml import etree

    from extractor.readers.docx_reader import table_cells

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    tbl = etree.fromstring(
        f'<w:tbl xmlns:w="{w}"><w:tr><w:tc><w:tcPr><w:gridSpan w:val="300000000"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>'
        f'<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    cells = table_cells(tbl)
    assert [(c.text, c.col, c.col_span) for c in cells] == [("a", 0, 63), ("b", 63, 1)]


def test_a_poster_page_is_rendered_for_ocr_within_the_pixel_budget():
    from extractor.readers.errors import MAX_OCR_PIXELS
    from extractor.readers.ocr_reader import page_scale

    w, h = 595 * 30, 842 * 30  # a page 30 times A4 each way
    s = page_scale(w, h)
    assert w * s * h * s <= MAX_OCR_PIXELS * 1.001 and page_scale(595, 842) == 300 / 72
