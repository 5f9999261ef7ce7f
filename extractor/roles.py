"""Every number of a report gets a role: an outline figure, a named non-figure role
(a date, a document number, a section number, a rank, a land area, a rate the outline
does not ask for...) or ``unattributed``. Roles are data (``patterns/lexicon/roles.yaml``).

>>> from .model import Block, Document
>>> doc = Document("x", "text", (Block(0, "paragraph", "Ngày 15/5/2026, xã xếp thứ 12/114 xã, phường với 45 hồ sơ."),))
>>> [(n.text, n.role) for n in numbers_with_roles(doc, [])]
[('15', 'date'), ('5', 'date'), ('2026', 'date'), ('12', 'rank'), ('114', 'rank'), ('45', 'unattributed')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .context import split_sentences
from .model import Block, Document, Source
from .patterns import PatternError, load_yaml, patterns_dir
from .tables import column_headers, is_numbering_header
from .textnorm import fold

FIGURE = "figure"
UNATTRIBUTED = "unattributed"
ROW_NUMBER = "row_number"
# roles staff want to see beside the figures: numbers that look like data but were not taken
SHOWN_ROLES = frozenset({UNATTRIBUTED, "rank", "target", "remainder", "change", "target_or_change", "area_not_in_outline",
                         "rate_not_in_outline", "money_not_in_outline"})
_DIGITS = regex.compile(r"\d+(?:[.,]\d+)*|\b[IVX]{1,4}\b(?=\s*/\s*\d{4})")


@dataclass(frozen=True)
class Role:
    role: str
    name_vi: str
    span: tuple[regex.Pattern, ...]
    before: tuple[regex.Pattern, ...]
    after: tuple[regex.Pattern, ...]
    examples: tuple[str, ...]
    vetoes_figure: bool = False  # a number with this role is never taken as a figure ("chỉ tiêu năm 2026 là 90%")


@dataclass(frozen=True)
class NumberRole:
    """One number of the report and what it is."""

    text: str
    quote: str
    source: Source
    role: str
    indicator: str | None = None  # for figures

    def as_record(self, document: str) -> dict:
        return {"document": document, "text": self.text, "quote": self.quote, "source": self.source.as_dict(),
                "role": self.role, "role_vi": role_name(self.role)}


def _compile(raw, where: str, problems: list[str]) -> tuple[regex.Pattern, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        problems.append(f"{where}: phải là danh sách chuỗi / must be a list of strings")
        return ()
    out = []
    for i, pat in enumerate(raw):
        if regex.search(r"\\[DSWBAZ]", pat):
            problems.append(f"{where}[{i}]: không dùng \\D \\S \\W \\B (mẫu được viết thường khi nạp) / "
                            f"no upper-case escapes: patterns are folded to lower case when loaded")
            continue
        try:
            out.append(regex.compile(fold(pat)))
        except regex.error as exc:
            problems.append(f"{where}[{i}]: biểu thức sai / bad pattern: {exc}")
    return tuple(out)


@lru_cache(maxsize=2)
def load_roles(path: str | None = None) -> tuple[Role, ...]:
    p = Path(path) if path else patterns_dir() / "lexicon" / "roles.yaml"
    raw = load_yaml(p)
    problems: list[str] = []
    roles = []
    items = raw.get("roles") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise PatternError([f"{p}: roles: thiếu hoặc rỗng / missing or empty list"])
    seen = set()
    for i, item in enumerate(items):
        where = f"{p}: roles[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("role"), str) or not isinstance(item.get("name_vi"), str):
            problems.append(f"{where}: cần 'role' và 'name_vi' / needs 'role' and 'name_vi'")
            continue
        where = f"{p}: roles.{item['role']}"
        for key in sorted(set(item) - {"role", "name_vi", "span", "before", "after", "examples", "vetoes_figure"}):
            problems.append(f"{where}.{key}: khóa không biết / unknown key")
        if item["role"] in seen or item["role"] in (FIGURE, UNATTRIBUTED, ROW_NUMBER):
            problems.append(f"{where}: tên vai trò trùng hoặc dành riêng / duplicate or reserved role name")
        seen.add(item["role"])
        span = _compile(item.get("span"), f"{where}.span", problems)
        before = _compile(item.get("before"), f"{where}.before", problems)
        after = _compile(item.get("after"), f"{where}.after", problems)
        if not (span or before or after):
            problems.append(f"{where}: cần ít nhất một mẫu span/before/after / needs a span, before or after pattern")
        ex = item.get("examples") or []
        if not isinstance(ex, list) or not ex or not all(isinstance(x, str) and "[" in x for x in ex):
            problems.append(f"{where}.examples: cần ví dụ có [số] / needs examples with the [digits] marked")
        veto = item.get("vetoes_figure", False)
        if not isinstance(veto, bool):
            problems.append(f"{where}.vetoes_figure: phải là true/false / must be true or false")
        roles.append(Role(item["role"], item["name_vi"], span, before, after, tuple(ex), veto is True))
    if problems:
        raise PatternError(problems)
    return tuple(roles)


def role_name(role: str) -> str:
    fixed = {FIGURE: "số liệu theo đề cương", UNATTRIBUTED: "chưa gán chỉ tiêu", ROW_NUMBER: "số thứ tự hàng của bảng"}
    if role in fixed:
        return fixed[role]
    return next((r.name_vi for r in load_roles() if r.role == role), role)


def span_hits(ftext: str, roles: tuple[Role, ...]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Each role's ``span`` matches in ``ftext`` (found once per sentence, not once per number)."""
    return tuple(tuple(m.span() for p in r.span for m in p.finditer(ftext)) for r in roles)


