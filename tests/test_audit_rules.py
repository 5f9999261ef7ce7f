"""rules.yaml: it loads, every rule's examples hold or fail as they say, and a broken
file reports every problem with its file and key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor.audit.relations import evaluate_example
from extractor.audit.rules import load_rules, rules_from_file, rules_path
from extractor.outline import load_outline
from extractor.patterns import PatternError

OUTLINE = load_outline()
RULES = load_rules(OUTLINE)
EXAMPLES = [(c, ex) for c in RULES.checks for ex in c.examples]


def test_rules_file_sits_beside_the_outline():
    assert rules_path(OUTLINE) == Path(__file__).resolve().parent.parent / "patterns/outlines/sap_xep_2025/rules.yaml"
    kinds = {c.kind for c in RULES.checks}
    assert kinds == {"sum", "ratio"}
    assert len(RULES.checks) >= 20


def test_every_rule_has_a_holding_and_a_failing_example():
    for c in RULES.checks:
        assert any(e.holds for e in c.examples), c.id
        assert any(not e.holds for e in c.examples), c.id


def test_category_rules_only_for_categories_that_partition_the_total():
    for c in RULES.checks:
        if c.is_categories:
            ind = OUTLINE.get(c.total.indicator)
            assert ind.categories_sum_to_total, c.id
            assert [p.category for p in c.parts] == list(ind.categories)
    # services_with_dossiers_share_pct has categories that do not add up (each over its own base)
    assert RULES.category_sum_of("services_with_dossiers_share_pct") is None


@pytest.mark.parametrize("check,example", EXAMPLES,
                         ids=[f"{c.id}:{'holds' if e.holds else 'fails'}{i}" for i, (c, e) in enumerate(EXAMPLES)])
def test_rule_example(check, example):
    evs = evaluate_example(check, example, RULES, OUTLINE)
    assert evs, "the example gives nothing to check"
    if example.holds:
        assert all(e.ok for e in evs), [e.judgement for e in evs]
    else:
        assert any(not e.ok and e.judgement.rule == example.rule for e in evs), [e.judgement for e in evs]


def test_broken_rules_report_every_problem_with_file_and_key(tmp_path):
    src = rules_path(OUTLINE)
    path = tmp_path / "rules.yaml"
    shutil.copy(src, path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("total: schools\n", "total: schoolz\n", 1)  # unknown indicator
    text = text.replace('"procedures_total[toàn trình]"]', '"procedures_total[toan trinh]"]', 1)  # unknown category
    text = text.replace("kind: ratio\n", "kind: product\n", 1)  # unknown kind
    text = text.replace("    open: true\n", "    open: true\n    colour: red\n", 1)  # unknown key
    text = text.replace("      - {villages: \"29\", cultural_villages: \"92\", rule: part_exceeds_total}",
                        "      - {villages: \"29\", cultural_villages: \"chín\"}", 1)  # bad number, no rule
    text = text.replace("total: staff_quota_before\n", "total: staff_quota_before\n    absent: maybe\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as err:
        rules_from_file(path, OUTLINE)
    problems = err.value.problems
    joined = "\n".join(problems)
    assert all(str(path) in p for p in problems)
    assert "schools_categories" in joined and "'schoolz'" in joined
    assert "'toan trinh'" in joined and "services_with_dossiers_share_full" in joined
    assert "product" in joined
    assert "colour" in joined
    assert "cultural_villages_within_villages" in joined and "fails[0].rule" in joined and "'chín'" in joined
    assert "absent" in joined
    assert len(problems) >= 7


def test_a_rule_without_examples_or_with_categories_that_overlap_is_refused(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n"
        "  - id: share_parts\n    kind: sum\n    total: services_with_dossiers_share_pct\n    parts: categories\n"
        "  - id: share_parts\n    kind: sum\n    total: population\n    parts: categories\n",
        encoding="utf-8")
    with pytest.raises(PatternError) as err:
        rules_from_file(path, OUTLINE)
    joined = "\n".join(err.value.problems)
    assert "không cộng thành tổng" in joined  # categories_sum_to_total = no
    assert "không có phân loại" in joined  # population has no categories
    assert "holds" in joined and "fails" in joined
    assert "duplicate id" in joined
