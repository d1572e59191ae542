"""A large projects load, written set by set, gives what writing the same projects one by one gives.

The reference writes every fortieth project of the file again, under other codes, one at a time with the registry's
own single-project primitives (the upsert of the sample loader, append_status_event of status reports, and
recompute_shares), each project alone in its own transaction (a few writers at once, beside the loads): projects,
shares and status events must match, project by project.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from geoalchemy2 import WKBElement
from ingest_files import esri_prj, legacy_shapefile, project_mix
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session

from geo.apportion import recompute_shares
from geo.ingest import IngestRequest, Options, ingest, project_writes
from geo.ingest.project_writes import lock_what_changes
from geo.layer_versions import read_states
from geo.models import IngestJob, Project
from geo.queries.projects_changed import projects_changed_after
from geo.sample.upsert import upsert
from geo.settings import get_settings
from geo.share_queue import finish_queued_shares
from geo.status_history import append_status_event
from geo.vietnam_day import vietnam_today

COUNT = 20_000
EVERY = 40  # the reference takes every fortieth project (500 from all through the file, one by one)
REVISED = 2_000  # the second load revises the first projects' statuses
WRITERS = 4  # the reference's projects written at once, each alone: its time is round trips, not the database's work


@pytest.fixture(scope="module")
def engine(make_registry) -> Iterator[Engine]:
    url = make_registry("ingest_projects", sample=True)
    engine = create_engine(url)
    yield engine
    engine.dispose()


def load(engine: Engine, frame: gpd.GeoDataFrame, path: Path, mode: str):
    frame.to_file(path, driver="GPKG")
    settings = get_settings().model_copy(update={"ingest_chunk_size": 6_000})  # chunks of a file, not one
    return ingest(engine, IngestRequest(path, Options("projects", mode=mode)), settings)


def revision(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The first projects again: every other one with a new status, the rest as they were."""
    revised = frame.iloc[:REVISED].copy()
    revised.loc[revised.index % 2 == 0, "TRANG_THAI"] = "completed"
    revised.loc[revised.index % 2 == 0, "TIEN_DO"] = 100.0
    return revised


def one_by_one(engine: Engine, frame: gpd.GeoDataFrame, provinces: list[str]) -> list[int]:
    """Each project written alone in its own transaction (:func:`write_one`), by a few writers at once (as reports
    arrive: the rows are apart), then their shares; returns the ids."""
    with ThreadPoolExecutor(WRITERS) as writers:
        rows = zip(frame.itertuples(), provinces, strict=True)
        ids = list(writers.map(lambda row: write_one(engine, *row), rows))
    with Session(engine) as session, session.begin():
        recompute_shares(session, ids)
    return ids


def write_one(engine: Engine, row, province: str) -> int:
    """A project upserted alone in its own transaction (as a form or a status report writes one), a status event when
    it is new or its given status changed; returns its id."""
    with Session(engine) as session, session.begin():
        existing = session.scalar(select(Project.id).where(Project.code == row.MA_DA))
        values = {
            "code": row.MA_DA,
            "name_vi": row.TEN_DA,
            "name_en": "",
            "kind": row.LOAI,
            "province_code": province,
            "location_precision": "unknown",
            "sources": ["reference"],
            "geom": WKBElement(shapely.to_wkb(row.geometry), srid=4326),
        }
        project = session.get(Project, upsert(session, Project, ("code",), values))  # read back: a new session
        status, percent = (row.TRANG_THAI, row.TIEN_DO) if isinstance(row.TRANG_THAI, str) else (None, None)
        if existing is None or (status is not None and (status, percent) != (project.status, project.percent)):
            append_status_event(  # the tiles left as the sample loader leaves them (not compared)
                session,
                project,
                status=status or "proposed",
                percent=percent or 0,
                reported_at=vietnam_today(),
                expire_tiles=False,
            )
        return project.id


PROJECT = (
    "SELECT p.code, name_vi, name_en, kind, province_code, location_precision, status, percent, status_date, version, "
    "length_m, area_m2, encode(ST_AsBinary(geom), 'hex') FROM project p WHERE p.code = ANY(:codes)"
)
SHARES = (
    "SELECT p.code, s.unit_id, round(s.share::numeric, 9) FROM project_unit_share s "
    "JOIN project p ON p.id = s.project_id WHERE p.code = ANY(:codes)"
)
EVENTS = (
    "SELECT p.code, e.version, e.status, e.percent, e.reported_at FROM status_event e "
    "JOIN project p ON p.id = e.project_id WHERE p.code = ANY(:codes)"
)


def states(session: Session, codes: list[str]) -> dict[str, tuple]:
    """Each project's row, its shares and its status events (in order), by code: one query for all of a kind."""
    found: dict[str, tuple[list, list, list]] = {code: ([], [], []) for code in codes}
    for i, query in enumerate((PROJECT, SHARES, EVENTS)):
        for code, *values in session.execute(text(query), {"codes": codes}).all():
            found[code][i].append(tuple(values))
    return {code: tuple(tuple(sorted(rows)) for rows in state) for code, state in found.items()}


def state(session: Session, code: str) -> tuple:
    return states(session, [code])[code]


