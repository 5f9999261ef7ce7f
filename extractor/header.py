"""The report's own facts: which unit wrote it, its number, date, title and signer.

The unit is settled against the gazetteer of post-2025 units, whatever spelling
the report uses (``Kẻ Sắt`` for Kẻ Sặt); old units merged into it and other
communes it names do not make it their report.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from .gazetteer import Gazetteer, Unit, load_gazetteer
from .model import Block, Document
from .outline import Outline
from .textnorm import fold

_NUMBER_RE = regex.compile(r"(?i)\bSố\s*:?\s*(?P<n>[^\s/]*)\s*/\s*(?P<suffix>[\p{L}\d][\p{L}\d\-.]*)")
_DATE_RE = regex.compile(
    r"(?i)(?:^|[,\s])ngày\s*(?P<d>\d{1,2})?\s*[.…_\s]*tháng\s*(?P<m>\d{1,2})?\s*[.…_\s]*năm\s*(?P<y>\d{4})"
)
_UNIT_RE = regex.compile(
    r"(?<!\w)(?P<level>xã|phường|đặc khu|XÃ|PHƯỜNG|ĐẶC KHU|Xã|Phường|Đặc khu)\s+(?P<name>\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,3})"
)
_SIGN_WORDS = ("tm.", "kt.", "chủ tịch", "phó chủ tịch", "ủy ban", "uỷ ban", "nơi nhận", "lưu:", "lưu vt", "người ký", "q.", "tl.")
_SIGN_TITLE = regex.compile(r"^(?:tm\.|kt\.|tl\.|q\.|(?:phó\s+)?chủ\s+tịch\b)")


@dataclass(frozen=True)
class Metadata:
    unit: Unit | None
    commune: str | None
    level: str | None
    unit_code: str | None
    number: str | None  # None when blank
    number_text: str | None  # the "Số:" line as written
    date: str | None  # ISO; None when the day (or more) is blank
    date_text: str | None
    date_parts: tuple[int | None, int | None, int | None]  # (day, month, year) as written
    title: str | None
    signer: str | None
    is_report: bool
    unit_mentions: tuple[tuple[str, int], ...] = ()  # (spelling, block) of the unit's own name


def _lines(block: Block) -> list[str]:
    if block.kind == "table":
        return [line for c in block.cells for line in c.text.split("\n") if line.strip()]
    return [block.text]


_TITLE_RE = regex.compile(r"(?i)^\s*báo\s+cáo\s*$")


def _head_lines(doc: Document, n_blocks: int = 6, most: int = 14) -> list[str]:
    """The lines of the document's head: every block before the title "BÁO CÁO" when it
    comes within the first ``most`` blocks (a PDF may split the two-column head into a
    paragraph a line), else the first ``n_blocks`` (a body sentence citing "ngày 16
    tháng 6 năm 2025" is never the report's date)."""
    blocks = doc.blocks[:most]
    title = next((i for i, b in enumerate(blocks) if b.kind == "paragraph" and _TITLE_RE.match(b.text)), None)
    lines: list[str] = []
    for b in blocks[:title] if title is not None and title >= n_blocks else doc.blocks[:n_blocks]:
        lines.extend(_lines(b))
    return lines


def find_number(lines: list[str]) -> tuple[str | None, str | None]:
    """(number, text) of the ``Số:`` line; number None when left blank.

    >>> find_number(["Số: /BC-UBND"])
    (None, 'Số: /BC-UBND')
    >>> find_number(["Số: 123/BC-UBND"])
    ('123/BC-UBND', 'Số: 123/BC-UBND')
    """
    for line in lines:
        m = _NUMBER_RE.search(line)
        if m:
            text = m.group(0).strip()
            if not regex.search(r"\d", m.group("n")):
                return None, text
            return f"{m.group('n')}/{m.group('suffix').rstrip('.')}", text
    return None, None


def find_date(lines: list[str]) -> tuple[str | None, str | None, tuple[int | None, int | None, int | None]]:
    """(ISO date, text, (day, month, year)) of the ``..., ngày ... tháng ... năm ...`` line.

    >>> find_date(["Kẻ Sắt, ngày tháng 5 năm 2026"])[0::2]
    (None, (None, 5, 2026))
    >>> find_date(["Kẻ Sặt, ngày 28 tháng 5 năm 2026"])[0]
    '2026-05-28'
    """
    for line in lines:
        m = _DATE_RE.search(line)
        if m:
            d = int(m.group("d")) if m.group("d") else None
            mo = int(m.group("m")) if m.group("m") else None
            y = int(m.group("y"))
            iso = None
            if d and mo:
                try:
                    from datetime import date

                    iso = date(y, mo, d).isoformat()
                except ValueError:
                    iso = None
            return iso, line.strip(), (d, mo, y)
    return None, None, (None, None, None)


def find_title(doc: Document) -> str | None:
    """The line after ``BÁO CÁO`` (the report's subject)."""
    blocks = [b for b in doc.blocks[:12] if b.kind == "paragraph"]
    for i, b in enumerate(blocks):
        if fold(b.text.strip()) == "báo cáo" and i + 1 < len(blocks):
            return blocks[i + 1].text.strip()
    return None


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 5:
        return False
    if any(ch.isdigit() for ch in line) or line.isupper():
        return False
    if any(w in fold(line) for w in _SIGN_WORDS):
        return False
    return all(w[:1].isupper() for w in words)


def find_signer(doc: Document) -> str | None:
    """The name under the last signature block (``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` /
    name), wherever it stands: annexes may follow it."""
    lines = [line.strip() for b in doc.blocks if b.origin != "header" for line in _lines(b)]
    titles = [i for i, line in enumerate(lines) if _SIGN_TITLE.match(fold(line))]
    for start in reversed(titles):
        for line in lines[start + 1 : start + 10]:
            if _SIGN_TITLE.match(fold(line)) or fold(line).startswith("ủy ban"):
                continue
            if line[:1] in "-+•" or line.rstrip().endswith((";", ".", ":")) or len(line.split()) > 6:
                continue  # the "Nơi nhận" column beside it, read in between
            if _looks_like_name(line):
                return line
            break
    return None


def _unit_candidates(text: str, gaz: Gazetteer) -> list[tuple[Unit, str]]:
    out = []
    for m in _UNIT_RE.finditer(text):
        level = fold(m.group("level"))
        words = m.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            found = gaz.find(name, level=level)
            if len(found) == 1:
                out.append((found[0], name))
                break
    return out


def find_unit(doc: Document, gaz: Gazetteer) -> tuple[Unit | None, tuple[tuple[str, int], ...]]:
    """The unit that wrote the report, by the names in its header, title and first paragraphs."""
    votes: Counter = Counter()
    for i, b in enumerate(doc.blocks[:10]):
        weight = 3 if (b.origin == "header" or i < 4) else 1
        for line in _lines(b):
            for unit, _ in _unit_candidates(line, gaz):
                votes[unit.code] += weight
    if not votes:
        for b in doc.blocks:
            for line in _lines(b):
                for unit, _ in _unit_candidates(line, gaz):
                    votes[unit.code] += 1
    if not votes:
        return None, ()
    code = votes.most_common(1)[0][0]
    unit = gaz.by_code(code)
    spellings = []
    for b in doc.blocks:
        for m in _UNIT_RE.finditer(b.text):
            for unit2, name in _unit_candidates(m.group(0), gaz):
                if unit2.code == code:
                    spellings.append((name, b.index))
    return unit, tuple(spellings)


def document_metadata(doc: Document, outline: Outline, gaz: Gazetteer | None = None) -> Metadata:
    gaz = gaz or load_gazetteer()
    lines = _head_lines(doc)
    number, number_text = find_number(lines)
    date, date_text, parts = find_date(lines)
    title = find_title(doc)
    unit, spellings = find_unit(doc, gaz)
    head = fold(" ".join(lines + [title or ""]))
    first_text = fold(" ".join(b.text for b in doc.blocks[:40]))
    is_report = any(p.pattern.search(head) or p.pattern.search(first_text) for p in outline.title_words)
    return Metadata(
        unit=unit,
        commune=unit.name if unit else None,
        level=unit.level if unit else None,
        unit_code=unit.code if unit else None,
        number=number,
        number_text=number_text,
        date=date,
        date_text=date_text,
        date_parts=parts,
        title=title,
        signer=find_signer(doc),
        is_report=is_report,
        unit_mentions=spellings,
    )
