"""Every number of a report has a role (patterns/lexicon/roles.yaml): the data's own
examples, a table of cases written for phenomena of real reports, and the seed report."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractor.pipeline import extract, text_to_report
from extractor.roles import FIGURE, ROW_NUMBER, SHOWN_ROLES, UNATTRIBUTED, load_roles, role_of
from extractor.textnorm import fold

ROOT = Path(__file__).resolve().parent.parent


def _marked(example: str) -> tuple[str, list[tuple[int, int]]]:
    """'Kế hoạch số [45]/KH' -> ('Kế hoạch số 45/KH', [(12, 14)])."""
    text, spans = "", []
    for part in regex.split(r"(\[[^\]]+\])", example):
        if part.startswith("["):
            spans.append((len(text), len(text) + len(part) - 2))
            text += part[1:-1]
        else:
            text += part
    return text, spans


EXAMPLES = [(r.role, ex) for r in load_roles() for ex in r.examples]


@pytest.mark.parametrize("role,example", EXAMPLES, ids=[f"{r}:{e}" for r, e in EXAMPLES])
def test_each_role_example_gets_its_role(role, example):
    text, spans = _marked(example)
    for s, e in spans:
        assert role_of(fold(text), s, e) == role, f"{text[s:e]!r} in {text!r}"


# Phenomena seen in real commune reports, in sentences of our own.
CASES = [
    ("Năm 2025, phường xếp thứ 7/126 xã, phường về chỉ số cải cách hành chính.", {"7": "rank", "126": "rank"}),
    ("Mức độ hài lòng của người dân đạt 97,6%.", {"97,6": "satisfaction"}),
    ("Tỷ lệ bao phủ bảo hiểm y tế đạt 94,2%.", {"94,2": "rate_not_in_outline"}),
    ("Năm 2025 có 57 tổ dân phố đạt danh hiệu văn hóa(1).", {"1": "footnote_or_list_item"}),
    ("Đã bàn giao 12,5 ha đất cho dự án khu công nghiệp.", {"12,5": "area_not_in_outline"}),
    ("Thu ngân sách trên địa bàn đạt 38,4 tỷ đồng.", {"38,4": "money_not_in_outline"}),
    ("Thực hiện Quyết định số 1286/QĐ-UBND ngày 03/6/2025 của UBND thành phố.", {"1286": "document_number", "03": "date"}),
    ("Quý IV/2025 tổ chức 04 hội nghị.", {"2025": "date"}),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_roles_of_numbers_in_real_phrasings(text, expected):
    report = text_to_report(text)
    got = {n.text: n.role for n in report.numbers}
    for number, role in expected.items():
        assert got.get(number) == role, got


# Numbers that look like a vetoed role's but are figures.
FIGURES_NOT_VETOED = [
    ("6 tháng cuối năm 2025 ban hành 1.250 văn bản, gồm: 420 quyết định; 181 kế hoạch; 96 thông báo.", "181"),
    ("Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ đạt 86,82%, vượt chỉ tiêu thành phố giao.", "86,82"),
    ("Các chỉ tiêu cơ bản đều đạt: tỷ lệ hồ sơ trực tuyến 90,5%.", "90,5"),
    ("Có 145 lượt cán bộ tham gia các lớp bồi dưỡng, đạt 96% kế hoạch.", "96"),  # the outline's share, written against the plan
]


@pytest.mark.parametrize("text,number", FIGURES_NOT_VETOED, ids=[c[0][:40] for c in FIGURES_NOT_VETOED])
def test_figures_beside_target_words_are_not_vetoed(text, number):
    from extractor.roles import vetoed

    f = fold(text)
    start = f.index(fold(number))
    assert not vetoed(f, start, start + len(number) + (1 if f[start + len(number):].startswith("%") else 0))


def test_every_number_of_the_seed_report_has_a_role():
    report = extract(ROOT / "corpus" / "real" / "ke_sat.docx")
    known = {FIGURE, UNATTRIBUTED, ROW_NUMBER} | {r.role for r in load_roles()}
    assert report.numbers and all(n.role in known for n in report.numbers)
    digits = sum(len(regex.findall(r"\d+(?:[.,]\d+)*", b.text)) for b in report.document.blocks if b.kind == "paragraph")
    assert sum(n.source.kind == "paragraph" for n in report.numbers) == digits
    figures = sum(1 for n in report.numbers if n.role == FIGURE)
    assert figures >= len(report.figures)
    left = [n for n in report.numbers if n.role == UNATTRIBUTED]
    assert len(left) <= 6, [(n.text, n.quote[:80]) for n in left]


def test_unattributed_numbers_are_written(tmp_path):
    from extractor.cli import main

    assert main(["extract", str(ROOT / "corpus" / "real" / "ke_sat.docx"), "--out", str(tmp_path), "--quiet"]) == 0
    lines = (tmp_path / "unattributed.jsonl").read_text(encoding="utf-8").splitlines()
    import json

    recs = [json.loads(x) for x in lines]
    assert recs and all(r["role"] in SHOWN_ROLES for r in recs)
    assert all(r["quote"][r["source"]["start"]:r["source"]["end"]] == r["text"] for r in recs)
