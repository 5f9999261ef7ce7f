"""Failing relations into findings: what is stated, what the relation requires,
the likely intended value and where to look."""
from __future__ import annotations

from dataclasses import replace

from ..outline import Outline
from .facts import Fact
from .findings import Finding, Rule
from .intervals import INF, decimals_of, round_to
from .messages import label, label_en, period_vi, show, show_en, where, where_en
from .relations import Evaluation, Option
from .suggest import Suggestion, suggest

SLIP_VI = {
    "extra_digit": "thừa một chữ số",
    "missing_digit": "thiếu một chữ số",
    "swapped_digits": "đảo vị trí hai chữ số",
    "scale": "nhầm hàng đơn vị (×10, ×100, ×1000)",
    "one_digit": "gõ nhầm một chữ số",
    "computed": "giá trị tính từ các số liệu còn lại",
}
SLIP_EN = {
    "extra_digit": "an extra digit", "missing_digit": "a dropped digit", "swapped_digits": "two digits swapped",
    "scale": "a slip of scale", "one_digit": "one mistyped digit", "computed": "computed from the other figures",
}


def _option_vi(o: Option, outline: Outline) -> str:
    if o.absent:
        return f"{label(outline, o.term.indicator, o.term.category)} (không nêu)"
    if len(o.facts) == 1 and o.facts[0].indicator == o.term.indicator and o.facts[0].category == o.term.category:
        f = o.facts[0]
        return f"{label(outline, f.indicator, f.category)} {show(f.value, f.kind, f.text)}"
    inner = " + ".join(f"{f.category} {show(f.value, f.kind, f.text)}" for f in o.facts)
    return f"{label(outline, o.term.indicator)} ({inner}{' + …' if o.rest.hi else ''})"


def _option_en(o: Option) -> str:
    if o.absent:
        return f"{label_en(o.term.indicator, o.term.category)} (not stated)"
    return " + ".join(f"{label_en(f.indicator, f.category)} {show_en(f.value, f.kind, f.text)}" for f in o.facts)


def _part_vi(o: Option, outline: Outline) -> str:
    """A part of a categories sum: just the category and its value."""
    if o.absent:
        return ""
    f = o.facts[0]
    return f"{f.category or label(outline, f.indicator)} {show(f.value, f.kind, f.text)}"


def _point(o: Option) -> float:
    return sum(f.value for f in o.facts)


def _where_list(facts) -> tuple[str, str]:
    seen_vi, seen_en = [], []
    for f in facts:
        w, we = where(f.source), where_en(f.source)
        if w and w not in seen_vi:
            seen_vi.append(w)
            seen_en.append(we)
    return "; ".join(seen_vi), "; ".join(seen_en)


def _expected(ev: Evaluation) -> float | int | None:
    j, opts = ev.judgement, ev.options
    if ev.check.kind == "ratio":
        p = opts[0].facts[0]
        d = decimals_of(p.value, p.text) or 0
        k = len(ev.check.numerator)
        den = sum(_point(o) for o in opts[1 + k:])
        return round_to(100 * sum(_point(o) for o in opts[1:1 + k]) / den, d) if den else None
    if j.rule == "part_exceeds_total":
        others = [o for o in opts[1:] if o is not j.offender]
        if not ev.check.open and all(not o.absent and o.rest.hi == 0 for o in others):
            v = _point(opts[0]) - sum(_point(o) for o in others)
            return round_to(v, 0) if float(v).is_integer() else v
        return _point(opts[0])
    if any(o.absent or o.rest.hi == INF for o in opts[1:]) or ev.check.open:
        return None
    v = sum(_point(o) for o in opts[1:])
    return round_to(v, 0) if float(v).is_integer() else v


