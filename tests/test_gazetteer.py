"""The gazetteer: data from patterns/gazetteer, look-ups and validation."""
from __future__ import annotations

import dataclasses

import pytest

from extractor.gazetteer import FormerUnit, Unit, load_gazetteer

UNITS_HEADER = "code,name,level,province,province_code,area_km2\n"
FORMER_HEADER = "code,former_name,former_level,former_district\n"
GOOD_UNIT = "10945,Kẻ Sặt,xã,Thành phố Hải Phòng,31,24.67\n"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def write(directory, units: str, former: str = FORMER_HEADER):
    (directory / "units_2025.csv").write_text(units, encoding="utf-8")
    (directory / "former_units.csv").write_text(former, encoding="utf-8")
    return directory


# --- the data ------------------------------------------------------------------


def test_all_units_3321(gaz):
    assert len(gaz.units) == 3321
    assert len({u.code for u in gaz.units}) == 3321


def test_hai_phong_114_units_each_with_former_units(gaz):
    units = gaz.units_in("Thành phố Hải Phòng")
    assert len(units) == 114
    assert all(u.former for u in units)
    assert {u.level for u in units} == {"xã", "phường", "đặc khu"}


def test_only_hai_phong_has_former_units(gaz):
    assert {u.province for u in gaz.units if u.former} == {"Thành phố Hải Phòng"}


def test_ke_sat_10945(gaz):
    unit = gaz.by_code("10945")
    assert (unit.name, unit.level, unit.area_km2) == ("Kẻ Sặt", "xã", 24.67)
    assert unit.province == "Thành phố Hải Phòng" and unit.province_code == "31"
    assert set(unit.former) == {
        FormerUnit("Kẻ Sặt", "thị trấn", "Huyện Bình Giang"),
        FormerUnit("Vĩnh Hồng", "xã", "Huyện Bình Giang"),
        FormerUnit("Vĩnh Hưng", "xã", "Huyện Bình Giang"),
        FormerUnit("Hùng Thắng", "xã", "Huyện Bình Giang"),
    }


def test_by_code_int_10945(gaz):
    assert gaz.by_code(10945) is gaz.by_code("10945")


def test_by_code_unknown_raises(gaz):
    with pytest.raises(KeyError):
        gaz.by_code("99999")


def test_records_are_frozen(gaz):
    with pytest.raises(dataclasses.FrozenInstanceError):
        gaz.by_code("10945").name = "x"  # type: ignore[misc]


def test_load_is_cached(gaz):
    assert load_gazetteer() is gaz


def test_solieu_patterns_env(tmp_path, monkeypatch):
    (tmp_path / "gazetteer").mkdir()
    write(tmp_path / "gazetteer", UNITS_HEADER + GOOD_UNIT)
    monkeypatch.setenv("SOLIEU_PATTERNS", str(tmp_path))
    assert [u.code for u in load_gazetteer().units] == ["10945"]


# --- find ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Kẻ Sặt", "kẻ sặt", "KẺ SẶT", "  Kẻ   Sặt ", "xã Kẻ Sặt"])
def test_find_ke_sat_exact(gaz, name):
    assert [u.code for u in gaz.find(name)] == ["10945"]


def test_find_ke_sat_decomposed_unicode(gaz):
    import unicodedata

    assert [u.code for u in gaz.find(unicodedata.normalize("NFD", "Kẻ Sặt"))] == ["10945"]


@pytest.mark.parametrize("name", ["Kẻ Sắt", "Kê Sắt", "Kẽ Sắt", "Ke Sat"])
def test_find_ke_sat_without_right_diacritics(gaz, name):
    assert [u.code for u in gaz.find(name)] == ["10945"]


@pytest.mark.parametrize("name", ["Việt Hoà", "Việt Hòa"])
def test_find_viet_hoa_tone_placement(gaz, name):
    assert [u.name for u in gaz.find(name)] == ["Việt Hòa"]


@pytest.mark.parametrize("name", ["Thuỷ Nguyên", "Thủy Nguyên"])
def test_find_thuy_nguyen_tone_placement(gaz, name):
    assert [u.name for u in gaz.find(name)] == ["Thủy Nguyên"]


def test_find_cam_giang_ambiguous_without_diacritics(gaz):
    # Cẩm Giang and Cẩm Giàng are both Hải Phòng communes: no guessing.
    assert [u.name for u in gaz.find("Cẩm Giang")] == ["Cẩm Giang"]
    assert [u.name for u in gaz.find("Cẩm Giàng")] == ["Cẩm Giàng"]
    assert gaz.find("Cam Giang") == []


def test_find_nowhere_matches_nothing(gaz):
    assert gaz.find("Không Có Xã Này") == []


def test_find_ke_sat_wrong_level(gaz):
    assert gaz.find("Kẻ Sặt", level="phường") == []
    assert gaz.find("phường Kẻ Sặt") == []


