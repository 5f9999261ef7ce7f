"""Checks of the report as a document: its number, date, title and signer; its own
unit's name as spelt in the body; its natural area against the gazetteer; the
outline's indicators it does not report at all."""
from __future__ import annotations

import regex

from ..gazetteer import Gazetteer, load_gazetteer
from ..header import Metadata
from ..model import Document, Source
from ..outline import Outline
from ..textnorm import fold, strip_marks
from .findings import Evidence, Finding, Rule, Stated
from .intervals import stated_interval
from .messages import show, show_en, where, where_en

MAX_EVIDENCE = 30


def _texts(doc: Document):
    """(text, block, cell) for every paragraph and table cell."""
    for b in doc.blocks:
        if b.kind == "table" and b.cells:
            for c in b.cells:
                yield c.text, b, c
        else:
            yield b.text, b, None


def _source(block, cell, start: int, end: int) -> Source:
    if cell is not None:
        return Source("table", cell.page or (block.pages[0] if block.pages else None), block.index, cell.row, cell.col,
                      start, end, block.pages)
    return Source(block.kind, block.page_at(start), block.index, None, None, start, end, block.pages_between(start, end))


def _window(text: str, start: int, end: int, width: int = 160) -> tuple[str, int, int]:
    """The sentence (at most ``width`` characters each side) around a span, and the span in it.

    >>> _window("Câu một. Câu hai có Kẻ Sắt ở đây. Câu ba.", 20, 26)
    ('Câu hai có Kẻ Sắt ở đây.', 11, 17)
    >>> _window("Số: /BC-UBND", 0, 12)
    ('Số: /BC-UBND', 0, 12)
    """
    a = max(0, start - width)
    dot, line = text.rfind(". ", a, start), text.rfind("\n", a, start)
    a = max(a, dot + 2 if dot >= 0 else 0, line + 1 if line >= 0 else 0)
    b = min(len(text), end + width)
    stop = text.find(". ", end, b)
    b = stop + 1 if stop >= 0 else b
    return text[a:b], start - a, end - a


def _locate(doc: Document, needle: str | None) -> Evidence | None:
    if not needle:
        return None
    for text, block, cell in _texts(doc):
        i = text.find(needle)
        if i >= 0:
            q, qs, qe = _window(text, i, i + len(needle))
            return Evidence(_quoted_source(block, cell, i, i + len(needle), qs, qe), q, needle)
    return None


def _quoted_source(block, cell, start: int, end: int, qs: int, qe: int) -> Source:
    """The Source of a span of a block, its page that of the span, its offsets in the quote."""
    src = _source(block, cell, start, end)
    return Source(src.kind, src.page, src.block, src.row, src.col, qs, qe, src.pages)


def metadata_findings(meta: Metadata, doc: Document) -> list[Finding]:
    """``missing_metadata``: number, date, title or signer left blank or absent."""
    out = []

    def add(vi: str, en: str, stated: str | None, needle: str | None):
        ev = _locate(doc, needle)
        w = f" ({where(ev.source)})" if ev else ""
        out.append(Finding(Rule.MISSING_METADATA, "warning", (), (Stated(None, None, stated, stated or ""),) if stated else (),
                           None, vi + w + ".", en + (f" ({where_en(ev.source)})" if ev else "") + ".",
                           (ev,) if ev else ()))

    if meta.number is None:
        if meta.number_text:
            add(f"Số văn bản để trống: «{meta.number_text}»", f"The report number is left blank: '{meta.number_text}'",
                meta.number_text, meta.number_text)
        else:
            add("Không thấy số văn bản (dòng «Số: …/BC-UBND»)", "No report number ('Số: …') found", None, None)
    if meta.date is None:
        d, m, y = meta.date_parts
        if meta.date_text:
            blank = "ngày" if not d else "tháng" if not m else "ngày tháng"
            add(f"Ngày ban hành báo cáo chưa ghi đủ ({blank} để trống): «{meta.date_text}»",
                f"The report date is incomplete (the {'day' if not d else 'month'} is blank): '{meta.date_text}'",
                meta.date_text, meta.date_text)
        else:
            add("Không thấy ngày ban hành báo cáo («…, ngày … tháng … năm …»)", "No report date found", None, None)
    if not meta.title:
        add("Không thấy trích yếu (tiêu đề) của báo cáo sau chữ «BÁO CÁO»", "No report title found after 'BÁO CÁO'", None, None)
    if not meta.signer:
        add("Không thấy họ tên người ký báo cáo", "No signer's name found at the end of the report", None, None)
    return out


def _known_names(gaz: Gazetteer, meta: Metadata) -> set[str]:
    """Folded names of the city's other units and of every former unit merged into them:
    spellings that are names in their own right, not misspellings of ours."""
    names = set()
    for u in gaz.units_in(meta.unit.province):
        if u.code != meta.unit.code:
            names.add(fold(u.name))
        for f in u.former:
            if fold(f.name) != fold(meta.unit.name) or u.code != meta.unit.code:
                names.add(fold(f.name))
    names.discard(fold(meta.unit.name))
    return names


