"""How sure each figure is: its evidence into a calibrated confidence (0–1).

A figure's signals (what the attachment rested on: a label near the number, a
counted noun that only one indicator uses, a breakdown, the period stated in its own
sentence, a table cell, OCR...) go through a logistic model whose weights live in
``patterns/confidence.yaml``, fitted by ``scripts/calibrate.py`` on the writers we tune
on. Below the threshold a figure is marked ``check`` ("cần kiểm tra"): shown to staff
first, and never the ground of an audit error.

>>> m = ConfidenceModel(bias=-1.0, weights=(("repeats", 3.0),), threshold=0.5)
>>> round(m.probability({"repeats": 1.0}), 3)
0.881
>>> m.probability({}) < m.threshold <= m.probability({"repeats": 1.0})
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .model import Figure
from .patterns import PatternError, load_yaml, patterns_dir

# signals computed here, over the whole report, beside those each figure carries
REPORT_SIGNALS = ("repeats", "conflict", "ocr")
FIGURE_SIGNALS = ("how_breakdown", "how_denominator", "score", "margin", "label_near", "unit_noun",
                  "unit_unique", "category", "total_of_breakdown", "period_here", "period_none", "table",
                  "percent", "money", "number_word", "qualifier")
SIGNALS = FIGURE_SIGNALS + REPORT_SIGNALS


@dataclass(frozen=True)
class ConfidenceModel:
    bias: float
    weights: tuple[tuple[str, float], ...]
    threshold: float

    def probability(self, signals: dict[str, float]) -> float:
        z = self.bias + sum(w * signals.get(name, 0.0) for name, w in self.weights)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def _validate(raw, path: Path) -> ConfidenceModel:
    problems = []
    if not isinstance(raw, dict):
        raise PatternError([f"{path}: phải là một bảng khóa / must be a mapping"])
    for key in sorted(set(raw) - {"bias", "weights", "threshold", "fitted_on"}):
        problems.append(f"{path}: {key}: khóa không biết / unknown key")
    bias = raw.get("bias")
    if not isinstance(bias, (int, float)):
        problems.append(f"{path}: bias: phải là số / must be a number")
    thr = raw.get("threshold")
    if not isinstance(thr, (int, float)) or not 0 < thr < 1:
        problems.append(f"{path}: threshold: phải là số trong (0, 1) / must be a number in (0, 1)")
    weights = raw.get("weights")
    out = []
    if not isinstance(weights, dict) or not weights:
        problems.append(f"{path}: weights: thiếu hoặc rỗng / missing or empty mapping")
    else:
        for name, w in weights.items():
            if name not in SIGNALS:
                problems.append(f"{path}: weights.{name}: tín hiệu không biết / unknown signal (known: {', '.join(SIGNALS)})")
            elif not isinstance(w, (int, float)):
                problems.append(f"{path}: weights.{name}: phải là số / must be a number")
            else:
                out.append((name, float(w)))
    if problems:
        raise PatternError(problems)
    return ConfidenceModel(float(bias), tuple(out), float(thr))


@lru_cache(maxsize=4)
def load_confidence(path: str | None = None) -> ConfidenceModel:
    p = Path(path) if path else patterns_dir() / "confidence.yaml"
    return _validate(load_yaml(p), p)


def report_signals(figures: list[Figure] | tuple[Figure, ...], ocr: bool) -> list[dict[str, float]]:
    """Every figure's signals: its own, then how often it is stated, whether the report
    states another value for the same indicator, category and period, whether it was read by OCR."""
    values: dict[tuple, set] = {}
    for f in figures:
        values.setdefault((f.indicator, f.category, f.period_start, f.period_end), set()).add(f.value)
    out = []
    for f in figures:
        s = dict(f.signals)
        s["repeats"] = float(min(len(f.also), 2)) / 2.0
        s["conflict"] = float(len(values[(f.indicator, f.category, f.period_start, f.period_end)]) > 1)
        s["ocr"] = float(ocr)
        out.append(s)
    return out


def figures_with_confidence(figures, ocr: bool = False, model: ConfidenceModel | None = None) -> list[Figure]:
    """The same figures, each with ``confidence`` and ``check`` set."""
    model = model or load_confidence()
    out = []
    for f, s in zip(figures, report_signals(figures, ocr)):
        p = round(model.probability(s), 3)
        out.append(replace(f, confidence=p, check=p < model.threshold))
    return out
