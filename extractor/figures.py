"""Numbers into outline figures.

Two stages, as the brief suggests: find every number first
(``sentences_to_mentions``), then attach each to an indicator from the words
around it, its counted noun, its lead-in line and section
(``mentions_to_figures``). Breakdowns (``gồm``, ``trong đó``, colon lists,
parentheses) give categories to the total before them. ``merge_figures`` makes
the same figure stated twice one fact with two sources.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .context import Sentence
from .model import Block, Figure, Source
from .numbers import Quantity, find_quantities
from .outline import Indicator, Outline, Phrase
from .phrase_words import load_phrase_words
from .respectively import respective_labels
from .textnorm import fold

# weights of where a label stands, relative to the number
W_NEAR = 3.0  # between the previous number and this one, or right after it
W_SENTENCE = 1.0
W_AROUND = 0.5  # lead-in line, heading, the block before the sentence
MIN_SCORE = 1.0
W_OWN_NOUN = 1.2  # a label that starts right after the number's counted noun
MIN_SCORE_ALONE = 0.5  # a weaker naming is enough when no other indicator is named at all

_PUNCT = regex.compile(r"[;:()\[\]]|,(?!\d)|(?<!\d),")  # not the decimal comma of "99,5"
_PUNCT_NO_COMMA = regex.compile(r"[;:()\[\]]")
_PURPOSE = regex.compile(rf"\s*(?:{'|'.join(regex.escape(w) for w in load_phrase_words().purpose_words)})(?!\w)")


@dataclass(frozen=True)
class Mention:
    """A number with the text around it, before it is named."""

    q: Quantity
    sentence: Sentence | None
    block: Block
    quote: str
    quote_offset: int  # offset of quote in block.text (0 for a table cell)
    left: str  # folded text between the previous number and this one
    right: str  # folded text after the number (and its noun) up to the next number
    right_tight: str  # ``right`` up to the first punctuation
    unit: str | None  # the counted noun as matched (folded)
    unit_indicators: frozenset[str]  # indicators that count this noun
    noun_after: bool  # some other word follows the number
    sentence_text: str  # folded
    around: str  # folded lead-in, heading and block text before
    period: tuple[str | None, str | None]
    scope: str | None
    left_start: int = 0  # where ``left`` starts in the folded sentence
    right_start: int = 0
    row: int | None = None
    col: int | None = None
    page: int | None = None
    pages: tuple[int, ...] = ()
    block_start: int = 0  # span of the number inside block.text (or cell text)
    block_end: int = 0
    category_from: int = 0  # a category is named in ``left`` from here on (a table row's own label)
    inline_lead: str = ""  # folded "Số hóa" of "Số hóa: đầu vào 98,6%; đầu ra 100%" when ``left`` lost it
    respective: bool = False  # ``left`` is the item named for it before "lần lượt" (respectively.py)
    opens: frozenset[str] = frozenset()  # indicators whose label opens ``right_tight`` (the number's own noun phrase)


@dataclass(frozen=True)
class UnitIndex:
    """Every counted noun of the outline, longest first, with the indicators that use it."""

    phrases: tuple[tuple[Phrase, frozenset[str]], ...]
    nouns: frozenset[str]


@lru_cache(maxsize=8)
def unit_index(outline: Outline) -> UnitIndex:
    by_text: dict[str, set[str]] = {}
    compiled: dict[str, Phrase] = {}
    for ind in outline.indicators:
        phrases = list(ind.units)
        if ind.categories_as_units:
            phrases += [p for _, p in ind.category_phrases]
        for p in phrases:
            key = fold(p.text)
            by_text.setdefault(key, set()).add(ind.id)
            compiled[key] = p
    ordered = sorted(by_text, key=len, reverse=True)
    return UnitIndex(
        tuple((compiled[k], frozenset(by_text[k])) for k in ordered),
        frozenset(ordered),
    )


def match_unit(ftext: str, pos: int, index: UnitIndex) -> tuple[str | None, frozenset[str], int]:
    """The longest counted noun starting at ``pos`` (after spaces): (noun, indicators, end)."""
    m = regex.match(r"\s*", ftext[pos:])
    at = pos + (m.end() if m else 0)
    best = (None, frozenset(), pos)
    for phrase, inds in index.phrases:
        mm = phrase.pattern.match(ftext, at)
        if mm and (best[0] is None or mm.end() > best[2]):
            best = (fold(phrase.text), inds, mm.end())
    return best


@lru_cache(maxsize=1)
def _connective_re():
    from .numbers import load_grammar

    words = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in load_grammar().connectives)
    return regex.compile(rf"\s*(?:{words})(?!\w)") if words else None


def _word_follows(ftext: str, pos: int) -> bool:
    """Whether a word other than a connective (``và``, ``đạt``...) follows the number."""
    if not regex.match(r"\s*\p{L}", ftext[pos:]):
        return False
    conn = _connective_re()
    return not (conn and conn.match(ftext, pos))


def sentences_to_mentions(sentences: list[Sentence], outline: Outline) -> list[Mention]:
    """Every number of every sentence, with its counted noun and the words on each side."""
    index = unit_index(outline)
    out: list[Mention] = []
    for sent in sentences:
        ftext = _without_periods(fold(sent.text), sent)
        at_start = sent.start == 0
        qs = find_quantities(sent.text, index.nouns, at_block_start=at_start)
        ends = []
        units = []
        for q in qs:
            after = q.after or q.end  # past "29/29" and past "03 (ba)"
            unit, inds, uend = match_unit(ftext, after, index)
            units.append((unit, inds, uend if unit else q.end))
            ends.append(uend if unit else after)
        around = fold(" ".join(x for x in (sent.heading, sent.lead, sent.before[-300:]) if x))
        respective = respective_labels(ftext, qs)
        for i, q in enumerate(qs):
            prev_end = ends[i - 1] if i > 0 else 0
            if q.role == "denominator":
                prev_end = q.start
            left_start = max(prev_end, ftext.rfind(";", 0, q.start) + 1, ftext.rfind(")", 0, q.start) + 1)
            left = ftext[left_start : (q.qualifier_start if q.qualifier_start is not None else q.start)]
            lead = _inline_lead(ftext, left_start, left)
            # the right side runs through the next number's noun ("để sửa chữa hai phòng họp")
            j = i + 2 if q.role == "numerator" else i + 1  # "12/12 thôn đạt danh hiệu ...": the fraction's words
            nxt = ends[j] if j < len(qs) else len(ftext)
            semi = ftext.find(";", ends[i], nxt)
            right_end = semi if semi >= 0 else nxt
            right = ftext[ends[i] : right_end]
            right_tight = _tight(right, outline)
            if i in respective:  # "... đầu vào, đầu ra lần lượt là 98,6% và 100%"
                left, right, right_tight, lead = respective[i], "", "", ""
            unit, inds, _ = units[i]
            block_start = sent.start + q.start
            block_end = sent.start + q.end
            out.append(
                Mention(
                    q=q,
                    sentence=sent,
                    block=sent.block,
                    quote=sent.text,
                    quote_offset=sent.start,
                    left=left,
                    right=right,
                    right_tight=right_tight,
                    unit=unit,
                    unit_indicators=inds,
                    noun_after=_word_follows(ftext, q.after or q.end),
                    sentence_text=ftext,
                    around=around,
                    left_start=left_start,
                    right_start=ends[i],
                    period=_period_for(sent, q),
                    scope=sent.scope,
                    page=sent.block.page_at(block_start),
                    pages=sent.block.pages_between(sent.start, sent.end),
                    block_start=block_start,
                    block_end=block_end,
                    inline_lead=lead,
                    respective=i in respective,
                    opens=_openers(right_tight, outline) if q.role != "numerator" else frozenset(),
                )
            )
    return out


_INLINE_LEAD = regex.compile(r"^[\s\-+*•]*(?P<lead>[^\d:;]{3,60}):")


def _inline_lead(ftext: str, left_start: int, left: str) -> str:
    """The words before a sentence's colon when the number's own words start after it:
    in "Số hóa: đầu vào 98,6%; đầu ra 100%" the second figure is "số hóa ... đầu ra"."""
    m = _INLINE_LEAD.match(ftext)
    if not m or left_start <= m.end() or not regex.match(r"\s*\p{L}", ftext[m.end():]):
        return ""  # "Giáo dục và đào tạo: 1; y tế: 2": the first item's own label, not a lead
    if len(regex.findall(r"\w+", left)) > 3:
        return ""  # the number has words enough of its own
    return m.group("lead").strip()


def _without_periods(ftext: str, sent: Sentence) -> str:
    """The sentence with its stated periods blanked out (same length): in "Từ ngày 01/01/2026
    đến ngày báo cáo, UBND xã đã ban hành 1112 văn bản" "báo cáo" is not a kind of document."""
    for _, _, a, b in sent.periods:
        if 0 <= a < b <= len(ftext):
            ftext = ftext[:a] + " " * (b - a) + ftext[b:]
    return ftext


