"""Every figure of a PDF with a text layer carries its box on the page."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from extractor import extract

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def _text_in(path, page: int, box) -> str:
    x0, top, x1, bottom = box
    with pdfplumber.open(path) as pdf:
        return pdf.pages[page - 1].crop((x0 + 0.3, top + 0.5, x1 - 0.3, bottom - 0.5)).extract_text().replace("\n", "")


def test_every_figure_of_the_seed_pdf_has_a_box_around_its_text():
    report = extract(REAL / "ke_sat.pdf")
    boxed = [f for f in report.figures if f.source.bbox]
    assert len(boxed) >= 0.97 * len(report.figures)
    for f in boxed[:40]:
        x0, top, x1, bottom = f.source.bbox
        assert 0 <= x0 < x1 <= 600 and 0 <= top < bottom <= 842
        assert _text_in(REAL / "ke_sat.pdf", f.source.page, f.source.bbox).replace(" ", "") == f.text.replace(" ", "")
        assert f.source.as_dict()["bbox"] == [x0, top, x1, bottom]
    assert "bbox" not in extract(REAL / "ke_sat.docx").figures[0].source.as_dict()  # a DOCX has no page to box on


def test_every_other_place_a_figure_is_stated_has_its_box_too():
    report = extract(REAL / "ke_sat.pdf")
    places = [(quote[src.start:src.end], src) for f in report.figures for quote, src in f.also]
    assert places and all(src.bbox for _, src in places)
    for text, src in places:
        assert _text_in(REAL / "ke_sat.pdf", src.page, src.bbox).replace(" ", "") == text.replace(" ", "")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_same_number_twice_on_a_page_gets_the_box_of_its_own_sentence(tmp_path):
    from docx import Document

    d = Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính của xã Kẻ Sặt")
    d.add_paragraph("Trên địa bàn xã có 12 trường học các cấp.")
    d.add_paragraph("Xã có 12 điểm trường và 3 trạm y tế.")
    d.save(tmp_path / "r.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'p'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "r.docx")], capture_output=True, timeout=180)
    if not (tmp_path / "r.pdf").exists():
        pytest.skip("LibreOffice could not print the DOCX")
    figs = {f.indicator: f for f in extract(tmp_path / "r.pdf").figures}
    schools, sites = figs["schools"].source.bbox, figs["school_sites"].source.bbox
    assert schools and sites and schools[1] < sites[1]  # the first sentence's 12 stands above the second's
