"""The outline as data: indicators.csv plus the lexicon of how reports word them.

Loaded once, validated (every problem reported at once with its file and key),
frozen. A second outline is a second folder under ``patterns/outlines/``.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import regex

from .patterns import PatternError, load_yaml, patterns_dir
from .phrase_words import load_phrase_words
from .textnorm import fold, strip_marks

KINDS = {"count", "percent", "money", "area"}
QUALIFIERS = {None, "approx", "over", "under"}


@dataclass(frozen=True, eq=False)
class Phrase:
    """A phrase of the lexicon, compiled to match folded text."""

    text: str
    pattern: regex.Pattern

    def finditer(self, ftext: str, pos: int = 0, endpos: int | None = None):
        return self.pattern.finditer(ftext, pos, len(ftext) if endpos is None else endpos)


@dataclass(frozen=True)
class Example:
    text: str
    value: float | int
    category: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, eq=False)  # one object per indicator: identity is its equality, hashing is cheap
class Indicator:
    id: str
    label: str
    unit: str
    kind: str
    section: str
    categories: tuple[str, ...]
    categories_sum_to_total: bool
    notes: str
    labels: tuple[Phrase, ...] = ()
    units: tuple[Phrase, ...] = ()
    context: tuple[Phrase, ...] = ()
    exclude: tuple[Phrase, ...] = ()
    scope: str | None = None
    not_in_scope: tuple[str, ...] = ()
    category_phrases: tuple[tuple[str, Phrase], ...] = ()
    categories_as_units: bool = False
    denominator: str | None = None
    share_of: str | None = None  # a percentage right after a figure of this count is its share ("đạt 92,5%")
    unit_factors: tuple[tuple[str, float], ...] = ()  # counted noun -> factor into the outline's unit (ha -> 0.01 km²)
    examples: tuple[Example, ...] = ()
    counter_examples: tuple[str, ...] = ()
    stock: bool = False  # a state (area, schools, premises): its figures carry no period
    as_of: bool = False  # a count on a day (staff present): an undated one takes only the report's end
    # other indicators' category names that hold one of this indicator's labels: inside
    # "Giáo dục và đào tạo" (a field of tasks), "đào tạo" does not name training
    blockers: tuple[Phrase, ...] = ()


@dataclass(frozen=True, eq=False)  # identity equality: a cache key that costs nothing to hash
class Outline:
    id: str
    title: str
    title_words: tuple[Phrase, ...]
    indicators: tuple[Indicator, ...]
    scopes: tuple[tuple[str, tuple[Phrase, ...]], ...]
    breakdown_markers: tuple[Phrase, ...]
    total_words: tuple[Phrase, ...]

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)


@lru_cache(maxsize=None)
def compile_phrase(text: str) -> Phrase:
    """A lexicon phrase as a pattern over folded text.

    Words may be separated by spaces, commas, hyphens or a percent sign
    (``tin, bài`` = ``tin bài``; ``Tỷ lệ % DVCTT``), and match whole words only.

    >>> p = compile_phrase("cán bộ công chức")
    >>> bool(p.pattern.search(fold("cho 06 cán, bộ, công chức")))
    True
    >>> bool(compile_phrase("hoà").pattern.search(fold("hòa")))
    True
    >>> bool(compile_phrase("bộ").pattern.search(fold("cán bộ")))
    True
    >>> bool(compile_phrase("tư pháp").pattern.search(fold("tư phápx")))
    False

    Light words may stand between the words (``patterns/lexicon/phrases.yaml``):

    >>> bool(compile_phrase("DVCTT phát sinh hồ sơ").pattern.search(fold("DVCTT có phát sinh hồ sơ")))
    True
    >>> bool(compile_phrase("số hóa đầu vào").pattern.search(fold("Số hóa: đầu vào 98,6%")))
    True
    >>> bool(compile_phrase("hồ sơ giải quyết").pattern.search(fold("hồ sơ đang giải quyết")))
    False

    A phrase of two words or more also matches text typed without marks (an old keyboard:
    "Tong so thu tuc hanh chinh"), a whole word at a time; a word typed with its marks
    must have the phrase's:

    >>> p = compile_phrase("tổng số thủ tục")
    >>> [bool(p.pattern.search(fold(t))) for t in ("Tong so thu tuc", "Tổng so thủ tục", "tổng sô thủ tục")]
    [True, True, False]
    >>> bool(compile_phrase("phí").pattern.search(fold("phi nông nghiệp")))
    False
    """
    words = regex.findall(r"[^\s,]+", fold(text))
    each = [_or_bare(w) for w in words] if len(words) > 1 else [regex.escape(w) for w in words]
    return Phrase(text, regex.compile(rf"(?<![\w²]){_phrase_separator().join(each)}(?![\w²])"))


def _or_bare(word: str) -> str:
    """A word as written, or typed without its marks ("thủ" or "thu")."""
    bare = strip_marks(word)
    return regex.escape(word) if bare == word else f"(?:{regex.escape(word)}|{regex.escape(bare)})"


@lru_cache(maxsize=2)
def _phrase_separator(path: str | None = None) -> str:
    """What may stand between two words of a phrase (``patterns/lexicon/phrases.yaml``)."""
    words = load_phrase_words(path)
    marks = "".join(regex.escape(s) for s in words.separators)
    fillers = "|".join(regex.escape(w) for w in words.filler_words)
    return rf"(?:[\s{marks}]|\s[-–]\s)+(?:(?:{fillers})\s+)?"


def _phrases(raw, where: str, problems: list[str]) -> tuple[Phrase, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(s, str) and s.strip() for s in raw):
        problems.append(f"{where}: phải là danh sách chuỗi không rỗng / must be a list of non-empty strings")
        return ()
    return tuple(compile_phrase(s) for s in raw)


def _read_indicators(path: Path, problems: list[str]) -> list[dict]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        problems.append(f"{path}: không tìm thấy tệp / file not found")
        return []
    needed = {"id", "label_vi", "unit", "kind", "categories", "categories_sum_to_total", "section", "notes"}
    if rows and not needed <= set(rows[0]):
        problems.append(f"{path}: thiếu cột / missing columns {sorted(needed - set(rows[0]))}")
        return []
    seen = set()
    for n, row in enumerate(rows, start=2):
        where = f"{path}:{n} ({row.get('id')})"
        if not regex.fullmatch(r"[a-z][a-z0-9_]*", row["id"] or ""):
            problems.append(f"{where}: id không hợp lệ / bad id")
        if row["id"] in seen:
            problems.append(f"{where}: id trùng / duplicate id")
        seen.add(row["id"])
        if row["kind"] not in KINDS:
            problems.append(f"{where}: kind '{row['kind']}' không thuộc {sorted(KINDS)}")
        if row["categories_sum_to_total"] not in ("", "yes", "no"):
            problems.append(f"{where}: categories_sum_to_total phải là yes/no/rỗng")
    return rows


_LEX_KEYS = {
    "labels", "units", "context", "exclude", "scope", "not_in_scope", "categories",
    "categories_as_units", "denominator", "examples", "counter_examples", "unit_factors", "period", "share_of",
}


def _unit_factors(raw, where: str, problems: list[str]) -> tuple[tuple[str, float], ...]:
    """``unit_factors: {ha: 0.01}``: a value counted in ``ha`` times 0.01 is in km²."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, (int, float)) and v > 0 for k, v in raw.items()):
        problems.append(f"{where}: phải là {{đơn vị: hệ số dương}} / must map a unit to a positive factor")
        return ()
    return tuple((fold(k), float(v)) for k, v in raw.items())