def _tight(right: str, outline: Outline) -> str:
    """The words right after a number, up to punctuation or a breakdown marker (``gồm``);
    a purpose clause ("để sửa chữa, trang bị phòng họp") runs on past its commas."""
    cut = len(right)
    p = (_PUNCT_NO_COMMA if _PURPOSE.match(right) else _PUNCT).search(right)
    if p:
        cut = p.start()
    for marker in outline.breakdown_markers:
        mm = marker.pattern.search(right, 0, cut)
        if mm:
            cut = min(cut, mm.start())
    return right[:cut]


def _period_for(sent: Sentence, q: Quantity) -> tuple[str | None, str | None]:
    """The period stated nearest before the number in its sentence, else the first after it, else the lead-in's."""
    before = [p for p in sent.periods if p[2] <= q.start]
    if before:
        return before[-1][:2]
    if sent.periods:
        return sent.periods[0][:2]
    return sent.period


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Choice:
    indicator: Indicator
    score: float
    claimed_right: int  # how much of ``right`` the winning label used (0 when it stood on the left)


def _decay(distance: int) -> float:
    """Labels far from the number count for less."""
    return 1.0 if distance <= 30 else max(0.3, 30 / distance)


def _best_in(phrases, text: str, from_end: bool, blockers=()) -> tuple[float, int]:
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
            strength = (1 + 0.15 * len(p.text.split())) * _decay(distance)
            if strength > best[0]:
                best = (strength, m.end())
    return best


