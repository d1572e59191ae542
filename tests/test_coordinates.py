"""geo.coordinates: deciding the CRS of incoming data and the official VN-2000 → WGS 84 transformation.

No database: these tests only need pyproj (its bundled proj.db, no network, no grids) and, for one .prj, pyogrio.
Figures checked independently of the module: Decision 05/2007/QĐ-BTNMT's seven parameters typed in here, EPSG:6960
as stored in PROJ's database, and the positions of Trà Vinh and Bạc Liêu cities.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from pyproj import CRS, Geod, Transformer
from pyproj.enums import WktVersion
from pyproj.transformer import TransformerGroup

from geo.coordinates import (
    OFFICIAL_VN2000_TO_WGS84,
    VN2000_TM3_ZONES,
    AmbiguousCrsError,
    CoordinateError,
    feature_outside_region,
    from_wgs84,
    infer_crs,
    is_vn2000,
    recognise_crs,
    to_wgs84,
)

GEOD = Geod(ellps="WGS84")

# Trà Vinh city in VN-2000 / TM-3 105°30' (EPSG:9209) and Bạc Liêu city in TM-3 105°00' (EPSG:5897).
TRA_VINH_EN = (592_000.0, 1_099_000.0)
BAC_LIEU_EN = (579_000.0, 1_027_000.0)
# The cities' centres, WGS 84 (lon, lat), to a few hundred metres.
TRA_VINH_LONLAT = (106.345, 9.935)
BAC_LIEU_LONLAT = (105.722, 9.294)

# Decision 05/2007/QĐ-BTNMT, typed in from the decision: Δx, Δy, Δz (m); ω, ψ, ε (″); k.
DX, DY, DZ = -191.90441429, -39.30318279, -111.45032835
OMEGA, PSI, EPSILON = -0.00928836, 0.01975479, -0.00427372
K = 1.000000252906278

TM3_105_30 = "+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84"
# The Decision's values as coordinate-frame rotations, written out by hand as a PROJ pipeline.
HAND_PIPELINE = (
    f"+proj=pipeline +step +inv {TM3_105_30} +step +proj=cart +ellps=WGS84 "
    f"+step +proj=helmert +x={DX} +y={DY} +z={DZ} +rx={OMEGA} +ry={PSI} +rz={EPSILON} +s={(K - 1) * 1e6!r} "
    "+convention=coordinate_frame +step +inv +proj=cart +ellps=WGS84 +step +proj=unitconvert +xy_in=rad +xy_out=deg"
)
# +towgs84 is position-vector: the rotations must change sign. The unflipped string is the common mistake.
TOWGS84_FLIPPED = f"{DX},{DY},{DZ},{-OMEGA},{-PSI},{-EPSILON},0.252906278"
TOWGS84_UNFLIPPED = f"{DX},{DY},{DZ},{OMEGA},{PSI},{EPSILON},0.252906278"


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def proj_crs(definition: str) -> CRS:
    return CRS.from_proj4(f"{definition} +units=m +no_defs")


def epsg_operation(transformer: Transformer) -> set[int]:
    return {
        int(op.to_json_dict()["id"]["code"])
        for op in transformer.operations or ()
        if op.to_json_dict().get("id", {}).get("authority") == "EPSG"
    }


# --- The official parameters -----------------------------------------------------------------------------------


def test_to_wgs84_matches_the_decision_parameters_typed_in_by_hand():
    ours = to_wgs84(9209).transform(*TRA_VINH_EN)
    hand = Transformer.from_pipeline(HAND_PIPELINE).transform(*TRA_VINH_EN)
    assert metres_between(ours, hand) < 0.01
    # and it is Trà Vinh city
    assert metres_between(ours, TRA_VINH_LONLAT) < 1500


def test_to_wgs84_equals_epsg_6960_as_stored_in_proj_db():
    group = TransformerGroup(9209, 4326, always_xy=True)
    (epsg_6960,) = [t for t in group.transformers if 6960 in epsg_operation(t)]
    for point in (TRA_VINH_EN, (560_000.0, 1_050_000.0), (640_000.0, 1_060_000.0)):
        assert metres_between(to_wgs84(9209).transform(*point), epsg_6960.transform(*point)) < 0.001


def test_proj_default_picks_epsg_5194_for_tra_vinh_and_we_do_not():
    ours = to_wgs84(9209).transform(*TRA_VINH_EN)
    default = Transformer.from_crs(9209, 4326, always_xy=True).transform(*TRA_VINH_EN)
    distance = metres_between(ours, default)
    assert 0.3 < distance < 2.0, distance
    # The default is EPSG:5194, the Mekong-delta set, whose area of use contains Trà Vinh.
    group = TransformerGroup(9209, 4326, always_xy=True)
    (epsg_5194,) = [t for t in group.transformers if 5194 in epsg_operation(t)]
    assert metres_between(default, epsg_5194.transform(*TRA_VINH_EN)) < 0.001


def test_bac_lieu_lies_outside_epsg_5194_so_proj_default_agrees_there():
    ours = to_wgs84(5897).transform(*BAC_LIEU_EN)
    default = Transformer.from_crs(5897, 4326, always_xy=True).transform(*BAC_LIEU_EN)
    assert metres_between(ours, default) < 0.001
    assert metres_between(ours, BAC_LIEU_LONLAT) < 1500


def test_towgs84_sign_pitfall():
    ours = to_wgs84(9209).transform(*TRA_VINH_EN)
    flipped = Transformer.from_crs(proj_crs(f"{TM3_105_30} +towgs84={TOWGS84_FLIPPED}"), 4326, always_xy=True)
    unflipped = Transformer.from_crs(proj_crs(f"{TM3_105_30} +towgs84={TOWGS84_UNFLIPPED}"), 4326, always_xy=True)
    assert metres_between(ours, flipped.transform(*TRA_VINH_EN)) < 0.01
    assert 0.3 < metres_between(ours, unflipped.transform(*TRA_VINH_EN)) < 0.8
    assert OFFICIAL_VN2000_TO_WGS84.towgs84().split(",")[3:6] == ["0.00928836", "-0.01975479", "0.00427372"]


def test_vn2000_and_wgs84_are_about_225_m_apart_near_bac_lieu():
    official = to_wgs84(5897).transform(*BAC_LIEU_EN)
    zero_shift = proj_crs("+proj=tmerc +lat_0=0 +lon_0=105 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=0,0,0")
    naive = Transformer.from_crs(zero_shift, 4326, always_xy=True).transform(*BAC_LIEU_EN)
    assert 150 < metres_between(official, naive) < 300
    # the same in degrees: VN-2000 geographic vs the same numbers read as WGS 84
    assert 150 < metres_between(to_wgs84(4756).transform(*BAC_LIEU_LONLAT), BAC_LIEU_LONLAT) < 300


def test_from_wgs84_inverts_to_wgs84_and_the_hand_pipeline():
    lonlat = to_wgs84(9209).transform(*TRA_VINH_EN)
    back = from_wgs84(9209).transform(*lonlat)
    assert abs(back[0] - TRA_VINH_EN[0]) < 0.001 and abs(back[1] - TRA_VINH_EN[1]) < 0.001
    hand_back = Transformer.from_pipeline(HAND_PIPELINE).transform(*lonlat, direction="INVERSE")
    assert abs(back[0] - hand_back[0]) < 0.01 and abs(back[1] - hand_back[1]) < 0.01


def test_any_vn2000_crs_gets_the_official_shift():
    expected = to_wgs84(9209).transform(*TRA_VINH_EN)
    esri = CRS.from_wkt(CRS.from_epsg(9209).to_wkt(WktVersion.WKT1_ESRI))
    assert metres_between(to_wgs84(esri).transform(*TRA_VINH_EN), expected) < 0.001
    # the local "Hội nhập" PROJ string, even with the unflipped rotations
    for towgs84 in (TOWGS84_FLIPPED, TOWGS84_UNFLIPPED):
        local = proj_crs(f"{TM3_105_30} +towgs84={towgs84}")
        assert is_vn2000(local)
        assert metres_between(to_wgs84(local).transform(*TRA_VINH_EN), expected) < 0.001
    # a VN-2000 projection with no EPSG code (central meridian 105°15')
    odd = CRS.from_wkt(CRS.from_epsg(9209).to_wkt(WktVersion.WKT1_ESRI).replace("105.5", "105.25"))
    hand = Transformer.from_pipeline(HAND_PIPELINE.replace("lon_0=105.5", "lon_0=105.25"))
    assert metres_between(to_wgs84(odd).transform(*TRA_VINH_EN), hand.transform(*TRA_VINH_EN)) < 0.01


def test_wgs84_crss_are_left_to_proj():
    assert not is_vn2000(32648)
    assert to_wgs84(4326).transform(106.3, 9.9) == pytest.approx((106.3, 9.9))
    assert (
        metres_between(
            to_wgs84(32648).transform(*TRA_VINH_EN),
            Transformer.from_crs(32648, 4326, always_xy=True).transform(*TRA_VINH_EN),
        )
        < 1e-6
    )


def test_tm3_zone_table_matches_proj_db():
    for meridian, code in VN2000_TM3_ZONES.items():
        crs = CRS.from_epsg(code)
        params = {p.code: p.value for p in crs.coordinate_operation.params}
        assert crs.name.startswith("VN-2000"), code
        assert (params["8802"], params["8805"], params["8806"], params["8807"]) == (meridian, 0.9999, 500000, 0)


# --- recognise_crs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "esri_name"),
    [
        (4756, "GCS_VN_2000"),
        (3405, "VN_2000_UTM_Zone_48N"),
        (3406, "VN_2000_UTM_Zone_49N"),
        (5897, "VN_2000_TM-3_zone_482"),
        (9209, "VN-2000_TM-3_105-30"),
        (9207, "VN-2000_TM-3_104-30"),
        (9210, "VN-2000_TM-3_105-45"),
        (9211, "VN-2000_TM-3_106-00"),
    ],
)
def test_esri_prj_files(tmp_path: Path, code: int, esri_name: str):
    prj = tmp_path / "layer.prj"
    prj.write_text(CRS.from_epsg(code).to_wkt(WktVersion.WKT1_ESRI), encoding="utf-8")
    text = prj.read_text(encoding="utf-8")
    assert "D_Vietnam_2000" in text
    decision = recognise_crs(text)
    assert decision is not None
    assert decision.epsg == code and decision.crs == CRS.from_epsg(code)
    assert f"ESRI name {esri_name}" in decision.how.en and f"EPSG:{code}" in decision.how.en
    assert decision.warnings == () and not decision.zero_shift


def test_prj_written_by_gdal(tmp_path: Path):
    import geopandas
    from shapely.geometry import Point

    path = tmp_path / "tra_vinh.shp"
    frame = geopandas.GeoDataFrame({"name": ["Trà Vinh"]}, geometry=[Point(*TRA_VINH_EN)], crs="EPSG:9209")
    frame.to_file(path, engine="pyogrio")
    decision = recognise_crs(path.with_suffix(".prj").read_text(encoding="utf-8"))
    assert decision is not None and decision.epsg == 9209


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("VN_2000_TM-3_zone_482", 5897),
        ("VN-2000_TM-3_105-30", 9209),
        ("VN_2000_UTM_Zone_48N", 3405),
        ("GCS_VN_2000", 4756),
        ("D_Vietnam_2000", 4756),
        ("EPSG:9209", 9209),
    ],
)
def test_bare_names(name: str, code: int):
    decision = recognise_crs(name, source="--crs")
    assert decision is not None and decision.epsg == code
    assert decision.how.en.startswith("from the --crs:")


def test_wgs84_datum_with_tm3_parameters_is_vn2000_mislabelled():
    wkt = (
        CRS.from_epsg(9209)
        .to_wkt(WktVersion.WKT1_ESRI)
        .replace("GCS_VN_2000", "GCS_WGS_1984")
        .replace("D_Vietnam_2000", "D_WGS_1984")
    )
    assert "D_WGS_1984" in wkt and "Vietnam" not in wkt
    decision = recognise_crs(wkt)
    assert decision is not None and decision.epsg == 9209
    assert any("225 m" in w and "WGS 84" in w for w in (x.en for x in decision.warnings))
    # what the warning is about: read literally, the .prj puts Trà Vinh ~225 m away
    literal = Transformer.from_crs(CRS.from_wkt(wkt), 4326, always_xy=True).transform(*TRA_VINH_EN)
    decided = to_wgs84(decision.crs).transform(*TRA_VINH_EN)
    assert 150 < metres_between(literal, decided) < 300


def test_noi_bo_zero_shift_is_flagged_not_silently_converted():
    decision = recognise_crs(f"{TM3_105_30} +towgs84=0,0,0,0,0,0,0 +units=m +no_defs")
    assert decision is not None
    assert decision.zero_shift and decision.official_epsg == 9209 and decision.epsg is None
    assert any("225 m" in w and "nội bộ" in w and "confirm" in w for w in (x.en for x in decision.warnings))
    kept = to_wgs84(decision.crs).transform(*TRA_VINH_EN)
    official = to_wgs84(9209).transform(*TRA_VINH_EN)
    assert 150 < metres_between(kept, official) < 300

    confirmed = decision.confirm_official()
    assert confirmed.epsg == 9209 and not confirmed.zero_shift and confirmed.warnings == ()
    assert "confirmed by the user" in confirmed.how.en
    assert metres_between(to_wgs84(confirmed.crs).transform(*TRA_VINH_EN), official) < 0.001


@pytest.mark.parametrize(
    "text",
    [
        f"{TM3_105_30} +towgs84={TOWGS84_FLIPPED} +units=m +no_defs",
        "VN-2000 Hội nhập KTT 105.5 múi 3",
        "VN-2000 Hoi nhap KTT 105.5 mui 3",
        "VN-2000 KTT 105°30' múi 3",
    ],
)
def test_hoi_nhap_definitions(text: str):
    decision = recognise_crs(text)
    assert decision is not None and decision.epsg == 9209 and decision.warnings == ()


def test_hoi_nhap_wkt_with_its_towgs84(tmp_path: Path):
    wkt = (
        proj_crs(f"{TM3_105_30} +towgs84={TOWGS84_FLIPPED}")
        .to_wkt(WktVersion.WKT1_GDAL)
        .replace('PROJCS["unknown"', 'PROJCS["VN-2000 Hội nhập KTT 105.5 múi 3"')
    )
    prj = tmp_path / "hoi_nhap.prj"
    prj.write_text(wkt, encoding="utf-8")
    text = prj.read_text(encoding="utf-8")
    assert "TOWGS84[" in text and "Hội nhập" in text
    decision = recognise_crs(text)
    assert decision is not None and decision.epsg == 9209 and decision.warnings == ()
    assert "Hội nhập" in decision.how.en


def test_noi_bo_local_name():
    decision = recognise_crs("VN-2000 Nội bộ KTT 105 múi 3")
    assert decision is not None and decision.zero_shift and decision.official_epsg == 5897


def test_unflipped_and_5194_shifts_become_official_with_a_warning():
    unflipped = recognise_crs(f"{TM3_105_30} +towgs84={TOWGS84_UNFLIPPED} +units=m")
    assert unflipped is not None and unflipped.epsg == 9209
    assert any("0.5 m" in w and "6960" in w for w in (x.en for x in unflipped.warnings))
    epsg_5194 = recognise_crs(
        f"{TM3_105_30} +towgs84=-192.873,-39.382,-111.202,-0.00205,-0.0005,0.00335,0.0188 +units=m"
    )
    assert epsg_5194 is not None and epsg_5194.epsg == 9209
    assert any("5194" in w for w in (x.en for x in epsg_5194.warnings))


def test_proj_string_without_towgs84_is_decided_vn2000_with_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        text = CRS.from_epsg(5897).to_proj4()  # the datum is lost here (pitfall 3)
    assert "towgs84" not in text
    decision = recognise_crs(text)
    assert decision is not None and decision.epsg == 5897
    assert any("225 m" in w for w in (x.en for x in decision.warnings))


@pytest.mark.parametrize("code", [4326, 32648])
def test_real_wgs84_is_left_alone(code: int):
    decision = recognise_crs(CRS.from_epsg(code).to_wkt(WktVersion.WKT1_ESRI))
    assert decision is not None and decision.epsg == code and decision.warnings == ()


@pytest.mark.parametrize("text", [None, "", "  \n"])
def test_empty_input(text: str | None):
    assert recognise_crs(text) is None


@pytest.mark.parametrize("text", ["not a crs at all", 'PROJCS["broken", GEOGCS[', "+proj=nonsense"])
def test_unparseable_text(text: str):
    with pytest.raises(ValueError, match="cannot read a coordinate reference system"):
        recognise_crs(text)


def test_unknown_central_meridian():
    with pytest.raises(ValueError, match="105.2"):
        recognise_crs("VN-2000 KTT 105.2 múi 3")


# --- infer_crs ---------------------------------------------------------------------------------------------------


def test_degrees_are_taken_as_wgs84_with_an_explanation():
    decision = infer_crs([105.72, 106.34], [9.29, 9.93], None)
    assert decision.epsg == 4326
    assert "inferred" in decision.how.en and "degrees" in decision.how.en
    assert any("4756" in w and "225 m" in w for w in (x.en for x in decision.warnings))


@pytest.mark.parametrize(("province", "code", "city"), [("84", 9209, TRA_VINH_LONLAT), ("95", 5897, BAC_LIEU_LONLAT)])
def test_tm3_metres_take_the_province_zone(province: str, code: int, city: tuple[float, float]):
    point = TRA_VINH_EN if province == "84" else BAC_LIEU_EN
    decision = infer_crs([point[0], point[0] + 5000], [point[1], point[1] - 5000], province)
    assert decision.epsg == code
    assert (
        "inferred" in decision.how.en
        and f"province {province}" in decision.how.en
        and f"EPSG:{code}" in decision.how.en
    )
    assert metres_between(to_wgs84(decision.crs).transform(*point), city) < 1500


def test_new_vinh_long_takes_105_30_and_warns_about_ben_tre():
    decision = infer_crs([TRA_VINH_EN[0]], [TRA_VINH_EN[1]], "86")
    assert decision.epsg == 9209
    assert any("9210" in w for w in (x.en for x in decision.warnings))


@pytest.mark.parametrize(("province", "expected"), [(None, {5897, 9209, 9207}), ("", {5897, 9209}), ("01", {9209})])
def test_metres_without_a_known_province_ask_for_the_crs(province: str | None, expected: set[int]):
    with pytest.raises(AmbiguousCrsError, match="--crs") as caught:
        infer_crs([TRA_VINH_EN[0]], [TRA_VINH_EN[1]], province)
    assert expected <= set(caught.value.candidates)
    for code in expected:
        assert f"EPSG:{code}" in str(caught.value)


def test_new_ca_mau_is_ambiguous_between_former_bac_lieu_and_ca_mau():
    with pytest.raises(AmbiguousCrsError) as caught:
        infer_crs([BAC_LIEU_EN[0]], [BAC_LIEU_EN[1]], "96")
    assert set(caught.value.candidates) == {5897, 9207}


def test_swapped_latitude_longitude():
    with pytest.raises(CoordinateError, match="swap"):
        infer_crs([9.29, 9.93], [105.72, 106.34], "95")


def test_degrees_outside_the_region_say_how_far():
    hanoi = (105.85, 21.03)
    with pytest.raises(CoordinateError) as caught:
        infer_crs([106.34, hanoi[0]], [9.93, hanoi[1]], None)
    message = str(caught.value)
    assert caught.value.indexes == (1,)
    assert "feature 1 (lon 105.85, lat 21.03)" in message and "km out" in message
    assert "1,15" in message  # Hà Nội is ~1,150 km north of the box


def test_metres_outside_the_region_after_transform():
    with pytest.raises(CoordinateError, match="EPSG:9209") as caught:
        infer_crs([TRA_VINH_EN[0], 579_000.0], [TRA_VINH_EN[1], 1_290_000.0], "84")
    assert caught.value.indexes == (1,)
    assert "km out" in str(caught.value)


def test_values_that_are_neither_degrees_nor_tm3_metres():
    with pytest.raises(CoordinateError, match="--crs"):
        infer_crs([100_000.0], [2_300_000.0], "84")


def test_missing_values_are_named():
    with pytest.raises(CoordinateError, match="feature 1 "):
        infer_crs([105.7, float("nan")], [9.3, 9.4], None)


# --- feature_outside_region ------------------------------------------------------------------------------------


def test_a_feature_outside_the_region_is_told_how_far_and_what_to_correct():
    assert feature_outside_region(105.72, 9.29) is None and feature_outside_region(106.34, 9.93) is None
    far = feature_outside_region(105.85, 21.03)  # Hà Nội
    swapped = feature_outside_region(9.9, 106.3)
    assert "lon 105.85, lat 21.03" in far.en and "km from it" in far.en
    assert "correct this feature's coordinates" in far.en
    assert "kinh độ 105,85, vĩ độ 21,03" in far.vi and "hãy sửa tọa độ của đối tượng này" in far.vi
    assert "latitude and longitude look swapped" in swapped.en
    metres = feature_outside_region(487_763.0, 1_024_529.0)  # TM-3 metres read as degrees: the CRS, not the feature
    assert "look like VN-2000 TM-3 metres" in metres.en and "EPSG:9209" in metres.en and "?" not in metres.en
