"""Blocks into sentences that know their surroundings.

A figure is named by the words around it, but also by the line that leads into
its list (``Hồ sơ tiếp nhận ... các Bộ:``), the heading it stands under and the
period stated earlier. ``blocks_to_sentences`` walks the blocks in reading
order and hands each sentence that context.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .model import Block, Document
from .numbers import find_quantities
from .outline import Outline
from .periods import find_periods
from .textnorm import fold

# patterns compiled once (they run for every block)
_ENDS_WITH_COLON = regex.compile(r":\s*\**\s*$")

HEADING_RE = regex.compile(r"^\s*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.(?=\s)|\d+(?:\.\d+)+(?=\s)|[a-zđ]\))\s*\p{Lu}")
_PAREN_HEADING_RE = regex.compile(r"^\s*\d{1,2}\)\s*\p{Lu}")  # "2) Cán bộ, công chức"
_DIGIT = regex.compile(r"\d")
_SENTENCE_END = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\-+*•])")


@dataclass(frozen=True)
class Sentence:
    block: Block
    start: int  # offset in block.text
    end: int
    text: str
    lead: str  # the lead-in line governing this sentence ('' when none)
    heading: str
    before: str  # the block's text before this sentence
    period: tuple[str | None, str | None]  # inherited from a lead-in, else (None, None)
    scope: str | None
    periods: tuple[tuple[str | None, str | None, int, int], ...]  # stated in the sentence (offsets in text)


def is_heading(block: Block) -> bool:
    """A numbered heading (``1.``, ``2.1.``, ``a)``, ``II.``; ``2)`` when it is a short line
    without figures, not an item of a list) or a heading style.

    >>> [is_heading(Block(0, "paragraph", t)) for t in ("2) Cán bộ, công chức", "2) Tiếp nhận 1.234 hồ sơ.", "b) Tình hình")]
    [True, False, True]
    """
    if block.kind != "paragraph":
        return False
    if block.style and fold(block.style).startswith(("heading", "title", "tiêu đề")):
        return True
    if HEADING_RE.match(block.text):
        return len(block.text) < 300
    m = _PAREN_HEADING_RE.match(block.text)
    return m is not None and len(block.text) < 120 and not _DIGIT.search(block.text, m.end())


def is_lead_in(block: Block) -> bool:
    """A line that introduces what follows: it ends with a colon."""
    return block.kind == "paragraph" and _ENDS_WITH_COLON.search(block.text) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences; a parenthesis after a full stop stays with its sentence.

    >>> t = "Tổng số hồ sơ: 12317 hồ sơ. (tiếp nhận: 12317). Số hồ sơ đã giải quyết: 12258."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Tổng số hồ sơ: 12317 hồ sơ. (tiếp nhận: 12317).', 'Số hồ sơ đã giải quyết: 12258.']
    """
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def scope_of(ftext: str, outline: Outline) -> str | None:
    for name, phrases in outline.scopes:
        if any(p.pattern.search(ftext) for p in phrases):
            return name
    return None


def blocks_to_sentences(
    doc: Document,
    outline: Outline,
    report_date: str | None = None,
    cutoff: str | None = None,
) -> list[Sentence]:
    """Every body paragraph's sentences with their lead-in, heading, period and scope."""
    return blocks_to_context(doc, outline, report_date, cutoff)[0]


def governing_period(periods) -> tuple[str | None, str | None]:
    """The period a lead-in sets for what follows: the one that holds every other period
    it names ("Số liệu lũy kế từ 01/7/2025 đến 30/4/2026 … cao nhất vào quý IV/2025 …"),
    else the last it names.

    >>> governing_period([("2025-07-01", "2026-04-30", 0, 9), ("2025-10-01", "2025-12-31", 20, 29)])
    ('2025-07-01', '2026-04-30')
    >>> governing_period([("2025-07-01", "2025-12-31", 0, 9), ("2026-01-01", "2026-05-20", 20, 29)])
    ('2026-01-01', '2026-05-20')

    A period and its own precise form ("5 tháng đầu năm 2026 (từ 01/01/2026 đến nay)"): the last.

    >>> governing_period([("2026-01-01", "2026-05-31", 0, 9), ("2026-01-01", "2026-05-16", 20, 29)])
    ('2026-01-01', '2026-05-16')
    """
    import datetime as dt

    def days(a: str, b: str) -> int:
        return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days

    for start, end, *_ in periods:
        if start and end and len(periods) > 1 and all(
                (s, e) == (start, end) or (s and e and start <= s and e <= end and days(s, e) <= days(start, end) / 2)
                for s, e, *_ in periods):
            return start, end
    return tuple(periods[-1][:2])