def _starts_with_label(ind: Indicator, right: str) -> bool:
    """A label of ``ind`` opens the words right after the number (and its noun)."""
    text = right.lstrip()
    return any(p.pattern.match(text) for p in ind.labels)


def _own_noun_names_other(m: Mention, ind: Indicator) -> bool:
    """The words right after the number open with a label that is not one of ``ind``'s."""
    return bool(m.opens) and ind.id not in m.opens


@lru_cache(maxsize=8192)
def _openers(right: str, outline: Outline) -> frozenset[str]:
    """The indicators one of whose labels opens ``right`` (the words after a number)."""
    text = right.lstrip()
    if not text:
        return frozenset()
    return frozenset(ind.id for ind in outline.indicators if any(p.pattern.match(text) for p in ind.labels))


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


_NEXT_OF_KIND = {
    "percent": regex.compile(r"\d[\d.,]*\s*(?:%|phần trăm)"),
    "money": regex.compile(r"\d[\d.,]*\s*(?:(?:triệu|tỷ|tỉ|nghìn|ngàn)\s+)?đồng"),
}


def _before_same_kind(m: Mention) -> str:
    """``right_tight`` up to the next percentage (or sum of money) when this number is one:
    in "99,8% ... đầu ra và 99,8% ... cả đầu vào và đầu ra" each has its own words."""
    return _up_to_next_of_kind(m.q.kind, m.right_tight)


