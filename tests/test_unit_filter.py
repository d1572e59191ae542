"""The projects of one district or commune, on the map and in the exports (trial 42: a planner had no filter below
the province, and reached "the projects of huyện X" only through each unit's page or the spreadsheet's column)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter

import pyogrio
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.accounts import create_account
from geo.queries.field_reports import report_choices
from geo.queries.units_in_provinces import units_in_provinces


def _with_a_part_in(engine, code: str) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.scalars(
                text(
                    "SELECT DISTINCT p.code FROM project p JOIN project_unit_share s ON s.project_id = p.id "
                    "JOIN admin_unit u ON u.id = s.unit_id WHERE u.code = :code AND p.retired_at IS NULL"
                ),
                {"code": code},
            )
        )


def _unit(engine, scheme: str, name: str) -> str:
    with engine.connect() as connection:
        return connection.scalar(
            text("SELECT code FROM admin_unit WHERE scheme = :s AND name_vi = :n AND NOT is_context"),
            {"s": scheme, "n": name},
        )


def _exported(client, **params) -> set[str]:
    body = client.get("/api/exports/projects.csv", params=params).text.lstrip("\ufeff")
    return {row["code"] for row in csv.DictReader(io.StringIO(body))}


def test_the_projects_of_a_former_district_or_a_2025_commune_are_exported_and_offered_on_the_map(client, sample_engine):
    cau_ngang, dong_hai = _unit(sample_engine, "pre2025", "Cầu Ngang"), _unit(sample_engine, "2025", "Đông Hải")
    in_district = _exported(client, unit=cau_ngang)
    assert in_district and in_district == _with_a_part_in(sample_engine, cau_ngang)
    assert _exported(client, unit=dong_hai) == _with_a_part_in(sample_engine, dong_hai)
    both = _exported(client, unit=[cau_ngang, dong_hai])
    assert both == in_district | _with_a_part_in(sample_engine, dong_hai)  # either
    assert _exported(client, unit=cau_ngang, kind="substation") < in_district  # and the other filters
    assert client.get("/tiles/projects/8/204/122.pbf", params={"unit": cau_ngang}).status_code in (200, 204)
    page = client.get("/", params={"lang": "vi"}).text
    units, _ = json.JSONDecoder().raw_decode(page, page.index('"units": [') + len('"units": '))
    offered = {u["code"]: u["name_vi"] for u in units}
    assert offered[cau_ngang] == "Huyện Cầu Ngang" and offered[dong_hai].startswith("Xã Đông Hải, ")  # two provinces
    assert '"unit": "Huyện, xã"' in page  # the filter's heading, in the page's language


def test_a_unit_no_district_or_commune_has_is_refused_naming_it(client, sample_engine):
    """``/api/exports/projects.xlsx?unit=9999`` gave a workbook of no project, where an unknown kind is refused: the
    code is named, with where to find the codes, in the asker's language; a known unit beside it does not hide it."""
    cau_ngang = _unit(sample_engine, "pre2025", "Cầu Ngang")
    for fmt in ("xlsx", "csv", "geojson"):
        answer = client.get(f"/api/exports/projects.{fmt}", params={"unit": [cau_ngang, "9999"]})
        assert answer.status_code == 422, (fmt, answer.status_code)
        [problem] = answer.json()["detail"]
        assert problem["loc"] == ["query", "unit"] and "'9999'" in problem["msg"], problem
        assert "/api/units?level=district" in problem["msg"]
    vi = client.get("/api/exports/projects.xlsx", params={"unit": "9999"}, headers={"Accept-Language": "vi"})
    assert vi.json()["detail"][0]["msg"].startswith("không có huyện (trước 01/07/2025) hay xã, phường")
    assert client.get("/api/exports/projects.xlsx", params={"unit": "95"}).status_code == 422  # a province: not a unit
    assert client.get("/tiles/projects/8/204/122.pbf", params={"unit": "9999"}).status_code == 422