def as_reference(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Every fortieth project of ``frame``, under the reference's codes."""
    sampled = frame.iloc[::EVERY].copy()
    sampled["MA_DA"] = sampled["MA_DA"].str.replace("S-", "R-")
    return sampled


def write_reference(engine: Engine, frame: gpd.GeoDataFrame, provinces: list[str]) -> None:
    """The reference of the loads of ``frame`` and of its revision: their sampled projects written one by one."""
    one_by_one(engine, as_reference(frame), provinces[::EVERY])
    one_by_one(engine, as_reference(revision(frame)), provinces[:REVISED:EVERY])


def test_a_20k_projects_load_and_its_revision_equal_writing_them_one_by_one(engine, tmp_path):
    frame = project_mix(COUNT, "S")
    provinces = frame.attrs.pop("provinces")  # pandas deep-copies attrs with every slice and copy of the frame
    sampled = as_reference(frame)

    # the reference is written while the loads run (rows of its own): it waits on round trips, they keep the database
    # busy; one after the other, the test took 88 s in a run of the suite
    with ThreadPoolExecutor(1) as beside:
        reference = beside.submit(write_reference, engine, frame, provinces)
        first = load(engine, frame, tmp_path / "du_an.gpkg", "append")
        second = load(engine, revision(frame), tmp_path / "du_an_sua.gpkg", "upsert")
        reference.result()

    assert first.ok and second.ok, (first.errors, second.errors)
    assert (first.written_count, second.written_count) == (COUNT, REVISED // 2)  # the other half is as it was
    # the report tells where the load's time went: the database's writes of the chunks, and how long reading waited
    took = first.seconds
    assert 0 < took["chunk_writes"] <= took["read_checked_written"]
    assert 0 <= took["waiting_for_writes"] <= took["chunk_writes"]
    assert second.changes == {
        "new": 0,
        "updated": REVISED // 2,
        "status_changed": REVISED // 2,
        "history_added": 0,
        "unchanged": REVISED // 2,
    }
    revised_codes = list(revision(frame)["MA_DA"][::2])  # every other one has another status
    assert second.changed_codes == {"new": [], "updated": revised_codes[:10]}  # the first ones, in file order
    with Session(engine) as session:
        references = states(session, list(sampled["MA_DA"]))
        loads = states(session, [code.replace("R-", "S-") for code in sampled["MA_DA"]])
        for code, reference in references.items():
            assert loads[code.replace("R-", "S-")] == reference, code
        loaded = dict(session.execute(text("SELECT code, province_code FROM project WHERE code LIKE 'S-%'")).all())
        events = session.scalar(
            text("SELECT count(*) FROM status_event e JOIN project p ON p.id = e.project_id WHERE p.code LIKE 'S-%'")
        )
        shared = session.scalar(
            text(
                "SELECT count(DISTINCT s.project_id) FROM project_unit_share s JOIN project p ON p.id = s.project_id "
                "WHERE p.code LIKE 'S-%'"
            )
        )
    assert loaded == dict(zip(frame["MA_DA"], provinces, strict=True))
    assert events == COUNT + REVISED // 2 and shared == COUNT


def test_a_code_given_twice_in_a_file_is_named_with_both_features_and_nothing_is_written(engine, tmp_path):
    frame = project_mix(30, "D", seed=3)
    frame.loc[25, "MA_DA"] = frame.loc[4, "MA_DA"]

    report = load(engine, frame, tmp_path / "trung.gpkg", "upsert")

    assert [(p.index, p.field, p.value) for p in report.errors] == [(25, "MA_DA", "D-000004")]
    assert "feature 4" in report.errors[0].message
    with Session(engine) as session:
        assert session.scalar(text("SELECT count(*) FROM project WHERE code LIKE 'D-%'")) == 0


def test_codes_already_in_the_registry_are_all_counted_through_the_whole_file_and_nothing_is_written(engine, tmp_path):
    """An append that meets codes already in the registry goes on checking the rest of the file for them (chunk by
    chunk, writing nothing), so the refusal counts them all, not only those of the first part that had any."""
    frame = project_mix(40, "E", seed=5)
    assert load(engine, frame, tmp_path / "lan_dau.gpkg", "append").ok
    again = pd.concat([project_mix(20, "F", seed=6), frame], ignore_index=True)  # new ones first, then all 40 again

    path = tmp_path / "lan_hai.gpkg"
    again.to_file(path, driver="GPKG")
    settings = get_settings().model_copy(update={"ingest_chunk_size": 15})
    report = ingest(engine, IngestRequest(path, Options("projects", mode="append")), settings)

    assert not report.ok and len(report.errors) == 1 and report.errors[0].layer == "lan_hai"
    refusal = report.errors[0].text("en")
    assert "feature 20 ('E-000000')" in refusal and "and 35 more" in refusal, refusal
    assert "đối tượng 20 ('E-000000')" in report.errors[0].text("vi") and "và 35 đối tượng khác" in report.errors[
        0
    ].text("vi")
    with Session(engine) as session:
        assert session.scalar(text("SELECT count(*) FROM project WHERE code LIKE 'F-%'")) == 0


def test_codes_already_registered_are_told_with_the_files_other_problems_not_after_them(engine, tmp_path):
    """A GIS officer's file with a wrong kind in its first rows and codes already in the registry: the report named
    the kind alone, and the registered codes only once it was mended."""
    frame = project_mix(10, "K", seed=7)
    assert load(engine, frame, tmp_path / "lan_dau.gpkg", "append").ok
    again = pd.concat([project_mix(5, "L", seed=8), frame], ignore_index=True)
    again.loc[1, "LOAI"] = "Cống tròn"

    report = load(engine, again, tmp_path / "lan_hai.gpkg", "append")

    told = [p.text("en") for p in report.errors]
    assert len(told) == 2 and "Cống tròn" in told[0], told
    assert "feature 5 ('K-000000')" in told[1] and "the project already exists" in told[1], told
    assert report.errors[1].field == "MA_DA"  # the file's column, as its other errors name theirs
    with Session(engine) as session:
        assert session.scalar(text("SELECT count(*) FROM project WHERE code LIKE 'L-%'")) == 0


def test_a_features_repeated_or_registered_code_is_told_with_its_other_problems(engine, tmp_path):
    """A feature with a wrong kind and percent, whose code another feature of the file has, or a project has already:
    the report named the kind and the percent, and the code only once they were mended."""
    frame = project_mix(4, "RC", seed=3)
    first = load(engine, frame, tmp_path / "lan_dau.gpkg", "append")
    assert first.ok, first.errors
    again = pd.concat([project_mix(3, "SC", seed=4), frame.iloc[:1]], ignore_index=True)
    again.loc[2, "MA_DA"] = again.loc[0, "MA_DA"]  # feature 2 repeats feature 0's code ...
    again.loc[[2, 3], "LOAI"] = "Cống tròn"  # ... and feature 3 is a registered project's: both have a wrong kind
    again.loc[[2, 3], "TIEN_DO"] = 150.0

    report = load(engine, again, tmp_path / "lan_hai.gpkg", "append")

    told = {(p.index, p.field): p.text("en") for p in report.errors if p.index is not None}
    assert {(2, "LOAI"), (2, "TIEN_DO"), (2, "MA_DA")} <= set(told), told
    assert "features 2, 3" in told[(2, "LOAI")] and "features 2, 3" in told[(2, "TIEN_DO")]  # the same problem
    assert "feature 0 has the same code" in told[(2, "MA_DA")]
    registered = [p.text("en") for p in report.errors if "the project already exists" in p.text("en")]
    assert len(registered) == 1 and "feature 3 ('RC-000000')" in registered[0], registered


def test_a_file_whose_layers_have_different_crss_reports_each_layers(engine, tmp_path):
    """A GeoPackage with a layer per province, each in its own TM-3 zone: the report (and the job) names both, not
    the last layer's alone."""
    frame = project_mix(20, "F", seed=7)
    path = tmp_path / "hai_tinh.gpkg"
    frame.iloc[:10].to_crs(5897).to_file(path, layer="bac_lieu", driver="GPKG")
    frame.iloc[10:].to_crs(9209).to_file(path, layer="tra_vinh", driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    assert report.ok, report.errors
    assert report.crs.startswith("bac_lieu: EPSG:5897") and "; tra_vinh: EPSG:9209" in report.crs, report.crs
    assert report.crs_how.startswith("bac_lieu: ") and "tra_vinh: " in report.crs_how_vi
    assert report.encoding == "utf-8"  # the same in both layers: said once


def test_a_zip_of_two_offices_shapefiles_in_their_own_crs_and_encoding_loads_and_its_job_keeps_both(engine, tmp_path):
    """Bạc Liêu's layer in TM-3 105°00' written in TCVN3, Trà Vinh's in TM-3 105°30' in VNI: the job records each
    layer's CRS and encoding in full (the job's columns once held 80 and 20 characters: too few for two layers)."""
    frame = project_mix(30, "H", seed=13)
    frame = frame[frame.geom_type == "Point"].iloc[:12].reset_index(drop=True)  # a shapefile holds one type
    frame["TEN_DA"] = ["Kè Gành Hào đoạn " + str(i) for i in range(len(frame))]
    folder = tmp_path / "hai_so"
    legacy_shapefile(folder, frame.iloc[:6].to_crs(5897), "tcvn3", esri_prj(5897), name="du_an_bac_lieu")
    legacy_shapefile(folder, frame.iloc[6:].to_crs(9209), "vni", esri_prj(9209), name="du_an_tra_vinh")
    archive = tmp_path / "hai_so.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in folder.iterdir():
            zf.write(part, part.name)

    report = ingest(engine, IngestRequest(archive, Options("projects")), get_settings())

    assert report.ok, report.errors
    assert report.encoding == "du_an_bac_lieu: tcvn3; du_an_tra_vinh: vni", report.encoding
    with Session(engine) as session:
        job = session.get(IngestJob, report.job_id)
        names = session.scalars(text("SELECT name_vi FROM project WHERE code LIKE 'H-%' ORDER BY code")).all()
    assert (job.detected_crs, job.detected_encoding) == (report.crs, report.encoding)
    assert "du_an_bac_lieu: EPSG:5897" in job.detected_crs and "du_an_tra_vinh: EPSG:9209" in job.detected_crs
    assert names == list(frame["TEN_DA"])


@pytest.mark.parametrize(
    ("code", "prefix"),
    # Bạc Liêu's code; Sóc Trăng's, a neighbour whose code a trial's officer gave a Bạc Liêu site without a word
    [("95", "G"), ("94", "GS")],
)
def test_a_site_given_one_province_but_lying_in_another_is_warned_of_and_kept_as_given(engine, tmp_path, code, prefix):
    frame = project_mix(12, prefix, seed=9)
    in_tra_vinh = [i for i, p in enumerate(frame.attrs["provinces"]) if p == "84"][0]
    frame.loc[in_tra_vinh, "province"] = code  # another province's code on a site in Trà Vinh

    report = load(engine, frame, tmp_path / "sai_tinh.gpkg", "append")

    warned = [w for w in report.warnings if w.field == "province"]
    assert report.ok and [(w.index, w.value) for w in warned] == [(in_tra_vinh, code)], report.warnings
    assert "the site lies in province 84 (Trà Vinh)" in warned[0].message
    assert "vị trí nằm trong tỉnh 84 (Trà Vinh)" in warned[0].message_vi
    with Session(engine) as session:
        stored = session.scalar(
            text("SELECT province_code FROM project WHERE code = :c"), {"c": frame.MA_DA[in_tra_vinh]}
        )
    assert stored == code


@pytest.mark.parametrize(
    ("given", "read_in"),
    [
        ("column", "EPSG:9209"),
        ("--province", "EPSG:9209"),
        ("column", "EPSG:9207"),
        ("2025 column", "EPSG:9209"),  # Cà Mau's code since the reform
        ("none", "EPSG:9207"),
    ],
)
def test_a_file_read_in_the_wrong_tm3_zone_is_refused_not_loaded_50_km_away(engine, tmp_path, given, read_in):
    """A Bạc Liêu file in VN-2000 metres of its zone (105°00', EPSG:5897) read in Trà Vinh's (105°30', EPSG:9209) or
    Cà Mau's (104°30', EPSG:9207): every site lands about 55 km east or west, in a neighbour or out at sea. A site at
    sea given a province was not even warned of, one in Cà Mau only warned of, and the file loaded. When most of the
    sites given a province lie far from it, or most of those given none lie in neighbouring provinces, the file is
    refused, saying its CRS is most likely wrong; nothing is written. A trial's Vĩnh Long file given today's code 86,
    or none, read in the wrong zone loaded in Sóc Trăng with warnings only."""
    prefix = f"Z{len(given)}{read_in[-1]}"
    frame = project_mix(12, prefix, seed=5)
    in_bac_lieu = [p == "95" for p in frame.attrs["provinces"]]
    frame = frame[in_bac_lieu]
    # and the sample's own Bạc Liêu sites, on its eastern side: read 55 km west, they land a few km into Cà Mau
    east = [(105.72, 9.29), (105.60, 9.35), (105.66, 9.24), (105.55, 9.40), (105.70, 9.31)]
    frame = pd.concat([frame, frame.iloc[: len(east)].assign(MA_DA=lambda f: f.MA_DA + "E")], ignore_index=True)
    frame.loc[frame.index[-len(east) :], "geometry"] = shapely.points(east)
    frame = frame.set_crs("EPSG:4326", allow_override=True).to_crs("EPSG:5897")
    if given.endswith("column"):
        frame["province"] = "96" if given.startswith("2025") else "95"
    else:
        frame = frame.drop(columns="province")
    path = tmp_path / "bac_lieu_vn2000.gpkg"
    frame.to_file(path, driver="GPKG")
    options = Options("projects", province="95" if given == "--province" else None)

    report = ingest(engine, IngestRequest(path, options, crs=read_in), get_settings())

    refused = [e for e in report.errors if e.field == "province_code" and "--crs" in e.message]
    assert not report.ok and len(refused) == 1 and report.written_count == 0, report.errors  # it said "written 9"
    said = (
        "given no province lie (in neighbouring|outside the registry's) provinces"
        if given == "none"
        else ("given a province lie far from it")
    )
    outside = re.match(rf"(\d+) of the (\d+) features {said}", refused[0].message)
    assert outside and 2 * int(outside[1]) > int(outside[2]) >= len(frame) // 2, refused[0].message
    # and the zone it was made in is found and named, so that the officer need not guess it
    tried = re.search(
        r"Read in EPSG:5897 \(TM-3 105°00', former Bạc Liêu\), (\d+) of the (\d+) sites", refused[0].message
    )
    assert tried and int(tried[1]) >= 0.8 * int(tried[2]) > 0, refused[0].message
    assert "--crs EPSG:5897" in refused[0].message and "--crs EPSG:5897" in refused[0].message_vi
    assert "instead of the CRS the file gives (EPSG:5897" in report.crs_how  # the file's own, overridden, said
    with Session(engine) as session:
        assert not session.scalar(text("SELECT count(*) FROM project WHERE code LIKE :c"), {"c": f"{prefix}-%"})
    # read in its own zone, the same file loads where it is
    assert ingest(engine, IngestRequest(path, options, crs="EPSG:5897"), get_settings()).ok


def test_a_bac_lieu_file_given_ca_maus_2025_code_with_the_former_ca_maus_prj_is_refused(engine, tmp_path):
    """Trial 41: since July 2025 an office writes Cà Mau's 96 for Bạc Liêu's sites, and 96 holds both Bạc Liêu (zone
    105°00') and the former Cà Mau (104°30'). A Bạc Liêu file with the former Cà Mau's .prj landed 55 km west, in
    the former Cà Mau, "in province 96 as its code says": warned of, and loaded. Most sites lying outside the
    registry's provinces as given, while the zone they fit puts them in Bạc Liêu, the file is refused naming that
    zone; the officer who means the file's own CRS says so with --crs. (Bạc Liêu's eastern sites, read 55 km west,
    still lie in Bạc Liêu: a third of the sites outside is enough to try the zones.)"""
    frame = project_mix(40, "Z96", seed=5)
    frame = frame[[p == "95" for p in frame.attrs["provinces"]]].assign(province="96")
    path = tmp_path / "bac_lieu_96.gpkg"  # Bạc Liêu's coordinates (105°00'), the former Cà Mau's .prj (104°30')
    frame.set_crs("EPSG:4326", allow_override=True).to_crs("EPSG:5897").set_crs(
        "EPSG:9207", allow_override=True
    ).to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    refused = [e for e in report.errors if e.field == "province_code"]
    assert not report.ok and len(refused) == 1 and report.written_count == 0, report.errors
    assert re.match(r"\d+ of the \d+ features given a province lie in it but outside", refused[0].message)
    assert "Read in EPSG:5897 (TM-3 105°00', former Bạc Liêu)" in refused[0].message
    assert "--crs EPSG:9207 (hệ tọa độ của tệp) để xác nhận" in refused[0].message_vi
    with Session(engine) as session:
        assert not session.scalar(text("SELECT count(*) FROM project WHERE code LIKE 'Z96-%'"))
    # read in the zone named, the sites are Bạc Liêu's; the file's own CRS, confirmed, is loaded as the officer says
    placed = ingest(engine, IngestRequest(path, Options("projects"), crs="EPSG:5897", dry_run=True), get_settings())
    assert placed.ok, placed.errors
    assert ingest(engine, IngestRequest(path, Options("projects"), crs="EPSG:9207", dry_run=True), get_settings()).ok


def test_metres_under_a_geographic_crs_are_told_once_as_the_wrong_crs_with_the_zones_to_choose(engine, tmp_path):
    """VN-2000 TM-3 metres in a file whose CRS says WGS 84: each feature was its own error, "lon 487,763, lat
    1,024,529, ? out", with no word of the CRS. It is one problem of every feature, naming the zones to pass."""
    frame = project_mix(8, "M", seed=6).to_crs("EPSG:5897").set_crs("EPSG:4326", allow_override=True)
    path = tmp_path / "met_trong_do.gpkg"
    frame.to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    told = [e for e in report.errors if e.field == "geometry"]
    assert len(told) == 1 and report.error_count == len(frame), report.errors  # one problem of all eight
    assert "they look like VN-2000 TM-3 metres" in told[0].message and "EPSG:5897" in told[0].message
    assert "?" not in told[0].message and "trông như tọa độ mét VN-2000 TM-3" in told[0].message_vi


def test_a_site_in_a_neighbouring_province_is_warned_of_whether_or_not_a_province_was_given(engine, tmp_path):
    """Sites in Cà Mau city and Sóc Trăng city are outside both former provinces of the registry: most likely wrong
    coordinates. Each is warned of with the province it lies in and the code it is stored with: Cà Mau city lies in
    the registry's 2025 Cà Mau, in its former Cà Mau, whose communes the registry does not hold (trial 69)."""
    path = tmp_path / "lan_can.geojson"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["N-1", "N-2", "N-3"],
            "TEN_DA": ["Cống Láng Trâm", "Kè Cà Mau", "Kè Sóc Trăng"],
            "LOAI": ["sluice", "embankment", "embankment"],
            "province": [None, None, "95"],
        },
        geometry=shapely.points([(105.55, 9.3), (105.15, 9.18), (105.97, 9.60)]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    warned = {w.index: w for w in report.warnings if w.field == "province"}
    assert report.ok and sorted(warned) == [1, 2], report.warnings
    assert warned[1].message.startswith(
        "the site lies in province 96 (Cà Mau, from 1 July 2025), in its part that was province 96 (Cà Mau) before"
    )
    assert "stored with province 96" in warned[1].message
    assert "tỉnh lân cận 94 (Sóc Trăng, trước 01/07/2025)" in warned[2].message_vi
    assert "lưu với mã tỉnh 95" in warned[2].message_vi
    with Session(engine) as session:
        stored = dict(session.execute(text("SELECT code, province_code FROM project WHERE code LIKE 'N-%'")).all())
    assert stored == {"N-1": "95", "N-2": "96", "N-3": "95"}


def test_a_line_across_a_border_is_warned_with_how_far_it_runs_out_and_not_again_when_reloaded_as_it_is(
    engine, tmp_path
):
    """Canals starting in Bạc Liêu and running 3 km into Sóc Trăng were warned "the site lies in the neighbouring
    province 94", with no distance (a point 0.36 m across and a file in the wrong zone were said alike), and again at
    every reload of an export (trial 52). The warning says how far each runs out, as each language writes numbers; a
    reload giving the sites they have names them once, not one by one; a site the reload moves is warned of again."""
    ends = [(105.862, 9.424), (105.863, 9.423)]
    frame = gpd.GeoDataFrame(
        {"MA_DA": ["BD-1", "BD-2"], "TEN_DA": ["Kênh ranh 1", "Kênh ranh 2"], "LOAI": "canal", "province": "95"},
        geometry=[shapely.LineString([(105.835, 9.397), (105.85, 9.412), ends[0]]),
                  shapely.LineString([(105.836, 9.396), (105.851, 9.411), ends[1]])],
        crs="EPSG:4326",
    )  # fmt: skip
    path = tmp_path / "ranh.geojson"
    frame.to_file(path, driver="GeoJSON")
    with Session(engine) as session:  # the end of BD-1 from the registry's provinces, on the ellipsoid
        reach = session.scalar(
            text(
                "SELECT min(ST_Distance(ST_Point(105.862, 9.424, 4326)::geography, geom::geography)) FROM admin_unit "
                "WHERE scheme = 'pre2025' AND level = 'province' AND NOT is_context"
            )
        )

    first = ingest(engine, IngestRequest(path, Options("projects", "upsert")), get_settings())

    warned = {w.index: w for w in first.warnings if w.field == "province"}
    assert first.ok and sorted(warned) == [0, 1], first.warnings
    en = re.search(
        r"neighbouring province 94 \(Sóc Trăng, before 1 July 2025\), up to ([\d,]+) m outside", warned[0].message
    )
    vi = re.search(r"ra ngoài các tỉnh của sổ đăng ký xa nhất (\d\.\d{3}) m", warned[0].message_vi)
    assert en and vi and en[1].replace(",", "") == vi[1].replace(".", ""), (warned[0].message, warned[0].message_vi)
    assert reach > 3000 and abs(int(en[1].replace(",", "")) - reach) < 0.01 * reach, (en[1], reach)

    frame.loc[1, "geometry"] = shapely.affinity.translate(frame.loc[1, "geometry"], 0.001, 0.001)  # 150 m away
    frame.to_file(path, driver="GeoJSON")
    again = ingest(engine, IngestRequest(path, Options("projects", "upsert"), dry_run=True), get_settings())

    assert again.ok and [w.index for w in again.warnings if w.field == "province"] == [1], again.warnings
    [once] = [w for w in again.warnings if w.key == "neighbouring_unchanged"]
    assert once.message.startswith("projects in a neighbouring province already in the registry with these very ")
    assert f"sites: BD-1 (1), up to {en[1]} m outside" in once.message
    assert f"đúng vị trí này: BD-1 (1), ra ngoài các tỉnh của sổ đăng ký xa nhất {vi[1]} m" in once.message_vi
    assert again.changes["updated"] == 1 and again.changed_codes["updated"] == ["BD-2"]


def test_sites_in_the_province_their_code_gives_outside_the_registrys_are_one_warning(engine, tmp_path):
    """A Cà Mau office's file gives its sites in former Cà Mau their own province, 96: each was warned of ("check the
    coordinates"), one line a site, 1,200 lines before the errors. They are one warning that says they are where their
    code says, and what that means: they count in the 2025 Cà Mau's progress alone, as the filter 96 finds them (it
    said "no unit's", and /progress counted them, trial 54); a site given another province is still told apart."""
    path = tmp_path / "ca_mau.geojson"
    sites = [(105.15 + 0.001 * k, 9.18) for k in range(30)]
    gpd.GeoDataFrame(
        {
            "MA_DA": [f"CM-{k}" for k in range(31)],
            "TEN_DA": [f"Kè {k}" for k in range(31)],
            "LOAI": ["embankment"] * 31,
            "MA_TINH": ["96"] * 30 + ["95"],
        },
        geometry=shapely.points([*sites, (105.15, 9.2)]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    warned = [w for w in report.warnings if w.field == "MA_TINH"]
    assert [(w.value, w.count) for w in warned] == [("96", 30), ("95", 1)], warned
    assert warned[0].text("en").startswith("layer ca_mau, features 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 20 more, field")
    assert "in its part that was province 96 (Cà Mau) before that day" in warned[0].message
    assert "counts in the progress of province 96 (Cà Mau, from 1 July 2025) alone" in warned[0].message
    assert "ở phần trước 01/07/2025 là tỉnh 96 (Cà Mau)" in warned[0].message_vi
    assert "check the coordinates" in warned[1].message


def test_sites_in_a_neighbouring_province_whose_districts_the_registry_holds_count_without_a_warning(
    make_registry, tmp_path
):
    """Once former Cà Mau's districts were loaded (``--into units --scheme pre2025``), a site there given 96 was
    still warned of as counting in no unit's progress, though its share in its district was 1. The provinces whose
    districts or communes the registry holds are read from its units: no warning there; Sóc Trăng's site is told."""
    engine = create_engine(make_registry("ca_mau_districts", sample=True))
    with engine.connect() as connection:
        outlines = dict(
            connection.execute(
                text(
                    "SELECT code, ST_AsBinary(geom) FROM admin_unit "
                    "WHERE scheme = 'pre2025' AND level = 'province' AND code IN ('94', '96')"
                )
            ).all()
        )
    ca_mau, soc_trang = (shapely.from_wkb(bytes(outlines[code])) for code in ("96", "94"))
    # former Cà Mau's own sites, in its zone (104°30'), that read in Bạc Liêu's would lie in Bạc Liêu: before its
    # districts are loaded they lie outside the registry as their code says, and the file is refused naming that
    # zone (its CRS, given, confirms it); once they are, they lie where they belong, and load
    own_zone = _ca_mau_sites_that_another_zone_puts_in_bac_lieu(engine, ca_mau, tmp_path / "ca_mau_9207.gpkg")
    refused = ingest(engine, IngestRequest(own_zone, Options("projects"), dry_run=True), get_settings())
    assert [e.field for e in refused.errors] == ["province_code"] and "EPSG:5897" in refused.errors[0].message
    confirmed = IngestRequest(own_zone, Options("projects"), crs="EPSG:9207", dry_run=True)
    assert ingest(engine, confirmed, get_settings()).ok
    halves = _load_ca_mau_districts(engine, ca_mau, tmp_path)
    sites = tmp_path / "ca_mau.geojson"
    gpd.GeoDataFrame(
        {"MA_DA": ["CM-1", "ST-1"], "TEN_DA": ["Kè Đầm Dơi", "Kè Trần Đề"], "LOAI": ["embankment"] * 2},
        geometry=shapely.point_on_surface([halves[1], soc_trang]),
        crs="EPSG:4326",
    ).assign(MA_TINH=["96", "94"]).to_file(sites, driver="GeoJSON")

    report = ingest(engine, IngestRequest(sites, Options("projects")), get_settings())

    warned = [w for w in report.warnings if w.field == "MA_TINH"]
    assert report.ok and [w.value for w in warned] == ["94"], warned
    assert "counts in no unit's progress" in warned[0].message
    finish_queued_shares(engine)
    with engine.connect() as connection:
        shares = connection.execute(
            text(
                "SELECT u.code, s.share FROM project_unit_share s JOIN admin_unit u ON u.id = s.unit_id "
                "JOIN project p ON p.id = s.project_id WHERE p.code = 'CM-1' AND u.level = 'district'"
            )
        ).all()
    assert shares == [("970", 1.0)]
    own = ingest(engine, IngestRequest(own_zone, Options("projects"), dry_run=True), get_settings())
    assert own.ok, own.errors
    engine.dispose()


def _load_ca_mau_districts(engine: Engine, ca_mau: shapely.Geometry, folder: Path) -> list[shapely.Geometry]:
    """Former Cà Mau as two districts (its west and east halves), loaded as its office's shapefile would be."""
    west, south, east, north = ca_mau.bounds
    city = ca_mau.intersection(shapely.box(west, south, (west + east) / 2, north))
    halves = [city, ca_mau.difference(city)]
    districts = folder / "huyen_ca_mau.shp"
    gpd.GeoDataFrame(
        {"MA_TINH": ["96", "96"], "MA_HUYEN": ["964", "970"], "TEN_HUYEN": ["Thành phố Cà Mau", "Huyện Đầm Dơi"]},
        geometry=halves,
        crs="EPSG:4326",
    ).to_file(districts, encoding="utf-8")
    units = ingest(engine, IngestRequest(districts, Options("units", "upsert", scheme="pre2025")), get_settings())
    assert units.ok, units.errors
    return halves


def test_a_file_in_the_wrong_zone_landing_among_the_districts_of_its_province_is_told_by_its_district_codes(
    make_registry, tmp_path
):
    """Once former Cà Mau's districts are loaded, a Bạc Liêu file given Cà Mau's code 96 since the reform and the
    former Cà Mau's zone (its .prj) lands 55 km west among those districts, in province 96 as its code says: it
    loaded with no word (trial 43). Its rows' district codes (MA_HUYEN: Bạc Liêu's) say the sites lie far from their
    districts: refused, naming the zone that puts them back; the zone given with --crs, it loads. A site whose row
    gives the wrong district, in a file read right, is a warning of its own."""
    engine = create_engine(make_registry("districts_given", sample=True))
    with engine.connect() as connection:
        units = {
            code: shapely.from_wkb(bytes(wkb))
            for code, wkb in connection.execute(
                text(
                    "SELECT u.code, ST_AsBinary(u.geom) FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id "
                    "WHERE u.scheme = 'pre2025' AND (u.code = '96' AND u.level = 'province' OR p.code = '95')"
                )
            )
        }
    ca_mau = units.pop("96")
    _load_ca_mau_districts(engine, ca_mau, tmp_path)
    sites, codes = [], []
    for code, district in sorted(units.items()):  # Bạc Liêu's districts: points that read 55 km west land in Cà Mau
        west, south, east, north = district.bounds
        grid = shapely.points([(x, y) for x in np.linspace(west, east, 12) for y in np.linspace(south, north, 12)])
        inside = gpd.GeoSeries(grid[shapely.contains(district, grid)], crs="EPSG:4326").to_crs("EPSG:5897")
        landed = inside.set_crs("EPSG:9207", allow_override=True).to_crs("EPSG:4326")
        chosen = list(inside[shapely.contains(ca_mau, landed.values)].values[:3])
        sites += chosen
        codes += [code] * len(chosen)
    assert len(sites) >= 6 and len(set(codes)) >= 3
    path = tmp_path / "bac_lieu_mui_ca_mau.gpkg"
    gpd.GeoDataFrame(
        {"MA_DA": [f"BL-{k}" for k in range(len(sites))], "TEN_DA": "Kè", "LOAI": "embankment", "MA_TINH": "96"}
        | {"MA_HUYEN": codes},
        geometry=sites,
        crs="EPSG:9207",  # the former Cà Mau's zone: wrong for Bạc Liêu's coordinates
    ).to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    assert not report.ok and len(report.errors) == 1, report.errors
    refused = report.errors[0]
    assert f"{len(sites)} of the {len(sites)} features given a district lie outside it" in refused.message
    assert "EPSG:5897" in refused.message and "--crs EPSG:9207 to confirm" in refused.message
    assert f"{len(sites)} trong {len(sites)} đối tượng có mã huyện" in refused.message_vi
    outside = [w for w in report.warnings if w.field == "MA_HUYEN"]
    assert sum(w.count for w in outside) == len(sites) and "that column MA_HUYEN gives" in outside[0].message
    read_right = ingest(engine, IngestRequest(path, Options("projects"), crs="EPSG:5897", dry_run=True), get_settings())
    assert read_right.ok and not [w for w in read_right.warnings if w.field == "MA_HUYEN"], read_right.warnings
    confirmed = ingest(engine, IngestRequest(path, Options("projects"), crs="EPSG:9207", dry_run=True), get_settings())
    assert confirmed.ok, confirmed.errors  # the officer says the sites are there: each still warned of
    mistyped = tmp_path / "mot_huyen_sai.gpkg"
    read_right_frame = gpd.read_file(path).set_crs("EPSG:5897", allow_override=True)
    read_right_frame.assign(MA_HUYEN=["842", *codes[1:]]).to_file(mistyped, driver="GPKG")  # Trà Vinh's city
    one = ingest(engine, IngestRequest(mistyped, Options("projects"), dry_run=True), get_settings())
    warned = [w for w in one.warnings if w.field == "MA_HUYEN"]
    assert one.ok and [(w.index, w.value) for w in warned] == [(0, "842")], warned
    assert "huyện 842 (Trà Vinh)" in warned[0].message_vi and ", mà nằm trong huyện " in warned[0].message_vi
    assert "kiểm tra mã huyện hoặc tọa độ" in warned[0].message_vi
    engine.dispose()


def _ca_mau_sites_that_another_zone_puts_in_bac_lieu(engine, ca_mau: shapely.Geometry, path: Path) -> Path:
    """Four points of former Cà Mau written in its zone (EPSG:9207) whose coordinates read in Bạc Liêu's (EPSG:5897)
    lie in Bạc Liêu, given Cà Mau's code 96."""
    with engine.connect() as connection:
        bac_lieu = shapely.from_wkb(
            bytes(connection.scalar(text("SELECT ST_AsBinary(geom) FROM admin_unit WHERE scheme = 'pre2025' "
                                         "AND level = 'province' AND code = '95'")))
        )  # fmt: skip
    west, south, east, north = ca_mau.bounds
    grid = shapely.points([(x, y) for x in np.linspace(west, east, 40) for y in np.linspace(south, north, 40)])
    inside = gpd.GeoSeries(grid[shapely.contains(ca_mau, grid)], crs="EPSG:4326").to_crs("EPSG:9207")
    read_east = inside.set_crs("EPSG:5897", allow_override=True).to_crs("EPSG:4326")
    chosen = inside[shapely.contains(bac_lieu, read_east.values)][:4]
    assert len(chosen) == 4
    frame = gpd.GeoDataFrame({"MA_DA": [f"CM-Z{i}" for i in range(4)], "LOAI": "embankment", "MA_TINH": "96"},
                             geometry=list(chosen.values), crs="EPSG:9207")  # fmt: skip
    frame.assign(TEN_DA="Kè Cà Mau").to_file(path, driver="GPKG")
    return path


def test_a_site_on_the_land_of_a_province_beyond_the_neighbours_is_told_not_taken_for_one_at_sea(engine, tmp_path):
    """Sites in Mỹ Tho, Long Xuyên and Cần Thơ lie in none of the registry's provinces nor of their former
    neighbours: given a province, each loaded silently; given none, each was refused as "at sea?". The 2025
    provinces around the registry name where they are: a warning with the province given, an error without."""
    path = tmp_path / "ngoai_vung.geojson"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["B-1", "B-2", "B-3", "B-4"],
            "TEN_DA": ["Cống Mỹ Tho", "Cống Long Xuyên", "Cống Cần Thơ", "Cống Cần Thơ 2"],
            "LOAI": ["sluice"] * 4,
            "province": ["84", "95", "84", None],
        },
        geometry=shapely.points([(106.36, 10.36), (105.43, 10.38), (105.78, 10.03), (105.78, 10.03)]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    warned = {w.index: w.message for w in report.warnings if w.field == "province"}
    assert "neighbouring province 82 (Đồng Tháp, from 1 July 2025)" in warned[0]
    assert "neighbouring province 91 (An Giang, from 1 July 2025)" in warned[1]
    assert (
        "neighbouring province 92 (Cần Thơ, from 1 July 2025)" in warned[2] and "stored with province 84" in warned[2]
    )
    refused = [e for e in report.errors if e.index == 3]
    assert not report.ok and len(refused) == 1
    # the three given a province all lie 40-80 km from it: the file as a whole is refused too (its CRS?)
    assert [e.message.split(":")[0] for e in report.errors if e.index is None] == [
        "3 of the 3 features given a province lie far from it (over 3 km into another province, or 16 km out at sea)"
    ]
    assert refused[0].message.startswith("the site lies in Cần Thơ (92, from 1 July 2025), outside the registry's")
    assert "at sea" not in refused[0].message and "ngoài các tỉnh của sổ đăng ký" in refused[0].message_vi


def test_sites_no_province_holds_are_each_refused_naming_their_site_and_nothing_is_written(engine, tmp_path):
    """Offshore wind farms given no province, and a province-wide project without one: each feature is an error
    (where the site is, what to add), and the load writes nothing; the one given a province would load."""
    path = tmp_path / "ngoai_khoi.geojson"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["SEA-1", "SEA-2", "SEA-3", "SEA-4"],
            "TEN_DA": ["Điện gió ngoài khơi 1", "Điện gió ngoài khơi 2", "Điện gió có tỉnh", "Trồng rừng toàn tỉnh"],
            "LOAI": ["wind_farm", "wind_farm", "wind_farm", "forest_planting"],
            "province": [None, None, "95", None],
            "location_precision": ["surveyed", "surveyed", "surveyed", "province"],
        },
        geometry=[shapely.Point(105.9, 8.9), shapely.Point(105.95, 8.85), shapely.Point(105.9, 8.9), None],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    assert [(p.index, p.field) for p in report.errors] == [(0, "province"), (1, "province"), (3, "province")]
    assert "no province holds the project's site (lon 105.9, lat 8.9): it lies at sea, 37" in report.errors[0].message
    assert "km off Bạc Liêu (95); if it is that province's offshore project" in report.errors[0].message
    assert "kinh độ 105,95, vĩ độ 8,85" in report.errors[1].message_vi
    assert "a province-wide project (no site) needs its province" in report.errors[2].message
    with Session(engine) as session:
        assert session.scalar(text("SELECT count(*) FROM project WHERE code LIKE 'SEA-%'")) == 0


def test_a_thousand_sites_at_sea_from_the_wrong_zone_do_not_hide_the_zone_that_fits(engine, tmp_path):
    """2,000 Bạc Liêu sites in their zone's metres, given no province, read in Trà Vinh's zone: most land out at sea,
    each an error of its own ("at sea? add a province"), and the report lists its first thousand problems. The file's
    own error, that the CRS is wrong and which zone fits, came after them: it was counted, not listed; it is listed,
    and told first."""
    frame = project_mix(5000, "SEA", seed=8)
    frame = frame[[p == "95" for p in frame.attrs["provinces"]]].drop(columns="province").iloc[:2000]
    path = tmp_path / "bac_lieu_2000.gpkg"
    frame.to_crs("EPSG:5897").to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects"), crs="EPSG:9209"), get_settings())

    at_sea = [p for p in report.errors if p.index is not None and "it lies at sea" in p.message]
    assert len(report.errors) > 1000 and len(at_sea) > 500, len(report.errors)
    told = [p for p in report.errors if p.index is None and "another CRS" in p.message]
    assert len(told) == 1 and "--crs EPSG:5897" in told[0].message, [p.message for p in report.errors[-3:]]
    # told first, by the command line and in the job's report (the API, the page): a 100,000-feature file's came
    # after its thousand sites' errors, 4,600 lines down a terminal
    assert report.in_order("errors")[0] == told[0]
    assert report.as_dict()["errors"][0]["message"] == told[0].message


def test_offshore_wind_farms_in_vn2000_metres_are_not_taken_for_a_file_in_the_wrong_zone(engine, tmp_path):
    """Three wind farms a few kilometres off the Bạc Liêu coast, in its own zone's metres, given no province: each is
    refused for its province as at sea. The file is not said to be in the wrong CRS, though read 55 km west (in Cà
    Mau's zone) all three would land in Bạc Liêu: sites near the registry's coast are where offshore farms are."""
    path = tmp_path / "dien_gio_ngoai_khoi.gpkg"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["OFF-1", "OFF-2", "OFF-3"],
            "TEN_DA": ["Điện gió 1", "Điện gió 2", "Điện gió 3"],
            "LOAI": "wind_farm",
        },
        geometry=shapely.points([(105.85, 9.20), (105.80, 9.13), (105.90, 9.25)]),
        crs="EPSG:4326",
    ).to_crs("EPSG:5897").to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    assert [(p.index, p.field) for p in report.errors] == [(i, "province_code") for i in range(3)]
    # each said to lie off Bạc Liêu, a few kilometres out: the province to give, if it is one of its farms
    assert all(re.search(r"it lies at sea, [\d.]+ km off Bạc Liêu \(95\)", p.message) for p in report.errors), [
        p.message for p in report.errors
    ]
    assert not any("another CRS" in p.message or "EPSG:9207" in p.message for p in report.errors)


def test_offshore_wind_farms_given_the_2025_province_are_stored_with_the_former_one_they_lie_off(engine, tmp_path):
    """A trial's Bạc Liêu offshore farms given Cà Mau's 96 (the province since 2025, as the upload form offers it)
    were stored as 96, the former Cà Mau's code, with no word: counted in no progress of the registry's. As a site
    on land given 96 is, they are stored with the former province they lie off, 95, and told so."""
    path = tmp_path / "dien_gio_2025.gpkg"
    codes = ["OFF96-1", "OFF96-2", "OFF96-3"]
    gpd.GeoDataFrame(
        {"MA_DA": codes, "TEN_DA": ["Điện gió 1", "Điện gió 2", "Điện gió 3"], "LOAI": "wind_farm", "MA_TINH": "96"},
        geometry=shapely.points([(105.85, 9.20), (105.80, 9.13), (105.90, 9.25)]),
        crs="EPSG:4326",
    ).to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    assert report.ok, report.errors
    told = [w for w in report.warnings if w.field == "MA_TINH"]
    assert len(told) == 1 and told[0].count == 3, report.warnings
    assert (
        "province code 96 is the province from 1 July 2025 off whose coast the site lies, off former province 95"
        in (told[0].message)
    )
    with engine.connect() as connection:
        stored = connection.scalars(text("SELECT province_code FROM project WHERE code = ANY(:c)"), {"c": codes}).all()
    assert stored == ["95", "95", "95"]


def test_a_code_given_in_two_layers_of_a_zip_is_refused_naming_the_first_and_its_layer(engine, tmp_path):
    """A zip of points and lines with one code in both, at the same place in each layer: the repeat was not seen
    (the first feature was remembered by its index alone, the same in both layers) and the database refused the
    load; it is refused naming the feature of the other layer."""
    layers = {
        "diem": gpd.GeoDataFrame(
            {"MA_DA": ["TWICE-1"], "TEN_DA": ["Cống A"], "LOAI": ["sluice"], "province": ["95"]},
            geometry=[shapely.Point(105.55, 9.30)],
            crs="EPSG:4326",
        ),
        "tuyen": gpd.GeoDataFrame(
            {"MA_DA": ["TWICE-1"], "TEN_DA": ["Kênh B"], "LOAI": ["canal"], "province": ["95"]},
            geometry=[shapely.LineString([(105.55, 9.30), (105.56, 9.31)])],
            crs="EPSG:4326",
        ),
    }
    archive = tmp_path / "hai_lop.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, frame in layers.items():
            frame.to_file(tmp_path / f"{name}.shp", encoding="utf-8")
            for part in tmp_path.glob(f"{name}.*"):
                zf.write(part, part.name)

    report = ingest(engine, IngestRequest(archive, Options("projects"), dry_run=True), get_settings())

    (error,) = report.errors
    assert (error.layer, error.index, error.field, error.value) == ("tuyen", 0, "MA_DA", "TWICE-1"), report.errors
    assert "feature 0 of layer diem has the same code" in error.message


def test_a_status_reported_while_a_reload_runs_is_kept_and_the_file_status_not_set_on_it_is_warned_of(
    engine, tmp_path, monkeypatch
):
    """A field officer reported on a project after a reload had read it and before it wrote it: the reload set the
    file's older status over the report (which its officer had been told was recorded) and its event, recorded at
    the load's start, came before the reports in time though after them in version. Now the report stays, the
    file's status is not set on that project and the report says so; versions and recorded times run together."""
    frame = project_mix(40, "RACE")
    first = load(engine, frame, tmp_path / "race.gpkg", "append")
    assert first.ok, first.errors
    revised = frame.copy()
    revised["TRANG_THAI"], revised["TIEN_DO"] = "completed", 100.0
    reported_on = revised["MA_DA"].iloc[3]

    def report_meanwhile(session: Session):  # a field officer's report, between the read and the lock to write
        with Session(engine) as other, other.begin():
            project = other.scalars(select(Project).where(Project.code == reported_on)).one()
            append_status_event(
                other, project, status="under_construction", percent=55, reported_at=vietnam_today(), expire_tiles=False
            )
        return lock_what_changes(session)

    monkeypatch.setattr(project_writes, "lock_what_changes", report_meanwhile)
    second = load(engine, revised, tmp_path / "race_sua.gpkg", "upsert")

    assert second.ok, second.errors
    warned = [w for w in second.warnings if w.field == "TRANG_THAI"]  # the file's column of statuses
    assert len(warned) == 1 and reported_on in warned[0].text("en") and "1 project" in warned[0].text("en")
    assert "không được ghi cho 1 dự án" in warned[0].text("vi")
    assert second.changes["status_changed"] == len(revised) - 1
    with Session(engine) as session:
        project = session.scalars(select(Project).where(Project.code == reported_on)).one()
        assert (project.status, project.percent) == ("under_construction", 55)
        history = session.execute(
            text("SELECT version, status, recorded_at FROM status_event WHERE project_id = :id ORDER BY version"),
            {"id": project.id},
        ).all()
        others = session.scalars(select(Project.status).where(Project.code.in_(list(revised["MA_DA"])))).all()
    assert [status for _, status, _ in history][-1] == "under_construction"
    assert [recorded for _, _, recorded in history] == sorted(recorded for _, _, recorded in history)
    assert sorted(others).count("completed") == len(revised) - 1


def test_a_reload_queues_the_shares_only_of_the_projects_it_places_otherwise(engine, tmp_path):
    """A reload of a 20,000-project inventory that corrected names queued every project for its shares (seconds of
    recomputing, the progress map saying "recomputing" meanwhile) though no share could change: only the projects
    whose site, precision or province it changes are queued, and their shares are then those of the new site."""
    frame = project_mix(12, "Q", seed=13)
    assert load(engine, frame, tmp_path / "q.gpkg", "append").ok
    points = [i for i, g in enumerate(frame.geometry) if g.geom_type == "Point"]
    renamed, moved, reported = points[:3]
    edited = frame.copy()
    edited.loc[renamed, "TEN_DA"] = "Cống đã sửa tên"
    edited.loc[reported, ["TRANG_THAI", "TIEN_DO"]] = ["completed", 100.0]
    edited.loc[moved, "geometry"] = shapely.Point(frame.geometry[moved].x + 0.005, frame.geometry[moved].y)  # 500 m
    settings = get_settings().model_copy(update={"ingest_chunk_size": 6_000})
    path = tmp_path / "q_sua.gpkg"
    edited.to_file(path, driver="GPKG")

    report = ingest(
        engine, IngestRequest(path, Options("projects", mode="upsert")), settings, shares_after_commit=False
    )

    assert report.ok and report.changes["updated"] == 3, report.errors
    with Session(engine) as session:
        queued = session.scalars(
            text(
                "SELECT p.code FROM project_share_queue q JOIN project p ON p.id = q.project_id WHERE p.code LIKE 'Q-%'"
            )
        ).all()
    assert queued == [frame["MA_DA"][moved]]
    finish_queued_shares(engine)
    with Session(engine) as session, session.begin():
        code = frame["MA_DA"][moved]
        stored = state(session, code)[1]
        project_id = session.scalar(select(Project.id).where(Project.code == code))
        recompute_shares(session, [project_id])
        assert state(session, code)[1] == stored  # the moved site's shares, as a recompute gives them
        session.rollback()


def test_sites_given_the_2025_province_that_holds_them_are_stored_with_their_former_province(engine, tmp_path):
    """An office of today's Cà Mau (96) or Vĩnh Long (86) gives its sites the 2025 province. Those in former Bạc Liêu
    and Trà Vinh were stored as 96 and 86, codes of former Cà Mau and Vĩnh Long, with no word: the map's and the
    export's province filters (95, 84) missed them, while a file with no province column stored the same sites as 95
    and 84. They are stored with their former province, as the registry records projects, and said; a site in former
    Cà Mau keeps 96 (as its code says), and a province-wide project (no site to place) keeps the code given. It is the
    registry's rule, said once as information, not a warning (trial 54)."""
    path = tmp_path / "tinh_moi.geojson"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["M-1", "M-2", "M-3", "M-4", "M-5"],
            "TEN_DA": ["Kè Gành Hào", "Kè Hộ Phòng", "Cống Cần Chông", "Kè Cà Mau", "Chương trình trồng rừng"],
            "LOAI": ["embankment", "embankment", "sluice", "embankment", "forest_planting"],
            "MA_TINH": ["96", "96", "86", "96", "96"],
        },
        geometry=[*shapely.points([(105.55, 9.3), (105.45, 9.25), (106.25, 9.75), (105.15, 9.18)]), None],
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    assert report.ok, report.errors
    warned = [w.codes for w in report.warnings if w.field == "MA_TINH"]
    assert warned == [("M-4",)], report.warnings  # in former Cà Mau: where it counts
    assert report.provinces_read.startswith(
        "2 projects given province code 96 (the province from 1 July 2025) lie in former province 95 (Bạc Liêu): "
        "stored with province 95, as the registry records the provinces before 1 July 2025"
    )
    assert "; 1 project given province code 86 (the province from 1 July 2025) lies in former province 84" in (
        report.provinces_read
    )
    assert "1 dự án ghi mã tỉnh 86 (tỉnh từ 01/07/2025) nằm trong tỉnh 84 cũ (Trà Vinh): được lưu với mã tỉnh 84" in (
        report.provinces_read_vi
    )
    with Session(engine) as session:
        stored = dict(session.execute(text("SELECT code, province_code FROM project WHERE code LIKE 'M-%'")).all())
    assert stored == {"M-1": "95", "M-2": "95", "M-3": "84", "M-4": "96", "M-5": "96"}


def test_a_refused_check_says_with_its_errors_that_the_statuses_will_be_dated_the_load_day(engine, tmp_path):
    """Trial 69: a refused check read "Warnings: none", the statuses' day told only once its errors were mended; and
    "198 projects given province code 86" of a file whose 200 rows all give 86 (the 2 refused rows left out)."""
    sheet = tmp_path / "vinh_long.csv"
    sheet.write_text(
        "ma,ten,loai,ma_tinh,tinh_trang,tien_do,kinh_do,vi_do\n"
        "VL-1,Kè A,embankment,86,Đang thi công,15,106.25,9.75\n"
        "VL-2,Kè B,embankment,86,Hoàn thành,100,106.26,9.75\n"
        "VL-3,Kè C,khong ro,86,Hoàn thành,100,106.27,9.75\n",
        encoding="utf-8",
    )

    report = ingest(engine, IngestRequest(sheet, Options("projects"), dry_run=True), get_settings())

    assert [e.field for e in report.errors] == ["loai"]
    (dated,) = [w for w in report.warnings if w.key == "status_dated_when_loaded"]
    assert dated.message.startswith("3 rows of the file give a status without saying of which day: once the file ")
    assert dated.message_vi.startswith("3 dòng của tệp ghi tình trạng mà chưa nói là của ngày nào")
    assert report.provinces_read.startswith("of the rows without errors: 2 projects given province code 86 ")
    assert report.provinces_read_vi.startswith("trong các dòng không có lỗi: 2 dự án ghi mã tỉnh 86 ")


def test_what_a_load_records_without_the_file_giving_it_is_said(engine, tmp_path):
    """A file without status recorded its new projects as proposed, 0 %, and one "under construction" with no percent
    at 0 %, with no word in the preview or the report (its sample rows showed the status blank). Each is said, with
    the projects it concerns; "proposed" with no percent is 0 % by its meaning, and not said."""
    path = tmp_path / "thieu_tinh_trang.geojson"
    gpd.GeoDataFrame(
        {
            "MA_DA": ["A-1", "A-2", "A-3", "A-4"],
            "TEN_DA": ["Cống Láng Thé", "Kè Ba Động", "Cống Tân Dinh", "Kè Hiệp Thạnh"],
            "LOAI": ["sluice", "embankment", "sluice", "embankment"],
            "TRANG_THAI": [None, "under_construction", "proposed", "under_construction"],
            "TIEN_DO": [None, None, None, 40.0],
        },
        geometry=shapely.points([(106.30, 9.95), (106.55, 9.70), (106.28, 9.90), (106.52, 9.62)]),
        crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")

    preview = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())
    report = ingest(engine, IngestRequest(path, Options("projects")), get_settings())

    for told in (preview, report):
        assert told.ok, told.errors
        said = {w.field: w for w in told.warnings if w.field in ("TRANG_THAI", "TIEN_DO")}  # the file's columns
        assert set(said) == {"TRANG_THAI", "TIEN_DO"}, told.warnings
        assert "1 new project has no status in the file (A-1)" in said["TRANG_THAI"].message
        assert "được ghi là “Đề xuất trong kế hoạch”, 0 %" in said["TRANG_THAI"].message_vi
        assert "1 project has a status but no percent in the file (A-2): its percent is recorded as 0" in (
            said["TIEN_DO"].message
        )
    with Session(engine) as session:
        stored = session.execute(text("SELECT code, status, percent FROM project WHERE code LIKE 'A-%' ORDER BY code"))
        assert [tuple(row) for row in stored] == [
            ("A-1", "proposed", 0),
            ("A-2", "under_construction", 0),
            ("A-3", "proposed", 0),
            ("A-4", "under_construction", 40),
        ]


def test_a_site_missing_is_warned_of_and_each_problem_names_its_features_codes(engine, tmp_path):
    """A sluice whose point was missing was stored as a province-wide project, never drawn, without a word; and a
    warning naming "feature 18" alone sent a trial's officer to VL-CONG-18 (it was VL-KE-01). A feature without a site
    the file does not call province-wide is warned of, and each problem names its features' codes."""
    frame = project_mix(12, "NOSITE", seed=9)
    frame["province"] = frame["province"].fillna("84")
    frame.loc[2, "geometry"] = None
    path = tmp_path / "cong_thieu_toa_do.gpkg"
    frame.to_file(path, driver="GPKG")

    report = ingest(engine, IngestRequest(path, Options("projects"), dry_run=True), get_settings())

    no_site = [w for w in report.warnings if "no site" in w.message]
    assert len(no_site) == 1 and no_site[0].index == 2, report.warnings
    assert "feature 2, code NOSITE-000002: no site" in no_site[0].text("en")
    assert "đối tượng 2, mã NOSITE-000002: không có vị trí" in no_site[0].text("vi")
    frame["location_precision"] = ["province" if i == 2 else "surveyed" for i in range(len(frame))]  # said so
    frame.to_file(path, driver="GPKG")
    request = IngestRequest(path, Options("projects"), dry_run=True)
    assert not [w for w in ingest(engine, request, get_settings()).warnings if "no site" in w.message]


def test_an_update_by_code_changes_only_the_fields_the_file_has_columns_for(engine, tmp_path):
    """A file of codes and new names (no plan, budget, description or source column) blanked every such field of the
    projects it updated: a field the file has no column for stays as the registry has it, while an empty cell in a
    column the file has clears it."""
    kept = ("plan_id", "budget_vnd_billion", "description_vi", "location_precision", "location_note_vi", "end_year")
    with engine.connect() as connection:
        row = connection.execute(
            text(
                f"SELECT code, kind, province_code, {', '.join(kept)}, sources, ST_AsText(geom) FROM project "
                "WHERE location_precision = 'surveyed' AND budget_vnd_billion IS NOT NULL "
                "AND description_vi IS NOT NULL AND plan_id IS NOT NULL AND ST_GeometryType(geom) = 'ST_Point' "
                "ORDER BY code LIMIT 1"
            )
        ).one()
    code, kind, province, *before, sources, wkt = row
    assert sources and all(v is not None for v in before)
    renamed = gpd.GeoDataFrame(
        {"code": [code], "name_vi": ["Tên mới"], "kind": [kind], "province_code": [province]},
        geometry=[shapely.from_wkt(wkt)],
        crs="EPSG:4326",
    )
    report = load(engine, renamed, tmp_path / "renamed.gpkg", "upsert")
    assert report.ok and report.changes["updated"] == 1, report.errors
    assert set(report.changed_fields[code]) == {"name_vi"}  # what it said it would change: the name alone
    # and its sample row ("as they will be stored") shows the kept values, not the defaults of a new project
    (sample,) = report.sample_rows
    shown = {f: sample[f] for f in kept if f != "plan_id"}
    assert shown == dict(zip(kept[1:], before[1:], strict=True)) and sample["name_vi"] == "Tên mới", sample
    with engine.connect() as connection:  # the plan by its code, as a file gives it (trial 53: its id "2" told nothing)
        plan = connection.scalar(text("SELECT code FROM plan WHERE id = :id"), {"id": before[0]})
    assert sample["plan"] == plan and "plan_id" not in sample
    query = f"SELECT name_vi, {', '.join(kept)}, sources FROM project WHERE code = :code"
    with engine.connect() as connection:
        name, *after, sources_after = connection.execute(text(query), {"code": code}).one()
    assert name == "Tên mới" and after == before
    citations = sources[:-1] if "(ingest job" in sources[-1] else sources
    assert sources_after[:-1] == citations and "renamed.gpkg (ingest job" in sources_after[-1]  # this load after them

    cleared = renamed.assign(description_vi=[None])  # the column there, the cell empty: cleared
    assert load(engine, cleared, tmp_path / "cleared.gpkg", "upsert").ok
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT description_vi FROM project WHERE code = :c"), {"c": code}) is None
        assert (
            connection.scalar(text("SELECT budget_vnd_billion FROM project WHERE code = :c"), {"c": code})
            == (before[1])
        )


def test_an_update_without_a_site_keeps_the_projects_site_unless_the_file_calls_it_province_wide(engine, tmp_path):
    """A correction file of codes and names with no geometry (a GeoJSON of null geometries, a sheet without
    coordinates), given --province as the refusal asked, took every site away: "Location: point → (empty)"."""
    with engine.connect() as connection:
        code, kind, province, precision, wkt = connection.execute(
            text(
                "SELECT code, kind, province_code, location_precision, ST_AsText(geom) FROM project "
                "WHERE ST_GeometryType(geom) = 'ST_LineString' AND location_precision <> 'province' ORDER BY code "
                "LIMIT 1"
            )
        ).one()
    path = tmp_path / "names.geojson"

    def update(**properties) -> dict:
        feature = {"type": "Feature", "geometry": None, "properties": {"code": code, "kind": kind} | properties}
        path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
        options = Options("projects", mode="upsert", province=province)
        report = ingest(engine, IngestRequest(path, options), get_settings())
        assert report.ok, report.errors
        return report.changed_fields.get(code, {})

    assert set(update(name_vi="Tên đã sửa")) == {"name_vi"}
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT ST_AsText(geom), location_precision FROM project WHERE code = :c"), {"c": code}
        ).one()
    assert tuple(kept) == (wkt, precision)  # its site and how it was placed, as they were

    assert "geom" in update(name_vi="Tên đã sửa", location_precision="province")  # said: no site now
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT geom IS NULL FROM project WHERE code = :c"), {"c": code})