@lru_cache(maxsize=4096)
def _up_to_next_of_kind(kind: str, right: str) -> str:
    pattern = _NEXT_OF_KIND.get(kind)
    nxt = pattern.search(right) if pattern else None
    return right[: nxt.start()] if nxt else right


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
        lsize = max(lsize, 0.9 * _best_in(ind.labels, f"{m.inline_lead} {left}", from_end=True, blockers=ind.blockers)[0])
    rsize, rend = _best_in(ind.labels, m.right_tight, from_end=False, blockers=ind.blockers)
    if rsize and m.q.role != "numerator" and _starts_with_label(ind, m.right_tight):
        rsize *= W_OWN_NOUN  # "7.664 hồ sơ phát sinh phí, lệ phí": the noun phrase of the number itself
    elif lsize and left.rstrip().endswith(":") and _own_noun_names_other(m, ind):
        lsize *= 0.8  # "Thanh toán trực tuyến: 7.664 hồ sơ phát sinh phí": the colon's words are the topic
    # Words that rule the indicator out count within the number's own description:
    # its clause on the left, unless it is named on its right ("99,8% hồ sơ được số
    # hóa đầu ra" after "100% ... đầu vào,"), where the left counts back to a comma.
    before = left if m.respective else _clause_before(m, left)
    if rsize * 0.9 >= lsize and rsize:
        # named on its right: words that rule the indicator out count back to a comma or a
        # colon ("Thanh toán trực tuyến: 7.664 hồ sơ phát sinh phí, lệ phí")
        before = before[max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1:]
    if _any(ind.exclude, before, _before_same_kind(m)):
        return None
    if ind.context and not _any(ind.context, m.sentence_text, m.around):
        return None
    total = 0.0
    claimed = 0
    near = max(lsize, rsize * 0.9)
    if near:
        total += W_NEAR * near
        if rsize * 0.9 > lsize and not _DIGITS.search(m.right_tight, 0, rend):
            claimed = rend  # (a label that is the next number's noun is left to it: "4 trường và THCS 5 trường")
    elif m.sentence is not None and _best_in(ind.labels, m.sentence_text[: m.q.start], True)[0]:
        total += W_SENTENCE * _best_in(ind.labels, m.sentence_text[: m.q.start], True)[0]
    elif m.sentence is not None and _best_in(ind.labels, m.sentence_text[m.q.end :], False)[0]:
        total += 0.6 * W_SENTENCE * _best_in(ind.labels, m.sentence_text[m.q.end :], False)[0]
    elif _best_in(ind.labels, m.around, True)[0]:
        total += W_AROUND
    csize, _ = _best_in([p for _, p in ind.category_phrases], left + " " + m.right_tight, True)
    if csize:
        total += 1.5
    if m.unit is not None and ind.id in m.unit_indicators:
        total += 2.0 if len(m.unit_indicators) == 1 else 0.3
    if ind.scope is not None:
        total += 2.0
    return Choice(ind, total, claimed)


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
            if regex.fullmatch(r"[\s:]*(?:(?:có|là|đạt|gồm)\s*)?", left[mm.end():]) and (best is None or len(p.text) > best[1]):
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
    best_end = None
    for cat, p in ind.category_phrases:
        for mm in p.pattern.finditer(left):
            key = (mm.end(), len(p.text))
            if best_end is None or key > best_end[0]:
                best_end = (key, cat)
    return best_end[1] if best_end else None


def _breakdown_closed(pm: Mention, m: Mention) -> bool:
    """A breakdown opened by a parenthesis ends where the parenthesis closes."""
    if pm.sentence is None or pm.sentence is not m.sentence:
        return False
    opener = pm.right.lstrip()[:1]
    if opener != "(" and "(" not in pm.right[:12]:
        return False
    between = m.sentence_text[pm.right_start : m.q.start]
    return between.count(")") >= between.count("(") and ")" in between


def _opens_breakdown(m: Mention, outline: Outline) -> bool:
    right = m.right
    if "(" in right or ":" in right:
        return True
    return _any(outline.breakdown_markers, right)


def mentions_to_figures(mentions: list[Mention], outline: Outline) -> list[Figure]:
    """Name each mention: an indicator (and category) of the outline, or nothing."""
    figures: list[Figure] = []
    parent: tuple[Indicator, Mention] | None = None
    prev_sentence = None
    numerators: dict[int, Indicator] = {}
    claimed_right = 0
    last_range: tuple | None = None  # (heading, block index, period) of the last figure with a stated range
    carried = False  # the breakdown opened by a lead-in's colon runs through its bullets
    for k, m in enumerate(mentions):
        where = m.sentence if m.sentence is not None else (m.block.index, m.row, m.col)
        if where is not prev_sentence and where != prev_sentence:
            both = isinstance(where, Sentence) and isinstance(prev_sentence, Sentence)
            if both and _carries_parent(prev_sentence, where):
                carried = True
            elif both and carried and _next_bullet(prev_sentence, where):
                pass  # "- Tư pháp: 5; ...", "- Nông nghiệp và môi trường: 1; ...": the list goes on
            else:
                parent, carried = None, False
            claimed_right = 0
            prev_sentence = where
        left_from = _left_from(mentions, k, claimed_right)
        claimed_right = 0
        chosen: Indicator | None = None
        category = None
        how = "denominator"
        choices: list[Choice] = []
        if m.q.role == "denominator":
            num_ind = numerators.get(k - 1)
            if num_ind is not None and num_ind.denominator:
                chosen = outline.get(num_ind.denominator)
        elif parent is not None and _breakdown_closed(parent[1], m):
            parent = None
        if chosen is None and parent is not None and _labelled_other(m, parent[0], outline, left_from):
            parent = None  # "...; hồ sơ trực tuyến toàn trình: 736 hồ sơ": a new figure, not a part
        if chosen is None and parent is not None:
            pind, pm = parent
            if _kind_fits(m, pind) or (m.unit is not None and pm.unit == m.unit):
                category = category_of(m, pind, left_from)
                if category is not None:
                    chosen, how = pind, "breakdown"
        if chosen is None and m.q.role != "denominator":
            how = "scored"
            choices = [c for c in (score(m, ind, left_from) for ind in outline.indicators) if c]
            choices.sort(key=lambda c: -c.score)
            if choices and (choices[0].score >= MIN_SCORE or (m.q.kind == "money" and _alone(choices))):
                chosen = choices[0].indicator
                claimed_right = choices[0].claimed_right
                category = category_of(m, chosen, left_from)
        if chosen is None and m.q.kind == "percent" and figures:
            chosen = _share_of_previous(m, figures[-1], mentions[k - 1] if k else None, outline)
            how = "share" if chosen is not None else how
        if chosen is None:
            continue
        if m.q.role == "numerator":
            numerators[k] = chosen
        if category is None and chosen.categories and _opens_breakdown(m, outline):
            parent = (chosen, m)
        period = m.period
        if not chosen.stock and m.sentence is not None:
            if period == (None, None) and _continues(last_range, m):
                period = last_range[2]  # "Tổng số hồ sơ tiếp nhận trong cùng giai đoạn là ...": the period it continues
            elif period[0] is not None:
                last_range = (m.sentence.heading, m.block.index, period)
        figures.append(_figure(m, chosen, category, _signals(m, chosen, category, how, choices, left_from), period))
    return figures


