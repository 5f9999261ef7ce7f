"""The outline's relations as data: ``rules.yaml`` beside the outline's ``outline.yaml``.

Loaded once, validated (every problem reported at once, each with its file and key:
unknown indicator ids or categories, bad kinds, examples that do not parse), frozen.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..numbers import find_quantities
from ..outline import Outline
from ..patterns import PatternError, load_yaml, patterns_dir

_TERM_RE = regex.compile(r"^\s*([a-z][a-z0-9_]*)\s*(?:\[\s*([^\]]+?)\s*\])?\s*$")
KINDS = ("sum", "ratio")
ABSENT = ("unknown", "zero", "most")
_KEYS = {"id", "doc", "kind", "total", "parts", "open", "absent", "percent", "numerator", "denominator", "result", "holds",
         "fails"}
EXAMPLE_RULES = ("sum_mismatch", "part_exceeds_total", "ratio_mismatch")


@dataclass(frozen=True, order=True)
class Term:
    """An indicator's total (``category`` None) or one of its categories."""

    indicator: str
    category: str | None = None

    def __str__(self) -> str:
        return self.indicator if self.category is None else f"{self.indicator}[{self.category}]"


@dataclass(frozen=True)
class ExampleValue:
    term: Term
    value: float | int
    text: str
    qualifier: str | None


@dataclass(frozen=True)
class RuleExample:
    values: tuple[ExampleValue, ...]
    holds: bool
    rule: str | None = None  # the finding a failing example gives


@dataclass(frozen=True)
class Check:
    """One relation: ``sum`` (total = parts) or ``ratio`` (percent = 100 × num / den)."""

    id: str
    kind: str
    doc: str
    total: Term | None = None
    parts: tuple[Term, ...] = ()
    open: bool = False
    absent: str = "unknown"  # unknown | zero | most (zero once most parts are stated)
    percent: Term | None = None
    numerator: tuple[Term, ...] = ()
    denominator: tuple[Term, ...] = ()
    examples: tuple[RuleExample, ...] = ()
    result: Term | None = None  # the term computed from the others: the likeliest to be wrong

    @property
    def terms(self) -> tuple[Term, ...]:
        if self.kind == "sum":
            return (self.total,) + self.parts
        return (self.percent,) + self.numerator + self.denominator

    @property
    def is_categories(self) -> bool:
        """A total and its own categories (not a relation between indicators)."""
        return self.kind == "sum" and all(p.indicator == self.total.indicator and p.category for p in self.parts)


@dataclass(frozen=True)
class RuleSet:
    path: str
    checks: tuple[Check, ...]

    def category_sum_of(self, indicator: str) -> Check | None:
        """The rule that adds up ``indicator``'s categories to its total, if any."""
        for c in self.checks:
            if c.is_categories and c.total.indicator == indicator:
                return c
        return None


def parse_term(raw, where: str, outline: Outline, problems: list[str]) -> Term | None:
    """``"procedures_total[toàn trình]"`` → Term, checked against the outline."""
    if not isinstance(raw, str):
        problems.append(f"{where}: phải là chuỗi 'id' hoặc 'id[phân loại]' / must be 'id' or 'id[category]'")
        return None
    m = _TERM_RE.match(raw)
    if not m:
        problems.append(f"{where}: '{raw}' không đúng dạng 'id[phân loại]' / bad term")
        return None
    iid, cat = m.group(1), m.group(2)
    if iid not in outline.ids:
        problems.append(f"{where}: '{iid}' không phải chỉ tiêu của đề cương / unknown indicator id")
        return None
    if cat is not None and cat not in outline.get(iid).categories:
        problems.append(f"{where}: '{cat}' không phải phân loại của {iid} {list(outline.get(iid).categories)} / unknown category")
        return None
    return Term(iid, cat)


def _terms(raw, where: str, outline: Outline, problems: list[str]) -> tuple[Term, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}: phải là danh sách chỉ tiêu không rỗng / must be a non-empty list of terms")
        return ()
    out = [parse_term(t, f"{where}[{k}]", outline, problems) for k, t in enumerate(raw)]
    return tuple(t for t in out if t)


def _example(raw, where: str, holds: bool, terms: set[Term], outline: Outline, problems: list[str]) -> RuleExample | None:
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}: phải là bảng chỉ tiêu → số / must be a mapping term → number")
        return None
    rule = raw.get("rule")
    if holds and rule is not None:
        problems.append(f"{where}.rule: ví dụ đúng không có rule / a holding example has no rule")
    if not holds and rule not in EXAMPLE_RULES:
        problems.append(f"{where}.rule: cần một trong {list(EXAMPLE_RULES)} / needs the rule it gives")
    values = []
    for key, text in raw.items():
        if key == "rule":
            continue
        term = parse_term(key, f"{where}.{key}", outline, problems)
        if term is None:
            continue
        if term not in terms and not (term.category and Term(term.indicator) in terms):
            problems.append(f"{where}.{key}: không thuộc quy tắc / not a term of this rule")
        qs = [q for q in find_quantities(str(text)) if q.role == "value"]
        if len(qs) != 1:
            problems.append(f"{where}.{key}: '{text}' không đọc được thành một số / is not one number")
            continue
        q = qs[0]
        values.append(ExampleValue(term, q.value, q.text, q.qualifier))
    return RuleExample(tuple(values), holds, rule)