def _build_indicator(row: dict, lex: dict, lex_path: Path, scopes: set[str], ids: set[str], problems: list[str]) -> Indicator:
    iid = row["id"]
    where = f"{lex_path}: indicators.{iid}"
    categories = tuple(c.strip() for c in row["categories"].split("|") if c.strip())
    for key in sorted(set(lex) - _LEX_KEYS):
        problems.append(f"{where}.{key}: khóa không biết / unknown key")
    cat_phrases: list[tuple[str, Phrase]] = []
    raw_cats = lex.get("categories") or {}
    if not isinstance(raw_cats, dict):
        problems.append(f"{where}.categories: phải là bảng / must be a mapping")
        raw_cats = {}
    for cat, syns in raw_cats.items():
        if cat not in categories:
            problems.append(f"{where}.categories.{cat}: không có trong indicators.csv / not a category of {iid} {list(categories)}")
        for ph in _phrases(syns, f"{where}.categories.{cat}", problems):
            cat_phrases.append((cat, ph))
    for cat in categories:
        if cat not in raw_cats:
            cat_phrases.append((cat, compile_phrase(cat)))
    examples = []
    for k, ex in enumerate(lex.get("examples") or []):
        ewhere = f"{where}.examples[{k}]"
        if not isinstance(ex, dict) or "text" not in ex or "value" not in ex:
            problems.append(f"{ewhere}: cần text và value / needs text and value")
            continue
        if ex.get("category") is not None and ex["category"] not in categories:
            problems.append(f"{ewhere}: category '{ex['category']}' không thuộc {iid}")
        if ex.get("qualifier") not in QUALIFIERS:
            problems.append(f"{ewhere}: qualifier '{ex.get('qualifier')}' không hợp lệ")
        examples.append(Example(ex["text"], ex["value"], ex.get("category"), ex.get("qualifier")))
    if not examples:
        problems.append(f"{where}.examples: mỗi chỉ tiêu cần ít nhất một ví dụ / every indicator needs an example")
    scope = lex.get("scope")
    if scope is not None and scope not in scopes:
        problems.append(f"{where}.scope: '{scope}' không có trong scopes")
    not_in = tuple(lex.get("not_in_scope") or ())
    for s in not_in:
        if s not in scopes:
            problems.append(f"{where}.not_in_scope: '{s}' không có trong scopes")
    if lex.get("period") not in (None, "none", "as_of"):
        problems.append(f"{where}.period: chỉ nhận 'none' (chỉ tiêu trạng thái, không có kỳ) hoặc 'as_of' (số tại một ngày) "
                        f"/ only 'none' (a stock figure) or 'as_of' (a count on a day) is allowed")
    denom = lex.get("denominator")
    if denom is not None and denom not in ids:
        problems.append(f"{where}.denominator: '{denom}' không phải id của đề cương")
    share_of = lex.get("share_of")
    if share_of is not None and share_of not in ids:
        problems.append(f"{where}.share_of: '{share_of}' không phải id của đề cương / not an indicator id")
    elif share_of is not None and row["kind"] != "percent":
        problems.append(f"{where}.share_of: chỉ cho chỉ tiêu tỷ lệ / only for a percent indicator")
    kind = row["kind"]
    if kind == "count" and not lex.get("units"):
        problems.append(f"{where}.units: chỉ tiêu đếm cần đơn vị / a count needs its units")
    counter = lex.get("counter_examples") or []
    if not isinstance(counter, list) or not all(isinstance(c, str) for c in counter):
        problems.append(f"{where}.counter_examples: phải là danh sách chuỗi")
        counter = []
    return Indicator(
        id=iid,
        label=row["label_vi"],
        unit=row["unit"],
        kind=kind,
        section=row["section"],
        categories=categories,
        categories_sum_to_total=row["categories_sum_to_total"] == "yes",
        notes=row["notes"],
        labels=_phrases(lex.get("labels"), f"{where}.labels", problems),
        units=_phrases(lex.get("units"), f"{where}.units", problems),
        context=_phrases(lex.get("context"), f"{where}.context", problems),
        exclude=_phrases(lex.get("exclude"), f"{where}.exclude", problems),
        scope=scope,
        not_in_scope=not_in,
        category_phrases=tuple(sorted(cat_phrases, key=lambda cp: -len(cp[1].text))),
        categories_as_units=bool(lex.get("categories_as_units", False)),
        denominator=denom,
        share_of=share_of,
        unit_factors=_unit_factors(lex.get("unit_factors"), f"{where}.unit_factors", problems),
        examples=tuple(examples),
        counter_examples=tuple(counter),
        stock=lex.get("period") == "none",
        as_of=lex.get("period") == "as_of",
    )