def test_the_units_of_a_province_as_the_exports_take_it(client, sample_engine):
    """/api/units?province= was refused (422) though the exports take it; a 2025 province stands for its former
    ones too: Vĩnh Long (86) lists Trà Vinh's (84) former districts."""
    tra_vinh = client.get("/api/units?level=district&province=84")
    assert tra_vinh.status_code == 200, tra_vinh.text
    codes = {f["properties"]["code"] for f in tra_vinh.json()["features"]}
    assert {"849", "850", "851"} <= codes and not any(code.startswith("9") for code in codes)  # no Bạc Liêu (95)
    vinh_long = client.get("/api/units?level=district&province=86").json()["features"]
    assert codes <= {f["properties"]["code"] for f in vinh_long}
    communes = client.get("/api/units?scheme=2025&level=commune&province=84").json()["features"]  # as the exports'
    assert {f["properties"]["code"] for f in communes} == _in_former_tra_vinh(sample_engine)
    unknown = client.get("/api/units?province=99")
    assert unknown.status_code == 422 and "/api/units?level=province" in unknown.text


def test_units_with_the_same_name_are_listed_with_their_kind(client):
    """Districts 850 and 851 were both "Duyên Hải" in the list and the OGC collection: a district and a town."""
    labels = {
        f["properties"]["code"]: f["properties"]["label_vi"]
        for f in client.get("/api/units?level=district").json()["features"]
    }
    assert labels["850"] == "Huyện Duyên Hải" and labels["851"] == "Thị xã Duyên Hải"
    assert labels["849"] == "Trà Cú"  # a name no other district has stays as it is
    ogc = client.get("/ogc/collections/units_pre2025_district/items?code=851").json()["features"][0]["properties"]
    assert ogc["label_vi"] == "Thị xã Duyên Hải"  # in QGIS too, even when the other one is not asked for


def test_communes_named_alike_in_two_provinces_are_listed_with_their_province(client, sample_engine):
    """Trial 62 F8: Cà Mau and Vĩnh Long each have a Xã Đông Hải and a Xã Phong Thạnh since 2025; the filter by unit
    of the map and /progress listed each twice alike, in both languages, as /api/units' label_vi did, and the field
    reports' filter told them apart by their codes only. Each now says its province where its name repeats."""
    communes = client.get("/api/units", params={"level": "commune"}).json()["features"]
    labels = {f["properties"]["code"]: f["properties"]["label_vi"] for f in communes}
    assert labels["31975"] == "Xã Đông Hải, Cà Mau" and labels["29536"] == "Xã Đông Hải, Vĩnh Long"
    assert (
        len(set(labels.values())) == len(labels) and labels[_unit(sample_engine, "2025", "Hiệp Thành")] == "Hiệp Thành"
    )
    for path, lang, field in (("/", "vi", "name_vi"), ("/progress", "vi", "name_vi"), ("/progress", "en", "name_en")):
        page = client.get(path, params={"lang": lang}).text
        units, _ = json.JSONDecoder().raw_decode(page, page.index('"units": [') + len('"units": '))
        offered = Counter((u["scheme"], u[field]) for u in units)
        assert offered.most_common(1)[0][1] == 1, (path, lang, offered.most_common(2))
        phong_thanh = {"vi": "Xã Phong Thạnh, Vĩnh Long", "en": "Phong Thạnh Commune, Vĩnh Long Province"}[lang]
        assert {u["code"]: u[field] for u in units}["29329"] == phong_thanh
    with Session(sample_engine) as session:  # an officer's report on each project reported, for the reports' filter
        officer = create_account(session, "f8.officer", role="editor", agency_code="BL.SXD")
        session.execute(
            text(
                "INSERT INTO status_event (project_id, version, status, percent, reported_at, reporter_account_id, "
                "is_demo) SELECT project_id, max(version) + 1, 'preparing', 0, current_date, :id, false "
                "FROM status_event GROUP BY project_id"
            ),
            {"id": officer.id},
        )
        choices = {u["code"]: (u["name_vi"], u["name_en"]) for u in report_choices(session)["unit"]}
        session.rollback()
    assert choices["31975"] == ("Xã Đông Hải, Cà Mau", "Đông Hải Commune, Cà Mau Province")
    assert choices["29536"] == ("Xã Đông Hải, Vĩnh Long", "Đông Hải Commune, Vĩnh Long Province")
    assert choices["850"] == ("Huyện Duyên Hải", "Duyên Hải District")  # its kind tells it from 851's already


def _in_former_tra_vinh(engine) -> set[str]:
    """The 2025 communes of former Trà Vinh (84), as the progress and projects sheets read it."""
    with Session(engine) as session:
        return set(units_in_provinces(session, ["84"], "2025", "commune"))