def name_variant_findings(meta: Metadata, doc: Document, gaz: Gazetteer | None = None) -> list[Finding]:
    """``name_variant``: the unit's own name spelt otherwise than the official name.

    Spellings that fold (case, tone placement) to the official name are the name;
    those with the same letters but other marks (``Kẻ Sắt``, ``Kẽ Sắt``, ``Kê Sắt``
    for ``Kẻ Sặt``) are variants, unless they are another unit's name."""
    if meta.unit is None:
        return []
    gaz = gaz or load_gazetteer()
    official = meta.unit.name
    words = strip_marks(fold(official)).split()
    pattern = regex.compile(r"(?<![\w])" + r"\s+".join(regex.escape(w) for w in words) + r"(?![\w])")
    known = _known_names(gaz, meta)
    found: dict[str, list] = {}
    spelled: dict[str, str] = {}
    for text, block, cell in _texts(doc):
        bare = strip_marks(fold(text))
        for m in pattern.finditer(bare):
            span = text[m.start():m.end()]
            if not all(w[:1].isupper() for w in span.split()):
                continue
            key = fold(" ".join(span.split()))
            if key == fold(official) or key in known:
                continue
            found.setdefault(key, []).append((text, block, cell, m.start(), m.end()))
            if key not in spelled or (spelled[key].isupper() and not span.isupper()):
                spelled[key] = " ".join(span.split())
    out = []
    for key, places in found.items():
        variant = spelled[key]
        evidence = []
        for text, block, cell, s, e in places[:MAX_EVIDENCE]:
            q, qs, qe = _window(text, s, e)
            evidence.append(Evidence(_quoted_source(block, cell, s, e, qs, qe), q, q[qs:qe]))
        spots = "; ".join(dict.fromkeys(where(ev.source) for ev in evidence))
        spots_en = "; ".join(dict.fromkeys(where_en(ev.source) for ev in evidence))
        out.append(Finding(
            Rule.NAME_VARIANT, "warning", (), (Stated(None, None, variant, variant, count=len(places)),), official,
            f"Tên đơn vị viết là «{variant}» ({len(places)} lần), tên chính thức là «{official}». Vị trí: {spots}.",
            f"The unit's name is written '{variant}' ({len(places)} times); the official name is '{official}'. Where: {spots_en}.",
            tuple(evidence), suggestion=official, confidence="high"))
    return out


def area_findings(meta: Metadata, facts, outline: Outline, area_indicator: str = "area_km2") -> list[Finding]:
    """The natural area the report states against the gazetteer's official area
    (reported as ``conflicting_values``: the report and the official record disagree)."""
    if meta.unit is None or meta.unit.area_km2 is None or area_indicator not in outline.ids:
        return []
    official = meta.unit.area_km2
    off_iv = stated_interval(official, f"{official:g}".replace(".", ","), None, "area")
    out = []
    for f in facts:
        if f.indicator != area_indicator or f.category is not None:
            continue
        value = f.value  # the extractor gives km² (2.467 ha is 24,67)
        scale = value / f.value if f.value else 1
        iv = f.interval * scale
        if iv.meets(off_iv):
            continue
        ev = f.evidence()
        out.append(Finding(
            Rule.CONFLICTING_VALUES, "warning", (area_indicator,),
            (f.stated(), Stated(area_indicator, None, official, f"{official:g} (danh mục đơn vị hành chính)")), official,
            f"Diện tích tự nhiên nêu trong báo cáo là {show(value, 'area')}, khác diện tích chính thức của "
            f"{meta.level} {meta.commune} là {show(official, 'area')} ({where(f.source)}).",
            f"The report states a natural area of {show_en(value, 'area')}; the official area of {meta.commune} "
            f"is {show_en(official, 'area')} ({where_en(f.source)}).",
            (ev,) if ev else (), suggestion=official, suggestion_for=area_indicator, confidence="medium",
            period_start=f.period[0], period_end=f.period[1]))
    return out


def missing_indicator_findings(facts, outline: Outline) -> list[Finding]:
    """``missing_indicator``: one finding listing the outline's indicators the report
    does not state at all (a clerk reads one list better than many rows)."""
    stated = {f.indicator for f in facts}
    missing = [ind for ind in outline.indicators if ind.id not in stated]
    if not missing:
        return []
    names = "; ".join(f"{ind.label} (mục {ind.section})" for ind in missing)
    return [Finding(
        Rule.MISSING_INDICATOR, "info", tuple(i.id for i in missing), (), None,
        f"Báo cáo không nêu {len(missing)} chỉ tiêu của đề cương: {names}.",
        f"The report does not state {len(missing)} indicators of the outline: {', '.join(i.id for i in missing)}.",
        ())]
