"""OCR of scanned PDFs (extractor/readers/ocr_reader.py) on a scan of the seed report.

``tests/fixtures/ke_sat_scan.pdf`` is pages 1, 12 and 13 of ``corpus/real/ke_sat.pdf``
(the letter's header, then section 1.5: administrative procedures and online
services) rendered at 200 dpi, thresholded to black and white like an office
scanner's output, and saved as an image-only PDF (``make_scan`` below rebuilds it).
Figures are scored against the answer key, on the key facts that the text-layer
reader finds on the same three pages (what the extractor can find there at best).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractor import extract
from extractor.readers import NoTextLayer, read_document
from extractor.readers import ocr_reader

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ke_sat_scan.pdf"
PAGES = (1, 12, 13)
KEY = json.loads((REAL / "ke_sat.key.json").read_text(encoding="utf-8"))

needs_ocr = pytest.mark.skipif(not ocr_reader.ocr_available(),
                               reason="tesseract with the vie model is not installed (apt: tesseract-ocr tesseract-ocr-vie)")


def _fact(indicator, category, start, end, value):
    return (indicator, category, start, end, round(float(value), 4))


WANT = {_fact(f["indicator"], f["category"], f["period_start"], f["period_end"], f["value"]) for f in KEY["figures"]}


def make_scan(out: Path, pages=PAGES, dpi: int = 200, text_copy: Path | None = None) -> Path:
    """An image-only PDF of ``pages`` of the seed PDF (and, optionally, the same pages with their text layer)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(REAL / "ke_sat.pdf"))
    images = [pdf[p - 1].render(scale=dpi / 72, grayscale=True).to_pil().point(lambda v: 255 if v > 160 else 0).convert("1")
              for p in pages]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    if text_copy is not None:
        sub = pdfium.PdfDocument.new()
        sub.import_pages(pdf, [p - 1 for p in pages])
        sub.save(str(text_copy))
    pdf.close()
    return out


def _facts(report) -> set:
    return {_fact(f.indicator, f.category, f.period_start, f.period_end, f.value) for f in report.figures}


