"""Loading data files from ``patterns/``: where they are, and errors reported all at once."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import regex
import yaml


class PatternError(ValueError):
    """Every problem found in a data file, each with its file and key."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            "Lỗi dữ liệu mẫu / invalid pattern data:\n" + "\n".join(f"  - {p}" for p in self.problems)
        )


def patterns_dir() -> Path:
    """Where the data files are: ``$SOLIEU_PATTERNS`` when set; else ``patterns/`` of the
    checkout the package runs from (beside ``extractor/``, next to ``pyproject.toml``);
    else the copy shipped inside the installed package (``extractor/_patterns``, put
    there by ``setup.py`` when the wheel is built).

    >>> (patterns_dir() / "outlines").is_dir()
    True
    """
    env = os.environ.get("SOLIEU_PATTERNS")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parent.parent
    checkout = root / "patterns"
    if checkout.is_dir() and (root / "pyproject.toml").is_file():
        return checkout
    shipped = _shipped_patterns()
    return shipped if shipped is not None else checkout


def _shipped_patterns() -> Path | None:
    """``extractor/_patterns`` of an installed package, as a folder (None when absent)."""
    from importlib.resources import files

    where = files(__package__ or "extractor") / "_patterns"
    if isinstance(where, Path) and where.is_dir():
        return where
    return None


# libyaml's parser when PyYAML was built with it (the same safe constructor, 10× faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_SAFE_LOADER)
    except FileNotFoundError as exc:
        raise PatternError([f"{path}: không tìm thấy tệp / file not found"]) from exc
    except yaml.YAMLError as exc:
        raise PatternError([f"{path}: YAML không hợp lệ / invalid YAML: {exc}"]) from exc


def load_word_lists(path: Path, lists: tuple[str, ...], mappings: dict[str, Any] | None = None,
                    problems: list[str] | None = None) -> dict[str, Any]:
    """A small word file: each key of ``lists`` a non-empty list of strings (stripped);
    each key of ``mappings`` a mapping checked by its function (``value -> bool``).
    Unknown keys and wrong values are reported together, with the file and key; the
    caller may add its own ``problems`` before they are raised."""
    mappings = mappings or {}
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise PatternError([f"{path}: phải là một bảng khóa / must be a mapping"])
    problems = list(problems or [])
    problems += [f"{path}: {k}: khóa không biết / unknown key" for k in sorted(set(raw) - set(lists) - set(mappings))]
    out: dict[str, Any] = {}
    for key in lists:
        val = raw.get(key)
        if not isinstance(val, list) or not val or not all(isinstance(s, str) and s.strip() for s in val):
            problems.append(f"{path}: {key}: phải là danh sách chuỗi không rỗng / must be a non-empty list of strings")
            val = []
        out[key] = [s.strip() for s in val]
    for key, check in mappings.items():
        val = raw.get(key)
        if not isinstance(val, dict) or not val or not all(check(v) for v in val.values()):
            problems.append(f"{path}: {key}: bảng giá trị không hợp lệ / invalid mapping")
            val = {}
        out[key] = {str(k).strip(): v for k, v in val.items()}
    if problems:
        raise PatternError(problems)
    return out


def alternation(words) -> str:
    r"""A regex alternation of ``words``, longest first, spaces matching any run of spaces.

    >>> alternation(["tổng số", "tổng"])
    'tổng\\s+số|tổng'
    """
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
