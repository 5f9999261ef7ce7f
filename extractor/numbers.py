"""The Vietnamese number grammar: find the numbers of a text and their values.

Vietnamese writes ``3.260`` for 3260 and ``24,67`` for 24.67; money is
``129,6 triệu đồng``; dates, document numbers and section numbers are not
figures. Each found number keeps the text as written and its span, like
price-parser keeps the text beside the amount.

>>> [q.value for q in find_quantities("đã ban hành 3.260 văn bản")]
[3260]
>>> parse_number("24,67")
24.67
>>> q = find_quantities("tổng số tiền 129,6 triệu đồng")[0]
>>> q.value, q.kind, q.text
(129600000, 'money', '129,6 triệu đồng')
>>> find_quantities("Kế hoạch số 154/KH-UBND ngày 28/4/2026")
()
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from .patterns import PatternError, alternation, load_yaml, patterns_dir
from .textnorm import fold

# patterns compiled once (they run for every number)
_SPACED_THOUSANDS = regex.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?")
_DOTTED_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_COMMA_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3})+")
_ENGLISH_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")
_ONE_COMMA_GROUP = regex.compile(r"\d{1,3},\d{3}")
_FIRST_WORD = regex.compile(r"\s*([\w²³]+)")
_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"\w+")


@dataclass(frozen=True)
class Grammar:
    number_words: tuple[tuple[str, int], ...]
    scales: tuple[tuple[str, int], ...]
    currency: tuple[str, ...]
    percent: tuple[str, ...]
    qualifiers: tuple[tuple[str, str], ...]
    not_figure_before: tuple[str, ...]
    not_figure_units: tuple[str, ...]
    still_figure_after: tuple[tuple[str, tuple[str, ...]], ...] = ()  # word -> words that undo it
    connectives: tuple[str, ...] = ()  # words after a number that are not its noun ("02 và ...")
    numeral_words: tuple[str, ...] = ()  # words that spell a number: "03 (ba)", "53 (năm mươi ba)"
    zero_words: tuple[str, ...] = ()  # "không có", "không phát sinh": a figure of zero
    counter_words: tuple[str, ...] = ()  # "10.333 bộ hồ sơ": between a number and its noun
    not_counted_nouns: tuple[str, ...] = ()  # "trường hợp": begins like "trường" (schools) but is not
    unit_abbreviations: tuple[tuple[str, str], ...] = ()  # "HS" -> "hồ sơ", "ng." -> "người" (folded)
    scales_before_currency: tuple[tuple[str, int], ...] = ()  # "trđ", "tr.đồng": a scale only before a currency
    number_word_compounds: tuple[str, ...] = ()  # "đầu tư": a number word inside them counts nothing


@dataclass(frozen=True)
class Quantity:
    """A number found in a text.

    ``text`` is the number as written with its scale, currency or percent sign
    (``129,6 triệu đồng``, ``13,87%``), ``start``/``end`` its span; ``value`` is
    in base units (đồng, percent 0-100, plain counts). ``kind`` is ``number``,
    ``percent``, ``money`` or ``word`` (a number word). A fraction ``29/29``
    gives two quantities, the second with ``role="denominator"``.
    ``after`` is where the noun that follows begins.
    """

    value: int | float
    text: str
    start: int
    end: int
    kind: str
    qualifier: str | None = None
    qualifier_start: int | None = None
    role: str = "value"  # value | numerator | denominator
    ambiguous_thousands: bool = False  # "1,600": 1.6 or 1600, settled by the unit
    after: int = 0


_QUALIFIER_VALUES = {"approx", "over", "under"}


def _validate(raw: object, path) -> Grammar:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise PatternError([f"{path}: phải là một bảng khóa / must be a mapping"])

    def mapping(key, value_type):
        val = raw.get(key)
        if not isinstance(val, dict) or not val:
            problems.append(f"{path}: {key}: thiếu hoặc rỗng / missing or empty mapping")
            return ()
        out = []
        for k, v in val.items():
            if not isinstance(k, str) or not isinstance(v, value_type):
                problems.append(f"{path}: {key}.{k}: giá trị sai kiểu / wrong type {v!r}")
                continue
            out.append((fold(k), v))
        return tuple(sorted(out, key=lambda kv: -len(kv[0])))

    def strings(key):
        val = raw.get(key)
        if not isinstance(val, list) or not val or not all(isinstance(s, str) and s for s in val):
            problems.append(f"{path}: {key}: phải là danh sách chuỗi / must be a list of strings")
            return ()
        return tuple(sorted({fold(s) for s in val}, key=len, reverse=True))

    grammar = Grammar(
        number_words=mapping("number_words", int),
        scales=mapping("scales", int),
        currency=strings("currency"),
        percent=strings("percent"),
        qualifiers=mapping("qualifiers", str),
        not_figure_before=strings("not_figure_before"),
        not_figure_units=strings("not_figure_units"),
        still_figure_after=_undo_map(raw.get("still_figure_after"), path, problems),
        connectives=strings("connectives") if "connectives" in raw else (),
        numeral_words=strings("numeral_words") if "numeral_words" in raw else (),
        zero_words=strings("zero_words") if "zero_words" in raw else (),
        counter_words=strings("counter_words") if "counter_words" in raw else (),
        not_counted_nouns=strings("not_counted_nouns") if "not_counted_nouns" in raw else (),
        unit_abbreviations=tuple((k, fold(v)) for k, v in mapping("unit_abbreviations", str))
        if "unit_abbreviations" in raw else (),
        scales_before_currency=mapping("scales_before_currency", int) if "scales_before_currency" in raw else (),
        number_word_compounds=strings("number_word_compounds") if "number_word_compounds" in raw else (),
    )
    for word, _ in grammar.still_figure_after:
        if word not in grammar.not_figure_before:
            problems.append(f"{path}: still_figure_after.{word}: không có trong not_figure_before / not in not_figure_before")
    for word, q in grammar.qualifiers:
        if q not in _QUALIFIER_VALUES:
            problems.append(f"{path}: qualifiers.{word}: '{q}' không thuộc {sorted(_QUALIFIER_VALUES)}")
    unknown = set(raw) - set(Grammar.__dataclass_fields__)
    for key in sorted(unknown):
        problems.append(f"{path}: {key}: khóa không biết / unknown key")
    if problems:
        raise PatternError(problems)
    return grammar


def _undo_map(raw, path, problems: list[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``still_figure_after``: {word of not_figure_before: [words before it that make it a figure]}."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in raw.values()):
        problems.append(f"{path}: still_figure_after: phải là {{từ: [danh sách từ]}} / must map a word to a list of words")
        return ()
    return tuple((k, tuple(v)) for k, v in raw.items())


@lru_cache(maxsize=4)
def load_grammar(path: str | None = None) -> Grammar:
    p = patterns_dir() / "lexicon" / "numbers.yaml" if path is None else path
    return _validate(load_yaml(p), p)


def parse_number(digits: str, prefer_integer: bool = False) -> int | float:
    """Value of a number written the Vietnamese way.

    >>> parse_number("3.260"), parse_number("12317"), parse_number("02")
    (3260, 12317, 2)
    >>> parse_number("24,67"), parse_number("12.317,5"), parse_number("1.6")
    (24.67, 12317.5, 1.6)
    >>> parse_number("52 780"), parse_number("2 850 000 000"), parse_number("1 234,5")
    (52780, 2850000000, 1234.5)

    ``1,600`` is 1.6 unless the caller knows it counts things:

    >>> parse_number("1,600"), parse_number("1,600", prefer_integer=True)
    (1.6, 1600)
    """
    s = digits
    if _SPACED_THOUSANDS.fullmatch(s):  # 52 780 (thousands by spaces)
        s = regex.sub(r"[ \u00a0\u202f]", "", s).replace(",", ".")
    elif _DOTTED_THOUSANDS.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.fullmatch(s) and prefer_integer:
        s = s.replace(",", "")
    elif _ENGLISH_THOUSANDS.fullmatch(s):
        s = s.replace(",", "")  # 1,234,567 (English style)
    else:
        s = s.replace(",", ".")
    return _to_number(Decimal(s))


def _to_number(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


_NUM = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![.,]?\d)(?:,\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_NUMBER_RE = regex.compile(rf"(?<![\w/.,\-])({_NUM})(?![\w/]|[.,]\d)")
_FRACTION_RE = regex.compile(r"(?<![\w/.,])(\d{1,3}(?:\.\d{3})+|\d{1,6})\s?/\s?(\d{1,3}(?:\.\d{3})+|\d{1,6})(?![\w/]|[.,]\d)")
_SECTION_RE = regex.compile(r"^\s*[-+*•]?\s*(?:[IVXLC]+|\d+(?:\.\d+)*)[.)]\s")
_REF_RE = regex.compile(r"\d+\s?[-–]\s?\d+(?![.,]\d)|\d+(?:/\d+)*/[\p{Lu}Đ][\p{L}\d\-Đ]*|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}/\d{4}|\d{1,2}-\d{1,2}-\d{4}"
                       r"|\d{1,2}/\d{1,2}(?=\s*(?:đến|tới|[-–])\s*(?:ngày\s*)?\d)")  # "từ 01/7 đến 31/12/2025": a day


def _word_re(words: tuple[str, ...]) -> str:
    return alternation(words)


@lru_cache(maxsize=4)
def _compiled(grammar: Grammar):
    scale = _word_re(tuple(w for w, _ in grammar.scales))
    currency = _word_re(grammar.currency)
    percent = _word_re(grammar.percent)
    short = _word_re(tuple(w for w, _ in grammar.scales_before_currency)) or "(?!)"
    tail = regex.compile(
        rf"\G(?:\s*(?P<pct>{percent})|\s+(?P<scale>{scale})(?:\s*(?P<cur1>{currency}))?(?!\w)"
        rf"|\s+(?P<short>{short})\s*(?P<cur2>{currency})(?!\w)|\s*(?P<cur>{currency})(?!\w))",
    )
    qual = regex.compile(rf"(?:^|(?<=[\s(:,;]))(?P<q>{_word_re(tuple(w for w, _ in grammar.qualifiers))})\s+$")
    undo = dict(grammar.still_figure_after)
    alts = []
    for word in grammar.not_figure_before:
        w = _word_re((word,))
        alts.append(rf"(?<!(?<!\w)(?:{_word_re(undo[word])})\s+){w}" if word in undo else w)
    before = regex.compile(rf"(?:^|(?<=[\s(]))(?:{'|'.join(alts)})\s+$")
    words = regex.compile(rf"(?<!\w)(?P<w>{_word_re(tuple(w for w, _ in grammar.number_words))})\s+(?=\w)")
    spelled = None
    if grammar.numeral_words:
        numeral = _word_re(grammar.numeral_words)
        spelled = regex.compile(rf"\G\s*\(\s*(?:{numeral})(?:\s+(?:{numeral}))*\s*\)")
    zero = None
    if grammar.zero_words:
        z = _word_re(grammar.zero_words)
        zero = (regex.compile(rf"(?:(?<=:)|(?<=:\s+)|^\s*)(?P<z>{z})\s*(?=[;.,)]|$)"),  # "Quá hạn: không có"
                regex.compile(rf"(?<!\w)(?P<z>{_word_re(tuple(w for w in grammar.zero_words if ' ' in w))})\s+(?=\w)"))
    compounds = (regex.compile(rf"(?<!\w)(?:{_word_re(grammar.number_word_compounds)})(?!\w)")
                 if grammar.number_word_compounds else None)
    return tail, qual, before, (words, compounds), spelled, zero


def _blocked_spans(text: str, at_block_start: bool) -> list[tuple[int, int]]:
    spans = [m.span() for m in _REF_RE.finditer(text)]
    if at_block_start:
        m = _SECTION_RE.match(text)
        if m:
            spans.append(m.span())
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _qualifier(ftext: str, start: int, grammar: Grammar, qual_re) -> tuple[str | None, int | None]:
    window_start = max(0, start - 24)
    m = qual_re.search(ftext, window_start, start)
    if not m:
        return None, None
    word = regex.sub(r"\s+", " ", m.group("q"))
    return dict(grammar.qualifiers)[word], m.start("q")


def _extend(text: str, ftext: str, m_end: int, tail_re) -> tuple[int, str | None, str | None]:
    """After the digits: percent sign, scale word and currency; returns (end, kind, the scale word)."""
    t = tail_re.match(ftext, m_end)
    if not t:
        return m_end, None, None
    if t.group("pct"):
        return t.end(), "percent", None
    if t.group("scale"):
        return t.end(), "money" if t.group("cur1") else "scaled", regex.sub(r"\s+", " ", t.group("scale"))
    if t.group("short"):
        return t.end(), "money", t.group("short")
    return t.end(), "money", None


def find_quantities(
    text: str,
    count_nouns: frozenset[str] = frozenset(),
    at_block_start: bool = True,
    grammar: Grammar | None = None,
) -> tuple[Quantity, ...]:
    """Every number of ``text`` that may be a figure, in order.

    Dates, document numbers, section numbers and numbers after words such as
    ``ngày``, ``năm``, ``Phụ lục`` are left out; so are numbers followed by a
    unit of time or level (``01 năm``, ``02 cấp``).

    >>> [(q.value, q.kind) for q in find_quantities("đạt 13,87%. Khoảng 700 triệu đồng")]
    [(13.87, 'percent'), (700000000, 'money')]
    >>> [q.qualifier for q in find_quantities("Số lượt tiếp công dân: Trên 15000 lượt")]
    ['over']
    >>> [(q.value, q.role) for q in find_quantities("Toàn xã có 29/29 thôn văn hóa")]
    [(29, 'numerator'), (29, 'denominator')]
    >>> find_quantities("1.2. Phân quyền; chính quyền địa phương 02 cấp sau 01 năm")
    ()
    >>> find_quantities("Nghị định 150/2025/NĐ-CP ngày 12 tháng 6 năm 2025, quốc lộ 38")
    ()

    Number words count only before a count noun; ``năm`` is also "year":

    >>> nouns = frozenset({"phòng họp", "người"})
    >>> [q.value for q in find_quantities("sửa chữa hai phòng họp trong năm 2025", nouns)]
    [2]
    >>> find_quantities("một số người; năm nay", nouns)
    ()

    Zero in words, after a label's colon or before a count noun:

    >>> [(q.value, q.text) for q in find_quantities("Quá hạn: không có; từ chối: 02", nouns)]
    [(0, 'không có'), (2, '02')]
    >>> [q.value for q in find_quantities("không có người nghỉ việc", nouns)], find_quantities("không có vướng mắc", nouns)
    ([0], ())
    """
    g = grammar or load_grammar()
    tail_re, qual_re, before_re, (words_re, compounds_re), spelled_re, zero_re = _compiled(g)
    ftext = fold(text)
    blocked = _blocked_spans(text, at_block_start)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    for m in _FRACTION_RE.finditer(text):
        if _inside(m.start(), blocked) or before_re.search(ftext, max(0, m.start() - 20), m.start()):
            continue
        a, b = int(parse_number(m.group(1))), int(parse_number(m.group(2)))
        if a > b or b == 0:
            continue
        if not _noun_follows(ftext, m.end(), count_nouns, g):
            continue
        q, qs = _qualifier(ftext, m.start(), g, qual_re)
        found.append(Quantity(a, m.group(1), m.start(1), m.end(1), "number", q, qs, "numerator", after=m.end()))
        found.append(Quantity(b, m.group(2), m.start(2), m.end(2), "number", None, None, "denominator", after=m.end()))
        taken.append(m.span())

    for m in _NUMBER_RE.finditer(text):
        start, end = m.span(1)
        if _inside(start, blocked) or _inside(start, taken):
            continue
        if before_re.search(ftext, max(0, start - 20), start):
            continue
        digits = m.group(1)
        new_end, kind, scale_word = _extend(text, ftext, end, tail_re)
        value = parse_number(digits)
        if scale_word is not None:
            scale = dict(g.scales + g.scales_before_currency)[scale_word]
            value = _to_number(Decimal(str(value)) * scale)
            kind = "money" if kind == "money" else "number"
        after = new_end
        if kind is None:
            kind = "number"
            spelled = spelled_re.match(ftext, new_end) if spelled_re else None
            if spelled:  # "03 (ba) phòng": the noun comes after the number spelled out
                after = spelled.end()
            if _unit_word(ftext, after, g.not_figure_units):
                continue
        q, qs = _qualifier(ftext, start, g, qual_re)
        ambiguous = bool(_ONE_COMMA_GROUP.fullmatch(digits)) and kind == "number"
        found.append(
            Quantity(value, text[start:new_end], start, new_end, kind, q, qs, ambiguous_thousands=ambiguous, after=after)
        )

    compounds = [c.span() for c in compounds_re.finditer(ftext)] if compounds_re else ()
    for m in words_re.finditer(ftext):
        start, end = m.span("w")
        if _inside(start, blocked) or any(s <= start < e for s, e in taken) or _inside(start, compounds):
            continue
        if not _noun_follows(ftext, m.end(), count_nouns, g, exact=True):
            continue
        word = regex.sub(r"\s+", " ", m.group("w"))
        q, qs = _qualifier(ftext, start, g, qual_re)
        found.append(Quantity(dict(g.number_words)[word], text[start:end], start, end, "word", q, qs, after=end))

    if zero_re:
        found.extend(_zeros(text, ftext, zero_re, count_nouns, g, blocked))
    return tuple(sorted(found, key=lambda q: q.start))


def _zeros(text: str, ftext: str, zero_re, count_nouns, g: Grammar, blocked) -> list[Quantity]:
    """Zero written in words: after a label's colon or alone ("Quá hạn: không có",
    a table cell "không"), or before a count noun ("không có hồ sơ quá hạn")."""
    after_colon, before_noun = zero_re
    out = []
    for m in after_colon.finditer(ftext):
        s, e = m.span("z")
        if not _inside(s, blocked):
            out.append(Quantity(0, text[s:e], s, e, "number", after=e))
    for m in before_noun.finditer(ftext):
        s, e = m.span("z")
        if not _inside(s, blocked) and not any(q.start == s for q in out) and _noun_follows(ftext, m.end(), count_nouns, g, exact=True):
            out.append(Quantity(0, text[s:e], s, e, "number", after=e))
    return out


def _unit_word(ftext: str, pos: int, units: tuple[str, ...]) -> str | None:
    m = _FIRST_WORD.match(ftext[pos : pos + 20])
    if not m:
        return None
    word = m.group(1)
    return word if word in units else None


def _noun_follows(ftext: str, pos: int, nouns: frozenset[str], g: Grammar, exact: bool = False) -> bool:
    rest = ftext[pos : pos + 60].lstrip()
    if any(rest.startswith(n) for n in g.not_counted_nouns):
        return False
    if not exact and _LETTER.match(rest):
        first = _WORD.match(rest).group(0)
        return first not in g.not_figure_units
    return any(rest.startswith(n) and (len(rest) == len(n) or not rest[len(n)].isalnum()) for n in nouns)
