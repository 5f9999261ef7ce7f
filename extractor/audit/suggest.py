"""The likely intended value behind a failing relation.

For every stated number of a failing relation, the numbers one slip away from it
(a digit too many — repeated or a stray leading one —, a digit dropped, two adjacent
digits swapped, a slip of scale ×10/×100/×1000, one digit mistyped) are tried in its
place: a candidate is kept when it makes that relation hold and breaks none that held
(one mistyped digit only on the figure the rule computes, unless it repairs two
relations or another statement backs it). When no slip explains the failure, the
value the computed figure (``result`` in rules.yaml) must take is offered, with low
confidence.
The best one fixes the most relations (a sum and a ratio at once) and is backed by
another statement of the same figure; the kind of slip says how sure we are.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .facts import Fact
from .intervals import INF, Interval, clean_float, scale_of
from .relations import Evaluation, judge

# slip kind -> rank (lower is likelier)
SLIPS = {"extra_digit": 0, "missing_digit": 1, "swapped_digits": 1, "scale": 2, "one_digit": 3, "computed": 4}


@dataclass(frozen=True)
class Candidate:
    value: float | int
    slip: str


@dataclass(frozen=True)
class Suggestion:
    fact: Fact
    value: float | int
    slip: str
    fixes: int  # failing relations it repairs
    backed: bool  # another statement of the same figure has this value
    confidence: str  # high | medium | low


def _digits(text: str) -> str | None:
    m = regex.search(r"\d(?:[\d.,]*\d)?", text or "")
    return regex.sub(r"\D", "", m.group(0)) if m else None


def slips_of(value: float | int, text: str, decimals: int) -> list[Candidate]:
    """The numbers one slip away from ``text`` (same decimals and scale word).

    >>> sorted(c.value for c in slips_of(130, "130", 0) if c.slip == "extra_digit")
    [10, 13, 30]
    >>> [c.slip for c in slips_of(118981, "118981", 0) if c.value == 11898]
    ['extra_digit']
    >>> [c.slip for c in slips_of(90.97, "90,97%", 2) if c.value == 90.94]
    ['one_digit']
    >>> [c.slip for c in slips_of(5620, "5620", 0) if c.value == 562]
    ['extra_digit']
    """
    s = _digits(text)
    if not s:
        return []
    s = s.lstrip("0").rjust(decimals + 1, "0")  # "02" is 2 written on two places, not a slip
    scale = scale_of(text)

    def val(t: str) -> float | int | None:
        t = t.lstrip("0") or "0"
        if len(t) > 15:
            return None
        v = int(t) * scale / 10**decimals if decimals else int(t) * scale
        return int(v) if float(v).is_integer() else clean_float(v)

    seen: dict = {}

    def add(t: str, slip: str):
        if not t or len(t) <= decimals:
            return
        v = val(t)
        if v is None or v == value:
            return
        if v not in seen or SLIPS[slip] < SLIPS[seen[v]]:
            seen[v] = slip

    for i in range(len(s)):
        add(s[:i] + s[i + 1:], "extra_digit")
    for i in range(len(s) - 1):
        add(s[:i] + s[i + 1] + s[i] + s[i + 2:], "swapped_digits")
    for i in range(len(s) + 1):
        for ch in "0123456789":
            add(s[:i] + ch + s[i:], "missing_digit")
    for i in range(len(s)):
        for ch in "0123456789":
            if ch != s[i]:
                add(s[:i] + ch + s[i + 1:], "one_digit")
    for k in (10, 100, 1000):
        for v in (value * k, value / k):
            v = int(v) if float(v).is_integer() else clean_float(v)
            if v not in seen and v != value and (decimals or float(v).is_integer()):
                seen[v] = "scale"
    return [Candidate(v, slip) for v, slip in seen.items()]


def _candidate_interval(fact: Fact, value: float) -> Interval:
    iv = fact.interval
    h = 0 if iv.hi == INF else (iv.hi - iv.lo) / 2
    return Interval(clean_float(value - h), clean_float(value + h))


def _confidence(slip: str, fixes: int, backed: bool, tied: bool) -> str:
    if (fixes >= 2 or backed) and not tied:
        return "high"
    if slip == "one_digit" or tied:
        return "low"
    return "medium"


def _is_result(ev: Evaluation, fact: Fact) -> bool:
    return any(o.term == ev.check.result and fact in o.facts for o in ev.options)


def computed_suggestion(ev: Evaluation) -> Suggestion | None:
    """No slip explains the failure: the value the result term (the one computed from
    the others: a total, a percent, the pending dossiers) must take, when every other
    term is stated exactly. Low confidence."""
    from .intervals import decimals_of, round_to

    idx = next((i for i, o in enumerate(ev.options) if o.term == ev.check.result), None)
    if idx is None or len(ev.options[idx].facts) != 1 or ev.options[idx].facts[0].indicator != ev.check.result.indicator:
        return None
    fact = ev.options[idx].facts[0]
    others = [o for i, o in enumerate(ev.options) if i != idx]
    if any(o.absent or o.rest.hi != 0 for o in others) or ev.check.open or fact.qualifier:
        return None
    point = [sum(f.value for f in o.facts) for o in ev.options]
    c = ev.check
    if c.kind == "sum":
        value = point[0] - sum(p for i, p in enumerate(point[1:], 1) if i != idx) if idx else sum(point[1:])
    else:
        k = len(c.numerator)
        num, den = sum(point[1:1 + k]), sum(point[1 + k:])
        if idx != 0 or not den:
            return None
        value = 100 * num / den
    d = decimals_of(fact.value, fact.text) or 0
    value = round_to(value, max(d, 2) if fact.kind == "percent" else d)
    if value == fact.value or value < 0:
        return None
    return Suggestion(fact, value, "computed", 1, False, "low")


def suggest(failing: Evaluation, evaluations: tuple[Evaluation, ...], facts: tuple[Fact, ...]) -> Suggestion | None:
    """The value most likely meant for one of ``failing``'s figures, or None."""
    from .intervals import decimals_of

    found: list[tuple[tuple, Suggestion]] = []
    for fact in failing.facts:
        if fact.qualifier in ("over", "under"):
            continue
        related = [e for e in evaluations if any(f.n == fact.n for f in e.facts)]
        decimals = decimals_of(fact.value, fact.text)
        if decimals is None:
            continue
        others = [f.value for f in facts if f.key == fact.key and f.n != fact.n]
        for cand in slips_of(fact.value, fact.text, decimals):
            subst = {fact.n: _candidate_interval(fact, cand.value)}
            if not judge(failing.check, failing.options, subst).ok:
                continue
            fixes, broken = 0, False
            for e in related:
                now = judge(e.check, e.options, subst).ok
                if e.ok and not now:
                    broken = True
                    break
                if not e.ok and now:
                    fixes += 1
            if broken:
                continue
            backed = cand.value in others
            result = _is_result(failing, fact)
            if cand.slip == "one_digit" and fixes < 2 and not backed and not result:
                continue  # one changed digit is too common to blame a figure the others do not point at
            score = (-fixes, not backed, SLIPS[cand.slip], not result)
            found.append((score, Suggestion(fact, cand.value, cand.slip, fixes, backed, "")))
    if not found:
        return computed_suggestion(failing)
    found.sort(key=lambda x: x[0])
    best_score, best = found[0]
    tied = any(s[:2] == best_score[:2] and (o.fact.n != best.fact.n or o.value != best.value) for s, o in found[1:])
    return Suggestion(best.fact, best.value, best.slip, best.fixes, best.backed,
                      _confidence(best.slip, best.fixes, best.backed, tied))
