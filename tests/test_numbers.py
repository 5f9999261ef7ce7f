"""The Vietnamese number grammar, as a table of cases named by their input."""
from __future__ import annotations

import pytest

from extractor.numbers import find_quantities, parse_number
from extractor.patterns import PatternError
from extractor.numbers import _validate

NOUNS = frozenset({"phòng họp", "cấp học", "người", "hồ sơ", "thôn văn hóa", "trường"})

# (text, [(value, kind, qualifier, text as written)])
CASES = [
    ("3.260 văn bản", [(3260, "number", None, "3.260")]),
    ("trên tổng số 81 cơ sở nhà đất", [(81, "number", None, "81")]),
    ("theo Quyết định số 12 ngày", []),
    ("9.551/9.640 hồ sơ", [(9551, "number", None, "9.551"), (9640, "number", None, "9.640")]),
    ("24,67 km²", [(24.67, "number", None, "24,67")]),
    ("12317 hồ sơ", [(12317, "number", None, "12317")]),
    ("02 điểm trạm y tế", [(2, "number", None, "02")]),
    ("13,87%", [(13.87, "percent", None, "13,87%")]),
    ("đạt 96 phần trăm", [(96, "percent", None, "96 phần trăm")]),
    ("129,6 triệu đồng", [(129600000, "money", None, "129,6 triệu đồng")]),
    ("1.600 triệu đồng", [(1600000000, "money", None, "1.600 triệu đồng")]),
    ("1,6 tỷ đồng", [(1600000000, "money", None, "1,6 tỷ đồng")]),
    ("2,5 tỉ đồng", [(2500000000, "money", None, "2,5 tỉ đồng")]),
    ("500.000 đồng", [(500000, "money", None, "500.000 đồng")]),
    ("15 nghìn lượt", [(15000, "number", None, "15 nghìn")]),
    ("12 ngàn hồ sơ", [(12000, "number", None, "12 ngàn")]),
    ("khoảng 700 triệu đồng", [(700000000, "money", "approx", "700 triệu đồng")]),
    ("gần 500 hồ sơ", [(500, "number", "approx", "500")]),
    ("xấp xỉ 90%", [(90, "percent", "approx", "90%")]),
    ("Trên 15000 lượt", [(15000, "number", "over", "15000")]),
    ("hơn 200 người", [(200, "number", "over", "200")]),
    ("dưới 5%", [(5, "percent", "under", "5%")]),
    ("sửa chữa hai phòng họp", [(2, "word", None, "hai")]),
    ("ba cấp học trên địa bàn", [(3, "word", None, "ba")]),
    ("năm người", [(5, "word", None, "năm")]),
    ("mười bốn người", [(14, "word", None, "mười bốn")]),  # not "bốn"
    ("mười tám người", [(18, "word", None, "mười tám")]),
    ("29/29 thôn văn hóa", [(29, "number", None, "29"), (29, "number", None, "29")]),
]

NOT_FIGURES = [
    "ngày 30/5/2026",
    "Kế hoạch số 154/KH-UBND",
    "Nghị định 150/2025/NĐ-CP",
    "1.2. Phân quyền, phân cấp",
    "II. KẾT QUẢ",
    "chính quyền địa phương 02 cấp",
    "sau 01 năm vận hành",
    "ngày 12 tháng 6 năm 2025",
    "năm 2026",
    "Phụ lục 01",
    "quốc lộ 38",
    "giai đoạn 2026 - 2030",
    "từ 3-5 năm",
    "khoảng cách trên 15km",
    "một số người",
    "năm nay",
    "một phần",
    "Nghị quyết số 1669/NQ-UBTVQH15",
    "Câu hỏi 2: Số tổ dân phố",
    "Câu 5. Tổng biên chế",
    "Nội dung 3: Công tác tiếp công dân",
    "bố trí kinh phí đầu tư phòng họp trực tuyến",
    "hằng năm người dân được khám sức khỏe",
    "sản xuất vụ Xuân 2026 đạt kế hoạch",
    "trong 6 tháng cuối năm 2025 (từ 01/7 đến 31/12/2025)",
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0] for c in CASES])
def test_number_case(text, expected):
    got = [(q.value, q.kind, q.qualifier, q.text) for q in find_quantities(text, NOUNS)]
    assert got == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text):
    assert find_quantities(text, NOUNS) == ()


@pytest.mark.parametrize(
    "digits,integer,value",
    [("3.260", False, 3260), ("24,67", False, 24.67), ("1,600", False, 1.6), ("1,600", True, 1600),
     ("12.317,5", False, 12317.5), ("1,234,567", False, 1234567), ("0", False, 0), ("07", False, 7)],
)
def test_parse_number(digits, integer, value):
    assert parse_number(digits, prefer_integer=integer) == value


def test_ambiguous_thousands_is_settled_by_a_count_unit():
    from extractor.pipeline import text_to_report

    figs = text_to_report("- Tổng số hồ sơ tiếp nhận: 1,600 hồ sơ").figures
    assert [(f.indicator, f.value) for f in figs] == [("dossiers_received", 1600)]


def test_spans_point_at_the_text():
    text = "đã ban hành 3.260 văn bản, khoảng 700 triệu đồng, 13,87%"
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


def test_grammar_file_errors_are_listed_together():
    raw = {"number_words": {"hai": "two"}, "scales": {}, "currency": "đồng", "percent": ["%"],
           "qualifiers": {"khoảng": "about"}, "not_figure_before": ["ngày"], "not_figure_units": ["năm"], "extra": 1}
    with pytest.raises(PatternError) as err:
        _validate(raw, "numbers.yaml")
    text = str(err.value)
    for needle in ("number_words.hai", "scales", "currency", "qualifiers.khoảng", "extra"):
        assert needle in text
