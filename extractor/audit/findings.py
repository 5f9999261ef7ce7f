"""What the audit hands on: a frozen ``Finding`` per problem, serialised as one line
of ``findings.jsonl`` (the contract's fields, then the extensions)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..model import Source


class Rule(str, Enum):
    """The contract's rule names (``findings.jsonl`` field ``rule``)."""

    SUM_MISMATCH = "sum_mismatch"
    PART_EXCEEDS_TOTAL = "part_exceeds_total"
    RATIO_MISMATCH = "ratio_mismatch"
    ANNEX_MISMATCH = "annex_mismatch"
    CONFLICTING_VALUES = "conflicting_values"
    MISSING_METADATA = "missing_metadata"
    NAME_VARIANT = "name_variant"
    MISSING_INDICATOR = "missing_indicator"
    OUTLIER = "outlier"


VALUE_RULES = frozenset({"sum_mismatch", "part_exceeds_total", "ratio_mismatch", "annex_mismatch", "conflicting_values"})
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Evidence:
    """A place in the report: the contract's ``source`` plus what to show and highlight."""

    source: Source
    quote: str
    text: str  # the span to highlight, quote[source.start:source.end]
    indicator: str | None = None
    category: str | None = None
    value: float | int | None = None

    def as_dict(self) -> dict:
        d = self.source.as_dict()
        d.update(quote=self.quote, text=self.text, indicator=self.indicator, category=self.category, value=self.value)
        return d


@dataclass(frozen=True)
class Stated:
    """One value the report states, as listed in a finding's ``values``."""

    indicator: str | None
    category: str | None
    value: float | int | str | None
    text: str
    qualifier: str | None = None
    count: int | None = None  # how many times (name variants)

    def as_dict(self) -> dict:
        d = {"indicator": self.indicator, "category": self.category, "value": self.value, "text": self.text,
             "qualifier": self.qualifier}
        if self.count is not None:
            d["count"] = self.count
        return d


@dataclass(frozen=True)
class Finding:
    rule: Rule
    severity: str
    indicators: tuple[str, ...]
    values: tuple[Stated, ...]
    expected: float | int | str | None
    message: str
    message_en: str
    evidence: tuple[Evidence, ...]
    suggestion: float | int | str | None = None
    suggestion_for: str | None = None
    confidence: str | None = None  # high | medium | low
    category: str | None = None
    period_start: str | None = None
    period_end: str | None = None


def finding_to_record(f: Finding, document: str, commune: str | None, level: str | None,
                      unit_code: str | None) -> dict:
    """One line of findings.jsonl."""
    return {
        "document": document,
        "rule": f.rule.value,
        "severity": f.severity,
        "indicators": list(f.indicators),
        "values": [v.as_dict() for v in f.values],
        "expected": f.expected,
        "message": f.message,
        "evidence": [e.as_dict() for e in f.evidence],
        "suggestion": f.suggestion,
        "commune": commune,
        "level": level,
        "unit_code": unit_code,
        "category": f.category,
        "period_start": f.period_start,
        "period_end": f.period_end,
        "message_en": f.message_en,
        "suggestion_for": f.suggestion_for,
        "confidence": f.confidence,
    }
