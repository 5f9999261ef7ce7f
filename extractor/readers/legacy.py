"""Text typed in the old Vietnamese font encoding TCVN3 (ABC: ``.VnTime``, ``.VnArial``,
``.VnTimeH``…), still common in commune offices, turned into Unicode.

A report typed with those fonts stores each Vietnamese letter as a byte the font draws
as that letter: read as Unicode it shows ``Kª S¾t`` for "Kẻ Sặt". The byte table is
data (``patterns/encodings/tcvn3.csv``, made from iconv's ``TCVN5712-1`` by
``scripts/make_encodings.py`` and checked against it in a test).

The encoding is recognised from the characters themselves, so DOCX, ``.doc`` and PDF
text layers are all covered: letters that Vietnamese in Unicode never uses (``µ ¸ ¶ ·
¹ ¨ ©``…) where no Unicode Vietnamese letter stands. A document that looks so as a
whole is decoded whole (its ``.VnTimeH`` headings carry few such letters); in a mixed
one, each block that looks so.

>>> decode_tcvn3("X· KÎ SÆt cã 12 th«n")
'Xã Kẻ Sặt có 12 thôn'
>>> looks_tcvn3("Tæng sè hå s¬ tiÕp nhËn: 1.250 hå s¬"), looks_tcvn3("Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ")
(True, False)
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import replace
from functools import lru_cache

import regex

from ..model import Block, Document
from ..patterns import PatternError, patterns_dir

FIRST, LAST = 0xA0, 0xFF
# Vietnamese letters only Unicode has (ạ…ỹ, ă, đ, ơ, ư): text holding them is Unicode already
_UNICODE_VI = regex.compile(r"[\u1EA0-\u1EF9\u0102\u0103\u0110\u0111\u01A0\u01A1\u01AF\u01B0]")
_LETTER = regex.compile(r"\p{L}")


@lru_cache(maxsize=2)
def tcvn3_table(path: str | None = None) -> dict[str, str]:
    """The character a TCVN3 byte shows when read as Latin-1 → the letter it stands for.
    Validated: one row per byte 0xA0–0xFF, every problem at once."""
    p = patterns_dir() / "encodings" / "tcvn3.csv" if path is None else path
    problems, table = [], {}
    try:
        rows = list(csv.DictReader(open(p, encoding="utf-8", newline="")))
    except OSError as exc:
        raise PatternError([f"{p}: không đọc được / cannot be read: {exc}"]) from exc
    for i, row in enumerate(rows, start=2):
        try:
            b = int(row["byte"], 16)
        except (KeyError, TypeError, ValueError):
            problems.append(f"{p}: dòng {i}: 'byte' phải là 0xNN / 'byte' must be 0xNN")
            continue
        if not FIRST <= b <= LAST or chr(b) in table:
            problems.append(f"{p}: dòng {i}: byte {row['byte']} ngoài 0xA0–0xFF hoặc lặp / outside 0xA0–0xFF or repeated")
            continue
        if not row.get("char"):
            problems.append(f"{p}: dòng {i}: thiếu 'char' / missing 'char'")
            continue
        table[chr(b)] = row["char"]
    missing = [f"0x{b:02X}" for b in range(FIRST, LAST + 1) if chr(b) not in table]
    if missing:
        problems.append(f"{p}: thiếu byte / missing bytes: {', '.join(missing)}")
    if problems:
        raise PatternError(problems)
    return table


@lru_cache(maxsize=1)
def _signals() -> frozenset[str]:
    """The shown characters of TCVN3 letters that Unicode Vietnamese never writes."""
    vietnamese_latin1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
    return frozenset(c for c, v in tcvn3_table().items()
                     if c not in vietnamese_latin1 and c != "\xa0" and v.isalpha())


def signal_count(text: str) -> int:
    signals = _signals()
    return sum(c in signals for c in text)


def looks_tcvn3(text: str, min_share: float = 0.03) -> bool:
    """Text that reads as TCVN3 shown in Latin-1: at least 3 such letters, at least
    ``min_share`` of its letters, and no Unicode Vietnamese letter."""
    if _UNICODE_VI.search(text):
        return False
    n = signal_count(text)
    return n >= 3 and n >= min_share * max(1, len(_LETTER.findall(text)))


def decode_tcvn3(text: str) -> str:
    table = tcvn3_table()
    return unicodedata.normalize("NFC", "".join(table.get(c, c) for c in text))


def encode_tcvn3(text: str) -> str:
    """Unicode text as a TCVN3 font shows it read as Latin-1 (for tests and examples):
    the inverse of ``decode_tcvn3`` for the letters TCVN3 has."""
    inverse = {v: k for k, v in tcvn3_table().items() if len(v) == 1 and k != "\xa0"}
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def _decode_block(block: Block) -> Block:
    cells = tuple(replace(c, text=decode_tcvn3(c.text)) for c in block.cells)
    return replace(block, text=decode_tcvn3(block.text), cells=cells)


def decode_legacy(doc: Document) -> Document:
    """``doc`` with its TCVN3 text in Unicode (unchanged when there is none); a warning says so."""
    if not doc.blocks:
        return doc
    whole = "\n".join(b.text for b in doc.blocks)
    if looks_tcvn3(whole):
        blocks = tuple(_decode_block(b) for b in doc.blocks)
        decoded = len(blocks)
    else:
        blocks = tuple(_decode_block(b) if looks_tcvn3(b.text) else b for b in doc.blocks)
        decoded = sum(a is not b for a, b in zip(blocks, doc.blocks))
    if not decoded:
        return doc
    note = (f"đã chuyển {decoded} đoạn gõ bằng phông TCVN3 (ABC: .VnTime…) sang Unicode "
            f"({decoded} paragraphs typed in the TCVN3 encoding were converted to Unicode)")
    return replace(doc, blocks=blocks, warnings=tuple(doc.warnings) + (note,))


__all__ = ["decode_legacy", "decode_tcvn3", "encode_tcvn3", "looks_tcvn3", "tcvn3_table"]
