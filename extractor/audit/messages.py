"""How findings speak to a clerk: numbers written the Vietnamese way, places in the report."""
from __future__ import annotations

from ..wording import where  # noqa: F401  (one numbering for every output)
from ..outline import Outline
from .intervals import INF, Interval, decimals_of


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """A number with ``.`` between thousands and ``,`` before decimals.

    >>> vn_number(12258), vn_number(13.45, 2), vn_number(1600000000), vn_number(58.2959, 2)
    ('12.258', '13,45', '1.600.000.000', '58,30')
    """
    if value is None:
        return ""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("-" if value < 0 else "") + text


def decimals_for(value: float | int, text: str | None = None) -> int:
    """Decimals to print: as the report wrote the number, else as few as show it.

    >>> decimals_for(13.87, "13,87%"), decimals_for(12317), decimals_for(24.6)
    (2, 0, 1)
    """
    if text:
        d = decimals_of(value, text)
        if d is not None and d < 6 and not any(w in text for w in ("triệu", "tỷ", "nghìn", "ngàn")):
            return d
    if float(value).is_integer():
        return 0
    for d in range(1, 4):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return 2


def show(value: float | int | None, kind: str, text: str | None = None, decimals: int | None = None) -> str:
    """A value as a clerk reads it (``13,45%``, ``12.258``, ``700.000.000 đồng``).

    >>> show(13.45, "percent", "13,45%"), show(12258, "count"), show(24.67, "area", "24,67")
    ('13,45%', '12.258', '24,67 km²')
    """
    if value is None:
        return "—"
    s = vn_number(value, decimals_for(value, text) if decimals is None else decimals)
    return s + {"percent": "%", "money": " đồng", "area": " km²"}.get(kind, "")


def show_en(value: float | int | None, kind: str, text: str | None = None) -> str:
    """The same in English.

    >>> show_en(13.45, "percent", "13,45%"), show_en(12258, "count")
    ('13.45%', '12,258')
    """
    if value is None:
        return "-"
    d = decimals_for(value, text)
    return f"{value:,.{d}f}" + {"percent": "%", "money": " VND", "area": " km²"}.get(kind, "")


def show_interval(iv: Interval, kind: str) -> str:
    """An interval as a value or a lower bound.

    >>> show_interval(Interval(19, INF), "count")
    'từ 19 trở lên'
    """
    if iv.hi == INF:
        return f"từ {show(iv.lo, kind)} trở lên"
    return show(iv.mid, kind)


def where_en(source) -> str:
    """``where`` in English."""
    return where(source, "en")


def label(outline: Outline, indicator: str, category: str | None = None) -> str:
    """«Số trường học – mầm non»."""
    name = outline.get(indicator).label if indicator in outline.ids else indicator
    return f"«{name}{' – ' + category if category else ''}»"


def label_en(indicator: str, category: str | None = None) -> str:
    return f"{indicator}{'[' + category + ']' if category else ''}"


def period_vi(period: tuple[str | None, str | None]) -> str:
    """The period after a label.

    >>> period_vi(("2025-07-01", "2026-04-30")), period_vi((None, None))
    (' (kỳ 01/07/2025–30/04/2026)', '')
    """
    def d(iso):
        y, m, dd = iso.split("-")
        return f"{dd}/{m}/{y}"

    s, e = period
    if s and e:
        return f" (kỳ {d(s)}–{d(e)})"
    if e:
        return f" (đến {d(e)})"
    if s:
        return f" (từ {d(s)})"
    return ""