def blocks_to_context(
    doc: Document,
    outline: Outline,
    report_date: str | None = None,
    cutoff: str | None = None,
) -> tuple[list[Sentence], dict[int, tuple[str | None, str | None]]]:
    """``blocks_to_sentences``, and for each body table the period its section states
    (a heading's, a lead-in's or a line such as "Thời gian tính số liệu: ...")."""
    out: list[Sentence] = []
    table_periods: dict[int, tuple[str | None, str | None]] = {}
    heading = ""
    lead = ""
    scope: str | None = None
    # the heading level under which the lead-in, the period and the scope were each set:
    # a heading of that level or above closes it, a deeper one ("a)") keeps it
    lead_lv = scope_lv = -1.0
    stated: list[tuple[tuple[str | None, str | None], float]] = []  # periods in force, outermost first, with their level
    here = 0  # the level of the current heading
    for block in doc.blocks:
        if block.origin == "header":
            continue
        if block.kind == "table":
            table_periods[block.index] = _in_force(stated)
            continue
        if block.kind != "paragraph":
            continue
        heading_here = is_heading(block)
        if heading_here:
            here = heading_level(block.text)
            heading = block.text
            if here == 0 or here <= lead_lv:
                lead, lead_lv = "", -1.0
            while stated and (here == 0 or here <= stated[-1][1]):
                stated.pop()  # "c)" closes "b) ... từ 01/7/2025 đến nay:", not the section's own period
            if here == 0 or here <= scope_lv:
                scope, scope_lv = None, -1.0
        elif lead and _sibling_lead_in(lead, block):
            lead, lead_lv = "", -1.0  # "• DVCTT toàn trình: ..., trong đó:" is not under "• DVCTT một phần: ..., trong đó:"
        periods = find_periods(block.text, report_date, cutoff)
        period = _in_force(stated)
        for s, e in split_sentences(block.text):
            inside = tuple((ps, pe, a - s, b - s) for ps, pe, a, b in periods if s <= a < e)
            ftext = fold(block.text[s:e])
            out.append(
                Sentence(
                    block=block,
                    start=s,
                    end=e,
                    text=block.text[s:e],
                    lead=lead,
                    heading=heading,
                    before=block.text[:s],
                    period=period,
                    scope=scope_of(ftext, outline) or scope,
                    periods=inside,
                )
            )
        if heading_here or is_lead_in(block):
            own_scope = scope_of(fold(block.text), outline)
            lv = here if heading_here else here + 0.5
            if not heading_here:
                lead, lead_lv = block.text, lv
                scope, scope_lv = own_scope, lv
            elif own_scope:
                scope, scope_lv = own_scope, lv
            if periods:
                stated.append((governing_period(periods), lv))
        elif periods and not find_quantities(block.text):
            stated.append((governing_period(periods), here + 0.5))  # "Thời gian tính số liệu: từ ngày 01/7/2025 đến ngày 15/5/2026."
    return out, table_periods


_BULLET = regex.compile(r"^\s*([•\-+*–])\s")


def _sibling_lead_in(lead: str, block: Block) -> bool:
    """A lead-in bullet after a lead-in bullet of the same mark: its sibling, not its item.

    >>> _sibling_lead_in("• DVCTT một phần: có 45 dịch vụ, trong đó:", Block(3, "paragraph", "• DVCTT toàn trình: có 53 dịch vụ, trong đó:"))
    True
    >>> _sibling_lead_in("• DVCTT một phần, trong đó:", Block(3, "paragraph", "+ trực tuyến: 6.099 hồ sơ;"))
    False
    """
    if not is_lead_in(block):
        return False
    a, b = _BULLET.match(lead), _BULLET.match(block.text)
    return a is not None and b is not None and a.group(1) == b.group(1)


def _in_force(stated: list) -> tuple[str | None, str | None]:
    """The innermost period in force."""
    return stated[-1][0] if stated else (None, None)


_LEVEL_RE = regex.compile(r"^\s*(?:(?P<roman>[IVXLC]+)\.|(?P<num>\d+(?:\.\d+)*)\.?(?=\s)|(?P<paren>\d{1,2})\)|(?P<letter>[a-zđ])\))")


def heading_level(text: str) -> int:
    """How deep a numbered heading sits: ``I.`` 1, ``1.`` 2, ``1.1.`` and ``1)`` 3, ``a)`` 4;
    0 when it is a heading by its style only (it closes everything above it).

    >>> [heading_level(t) for t in ("II. KẾT QUẢ", "5. Cải cách", "1.2. Về cán bộ", "2) Cán bộ", "b) Tình hình", "KẾT LUẬN")]
    [1, 2, 3, 3, 4, 0]
    """
    m = _LEVEL_RE.match(text)
    if not m:
        return 0
    if m.group("roman"):
        return 1
    if m.group("num"):
        return 2 + m.group("num").count(".")
    if m.group("paren"):
        return 3
    return 4