def _check(raw, where: str, outline: Outline, problems: list[str]) -> Check | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: phải là bảng / must be a mapping")
        return None
    for key in sorted(set(raw) - _KEYS):
        problems.append(f"{where}.{key}: khóa không biết / unknown key")
    rid = raw.get("id")
    if not isinstance(rid, str) or not regex.fullmatch(r"[a-z][a-z0-9_]*", rid):
        problems.append(f"{where}.id: cần id dạng chữ thường / needs a lower-case id")
        rid = str(rid)
    where = f"{where} ({rid})"
    kind = raw.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}.kind: '{kind}' không thuộc {list(KINDS)} / unknown kind")
        return None
    fields: dict = {}
    if kind == "sum":
        total = parse_term(raw.get("total"), f"{where}.total", outline, problems)
        parts_raw = raw.get("parts")
        if parts_raw == "categories":
            parts = ()
            if total is not None:
                ind = outline.get(total.indicator)
                if not ind.categories:
                    problems.append(f"{where}.parts: {total.indicator} không có phân loại / has no categories")
                elif not ind.categories_sum_to_total:
                    problems.append(f"{where}.parts: phân loại của {total.indicator} không cộng thành tổng (indicators.csv) / categories do not sum to the total")
                parts = tuple(Term(total.indicator, c) for c in ind.categories)
        else:
            parts = _terms(parts_raw, f"{where}.parts", outline, problems)
        absent = raw.get("absent", "unknown")
        if absent not in ABSENT:
            problems.append(f"{where}.absent: '{absent}' không thuộc {list(ABSENT)}")
        if not isinstance(raw.get("open", False), bool):
            problems.append(f"{where}.open: phải là true/false")
        fields = dict(total=total, parts=parts, open=bool(raw.get("open", False)), absent=absent)
        if total is None:
            return None
    else:
        percent = parse_term(raw.get("percent"), f"{where}.percent", outline, problems)
        if percent is not None and outline.get(percent.indicator).kind != "percent":
            problems.append(f"{where}.percent: {percent.indicator} không phải tỷ lệ % / is not a percent")
        fields = dict(percent=percent,
                      numerator=_terms(raw.get("numerator"), f"{where}.numerator", outline, problems),
                      denominator=_terms(raw.get("denominator"), f"{where}.denominator", outline, problems))
        if percent is None:
            return None
    check = Check(id=rid, kind=kind, doc=str(raw.get("doc") or ""), **fields)
    terms = set(check.terms)
    result = check.total if kind == "sum" else check.percent
    if raw.get("result") is not None:
        result = parse_term(raw.get("result"), f"{where}.result", outline, problems)
        if result is not None and result not in terms:
            problems.append(f"{where}.result: '{raw.get('result')}' không phải chỉ tiêu của quy tắc / not a term of this rule")
    check = Check(**{**check.__dict__, "result": result})
    examples = []
    for flag, key in ((True, "holds"), (False, "fails")):
        items = raw.get(key)
        if not isinstance(items, list) or not items:
            problems.append(f"{where}.{key}: mỗi quy tắc cần ví dụ đúng và ví dụ sai / every rule needs holds and fails examples")
            continue
        for k, ex in enumerate(items):
            e = _example(ex, f"{where}.{key}[{k}]", flag, terms, outline, problems)
            if e:
                examples.append(e)
    return Check(**{**check.__dict__, "examples": tuple(examples)})


def rules_from_file(path: Path, outline: Outline) -> RuleSet:
    """Read and validate a rules file; raise PatternError listing every problem."""
    data = load_yaml(path) or {}
    problems: list[str] = []
    raw_rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(raw_rules, list):
        raise PatternError([f"{path}: rules: cần danh sách quy tắc / needs a list of rules"])
    checks = []
    seen: set[str] = set()
    for k, raw in enumerate(raw_rules):
        c = _check(raw, f"{path}: rules[{k}]", outline, problems)
        if c is None:
            continue
        if c.id in seen:
            problems.append(f"{path}: rules[{k}] ({c.id}): id trùng / duplicate id")
        seen.add(c.id)
        checks.append(c)
    if problems:
        raise PatternError(problems)
    return RuleSet(str(path), tuple(checks))


def rules_path(outline: Outline) -> Path:
    return patterns_dir() / "outlines" / outline.id / "rules.yaml"


_CACHE: dict[tuple[str, str, int], RuleSet] = {}


def load_rules(outline: Outline) -> RuleSet:
    """The rules of ``outline`` (none when its folder has no rules.yaml), loaded once."""
    path = rules_path(outline)
    if not path.exists():
        return RuleSet(str(path), ())
    key = (str(path), outline.id, len(outline.indicators))
    if key not in _CACHE:
        _CACHE[key] = rules_from_file(path, outline)
    return _CACHE[key]
