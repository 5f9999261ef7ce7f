"""The words of ``patterns/lexicon/phrases.yaml``: how phrases match and the small
words that shape a sentence (respectively, purpose). Validated when loaded, every
problem at once.

>>> w = load_phrase_words()
>>> "có" in w.filler_words, "lần lượt" in w.respectively, "để" in w.purpose_words
(True, True, True)
>>> blank_proper_names(fold("Hồ sơ tiếp nhận trên Hệ thống thông tin giải quyết TTHC: 30.560"))
'hồ sơ tiếp nhận trên                                   : 30.560'

"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .patterns import load_word_lists, patterns_dir
from .textnorm import fold

_KEYS = ("filler_words", "separators", "respectively", "respectively_verbs", "purpose_words", "of_total", "share_words",
         "proper_names", "link_words", "count_words", "chain_words")


@dataclass(frozen=True)
class PhraseWords:
    filler_words: tuple[str, ...]
    separators: tuple[str, ...]
    respectively: tuple[str, ...]
    respectively_verbs: tuple[str, ...]
    purpose_words: tuple[str, ...]
    of_total: tuple[str, ...]
    share_words: tuple[str, ...]
    proper_names: tuple[str, ...] = ()
    link_words: tuple[str, ...] = ()
    count_words: tuple[str, ...] = ()
    chain_words: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def load_phrase_words(path: str | None = None) -> PhraseWords:
    p = patterns_dir() / "lexicon" / "phrases.yaml" if path is None else path
    raw = load_word_lists(p, _KEYS)
    return PhraseWords(**{k: tuple(v if k == "separators" else fold(v) for v in raw[k]) for k in _KEYS})


@lru_cache(maxsize=1)
def _proper_names_re():
    import regex

    names = sorted(load_phrase_words().proper_names, key=len, reverse=True)
    if not names:
        return None
    return regex.compile("|".join(r"\s+".join(regex.escape(w) for w in n.split()) for n in names))


def blank_proper_names(ftext: str) -> str:
    """Folded text with the names of systems blanked (same length): their words name no figure."""
    pattern = _proper_names_re()
    if pattern is None:
        return ftext
    return pattern.sub(lambda m: " " * len(m.group()), ftext)
