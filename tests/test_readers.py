"""Readers: reading order, locations, no text lost, and a clear error for every bad file."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extractor.readers import (
    CorruptFile,
    EmptyDocument,
    EncryptedFile,
    UnsupportedFormat,
    read_document,
)
from extractor.textnorm import fold

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def seed_docx():
    return read_document(REAL / "ke_sat.docx")


@pytest.fixture(scope="module")
def seed_pdf():
    return read_document(REAL / "ke_sat.pdf")


def _words(doc) -> Counter:
    text = " ".join(b.text for b in doc.blocks)
    return Counter(re.findall(r"\w+", fold(text)))


# --------------------------------------------------------------- DOCX


def test_docx_blocks_are_numbered_in_reading_order(seed_docx):
    assert [b.index for b in seed_docx.blocks] == list(range(len(seed_docx.blocks)))
    texts = [b.text for b in seed_docx.blocks]
    first = next(i for i, t in enumerate(texts) if t.startswith("I."))
    later = next(i for i, t in enumerate(texts) if t.startswith("II."))
    assert first < later


def test_docx_header_table_is_the_header(seed_docx):
    header = [b for b in seed_docx.blocks if b.origin == "header"]
    assert header and "Số:" in header[0].text


def test_docx_merged_cells_read_once(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Phụ lục 01: Kết quả giải quyết hồ sơ")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "Nội dung"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "Số hồ sơ"
    t.cell(1, 1).text, t.cell(1, 2).text = "Trực tiếp", "Trực tuyến"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "Tiếp nhận", "1.116", "11.201"
    d.add_paragraph("Sau bảng.")
    d.save(tmp_path / "merged.docx")
    doc = read_document(tmp_path / "merged.docx")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["paragraph", "table", "paragraph"]
    cells = doc.blocks[1].cells
    assert [c.text for c in cells].count("Số hồ sơ") == 1
    assert [c.text for c in cells].count("Nội dung") == 1
    merged = next(c for c in cells if c.text == "Số hồ sơ")
    assert (merged.row, merged.col, merged.col_span) == (0, 1, 2)
    assert next(c for c in cells if c.text == "Nội dung").row_span == 2


def test_docx_text_is_nfc_at_ingest(tmp_path):
    import docx

    d = docx.Document()
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân xã Kẻ Sặt tiếp nhận 12 hồ sơ")
    d.add_paragraph(decomposed)
    d.save(tmp_path / "nfd.docx")
    doc = read_document(tmp_path / "nfd.docx")
    assert doc.blocks[0].text == unicodedata.normalize("NFC", decomposed)


# ---------------------------------------------------------------- PDF


def test_pdf_loses_no_words_of_the_docx(seed_docx, seed_pdf):
    """Every word of the DOCX is in the PDF rendering of it (page numbers aside)."""
    missing = _words(seed_docx) - _words(seed_pdf)
    assert not missing, missing.most_common(10)


def test_pdf_adds_no_page_numbers_or_running_lines(seed_docx, seed_pdf):
    extra = _words(seed_pdf) - _words(seed_docx)
    assert not extra, extra.most_common(10)
    assert not any(re.fullmatch(r"\d{1,3}", b.text.strip()) for b in seed_pdf.blocks)


def test_pdf_joins_lines_broken_mid_sentence(seed_docx, seed_pdf):
    """Paragraphs of the PDF are the DOCX's paragraphs, not its visual lines."""
    docx_paras = {line for b in seed_docx.blocks for line in b.text.split("\n")}  # soft breaks, cell lines
    docx_paras |= {line for b in seed_docx.blocks for c in b.cells for line in c.text.split("\n")}
    pdf_paras = [b.text for b in seed_pdf.blocks if b.kind == "paragraph" and b.origin == "body"]
    same = sum(t in docx_paras for t in pdf_paras)
    assert same / len(pdf_paras) >= 0.95


def test_pdf_paragraph_across_pages_keeps_both_pages(seed_pdf):
    crossing = [b for b in seed_pdf.blocks if len(b.pages) > 1]
    assert crossing
    for b in crossing:
        assert b.page_breaks and b.pages == tuple(sorted(b.pages))
        brk = b.page_breaks[0]
        assert b.page_at(0) == b.pages[0] and b.page_at(brk.offset) == brk.page


def test_pdf_every_block_knows_its_page(seed_pdf):
    assert all(b.pages and 1 <= b.pages[0] <= seed_pdf.pages for b in seed_pdf.blocks)
    assert seed_pdf.pages == 21


# ------------------------------------------------------------- errors

