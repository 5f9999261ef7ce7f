"""The words of ``patterns/lexicon/phrases.yaml``: how phrases match and the small
words that shape a sentence (respectively, purpose). Validated when loaded, every
problem at once.

>>> w = load_phrase_words()
>>> "có" in w.filler_words, "lần lượt" in w.respectively, "để" in w.purpose_words
(True, True, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .patterns import load_word_lists, patterns_dir
from .textnorm import fold

_KEYS = ("filler_words", "separators", "respectively", "respectively_verbs", "purpose_words", "of_total", "share_words")


@dataclass(frozen=True)
class PhraseWords:
    filler_words: tuple[str, ...]
    separators: tuple[str, ...]
    respectively: tuple[str, ...]
    respectively_verbs: tuple[str, ...]
    purpose_words: tuple[str, ...]
    of_total: tuple[str, ...]
    share_words: tuple[str, ...]


@lru_cache(maxsize=4)
def load_phrase_words(path: str | None = None) -> PhraseWords:
    p = patterns_dir() / "lexicon" / "phrases.yaml" if path is None else path
    raw = load_word_lists(p, _KEYS)
    return PhraseWords(**{k: tuple(v if k == "separators" else fold(v) for v in raw[k]) for k in _KEYS})
