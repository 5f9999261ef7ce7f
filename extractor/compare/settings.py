"""``patterns/compare.yaml``: which figures are charted, taken per 1,000 people and
tested for outliers. Validated on load; every problem is listed at once.

>>> s = load_compare_settings()
>>> s.outliers.min_peers >= 8, "dossiers_received" in s.per_1000_people
(True, True)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..outline import Outline, load_outline
from ..patterns import PatternError, load_yaml, patterns_dir
from .rounds import NamedRound, RoundSettings

_TOP_KEYS = {"outline", "key_indicators", "per_1000_people", "outliers", "key_sheet", "rounds"}
_ROUND_KEYS = {"named", "gap_days", "current_days", "calendar_grace_days"}
_OUTLIER_KEYS = {"min_peers", "robust_z", "min_relative_gap", "min_count", "categories", "per_1000_people", "as_stated"}


@dataclass(frozen=True)
class OutlierSettings:
    min_peers: int
    robust_z: float
    min_relative_gap: float
    as_stated: tuple[str, ...]
    per_1000_people: tuple[str, ...] = ()
    min_count: float = 0
    categories: bool = False


@dataclass(frozen=True)
class CompareSettings:
    outline: str
    key_indicators: tuple[str, ...]
    per_1000_people: tuple[str, ...]
    outliers: OutlierSettings
    key_sheet: tuple[str, ...] = ()  # the first, printable sheet of comparison.xlsx, in this order
    rounds: RoundSettings = RoundSettings()


def _rounds(raw, where: str, problems: list[str]) -> RoundSettings:
    """``rounds``: named windows of report dates and the day counts of ``rounds.py``.

    >>> p = []; _rounds({"named": [{"name": "A", "from": "2026-07-01", "to": "2026-06-01"}], "gap_days": -1}, "x", p); p
    RoundSettings(named=(), gap_days=45, current_days=70, calendar_grace_days=10)
    ['x.gap_days: phải là số nguyên ≥ 1 / must be a whole number ≥ 1 (got -1)', "x.named[0]: 'from' sau 'to' / 'from' is after 'to'"]
    """
    if raw is None:
        return RoundSettings()
    if not isinstance(raw, dict):
        problems.append(f"{where}: phải là bảng khóa / must be a mapping")
        return RoundSettings()
    for key in sorted(set(raw) - _ROUND_KEYS):
        problems.append(f"{where}.{key}: khóa không biết / unknown key")
    days = {}
    for key in ("gap_days", "current_days", "calendar_grace_days"):
        if key in raw:
            days[key] = _number(raw[key], f"{where}.{key}", problems, integer=True, minimum=1)
    named = []
    for i, n in enumerate(raw.get("named") or []):
        here = f"{where}.named[{i}]"
        if not isinstance(n, dict) or not isinstance(n.get("name"), str) or not n["name"].strip():
            problems.append(f"{here}: cần 'name', 'from', 'to' / needs 'name', 'from' and 'to'")
            continue
        ends = [str(n.get(k) or "") for k in ("from", "to")]
        try:
            for e in ends:
                dt.date.fromisoformat(e)
        except ValueError:
            problems.append(f"{here}: 'from', 'to' phải là ngày YYYY-MM-DD / must be dates YYYY-MM-DD (got {ends})")
            continue
        if ends[0] > ends[1]:
            problems.append(f"{here}: 'from' sau 'to' / 'from' is after 'to'")
            continue
        named.append(NamedRound(n["name"].strip(), ends[0], ends[1]))
    if any(v is None for v in days.values()):
        return RoundSettings(tuple(named))
    return RoundSettings(tuple(named), **days)


def _ids(raw, where: str, known: set[str], problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        problems.append(f"{where}: phải là danh sách mã chỉ tiêu / must be a list of indicator ids")
        return ()
    for k, iid in enumerate(raw):
        if iid not in known:
            problems.append(f"{where}[{k}]: '{iid}' không phải mã chỉ tiêu của đề cương / not an indicator id of the outline")
        if raw.index(iid) != k:
            problems.append(f"{where}[{k}]: '{iid}' lặp lại / repeated")
    return tuple(raw)


def _number(raw, where: str, problems: list[str], *, integer: bool = False, minimum: float = 0.0):
    ok = isinstance(raw, int) if integer else isinstance(raw, (int, float))
    if isinstance(raw, bool) or not ok or raw < minimum:
        kind = "số nguyên" if integer else "số"
        problems.append(f"{where}: phải là {kind} ≥ {minimum:g} / must be a {'whole ' if integer else ''}number ≥ {minimum:g} (got {raw!r})")
        return None
    return raw


def settings_from_dict(raw, where: str, outline: Outline | None = None) -> CompareSettings:
    """Validate the parsed YAML; raise ``PatternError`` listing every problem.

    >>> settings_from_dict({"key_indicators": ["nope"], "outliers": {"min_peers": 2.5}}, "x.yaml")
    Traceback (most recent call last):
    ...
    extractor.patterns.PatternError: Lỗi dữ liệu mẫu / invalid pattern data:
      - x.yaml: key_indicators[0]: 'nope' không phải mã chỉ tiêu của đề cương / not an indicator id of the outline
      - x.yaml: outliers.min_peers: phải là số nguyên ≥ 3 / must be a whole number ≥ 3 (got 2.5)
      - x.yaml: outliers.robust_z: phải là số ≥ 0 / must be a number ≥ 0 (got None)
      - x.yaml: outliers.min_relative_gap: phải là số ≥ 0 / must be a number ≥ 0 (got None)
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise PatternError([f"{where}: phải là bảng khóa / must be a mapping"])
    for key in sorted(set(raw) - _TOP_KEYS):
        problems.append(f"{where}: {key}: khóa không biết / unknown key")
    outline_id = raw.get("outline", "sap_xep_2025")
    if outline is None:
        try:
            outline = load_outline(str(outline_id))
        except PatternError as exc:
            raise PatternError([f"{where}: outline: '{outline_id}'"] + exc.problems) from exc
    known = set(outline.ids)
    key_ind = _ids(raw.get("key_indicators"), f"{where}: key_indicators", known, problems)
    key_sheet = _ids(raw.get("key_sheet"), f"{where}: key_sheet", known, problems)
    rounds = _rounds(raw.get("rounds"), f"{where}: rounds", problems)
    per_k = _ids(raw.get("per_1000_people"), f"{where}: per_1000_people", known, problems)
    for iid in per_k:
        if iid in known and outline.get(iid).kind != "count":
            problems.append(f"{where}: per_1000_people: '{iid}' không phải chỉ tiêu đếm / is not a count")
        if iid == "population":
            problems.append(f"{where}: per_1000_people: 'population' là mẫu số / is the denominator")
    out = raw.get("outliers") or {}
    if not isinstance(out, dict):
        problems.append(f"{where}: outliers: phải là bảng khóa / must be a mapping")
        out = {}
    for key in sorted(set(out) - _OUTLIER_KEYS):
        problems.append(f"{where}: outliers.{key}: khóa không biết / unknown key")
    min_peers = _number(out.get("min_peers"), f"{where}: outliers.min_peers", problems, integer=True, minimum=3)
    robust_z = _number(out.get("robust_z"), f"{where}: outliers.robust_z", problems)
    gap = _number(out.get("min_relative_gap"), f"{where}: outliers.min_relative_gap", problems)
    min_count = _number(out.get("min_count", 0), f"{where}: outliers.min_count", problems)
    categories = out.get("categories", False)
    if not isinstance(categories, bool):
        problems.append(f"{where}: outliers.categories: phải là true/false / must be true or false")
    as_stated = _ids(out.get("as_stated"), f"{where}: outliers.as_stated", known, problems)
    out_k = _ids(out.get("per_1000_people"), f"{where}: outliers.per_1000_people", known, problems)
    for iid in out_k:
        if iid in known and outline.get(iid).kind != "count":
            problems.append(f"{where}: outliers.per_1000_people: '{iid}' không phải chỉ tiêu đếm / is not a count")
    for iid in sorted(set(as_stated) & set(out_k)):
        problems.append(f"{where}: outliers.as_stated: '{iid}' đã thuộc outliers.per_1000_people / is already tested per 1,000 people")
    if problems:
        raise PatternError(problems)
    return CompareSettings(str(outline_id), key_ind, per_k,
                           OutlierSettings(min_peers, float(robust_z), float(gap), as_stated, out_k, float(min_count), categories),
                           key_sheet or key_ind, rounds)


def load_compare_settings(path: str | Path | None = None) -> CompareSettings:
    """Read ``patterns/compare.yaml`` (or ``path``) once, validated."""
    return _load(Path(path) if path else patterns_dir() / "compare.yaml")


@lru_cache(maxsize=8)
def _load(path: Path) -> CompareSettings:
    return settings_from_dict(load_yaml(path), str(path))
