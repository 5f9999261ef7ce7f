"""The rules of ``rules.yaml`` evaluated on a report's facts, period by period.

Each term of a rule takes the facts stated for it in one period (a total the report
does not state is taken from its categories where a rule adds them up); a part the
report does not state is unknown (anything from 0 up) unless the rule says zero.
Every combination of stated values is judged on intervals: it fails only when the
intervals cannot meet.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from .facts import Fact, Period
from .intervals import INF, Interval, sum_intervals
from .rules import Check, RuleSet, Term

MAX_COMBINATIONS = 64
UNKNOWN = Interval(0, INF)
ZERO = Interval(0, 0)


@dataclass(frozen=True)
class Option:
    """What a term stands for in one evaluation: stated facts (one, or the stated
    categories of a total) plus what is not stated (``rest``)."""

    term: Term
    facts: tuple[Fact, ...]
    rest: Interval = ZERO

    @property
    def absent(self) -> bool:
        return not self.facts

    def interval(self, subst: dict[int, Interval] | None = None) -> Interval:
        subst = subst or {}
        return sum_intervals([subst.get(f.n, f.interval) for f in self.facts]) + self.rest


@dataclass(frozen=True)
class Judgement:
    ok: bool
    rule: str | None  # sum_mismatch | part_exceeds_total | ratio_mismatch
    stated: Interval  # the total or the percent
    computed: Interval  # what the others give
    offender: Option | None = None  # the part larger than its total


@dataclass(frozen=True)
class Evaluation:
    check: Check
    period: Period
    options: tuple[Option, ...]  # in the order of check.terms
    judgement: Judgement

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(f for o in self.options for f in o.facts)

    @property
    def ok(self) -> bool:
        return self.judgement.ok


def judge(check: Check, options: tuple[Option, ...], subst: dict[int, Interval] | None = None) -> Judgement:
    """Whether the relation can hold for these options (facts substituted by ``subst``).

    >>> from .rules import Term, Check
    >>> c = Check("x", "sum", "", total=Term("a"), parts=(Term("b"), Term("c")))
    >>> def fact(n, v): return Fact(n, "a", None, (None, None), v, str(v), None, "count", Interval(v, v))
    >>> judge(c, (Option(Term("a"), (fact(0, 10),)), Option(Term("b"), (fact(1, 4),)), Option(Term("c"), (fact(2, 6),)))).ok
    True
    >>> judge(c, (Option(Term("a"), (fact(0, 10),)), Option(Term("b"), (fact(1, 14),)), Option(Term("c"), (), UNKNOWN))).rule
    'part_exceeds_total'
    """
    ivs = [o.interval(subst) for o in options]
    if check.kind == "sum":
        total, parts = ivs[0], ivs[1:]
        for o, iv in zip(options[1:], parts):
            if not o.absent and iv.above(total):
                return Judgement(False, "part_exceeds_total", total, iv, o)
        computed = sum_intervals(parts) + (UNKNOWN if check.open else ZERO)
        if not computed.meets(total):
            return Judgement(False, "sum_mismatch", total, computed)
        return Judgement(True, None, total, computed)
    k = len(check.numerator)
    pct, num, den = ivs[0], sum_intervals(ivs[1:1 + k]), sum_intervals(ivs[1 + k:])
    computed = (num / den) * 100
    if not computed.meets(pct):
        return Judgement(False, "ratio_mismatch", pct, computed)
    return Judgement(True, None, pct, computed)


def _term_options(term: Term, period: Period, groups: dict, rules: RuleSet, allow_derived: bool,
                  unread: frozenset[str] = frozenset()) -> list[Option]:
    direct = groups.get((term.indicator, term.category, period), ())
    if direct:
        return [Option(term, (f,)) for f in direct]
    if not allow_derived or term.category is not None:
        return []
    by_cat = rules.category_sum_of(term.indicator)
    if by_cat is None:
        return []
    stated, missing = [], 0
    for part in by_cat.parts:
        got = groups.get((part.indicator, part.category, period), ())
        if got:
            stated.append(got)
        else:
            missing += 1
    if not stated:
        return []
    complete = not any(f.quote in unread for got in stated for f in got)
    rest = ZERO if (missing == 0 or (complete and absent_are_zero(by_cat.absent, len(stated), len(by_cat.parts)))) else UNKNOWN
    return [Option(term, tuple(combo), rest) for combo in itertools.islice(itertools.product(*stated), 8)]


def absent_are_zero(absent: str, stated: int, parts: int) -> bool:
    """Whether the parts a report leaves out count as zero.

    ``most``: a breakdown that names more than half of the categories (and at least
    two) names every one that is not zero (``gồm 374 quyết định, 46 kế hoạch, …``
    without ``chỉ thị`` has no chỉ thị); a shorter one (``trong đó 1.188 quyết định``)
    says nothing of the rest.

    >>> absent_are_zero("most", 10, 11), absent_are_zero("most", 2, 3), absent_are_zero("most", 2, 4)
    (True, True, False)
    """
    if absent == "zero":
        return True
    return absent == "most" and stated >= 2 and stated > parts / 2


def _periods(check: Check, facts) -> list[Period]:
    names = {t.indicator for t in check.terms}
    seen: list[Period] = []
    for f in facts:
        if f.indicator in names and f.period not in seen:
            seen.append(f.period)
    return seen


def evaluate_check(check: Check, period: Period, groups: dict, rules: RuleSet,
                   unread: frozenset[str] = frozenset()) -> list[Evaluation]:
    """Every combination of stated values of the check's terms in ``period``.

    ``unread`` are quotes holding a number no figure was read from: a breakdown
    stated there may have a part the audit does not know, so its missing parts stay
    unknown."""
    per_term: list[list[Option]] = []
    stated = [groups[(t.indicator, t.category, period)] for t in check.parts if (t.indicator, t.category, period) in groups]
    complete = not any(f.quote in unread for got in stated for f in got)
    rest = ZERO if complete and absent_are_zero(check.absent, len(stated), len(check.parts)) else UNKNOWN
    for i, term in enumerate(check.terms):
        first = i == 0  # the total or the percent must be stated, never derived
        opts = _term_options(term, period, groups, rules, allow_derived=not first, unread=unread)
        if not opts:
            if first or check.kind == "ratio":
                return []
            opts = [Option(term, (), rest)]
        per_term.append(opts)
    if all(o.absent for opts in per_term[1:] for o in opts):
        return []
    out = []
    for combo in itertools.islice(itertools.product(*per_term), MAX_COMBINATIONS):
        out.append(Evaluation(check, period, tuple(combo), judge(check, tuple(combo))))
    return out


def facts_to_evaluations(facts, rules: RuleSet) -> tuple[Evaluation, ...]:
    """Every rule evaluated in every period its figures are stated for."""
    from .facts import facts_by_key

    groups = facts_by_key(facts)
    unread = unread_quotes(facts)
    out: list[Evaluation] = []
    for check in rules.checks:
        for period in _periods(check, facts):
            out.extend(evaluate_check(check, period, groups, rules, unread))
    return tuple(out)


def unread_quotes(facts) -> frozenset[str]:
    """Quotes of the facts that hold a number no figure was read from.

    >>> f = Fact(0, "schools", "mầm non", (None, None), 4, "04", None, "count", Interval(4, 4),
    ...          "gồm 04 trường mầm non, 05 trường tiểu học", None)
    >>> from ..model import Source
    >>> f = Fact(**{**f.__dict__, "source": Source("paragraph", None, 0, None, None, 4, 6)})
    >>> unread_quotes([f]) == {f.quote}
    True
    """
    from ..numbers import find_quantities

    spans: dict[str, list[tuple[int, int]]] = {}
    for f in facts:
        for q, s in f.sources:
            spans.setdefault(q, []).append((s.start, s.end))
    out = set()
    for quote, taken in spans.items():
        for q in find_quantities(quote):
            if q.role == "denominator":
                continue
            if not any(a <= q.start < b or q.start <= a < q.end for a, b in taken):
                out.add(quote)
                break
    return frozenset(out)


def example_to_facts(example, outline) -> tuple[Fact, ...]:
    """The facts of a rule's example (numbers as written, no period)."""
    from .intervals import stated_interval

    out = []
    for n, v in enumerate(example.values):
        kind = outline.get(v.term.indicator).kind
        out.append(Fact(n, v.term.indicator, v.term.category, (None, None), v.value, v.text, v.qualifier, kind,
                        stated_interval(v.value, v.text, v.qualifier, kind)))
    return tuple(out)


