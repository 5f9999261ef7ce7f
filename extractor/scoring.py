"""How strongly the words around a mention name an indicator, and which category.

``score`` weighs labels by where they stand (right before or after the number, in
its sentence, in the lead-in or heading), by their length and distance, and adds
the evidence of categories, counted nouns and scope; words of ``exclude`` rule an
indicator out, ``context`` must be in sight. The weights are data
(``patterns/lexicon/scoring.yaml``, one ``Settings`` record).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import regex

from .mentions import Mention, own_words
from .outline import Indicator
from .patterns import PatternError, alternation, load_yaml, patterns_dir
from .phrase_words import load_phrase_words
from .textnorm import fold

# patterns compiled once (they run for every number)
_LINKS = alternation(load_phrase_words().link_words)
_CATEGORY_LINK = regex.compile(rf"[\s:]*(?:(?:{_LINKS})\s*)?")


@dataclass(frozen=True)
class Settings:
    near: float
    sentence: float
    sentence_after: float
    around: float
    right_factor: float
    own_noun: float
    topic_factor: float
    lead_factor: float
    word_bonus: float
    near_chars: int
    decay_floor: float
    category: float
    unit_unique: float
    unit_shared: float
    scope: float
    model_weight: float
    min_score: float
    min_score_alone: float
    inherit_blocks: int


@lru_cache(maxsize=4)
def load_settings(path: str | None = None) -> Settings:
    """The scoring weights, every problem of the file at once.

    >>> load_settings().near, load_settings().inherit_blocks
    (3.0, 6)
    """
    p = patterns_dir() / "lexicon" / "scoring.yaml" if path is None else path
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise PatternError([f"{p}: phải là một bảng khóa / must be a mapping"])
    problems = [f"{p}: {k}: khóa không biết / unknown key" for k in sorted(set(raw) - {f.name for f in fields(Settings)})]
    values = {}
    for f in fields(Settings):
        v = raw.get(f.name)
        want = int if f.type == "int" else (int, float)
        if isinstance(v, bool) or not isinstance(v, want) or v < 0:
            problems.append(f"{p}: {f.name}: phải là số không âm / must be a non-negative number")
            continue
        values[f.name] = v
    if problems:
        raise PatternError(problems)
    return Settings(**values)


S = load_settings()


@dataclass(frozen=True)
class Choice:
    indicator: Indicator
    score: float
    claimed_right: int  # how much of ``right`` the winning label used (0 when it stood on the left)


def _decay(distance: int) -> float:
    """Labels far from the number count for less."""
    return 1.0 if distance <= S.near_chars else max(S.decay_floor, S.near_chars / distance)


_BEST: dict = {}  # (phrases, text, from_end, blockers) -> _best_in's answer: an indicator's labels meet the
_BEST_MOST = 200_000  # same words again for each of its other mentions and rules (5 calls in 6 repeat one)


def _best_in(phrases, text: str, from_end: bool, blockers=()) -> tuple[float, int]:
    """``_best_in_text``, remembered for the outline's own phrase tuples (the answer
    depends only on the arguments)."""
    if not (isinstance(phrases, tuple) and isinstance(blockers, tuple)):
        return _best_in_text(phrases, text, from_end, blockers)
    key = (phrases, text, from_end, blockers)
    hit = _BEST.get(key)
    if hit is None:
        if len(_BEST) >= _BEST_MOST:
            _BEST.clear()
        hit = _BEST[key] = _best_in_text(phrases, text, from_end, blockers)
    return hit


def _best_in_text(phrases, text: str, from_end: bool, blockers=()) -> tuple[float, int]:
    """(strength, end offset) of the best phrase found in ``text``.

    Strength grows with the phrase's length in words and shrinks with its
    distance from the number (the end of ``text`` when ``from_end``, else its start).
    A phrase inside one of ``blockers`` (another indicator's category name) is not counted.
    """
    best = (0.0, -1)
    blocked = [b.span() for bp in blockers for b in bp.pattern.finditer(text)] if blockers else ()
    for p in phrases:
        for m in p.pattern.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in blocked):
                continue
            distance = len(text) - m.end() if from_end else m.start()
            strength = (1 + S.word_bonus * len(p.text.split())) * _decay(distance)
            if strength > best[0]:
                best = (strength, m.end())
    return best


def _starts_with_label(ind: Indicator, right: str) -> bool:
    """A label of ``ind`` opens the words right after the number (and its noun, or a dash)."""
    text = own_words(right)
    return any(p.pattern.match(text) for p in ind.labels)


def _own_noun_names_other(m: Mention, ind: Indicator) -> bool:
    """The words right after the number open with a label that is not one of ``ind``'s."""
    return bool(m.opens) and ind.id not in m.opens


def _kind_fits(m: Mention, ind: Indicator) -> bool:
    kind = m.q.kind
    if kind == "percent":
        return ind.kind == "percent"
    if kind == "money":
        return ind.kind == "money"
    if ind.kind == "area":
        return m.unit is not None and ind.id in m.unit_indicators
    if ind.kind == "count":
        if isinstance(m.q.value, float) and not m.q.ambiguous_thousands:
            return False
        if m.unit is not None:
            return ind.id in m.unit_indicators or _narrows(m, ind)
        return not m.noun_after
    return False


def _narrows(m: Mention, ind: Indicator) -> bool:
    """The number counts a general noun that one of ``ind``'s nouns narrows, and the words
    right after it say how ("50 tổ dân phố được công nhận danh hiệu Tổ dân phố văn hóa"),
    or a label right before it does ("số thôn đạt danh hiệu thôn văn hóa: 36 thôn")."""
    if not _head_of(m.unit, ind):
        return False
    return (_best_in(ind.labels, m.right_tight, from_end=False)[0] > 0
            or _best_in(ind.labels, _LABEL_TAIL.sub("", m.left), from_end=True)[0] >= 1.0)


_LABEL_TAIL = regex.compile(r"[\s:]*(?:(?:là|có|đạt)\s*)?[\s:]*$")  # "số thôn đạt danh hiệu thôn văn hóa: 36 thôn"


@lru_cache(maxsize=4096)
def _head_of(noun: str, ind: Indicator) -> bool:
    return any(fold(p.text).startswith(noun + " ") for p in ind.units)


def _any(phrases, *texts: str) -> bool:
    return any(p.pattern.search(t) for p in phrases for t in texts if t)


_DIGITS = regex.compile(r"\d[\d.,/%]*")


def _clause_before(m: Mention, left: str) -> str:
    """The 60 characters before the number, back to the number before it (its noun
    included: "01 phòng họp được sửa chữa với kinh phí 1,5 tỷ đồng") or a ``;``."""
    if m.sentence is None:
        return left[-60:]
    return _back_to_number(m.sentence_text, m.q.start)


@lru_cache(maxsize=4096)
def _back_to_number(sentence: str, start: int) -> str:
    """(Once per number, not once per indicator scored.)"""
    before = sentence[:start]
    numbers = list(_DIGITS.finditer(before))
    cut = max(before.rfind(";") + 1, numbers[-1].end() if numbers else 0)
    return before[cut:][-60:]


_CHAIN = regex.compile(rf"\s(?:{alternation(load_phrase_words().chain_words)})\s(?=\D*\d)")
_NEXT_OF_KIND = {
    "number": _CHAIN,  # "đã giải quyết 636 hồ sơ và đang giải quyết 15 hồ sơ": the next count's words are its own
    "word": _CHAIN,
    "percent": regex.compile(r"\d[\d.,]*\s*(?:%|phần trăm)"),
    "money": regex.compile(r"\d[\d.,]*\s*(?:(?:triệu|tỷ|tỉ|nghìn|ngàn)\s+)?đồng"),
}


def _before_same_kind(m: Mention) -> str:
    """``right_tight`` up to the next percentage (or sum of money) when this number is one:
    in "99,8% ... đầu ra và 99,8% ... cả đầu vào và đầu ra" each has its own words. A sum's
    purpose runs on past commas and other numbers to the next sum: "1,05 tỷ đồng sửa chữa,
    lắp đặt thiết bị cho 02 phòng họp trực tuyến" (when words follow the sum: after "1,25 tỷ
    đồng, sửa chữa phòng họp ..." the comma starts the next item). A count's words end
    where a chain goes on to the next count ("636 hồ sơ và đang giải quyết 15 hồ sơ")."""
    runs_on = m.q.kind == "money" and m.right_tight.strip()
    return _up_to_next_of_kind(m.q.kind, m.right if runs_on else m.right_tight)


@lru_cache(maxsize=4096)
def _up_to_next_of_kind(kind: str, right: str) -> str:
    pattern = _NEXT_OF_KIND.get(kind)
    nxt = pattern.search(right) if pattern else None
    return right[: nxt.start()] if nxt else right


_COLON_END = regex.compile(rf":\s*(?:(?:{_LINKS})\s*)?$")  # "Về thanh toán trực tuyến: có 9.782 hồ sơ ..."


def _after_topic(before: str, ind: Indicator) -> str:
    """The number's own words when its clause opens with a topic and a colon and a label
    of ``ind`` follows the colon: in "Thanh toán trực tuyến: tổng số hồ sơ phát sinh phí,
    lệ phí 9.162" the topic's "thanh toán" does not rule out the fee dossiers."""
    colon = before.find(":")
    if colon < 0:
        return before
    rest = before[colon + 1:]
    return rest if _best_in(ind.labels, rest, True, ind.blockers)[0] else before


def score(m: Mention, ind: Indicator, left_from: int = 0) -> Choice | None:
    """How strongly the words around ``m`` name ``ind`` (None: it cannot be ``ind``)."""
    if not _kind_fits(m, ind):
        return None
    if ind.scope is not None and m.scope != ind.scope:
        return None
    if m.scope is not None and m.scope in ind.not_in_scope:
        return None
    left = m.left[left_from:]
    lsize, _ = _best_in(ind.labels, left, from_end=True, blockers=ind.blockers)
    if m.inline_lead:
        lsize = max(lsize, S.lead_factor * _best_in(ind.labels, f"{m.inline_lead} {left}", from_end=True, blockers=ind.blockers)[0])
    own = m.left[m.category_from:] if m.row is not None and m.category_from > left_from else None
    osize = _best_in(ind.labels, own, from_end=True, blockers=ind.blockers)[0] if own is not None else 0.0
    if own is not None and lsize:
        # a table row's own label before its parents' ("Số hóa, ..., thanh toán trực tuyến" over
        # "Hồ sơ có lưu kho"): a label only its parents hold counts as a topic's
        if osize < lsize and not _any([p for _, p in ind.category_phrases], own):  # ("- Hoàn thành tốt": a part)
            lsize = max(osize, S.topic_factor * lsize)
    same_kind = _before_same_kind(m)
    # the number's own words on its right: a sum's purpose runs on, a count's stop where a chain goes on
    right = same_kind if m.q.kind in ("money", "number", "word") else m.right_tight
    rsize, rend = _best_in(ind.labels, right, from_end=False, blockers=ind.blockers)
    if rsize and m.q.role != "numerator" and _starts_with_label(ind, m.right_tight):
        rsize *= S.own_noun  # "7.664 hồ sơ phát sinh phí, lệ phí": the noun phrase of the number itself
    elif lsize and _COLON_END.search(left) and _own_noun_names_other(m, ind):
        lsize *= S.topic_factor  # "Thanh toán trực tuyến: (có) 7.664 hồ sơ phát sinh phí": the colon's words are the topic
    elif lsize and m.named_after_topic and ind.id not in m.named_after_topic:
        lsize *= S.topic_factor  # "Thanh toán trực tuyến: hồ sơ phát sinh phí, lệ phí: 6.104": another's words follow the topic
    # Words that rule the indicator out count within the number's own description:
    # its clause on the left, unless it is named on its right ("99,8% hồ sơ được số
    # hóa đầu ra" after "100% ... đầu vào,"), where the left counts back to a comma.
    # (a count's clause starts after the number before it and that number's own noun:
    # in "39 DVCTT một phần và 44 DVCTT toàn trình" the 44 is not ruled out by "một phần")
    before = left if m.respective else (left[-60:] if m.q.kind in ("number", "word") else _clause_before(m, left))
    if rsize * S.right_factor >= lsize and rsize:
        # named on its right: words that rule the indicator out count back to a comma or a
        # colon ("Thanh toán trực tuyến: 7.664 hồ sơ phát sinh phí, lệ phí")
        before = before[max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1:]
    before = _after_topic(before, ind)
    if osize:
        before = own  # the row's own label names it: its parents' words do not rule it out
    if _any(ind.exclude, before, same_kind):
        return None
    if ind.context and not _any(ind.context, m.sentence_text, m.around):
        return None
    total = 0.0
    claimed = 0
    near = max(lsize, rsize * S.right_factor)
    if near:
        total += S.near * near
        if rsize * S.right_factor > lsize and not _DIGITS.search(right, 0, rend):
            claimed = rend  # (a label that is the next number's noun is left to it: "4 trường và THCS 5 trường")
    else:
        total += _farther_label(m, ind)
    csize, _ = _best_in([p for _, p in ind.category_phrases], left + " " + m.right_tight, True)
    if csize:
        total += S.category
    if m.unit is not None and ind.id in m.unit_indicators:
        total += S.unit_unique if len(m.unit_indicators) == 1 else S.unit_shared
    if ind.scope is not None:
        total += S.scope
    return Choice(ind, total, claimed)


def _farther_label(m: Mention, ind: Indicator) -> float:
    """The weight of a label farther from the number: the sentence's topic, the sentence
    before the number, after it, then the lead-in and heading (each searched once)."""
    if m.topic:
        size = _best_in(ind.labels, m.topic, True, blockers=ind.blockers)[0]
        if size:
            return S.sentence * size
    if m.sentence is not None:
        size = _best_in(ind.labels, m.sentence_text[: m.q.start], True)[0]
        if size:
            return S.sentence * size
        size = _best_in(ind.labels, m.sentence_text[m.q.end :], False)[0]
        if size:
            return S.sentence_after * S.sentence * size
    return S.around if _best_in(ind.labels, m.around, True)[0] else 0.0


_TOTAL_BEFORE = regex.compile(r"(?<!\w)(?:tổng số|tổng cộng)(?!\w)(?!.*(?<!\w)(?:tổng số|tổng cộng)(?!\w))", regex.S)


def category_of(m: Mention, ind: Indicator, left_from: int = 0) -> str | None:
    """The category of ``ind`` named next to the number: as its noun, right after it, or just before it."""
    if not ind.category_phrases:
        return None
    unit = m.unit or ""
    if ind.categories_as_units and unit:
        for cat, p in ind.category_phrases:
            if p.pattern.fullmatch(unit):
                return cat
    best = None
    for cat, p in ind.category_phrases:
        mm = p.pattern.match(m.right_tight.lstrip())
        if mm and (best is None or len(p.text) > best[1]):
            best = (cat, len(p.text))
    if best:
        return best[0]
    left = m.left[max(left_from, m.category_from):]
    for cat, p in ind.category_phrases:  # "Đề án 1 văn bản và ...": the category just before
        for mm in p.pattern.finditer(left):
            if _CATEGORY_LINK.fullmatch(left[mm.end():]) and (best is None or len(p.text) > best[1]):
                best = (cat, len(p.text))
    if best:
        return best[0]
    for cat, p in ind.category_phrases:
        for mm in p.pattern.finditer(m.right_tight):
            if best is None or len(p.text) > best[1]:
                best = (cat, len(p.text))
    if best:
        return best[0]
    total = _TOTAL_BEFORE.search(left)  # "..., trên tổng số 47 cơ sở": a total, no category
    if total:
        left = left[total.end():]
    if "(" in left and m.sentence is not None and ind.kind == "percent":
        # "24/169 DVCTT một phần phát sinh hồ sơ (tỷ lệ 14,2%)": a share in parentheses after
        # a noun phrase speaks of that noun phrase's category
        before = m.sentence_text[: m.q.start]
        clause = before[before.rfind(";") + 1:]
        if not _TOTAL_BEFORE.search(clause):
            left = clause[-90:]
    best_end = None
    for cat, p in ind.category_phrases:
        for mm in p.pattern.finditer(left):
            key = (mm.end(), len(p.text))
            if best_end is None or key > best_end[0]:
                best_end = (key, cat)
    return best_end[1] if best_end else None


