"""Text typed in the old Vietnamese font encodings, still common in commune offices,
turned into Unicode: TCVN3 (ABC: ``.VnTime``, ``.VnArial``, ``.VnTimeH``…) and VNI
(``VNI-Times``…: a letter followed by its mark, ``hoà sô`` for "hồ sơ").

A report typed with those fonts stores each Vietnamese letter as a byte the font draws
as that letter: read as Unicode it shows ``Kª S¾t`` for "Kẻ Sặt". The byte table is
data (``patterns/encodings/tcvn3.csv``, made from iconv's ``TCVN5712-1`` by
``scripts/make_encodings.py`` and checked against it in a test); so is VNI's
(``patterns/encodings/vni.csv``: iconv has no VNI, the script builds it from the layout).

The encoding is recognised from the characters themselves, so DOCX, ``.doc`` and PDF
text layers are all covered: letters that Vietnamese in Unicode never uses (``µ ¸ ¶ ·
¹ ¨ ©``…) where no Unicode Vietnamese letter stands. A document that looks so as a
whole is decoded whole (its ``.VnTimeH`` headings carry few such letters); in a mixed
one, each block that looks so.

>>> decode_tcvn3("X· KÎ SÆt cã 12 th«n")
'Xã Kẻ Sặt có 12 thôn'
>>> looks_tcvn3("Tæng sè hå s¬ tiÕp nhËn: 1.250 hå s¬"), looks_tcvn3("Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ")
(True, False)
>>> decode_vni("Toång soá hoà sô tieáp nhaän: 1.250 hoà sô"), looks_vni("Toång soá hoà sô tieáp nhaän")
('Tổng số hồ sơ tiếp nhận: 1.250 hồ sơ', True)
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
# TCVN3's capitals fonts (.VnTimeH, .VnArialH…) draw the small letters' bytes as capitals:
# typists set capitals whose byte TCVN3 lacks (Ủ, Á, Ệ…) as the small letter in such a
# font. The DOCX reader wraps the text of runs in them in these marks; decoding makes it
# upper case and removes the marks.
CAPS_ON, CAPS_OFF = "\ue000", "\ue001"
_CAPITALS_FONT = regex.compile(r"^\.?Vn\w*H$", regex.IGNORECASE)
_CAPS_SPAN = regex.compile("\ue000([^\ue000\ue001]*)\ue001")
# Vietnamese letters only Unicode has (ạ…ỹ, ă, đ, ơ, ư): text holding them is Unicode already
_UNICODE_VI = regex.compile(r"[\u1EA0-\u1EF9\u0102\u0103\u0110\u0111\u01A0\u01A1\u01AF\u01B0]")
_LETTER = regex.compile(r"\p{L}")


def _rows(name: str, path: str | None) -> tuple:
    """(path, rows) of a table of ``patterns/encodings``."""
    p = patterns_dir() / "encodings" / name if path is None else path
    try:
        with open(p, encoding="utf-8", newline="") as fh:
            return p, list(csv.DictReader(fh))
    except OSError as exc:
        raise PatternError([f"{p}: không đọc được / cannot be read: {exc}"]) from exc


@lru_cache(maxsize=2)
def tcvn3_table(path: str | None = None) -> dict[str, str]:
    """The character a TCVN3 byte shows when read as Latin-1 → the letter it stands for.
    Validated: one row per byte 0xA0–0xFF, every problem at once."""
    p, rows = _rows("tcvn3.csv", path)
    problems, table = [], {}
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


_WORD_WITH_ASCII = regex.compile(r"\S*[A-Za-z]\S*")


def signal_count(text: str) -> int:
    """TCVN3 letters inside words that also hold plain letters ("Tæng", "s¬"): a rule of
    "¯¯¯¯" under a heading is not TCVN3.

    >>> signal_count("Tæng sè hå s¬"), signal_count("¯¯¯¯¯¯¯¯")
    (3, 0)
    """
    signals = _signals()
    return sum(c in signals for w in _WORD_WITH_ASCII.findall(text) for c in w)


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


@lru_cache(maxsize=2)
def vni_table(path: str | None = None) -> dict[str, str]:
    """VNI sequence (a letter and its mark, or one character) → the letter. Validated."""
    p, rows = _rows("vni.csv", path)
    problems, table = [], {}
    for i, row in enumerate(rows, start=2):
        seq, ch = row.get("vni") or "", row.get("char") or ""
        if not 1 <= len(seq) <= 2 or len(unicodedata.normalize("NFC", ch)) != 1 or seq in table:
            problems.append(f"{p}: dòng {i}: cần 'vni' 1–2 ký tự và 'char' một chữ, không lặp / needs a 1–2 character "
                            f"'vni', one letter in 'char', no repeats (got {seq!r} → {ch!r})")
            continue
        table[seq] = ch
    if len(table) < 100:
        problems.append(f"{p}: bảng thiếu / the table is incomplete ({len(table)} sequences)")
    if problems:
        raise PatternError(problems)
    return table


@lru_cache(maxsize=1)
def _vni_re() -> regex.Pattern:
    seqs = sorted(vni_table(), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(s) for s in seqs))


@lru_cache(maxsize=1)
def _vni_pairs_re() -> regex.Pattern:
    return regex.compile("|".join(regex.escape(s) for s in vni_table() if len(s) == 2))


def looks_vni(text: str) -> bool:
    """A letter followed by a VNI mark ("aù", "oâ", "öø") three times or more, and no
    Unicode Vietnamese letter."""
    return not _UNICODE_VI.search(text) and len(_vni_pairs_re().findall(text)) >= 3


def decode_vni(text: str) -> str:
    table = vni_table()
    return unicodedata.normalize("NFC", _vni_re().sub(lambda m: table[m.group()], text))


def encode_vni(text: str) -> str:
    """Unicode text as a VNI font stores it (for tests and examples)."""
    inverse = {v: k for k, v in vni_table().items()}
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def capitals_font(name: str | None) -> bool:
    """Whether a font is one of TCVN3's capitals fonts.

    >>> capitals_font(".VnTimeH"), capitals_font(".VnArialH"), capitals_font(".VnTime"), capitals_font("Times New Roman")
    (True, True, False, False)
    """
    return bool(name) and bool(_CAPITALS_FONT.match(name))


def capitals(text: str, upper: bool = True) -> str:
    """The text of capitals-font runs in upper case (``upper``), the marks removed.

    >>> capitals("\ue000ủy ban nhân dân\ue001 xã Kẻ Sặt"), capitals("\ue000abc\ue001", upper=False)
    ('ỦY BAN NHÂN DÂN xã Kẻ Sặt', 'abc')
    """
    if CAPS_ON not in text:
        return text.replace(CAPS_OFF, "")
    out = _CAPS_SPAN.sub(lambda m: m.group(1).upper() if upper else m.group(1), text)
    return out.replace(CAPS_ON, "").replace(CAPS_OFF, "")


def _decode_block(block: Block, decode=decode_tcvn3) -> Block:
    cells = tuple(replace(c, text=capitals(decode(c.text))) for c in block.cells)
    return replace(block, text=capitals(decode(block.text)), cells=cells)


def _unmarked(block: Block) -> Block:
    """A block not in an old encoding, without the capitals marks."""
    if CAPS_ON not in block.text and CAPS_OFF not in block.text and not any(CAPS_ON in c.text for c in block.cells):
        return block
    return replace(block, text=capitals(block.text, upper=False),
                   cells=tuple(replace(c, text=capitals(c.text, upper=False)) for c in block.cells))


def legacy_encoding(text: str) -> str | None:
    """Which old encoding ``text`` is typed in: ``vni``, ``tcvn3`` or None. VNI text shows
    letters followed by their marks ("aù"); TCVN3 letters stand alone ("å"); both use
    Latin-1 letters, so the one with more of its own evidence wins.

    >>> legacy_encoding(encode_vni("Xã Kẻ Sặt báo cáo")), legacy_encoding(encode_tcvn3("Xã Kẻ Sặt báo cáo"))
    ('vni', 'tcvn3')
    >>> legacy_encoding("Xã Kẻ Sặt báo cáo") is None
    True
    """
    if _UNICODE_VI.search(text):
        return None
    pairs = len(_vni_pairs_re().findall(text))
    if pairs >= 3 and 2 * pairs >= signal_count(text):
        return "vni"
    return "tcvn3" if looks_tcvn3(text) else None


_DECODERS = {"tcvn3": ("TCVN3 (ABC: .VnTime…)", decode_tcvn3), "vni": ("VNI (VNI-Times…)", decode_vni)}


def decode_legacy(doc: Document) -> Document:
    """``doc`` with its TCVN3 or VNI text in Unicode (unchanged when there is none): the
    whole document when it looks so as a whole, else each block that does; a warning
    says so."""
    if not doc.blocks:
        return doc
    whole = legacy_encoding("\n".join(b.text for b in doc.blocks))
    blocks, used = [], []
    for b in doc.blocks:
        enc = whole or legacy_encoding(b.text)
        if enc is None:
            blocks.append(_unmarked(b))
            continue
        new = _decode_block(b, _DECODERS[enc][1])
        blocks.append(new)
        if new != b:
            used.append(enc)
    if not used:
        return replace(doc, blocks=tuple(blocks)) if blocks != list(doc.blocks) else doc
    notes = tuple(f"đã chuyển {used.count(e)} đoạn gõ bằng phông {_DECODERS[e][0]} sang Unicode "
                  f"({used.count(e)} paragraphs typed in the {e.upper()} encoding were converted to Unicode)"
                  for e in sorted(set(used)))
    return replace(doc, blocks=tuple(blocks), warnings=tuple(doc.warnings) + notes)


__all__ = ["decode_legacy", "decode_tcvn3", "decode_vni", "encode_tcvn3", "encode_vni", "looks_tcvn3", "looks_vni",
           "tcvn3_table", "vni_table"]