def test_a_sheet_of_codes_and_names_updates_the_names_and_nothing_else(engine, tmp_path):
    """A names-only CSV (no coordinates, no province) was refused, "no coordinate columns"; given the province and
    no site it would have made the projects province-wide. Updating by code it changes the names alone; a new code
    in it, with neither a site nor a province, is refused naming its row; appending, the sheet needs its sites."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT code, kind, province_code, ST_AsText(geom) FROM project WHERE geom IS NOT NULL "
                "AND code NOT LIKE 'MIX%' ORDER BY code LIMIT 2"
            )
        ).all()
    sheet = tmp_path / "ten_moi.csv"
    lines = ["ma,ten,loai", *(f"{code},Tên mới {n},{kind}" for n, (code, kind, _, _) in enumerate(rows))]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    assert report.ok, report.errors
    assert all(set(fields) == {"name_vi"} for fields in report.changed_fields.values()), report.changed_fields
    with engine.connect() as connection:
        after = connection.execute(
            text(
                "SELECT code, name_vi, province_code, ST_AsText(geom) FROM project WHERE code = ANY(:c) ORDER BY code"
            ),
            {"c": [r[0] for r in rows]},
        ).all()
    assert [(code, province, wkt) for code, _, province, wkt in after] == [(c, p, w) for c, _, p, w in rows]
    assert [name for _, name, _, _ in after] == ["Tên mới 0", "Tên mới 1"]

    sheet.write_text("\n".join([*lines, "MOI-1,Chương trình mới,other"]) + "\n", encoding="utf-8")
    refused = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    # said of its code: a new project, or a registered one's code mistyped (the sheet has no province column)
    assert not refused.ok and [(e.rows, e.field) for e in refused.errors] == [((4,), "ma")]
    assert "this code is not in the registry" in refused.errors[0].message
    appended = ingest(engine, IngestRequest(sheet, Options("projects")), get_settings())
    assert not appended.ok and "no coordinate columns found" in str(appended.errors[0])


def test_a_sheet_of_only_codes_and_names_keeps_each_projects_kind_and_refuses_a_new_code_naming_its_kind(
    engine, tmp_path
):
    """Trial 65: the guide's sheet of codes and corrected names, with no kind column, was refused for lacking a kind
    ("unknown or missing project kind"). An update keeps each registered project's kind; a new code is refused,
    saying to add a kind column."""
    with engine.connect() as connection:
        code, kind = connection.execute(
            text("SELECT code, kind FROM project WHERE geom IS NOT NULL AND code NOT LIKE 'MIX%' ORDER BY code LIMIT 1")
        ).one()
    sheet = tmp_path / "chi_ten.csv"
    sheet.write_text(f"code,name_vi\n{code},Tên đã sửa dài hơn\n", encoding="utf-8")
    report = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    assert report.ok, report.errors
    assert report.changed_fields[code].keys() == {"name_vi"}
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT kind, name_vi FROM project WHERE code = :c"), {"c": code}).one()
    assert tuple(stored) == (kind, "Tên đã sửa dài hơn")

    sheet.write_text(f"code,name_vi,province_code\n{code},Tên khác,95\nMOI-KIND,Chương trình mới,95\n", "utf-8")
    refused = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    assert not refused.ok and [(e.rows, e.field) for e in refused.errors] == [((3,), "kind")]
    assert "a new code needs a project kind" in str(refused.errors[0]) and "add a kind column" in str(refused.errors[0])
    with engine.connect() as connection:
        assert (
            connection.scalar(text("SELECT name_vi FROM project WHERE code = :c"), {"c": code}) == "Tên đã sửa dài hơn"
        )


def test_a_sheet_of_codes_and_statuses_updates_the_statuses_and_keeps_each_name_and_refuses_a_new_code(
    engine, tmp_path
):
    """Trial 69: a sheet of "Mã dự án,Tình trạng,Tiến độ (%)" (new statuses of registered projects) was refused on
    every row, "name_vi is required", where the guide says a field the file has no column for stays as the registry
    has it. An update keeps each name and changes the status and percent alone; a new code is refused, named."""
    project = "SELECT code, name_vi, kind, plan_id, status, percent FROM project WHERE code = ANY(:c) ORDER BY code"
    with engine.connect() as connection:
        codes = connection.scalars(
            text("SELECT code FROM project WHERE province_code = '84' AND status = 'proposed' ORDER BY code LIMIT 2")
        ).all()
        before = connection.execute(text(project), {"c": codes}).all()
    sheet = tmp_path / "sua50_sheet3.csv"
    sheet.write_text(f"Mã dự án,Tình trạng,Tiến độ (%)\n{codes[0]},Đang thi công,15\n{codes[1]},hoan thanh,100\n")
    report = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    assert report.ok, report.errors
    assert {code: set(fields) for code, fields in report.changed_fields.items()} == {
        codes[0]: {"status", "percent"},
        codes[1]: {"status", "percent"},
    }
    with engine.connect() as connection:
        after = connection.execute(text(project), {"c": codes}).all()
    assert [row[:4] for row in after] == [row[:4] for row in before]  # name, kind, plan as they were
    assert [row[4:] for row in after] == [("under_construction", 15), ("completed", 100)]

    # beside a registered province-wide project, the new code's missing province stopped the check ("'<' not
    # supported between 'NoneType' and 'str'")
    sheet.write_text(f"code,status,percent\n{codes[0]},completed,100\nTV-MOI-99,completed,100\nTV-P5-RIVER-DYKES,,\n")
    refused = ingest(engine, IngestRequest(sheet, Options("projects", mode="upsert")), get_settings())
    named = [e for e in refused.errors if e.field == "name_vi"]
    assert [e.key for e in refused.errors if e.key == "check_failed"] == []
    assert not refused.ok and [(e.rows, e.codes) for e in named] == [((3,), ("TV-MOI-99",))]
    assert "a new code needs a project name" in str(named[0]) and "mã mới cần tên dự án" in named[0].text("vi")
    with engine.connect() as connection:
        assert connection.execute(text(project), {"c": codes}).all() == after


def test_a_site_given_a_province_far_out_at_sea_is_warned_of(engine, tmp_path):
    """Trial 43: a wind farm 25.8 km off Bạc Liêu given 95 (or 96) loaded without a word; given none it is refused
    ("no province holds the project's site … 25.8 km off Bạc Liêu"). Given a province, it is kept as given, warned."""
    sheet = tmp_path / "ngoai_khoi.csv"
    sheet.write_text(
        "ma_da,ten_da,loai,ma_tinh,kinh_do,vi_do\n"
        "SEA-95,Điện gió xa bờ,wind_farm,95,105.75,8.95\n"
        "SEA-96,Điện gió xa bờ,wind_farm,96,105.75,8.95\n"
        "LAND-95,Cống trên đất liền,sluice,95,105.72,9.28\n",
        encoding="utf-8",
    )

    report = ingest(engine, IngestRequest(sheet, Options("projects"), dry_run=True), get_settings())

    far = [w for w in report.warnings if "farther out than the provinces' offshore works" in w.message]
    assert report.ok and sorted(w.index for w in far) == [0, 1], report.warnings
    assert "25.8 km off Bạc Liêu (95)" in far[0].message and "cách tỉnh Bạc Liêu (95) 25,8 km" in far[0].message_vi


def test_a_reload_counts_each_field_it_changes_over_the_whole_file_so_a_rename_among_many_is_seen(engine, tmp_path):
    """An office's own file (no ``changed_at``) put back 26 names and 22 sites a later load had set, among 3,900
    percent changes; the list of the first ten updated projects showed only percent changes (trial 60). Each field
    is counted over the whole file, with its first codes, across the load's chunks."""
    codes = [f"FLD-{n:02}" for n in range(1, 15)]
    sites = [shapely.Point(105.70 + n * 0.002, 9.28) for n in range(len(codes))]
    first = gpd.GeoDataFrame(
        {
            "code": codes,
            "name_vi": [f"Cống {n}" for n in range(len(codes))],
            "kind": "sluice",
            "province_code": "95",
            "status": "under_construction",
            "percent": 10.0,
        },
        geometry=sites,
        crs="EPSG:4326",
    )
    assert load(engine, first, tmp_path / "first.gpkg", "append").ok
    revised = first.copy()
    revised.loc[:11, "percent"] = 40.0  # the first twelve: percent alone
    revised.loc[12, "name_vi"] = "Cống đổi tên"  # a rename and a move after them, beyond the first ten listed
    revised.loc[13, "geometry"] = shapely.Point(105.70 + 13 * 0.002, 9.285)
    settings = get_settings().model_copy(update={"ingest_chunk_size": 5})  # counted across chunks
    path = tmp_path / "revised.gpkg"
    revised.to_file(path, driver="GPKG")
    preview = ingest(engine, IngestRequest(path, Options("projects", mode="upsert"), dry_run=True), settings)
    assert preview.ok, preview.errors
    assert "FLD-13" not in preview.changed_fields and "FLD-14" not in preview.changed_fields
    assert preview.fields_changed == {
        "percent": [12, ["FLD-01", "FLD-02", "FLD-03"]],
        "name_vi": [1, ["FLD-13"]],
        "geom": [1, ["FLD-14"]],
    }


