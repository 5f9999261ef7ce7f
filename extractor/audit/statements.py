"""The same figure stated with different values: narrative against annex table
(``annex_mismatch``) and within the narrative (``conflicting_values``).

The extractor merges repeats of the same value into one figure, so the facts of one
(indicator, category, period) are distinct values; two of them conflict only when
their intervals cannot meet (``khoảng 700 triệu`` and ``702 triệu`` do not).
"""
from __future__ import annotations

from ..outline import Outline
from .facts import Fact, facts_by_key, is_narrative
from .findings import Finding, Rule
from .messages import label, label_en, period_vi, show, show_en, where, where_en
from .relations import Evaluation


def _narrative(f: Fact) -> list:
    return [(q, s) for q, s in f.sources if is_narrative(s)]


def _annex(f: Fact) -> list:
    return [(q, s) for q, s in f.sources if not is_narrative(s)]


def _narrative_against_annex(a: Fact, b: Fact) -> bool:
    """``a`` is stated in the narrative and nowhere in the annex, ``b`` in the annex only.

    (A narrative value the annex confirms, beside another annex value, is a second
    annex row read for the same figure, not the narrative against the annex.)"""
    return bool(_narrative(a)) and not _annex(a) and bool(_annex(b)) and not _narrative(b)


def _one_sentence(a: Fact, b: Fact) -> bool:
    """Both values come from one paragraph only: a breakdown read two ways, not two
    statements that disagree."""
    blocks = {s.block for _, s in _narrative(a)} | {s.block for _, s in _narrative(b)}
    return len(blocks) == 1


def _consistent_choice(group: tuple[Fact, ...], evaluations: tuple[Evaluation, ...]) -> Fact | None:
    """The one value of ``group`` that every relation it takes part in accepts while
    each other value fails one (``12`` schools = 4 + 4 + 4, not ``16``)."""
    ok_n = {f.n for e in evaluations if e.ok for f in e.facts}
    bad_n = {f.n for e in evaluations if not e.ok for f in e.facts}
    good = [f for f in group if f.n in ok_n and f.n not in bad_n]
    if len(good) == 1 and all(f.n in bad_n for f in group if f is not good[0]):
        return good[0]
    return None


def _finding(rule: Rule, pairs_facts: list[Fact], evidence_of, outline: Outline, evaluations) -> Finding:
    f0 = pairs_facts[0]
    facts = sorted(pairs_facts, key=lambda f: (f.source.block if f.source else 0))
    vals_vi = "; ".join(f"{show(f.value, f.kind, f.text)} ({'; '.join(where(s) for _, s in evidence_of(f))})" for f in facts)
    vals_en = "; ".join(f"{show_en(f.value, f.kind, f.text)} ({'; '.join(where_en(s) for _, s in evidence_of(f))})" for f in facts)
    name = label(outline, f0.indicator, f0.category) + period_vi(f0.period)
    if rule is Rule.ANNEX_MISMATCH:
        msg = f"Phần thuyết minh và phụ lục nêu {name} khác nhau: {vals_vi}."
        msg_en = f"The narrative and the annex table state different values for {label_en(f0.indicator, f0.category)}: {vals_en}."
    else:
        msg = f"Báo cáo nêu {name} với các giá trị khác nhau: {vals_vi}."
        msg_en = f"The report states different values for {label_en(f0.indicator, f0.category)}: {vals_en}."
    choice = _consistent_choice(tuple(facts), evaluations)
    if choice is not None:
        msg += f" Giá trị {show(choice.value, choice.kind, choice.text)} khớp với các số liệu liên quan."
        msg_en += f" {show_en(choice.value, choice.kind, choice.text)} agrees with the related figures."
    evidence = tuple(e for f in facts for q, s in evidence_of(f) if (e := f.evidence(q, s)) is not None)
    return Finding(
        rule=rule,
        severity="error" if rule is Rule.ANNEX_MISMATCH else "warning",
        indicators=(f0.indicator,),
        values=tuple(f.stated() for f in facts),
        expected=None,
        message=msg,
        message_en=msg_en,
        evidence=evidence,
        suggestion=choice.value if choice else None,
        suggestion_for=f0.indicator if choice else None,
        confidence="medium" if choice else None,
        category=f0.category,
        period_start=f0.period[0],
        period_end=f0.period[1],
    )


def facts_to_statement_findings(facts, outline: Outline, evaluations: tuple[Evaluation, ...] = ()) -> list[Finding]:
    """One ``annex_mismatch`` and/or one ``conflicting_values`` per figure stated with
    values that cannot be the same."""
    out: list[Finding] = []
    for key, group in facts_by_key(facts).items():
        if len(group) < 2:
            continue
        annex, conflict = [], []
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.interval.meets(b.interval):
                    continue
                if _narrative_against_annex(a, b) or _narrative_against_annex(b, a):
                    annex += [x for x in (a, b) if x not in annex]
                if _narrative(a) and _narrative(b) and not _one_sentence(a, b):
                    conflict += [x for x in (a, b) if x not in conflict]
        if annex:
            out.append(_finding(Rule.ANNEX_MISMATCH, annex, lambda f: f.sources, outline, evaluations))
        if conflict:
            out.append(_finding(Rule.CONFLICTING_VALUES, conflict,
                                lambda f: _narrative(f) or list(f.sources), outline, evaluations))
    return out