def outline_from_dir(folder: Path) -> Outline:
    """Read and validate one outline folder; raise PatternError listing every problem."""
    problems: list[str] = []
    meta_path = folder / "outline.yaml"
    meta = load_yaml(meta_path) or {}
    for key in ("id", "title", "indicators", "lexicon"):
        if key not in meta:
            problems.append(f"{meta_path}: thiếu khóa / missing key '{key}'")
    if problems:
        raise PatternError(problems)
    rows = _read_indicators(folder / meta["indicators"], problems)
    lex_path = folder / meta["lexicon"]
    lexicon = load_yaml(lex_path) or {}
    scopes_raw = lexicon.get("scopes") or {}
    scopes = tuple((name, _phrases(v, f"{lex_path}: scopes.{name}", problems)) for name, v in scopes_raw.items())
    ids = {r["id"] for r in rows}
    lex_inds = lexicon.get("indicators") or {}
    for iid in lex_inds:
        if iid not in ids:
            problems.append(f"{lex_path}: indicators.{iid}: không có trong indicators.csv / unknown indicator id")
    indicators = []
    for row in rows:
        if row["id"] not in lex_inds:
            problems.append(f"{lex_path}: indicators.{row['id']}: thiếu mục từ vựng / no lexicon entry")
            continue
        indicators.append(_build_indicator(row, lex_inds[row["id"]] or {}, lex_path, set(scopes_raw), ids, problems))
    indicators = _with_blockers(indicators)
    outline = Outline(
        id=str(meta.get("id")),
        title=str(meta.get("title")),
        title_words=_phrases(meta.get("title_words"), f"{meta_path}: title_words", problems),
        indicators=tuple(indicators),
        scopes=scopes,
        breakdown_markers=_phrases(lexicon.get("breakdown_markers"), f"{lex_path}: breakdown_markers", problems),
        total_words=_phrases(lexicon.get("total_words"), f"{lex_path}: total_words", problems),
    )
    if problems:
        raise PatternError(problems)
    return outline


