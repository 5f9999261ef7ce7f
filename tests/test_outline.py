"""The outline as data: it loads, it is complete, and every example in it works."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from extractor.outline import load_outline, outline_from_dir
from extractor.patterns import PatternError
from extractor.pipeline import text_to_report

ROOT = Path(__file__).resolve().parent.parent
OUTLINE_DIR = ROOT / "patterns" / "outlines" / "sap_xep_2025"
SPEC = ROOT.parent / "shared" / "spec" / "indicators.csv"

OUTLINE = load_outline()
EXAMPLES = [(ind.id, ex) for ind in OUTLINE.indicators for ex in ind.examples]
COUNTER = [(ind.id, text) for ind in OUTLINE.indicators for text in ind.counter_examples]


def test_every_indicator_of_the_csv_is_in_the_outline():
    with open(OUTLINE_DIR / "indicators.csv", encoding="utf-8") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    assert list(OUTLINE.ids) == ids
    assert len(ids) == 59


@pytest.mark.skipif(not SPEC.exists(), reason="shared/spec is not beside this checkout")
def test_outline_csv_is_the_city_spec():
    assert (OUTLINE_DIR / "indicators.csv").read_bytes() == SPEC.read_bytes()


@pytest.mark.parametrize("indicator,example", EXAMPLES, ids=[f"{i}:{e.text[:40]}" for i, e in EXAMPLES])
def test_example_gives_its_figure(indicator, example):
    figures = text_to_report(example.text, OUTLINE).figures
    got = [(f.indicator, f.category, f.value, f.qualifier) for f in figures]
    assert (indicator, example.category, example.value, example.qualifier) in got


@pytest.mark.parametrize("indicator,text", COUNTER, ids=[f"{i}:{t[:40]}" for i, t in COUNTER])
def test_counter_example_does_not_give_the_indicator(indicator, text):
    figures = text_to_report(text, OUTLINE).figures
    assert indicator not in [f.indicator for f in figures]


def test_broken_lexicon_reports_every_problem_with_file_and_key(tmp_path):
    folder = tmp_path / "broken"
    shutil.copytree(OUTLINE_DIR, folder)
    lex = (folder / "lexicon.yaml").read_text(encoding="utf-8")
    lex = lex.replace("  area_km2:\n", "  area_km3:\n  area_km2:\n", 1)  # unknown id (and an empty entry)
    lex = lex.replace("      trực tiếp: [trực tiếp, nộp trực tiếp]", "      tại chỗ: [tại chỗ]", 1)  # unknown category
    lex = lex.replace("    scope: ministry\n", "    scope: nowhere\n", 1)  # unknown scope
    (folder / "lexicon.yaml").write_text(lex, encoding="utf-8")
    with pytest.raises(PatternError) as err:
        outline_from_dir(folder)
    text = str(err.value)
    assert "indicators.area_km3" in text
    assert "categories.tại chỗ" in text
    assert "scope: 'nowhere'" in text
    assert text.count("lexicon.yaml") >= 3
    assert len(err.value.problems) >= 3


def test_a_second_outline_is_data_only(tmp_path):
    """A new outline folder with one indicator loads without any Python change."""
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "outline.yaml").write_text("id: other\ntitle: Báo cáo khác\nindicators: indicators.csv\nlexicon: lexicon.yaml\n", encoding="utf-8")
    (folder / "indicators.csv").write_text(
        "id,label_vi,unit,kind,categories,categories_sum_to_total,section,notes\n"
        "households,Số hộ gia đình,hộ,count,,,I,\n",
        encoding="utf-8",
    )
    (folder / "lexicon.yaml").write_text(
        "indicators:\n  households:\n    labels: [hộ gia đình]\n    units: [hộ]\n"
        "    examples:\n      - {text: 'Toàn xã có 10.250 hộ gia đình', value: 10250}\n",
        encoding="utf-8",
    )
    other = outline_from_dir(folder)
    figures = text_to_report("Toàn xã có 10.250 hộ gia đình.", other).figures
    assert [(f.indicator, f.value) for f in figures] == [("households", 10250)]


def test_blockers_are_other_indicators_category_names_holding_a_label():
    """Inside "Giáo dục và đào tạo" (a field of decentralised tasks) "đào tạo" does not
    name training; inside "Nông nghiệp và môi trường" "trường" is not a school."""
    by_id = {i.id: i for i in load_outline().indicators}
    assert "giáo dục và đào tạo" in {b.text for b in by_id["training_participations"].blockers}
    assert "nông nghiệp và môi trường" in {b.text for b in by_id["schools"].blockers}
    assert not any(b.text == "giáo dục và đào tạo" for b in by_id["decentralized_tasks"].blockers)


def test_share_of_must_name_an_indicator_and_sit_on_a_percentage(tmp_path):
    src = Path(__file__).resolve().parent.parent / "patterns" / "outlines" / "sap_xep_2025"
    dst = tmp_path / "o"
    shutil.copytree(src, dst)
    lex = dst / "lexicon.yaml"
    text = lex.read_text(encoding="utf-8")
    text = text.replace("    share_of: training_participations", "    share_of: no_such_indicator")
    text = text.replace("  health_stations:\n", "  health_stations:\n    share_of: villages\n")
    lex.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as err:
        outline_from_dir(dst)
    message = str(err.value)
    assert "training_share_pct.share_of" in message and "health_stations.share_of" in message
