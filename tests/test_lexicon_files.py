"""The small word files of patterns/lexicon/: a broken file is reported whole, every
problem with its file and key, in Vietnamese and English."""
from __future__ import annotations

import pytest

from extractor.phrase_words import load_phrase_words
from extractor.scoring import load_settings
from extractor.patterns import PatternError
from extractor.periods import find_periods, load_period_words
from extractor.table_words import load_table_words

BROKEN = [
    (load_period_words, "now: []\nmonth_numbers: {ba: 13}\nsurplus: 1\n",
     ["now", "month_numbers", "surplus", "range_from", "document_names"]),
    (load_table_words, "numbering_headers: []\nunit_headers: 3\nextra: [x]\n",
     ["numbering_headers", "unit_headers", "extra", "percent_units", "paired_words"]),
    (load_phrase_words, "filler_words: có\nmore: []\n", ["filler_words", "separators", "more", "purpose_words", "count_words", "chain_words"]),
    (load_settings, "near: -1\nnear_chars: 2.5\nweight_of_luck: 7\n", ["near", "near_chars", "weight_of_luck", "min_score"]),
]


@pytest.mark.parametrize("loader,text,keys", BROKEN, ids=["periods", "tables", "phrases", "scoring"])
def test_broken_word_file_names_every_problem(tmp_path, loader, text, keys):
    p = tmp_path / "words.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as err:
        loader(str(p))
    message = str(err.value)
    assert str(p) in message
    for key in keys:
        assert key in message, key


def test_a_malformed_word_pair_is_named(tmp_path):
    from extractor.patterns import patterns_dir

    text = (patterns_dir() / "lexicon" / "tables.yaml").read_text(encoding="utf-8")
    text = text.replace('paired_words: ["trước / sau",', 'paired_words: ["trước sau", "a / b / c",')
    p = tmp_path / "tables.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as err:
        load_table_words(str(p))
    assert "'trước sau'" in str(err.value) and "'a / b / c'" in str(err.value) and "paired_words" in str(err.value)


@pytest.mark.parametrize("text,want", [
    ("Giai đoạn từ 01/7/2025 đến 31/12/2025: tổng số 1.466 văn bản", ("2025-07-01", "2025-12-31")),
    ("Trong thời gian từ 01/01/2026 đến nay", ("2026-01-01", "2026-05-28")),
    ("Tính đến thời điểm 15/5/2026", (None, "2026-05-15")),
    ("Tính đến thời điểm báo cáo (30/04/2026)", (None, "2026-04-30")),
    ("Sáu tháng cuối năm 2025", ("2025-07-01", "2025-12-31")),
    ("Kế hoạch số 12/KH-UBND năm 2025 về sắp xếp", None),
])
def test_period_words(text, want):
    got = find_periods(text, report_date="2026-05-28", cutoff="2026-04-30" if "(30/04" in text else None)
    assert (got[0][:2] if got else None) == want
