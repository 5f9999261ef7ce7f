"""Loading data files from ``patterns/``: where they are, and errors reported all at once."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


class PatternError(ValueError):
    """Every problem found in a data file, each with its file and key."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            "Lỗi dữ liệu mẫu / invalid pattern data:\n" + "\n".join(f"  - {p}" for p in self.problems)
        )


def patterns_dir() -> Path:
    """``patterns/`` of this checkout, or ``$SOLIEU_PATTERNS``."""
    env = os.environ.get("SOLIEU_PATTERNS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "patterns"


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise PatternError([f"{path}: không tìm thấy tệp / file not found"]) from exc
    except yaml.YAMLError as exc:
        raise PatternError([f"{path}: YAML không hợp lệ / invalid YAML: {exc}"]) from exc