def role_of(ftext: str, start: int, end: int, roles: tuple[Role, ...] | None = None,
            spans: tuple[tuple[tuple[int, int], ...], ...] | None = None) -> str:
    """The non-figure role of the number at ``ftext[start:end]`` (folded text), else ``unattributed``.

    >>> role_of(fold("theo Phụ lục 02 kèm theo"), 13, 15)
    'reference'
    >>> role_of(fold("đạt 45 hồ sơ"), 4, 6)
    'unattributed'
    """
    roles = roles or load_roles()
    spans = spans if spans is not None else span_hits(ftext, roles)
    for r, hits in zip(roles, spans):
        if any(s <= start and end <= e for s, e in hits):
            return r.role
        if any(p.search(ftext[max(0, start - 40):start]) for p in r.before):
            return r.role
        if any(p.match(ftext[end:end + 30]) for p in r.after):
            return r.role
    return UNATTRIBUTED


def vetoed(ftext: str, start: int, end: int) -> bool:
    """Whether the number at ``ftext[start:end]`` has a role that is never a figure (a
    target, a change: ``vetoes_figure`` in ``patterns/lexicon/roles.yaml``).

    >>> vetoed(fold("đạt 93,43% (chỉ tiêu năm 2026 là 90%)"), 33, 35), vetoed(fold("đạt 93,43%"), 4, 9)
    (True, False)
    """
    roles = _veto_roles()
    return bool(roles) and role_of(ftext, start, end, roles, _hits(ftext, veto=True)) != UNATTRIBUTED


@lru_cache(maxsize=64)
def _hits(ftext: str, veto: bool = False) -> tuple[tuple[tuple[int, int], ...], ...]:
    """``span_hits`` of every role (of the veto roles with ``veto``) in a folded sentence or
    cell, found once however many of its numbers ask."""
    return span_hits(ftext, _veto_roles() if veto else load_roles())


@lru_cache(maxsize=1)
def _veto_roles() -> tuple[Role, ...]:
    """The roles that keep a number from being a figure (asked for every figure found)."""
    return tuple(r for r in load_roles() if r.vetoes_figure)


def _figure_spans(figures) -> set[tuple]:
    """(block, row, col, quote, start) of every place a figure is stated."""
    out = set()
    for f in figures:
        for quote, src in ((f.quote, f.source),) + tuple(f.also):
            out.add((src.block, src.row, src.col, quote, src.start))
    return out


def _is_index_column(block: Block, row: int, col: int) -> bool:
    return any(is_numbering_header(h) for h in column_headers(block, row, col))


def numbers_with_roles(doc: Document, figures) -> list[NumberRole]:
    """Every number of the document's body paragraphs and tables with its role."""
    taken = _figure_spans(figures)
    roles = load_roles()
    out: list[NumberRole] = []
    for block in doc.blocks:
        if block.kind == "paragraph":
            for s, e in split_sentences(block.text):
                quote = block.text[s:e]
                for m in _DIGITS.finditer(quote):
                    src = Source("paragraph", block.page_at(s + m.start()), block.index, None, None, m.start(), m.end(),
                                 block.pages_between(s, e))
                    role = FIGURE if _is_taken(taken, block.index, None, None, quote, m.start()) else \
                        _role_here(quote, m.start(), m.end(), roles)
                    out.append(NumberRole(m.group(), quote, src, role))
        elif block.kind == "table":
            for cell in block.cells:
                for m in _DIGITS.finditer(cell.text):
                    src = Source("table", cell.page or block.page_at(0), block.index, cell.row, cell.col, m.start(), m.end())
                    if _is_taken(taken, block.index, cell.row, cell.col, cell.text, m.start()):
                        role = FIGURE
                    elif _is_index_column(block, cell.row, cell.col) or (cell.col == 0 and _ROW_NUMBER.fullmatch(cell.text)):
                        role = ROW_NUMBER
                    else:
                        role = _role_here(cell.text, m.start(), m.end(), roles)
                    out.append(NumberRole(m.group(), cell.text, src, role))
    return out


def _role_here(text: str, start: int, end: int, roles: tuple[Role, ...]) -> str:
    """``role_of`` the number at ``text[start:end]`` of a sentence or cell that is not a
    figure (the text's role matches found once: ``_hits``)."""
    ftext = fold(text)
    return role_of(ftext, start, end, roles, _hits(ftext))


_ROW_NUMBER = regex.compile(r"\s*\d+(?:\.\d+)*\.?\s*")  # a first cell that is only a row's number ("1", "2.3.")


def _is_taken(taken: set, block: int, row, col, quote: str, start: int) -> bool:
    """A digit run is a figure's when a figure starts there, or it continues a figure's
    text that began a little before (``129,6 triệu``: the whole run; ``1 819``: the tail)."""
    if (block, row, col, quote, start) in taken:
        return True
    return any((block, row, col, quote, start - k) in taken for k in range(1, 12))