def test_a_new_code_for_a_registered_project_of_the_same_name_and_site_is_warned_of_naming_both_codes(engine, tmp_path):
    """Trial 71: an office's re-numbered inventory loaded its projects again under new codes, each a second project
    on the map, in progress and in exports, without a word. A new code whose name (accents and case aside) is a
    current project's of its province, within 50 m of it, is warned of with both codes and the distance, counted in
    the summary; the same name 5 km away is another project."""
    sheet = tmp_path / "cong.csv"
    sheet.write_text("ma_da,ten_da,loai,ma_tinh,kinh_do,vi_do\nDUP-A,Cống Cái Cùng,sluice,95,105.74,9.30\n", "utf-8")
    assert ingest(engine, IngestRequest(sheet, Options("projects")), get_settings()).ok
    renumbered = tmp_path / "danh_so_lai.csv"
    renumbered.write_text(
        "ma_da,ten_da,loai,ma_tinh,kinh_do,vi_do\n"
        "DUP-B,CỐNG CÁI CÙNG,sluice,95,105.7402,9.30\n"  # about 22 m east of DUP-A
        "DUP-C,Cống Cái Cùng,sluice,95,105.69,9.28\n",  # 5.9 km away: another sluice of that name
        "utf-8",
    )

    report = ingest(engine, IngestRequest(renumbered, Options("projects"), dry_run=True), get_settings())

    repeats = [w for w in report.warnings if w.key == "possible_duplicate"]
    assert report.ok and report.possible_duplicates == 1 and len(repeats) == 1, report.warnings
    assert repeats[0].text("en") == (
        "layer danh_so_lai, row 2 (feature 0), code DUP-B, field Code: may repeat the registered project DUP-A "
        "“Cống Cái Cùng”: same name, same province, 22 m away; this feature's code is not in the registry, so it "
        "would load as a new project. If it is the same project, use the code DUP-A to update it, or remove the "
        "feature from the file"
    )
    assert "mã DUP-B, trường Mã: có thể trùng dự án đã có DUP-A «Cống Cái Cùng»: cùng tên, cùng tỉnh, cách 22 m" in (
        repeats[0].text("vi")
    )
    assert report.as_dict()["possible_duplicates"] == 1


