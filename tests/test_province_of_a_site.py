"""A project's province: the one the province filter, the exports, the search and /progress all count it in.

Trial 54: a Cà Mau office gave its sites in former Bạc Liêu the 2025 code, 96. Those near Bạc Liêu's borders, outside
the 2025 Cà Mau outline (which differs from the former ones by 21 km²), were stored as 96: the map's province filter
95 and its exports left them out, the search said "Cà Mau", while /progress counted them in Bạc Liêu (140 more
projects than the list, the GeoPackage and the sheet).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from api.main import create_app
from geo import migrations
from geo.ingest import IngestRequest, Options, ingest
from geo.settings import Settings, get_settings
from geo.share_queue import finish_queued_shares

#: In Hồng Dân (956), former Bạc Liêu, 3 km² of which lie outside the 2025 Cà Mau outline (in Cần Thơ's)
HONG_DAN_BY_THE_BORDER = (105.546989, 9.496519)
IN_GIA_RAI = (105.45, 9.25)  # former Bạc Liêu, inside the 2025 Cà Mau outline
IN_FORMER_CA_MAU = (105.15, 9.18)  # far from Bạc Liêu's districts: a site of former Cà Mau
IN_SOC_TRANG = (105.97, 9.60)  # 26 km from Bạc Liêu: in no unit of the registry
OURS = "code IN ('BL-021070', 'BL-000002', 'CM-000003', 'ST-000004')"


@pytest.fixture(scope="module")
def url(make_registry) -> str:
    return make_registry("province_of_a_site", sample=True)


@pytest.fixture(scope="module")
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=url)))


def _sites_of_a_ca_mau_office(path: Path) -> Path:
    gpd.GeoDataFrame(
        {
            "MA_CT": ["BL-021070", "BL-000002", "CM-000003", "ST-000004"],
            "TEN_CT": ["Cống hộp số 21070", "Kè Gia Rai", "Kè Cà Mau", "Kè Sóc Trăng"],
            "LOAI_CT": ["sluice", "embankment", "embankment", "embankment"],
            "MA_TINH": ["96", "96", "96", "95"],
        },
        geometry=shapely.points([HONG_DAN_BY_THE_BORDER, IN_GIA_RAI, IN_FORMER_CA_MAU, IN_SOC_TRANG]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    return path


def _counts(client: TestClient, province: str) -> dict[str, float]:
    """How many projects each surface gives province ``province`` (a former one: 95; or 2025: 96)."""
    listed = client.get("/api/projects", params={"province": province, "limit": 1}).json()["numberMatched"]
    gpkg = client.get("/api/exports/projects.gpkg", params={"province": province})
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as written:
        written.write(gpkg.content)
        written.flush()
        exported = sum(len(pyogrio.read_dataframe(written.name, layer=n)) for n, _ in pyogrio.list_layers(written.name))
    scheme = "pre2025" if province == "95" else "2025"
    progress = client.get("/api/progress", params={"scheme": scheme, "level": "province"}).json()["units"]
    counts = {
        "list": listed,
        "gpkg": exported,
        "progress": next(u["projects"] for u in progress if u["code"] == province),
        # the province's page lists the same projects (the progress popup names its first ones)
        "unit_page": len(client.get(f"/api/units/{scheme}/{province}/projects", params={"limit": 1000}).json()),
    }
    if scheme == "pre2025":
        districts = client.get("/api/progress", params={"level": "district", "province": province}).json()["units"]
        counts["districts"] = sum(u["projects"] for u in districts)
    return counts


def test_a_site_given_the_2025_code_is_stored_and_counted_with_its_former_province_by_every_surface(
    engine, client, tmp_path
):
    """Three sites given 96: one in Hồng Dân by the border (outside the 2025 Cà Mau outline), one in Giá Rai, one in
    former Cà Mau; and one given 95 in Sóc Trăng (warned of, stored as given). The first two are stored with 95, as the
    rule says, and said once as information, not warned of. The list, the GeoPackage, /progress and the province's
    page count three more for Bạc Liêu (its progress and page counted the sites its outline holds, not those its
    filter finds), the districts two (the sites lying in one of them); the former Cà Mau site stays 96, and its
    warning says where it counts: the 2025 Cà Mau's progress, as the filter 96 finds it (it said "no unit's", and
    /progress counted such sites)."""
    before = {province: _counts(client, province) for province in ("95", "96")}
    assert len({before["95"][surface] for surface in ("list", "gpkg", "progress", "unit_page")}) == 1, before
    assert len(set(before["96"].values())) == 1, before

    report = ingest(
        engine,
        IngestRequest(_sites_of_a_ca_mau_office(tmp_path / "du_an_bl.geojson"), Options("projects")),
        get_settings(),
    )
    finish_queued_shares(engine)

    assert report.ok, report.errors
    warned = [w for w in report.warnings if w.field == "MA_TINH"]
    assert [w.codes for w in warned] == [("CM-000003",), ("ST-000004",)], warned  # not the two in Bạc Liêu
    assert "counts in the progress of province 96 (Cà Mau, from 1 July 2025) alone" in warned[0].message
    assert "chỉ được tính vào tiến độ của tỉnh 96 (Cà Mau, từ 01/07/2025)" in warned[0].message_vi
    assert report.provinces_read == (
        "2 projects given province code 96 (the province from 1 July 2025) lie in former province 95 (Bạc Liêu): "
        "stored with province 95, as the registry records the provinces before 1 July 2025 (as the plans do); the "
        "province filter 95, its exports and its progress count them"
    )
    assert report.provinces_read_vi.startswith("2 dự án ghi mã tỉnh 96 (tỉnh từ 01/07/2025) nằm trong tỉnh 95 cũ")
    with engine.connect() as connection:
        stored = dict(connection.execute(text(f"SELECT code, province_code FROM project WHERE {OURS}")).all())
    assert stored == {"BL-021070": "95", "BL-000002": "95", "CM-000003": "96", "ST-000004": "95"}
    after = {province: _counts(client, province) for province in ("95", "96")}
    added = {"list": 3, "gpkg": 3, "progress": 3, "unit_page": 3, "districts": 2}
    assert after["95"] == {surface: count + added[surface] for surface, count in before["95"].items()}, (before, after)
    assert after["96"] == {surface: count + 4 for surface, count in before["96"].items()}, (before, after)
    found = client.get("/api/search", params={"q": "BL-021070"}).json()["results"]
    assert [r["province_vi"] for r in found if r.get("code") == "BL-021070"] == ["Bạc Liêu"], found


def test_the_migration_stores_the_projects_given_a_2025_code_with_their_former_province(make_registry):
    """A registry loaded before the rule was mended keeps sites of former Bạc Liêu and Trà Vinh stored with 96 and
    86: the migration gives them their former province, records each change in the project's record, and expires
    the projects' tiles; a site of former Cà Mau keeps 96."""
    url = make_registry("province_migration", sample=True)
    engine = create_engine(url)
    mended = (
        "SELECT id, province_code FROM project WHERE geom IS NOT NULL AND province_code = :code ORDER BY id LIMIT 2"
    )
    with engine.begin() as connection:
        bac_lieu = [row.id for row in connection.execute(text(mended), {"code": "95"})]
        tra_vinh = [row.id for row in connection.execute(text(mended), {"code": "84"})][:1]
        connection.execute(text("UPDATE project SET province_code = '96' WHERE id = ANY(:ids)"), {"ids": bac_lieu})
        connection.execute(text("UPDATE project SET province_code = '86' WHERE id = ANY(:ids)"), {"ids": tra_vinh})
        ca_mau = connection.execute(
            text(
                "INSERT INTO project (code, name_vi, name_en, kind, province_code, location_precision, sources, geom) "
                "VALUES ('CM-1', 'Kè Cà Mau', '', 'embankment', '96', 'surveyed', '{}', "
                "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) RETURNING id"
            ),
            dict(zip(("lon", "lat"), IN_FORMER_CA_MAU, strict=True)),
        ).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = '0037'"))
        tiles = connection.execute(text("SELECT version FROM layer_version WHERE layer_id = 'projects'")).scalar_one()

    migrations.upgrade(url, "0038")  # 0038 alone: the schema is at head, only its version was set back

    with engine.connect() as connection:
        codes = dict(connection.execute(text("SELECT id, province_code FROM project")).all())
        recorded = connection.execute(
            text("SELECT entity_id, changes FROM audit_log WHERE actor = 'georeg db migrate' ORDER BY entity_id::int")
        ).all()
        tiles_after = connection.execute(
            text("SELECT version FROM layer_version WHERE layer_id = 'projects'")
        ).scalar_one()
    engine.dispose()
    assert [codes[i] for i in bac_lieu] == ["95", "95"] and [codes[i] for i in tra_vinh] == ["84"]
    assert codes[ca_mau] == "96"
    moved = sorted([(i, ["96", "95"]) for i in bac_lieu] + [(i, ["86", "84"]) for i in tra_vinh])
    assert [(int(i), changes["province_code"]) for i, changes in recorded] == moved
    assert tiles_after == tiles + 1


