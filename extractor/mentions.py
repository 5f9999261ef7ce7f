"""Numbers into mentions: every number of a sentence with the words around it.

The first stage of naming (``sentences_to_mentions``): each number found by the
number grammar, its counted noun, the words on its left back to the previous
number and on its right up to the next, its lead-in, heading, period and scope.
``scoring.py`` then says which indicator the words name, ``figures.py`` decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .context import Sentence
from .model import Block
from .numbers import Quantity, find_quantities
from .outline import Outline, Phrase, compile_phrase
from .patterns import alternation
from .phrase_words import blank_proper_names, load_phrase_words
from .respectively import respective_labels, respective_periods, respective_runs
from .textnorm import fold

# patterns compiled once (they run for every number)
_SPACES = regex.compile(r"\s*")
_SPACES_THEN_LETTER = regex.compile(r"\s*\p{L}")

_PUNCT = regex.compile(r"[;:()\[\]\n]|,(?!\d)|(?<!\d),")  # not the decimal comma of "99,5"; a line break ends too
_PUNCT_NO_COMMA = regex.compile(r"[;:()\[\]\n]")
_LINE_BREAK = regex.compile(r"[ \t]*\n")
_ACRONYM = regex.compile(r"\(\s*\p{L}{2,8}\s*\)")  # one word in parentheses: an abbreviation, no break
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
    topic: str = ""  # what the sentence is about: "Về chính sách hỗ trợ đi lại, ...", "Chính sách hỗ trợ đi lại: ..."
    respective: bool = False  # ``left`` is the item named for it before "lần lượt" (respectively.py)
    opens: frozenset[str] = frozenset()  # indicators whose label opens ``right_tight`` (the number's own noun phrase)
    named_after_topic: frozenset[str] = frozenset()  # indicators named between ``left``'s first colon and the number


@dataclass(frozen=True)
class UnitIndex:
    """Every counted noun of the outline, longest first, with the indicators that use it
    and the noun it is (an abbreviation stands for its noun: "HS" is "hồ sơ")."""

    phrases: tuple[tuple[Phrase, frozenset[str], str], ...]
    nouns: frozenset[str]


@lru_cache(maxsize=8)
def unit_index(outline: Outline) -> UnitIndex:
    """The outline's counted nouns, and their abbreviations of the number grammar
    (``unit_abbreviations``).

    >>> from extractor.outline import load_outline
    >>> index = unit_index(load_outline())
    >>> match_unit(fold("18.651 HS; số hồ sơ"), 6, index)[0], match_unit(fold("54 ng., trong đó"), 2, index)[0]
    ('hồ sơ', 'người')
    """
    from .numbers import load_grammar

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
    noun_of = {k: k for k in by_text}
    for short, noun in load_grammar().unit_abbreviations:
        if noun in by_text and short not in by_text:
            by_text[short], compiled[short], noun_of[short] = by_text[noun], compile_phrase(short), noun
    ordered = sorted(by_text, key=len, reverse=True)
    return UnitIndex(
        tuple((compiled[k], frozenset(by_text[k]), noun_of[k]) for k in ordered),
        frozenset(ordered),
    )


def match_unit(ftext: str, pos: int, index: UnitIndex) -> tuple[str | None, frozenset[str], int]:
    """The longest counted noun starting at ``pos`` (after spaces and a counter word such
    as "bộ" of "10.333 bộ hồ sơ"): (noun, indicators, end)."""
    m = _SPACES.match(ftext[pos:])
    at = pos + (m.end() if m else 0)
    dash = _DASH.match(ftext, at)  # "8.550 – hồ sơ": a dash between a number and its noun
    if dash:
        at = dash.end()
    if _not_counted(ftext, at):
        return None, frozenset(), pos  # "07 trường hợp": not "trường" (schools)
    counter = _counter_re().match(ftext, at)
    if counter:
        noun = match_unit(ftext, counter.end(), index)
        if noun[0] is not None:
            return noun
    best = (None, frozenset(), pos)
    for phrase, inds, noun in index.phrases:
        mm = phrase.pattern.match(ftext, at)
        if mm and (best[0] is None or mm.end() > best[2]):
            best = (noun, inds, mm.end())
    return best


@lru_cache(maxsize=1)
def _not_counted(ftext: str, at: int) -> bool:
    from .numbers import load_grammar

    return any(ftext.startswith(n, at) for n in load_grammar().not_counted_nouns)


@lru_cache(maxsize=1)
def _counter_re() -> regex.Pattern:
    from .numbers import load_grammar

    words = "|".join(regex.escape(w) for w in load_grammar().counter_words) or "(?!)"
    return regex.compile(rf"(?:{words})\s+")


@lru_cache(maxsize=1)
def _connective_re():
    from .numbers import load_grammar

    words = "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in load_grammar().connectives)
    return regex.compile(rf"\s*(?:{words})(?!\w)") if words else None


def _word_follows(ftext: str, pos: int) -> bool:
    """Whether a word other than a connective (``và``, ``đạt``...) follows the number
    on its line ("Trực tiếp: 1.142⏎Trực tuyến: 8.400" in a cell: the next line is the next item)."""
    if not _SPACES_THEN_LETTER.match(ftext[pos:]) or _LINE_BREAK.match(ftext, pos):
        return False
    conn = _connective_re()
    return not (conn and conn.match(ftext, pos))


def sentences_to_mentions(sentences: list[Sentence], outline: Outline) -> list[Mention]:
    """Every number of every sentence, with its counted noun and the words on each side."""
    index = unit_index(outline)
    out: list[Mention] = []
    for sent in sentences:
        ftext = blank_proper_names(_without_periods(fold(sent.text), sent))
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
        runs = respective_runs(ftext, qs)  # found once for the labels and the periods
        respective = respective_labels(ftext, qs, runs)
        by_period = respective_periods(ftext, qs, sent.periods, runs)
        for i in by_period:  # the items before "lần lượt" are periods, not labels
            respective.pop(i, None)
            if units[i][0] is None:  # "lần lượt là 2.930 và 2.115 văn bản": the last number's noun is theirs
                shared = next((units[j] for j in sorted(by_period) if j > i and units[j][0] is not None), None)
                if shared is not None:
                    units[i] = (shared[0], shared[1], units[i][2])
        for i, q in enumerate(qs):
            prev_end = ends[i - 1] if i > 0 else 0
            if q.role == "denominator":
                prev_end = q.start
            left_start = max(prev_end, ftext.rfind(";", 0, q.start) + 1, ftext.rfind(")", 0, q.start) + 1)
            left = ftext[left_start : (q.qualifier_start if q.qualifier_start is not None else q.start)]
            lead = _inline_lead(ftext, left_start, left)
            topic = _sentence_topic(ftext, q.start)
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
            if unit is None and q.kind in ("number", "word") and q.role == "value":
                unit, inds = _noun_before_colon(left, right_tight, index)  # "hồ sơ: 1.173" is "1.173 hồ sơ"
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
                    period=by_period.get(i) or _period_for(sent, q),
                    scope=sent.scope,
                    page=sent.block.page_at(block_start),
                    pages=sent.block.pages_between(sent.start, sent.end),
                    block_start=block_start,
                    block_end=block_end,
                    inline_lead=lead,
                    topic=topic,
                    respective=i in respective,
                    opens=_openers(right_tight, outline) if q.role != "numerator" else frozenset(),
                    named_after_topic=named_in(left[left.find(":") + 1:], outline) if ":" in left else frozenset(),
                )
            )
    return out


_COUNT_WORDS = alternation(load_phrase_words().count_words)
_NOUN_COLON = regex.compile(rf"^[\s\-+*•]*(?:(?:{_COUNT_WORDS})\s+)?(?P<noun>[^\d:;,()]{{2,40}}?)\s*:\s*$")


_NOUN_ENDS = regex.compile(rf"(?:^|\s)(?:{_COUNT_WORDS})\s+(?P<noun>[^\d:;,()]{{2,40}}?)\s*$")


def noun_ending(label: str, index: UnitIndex) -> tuple[str | None, frozenset[str]]:
    """The counted noun a (folded) table label ends with after "số": "dvctt toàn trình
    phát sinh hồ sơ: số dịch vụ" counts services, "tổng số tthc" procedures.

    >>> from extractor.outline import load_outline
    >>> index = unit_index(load_outline())
    >>> noun_ending("dvctt một phần: số hồ sơ", index)[0], noun_ending("hồ sơ tiếp nhận", index)[0]
    ('hồ sơ', None)
    """
    m = _NOUN_ENDS.search(label)
    if not m:
        return None, frozenset()
    return whole_noun(m.group("noun").strip(), index)


def whole_noun(noun: str, index: UnitIndex) -> tuple[str | None, frozenset[str]]:
    """(counted noun, its indicators) when ``noun`` (folded) is one of the outline's counted
    nouns and nothing more, else (None, empty)."""
    unit, inds, end = match_unit(noun, 0, index)
    return (unit, inds) if unit and not noun[end:].strip() else (None, frozenset())


def _noun_before_colon(left: str, right: str, index: UnitIndex) -> tuple[str | None, frozenset[str]]:
    """The counted noun a clause names right before its colon and the number, nothing
    else, when no other noun follows the number: "; hồ sơ: 1.173", "Tổng số TTHC: 374",
    "Điểm trạm y tế: 01 điểm" (the noun of "1.173 hồ sơ", "374 TTHC").

    >>> from extractor.outline import load_outline
    >>> index = unit_index(load_outline())
    >>> _noun_before_colon(" hồ sơ tiếp nhận: ", "", index)[0], _noun_before_colon(" điểm trạm y tế: ", " điểm chính", index)[0]
    (None, None)
    >>> _noun_before_colon(" số hồ sơ: ", "", index)[0], _noun_before_colon("- điểm trạm y tế: ", " điểm.", index)[0]
    ('hồ sơ', 'điểm trạm y tế')
    """
    m = _NOUN_COLON.match(left)
    if not m:
        return None, frozenset()
    noun = m.group("noun").strip()
    after = own_words(right).rstrip(" .")
    if after and not (noun == after or noun.startswith(after + " ")):
        return None, frozenset()
    return whole_noun(noun, index)


_INLINE_LEAD = regex.compile(r"^[\s\-+*•]*(?P<lead>[^\d:;]{3,60}):")


def _inline_lead(ftext: str, left_start: int, left: str) -> str:
    """The words before a sentence's colon when the number's own words start after it:
    in "Số hóa: đầu vào 98,6%; đầu ra 100%" the second figure is "số hóa ... đầu ra"."""
    m = _INLINE_LEAD.match(ftext)
    if not m or left_start <= m.end() or not _SPACES_THEN_LETTER.match(ftext[m.end():]):
        return ""  # "Giáo dục và đào tạo: 1; y tế: 2": the first item's own label, not a lead
    if len(regex.findall(r"\w+", left)) > 3:
        return ""  # the number has words enough of its own
    return m.group("lead").strip()


_DASH = regex.compile(r"[–—]\s*|-\s+")
_TOPIC = regex.compile(r"^[\s\-+*•]*(?:về\s+(?P<about>[^\d,;:]{3,60})[,:]|(?P<lead>[^\d:;]{3,60}):)")


def _sentence_topic(ftext: str, start: int) -> str:
    """The sentence's topic, when the number stands after it: "Về chính sách hỗ trợ đi lại, ..."
    or "Chính sách hỗ trợ đi lại: ..."."""
    m = _TOPIC.match(ftext)
    if not m or m.end() > start:
        return ""
    return (m.group("about") or m.group("lead")).strip()


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
    bare = _ACRONYM.sub(lambda a: " " * len(a.group()), right)  # "dịch vụ công trực tuyến (dvctt) toàn trình"
    p = (_PUNCT_NO_COMMA if _PURPOSE.match(right) else _PUNCT).search(bare)
    if p:
        cut = p.start()
    for marker in outline.breakdown_markers:
        mm = marker.pattern.search(right, 0, cut)
        if mm:
            cut = min(cut, mm.start())
    return right[:cut]


def _period_for(sent: Sentence, q: Quantity) -> tuple[str | None, str | None]:
    """The period stated nearest before the number in its sentence, else the first after it, else the lead-in's;
    but a period with a start in brackets right after the number and its noun is the number's own.
    A period inside an aside in brackets that states a number of its own governs only the
    numbers inside it: in "ban hành 1.498 văn bản (bằng khoảng 54% số văn bản của 6 tháng
    cuối năm 2025), gồm: 554 quyết định" the 554 keeps the sentence's period."""
    for p in sent.periods:  # "2.410 văn bản (6 tháng cuối năm 2025) và 1.377 văn bản (từ 01/01/2026 đến nay)"
        if p[2] >= q.end and p[0] is not None and _BRACKET_AFTER.fullmatch(sent.text, q.end, p[2]):
            return p[:2]
    asides = _asides(sent.text, tuple(p[2:] for p in sent.periods)) if "(" in sent.text and sent.periods else ()
    before = [p for p in sent.periods if p[2] <= q.start
              and not any(s <= p[2] < e and not s <= q.start < e for s, e in asides)]
    if before:
        return before[-1][:2]
    if sent.periods:
        return sent.periods[0][:2]
    return sent.period