def test_two_new_codes_of_one_file_at_one_site_under_one_name_are_warned_of_across_its_chunks(engine, tmp_path):
    """Two offices' lists of one canal put together load each of its sluices twice under two new codes: neither is in
    the registry, so the warning of a registered project's repeat does not see them. A feature whose folded name and
    province are an earlier feature's of the file, within 50 m, is warned of naming that feature and its code (the
    nearest), in its chunk (feature 1) as in a later one (feature 3); the same name 5.9 km away is another sluice.
    The load tells what its preview did."""
    repeated = gpd.GeoDataFrame(
        {
            "ma_da": ["RC-1", "RC-2", "RC-3", "RC-4"],
            "ten_da": ["Cống Rạch Cóc", "CỐNG RẠCH CÓC", "Cống Rạch Cóc", "Cống Rạch Cóc"],
            "loai": "sluice",
            "ma_tinh": "95",
        },
        geometry=shapely.points([(105.84, 9.36), (105.8401, 9.36), (105.79, 9.34), (105.8402, 9.36)]),
        crs="EPSG:4326",
    )
    path = tmp_path / "hai_danh_sach.gpkg"
    repeated.to_file(path, driver="GPKG")
    settings = get_settings().model_copy(update={"ingest_chunk_size": 2})

    reports = [
        ingest(engine, IngestRequest(path, Options("projects", mode="upsert"), dry_run=dry_run), settings)
        for dry_run in (True, False)
    ]

    for report in reports:
        repeats = [w for w in report.warnings if w.key == "possible_repeat_in_file"]
        assert report.ok and report.possible_duplicates_in_file == 2, report.warnings
        assert [(w.index, w.codes) for w in repeats] == [(1, ("RC-2",)), (3, ("RC-4",))]
        assert report.possible_duplicates == 0 and report.as_dict()["possible_duplicates_in_file"] == 2
    assert repeats[1].text("en") == (
        "layer hai_danh_sach, feature 3, code RC-4, field Code: may repeat feature 1 of the same file, code RC-2 "
        "“CỐNG RẠCH CÓC”: same name, same province, 11 m away; neither code is in the registry, so they would load "
        "as two projects. If they are the same project, remove one of the two features from the file"
    )
    assert (
        "mã RC-2, trường Mã: có thể trùng đối tượng 0 của cùng tệp, mã RC-1 «Cống Rạch Cóc»: cùng tên, cùng tỉnh, "
        "cách 11 m" in repeats[0].text("vi")
    )