def test_find_ke_sat_other_province(gaz):
    assert gaz.find("Kẻ Sặt", province="Thành phố Hà Nội") == []


def test_find_vinh_hoa_any_province(gaz):
    provinces = {u.province for u in gaz.find("Vĩnh Hòa", province=None)}
    assert {"Thành phố Hải Phòng", "Tỉnh An Giang"} <= provinces


def test_units_in_short_province_name(gaz):
    assert gaz.units_in("hải phòng") == gaz.units_in("Thành phố Hải Phòng")


def test_no_unit_name_starts_with_a_level_word(gaz):
    # find() reads a leading "xã"/"phường"/"đặc khu" as the level
    words = ("xã ", "phường ", "đặc khu ")
    assert not [u.name for u in gaz.units if u.name.lower().startswith(words)]


# --- former names --------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Vĩnh Hồng", "Hùng Thắng", "thị trấn Kẻ Sặt", "Kẻ Sặt", "VĨNH HƯNG"]
)
def test_is_former_name_ke_sat(gaz, name):
    assert gaz.is_former_name(name, gaz.by_code("10945"))


@pytest.mark.parametrize("name", ["Bình Xuyên", "xã Kẻ Sặt", "Thúc Kháng"])
def test_is_former_name_ke_sat_not(gaz, name):
    assert not gaz.is_former_name(name, gaz.by_code("10945"))


def test_hoa_binh_name_collision_dropped(gaz):
    # the package mixes up xã Hòa Bình of Kim Thành and of Vĩnh Bảo
    def districts(code):
        return {f.district for f in gaz.by_code(code).former if f.name == "Hòa Bình"}

    assert districts("11911") == {"Huyện Vĩnh Bảo"}  # Nguyễn Bỉnh Khiêm
    assert districts("10804") == {"Huyện Kim Thành"}  # Kim Thành
    assert districts("10843") == {"Huyện Kim Thành"}  # Hà Nam


# --- validation ----------------------------------------------------------------


def test_broken_csv_one_error_lists_all(tmp_path):
    units = (
        "code,name,level,province,area_km2\n"  # line 1: province_code missing
        + "10945,Kẻ Sặt,xã,Thành phố Hải Phòng,24.67\n"  # 2: fine
        + "10966,Bình Giang,huyện,Thành phố Hải Phòng,26.01\n"  # 3: bad level
        + "10972,Đường An,xã,Thành phố Hải Phòng,rộng\n"  # 4: non-numeric area
        + "10945,Kẻ Sặt,xã,Thành phố Hải Phòng,24.67\n"  # 5: duplicate code
    )
    former = FORMER_HEADER + "10945,Vĩnh Hồng,xóm,Huyện Bình Giang\n"  # 2: bad level
    write(tmp_path, units, former)
    with pytest.raises(ValueError) as info:
        load_gazetteer(tmp_path)
    message = str(info.value)
    units_csv, former_csv = tmp_path / "units_2025.csv", tmp_path / "former_units.csv"
    assert f"{units_csv}:1: missing column 'province_code'" in message
    assert f"{units_csv}:3: level 'huyện'" in message
    assert f"{units_csv}:4: area_km2 'rộng'" in message
    assert f"{units_csv}:5: duplicate code '10945' (first on line 2)" in message
    assert f"{former_csv}:2: former_level 'xóm'" in message
    assert f"{units_csv}:2:" not in message


def test_short_row_reported(tmp_path):
    write(tmp_path, UNITS_HEADER + "10945,Kẻ Sặt,xã\n")
    with pytest.raises(ValueError, match=r"units_2025.csv:2: fewer fields than columns"):
        load_gazetteer(tmp_path)


def test_former_unknown_code(tmp_path):
    write(tmp_path, UNITS_HEADER + GOOD_UNIT, FORMER_HEADER + "12345,A,xã,Huyện B\n")
    with pytest.raises(ValueError, match=r"former_units.csv:2: code '12345' is not in"):
        load_gazetteer(tmp_path)


def test_missing_file(tmp_path):
    (tmp_path / "units_2025.csv").write_text(UNITS_HEADER + GOOD_UNIT, encoding="utf-8")
    with pytest.raises(ValueError, match="former_units.csv: file not found"):
        load_gazetteer(tmp_path)


def test_small_valid_gazetteer(tmp_path):
    former = FORMER_HEADER + "10945,Kẻ Sặt,thị trấn,Huyện Bình Giang\n"
    units = UNITS_HEADER + GOOD_UNIT + "10946,X,xã,Tỉnh Y,99,\n"
    gaz = load_gazetteer(write(tmp_path, units, former))
    assert gaz.by_code("10946").area_km2 is None
    assert gaz.by_code("10945") == Unit(
        "10945", "Kẻ Sặt", "xã", "Thành phố Hải Phòng", "31", 24.67,
        (FormerUnit("Kẻ Sặt", "thị trấn", "Huyện Bình Giang"),),
    )
