"""The audit: each report checked against the outline's rules and against itself.

Stages (pure functions, frozen records between them)::

    Figure ──figures_to_facts──▶ Fact (value as an interval, period)
    Fact ──facts_to_evaluations (rules.yaml)──▶ Evaluation ──evaluations_to_findings──▶ Finding
    Fact ──facts_to_statement_findings──▶ Finding (annex_mismatch, conflicting_values)
    Metadata, Document ──metadata / name / area / missing──▶ Finding
    Finding ──finding_to_record──▶ dict (a line of findings.jsonl)

``figures_to_findings`` is the part that rests on the figures alone: the store runs it
again on the figures as staff decided them (``store/reaudit.py``), with the positions of
the figures the audit leaves out (``figures_left_out``) kept from the reading.

``write_audit_outputs`` writes findings.jsonl, audit.xlsx and audit.html;
``score_findings`` scores findings against the faults of an answer key.
"""
from __future__ import annotations

from ..outline import Outline
from ..pipeline import Report
from .document import area_findings, metadata_findings, missing_indicator_findings, name_variant_findings
from .doubt import findings_on_doubtful_figures
from .facts import figures_to_facts, kind_of, trusted_in_table
from .findings import VALUE_RULES, Finding, Rule, finding_to_record
from .outputs import write_audit_outputs
from .relations import facts_to_evaluations
from .rules import load_rules
from .score import score_findings
from .statements import facts_to_statement_findings
from .value_findings import evaluations_to_findings

RULE_ORDER = [r.value for r in Rule]


DOCUMENT_RULES = frozenset({"missing_metadata", "name_variant"})  # about the document's head and names, not its figures


def report_to_findings(report: Report, outline: Outline, left_out: frozenset[int] | None = None) -> list[Finding]:
    """Every finding of one report, value checks first, then the document's own
    (``left_out``: ``figures_left_out`` when the caller has it already)."""
    own = metadata_findings(report.metadata, report.document) + name_variant_findings(report.metadata, report.document)
    if left_out is None:
        left_out = figures_left_out(report.figures, outline, report.document)
    return figures_to_findings(report.figures, outline, report.metadata, left_out, own)


def figures_left_out(figures, outline: Outline, document) -> frozenset[int]:
    """Positions of the figures the audit does not check (read from a table's numbering
    or percent column, ``facts.trusted_in_table``): what a later audit of the same
    figures without the document needs to know."""
    return frozenset(n for n, f in enumerate(figures) if not trusted_in_table(f, kind_of(f, outline), document))


def figures_to_findings(figures, outline: Outline, meta, left_out: frozenset[int] = frozenset(), own=()) -> list:
    """The findings of a report's figures (value checks, annexes, the official area, the
    indicators not stated), in the order ``report_to_findings`` gives them with the
    document's ``own`` findings (its head and names, which do not depend on the figures:
    Finding records or findings.jsonl lines, kept as given) before the missing indicators.
    Errors resting on a doubtful figure are warnings (``doubt.py``)."""
    facts = figures_to_facts(figures, outline, left_out)
    evaluations = facts_to_evaluations(facts, load_rules(outline))
    findings = evaluations_to_findings(evaluations, facts, outline)
    findings += facts_to_statement_findings(facts, outline, evaluations)
    findings += area_findings(meta, facts, outline)
    return findings_on_doubtful_figures(findings, figures) + list(own) + missing_indicator_findings(facts, outline)


def report_to_finding_records(report: Report, document: str, outline: Outline,
                              left_out: frozenset[int] | None = None) -> list[dict]:
    """findings.jsonl lines of one report (called per file in a worker process)."""
    m = report.metadata
    return [finding_to_record(f, document, m.commune, m.level, m.unit_code)
            for f in report_to_findings(report, outline, left_out)]


__all__ = [
    "Finding", "Rule", "VALUE_RULES", "DOCUMENT_RULES", "report_to_findings", "figures_to_findings", "figures_left_out",
    "report_to_finding_records", "write_audit_outputs", "score_findings", "finding_to_record",
]