def test_a_field_report_on_a_project_a_reload_leaves_as_it_is_does_not_wait_for_the_load(engine, tmp_path, monkeypatch):
    """A reload sent every project of its file to the insert's ON CONFLICT, which locks the row it compares until
    the load commits: a field report on a project the file left as it was waited for the whole load (and each such
    row was written, for nothing: session 70). Only the projects the file changes are locked."""
    frame = project_mix(6, "LK", seed=21)
    assert load(engine, frame, tmp_path / "lk.gpkg", "append").ok
    edited = frame.copy()
    edited.loc[0, "TEN_DA"] = "Cống đã sửa tên"
    left_as_it_was = str(frame["MA_DA"][1])
    reported = []
    write_rows = project_writes.write_rows

    def report_meanwhile(session, *args):
        told = write_rows(session, *args)
        with Session(engine) as other, other.begin():
            other.execute(text("SET LOCAL lock_timeout = '5s'"))
            project = other.scalars(select(Project).where(Project.code == left_as_it_was)).one()
            append_status_event(
                other, project, status="under_construction", percent=40, reported_at=vietnam_today(), expire_tiles=False
            )
        reported.append(left_as_it_was)
        return told

    monkeypatch.setattr(project_writes, "write_rows", report_meanwhile)
    report = load(engine, edited, tmp_path / "lk_sua.gpkg", "upsert")

    assert report.ok and report.changes["updated"] == 1 and report.changes["unchanged"] == 5, report.changes
    assert reported == [left_as_it_was]


