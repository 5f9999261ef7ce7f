"""Audit findings scored against the ``faults`` of an answer key (corpus/KEY_FORMAT.md).

A key fault is found by a finding of the same rule whose indicators overlap the
fault's (or both name none) and whose category is the fault's; a name variant must
also be the same spelling. Each finding matches at most one fault. Value rules
(sums, ratios, parts, annex, conflicts) are counted apart from the document rules.
``outlier`` findings come from the comparison and are not scored here.
"""
from __future__ import annotations

from ..textnorm import fold
from .findings import VALUE_RULES


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    if isinstance(a, str) and isinstance(b, str):
        return fold(a.strip()) == fold(b.strip())
    return a == b


def _stated_texts(finding: dict) -> list[str]:
    return [str(v.get("text") or v.get("value")) for v in finding.get("values") or []]


def _matches(fault: dict, finding: dict) -> bool:
    if finding.get("rule") != fault.get("rule"):
        return False
    want, got = set(fault.get("indicators") or ()), set(finding.get("indicators") or ())
    if want and not want & got:
        return False
    if not want and got and fault["rule"] not in ("missing_indicator",):
        return False
    if "category" in fault and fault["rule"] in VALUE_RULES and fault.get("category") != finding.get("category"):
        return False
    if fault["rule"] == "name_variant" and isinstance(fault.get("stated"), str):
        return any(_same(fault["stated"], t) for t in _stated_texts(finding))
    return True


def _closeness(fault: dict, finding: dict) -> int:
    """Prefer the finding that states what the fault states (two missing_metadata)."""
    stated = fault.get("stated")
    if isinstance(stated, str) and any(_same(stated, t) or fold(t) in fold(stated) for t in _stated_texts(finding) if t):
        return 0
    return 1


def _tally(found: int, missed: int, false: int) -> dict:
    return {"found": found, "missed": missed, "false_alarms": false, "expected": found + missed}


def score_findings(findings: list[dict], key_faults: list[dict]) -> dict:
    """How many key faults the findings catch, miss, and what they raise besides.

    >>> key = [{"rule": "sum_mismatch", "indicators": ["schools"], "category": None, "suggestion": 12}]
    >>> s = score_findings([{"rule": "sum_mismatch", "indicators": ["schools"], "category": None, "suggestion": 12},
    ...                     {"rule": "ratio_mismatch", "indicators": ["x"], "category": None}], key)
    >>> s["value"], s["suggestions"]
    ({'found': 1, 'missed': 0, 'false_alarms': 1, 'expected': 1}, {'expected': 1, 'right': 1})
    """
    pool = [f for f in findings if f.get("rule") != "outlier"]
    used: set[int] = set()
    missed, matched = [], []
    sug_expected = sug_right = 0
    sug_wrong: list[dict] = []
    for fault in key_faults:
        options = [i for i, f in enumerate(pool) if i not in used and _matches(fault, f)]
        if not options:
            missed.append(fault)
            continue
        i = min(options, key=lambda i: _closeness(fault, pool[i]))
        used.add(i)
        matched.append((fault, pool[i]))
        if fault.get("suggestion") is not None:
            sug_expected += 1
            if _same(fault["suggestion"], pool[i].get("suggestion")):
                sug_right += 1
            else:
                sug_wrong.append({"rule": fault["rule"], "indicators": fault.get("indicators"), "category": fault.get("category"),
                                  "expected": fault["suggestion"], "got": pool[i].get("suggestion"),
                                  "suggestion_for": pool[i].get("suggestion_for")})
    false = [f for i, f in enumerate(pool) if i not in used]

    def part(value: bool) -> dict:
        return _tally(sum((m[0]["rule"] in VALUE_RULES) == value for m in matched),
                      sum((f["rule"] in VALUE_RULES) == value for f in missed),
                      sum((f["rule"] in VALUE_RULES) == value for f in false))

    return {
        **_tally(len(matched), len(missed), len(false)),
        "value": part(True),
        "other": part(False),
        "suggestions": {"expected": sug_expected, "right": sug_right},
        "missed_faults": missed,
        "wrong_suggestions": sug_wrong,
        "false_alarm_findings": [{"rule": f["rule"], "indicators": f.get("indicators"), "category": f.get("category"),
                                  "message": f.get("message"), "severity": f.get("severity")} for f in false],
    }
