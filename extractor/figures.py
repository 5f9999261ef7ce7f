"""Mentions into outline figures.

The last stage of naming (``mentions_to_figures``): each mention (``mentions.py``)
is scored against every indicator (``scoring.py``) and attached to the best, or to
the total it breaks down (``gồm``, ``trong đó``, colon lists, parentheses), or to
the count it is the denominator or share of. ``merge_figures`` makes the same
figure stated twice one fact with two sources.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from . import attribution
from .context import Sentence
from .mentions import Mention
from .model import Figure, Source
from .patterns import alternation
from .roles import vetoed
from .phrase_words import load_phrase_words
from .outline import Indicator, Outline
from .scoring import S, Choice, _any, _best_in, _kind_fits, category_of, score

INHERIT_BLOCKS = S.inherit_blocks  # how far (in paragraphs) a period carries to figures that state none


def _breakdown_closed(pm: Mention, m: Mention) -> bool:
    """A breakdown opened by a parenthesis ends where the parenthesis closes."""
    if pm.sentence is None or pm.sentence is not m.sentence:
        return False
    opener = pm.right.lstrip()[:1]
    if opener != "(" and "(" not in pm.right[:12]:
        return False
    between = m.sentence_text[pm.right_start : m.q.start]
    return between.count(")") >= between.count("(") and ")" in between


def _opens_breakdown(m: Mention, outline: Outline, ind: Indicator) -> bool:
    right = m.right
    if "(" in right or ":" in right:
        return True
    return _any(outline.breakdown_markers, right) or _categories_follow(m, ind)


_NEXT_CLAUSE = regex.compile(r"\s*;(?P<clause>[^\d:;]{1,60})")


def _categories_follow(m: Mention, ind: Indicator) -> bool:
    """The clause after the semicolon names one of the total's categories: "Tổng số TTHC:
    374; toàn trình: 229; một phần: 145" (a list of parts after its total)."""
    if m.sentence is None:
        return False
    nxt = _NEXT_CLAUSE.match(m.sentence_text, m.right_start + len(m.right))
    return bool(nxt) and any(p.pattern.search(nxt.group("clause")) for _, p in ind.category_phrases)


def mentions_to_figures(mentions: list[Mention], outline: Outline) -> list[Figure]:
    """Name each mention: an indicator (and category) of the outline, or nothing."""
    figures: list[Figure] = []
    parent: tuple[Indicator, Mention] | None = None
    prev_sentence = None
    numerators: dict[int, Indicator] = {}
    claimed_right = 0
    last_range: tuple | None = None  # (heading, block index, period) of the last figure with a stated range
    carried = False  # the breakdown opened by a lead-in's colon runs through its bullets
    probs = attribution.probabilities(mentions) if S.model_weight else [{} for _ in mentions]
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
            if _kind_fits(m, pind) or (m.unit is not None and pm.unit == m.unit) or _names_category(m, pind):
                category = category_of(m, pind, left_from)
                if category is not None:
                    chosen, how = pind, "breakdown"
        if chosen is None and m.q.role != "denominator":
            how = "scored"
            choices = [c for c in (score(m, ind, left_from) for ind in outline.indicators) if c]
            if S.model_weight and probs[k]:
                choices = [replace(c, score=c.score + S.model_weight * probs[k].get(c.indicator.id, 0.0)) for c in choices]
            choices.sort(key=lambda c: -c.score)
            if choices and (choices[0].score >= S.min_score or (m.q.kind == "money" and _alone(choices))):
                chosen = choices[0].indicator
                claimed_right = choices[0].claimed_right
                category = category_of(m, chosen, left_from)
        if chosen is None and m.q.kind == "percent" and figures:
            chosen = _share_of_previous(m, figures[-1], mentions[k - 1] if k else None, outline)
            how = "share" if chosen is not None else how
        prev = mentions[k - 1] if k else None
        whole_of = _whole_of_previous(m, prev, figures, outline)
        if whole_of is not None:
            chosen, category, how = whole_of, None, "denominator"  # "27 thôn ... trên tổng số 29 thôn"
        if chosen is not None and prev is not None and _is_part_of(prev, m) and not _stated(figures, prev):
            part = _numerator_of(chosen, prev, outline)  # "2.735 trong tổng số 2.973 hồ sơ phát sinh phí"
            if part is not None:
                figures.append(_figure(prev, part, None, _signals(prev, part, None, "denominator", [], 0), prev.period))
        if chosen is None or vetoed(m.sentence_text, m.q.start, m.q.end):
            continue  # a target or a change is never the figure ("chỉ tiêu năm 2026 là 90%")
        if category is None and (_unnamed_part(m, chosen, figures, outline) or _none_of_the_rest(m, chosen, figures)):
            continue  # "9.000 lượt (trong đó người từ 60 tuổi trở lên khoảng 2.315 lượt)": a part the outline does not ask for
        if m.q.role == "numerator":
            numerators[k] = chosen
        if category is None and chosen.categories and _opens_breakdown(m, outline, chosen):
            parent = (chosen, m)
        period = m.period
        if not chosen.stock and m.sentence is not None:
            if period == (None, None) and _continues(last_range, m):
                period = last_range[2]  # "Tổng số hồ sơ tiếp nhận trong cùng giai đoạn là ...": the period it continues
            elif period[0] is not None:
                last_range = (m.sentence.heading, m.block.index, period)
        figures.append(_figure(m, chosen, category, _signals(m, chosen, category, how, choices, left_from), period))
    return figures