def _with_blockers(indicators: list[Indicator]) -> list[Indicator]:
    """Each indicator with the category names of the others (two words or more) that
    contain one of its labels or counted nouns as whole words, and the labels of the
    others that hold one of its labels and one of its categories together ("trực tuyến
    toàn trình" names the fully online dossiers, not "toàn trình" in the category
    "trực tuyến")."""
    out = []
    for ind in indicators:
        own = [p for p in ind.labels + ind.units]
        blockers = []
        for other in indicators:
            if other.id == ind.id:
                continue
            for _, cat in other.category_phrases:
                text = fold(cat.text)
                if len(text.split()) >= 2 and any(p.pattern.search(text) and fold(p.text) != text for p in own):
                    blockers.append(cat)
            for label in other.labels if other.kind == ind.kind else ():  # (a share never competes with a count)
                text = fold(label.text)
                if (any(p.pattern.search(text) and fold(p.text) != text for p in ind.labels)
                        and any(c.pattern.search(text) for _, c in ind.category_phrases)):
                    blockers.append(label)
        out.append(replace(ind, blockers=tuple(blockers)))
    return out


@lru_cache(maxsize=8)
def load_outline(name: str = "sap_xep_2025") -> Outline:
    return outline_from_dir(patterns_dir() / "outlines" / name)
