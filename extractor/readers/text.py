"""Text clean-up shared by the readers: NFC and whitespace, nothing else.

Every string a reader puts in a Block or Cell goes through ``clean_text``:

>>> import unicodedata
>>> clean_text(unicodedata.normalize("NFD", "xã  Kẻ\\tSắt ")) == "xã Kẻ Sắt"
True
>>> clean_text("  dòng một \\n\\n\\t dòng  hai  ")
'dòng một\\ndòng hai'
"""
from __future__ import annotations

import re
import unicodedata

_HSPACE = re.compile(r"[^\S\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_line(text: str) -> str:
    """NFC; runs of spaces/tabs (any whitespace but a newline) become one space; ends stripped."""
    text = unicodedata.normalize("NFC", text)
    return _HSPACE.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """``clean_line`` on every line; empty lines dropped; lines joined by ``\\n``.

    Control characters other than tab and newline are removed (PDF text layers
    sometimes carry them); ``\\r\\n`` and ``\\r`` count as newlines.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
