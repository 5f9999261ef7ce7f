"""The words staff read in every output, from ``patterns/wording.yaml``: rule names,
severities, confidence, statuses and where a figure stands, counted from 1 everywhere.

>>> rule_vi("part_exceeds_total"), severity_vi("warning"), confidence_vi("medium"), status_vi("skipped")
('Phần lớn hơn tổng', 'cảnh báo', 'trung bình', 'bỏ qua')
>>> where({"kind": "table", "page": 3, "block": 40, "row": 2, "col": 1})
'trang 3, bảng ở đoạn 41, hàng 3, cột 2'
>>> where({"kind": "paragraph", "page": None, "block": 104}, "en")
'paragraph 105'
>>> figure_confidence_vi(0.8712, True), figure_confidence_vi(0.999, False)
('87% — cần kiểm tra', '99,9%')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .patterns import PatternError, load_yaml, patterns_dir

NO_PERIOD = "không nêu kỳ"

RULES = ("sum_mismatch", "part_exceeds_total", "ratio_mismatch", "annex_mismatch", "conflicting_values",
         "missing_metadata", "name_variant", "missing_indicator", "outlier")
_NEEDS = {"rules": RULES, "severities": ("error", "warning", "info"), "confidence": ("high", "medium", "low"),
          "statuses": ("ok", "skipped", "error")}
_PLACES = {"page": 1, "block": 1, "table": 1, "cell": 2}


@dataclass(frozen=True)
class Wording:
    rules: dict
    severities: dict
    confidence: dict
    statuses: dict
    places: dict  # language → place word → format with {} slots


def wording_from_dict(raw, where_: str) -> Wording:
    """Validate the parsed YAML; every problem at once.

    >>> wording_from_dict({"rules": {"outlier": "x"}, "places": {"vi": {"page": "trang"}}}, "w.yaml")
    Traceback (most recent call last):
    ...
    extractor.patterns.PatternError: Lỗi dữ liệu mẫu / invalid pattern data:
      - w.yaml: rules.sum_mismatch: thiếu / missing
      - w.yaml: rules.part_exceeds_total: thiếu / missing
      - w.yaml: rules.ratio_mismatch: thiếu / missing
      - w.yaml: rules.annex_mismatch: thiếu / missing
      - w.yaml: rules.conflicting_values: thiếu / missing
      - w.yaml: rules.missing_metadata: thiếu / missing
      - w.yaml: rules.name_variant: thiếu / missing
      - w.yaml: rules.missing_indicator: thiếu / missing
      - w.yaml: severities: phải là bảng khóa / must be a mapping
      - w.yaml: confidence: phải là bảng khóa / must be a mapping
      - w.yaml: statuses: phải là bảng khóa / must be a mapping
      - w.yaml: places.vi.page: cần 1 chỗ {} / needs 1 {} slot(s)
      - w.yaml: places.vi.block: thiếu / missing
      - w.yaml: places.vi.table: thiếu / missing
      - w.yaml: places.vi.cell: thiếu / missing
      - w.yaml: places.en: phải là bảng khóa / must be a mapping
    """
    problems: list[str] = []
    raw = raw if isinstance(raw, dict) else {}
    out = {}
    for section, keys in _NEEDS.items():
        got = raw.get(section)
        if not isinstance(got, dict):
            problems.append(f"{where_}: {section}: phải là bảng khóa / must be a mapping")
            continue
        for k in keys:
            if not isinstance(got.get(k), str) or not got[k].strip():
                problems.append(f"{where_}: {section}.{k}: thiếu / missing")
        out[section] = dict(got)
    places = raw.get("places") if isinstance(raw.get("places"), dict) else {}
    for lang in ("vi", "en"):
        got = places.get(lang)
        if not isinstance(got, dict):
            problems.append(f"{where_}: places.{lang}: phải là bảng khóa / must be a mapping")
            continue
        for k, slots in _PLACES.items():
            text = got.get(k)
            if not isinstance(text, str):
                problems.append(f"{where_}: places.{lang}.{k}: thiếu / missing")
            elif text.count("{}") != slots:
                problems.append(f"{where_}: places.{lang}.{k}: cần {slots} chỗ {{}} / needs {slots} {{}} slot(s)")
    if problems:
        raise PatternError(problems)
    return Wording(out["rules"], out["severities"], out["confidence"], out["statuses"], places)


@lru_cache(maxsize=4)
def load_wording(path: str | None = None) -> Wording:
    p = Path(path) if path else patterns_dir() / "wording.yaml"
    return wording_from_dict(load_yaml(p), str(p))


def rule_vi(rule: str | None) -> str:
    return load_wording().rules.get(rule, rule or "")


def severity_vi(severity: str | None) -> str:
    return load_wording().severities.get(severity, severity or "")


def confidence_vi(level: str | None) -> str:
    """A finding's confidence (``high``/``medium``/``low``) in Vietnamese."""
    return load_wording().confidence.get(level, level or "")


