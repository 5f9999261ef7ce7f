"""Reports typed in the old TCVN3 (ABC) font encoding read as any report."""
from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from extractor.patterns import PatternError
from extractor.readers.legacy import (decode_legacy, decode_tcvn3, decode_vni, encode_tcvn3, encode_vni, legacy_encoding,
                                     looks_tcvn3, tcvn3_table, vni_table)

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_the_table_is_iconvs_tcvn5712_1():
    for b in range(0xA0, 0x100):
        want = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([b]),
                              capture_output=True, check=True).stdout.decode("utf-8")
        assert tcvn3_table()[chr(b)] == want, hex(b)


def test_a_bad_table_lists_every_problem(tmp_path):
    bad = tmp_path / "tcvn3.csv"
    with open(ROOT / "patterns" / "encodings" / "tcvn3.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows = rows[:1] + [r for r in rows[1:] if r[0] not in ("0xB8", "0xC5")] + [["0x41", "A", ""], ["zz", "x", ""]]
    with open(bad, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(PatternError) as err:
        tcvn3_table(str(bad))
    text = str(err.value)
    assert "0x41" in text and "'byte' phải là 0xNN" in text and "0xB8, 0xC5" in text


@pytest.mark.parametrize("unicode_text", [
    "UBND xã Kẻ Sặt báo cáo kết quả sơ kết 01 năm",
    "Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; đã giải quyết 1.198 hồ sơ, đạt 95,8%.",
    "Số thôn, tổ dân phố đạt danh hiệu văn hóa: 27/29 thôn.",
])
def test_tcvn3_text_decodes_to_what_was_typed(unicode_text):
    shown = encode_tcvn3(unicode_text)
    assert shown != unicode_text and looks_tcvn3(shown) and not looks_tcvn3(unicode_text)
    assert decode_tcvn3(shown) == unicode_text


@pytest.mark.parametrize("unicode_text", [
    "UBND xã Kẻ Sặt, ngày 20 tháng 5 năm 2026",  # TCVN3 writes capitals with marks in other fonts (.VnTimeH)
    "Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ; đã giải quyết 1.198 hồ sơ, đạt 95,8%.",
    "Số thôn, tổ dân phố đạt danh hiệu văn hóa: 27/29 thôn; tỷ lệ ứng dụng chữ ký số 93,1%.",
])
def test_vni_text_decodes_to_what_was_typed_and_is_told_from_tcvn3(unicode_text):
    vni, abc = encode_vni(unicode_text), encode_tcvn3(unicode_text)
    assert (legacy_encoding(vni), legacy_encoding(abc), legacy_encoding(unicode_text)) == ("vni", "tcvn3", None)
    assert decode_vni(vni) == unicode_text and decode_tcvn3(abc) == unicode_text
    capitals = "UBND XÃ KẺ SẶT ĐẠT CHUẨN NÔNG THÔN MỚI"  # VNI has capitals with marks
    assert decode_vni(encode_vni(capitals)) == capitals


def test_the_vni_table_has_every_vietnamese_letter():
    import unicodedata

    marked = {unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưy"
              for t in ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")}
    every = marked | set("ăâêôơưđ")
    every |= {c.upper() for c in every}
    assert len(every) == 2 * (12 * 5 + 7) and every <= set(vni_table().values())


def _report_docx(path: Path, legacy: bool, encode=encode_tcvn3, font=".VnTime") -> None:
    from docx import Document

    lines = ["ỦY BAN NHÂN DÂN XÃ KẺ SẶT", "Số: 45/BC-UBND", "Kẻ Sặt, ngày 20 tháng 5 năm 2026", "BÁO CÁO",
             "Sơ kết 01 năm thực hiện sắp xếp đơn vị hành chính và hoạt động của chính quyền địa phương 02 cấp",
             "Tổng số hồ sơ tiếp nhận từ ngày 01/7/2025 đến nay: 1.250 hồ sơ; số hồ sơ đã giải quyết: 1.198 hồ sơ.",
             "Xã có 29 thôn, trong đó 27 thôn đạt danh hiệu thôn văn hóa."]
    d = Document()
    for line in lines:
        run = d.add_paragraph().add_run(encode(line) if legacy else line)
        if legacy:
            run.font.name = font
    d.save(path)


def test_a_docx_typed_in_tcvn3_reads_like_the_unicode_one(tmp_path):
    from extractor import extract

    _report_docx(tmp_path / "abc.docx", legacy=True)
    _report_docx(tmp_path / "unicode.docx", legacy=False)
    old, new = extract(tmp_path / "abc.docx"), extract(tmp_path / "unicode.docx")
    assert old.metadata.commune == new.metadata.commune == "Kẻ Sặt" and old.metadata.date == "2026-05-20"
    key = lambda r: sorted((f.indicator, f.category, f.value, f.period_start, f.period_end) for f in r.figures)
    assert key(old) == key(new) and len(new.figures) >= 4
    assert any("TCVN3" in w for w in old.document.warnings) and not new.document.warnings


def test_a_docx_typed_in_vni_reads_like_the_unicode_one(tmp_path):
    from extractor import extract

    _report_docx(tmp_path / "vni.docx", legacy=True, encode=encode_vni, font="VNI-Times")
    _report_docx(tmp_path / "unicode.docx", legacy=False)
    old, new = extract(tmp_path / "vni.docx"), extract(tmp_path / "unicode.docx")
    key = lambda r: sorted((f.indicator, f.category, f.value, f.period_start, f.period_end) for f in r.figures)
    assert old.metadata.commune == "Kẻ Sặt" and key(old) == key(new)
    assert any("VNI" in w for w in old.document.warnings)


def test_a_unicode_block_beside_tcvn3_ones_is_left_alone():
    from extractor.model import Block, Document

    doc = Document("x.docx", "docx", (Block(0, "paragraph", encode_tcvn3("Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ")),
                                      Block(1, "paragraph", "Đã giải quyết 1.198 hồ sơ, đạt 95,8%."),
                                      Block(2, "paragraph", "Ghi chú: số liệu đến ngày 20/5/2026"),
                                      Block(3, "paragraph", "¯¯¯¯¯¯¯¯¯¯")))  # a rule under a heading: no letters
    out = decode_legacy(doc)
    assert [b.text for b in out.blocks] == ["Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ", "Đã giải quyết 1.198 hồ sơ, đạt 95,8%.",
                                            "Ghi chú: số liệu đến ngày 20/5/2026", "¯¯¯¯¯¯¯¯¯¯"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_pdf_printed_from_a_tcvn3_docx_reads_like_the_unicode_one(tmp_path):
    from extractor import extract

    _report_docx(tmp_path / "abc.docx", legacy=True)
    _report_docx(tmp_path / "unicode.docx", legacy=False)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "abc.docx")], capture_output=True, timeout=180)
    if not (tmp_path / "abc.pdf").exists():
        pytest.skip("LibreOffice could not print the DOCX")
    old, new = extract(tmp_path / "abc.pdf"), extract(tmp_path / "unicode.docx")
    key = lambda r: sorted((f.indicator, f.category, f.value, f.period_start, f.period_end) for f in r.figures)
    assert old.metadata.commune == "Kẻ Sặt" and key(old) == key(new)


def test_capitals_typed_as_small_letters_in_a_vntimeh_run_read_as_capitals(tmp_path):
    """TCVN3 has no byte for "Ủ", "Ẻ", "Ặ": typists set such a heading in .VnTimeH, the
    capitals font, as small letters; read so, the unit is still found."""
    from docx import Document

    from extractor import extract

    d = Document()
    head = d.add_paragraph().add_run(encode_tcvn3("ủy ban nhân dân xã kẻ sặt"))
    head.font.name = ".VnTimeH"
    for line in ("Số: 45/BC-UBND", "Kẻ Sặt, ngày 20 tháng 5 năm 2026", "BÁO CÁO",
                 "Tổng số hồ sơ tiếp nhận từ ngày 01/7/2025 đến nay: 1.250 hồ sơ."):
        run = d.add_paragraph().add_run(encode_tcvn3(line))
        run.font.name = ".VnTime"
    d.save(tmp_path / "h.docx")
    report = extract(tmp_path / "h.docx")
    assert report.document.blocks[0].text.startswith("ỦY BAN NHÂN DÂN XÃ KẺ SẶT")
    assert report.metadata.commune == "Kẻ Sặt"
    assert not any("\ue000" in b.text or "\ue001" in b.text for b in report.document.blocks)
