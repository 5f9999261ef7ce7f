"""Regenerate ``patterns/gazetteer/*.csv`` from the ``vietnamadminunits`` package.

Dev-time only; the runtime reads the CSVs, never the package::

    pip install vietnamadminunits==1.0.4
    python scripts/make_gazetteer.py            # writes patterns/gazetteer/
    python scripts/make_gazetteer.py --out DIR  # writes elsewhere

Sources inside the package:

- ``data/dataset.db``, table ``admin_units``: the 3,321 units in force since
  1 July 2025; table ``admin_units_legacy``: the units before (63 provinces).
- ``data/converter_2025.json``: how legacy units map onto new ones.
  ``DICT_PROVINCE[new_province_key]`` lists the legacy province keys merged into it;
  ``DICT_PROVINCE_WARD_NO_DIVIDED[new_province_key][new_ward_key]`` lists legacy
  ``province_district_ward`` keys that went *wholly* into that new unit;
  ``DICT_PROVINCE_WARD_DIVIDED[new_province_key][legacy_key]`` lists the new units a
  legacy unit was *split* among (each ``{"newWardKey": ...}``).  A split legacy unit
  is therefore a former unit of each of the new units it was split among.
  A legacy district without wards (island districts) has the key
  ``province_district_`` (empty ward part).

Three links of the package are dropped as wrong (see ``EXCLUDED_LINKS``).

Output is deterministic: rows are sorted, floats are written with ``repr``, files are
UTF-8 (NFC) with ``\\n`` line endings.
"""
from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

PACKAGE = "vietnamadminunits"
EXPECTED_VERSION = "1.0.4"
PROVINCE = "Thành phố Hải Phòng"
NEW_LEVELS = ("Đặc khu", "Phường", "Xã")
OLD_LEVELS = ("Thị trấn", "Phường", "Xã")
DISTRICT_LEVELS = ("Thành phố", "Thị xã", "Quận", "Huyện")
UNIT_COLUMNS = ("code", "name", "level", "province", "province_code", "area_km2")
FORMER_COLUMNS = ("code", "former_name", "former_level", "former_district")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "patterns" / "gazetteer"

# Links of the package's converter data that are wrong: two different "xã Hòa Bình"
# (Kim Thành, Hải Dương; Vĩnh Bảo, Hải Phòng) got the union of each other's new
# units. Their centroids are 25-31 km from the new units so linked, while every
# other link of Hải Phòng is within 23 km. Kept: Hòa Bình (Kim Thành) -> Kim Thành,
# Hà Nam; Hòa Bình (Vĩnh Bảo) -> Nguyễn Bỉnh Khiêm. (new_ward_key, legacy_key)
EXCLUDED_LINKS = frozenset(
    {
        ("xanguyenbinhkhiem", "tinhhaiduong_huyenkimthanh_xahoabinh"),
        ("xakimthanh", "thanhphohaiphong_huyenvinhbao_xahoabinh"),
        ("xahanam", "thanhphohaiphong_huyenvinhbao_xahoabinh"),
    }
)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, stripped."""
    return unicodedata.normalize("NFC", text).strip()


def split_type(full_name: str, types: tuple[str, ...]) -> tuple[str, str]:
    """Split ``"Xã Kẻ Sặt"`` into ``("xã", "Kẻ Sặt")`` using the leading type word.

    The type word of the full name is trusted over the package's ``wardType``
    column, which disagrees with it for a few units (e.g. ``Phường Việt Hòa``
    has ``wardType = "Xã"``).
    """
    full_name = nfc(full_name)
    for t in types:
        if full_name.startswith(t + " "):
            return t.lower(), full_name[len(t) + 1 :].strip()
    raise ValueError(f"no type word in {full_name!r}")


def package_dir() -> Path:
    """Directory of the installed package, after checking its version."""
    version = metadata.version(PACKAGE)
    if version != EXPECTED_VERSION:
        sys.exit(f"need {PACKAGE}=={EXPECTED_VERSION}, found {version}")
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).resolve().parent


def format_area(value: float | None) -> str:
    """Area in km² as written in the CSV (empty when unknown)."""
    return "" if value is None else repr(float(value))


def unit_rows(db: sqlite3.Connection) -> list[dict]:
    """All post-2025 units as CSV rows, sorted by province code then code."""
    sql = (
        "SELECT wardCode, ward, province, provinceCode, wardAreaKm2 "
        "FROM admin_units ORDER BY provinceCode, wardCode"
    )
    rows = []
    for code, ward, province, province_code, area in db.execute(sql):
        level, name = split_type(ward, NEW_LEVELS)
        rows.append(
            {
                "code": code,
                "name": name,
                "level": level,
                "province": nfc(province),
                "province_code": province_code,
                "area_km2": format_area(area),
            }
        )
    return rows


def legacy_units(db: sqlite3.Connection, province_keys: list[str]) -> dict[str, dict]:
    """Legacy units of ``province_keys`` by converter key ``prov_district_ward``."""
    marks = ",".join("?" * len(province_keys))
    sql = (
        "SELECT provinceKey, districtKey, wardKey, district, ward, wardCode, districtCode "
        f"FROM admin_units_legacy WHERE provinceKey IN ({marks})"
    )
    units = {}
    for pkey, dkey, wkey, district, ward, wcode, dcode in db.execute(sql, province_keys):
        if ward:
            level, name = split_type(ward, OLD_LEVELS)
        else:  # a district without wards (Bạch Long Vĩ)
            level, name = split_type(district, DISTRICT_LEVELS)
        units[f"{pkey}_{dkey}_{wkey or ''}"] = {
            "former_name": name,
            "former_level": level,
            "former_district": nfc(district),
            "sort": (wcode or dcode + "-"),
        }
    return units


def new_ward_codes(db: sqlite3.Connection, province_key: str) -> dict[str, str]:
    """Codes of the new units of a province by the converter's ward key."""
    sql = "SELECT wardKey, wardCode FROM admin_units WHERE provinceKey = ?"
    return dict(db.execute(sql, (province_key,)).fetchall())