IN_FORMER_BEN_TRE = (106.467, 10.12)  # of the 2025 Vĩnh Long (86), whose former Trà Vinh alone the registry holds
IN_FORMER_VINH_LONG = (105.99, 10.10)


def test_sites_in_the_registrys_2025_province_outside_its_communes_are_said_one_way_and_stored_with_their_former_one(
    engine, client, tmp_path
):
    """Trial 69: a Vĩnh Long officer's sites in former Bến Tre and Vĩnh Long, given 86 or no province, were told
    three different things: Bến Tre's, given 86, "in the neighbouring province 83 …, up to 19,411 m outside the
    registry's provinces", stored as 86; former Vĩnh Long's "as its code says"; one given none "in the neighbouring
    province 86". And a 2025 Vĩnh Long inventory given no province was refused as read in the wrong CRS. Each is now
    said one way (which 2025 province, which former one, its communes not held, counted in the 2025 province alone,
    what to do), stored with its former province, and the file loads."""
    path = tmp_path / "vinh_long.geojson"
    sites = [IN_FORMER_BEN_TRE, IN_FORMER_VINH_LONG, IN_FORMER_VINH_LONG, IN_FORMER_BEN_TRE, IN_FORMER_BEN_TRE]
    gpd.GeoDataFrame(
        {
            "MA_CT": [f"VL-00{k}" for k in range(5)],
            "TEN_CT": [f"Kè {k}" for k in range(5)],
            "LOAI_CT": ["embankment"] * 5,
            "MA_TINH": ["86", "86", None, None, None],
        },
        geometry=shapely.points(sites),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    progress = {"scheme": "2025", "level": "province"}
    before = next(
        u["projects"] for u in client.get("/api/progress", params=progress).json()["units"] if u["code"] == "86"
    )

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())
    finish_queued_shares(engine)

    assert report.ok, report.errors
    warned = [w for w in report.warnings if w.field == "MA_TINH"]
    assert {w.key for w in warned} == {"province_part_of_2025"}, warned
    assert [(w.value, w.codes) for w in warned] == [
        ("86", ("VL-000",)), ("86", ("VL-001",)), (None, ("VL-002",)), (None, ("VL-003", "VL-004"))
    ]  # fmt: skip
    for w, former in zip(warned, ["83 (Bến Tre)", "86 (Vĩnh Long)", "86 (Vĩnh Long)", "83 (Bến Tre)"], strict=True):
        assert w.message.startswith(
            f"the site lies in province 86 (Vĩnh Long, from 1 July 2025), in its part that was province {former} "
            "before that day, whose communes the registry does not hold: the project is stored with province "
            f"{former[:2]} (its former province, as every project is) and counts in the progress of province 86 "
            "(Vĩnh Long, from 1 July 2025) alone"
        ), w.message
        assert "--into units --scheme 2025 --kind commune" in w.message and "neighbouring" not in w.message
        assert w.message_vi.startswith(
            f"vị trí nằm trong tỉnh 86 (Vĩnh Long, từ 01/07/2025), ở phần trước 01/07/2025 là tỉnh {former}"
        ), w.message_vi
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT code, province_code FROM project WHERE code LIKE 'VL-00%' ORDER BY code")
        )
        assert [province for _, province in stored] == ["83", "86", "86", "83", "83"]
    after = next(
        u["projects"] for u in client.get("/api/progress", params=progress).json()["units"] if u["code"] == "86"
    )
    assert after == before + 5
