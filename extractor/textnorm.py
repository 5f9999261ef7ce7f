"""Text normalisation that keeps offsets.

Readers store NFC text. For *matching* we compare folded text: ``fold`` and
``strip_marks`` return a string of the same length as their input, so a match
found in the folded text has the same span in the original.

>>> fold("Hoà Bình THUỶ")
'hòa bình thủy'
>>> len(fold("Ủy ban nhân dân")) == len("Ủy ban nhân dân")
True
>>> strip_marks("Kẻ Sắt, Kẽ Sặt")
'Ke Sat, Ke Sat'
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# New-style tone placement (hoà, thuỷ, khoẻ) -> old style (hòa, thủy, khỏe).
# Applied to pattern and text alike, so any consistent choice works.
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_FIRST = {"o": "òóỏõọ", "u": "ùúủũụ"}
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _tone_pairs() -> dict[str, str]:
    table: dict[str, str] = {}
    for first, second in _PAIRS:
        for tone, marked in enumerate(_TONED[second]):
            table[first + marked] = _FIRST[first][tone] + second
    return table


_TONE_SWAP = _tone_pairs()


def nfc(text: str) -> str:
    """NFC-normalise (Word and PDFs often hold decomposed Vietnamese)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4096)
def _fold_cached(text: str) -> str:
    out = text.lower()
    if any(ch in out for ch in "àáảãạèéẻẽẹỳýỷỹỵ"):
        chars = list(out)
        for i in range(len(chars) - 1):
            pair = chars[i] + chars[i + 1]
            swapped = _TONE_SWAP.get(pair)
            if swapped is not None and not (i + 2 < len(chars) and chars[i + 2].isalpha() and chars[i + 2] not in "aeiouy"):
                # only open syllables differ between the two styles (hoà/hòa),
                # but "hoàn" is written the same way in both: keep closed syllables
                chars[i], chars[i + 1] = swapped[0], swapped[1]
        out = "".join(chars)
    return out


def fold(text: str) -> str:
    """Lower-case, NFC input, tone placement unified; same length as ``text``.

    >>> fold("khoẻ") == fold("khỏe")
    True
    >>> fold("hoàn thành")
    'hoàn thành'
    """
    out = _fold_cached(text)
    assert len(out) == len(text)
    return out


def _base_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", ch)
    return decomposed[0] if decomposed else ch


_BASE = {}


def strip_marks(text: str) -> str:
    """Every letter to its base letter (đ -> d); same length as ``text``."""
    out = []
    for ch in text:
        base = _BASE.get(ch)
        if base is None:
            base = _base_char(ch) if ord(ch) > 127 else ch
            _BASE[ch] = base
        out.append(base)
    return "".join(out)