BAD_FILES = {
    "empty.pdf": (b"", EmptyDocument),
    "empty.docx": (b"", EmptyDocument),
    "garbage.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, CorruptFile),
    "garbage.docx": (b"PK\x03\x04 this is not a zip", CorruptFile),
    "old_word_renamed.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, CorruptFile),
    "notes.txt": (b"ghi chu", UnsupportedFormat),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gets_a_reason_in_both_languages(tmp_path, name):
    data, error = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as info:
        read_document(path)
    assert info.value.reason_vi and info.value.reason_en


def test_password_protected_pdf_is_reported_as_such():
    with pytest.raises(EncryptedFile) as info:
        read_document(FIXTURES / "encrypted.pdf")
    assert "mật khẩu" in info.value.reason_vi


# ------------------------------------------------------- .xlsx and .doc


def _annex_workbook(path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục 01"
    ws["A1"] = "Phụ lục 01: Kết quả giải quyết thủ tục hành chính"
    ws.merge_cells("A1:D1")
    ws["A3"], ws["B3"], ws["C3"] = "STT", "Nội dung", "Số hồ sơ"
    ws.merge_cells("C3:D3")
    ws["C4"], ws["D4"] = "Từ 01/7/2025 đến 31/12/2025", "Từ 01/01/2026 đến 30/4/2026"
    ws.append([1, "Tổng số hồ sơ tiếp nhận", 6000, 6317])
    ws.append([2, "Tỷ lệ hồ sơ trực tuyến", 0.9097, 0.9])
    ws["C6"].number_format = ws["D6"].number_format = "0.00%"
    hidden = wb.create_sheet("nháp")
    hidden["A1"] = 999
    hidden.sheet_state = "hidden"
    wb.save(path)


def test_xlsx_sheet_is_a_caption_and_a_table_with_sheet_cells(tmp_path):
    _annex_workbook(tmp_path / "annex.xlsx")
    doc = read_document(tmp_path / "annex.xlsx")
    assert doc.format == "xlsx"
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]  # the hidden sheet is not read
    assert "Phụ lục 01: Kết quả giải quyết" in doc.blocks[0].text
    cells = {(c.row, c.col): c for c in doc.blocks[1].cells}
    assert cells[(2, 2)].text == "Số hồ sơ" and cells[(2, 2)].col_span == 2 and (2, 3) not in cells
    assert cells[(4, 2)].text == "6000"  # cell C5
    assert cells[(5, 2)].text == "90,97%"  # a percentage cell, written the Vietnamese way


def test_xlsx_annex_figures_take_their_column_period(tmp_path):
    from extractor import extract

    _annex_workbook(tmp_path / "annex.xlsx")
    got = {(f.indicator, f.value, f.period_start, f.period_end) for f in extract(tmp_path / "annex.xlsx").figures}
    assert ("dossiers_received", 6317, "2026-01-01", "2026-04-30") in got
    assert ("online_dossier_share_pct", 90.97, "2025-07-01", "2025-12-31") in got


def test_broken_xlsx_is_corrupt(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CorruptFile):
        read_document(tmp_path / "x.xlsx")


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is needed to read .doc")
def test_legacy_doc_reads_like_the_docx(tmp_path, seed_docx):
    import subprocess

    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"  # a LibreOffice already running elsewhere
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(REAL / "ke_sat.docx")],
                   capture_output=True, timeout=180, check=True)
    doc = read_document(tmp_path / "ke_sat.doc")
    assert doc.format == "doc"
    assert _words(doc) == _words(seed_docx)
    dashed = tmp_path / "-bao-cao.doc"  # a name that starts like an option reaches LibreOffice as a path
    (tmp_path / "ke_sat.doc").rename(dashed)
    assert _words(read_document(dashed)) == _words(seed_docx)


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice is needed to read .xls")
def test_old_xls_workbook_reads_like_the_xlsx(tmp_path):
    import subprocess

    _annex_workbook(tmp_path / "annex.xlsx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path / "old"),
                    str(tmp_path / "annex.xlsx")], capture_output=True, timeout=180, check=True)
    old, new = read_document(tmp_path / "old" / "annex.xls"), read_document(tmp_path / "annex.xlsx")
    assert old.format == "xls"
    assert {(c.row, c.col, c.text) for c in old.blocks[1].cells} == {(c.row, c.col, c.text) for c in new.blocks[1].cells}


def test_the_pdf_and_ocr_readers_share_the_layout_and_import_not_each_other():
    """Issue 9: the page-words → lines → blocks rules live in layout_lines.py and layout.py;
    pdf_document.py composes the text layer and OCR."""
    import ast

    folder = Path(__file__).resolve().parents[1] / "extractor" / "readers"

    def imported(name: str) -> set[str]:
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}

    assert "ocr_reader" not in imported("pdf_reader.py")
    assert "pdf_reader" not in imported("ocr_reader.py")
    assert "layout" in imported("ocr_reader.py") and "layout_lines" in imported("pdf_reader.py")