_BRACKETS = regex.compile(r"\([^()]*\)")
_BRACKET_AFTER = regex.compile(r"[^\d.;:()]{0,30}?\(\s*")  # "văn bản (" before a period
_DIGIT = regex.compile(r"\d")


@lru_cache(maxsize=4096)
def _asides(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Spans of the bracketed asides of ``text`` that state a period (one of ``spans``) and a
    number besides it.

    >>> t = "ban hành 1.498 văn bản (bằng 54% số văn bản của 6 tháng cuối năm 2025), gồm: 554 quyết định"
    >>> _asides(t, ((t.index("6 tháng"), t.index("), gồm")),))
    ((23, 70),)
    >>> t = "Số văn bản ban hành (6 tháng cuối năm 2025): 1.234"
    >>> _asides(t, ((t.index("6 tháng"), t.index("):")),))
    ()
    """
    out = []
    for m in _BRACKETS.finditer(text):
        s, e = m.span()
        inner = [(a, b) for a, b in spans if s <= a < e]
        if not inner:
            continue
        rest = text[s:e]
        for a, b in inner:
            rest = rest[:a - s] + " " * (min(b, e) - a) + rest[min(b, e) - s:]
        if _DIGIT.search(rest):
            out.append((s, e))
    return tuple(out)


def own_words(right: str) -> str:
    """The words right after a number and its noun, past a dash ("8.550 – hồ sơ tiếp nhận")."""
    return right.lstrip().lstrip("–—-").lstrip()


@lru_cache(maxsize=8192)
def named_in(text: str, outline: Outline) -> frozenset[str]:
    """The indicators one of whose labels stands in ``text``."""
    if not text.strip():
        return frozenset()
    return frozenset(ind.id for ind in outline.indicators if any(p.pattern.search(text) for p in ind.labels))


@lru_cache(maxsize=8192)
def _openers(right: str, outline: Outline) -> frozenset[str]:
    """The indicators one of whose labels opens ``right`` (the words after a number)."""
    text = own_words(right)
    if not text:
        return frozenset()
    return frozenset(ind.id for ind in outline.indicators if any(p.pattern.match(text) for p in ind.labels))
