"""The gazetteer: administrative units in force since 1 July 2025.

Reads ``units_2025.csv`` and ``former_units.csv`` from ``patterns/gazetteer`` (made
by ``scripts/make_gazetteer.py``; see ``patterns/gazetteer/SOURCE.md``), checks them,
and answers look-ups by code and by name::

    >>> gaz = load_gazetteer()
    >>> gaz.by_code("10945").name
    'Kẻ Sặt'
    >>> [u.code for u in gaz.find("xã Kẻ Sắt")]
    ['10945']

The patterns directory is ``extractor.patterns.patterns_dir()``: ``$SOLIEU_PATTERNS``
when set, else the checkout's ``patterns`` folder, else the copy inside the package.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from extractor.patterns import patterns_dir
from extractor.textnorm import fold, nfc, strip_marks

HAI_PHONG = "Thành phố Hải Phòng"
LEVELS = ("xã", "phường", "đặc khu")
FORMER_LEVELS = ("xã", "phường", "thị trấn", "huyện")
UNITS_FILE = "units_2025.csv"
FORMER_FILE = "former_units.csv"
UNIT_COLUMNS = ("code", "name", "level", "province", "province_code", "area_km2")
FORMER_COLUMNS = ("code", "former_name", "former_level", "former_district")

_PROVINCE_TYPES = ("thành phố ", "tỉnh ", "tp. ", "tp ")


@dataclass(frozen=True)
class FormerUnit:
    """A pre-2025 unit merged (wholly or in part) into a current one.

    ``level`` is ``xã``, ``phường``, ``thị trấn`` (or ``huyện`` for an island
    district without wards); ``district`` is the full name of its old district,
    e.g. ``Huyện Bình Giang``.
    """

    name: str
    level: str
    district: str


@dataclass(frozen=True)
class Unit:
    """A current unit: ``name`` without its type word, ``level`` lower-case."""

    code: str
    name: str
    level: str
    province: str
    province_code: str
    area_km2: float | None
    former: tuple[FormerUnit, ...] = ()


# --- text keys -----------------------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """Comparison key: NFC, lower-case, tone placement unified, one space.

    Built on ``textnorm.fold``.

    >>> _key("  Hoà  BÌNH ") == _key("hòa bình")
    True
    >>> _key("Thuỷ") == _key("THỦY"), _key("Kẻ Sặt") == _key("Kẻ Sắt")
    (True, False)
    """
    return " ".join(fold(nfc(text)).split())


@functools.lru_cache(maxsize=65536)
def _bare(text: str) -> str:
    """``_key`` without any diacritics (``đ`` → ``d``).

    >>> _bare("Kẽ Sắt") == _bare("kẻ sặt") == "ke sat"
    True
    """
    return strip_marks(_key(text))


def _split_level(name: str, levels: tuple[str, ...]) -> tuple[str | None, str]:
    """Split a leading type word off ``name``: ``"Xã Kẻ Sặt"`` → ``("xã", "Kẻ Sặt")``.

    >>> _split_level("thị trấn Kẻ Sặt", FORMER_LEVELS)
    ('thị trấn', 'Kẻ Sặt')
    >>> _split_level("Kẻ Sặt", LEVELS)
    (None, 'Kẻ Sặt')
    """
    text = " ".join(nfc(name).split())
    for level in sorted(levels, key=len, reverse=True):
        head = text[: len(level) + 1]
        if len(text) > len(level) + 1 and _key(head) == _key(level) and head[-1] == " ":
            return level, text[len(level) + 1 :]
    return None, text


@functools.lru_cache(maxsize=256)
def _province_keys(province: str) -> frozenset[str]:
    """Keys under which a province may be named: full and without its type word.

    >>> sorted(_province_keys("Thành phố Hải Phòng"))
    ['hải phòng', 'thành phố hải phòng']
    """
    key = _key(province)
    short = {key[len(t) :] for t in _PROVINCE_TYPES if key.startswith(t)}
    return frozenset({key} | short)


# --- the gazetteer -------------------------------------------------------------


@dataclass(frozen=True)
class Gazetteer:
    """All current units, with look-ups by code and by name."""

    units: tuple[Unit, ...]
    _by_code: dict[str, Unit] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {u.code: u for u in self.units})
        object.__setattr__(self, "_in_province", {})  # province -> its units, computed once

    def by_code(self, code: str | int) -> Unit:
        """The unit with this code (``10945`` or ``"10945"``); ``KeyError`` if none."""
        key = str(code).strip().zfill(5)
        if key not in self._by_code:
            raise KeyError(f"no unit with code {code!r}")
        return self._by_code[key]

    def units_in(self, province: str = HAI_PHONG) -> tuple[Unit, ...]:
        """Units of ``province``, by code (``Thành phố``, ``TP``, ``Tỉnh`` optional)."""
        if province not in self._in_province:
            wanted = _province_keys(province)
            self._in_province[province] = tuple(u for u in self.units if _province_keys(u.province) & wanted)
        return self._in_province[province]

    def find(
        self, name: str, level: str | None = None, province: str | None = HAI_PHONG
    ) -> list[Unit]:
        """Units called ``name`` in ``province`` (``None``: anywhere), by code.

        ``name`` may start with its type word (``xã Kẻ Sặt``), which then acts as
        ``level``. Matching ignores case, Unicode form and tone mark placement;
        when nothing matches, a match ignoring all diacritics is returned only if
        it is the only one among the units of that province (and level).
        """
        word, bare_name = _split_level(name, LEVELS)
        level = level or word
        pool = self.units if province is None else self.units_in(province)
        pool = [u for u in pool if level is None or _key(u.level) == _key(level)]
        exact = [u for u in pool if _key(u.name) == _key(bare_name)]
        if exact:
            return exact
        loose = [u for u in pool if _bare(u.name) == _bare(bare_name)]
        return loose if len(loose) == 1 else []

    def is_former_name(self, name: str, unit: Unit) -> bool:
        """Whether ``name`` names one of the old units merged into ``unit``.

        ``name`` may start with the old type word (``thị trấn Kẻ Sặt``), which must
        then agree. Matching is as in ``find`` but without the diacritic-free fallback.
        """
        word, bare_name = _split_level(name, FORMER_LEVELS)
        return any(
            _key(f.name) == _key(bare_name) and (word is None or f.level == word)
            for f in unit.former
        )


# --- loading and validation ----------------------------------------------------


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Load (once per directory) and check the gazetteer CSVs.

    ``directory`` holds ``units_2025.csv`` and ``former_units.csv``; by default
    ``<patterns>/gazetteer``. Raises one ``ValueError`` listing every bad row.
    """
    path = Path(directory) if directory is not None else patterns_dir() / "gazetteer"
    return _load(path.resolve())


