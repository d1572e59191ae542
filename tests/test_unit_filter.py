"""The projects of one district or commune, on the map and in the exports (trial 42: a planner had no filter below
the province, and reached "the projects of huyện X" only through each unit's page or the spreadsheet's column)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.accounts import create_account
from geo.queries.field_reports import report_choices


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


def test_the_units_of_a_province_as_the_exports_take_it(client):
    """/api/units?province= was refused (422) though the exports take it; a 2025 province stands for its former
    ones too: Vĩnh Long (86) lists Trà Vinh's (84) former districts."""
    tra_vinh = client.get("/api/units?level=district&province=84")
    assert tra_vinh.status_code == 200, tra_vinh.text
    codes = {f["properties"]["code"] for f in tra_vinh.json()["features"]}
    assert {"849", "850", "851"} <= codes and not any(code.startswith("9") for code in codes)  # no Bạc Liêu (95)
    vinh_long = client.get("/api/units?level=district&province=86").json()["features"]
    assert codes <= {f["properties"]["code"] for f in vinh_long}
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