TRA_VINH_READ = {
    "vi": "Xã, phường (từ 01/07/2025) có phần lớn diện tích trong tỉnh Trà Vinh cũ (mã 84, trước 01/07/2025)",
    "en": "Communes (from 1 July 2025) lying mostly in former Trà Vinh Province (code 84, before 1 July 2025)",
}


def test_former_tra_vinh_gives_its_2025_communes_in_the_ogc_items_and_says_so(client, sample_engine):
    """A Vĩnh Long GIS officer holding former Trà Vinh's plan asked for province 84's 2025 communes and got none: the
    units layers read a commune's own province (86). They read a province as the sheets do, and say how."""
    communes = _in_former_tra_vinh(sample_engine)
    assert communes
    page = client.get("/ogc/collections/units_2025_commune/items", params={"province": "84", "limit": 500}).json()
    assert {f["properties"]["code"] for f in page["features"]} == communes
    assert page["numberMatched"] == len(communes) and page["provinceRead"] == TRA_VINH_READ
    shown = client.get(
        "/ogc/collections/units_2025_commune/items", params={"province": "84", "f": "html", "lang": "en"}
    )
    assert TRA_VINH_READ["en"] in shown.text


def test_former_tra_vinh_gives_its_2025_communes_in_a_layer_export_and_says_so(client, sample_engine, tmp_path):
    communes = _in_former_tra_vinh(sample_engine)
    gpkg = tmp_path / "tra_vinh.gpkg"
    gpkg.write_bytes(client.get("/api/exports/units_2025_commune.gpkg", params={"province": "84"}).content)
    assert set(pyogrio.read_dataframe(gpkg)["code"]) == communes
    described = pyogrio.read_info(gpkg)["layer_metadata"]["DESCRIPTION"]  # what QGIS shows in the layer's properties
    assert described == f"{TRA_VINH_READ['vi']} · {TRA_VINH_READ['en']}"


def test_the_export_command_gives_former_tra_vinhs_2025_communes_and_says_so(
    sample_url, sample_engine, commands_use, tmp_path
):
    commands_use(sample_url)
    out = tmp_path / "tra_vinh.zip"
    args = ["export", "units_2025_commune", "--province", "84", "--format", "shp", "--out", str(out), "--lang", "en"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert TRA_VINH_READ["en"] in " ".join(done.output.split())
    shapefile = pyogrio.read_dataframe(f"/vsizip/{out}/units_2025_commune_polygon.shp")
    assert set(shapefile["code"]) == _in_former_tra_vinh(sample_engine)
    assert zipfile.ZipFile(out).read("README.txt").decode() == f"{TRA_VINH_READ['vi']}\n\n{TRA_VINH_READ['en']}"


def test_a_province_holding_none_of_a_units_layers_units_is_refused_naming_those_that_do(client):
    """Province 83 (Bến Tre, a neighbour drawn for context) gave an empty file of 2025 communes: it is refused,
    naming the provinces that have some, in the asker's language; so is 84 on the 2025 provinces, none of which lies
    mostly in former Trà Vinh."""
    registry = "84 Trà Vinh, 86 Vĩnh Long, 95 Bạc Liêu, 96 Cà Mau"
    for url in ("/api/exports/units_2025_commune.gpkg", "/ogc/collections/units_2025_commune/items"):
        refused = client.get(url, params={"province": "83"}, headers={"Accept-Language": "en"})
        [problem] = refused.json()["detail"]
        assert refused.status_code == 422 and problem["loc"] == ["query", "province"], refused.text
        said = "the registry holds no communes (from 1 July 2025) lying in Bến Tre (code '83'); choose a province"
        assert problem["msg"] == f"{said} that has some: {registry}"
    vi = client.get(
        "/api/exports/units_2025_province.csv", params={"province": "84"}, headers={"Accept-Language": "vi"}
    )
    said = "sổ đăng ký không có tỉnh (từ 01/07/2025) nào nằm trong tỉnh Trà Vinh (mã '84'); chọn một tỉnh có:"
    assert vi.status_code == 422 and vi.json()["detail"][0]["msg"] == f"{said} 86 Vĩnh Long, 96 Cà Mau"