@pytest.fixture(scope="module")
def pages_text(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ocr") / "ke_sat_p1_12_13.pdf"
    make_scan(path.with_name("scan.pdf"), text_copy=path)
    return path


@pytest.fixture(scope="module")
def scan_report():
    return extract(FIXTURE)


def test_fixture_is_a_scan_without_text_layer(monkeypatch):
    """Without Tesseract the fixture is what the reader used to refuse: NoTextLayer."""
    monkeypatch.setattr(ocr_reader.shutil, "which", lambda name: None)
    with pytest.raises(NoTextLayer) as info:
        read_document(FIXTURE)
    err = info.value
    assert err.format == "pdf-scan" and err.pages == len(PAGES)
    assert "OCR" in err.reason_vi and "tesseract-ocr-vie" in err.reason_vi
    assert "OCR is not installed" in err.reason_en


def test_batch_records_the_missing_ocr(monkeypatch, tmp_path):
    from extractor.batch import Input, process_one

    monkeypatch.setattr(ocr_reader.shutil, "which", lambda name: None)
    scan = tmp_path / "scan.pdf"
    shutil.copy(FIXTURE, scan)
    rec = process_one(Input(scan, "scan")).record
    assert rec.status == "error" and rec.format == "pdf-scan" and "OCR" in rec.reason_en


@needs_ocr
def test_scan_is_read_by_ocr(scan_report):
    doc = scan_report.document
    assert doc.format == "pdf-scan" and doc.pages == len(PAGES)
    assert any("OCR" in w for w in doc.warnings)
    assert {p for b in doc.blocks for p in b.pages} == {1, 2, 3}
    assert all(b.text == b.text.strip() and "  " not in b.text for b in doc.blocks)
    assert any(b.origin == "header" and "Số:" in b.text for b in doc.blocks)


@needs_ocr
def test_scan_metadata(scan_report):
    assert scan_report.metadata.commune == "Kẻ Sặt"


@needs_ocr
def test_scan_figures_against_the_key(scan_report, pages_text):
    """Measured (tesseract 5.3, vie): the text layer of these pages gives 47 key facts,
    the scan 46 of them (the miss: ``tiếp công dân`` read ``tiếp công dần``) and
    nothing wrong."""
    expected = _facts(extract(pages_text)) & WANT
    got = _facts(scan_report)
    recall = len(got & expected) / len(expected)
    precision = len(got & WANT) / len(got)
    assert len(expected) >= 40
    assert recall >= 0.93, sorted(expected - got, key=str)
    assert precision >= 0.97, sorted(got - WANT, key=str)


@needs_ocr
def test_image_page_inside_a_text_pdf_is_ocred(tmp_path, pages_text):
    """A scanned page among text pages is OCR'd and named in a warning; the document stays ``pdf``."""
    import pypdfium2 as pdfium

    scan = make_scan(tmp_path / "p13.pdf", pages=(13,))
    mixed = pdfium.PdfDocument(str(pages_text))
    mixed.del_page(2)  # text pages 1 and 12, then the scan of page 13
    mixed.import_pages(pdfium.PdfDocument(str(scan)))
    mixed.save(str(tmp_path / "mixed.pdf"))
    mixed.close()
    doc = read_document(tmp_path / "mixed.pdf")
    assert doc.format == "pdf"
    assert any("trang 3" in w and "OCR" in w for w in doc.warnings)
    assert any(3 in b.pages and "12317" in b.text for b in doc.blocks)


@needs_ocr
def test_scan_to_blocks_reads_every_page(pages_text):
    """``scan_to_blocks`` OCRs even pages that have a text layer (format ``pdf-scan``)."""
    doc = ocr_reader.scan_to_blocks(str(pages_text))
    assert doc.format == "pdf-scan" and doc.pages == len(PAGES)
    assert any("12258" in b.text for b in doc.blocks)


@needs_ocr
def test_documents_record_carries_the_readers_warnings():
    """documents.jsonl says what the reader noticed (here: the text came from OCR)."""
    from extractor.batch import Input, process_one

    rec = process_one(Input(FIXTURE, "scan.pdf")).record.as_dict()
    assert rec["status"] == "ok" and rec["warnings"] and any("OCR" in w for w in rec["warnings"])


@needs_ocr
def test_a_page_read_before_is_not_ocred_again(tmp_path, monkeypatch):
    """OCR answers are cached by page image (readers/ocr_cache.py): a second reading of
    the same scan, under another name, runs Tesseract on no page and reads the same."""
    monkeypatch.setenv("SOLIEU_CACHE", str(tmp_path / "cache"))
    calls = []
    real = ocr_reader.run_tesseract
    monkeypatch.setattr(ocr_reader, "run_tesseract", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = read_document(FIXTURE)
    assert len(calls) == len(PAGES)
    again = tmp_path / "ban_sao.pdf"
    shutil.copy(FIXTURE, again)
    second = read_document(again)
    assert len(calls) == len(PAGES)  # no new call
    assert [b.text for b in second.blocks] == [b.text for b in first.blocks]
    assert list((tmp_path / "cache" / "ocr-v1").glob("*/*.tsv.gz"))


@needs_ocr
def test_every_scanned_figure_carries_its_ocr_confidence(scan_report):
    """Tesseract's word confidences reach each figure; none is surer than its words."""
    figures = scan_report.figures
    assert figures and all(f.ocr_confidence is not None for f in figures)
    assert all(f.confidence <= f.ocr_confidence for f in figures)


def test_a_number_with_a_letter_repaired_is_never_sure():
    """"186G" read as 1866 (fix_digits): its word's confidence is capped, so the figure is to check."""
    words = ocr_reader.parse_tsv(_tsv(("Tổng", 0, 40, 96), ("186G", 46, 50, 97)))[0].words
    assert [w[0] for w in words] == ["Tổng", "1866"] and words[1][3] <= ocr_reader.REPAIRED_CONF


def _tsv(*words):
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    rows = ["4\t1\t1\t1\t1\t0\t0\t0\t900\t30\t-1\t"]
    for i, (text, left, width, conf) in enumerate(words, 1):
        rows.append(f"5\t1\t1\t1\t1\t{i}\t{left}\t2\t{width}\t26\t{conf}\t{text}")
    return head + "\n".join(rows) + "\n"


@pytest.mark.parametrize("words, want", [
    ([("Tiếp", 0, 40, 96), ("nhận", 46, 44, 96), ("11.", 96, 24, 95), ("473", 126, 34, 96), ("hồ", 166, 20, 96), ("sơ", 192, 20, 96)],
     "Tiếp nhận 11.473 hồ sơ"),
    ([("tỷ", 0, 20, 96), ("lệ", 26, 16, 96), ("98", 48, 20, 95), (",83%", 70, 40, 93)], "tỷ lệ 98,83%"),
    ([("1.", 0, 14, 96), ("250", 22, 34, 96), ("hộ", 62, 20, 96)], "1. 250 hộ"),
], ids=["dotted-thousands-split", "decimal-comma-split", "list-number-kept"])
def test_numbers_ocr_split_are_joined_only_where_the_grammar_is_sure(words, want):
    lines = ocr_reader.parse_tsv(_tsv(*words))
    assert " ".join(w[0] for w in lines[0].words) == want
    joined = [w for w in lines[0].words if any(c.isdigit() for c in w[0]) and len(w[0]) > 3]
    assert all(w[3] <= ocr_reader.REPAIRED_CONF for w in joined if w[0] not in {t for t, *_ in words})


def _skewed_scan(out: Path, source: Path, pages, dpi: int, angles) -> Path:
    """An image-only PDF of ``pages`` (0-based) of ``source``, each turned by its angle."""
    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(source))
    images = [pdf[p].render(scale=dpi / 72, grayscale=True).to_pil().rotate(a, resample=Image.BICUBIC, fillcolor=255)
              for p, a in zip(pages, angles)]
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    pdf.close()
    return out


@needs_ocr
@pytest.mark.parametrize("name, pages, dpi, angles", [
    ("phuong_an_phong", (10, 11, 12), 150, (0.9, -0.4, 0.6)),
], ids=["annex-pages-150dpi-skewed"])
def test_a_scanned_annex_is_read_as_tables(tmp_path, name, pages, dpi, angles):
    """The ruled annex tables of a skewed scan are tables (readers/scan_tables.py): row
    numbers are never values, and what OCR got wrong is marked to check. Measured on this
    case: 61 of the text layer's 64 key facts, 3 wrong, all three to check."""
    import pypdfium2 as pdfium

    source = ROOT / "corpus" / "synth" / f"{name}.pdf"
    key = json.loads(source.with_suffix(".key.json").read_text(encoding="utf-8"))
    want = {_fact(f["indicator"], f["category"], f["period_start"], f["period_end"], f["value"]) for f in key["figures"]}
    text = tmp_path / "text.pdf"
    pdf = pdfium.PdfDocument(str(source))
    sub = pdfium.PdfDocument.new()
    sub.import_pages(pdf, list(pages))
    sub.save(str(text))
    expected = _facts(extract(text)) & want
    scan = extract(_skewed_scan(tmp_path / "scan.pdf", source, pages, dpi, angles))
    assert sum(b.kind == "table" for b in scan.document.blocks) >= 2
    assert all(f.source.bbox and f.source.page for f in scan.figures)  # the cell's box on the scan
    got = _facts(scan)
    assert len(got & expected) >= 0.9 * len(expected), sorted(expected - got, key=str)
    wrong = [f for f in scan.figures if _fact(f.indicator, f.category, f.period_start, f.period_end, f.value) not in want]
    assert len(wrong) <= 0.1 * len(got)
    assert all(f.check for f in wrong), [(f.text, f.indicator, f.confidence) for f in wrong if not f.check]


@needs_ocr
def test_audit_html_shows_the_scan_around_scanned_figures(tmp_path):
    """audit.html puts the part of the page image beside what OCR read (audit/crops.py)."""
    import base64
    import re

    from extractor.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "ke_sat_scan.pdf")
    assert main(["audit", str(folder), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    html = (tmp_path / "out" / "audit.html").read_text(encoding="utf-8")
    crops = re.findall(r'<img class="scan" src="data:image/png;base64,([^"]+)"', html)
    assert crops and all(base64.b64decode(c).startswith(b"\x89PNG") for c in crops)
