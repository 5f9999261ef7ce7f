"""The head of a report (unit, number, date) however the reader split it into blocks."""
from __future__ import annotations

import pytest

from extractor.header import _head_lines, find_date, find_number
from extractor.model import Block, Document

HEAD = ["ỦY BAN NHÂN DÂN PHƯỜNG AN BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "––––––––", "––––––––––––––––––", "Số: 77/BC-UBND", "An Biên, ngày 9 tháng 6 năm 2026"]
BODY = ["BÁO CÁO", "Sơ kết 01 năm vận hành chính quyền địa phương 02 cấp",
        "Thực hiện Nghị quyết ngày 16 tháng 6 năm 2025 của Ủy ban Thường vụ Quốc hội, UBND phường báo cáo như sau:"]


def _doc(texts):
    return Document("x.pdf", "pdf", tuple(Block(index=i, kind="paragraph", text=t) for i, t in enumerate(texts)))


@pytest.mark.parametrize("texts, date, number", [
    (HEAD + BODY, "2026-06-09", "77/BC-UBND"),                     # a PDF: one paragraph a head line, date 7th
    (HEAD[:4] + HEAD[5:] + BODY, "2026-06-09", "77/BC-UBND"),       # six head blocks
    (HEAD[:5] + BODY, None, None),                                  # no number or date in the head: none taken from the body
], ids=["head_in_seven_blocks", "head_in_six_blocks", "head_without_date"])
def test_the_date_and_number_come_from_the_head_only(texts, date, number):
    lines = _head_lines(_doc(texts))
    assert find_date(lines)[0] == date and find_number(lines)[0] == number