@functools.cache
def _load(directory: Path) -> Gazetteer:
    """Read, check and assemble the gazetteer in ``directory``."""
    units_path, former_path = directory / UNITS_FILE, directory / FORMER_FILE
    unit_rows, unit_errors = _read(units_path, UNIT_COLUMNS)
    former_rows, former_errors = _read(former_path, FORMER_COLUMNS)
    codes = {row.get("code") for _, row in unit_rows} - {None} or None
    errors = unit_errors + _check_units(units_path, unit_rows)
    errors += former_errors + _check_formers(former_path, former_rows, codes)
    if errors:
        raise ValueError(f"bad gazetteer ({len(errors)} problems):\n" + "\n".join(errors))
    return _assemble(unit_rows, former_rows)


def _read(path: Path, columns: tuple[str, ...]) -> tuple[list[tuple[int, dict]], list[str]]:
    """Rows of a CSV as ``(line, row)`` and problems with its header."""
    if not path.is_file():
        return [], [f"{path}: file not found"]
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        errors = [f"{path}:1: missing column {c!r}" for c in columns if c not in header]
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
            if None in row:
                errors.append(f"{path}:{reader.line_num}: more fields than columns")
            elif None in row.values():
                errors.append(f"{path}:{reader.line_num}: fewer fields than columns")
    return rows, errors