def evaluate_example(check: Check, example, rules: RuleSet, outline) -> list[Evaluation]:
    """``check`` evaluated on one of its examples."""
    from .facts import facts_by_key

    return evaluate_check(check, (None, None), facts_by_key(example_to_facts(example, outline)), rules)


def _only_in_tables(f: Fact) -> bool:
    return all(s.kind == "table" for _, s in f.sources) if f.sources else False


def failing_evaluations(evaluations: tuple[Evaluation, ...]) -> list[Evaluation]:
    """The failures worth a finding, one per failing stated value.

    Where a figure is stated with several values, each stated total (or percent) is
    judged with the best choice of the other values: it fails only when no choice
    makes the relation hold. A part larger than its total is reported once. A total
    read only from a table that fails where another stated total holds is left to
    the finding on the two values (another table row read for it, most often).
    """
    by_head: dict[tuple, list[Evaluation]] = {}
    for ev in evaluations:
        by_head.setdefault((ev.check.id, ev.period, ev.options[0].facts[0].n), []).append(ev)
    fine = {(k[0], k[1]) for k, evs in by_head.items() if any(e.ok for e in evs)}
    out: list[Evaluation] = []
    offenders: set[tuple] = set()
    for key, evs in by_head.items():
        if any(e.ok for e in evs):
            continue
        head = evs[0].options[0].facts[0]
        if _only_in_tables(head) and (key[0], key[1]) in fine:
            continue
        best = min(evs, key=_badness)
        if best.judgement.rule == "part_exceeds_total":
            off = (key[0], key[1], tuple(f.n for f in best.judgement.offender.facts))
            if off in offenders:
                continue
            offenders.add(off)
        out.append(best)
    return out


def _badness(ev: Evaluation) -> tuple:
    """Prefer the combination closest to holding, stated in the narrative."""
    j = ev.judgement
    hi = j.computed.hi if j.computed.hi != INF else j.computed.lo
    gap = min(abs(j.computed.lo - j.stated.hi), abs(hi - j.stated.lo)) / max(1.0, abs(j.stated.mid))
    tables = sum(_only_in_tables(f) for f in ev.facts)
    return (j.rule == "part_exceeds_total", tables, gap)
