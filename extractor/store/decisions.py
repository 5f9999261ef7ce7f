"""Staff decisions applied to records (pure functions; the store keeps the decisions).

A decision names what it is about by what the report says, so that it applies again
when the same report is read again or a revised report from the same unit states the
same thing: a figure by its unit, indicator, category, period and quote; a finding by
its unit, rule, indicators and values.

>>> fig = {"document": "a.docx", "unit_code": "11311", "commune": "Kẻ Sặt", "indicator": "dossiers_received",
...        "category": None, "value": 1234.0, "period_start": "2025-07-01", "period_end": "2026-04-30",
...        "quote": "Tiếp nhận 1234 hồ sơ", "confidence": 0.7, "check": True}
>>> d = {"action": "correct", "change": {"value": 1243}, "reviewer": "Lan", "note": "xem bản giấy",
...      "at": "2026-05-21T09:00:00+07:00", "original_value": 1234.0}
>>> out = apply_figure_decision(fig, d)
>>> out["value"], out["check"], out["decision"]["action"], out["decision"]["original_value"]
(1243, False, 'correct', 1234.0)
>>> figure_key(fig) == figure_key(dict(fig, value=9, confidence=0.1))
True
"""
from __future__ import annotations

import json

from .reaudit import changes_findings, decided_findings

FIGURE_ACTIONS = ("accept", "correct", "reject")
FINDING_ACTIONS = ("confirm", "waive")
CHANGEABLE = ("value", "indicator", "category", "period_start", "period_end")
DERIVED = ("label", "unit")  # what a changed indicator brings with it (the store fills them in, not the body)


def unit_key(record: dict) -> str:
    """Whose report a record is from: the unit's code, else its name, else the file."""
    return record.get("unit_code") or record.get("commune") or f"tệp:{record.get('document')}"


def figure_key(fig: dict) -> str:
    """What a figure says, apart from its value (which a correction may change)."""
    return json.dumps([fig.get("indicator"), fig.get("category"), fig.get("period_start"), fig.get("period_end"),
                       fig.get("quote")], ensure_ascii=False)


def finding_key(finding: dict) -> str:
    """What a finding is about: its rule, indicators and the values it names.

    >>> finding_key({"rule": "sum_mismatch", "indicators": ["b", "a"], "values": {"x": 1}})
    '["sum_mismatch", ["a", "b"], {"x": 1}]'
    """
    return json.dumps([finding.get("rule"), sorted(finding.get("indicators") or []), finding.get("values")],
                      ensure_ascii=False, sort_keys=True)


def decision_record(d: dict) -> dict:
    """The ``decision`` field of a record (the contract's fields, plus what was changed)."""
    out = {"action": d["action"], "reviewer": d.get("reviewer"), "at": d.get("at"), "note": d.get("note"),
           "original_value": d.get("original_value")}
    if d.get("id") is not None:
        out["id"] = d["id"]
    if d["action"] == "correct":
        out["change"] = dict(d.get("change") or {})
    return out


def apply_figure_decision(fig: dict, d: dict | None) -> dict:
    """The figure with a decision applied: a correction changes what it names; an
    accepted or corrected figure is no longer to check; a rejected one is marked (the
    outputs leave it out, ``kept``). No decision: the figure with ``decision: None``."""
    if d is None:
        return dict(fig, decision=None)
    out = dict(fig)
    if d["action"] == "correct":
        for k, v in (d.get("change") or {}).items():
            if k in CHANGEABLE or k in DERIVED:
                out[k] = v
    if d["action"] in ("accept", "correct"):
        out["check"] = False
    out["decision"] = decision_record(d)
    return out


def apply_finding_decision(finding: dict, d: dict | None) -> dict:
    return dict(finding, decision=None if d is None else decision_record(d))


def kept(record: dict) -> bool:
    """Whether an output shows the record: not a rejected figure, not a waived finding."""
    d = record.get("decision")
    return not d or d.get("action") not in ("reject", "waive")


def _place(src: dict) -> tuple:
    return tuple((src or {}).get(k) for k in ("block", "row", "col", "start", "end"))


CHANGED_VI = (" Số liệu mà phát hiện này dựa vào đã được người kiểm tra sửa hoặc loại bỏ; phát hiện có thể không còn "
              "đúng và sẽ được tính lại khi đọc lại báo cáo (solieu run … --store … --no-cache).")
CHANGED_EN = (" A figure this finding rests on was corrected or rejected by a reviewer; the finding may no longer hold "
              "and is worked out again when the report is read again (solieu run … --store … --no-cache).")


def findings_on_changed_figures(findings: list[dict], figures: list[dict]) -> list[dict]:
    """Findings resting on a figure staff corrected or rejected: not an error any more
    (a warning saying so, ``figures_changed``), until the report is read and audited again.

    >>> figs = [{"source": {"block": 3, "row": None, "col": None, "start": 5, "end": 9}, "decision": {"action": "correct"}}]
    >>> f = {"severity": "error", "message": "Tổng không khớp.", "message_en": "Sums differ.",
    ...      "evidence": [{"block": 3, "row": None, "col": None, "start": 5, "end": 9}], "decision": None}
    >>> out = findings_on_changed_figures([f], figs)[0]
    >>> out["severity"], out["figures_changed"], out["message"].startswith("Tổng không khớp. Số liệu mà")
    ('warning', True, True)
    """
    changed = {_place(f.get("source")) for f in figures if (f.get("decision") or {}).get("action") in ("correct", "reject")}
    if not changed:
        return findings
    out = []
    for f in findings:
        if not f.get("decision") and any(_place(e) in changed for e in f.get("evidence") or ()):
            f = dict(f, severity="warning" if f.get("severity") == "error" else f.get("severity"), figures_changed=True,
                     message=(f.get("message") or "") + CHANGED_VI, message_en=(f.get("message_en") or "") + CHANGED_EN)
        out.append(f)
    return out


def decision_for(decisions: dict[tuple[str, str, str], dict], target: str, record: dict) -> tuple[tuple, dict | None]:
    """(key, the decision or None) for a figure or finding (``target``) among ``decisions``
    ((target, unit, match) → the decision)."""
    key = (target, unit_key(record), figure_key(record) if target == "figure" else finding_key(record))
    return key, decisions.get(key)


def apply_decisions(figures, findings, decisions: dict[tuple[str, str, str], dict], added=(),
                    left_out: frozenset[int] | None = None, doc: dict | None = None, outline=None) -> tuple[list, list, list]:
    """Every figure and finding of one report with its decision (``decisions``:
    (target, unit, match) → the decision), the figures staff added to it appended; and the
    keys used. Once a figure has a decision the findings are worked out again from the
    figures as decided (``reaudit.decided_findings``; ``left_out``: which figures the audit
    leaves out, ``doc``: the document record); a reading stored before ``left_out`` was kept
    (None) has its findings on changed figures marked instead (``findings_on_changed_figures``)."""
    used = []

    def each(records, target, apply):
        out = []
        for r in records:
            key, d = decision_for(decisions, target, r)
            if d is not None:
                used.append(key)
            out.append(apply(r, d))
        return out

    figs = each(figures, "figure", apply_figure_decision)
    for a in added:
        figs.append(dict(a["change"], decision=decision_record(a)))
    if left_out is not None and changes_findings(figs):
        from ..outline import load_outline

        findings = decided_findings(figs, list(findings), left_out, doc or {}, outline or load_outline())
        return figs, each(findings, "finding", apply_finding_decision), used
    finds = each(findings, "finding", apply_finding_decision)
    return figs, findings_on_changed_figures(finds, figs), used