def test_a_report_landing_before_a_reload_reaches_its_project_is_kept_not_taken_for_a_step_back_of_the_file(
    engine, tmp_path, monkeypatch
):
    """A reload of 30,000 projects was refused whole, 21 s in, for one officer's phone report (80 %) on a project
    the file gave 74 % at: the report landed 5 s after the start, before the load reached that project's rows, and
    the file was said to put it back (trial s71). The file goes back only from what the registry held when the load
    began: the report is kept, the file's status is not set on that project (its other fields are), and the warning
    names the project and the report. A file that truly goes back is still refused, the reported project not named."""
    frame = project_mix(30, "HELD")  # chunks of 10: the reported projects lie in the second and third
    assert load(engine, frame, tmp_path / "held.gpkg", "append").ok

    def reload(edited: gpd.GeoDataFrame, name: str, reported_on: str, percent: float):
        write_rows, sent = project_writes.write_rows, []

        def report_meanwhile(session, *args):  # the phone's report, while the load writes its first chunk
            if not sent:
                with Session(engine) as other, other.begin():
                    project = other.scalars(select(Project).where(Project.code == reported_on)).one()
                    append_status_event(
                        other, project, status="under_construction", percent=percent, reported_at=vietnam_today(),
                        expire_tiles=False, reporter_name="Trần Thị Lan",
                    )  # fmt: skip
                sent.append(reported_on)
            return write_rows(session, *args)

        monkeypatch.setattr(project_writes, "write_rows", report_meanwhile)
        edited.to_file(tmp_path / name, driver="GPKG")
        settings = get_settings().model_copy(update={"ingest_chunk_size": 10})
        return ingest(engine, IngestRequest(tmp_path / name, Options("projects", mode="upsert")), settings)

    forward = frame.copy()  # HELD-000026: under construction, 26 % -> 30 % in the file; 40 % reported meanwhile
    forward.loc[26, ["TEN_DA", "TIEN_DO"]] = ["Cống số 26 (đổi tên)", 30.0]
    report = reload(forward, "held_sua.gpkg", "HELD-000026", 40)

    assert report.ok, report.errors
    (warned,) = [w for w in report.warnings if w.key == "status_overtaken"]
    assert "HELD-000026: Under construction, 40\u00a0% (set by the report of Trần Thị Lan on " in warned.text("en")
    assert "the file's Under construction, 30\u00a0% was not set" in warned.text("en")
    assert "HELD-000026: Đang thi công, 40\u00a0% (theo báo cáo của Trần Thị Lan ngày " in warned.text("vi")
    with Session(engine) as session:
        project = session.scalars(select(Project).where(Project.code == "HELD-000026")).one()
    assert (project.name_vi, project.status, project.percent) == ("Cống số 26 (đổi tên)", "under_construction", 40)

    back = frame.drop(index=26)  # HELD-000022 truly goes back (22 % -> 10 %); 18 % -> 19 %, 50 % reported meanwhile
    back.loc[[22, 18], "TIEN_DO"] = [10.0, 19.0]
    refused = reload(back, "held_lui.gpkg", "HELD-000018", 50)

    (error,) = refused.errors
    assert error.key == "steps_back_not_accepted" and "HELD-000022" in error.text("en"), refused.errors
    assert "the file puts 1 project back" in error.text("en") and "HELD-000018" not in error.text("en")


def test_an_open_map_is_told_which_load_redrew_it(engine, tmp_path):
    """Trial s72: a planner's map said "the projects were loaded again at 14:05; the map is redrawn", not whose file:
    the poll after a load names it, its job, file and who (none: the command line)."""
    with Session(engine) as session:
        (seen,) = read_states(session.connection(), ["projects"])
    report = load(engine, project_mix(5, "NEWS", seed=21), tmp_path / "tin_moi.gpkg", "append")
    assert report.ok, report.errors
    with Session(engine) as session:
        told = projects_changed_after(session, seen)
    assert told["reloaded"] and told["projects"] == []
    load_named = told["load"]
    assert (load_named["job"], load_named["file"], load_named["loaded_by"]) == (report.job_id, "tin_moi.gpkg", None)