def _alone(choices: list[Choice]) -> bool:
    """"Về chính sách hỗ trợ đi lại, xã chi trả cho 11 CBCC, tổng số tiền 237,6 triệu đồng":
    the label stands far back in the sentence, but nothing else names the sum (for sums of
    money only: a count or a share far from its label is too often something else)."""
    return choices[0].score >= MIN_SCORE_ALONE and (len(choices) == 1 or choices[1].score == 0)


_SHARE_GAP = regex.compile(r"^[\s,]*(?:(?:đạt|chiếm|bằng|là|với)\s+)?(?:tỷ lệ|tỉ lệ)?\s*(?:đạt|là|:)?\s*$")


def _share_of_previous(m: Mention, prev_fig: Figure, prev: Mention | None, outline: Outline) -> Indicator | None:
    """A percentage right after a count, in the same sentence with only "đạt"/"chiếm"/"tỷ lệ"
    between them, is the count's share when the outline has one: "132 lượt CBCC được cử
    tham gia, đạt 92,5%" (``share_of`` in the lexicon)."""
    if prev is None or prev.sentence is None or prev.sentence is not m.sentence:
        return None
    shares = [ind for ind in outline.indicators if ind.share_of == prev_fig.indicator]
    if len(shares) != 1 or prev_fig.source.start != prev.q.start:
        return None
    gap = m.sentence_text[prev.right_start: m.q.start]
    last = regex.split(r"[,;]", gap)[-1]  # the words after the count's own noun phrase
    return shares[0] if _SHARE_GAP.match(last) else None


INHERIT_BLOCKS = 6  # how far (in paragraphs) a period carries to figures that state none


def _continues(last_range: tuple | None, m: Mention) -> bool:
    """A count of activity with no period of its own continues the figures before it
    when they stand under the same heading, a few paragraphs back at most."""
    if last_range is None or m.sentence is None:
        return False
    heading, block, _ = last_range
    return heading == m.sentence.heading and 0 <= m.block.index - block <= INHERIT_BLOCKS


def _signals(m: Mention, ind: Indicator, category: str | None, how: str, choices: list[Choice],
             left_from: int) -> tuple[tuple[str, float], ...]:
    """What the attachment rested on, as numbers for the confidence model (``confidence.py``)."""
    top = choices[0].score if choices else 0.0
    second = choices[1].score if len(choices) > 1 else 0.0
    lsize, _ = _best_in(ind.labels, m.left[left_from:], from_end=True)
    rsize, _ = _best_in(ind.labels, m.right_tight, from_end=False)
    stated_here = m.sentence is not None and any(p[:2] == m.period for p in m.sentence.periods)
    return (
        ("how_breakdown", float(how == "breakdown")),
        ("how_denominator", float(how in ("denominator", "share"))),
        ("score", min(top, 12.0) / 12.0),
        ("margin", min(top - second, 8.0) / 8.0 if how == "scored" else 1.0),
        ("label_near", float(max(lsize, rsize) > 0)),
        ("unit_noun", float(m.unit is not None and ind.id in m.unit_indicators)),
        ("unit_unique", float(m.unit is not None and m.unit_indicators == frozenset({ind.id}))),
        ("category", float(category is not None)),
        ("total_of_breakdown", float(category is None and bool(ind.categories))),
        ("period_here", float(stated_here)),
        ("period_none", float(m.period == (None, None))),
        ("table", float(m.row is not None)),
        ("percent", float(m.q.kind == "percent")),
        ("money", float(m.q.kind == "money")),
        ("number_word", float(m.q.kind == "word")),
        ("qualifier", float(m.q.qualifier is not None)),
    )