def _texts(ev: Evaluation, outline: Outline, expected) -> tuple[str, str]:
    j, opts, c = ev.judgement, ev.options, ev.check
    head = opts[0].facts[0]
    per = period_vi(ev.period)
    if c.kind == "ratio":
        k = len(c.numerator)
        num = " + ".join(_option_vi(o, outline) for o in opts[1:1 + k])
        den = " + ".join(_option_vi(o, outline) for o in opts[1 + k:])
        d = decimals_of(head.value, head.text) or 0
        vi = (f"{label(outline, head.indicator, head.category)}{per} nêu là {show(head.value, 'percent', head.text)}, "
              f"nhưng tính từ {num} trên {den} thì được {show(expected, 'percent', decimals=d)}.")
        en = (f"{label_en(head.indicator, head.category)} is stated as {show_en(head.value, 'percent', head.text)}, "
              f"but {' + '.join(_option_en(o) for o in opts[1:1 + k])} over {' + '.join(_option_en(o) for o in opts[1 + k:])} "
              f"gives {show_en(expected, 'percent', head.text)}.")
        return vi, en
    total = f"{label(outline, head.indicator, head.category)}{per} {show(head.value, head.kind, head.text)}"
    total_en = f"{label_en(head.indicator, head.category)} {show_en(head.value, head.kind, head.text)}"
    if j.rule == "part_exceeds_total":
        o = j.offender
        part = _option_vi(o, outline) if not c.is_categories else \
            f"{label(outline, o.term.indicator, o.term.category)} {show(_point(o), head.kind)}"
        vi = f"{part} lớn hơn tổng số {total}." if c.is_categories else \
            f"{part} lớn hơn {total}{' (' + c.doc + ')' if c.doc else ''}."
        en = f"{_option_en(o)} is larger than its total {total_en}."
        if expected is not None and expected != _point(opts[0]):
            vi += f" Để các phần cộng lại bằng tổng, số này phải là {show(expected, head.kind)}."
            en += f" For the parts to add up it would be {show_en(expected, head.kind)}."
        return vi, en
    open_parts = any(o.rest.hi == INF for o in opts[1:]) or c.open
    if c.is_categories:
        parts = " + ".join(p for p in (_part_vi(o, outline) for o in opts[1:]) if p)
        computed = show(sum(_point(o) for o in opts[1:]), head.kind)
        vi = (f"Các phân loại của {label(outline, head.indicator)}{per} cộng lại "
              f"{'ít nhất ' if open_parts else ''}{parts} = {computed}, khác tổng số đã nêu {show(head.value, head.kind, head.text)}.")
    else:
        parts = " + ".join(_option_vi(o, outline) for o in opts[1:])
        computed = show(sum(_point(o) for o in opts[1:]), head.kind)
        vi = (f"{total} không khớp với {parts} = {'ít nhất ' if open_parts else ''}{computed}"
              f"{' (' + c.doc + ')' if c.doc else ''}.")
    en = (f"{total_en} does not equal {' + '.join(_option_en(o) for o in opts[1:])} = "
          f"{'at least ' if open_parts else ''}{show_en(sum(_point(o) for o in opts[1:]), head.kind)}.")
    return vi, en


def _severity(ev: Evaluation) -> str:
    j = ev.judgement
    if j.rule == "ratio_mismatch":
        gap = min(abs(j.computed.lo - j.stated.hi), abs(j.computed.hi - j.stated.lo)) if j.computed.hi != INF else INF
        return "warning" if gap < 1 else "error"
    return "error"


def _indicators(ev: Evaluation) -> tuple[str, ...]:
    if ev.judgement.rule == "part_exceeds_total" and ev.check.is_categories:
        return (ev.check.total.indicator,)
    out: list[str] = []
    for t in ev.check.terms:
        if t.indicator not in out:
            out.append(t.indicator)
    return tuple(out)


def evaluation_to_finding(ev: Evaluation, evaluations, facts, outline: Outline) -> Finding:
    expected = _expected(ev)
    vi, en = _texts(ev, outline, expected)
    sug: Suggestion | None = suggest(ev, evaluations, facts)
    if sug is not None:
        f = sug.fact
        vi += (f" Có thể {label(outline, f.indicator, f.category)} đúng là {show(sug.value, f.kind, f.text)} "
               f"thay vì {show(f.value, f.kind, f.text)} ({SLIP_VI[sug.slip]}; độ tin cậy: "
               f"{ {'high': 'cao', 'medium': 'trung bình', 'low': 'thấp'}[sug.confidence] }).")
        en += (f" {label_en(f.indicator, f.category)} was likely meant to be {show_en(sug.value, f.kind, f.text)} "
               f"({SLIP_EN[sug.slip]}; confidence {sug.confidence}).")
    w_vi, w_en = _where_list(ev.facts)
    vi += f" Vị trí: {w_vi}."
    en += f" Where: {w_en}."
    j = ev.judgement
    head = ev.options[0].facts[0]
    rule = j.rule
    if rule == "part_exceeds_total" and sug is not None and sug.fact.n == head.n:
        rule = "sum_mismatch"  # the total is what looks wrong, not the part
    category = j.offender.term.category if rule == "part_exceeds_total" and ev.check.is_categories else head.category
    return Finding(
        rule=Rule(rule),
        severity=_severity(ev),
        indicators=_indicators(ev) if rule == j.rule else tuple(dict.fromkeys(t.indicator for t in ev.check.terms)),
        values=tuple(f.stated() for f in ev.facts),
        expected=expected,
        message=vi,
        message_en=en,
        evidence=tuple(e for f in ev.facts if (e := f.evidence()) is not None),
        suggestion=sug.value if sug else None,
        suggestion_for=sug.fact.indicator if sug else None,
        confidence=sug.confidence if sug else None,
        category=category,
        period_start=ev.period[0],
        period_end=ev.period[1],
    )


def evaluations_to_findings(evaluations: tuple[Evaluation, ...], facts: tuple[Fact, ...], outline: Outline) -> list[Finding]:
    """One finding per failing evaluation (the same failure met twice is reported once)."""
    from .relations import failing_evaluations

    out: list[Finding] = []
    seen: dict[tuple, int] = {}
    for ev in failing_evaluations(evaluations):
        f = evaluation_to_finding(ev, evaluations, facts, outline)
        # the same failure stated twice (the narrative, and an annex table read with a period) is one finding
        sig = (f.rule, f.indicators, f.category, tuple(sorted((v.indicator or "", v.category or "", v.value) for v in f.values)))
        if sig in seen:
            i = seen[sig]
            extra = tuple(e for e in f.evidence if e not in out[i].evidence)
            out[i] = replace(out[i], evidence=out[i].evidence + extra)
            continue
        seen[sig] = len(out)
        out.append(f)
    return out
