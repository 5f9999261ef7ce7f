"""The audit: each report checked against the outline's rules and against itself.

Stages (pure functions, frozen records between them)::

    Figure ──figures_to_facts──▶ Fact (value as an interval, period)
    Fact ──facts_to_evaluations (rules.yaml)──▶ Evaluation ──evaluations_to_findings──▶ Finding
    Fact ──facts_to_statement_findings──▶ Finding (annex_mismatch, conflicting_values)
    Metadata, Document ──metadata / name / area / missing──▶ Finding
    Finding ──finding_to_record──▶ dict (a line of findings.jsonl)

``write_audit_outputs`` writes findings.jsonl, audit.xlsx and audit.html;
``score_findings`` scores findings against the faults of an answer key.
"""
from __future__ import annotations

from ..outline import Outline
from ..pipeline import Report
from .document import area_findings, metadata_findings, missing_indicator_findings, name_variant_findings
from .doubt import findings_on_doubtful_figures
from .facts import figures_to_facts
from .findings import VALUE_RULES, Finding, Rule, finding_to_record
from .outputs import write_audit_outputs
from .relations import facts_to_evaluations
from .rules import load_rules
from .score import score_findings
from .statements import facts_to_statement_findings
from .value_findings import evaluations_to_findings

RULE_ORDER = [r.value for r in Rule]


def report_to_findings(report: Report, outline: Outline) -> list[Finding]:
    """Every finding of one report, value checks first, then the document's own."""
    facts = figures_to_facts(report.figures, outline, report.document)
    evaluations = facts_to_evaluations(facts, load_rules(outline))
    findings = evaluations_to_findings(evaluations, facts, outline)
    findings += facts_to_statement_findings(facts, outline, evaluations)
    findings += area_findings(report.metadata, facts, outline)
    findings += metadata_findings(report.metadata, report.document)
    findings += name_variant_findings(report.metadata, report.document)
    findings += missing_indicator_findings(facts, outline)
    return findings_on_doubtful_figures(findings, report.figures)


def report_to_finding_records(report: Report, document: str, outline: Outline) -> list[dict]:
    """findings.jsonl lines of one report (called per file in a worker process)."""
    m = report.metadata
    return [finding_to_record(f, document, m.commune, m.level, m.unit_code) for f in report_to_findings(report, outline)]


__all__ = [
    "Finding", "Rule", "VALUE_RULES", "report_to_findings", "report_to_finding_records", "write_audit_outputs",
    "score_findings", "finding_to_record",
]