_LABEL_END = regex.compile(r"[\s:]*(?:là|có|đạt)?[\s:]*$")


def _labelled_other(m: Mention, parent: Indicator, outline: Outline, left_from: int) -> bool:
    """Whether a label of another indicator (two words or more) stands right before the
    number, ``label: 736``, while no label of the breakdown's own indicator does."""
    left = m.left[left_from:]

    def right_before(ind: Indicator) -> bool:
        return any(len(p.text.split()) >= 2 and _LABEL_END.fullmatch(left, mm.end())
                   for p in ind.labels for mm in p.pattern.finditer(left))

    if right_before(parent):
        return False
    if any(_LABEL_END.fullmatch(left, mm.end()) for _, p in parent.category_phrases for mm in p.pattern.finditer(left)):
        return False  # "giáo dục và đào tạo 01": one of the breakdown's own categories
    return any(ind is not parent and right_before(ind) and score(m, ind, left_from) for ind in outline.indicators)


def _left_from(mentions: list[Mention], k: int, claimed_right: int) -> int:
    """Where this mention's left context starts once the previous one took its label from it."""
    if k == 0 or not claimed_right:
        return 0
    prev, cur = mentions[k - 1], mentions[k]
    if prev.sentence is None or prev.sentence is not cur.sentence:
        return 0
    return max(0, prev.right_start + claimed_right - cur.left_start)


def _next_bullet(prev: Sentence, cur: Sentence) -> bool:
    """The sentence starts the bullet paragraph right after the previous bullet's."""
    return (cur.start == 0 and cur.block.index == prev.block.index + 1
            and cur.text.lstrip()[:1] in "-+*•" and prev.block.text.lstrip()[:1] == cur.text.lstrip()[:1])


def _carries_parent(prev: Sentence | None, cur: Sentence | None) -> bool:
    """A total whose sentence ends with a colon governs the bullets after it."""
    if prev is None or cur is None:
        return False
    if prev.block is cur.block:
        return False
    return prev.text.rstrip().endswith(":") and cur.text.lstrip()[:1] in "-+*•"


def _value_for(m: Mention, ind: Indicator):
    factor = dict(ind.unit_factors).get(m.unit or "")
    if factor is not None:  # "2.467 ha" is 24,67 km²
        return round(float(m.q.value) * factor, 6)
    if m.q.ambiguous_thousands and ind.kind == "count":
        return int(m.q.text.replace(",", ""))
    if ind.kind == "count" and isinstance(m.q.value, float) and m.q.value.is_integer():
        return int(m.q.value)
    return m.q.value


def _figure(m: Mention, ind: Indicator, category: str | None, signals: tuple = (),
            period: tuple[str | None, str | None] | None = None) -> Figure:
    period = m.period if period is None else period
    start = m.block_start - m.quote_offset  # the span inside the quote (a sentence or a cell)
    end = m.block_end - m.quote_offset
    source = Source(
        kind="table" if m.row is not None else "paragraph",
        page=m.page,
        block=m.block.index,
        row=m.row,
        col=m.col,
        start=start,
        end=end,
        pages=m.pages,
    )
    return Figure(
        indicator=ind.id,
        category=category,
        value=_value_for(m, ind),
        unit=ind.unit,
        qualifier=m.q.qualifier,
        period_start=None if ind.stock else period[0],
        period_end=None if ind.stock else period[1],
        text=m.quote[start:end],
        quote=m.quote,
        source=source,
        signals=signals,
    )


def merge_figures(figures: list[Figure]) -> list[Figure]:
    """The same indicator, category, period and value stated twice: one figure, two sources."""
    merged: dict[tuple, Figure] = {}
    order: list[tuple] = []
    for f in figures:
        key = (f.indicator, f.category, f.period_start, f.period_end, f.value)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, also=first.also + ((f.quote, f.source),))
        else:
            merged[key] = f
            order.append(key)
    return [merged[k] for k in order]
