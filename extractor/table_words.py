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

from .patterns import PatternError, load_yaml, patterns_dir
from .textnorm import fold

_KEYS = ("numbering_headers", "unit_headers", "percent_headers", "count_headers", "percent_units",
         "subrow_markers", "total_rows", "cell_qualifiers", "cell_units", "money_units")


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

    def money_scale(self, ftext: str) -> int | None:
        """The factor of a money unit named in a unit cell or a header (folded), if any.

        >>> load_table_words().money_scale("kinh phí (triệu đồng)"), load_table_words().money_scale("người")
        (1000000, None)
        """
        for word, factor in self.money_units:
            if regex.search(rf"(?<!\w){regex.escape(word)}(?!\w)", ftext):
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


def _alt(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def _numeric_cell(w: TableWords) -> regex.Pattern:
    return regex.compile(rf"^\s*(?:{_alt(w.cell_qualifiers)})?\s*[\d.,]+\s*(?:{_alt(w.cell_units)})?[\s\w]{{0,12}}$", regex.I)


@lru_cache(maxsize=4)
def _subrow(w: TableWords) -> regex.Pattern:
    return regex.compile(rf"^\s*(?:{_alt(w.subrow_markers)}|[a-zđ]\)|\d+\.\d+)", regex.I)


@lru_cache(maxsize=4)
def load_table_words(path: str | None = None) -> TableWords:
    p = patterns_dir() / "lexicon" / "tables.yaml" if path is None else path
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise PatternError([f"{p}: phải là một bảng khóa / must be a mapping"])
    problems = [f"{p}: {k}: khóa không biết / unknown key" for k in sorted(set(raw) - set(_KEYS))]
    values = {}
    money = raw.get("money_units")
    if not isinstance(money, dict) or not money or not all(isinstance(v, int) and v > 0 for v in money.values()):
        problems.append(f"{p}: money_units: phải là {{đơn vị: hệ số}} / must map a unit to a positive factor")
        money = {}
    for key in _KEYS:
        if key == "money_units":
            continue
        val = raw.get(key)
        if not isinstance(val, list) or not val or not all(isinstance(s, str) and s.strip() for s in val):
            problems.append(f"{p}: {key}: phải là danh sách chuỗi không rỗng / must be a non-empty list of strings")
            val = []
        values[key] = [fold(s.strip()) for s in val]
    if problems:
        raise PatternError(problems)
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
        money_units=tuple(sorted(((fold(k), v) for k, v in money.items()), key=lambda kv: -len(kv[0]))),
    )