def status_vi(status: str | None) -> str:
    return load_wording().statuses.get(status, status or "")


def figure_confidence_vi(confidence: float | None, check: bool = False) -> str:
    """A figure's confidence as a percentage, with "cần kiểm tra" when below the threshold."""
    if confidence is None:
        return ""
    pct = confidence * 100
    # whole percents, but one decimal between 99 and 100: 99,9% is not 100%
    text = f"{pct:.1f}".replace(".", ",") + "%" if 99 <= pct < 99.95 else f"{round(pct)}%"
    return text + (" — cần kiểm tra" if check else "")


def where(source, lang: str = "vi") -> str:
    """Where a figure stands (a ``Source`` or a source/evidence record), counted from 1
    (the records count paragraphs, table rows and columns from 0)."""
    if source is None:
        return ""
    get = source.get if isinstance(source, dict) else lambda k: getattr(source, k, None)
    words = load_wording().places[lang]
    parts = []
    if get("page") is not None:
        parts.append(words["page"].format(get("page")))
    block = get("block")
    if get("kind") == "table":
        if block is not None:
            parts.append(words["table"].format(block + 1))
        if get("row") is not None:
            parts.append(words["cell"].format(get("row") + 1, (get("col") or 0) + 1))
    elif block is not None:
        parts.append(words["block"].format(block + 1))
    return ", ".join(parts)


def vn_date(iso: str) -> str:
    """``2025-07-01`` → ``01/07/2025``.

    >>> vn_date("2026-04-30")
    '30/04/2026'
    """
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def vn_month(iso_month: str) -> str:
    """``2026-05`` → ``tháng 5/2026``.

    >>> vn_month("2026-05")
    'tháng 5/2026'
    """
    y, m = iso_month.split("-")
    return f"tháng {int(m)}/{y}"


def period_text(start: str | None, end: str | None, round_name: str | None = None) -> str:
    """The period as staff write it; an end that is a month (``2026-05``, the columns
    grouped by month, see ``compare.align.month_column``) is written ``tháng 5/2026``; a period
    running up to the report in a reporting round (``compare/rounds.py``) is named by the round.

    >>> period_text("2025-07-01", "2026-06-28", "Sơ kết 01 năm"), period_text(None, "2026-06-28", "Sơ kết 01 năm")
    ('từ 01/07/2025 đến ngày báo cáo (Sơ kết 01 năm)', 'tính đến ngày báo cáo (Sơ kết 01 năm)')

    >>> period_text("2025-07-01", "2025-12-31"), period_text(None, "2026-05-30")
    ('01/07/2025–31/12/2025', 'đến 30/05/2026')
    >>> period_text("2025-07-01", None), period_text(None, None)
    ('từ 01/07/2025', 'không nêu kỳ')
    >>> period_text("2025-07-01", "2026-05"), period_text(None, "2026-05")
    ('01/07/2025 – tháng 5/2026', 'đến tháng 5/2026')
    """
    if round_name:
        return (f"từ {vn_date(start)} đến" if start else "tính đến") + f" ngày báo cáo ({round_name})"
    if end and len(end) == 7:  # a month
        return f"{vn_date(start)} – {vn_month(end)}" if start else f"đến {vn_month(end)}"
    if start and end:
        return f"{vn_date(start)}–{vn_date(end)}"
    if end:
        return f"đến {vn_date(end)}"
    if start:
        return f"từ {vn_date(start)}"
    return NO_PERIOD


def vn_number(value: float | int | None, decimals: int | None = None) -> str:
    """A number with ``.`` between thousands and ``,`` before decimals.

    >>> vn_number(1234567), vn_number(24.67), vn_number(0.5), vn_number(-1200.25, 1)
    ('1.234.567', '24,67', '0,5', '-1.200,2')
    """
    if value is None:
        return ""
    if decimals is None:
        decimals = value_decimals(value)
    text = f"{abs(value):,.{decimals}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if value < 0 and float(text.replace(".", "").replace(",", ".")) != 0 else "") + text


def value_decimals(value: float | int, most: int = 3) -> int:
    """How many decimals show the value without noise (at most ``most``).

    >>> value_decimals(3260), value_decimals(24.67), value_decimals(1/3)
    (0, 2, 3)
    """
    if isinstance(value, int) or float(value).is_integer():
        return 0
    for d in range(1, most + 1):
        if abs(round(value, d) - value) < 1e-9 * max(1.0, abs(value)):
            return d
    return most