def _text_problems(row: dict, columns: tuple[str, ...]) -> list[str]:
    """Problems with text cells: empty, not NFC or padded with spaces."""
    problems = []
    for column in columns:
        value = row.get(column)
        if value is None:
            continue  # missing column, reported with the header
        if not value.strip():
            problems.append(f"empty {column}")
        elif value != unicodedata.normalize("NFC", value.strip()):
            problems.append(f"{column} {value!r} is not trimmed NFC text")
    return problems


def _unit_problems(row: dict) -> list[str]:
    """Problems with one row of ``units_2025.csv``."""
    problems = _text_problems(row, ("name", "province"))
    code, level = row.get("code"), row.get("level")
    if code is not None and not re.fullmatch(r"\d{5}", code):
        problems.append(f"code {code!r} is not 5 digits")
    if level is not None and level not in LEVELS:
        problems.append(f"level {level!r} is not one of {', '.join(LEVELS)}")
    pcode = row.get("province_code")
    if pcode is not None and not re.fullmatch(r"\d{2}", pcode):
        problems.append(f"province_code {pcode!r} is not 2 digits")
    area = row.get("area_km2")
    if area and _area(area) is None:
        problems.append(f"area_km2 {area!r} is not a non-negative number")
    return problems


def _former_problems(row: dict, codes: set[str] | None) -> list[str]:
    """Problems with one row of ``former_units.csv`` (``codes``: None if unknown)."""
    problems = _text_problems(row, ("former_name", "former_district"))
    code, level = row.get("code"), row.get("former_level")
    if code is not None and codes is not None and code not in codes:
        problems.append(f"code {code!r} is not in {UNITS_FILE}")
    if level is not None and level not in FORMER_LEVELS:
        problems.append(f"former_level {level!r} is not one of {', '.join(FORMER_LEVELS)}")
    return problems


def _check_units(path: Path, rows: list[tuple[int, dict]]) -> list[str]:
    """Every problem in the unit rows, duplicate codes included."""
    errors, seen = [], {}
    for line, row in rows:
        errors += [f"{path}:{line}: {p}" for p in _unit_problems(row)]
        code = row.get("code")
        if code in seen:
            errors.append(f"{path}:{line}: duplicate code {code!r} (first on line {seen[code]})")
        seen.setdefault(code, line)
    return errors


def _check_formers(
    path: Path, rows: list[tuple[int, dict]], codes: set[str] | None
) -> list[str]:
    """Every problem in the former-unit rows, repeated rows included."""
    errors, seen = [], {}
    for line, row in rows:
        errors += [f"{path}:{line}: {p}" for p in _former_problems(row, codes)]
        key = tuple(row.get(c) for c in FORMER_COLUMNS)
        if key in seen:
            errors.append(f"{path}:{line}: repeats line {seen[key]}")
        seen.setdefault(key, line)
    return errors


def _area(text: str) -> float | None:
    """``text`` as a non-negative area, or None when it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 and value == value and value != float("inf") else None


def _assemble(
    unit_rows: list[tuple[int, dict]], former_rows: list[tuple[int, dict]]
) -> Gazetteer:
    """Build the records from checked rows (units in file order)."""
    former: dict[str, list[FormerUnit]] = {}
    for _, row in former_rows:
        unit = FormerUnit(row["former_name"], row["former_level"], row["former_district"])
        former.setdefault(row["code"], []).append(unit)
    units = tuple(
        Unit(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            province=row["province"],
            province_code=row["province_code"],
            area_km2=_area(row["area_km2"]) if row["area_km2"] else None,
            former=tuple(former.get(row["code"], ())),
        )
        for _, row in unit_rows
    )
    return Gazetteer(units)
