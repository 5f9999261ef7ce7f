"""The words of report tables, as data (``patterns/lexicon/tables.yaml``).

>>> w = load_table_words()
>>> "stt" in w.numbering_headers, "đvt" in w.unit_headers
(True, True)
>>> w.is_percent_header("tỷ lệ (%)"), w.is_percent_header("tỷ lệ / số lượng")
(True, False)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from .patterns import load_word_lists, patterns_dir
from .textnorm import fold, strip_marks

_KEYS = ("numbering_headers", "unit_headers", "percent_headers", "count_headers", "percent_units",
         "subrow_markers", "total_rows", "cell_qualifiers", "cell_units", "money_units", "note_headers",
         "paired_words")


@dataclass(frozen=True)
class TableWords:
    numbering_headers: frozenset[str]
    unit_headers: frozenset[str]
    percent_headers: tuple[str, ...]
    count_headers: tuple[str, ...]
    percent_units: frozenset[str]
    subrow_markers: tuple[str, ...]
    total_rows: tuple[str, ...]
    cell_qualifiers: tuple[str, ...]
    cell_units: tuple[str, ...]
    money_units: tuple[tuple[str, int], ...] = ()  # longest first
    note_headers: tuple[str, ...] = ()  # words of a notes column's header ("Ghi chú"): its text labels no number
    paired_words: tuple[tuple[str, str], ...] = ()  # "trước / sau": the items of "Biên chế trước / sau sắp xếp"

    def is_note_header(self, fheader: str) -> bool:
        """A header over a column of notes (folded text).

        >>> load_table_words().is_note_header("tên / ghi chú"), load_table_words().is_note_header("nội dung")
        (True, False)
        """
        return any(w in fheader for w in self.note_headers)

    def money_scale(self, ftext: str) -> int | None:
        """The factor of a money unit named in a unit cell or a header (folded), if any.

        >>> load_table_words().money_scale("kinh phí (triệu đồng)"), load_table_words().money_scale("người")
        (1000000, None)
        """
        for pattern, factor in _money_patterns(self):
            if pattern.search(ftext):
                return factor
        return None

    def is_percent_header(self, fheader: str) -> bool:
        """A header over a column of percentages only (folded text)."""
        return any(w in fheader for w in self.percent_headers) and not any(w in fheader for w in self.count_headers)

    @property
    def numeric_cell(self) -> regex.Pattern:
        return _numeric_cell(self)

    @property
    def subrow(self) -> regex.Pattern:
        return _subrow(self)


@lru_cache(maxsize=4)
def _money_patterns(w: "TableWords") -> tuple[tuple[regex.Pattern, int], ...]:
    return tuple((regex.compile(rf"(?<!\w){regex.escape(word)}(?!\w)"), f) for word, f in w.money_units)


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _numeric_cell(w: TableWords) -> regex.Pattern:
    return regex.compile(rf"^\s*(?:{_alt(w.cell_qualifiers)})?\s*[\d.,]+\s*(?:{_alt(w.cell_units)})?[\s\w]{{0,12}}$", regex.I)


@lru_cache(maxsize=4)
def _subrow(w: TableWords) -> regex.Pattern:
    return regex.compile(rf"^\s*(?:{_alt(w.subrow_markers)}|[a-zđ]\)|\d+\.\d+)", regex.I)


# header words also recognised typed without marks (not the row words: "Cong van" may be "Công văn", not "Cộng")
_BARE_TOO = ("numbering_headers", "unit_headers", "percent_headers", "count_headers", "percent_units", "note_headers")


@lru_cache(maxsize=4)
def load_table_words(path: str | None = None) -> TableWords:
    p = patterns_dir() / "lexicon" / "tables.yaml" if path is None else path
    raw = load_word_lists(p, tuple(k for k in _KEYS if k != "money_units"),
                          {"money_units": lambda v: isinstance(v, int) and v > 0})
    values = {k: [fold(x) for x in v] for k, v in raw.items() if k != "money_units"}
    for k in _BARE_TOO:  # a header typed without marks ("DVT", "Ghi chu", "Ty le (%)") is the same header
        values[k] += [strip_marks(x) for x in values[k] if strip_marks(x) != x]
    return TableWords(
        numbering_headers=frozenset(values["numbering_headers"]),
        unit_headers=frozenset(values["unit_headers"]),
        percent_headers=tuple(values["percent_headers"]),
        count_headers=tuple(values["count_headers"]),
        percent_units=frozenset(values["percent_units"]),
        subrow_markers=tuple(values["subrow_markers"]),
        total_rows=tuple(values["total_rows"]),
        cell_qualifiers=tuple(values["cell_qualifiers"]),
        cell_units=tuple(values["cell_units"]),
        money_units=tuple(sorted(((fold(k), v) for k, v in raw["money_units"].items()), key=lambda kv: -len(kv[0]))),
        note_headers=tuple(values["note_headers"]),
        paired_words=_pairs(raw["paired_words"], p),
    )


def _pairs(items: list[str], path) -> tuple[tuple[str, str], ...]:
    """"trước / sau" -> ("trước", "sau") (folded), every malformed item reported at once."""
    from .patterns import PatternError

    out, problems = [], []
    for item in items:
        parts = [fold(x).strip() for x in item.split("/")]
        if len(parts) != 2 or not all(parts):
            problems.append(f"{path}: paired_words: {item!r}: phải là 'a / b' / must be 'a / b'")
            continue
        out.append((parts[0], parts[1]))
    if problems:
        raise PatternError(problems)
    return tuple(out)