def former_links(converter: dict, province_key: str) -> set[tuple[str, str]]:
    """``(new_ward_key, legacy_key)`` pairs: legacy unit wholly or partly in new unit."""
    links = set()
    for new_key, olds in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key].items():
        links.update((new_key, old) for old in olds)
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {})
    for old, targets in divided.items():
        links.update((t["newWardKey"], old) for t in targets)
    return links


def former_rows(db: sqlite3.Connection, converter: dict, province: str) -> list[dict]:
    """Former units of every new unit of ``province``, sorted by code then old code.

    Checks that every link resolves, that every new unit has a former unit and that
    every legacy unit of the merged provinces is used; exits otherwise.
    """
    (province_key,) = db.execute(
        "SELECT DISTINCT provinceKey FROM admin_units WHERE province = ?", (province,)
    ).fetchone()
    codes = new_ward_codes(db, province_key)
    legacy = legacy_units(db, converter["DICT_PROVINCE"][province_key])
    links = former_links(converter, province_key)
    if not EXCLUDED_LINKS <= links:
        sys.exit(f"excluded links not in the data: {sorted(EXCLUDED_LINKS - links)}")
    links -= EXCLUDED_LINKS
    linked_new, linked_old = {n for n, _ in links}, {o for _, o in links}
    problems = [f"unknown new unit {n}" for n in linked_new - codes.keys()]
    problems += [f"unknown legacy unit {o}" for o in linked_old - legacy.keys()]
    problems += [f"new unit {n} has no former unit" for n in codes.keys() - linked_new]
    problems += [f"legacy unit {o} maps nowhere" for o in legacy.keys() - linked_old]
    if problems:
        sys.exit("\n".join(sorted(problems)))
    rows = [{"code": codes[n], **legacy[o]} for n, o in links]
    rows.sort(key=lambda r: (r["code"], r["sort"], r["former_name"]))
    return [{k: r[k] for k in FORMER_COLUMNS} for r in rows]


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write ``rows`` as UTF-8 CSV with ``\\n`` line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the gazetteer CSVs; print the row counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    pkg = package_dir()
    converter = json.loads((pkg / "data" / "converter_2025.json").read_text("utf-8"))
    with sqlite3.connect(f"file:{pkg / 'data' / 'dataset.db'}?mode=ro", uri=True) as db:
        units = unit_rows(db)
        formers = former_rows(db, converter, PROVINCE)
    write_csv(args.out / "units_2025.csv", UNIT_COLUMNS, units)
    write_csv(args.out / "former_units.csv", FORMER_COLUMNS, formers)
    print(f"units_2025.csv: {len(units)} rows; former_units.csv: {len(formers)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
