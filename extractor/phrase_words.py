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

from .patterns import PatternError, load_yaml, patterns_dir
from .textnorm import fold

_KEYS = ("filler_words", "separators", "respectively", "respectively_verbs", "purpose_words")


@dataclass(frozen=True)
class PhraseWords:
    filler_words: tuple[str, ...]
    separators: tuple[str, ...]
    respectively: tuple[str, ...]
    respectively_verbs: tuple[str, ...]
    purpose_words: tuple[str, ...]


@lru_cache(maxsize=4)
def load_phrase_words(path: str | None = None) -> PhraseWords:
    p = patterns_dir() / "lexicon" / "phrases.yaml" if path is None else path
    raw = load_yaml(p)
    if not isinstance(raw, dict):
        raise PatternError([f"{p}: phải là một bảng khóa / must be a mapping"])
    problems = [f"{p}: {k}: khóa không biết / unknown key" for k in sorted(set(raw) - set(_KEYS))]
    values = {}
    for key in _KEYS:
        val = raw.get(key)
        if not isinstance(val, list) or not val or not all(isinstance(s, str) and s.strip() for s in val):
            problems.append(f"{p}: {key}: phải là danh sách chuỗi không rỗng / must be a non-empty list of strings")
            val = []
        values[key] = tuple(s.strip() if key == "separators" else fold(s.strip()) for s in val)
    if problems:
        raise PatternError(problems)
    return PhraseWords(**values)