def _unnamed_part(m: Mention, chosen: Indicator, figures: list[Figure], outline: Outline) -> bool:
    """The number stands after a figure of the same indicator in its sentence, past a
    breakdown marker ("trong đó", "gồm"), and names none of its categories: a part of it
    that is not an outline figure (the 2.315 of "tiếp 9.000 lượt, trong đó người cao tuổi
    2.315 lượt")."""
    if m.sentence is None or not figures or m.q.role != "value":
        return False
    last = figures[-1]
    if (last.indicator != chosen.id or last.category is not None or last.source.block != m.block.index
            or last.source.row is not None or last.quote != m.quote or last.source.end > m.q.start):
        return False
    return _any(outline.breakdown_markers, m.sentence_text[last.source.end:m.q.start])


def _none_of_the_rest(m: Mention, chosen: Indicator, figures: list[Figure]) -> bool:
    """A zero in words after parts of the same indicator in its sentence, naming none of
    its categories, says nothing is left ("hoàn thành tốt nhiệm vụ 82 người; không có công
    chức xếp loại thấp hơn"): it is not the indicator's total."""
    if m.sentence is None or m.q.value != 0 or any(c.isdigit() for c in m.q.text):
        return False
    return any(f.indicator == chosen.id and f.category is not None and f.value and f.source.block == m.block.index
               and f.source.row is None and f.quote == m.quote for f in figures)


def _alone(choices: list[Choice]) -> bool:
    """"Về chính sách hỗ trợ đi lại, xã chi trả cho 11 CBCC, tổng số tiền 237,6 triệu đồng":
    the label stands far back in the sentence, but nothing else names the sum in it (an
    indicator named only before the sentence, in its paragraph or heading, does not count;
    for sums of money only: a count or a share far from its label is too often something else)."""
    top = choices[0].score
    return top >= S.min_score_alone and top > S.around and (len(choices) == 1 or choices[1].score <= S.around)


_SHARE_WORDS = alternation(load_phrase_words().share_words)
_SHARE_GAP = regex.compile(rf"^[\s,:]*(?:(?:{_SHARE_WORDS})\s*)*:?\s*$")  # "đạt", "tỷ lệ", "chiếm"


_OF_TOTAL = regex.compile(rf"(?:{'|'.join(regex.escape(w) for w in load_phrase_words().of_total)})\s*$")


def _is_part_of(prev: Mention, m: Mention) -> bool:
    """``prev`` and ``m`` stand in one sentence as "A ... trong tổng số B"."""
    return (prev.sentence is not None and prev.sentence is m.sentence and prev.q.role == "value"
            and m.q.role == "value" and bool(_OF_TOTAL.search(m.left)))


def _whole_of_previous(m: Mention, prev: Mention | None, figures: list[Figure], outline: Outline) -> Indicator | None:
    """The whole after "trong tổng số" when the part before it was named: its denominator."""
    if prev is None or not figures or not _is_part_of(prev, m):
        return None
    last = figures[-1]
    if not _from(last, prev):
        return None
    ind = outline.get(last.indicator)
    whole = outline.get(ind.denominator) if ind is not None and ind.denominator else None
    return whole if whole is not None and _kind_fits(m, whole) else None


def _numerator_of(whole: Indicator, part: Mention, outline: Outline) -> Indicator | None:
    """The one indicator whose denominator is ``whole`` and that ``part`` can be."""
    parts = [ind for ind in outline.indicators if ind.denominator == whole.id and _kind_fits(part, ind)]
    return parts[0] if len(parts) == 1 else None


def _stated(figures: list[Figure], m: Mention) -> bool:
    """Whether ``m`` already gave a figure."""
    return any(_from(f, m) for f in figures[-3:])


def _from(f: Figure, m: Mention) -> bool:
    """Whether figure ``f`` was read from mention ``m``."""
    return (f.source.block == m.block.index and f.source.start == m.block_start - m.quote_offset
            and f.source.row == m.row and f.source.col == m.col)


def _names_category(m: Mention, ind: Indicator) -> bool:
    """A part of a breakdown whose noun is the category itself: "14 trường (03 MN, 06 TH)"."""
    text = m.right_tight.lstrip()
    return m.q.kind in ("number", "word") and any(p.pattern.match(text) for _, p in ind.category_phrases)


def _share_of_previous(m: Mention, prev_fig: Figure, prev: Mention | None, outline: Outline) -> Indicator | None:
    """A percentage right after a count, in the same sentence with only "đạt"/"chiếm"/"tỷ lệ"
    between them, is the count's share when the outline has one: "132 lượt CBCC được cử
    tham gia, đạt 92,5%" (``share_of`` in the lexicon)."""
    if prev is None or prev.sentence is None or prev.sentence is not m.sentence:
        return None
    shares = [ind for ind in outline.indicators if ind.share_of == prev_fig.indicator]
    if len(shares) != 1 or not _from(prev_fig, prev):
        return None
    gap = m.sentence_text[prev.right_start: m.q.start]
    last = regex.split(r"[,;]", gap)[-1]  # the words after the count's own noun phrase
    return shares[0] if _SHARE_GAP.match(last) else None


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

    def right_before(ind: Indicator) -> int:
        """The length in words of the longest label of ``ind`` (two words or more) right before."""
        return max((len(p.text.split()) for p in ind.labels for mm in p.pattern.finditer(left)
                    if len(p.text.split()) >= 2 and _LABEL_END.fullmatch(left, mm.end())), default=0)

    own = right_before(parent)
    if any(_LABEL_END.fullmatch(left, mm.end()) for _, p in parent.category_phrases for mm in p.pattern.finditer(left)) and not own:
        return False  # "giáo dục và đào tạo 01": one of the breakdown's own categories
    # another indicator's longer label wins: "hồ sơ trực tuyến toàn trình: 40" is not "toàn trình"
    return any(ind is not parent and right_before(ind) > own and score(m, ind, left_from) for ind in outline.indicators)


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
