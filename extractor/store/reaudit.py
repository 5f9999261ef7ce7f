"""The audit worked out again on the figures as staff decided them (pure functions).

A reviewer who corrects the misread figure behind a sum that does not add up expects
the finding to go; one who corrects a figure into a contradiction expects a new one; one
who accepts a doubtful figure has settled the doubt that kept a finding a warning. So a
report's findings, once a figure of it has a decision, are those of its figures as
decided: corrected values and indicators, rejected figures left out, figures staff added
put in, accepted ones no longer doubtful. Findings about the document itself (its head,
its names: ``audit.DOCUMENT_RULES``) do not depend on the figures and are kept as read.

What the audit needs that the records do not hold: which figures it leaves out (read
from a table's numbering or percent column: ``left_out``, kept by the batch and the
store) and the unit's official area (the gazetteer, by the unit's code).
"""
from __future__ import annotations

from ..audit import DOCUMENT_RULES, figures_to_findings, finding_to_record
from ..gazetteer import load_gazetteer
from ..header import Metadata
from ..outline import Outline
from ..records import record_to_figure


def plain_number(value: float | int) -> str:
    """A value staff typed, written as the audit reads a number (every digit exact).

    >>> plain_number(1243), plain_number(24.5), plain_number(129600000.0), plain_number(0.125)
    ('1243', '24,5', '129600000', '0,125')
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _as_audited(fig: dict) -> dict:
    """A decided figure as the audit reads it: a value staff changed is exact as typed (the
    report's words "khoảng 1.234" no longer say how precise it is); one they left as it was
    (a correction of its period or category) keeps its words.

    >>> f = {"value": 4889, "text": "4.889", "qualifier": "over"}
    >>> _as_audited(dict(f, decision={"action": "correct", "change": {"value": 4889}, "original_value": 4889}))["text"]
    '4.889'
    >>> _as_audited(dict(f, value=4898, decision={"action": "correct", "change": {"value": 4898}, "original_value": 4889}))["text"]
    '4898'
    """
    d = fig.get("decision") or {}
    if (d.get("action") == "correct" and "value" in (d.get("change") or {})
            and d.get("original_value") is not None and float(fig["value"]) != float(d["original_value"])):
        return dict(fig, text=plain_number(fig["value"]), qualifier=None)
    return fig


def metadata_of(doc: dict) -> Metadata:
    """What the audit of figures needs of a report's head: its unit (the official area
    comes from the gazetteer), name and level, from its document record."""
    unit = None
    if doc.get("unit_code"):
        try:
            unit = load_gazetteer().by_code(doc["unit_code"])
        except KeyError:
            unit = None
    return Metadata(unit, doc.get("commune"), doc.get("level"), doc.get("unit_code"), None, None, None, None,
                    (None, None, None), None, None, True)


def changes_findings(figures: list[dict]) -> bool:
    """Whether decisions on these figures can change the report's findings: any figure
    decided (accepted, corrected, rejected) or added."""
    return any(f.get("decision") for f in figures)


def decided_findings(figures: list[dict], findings: list[dict], left_out: frozenset[int], doc: dict,
                     outline: Outline) -> list[dict]:
    """findings.jsonl lines of one report from its figures as decided.

    ``figures``: the report's figure records with their decisions applied, in the order
    read, then those staff added; ``findings``: the findings as read (their document
    findings are kept); ``left_out``: positions, among the figures as read, of those the
    audit leaves out; ``doc``: its document record.
    """
    from .decisions import kept

    audited, skip = [], set()
    for n, f in enumerate(figures):
        if not kept(f):
            continue
        try:
            fig = record_to_figure(_as_audited(f))
        except (KeyError, TypeError, ValueError):  # a figure added by a client with a malformed place: not audited
            continue
        if n in left_out:
            skip.add(len(audited))
        audited.append(fig)
    own = [f for f in findings if f.get("rule") in DOCUMENT_RULES]
    out = []
    for f in figures_to_findings(audited, outline, metadata_of(doc), frozenset(skip), own):
        out.append(f if isinstance(f, dict) else
                   finding_to_record(f, doc.get("document"), doc.get("commune"), doc.get("level"), doc.get("unit_code")))
    return out
