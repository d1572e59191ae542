"""Printed maps of projects (/map/export, ``georeg map export``, the web map's "Export map" panel in Chromium on a
desktop and a phone): the projects drawn and named as of a day, in view, with the salinity zones of a period, and
what a sheet cannot draw. Split from test_map_export.py (the progress sheets) so that xdist's workers share the
printed maps' minutes."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import pytest
from painted_map import open_map
from PIL import Image
from playwright.sync_api import expect
from printed_sheets import (
    STATE_ON,
    DrawnOnce,
    drawn_once,
    framed_on,
    not_saved,
    pdf_page_points,
    pdf_text,
    salinity_pixels,
    sheet_pixels,
)
from sqlalchemy import text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from geo.vi_format import vi_date
from geo.vietnam_day import vietnam_today
from geo.vocab import PROJECT_KINDS, PROJECT_STATUSES
from maps import map_export
from maps.map_export import _filters_line


@pytest.fixture(scope="module")
def printed(client) -> DrawnOnce:
    """The sample's printed sheets, each drawn once for the module (printed_sheets.drawn_once)."""
    return drawn_once(client)


SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_map_as_of_a_date_draws_the_statuses_of_that_date(printed, sample_engine, tmp_path):
    """A project whose status changed after a date is drawn, as of that date, with its earlier status."""
    with Session(sample_engine) as session:
        changed = session.execute(
            text(f"""SELECT earlier.kind, earlier.status, earlier.reported_at AS day FROM ({STATE_ON}) earlier
                     JOIN project p ON p.id = earlier.id WHERE p.status <> earlier.status ORDER BY p.id LIMIT 1"""),
            {"day": date(2024, 6, 30)},
        ).one()

        def count(day: date) -> int:
            rows = session.execute(text(STATE_ON), {"day": day}).all()
            return sum(1 for r in rows if r.kind == changed.kind and r.status == changed.status)

        then, now = count(changed.day), count(vietnam_today())
    assert then != now
    params = {"kind": changed.kind, "status": changed.status, "lang": "vi"}
    as_of = pdf_text(printed("/map/export", {**params, "as_of": changed.day.isoformat()}).content, tmp_path)
    current = pdf_text(printed("/map/export", params).content, tmp_path)
    assert f"{then} dự án trên bản đồ" in as_of and f"{now} dự án trên bản đồ" in current
    assert f"Tính đến ngày {vi_date(changed.day)}" in as_of and "(hiện tại)" in current
    kind = next(t.vi for t in PROJECT_KINDS if t.code == changed.kind)
    status = next(t.vi for t in PROJECT_STATUSES if t.code == changed.status)
    assert f"Loại dự án: {kind}" in as_of and status in as_of  # the filters line and the legend


def test_map_pdf_in_english_lists_its_legend_and_filters(printed, sample_engine, tmp_path):
    pdf = printed("/map/export", {"lang": "en", "paper": "a3", "orientation": "portrait", "kind": "sea_dyke"})
    assert pdf_page_points(pdf.content, tmp_path) == pytest.approx((842, 1191), abs=1)  # A3 portrait
    words = pdf_text(pdf.content, tmp_path)
    with Session(sample_engine) as session:
        dykes = session.execute(text("SELECT code FROM project WHERE kind = 'sea_dyke' AND geom IS NOT NULL")).scalars()
        assert all(code in words for code in dykes)  # each project drawn is named by its code
    assert "Sea" in words and "OpenStreetMap contributors" in words  # the sea, in the legend and the sources
    # the former provinces named with what they are now, on a sheet of a day after the reform (trial 42)
    assert "Green-growth project map — Bạc Liêu, Trà Vinh (now in Cà Mau, Vĩnh Long)" in words and "(current)" in words
    before = pdf_text(printed("/map/export", {"lang": "en", "as_of": "2024-12-31"}).content, tmp_path)
    assert "Green-growth project map — Bạc Liêu, Trà Vinh" in before and "now in" not in before  # still provinces
    assert "Filters — Project kind: Sea dyke" in words and "Sea dyke" in words and "Boundaries" in words
    one = " ".join(pdf_text(printed("/map/export", {"lang": "en", "province": "95"}).content, tmp_path).split())
    assert "Green-growth project map — Bạc Liêu" in one and "Province: Bạc Liêu" in one  # named, not "95"
    assert "Trà Vinh" not in one.split("Filters")[0]
    with Session(sample_engine) as session:
        single = session.scalar(
            text(
                "SELECT kind FROM project WHERE geom IS NOT NULL AND retired_at IS NULL GROUP BY kind "
                "HAVING count(*) = 1 LIMIT 1"
            )
        )
    alone = pdf_text(printed("/map/export", {"lang": "en", "kind": single}).content, tmp_path)
    assert "1 project on the map" in alone and "1 projects" not in alone
    assert "Wind farm" not in words  # only the kinds drawn are in the legend


def test_a_map_of_the_part_in_view_draws_and_counts_the_projects_there(printed, sample_engine, tmp_path):
    """A planner zoomed in on Bạc Liêu city printed the whole of both provinces: the sheet is framed on the part of
    the map asked for (the web map's view), and its projects are those drawn, counted and named by their codes."""
    view = (105.6, 9.2, 105.9, 9.45)
    with Session(sample_engine) as session:
        inside = session.execute(
            text(
                "SELECT code FROM project WHERE retired_at IS NULL AND geom IS NOT NULL "
                "AND ST_Intersects(geom, ST_MakeEnvelope(:w, :s, :e, :n, 4326))"
            ),
            dict(zip("wsen", view, strict=True)),
        ).scalars()
        inside = list(inside)
        total = session.scalar(text("SELECT count(*) FROM project WHERE retired_at IS NULL AND geom IS NOT NULL"))
    assert 0 < len(inside) < total
    bbox = ",".join(map(str, view))
    words = " ".join(pdf_text(printed("/map/export", {"lang": "en", "bbox": bbox}).content, tmp_path).split())
    assert f"{len(inside)} projects on the map" in words and all(code in words for code in inside)
    whole = " ".join(pdf_text(printed("/map/export", {"lang": "en"}).content, tmp_path).split())
    assert f"{total} projects on the map" in whole
    progress = printed("/progress/export", {"bbox": bbox, "format": "png"})
    assert progress.status_code == 200 and progress.content.startswith(b"\x89PNG")
    backwards = printed("/progress/export", {"bbox": "105.9,9.2,105.6,9.45"})  # east before west
    assert backwards.status_code == 422 and backwards.json()["detail"].startswith("bbox: ")


#: Vĩnh Long's (86) projects printed as a PNG.
VINH_LONG_PNG = {"province": "86", "format": "png"}


def test_a_provinces_map_frames_its_projects_whole_with_those_out_at_sea(printed, sample_engine):
    """A planner's sheet of Vĩnh Long cut the Đông Hải wind farms, out at sea, at the frame's bottom edge."""
    assert printed("/map/export", VINH_LONG_PNG).status_code == 200
    with Session(sample_engine) as session:
        extent = session.execute(
            text(
                "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(ST_Transform(geom, "
                "32648)) AS e FROM project WHERE province_code = '84' AND retired_at IS NULL) x"
            )
        ).one()
    west, south, east, north = framed = printed.framed("/map/export", VINH_LONG_PNG)
    assert west <= extent[0] and south <= extent[1] and east >= extent[2] and north >= extent[3], (framed, extent)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_printed_map_names_its_projects_beside_them(printed, sample_engine, tmp_path, lang):
    """Codes on the map ("TV-WIND-V1-5-6-HIEP-THANH") meant nothing in a director's Word document, and a PNG has no
    list after it (trial 57, F14): the map writes each project's short name where it has room, in the sheet's
    language; the list after a PDF's map keeps the codes."""
    with Session(sample_engine) as session:
        names = session.execute(
            text("SELECT code, name_vi, name_en FROM project WHERE province_code = '84' AND geom IS NOT NULL")
        ).all()
    pdf = printed("/map/export", {"province": "84", "lang": lang}).content
    on_map = " ".join(pdf_text(pdf, tmp_path, pages=1).split())
    shown = [
        row.code
        for row in names
        if ((row.name_en if lang == "en" else None) or row.name_vi)[: map_export.SHORT_NAME_LETTERS - 1] in on_map
    ]
    assert len(shown) >= len(names) // 2, (shown, on_map)
    assert ("Nhà máy điện gió Đông Hải 1" if lang == "vi" else "Đông Hải 1 wind farm") in on_map


def test_a_pdf_maps_list_marks_the_statuses_from_demonstration_data(printed, sample_engine, tmp_path):
    """The printed list read "TV-P6 … Đang thi công 80 %" with no mark, though the project page and the yearly
    report say it is demonstration data: pasted into a director's report, demo progress read as real (trial 57)."""
    with Session(sample_engine) as session:
        demo = set(
            session.scalars(
                text(
                    "SELECT p.code FROM project p WHERE p.province_code = '84' AND p.retired_at IS NULL "
                    "AND p.geom IS NOT NULL AND (SELECT e.is_demo FROM status_event e WHERE e.project_id = p.id "
                    "ORDER BY e.reported_at DESC, e.version DESC LIMIT 1)"
                )
            )
        )
    assert demo
    for lang, mark in (("vi", "(minh họa)"), ("en", "(demo)")):
        (tmp_path / "sheet.pdf").write_bytes(printed("/map/export", {"province": "84", "lang": lang}).content)
        key = subprocess.run(["pdftotext", "-f", "2", "-layout", str(tmp_path / "sheet.pdf"), "-"], capture_output=True)
        lines = [" ".join(line.split()) for line in key.stdout.decode().splitlines()]
        marked, code = set(), None
        for line in lines:  # a status's mark may go on under its row's line, in its narrow cell
            code = line.split()[0] if line.startswith("TV-") else code
            if code and mark.split()[-1] in line.split():
                marked.add(code)
        assert marked == demo, (lang, marked, demo)


def test_a_pdf_map_lists_after_it_what_each_code_stands_for(printed, sample_engine, tmp_path):
    """Codes alone ("TV-WIND-V1-7-DONG-HAI-1") told a planner at a meeting nothing: the next page names them."""
    with Session(sample_engine) as session:
        named = dict(
            session.execute(
                text(
                    "SELECT code, name_vi FROM project "
                    "WHERE province_code = '84' AND retired_at IS NULL AND geom IS NOT NULL"
                )
            ).all()
        )
    pdf = printed("/map/export", {"province": "86", "lang": "vi"}).content
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    key = subprocess.run(["pdftotext", "-f", "2", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in key.splitlines()]
    title = "Các dự án trên bản đồ — Bản đồ dự án tăng trưởng xanh — Trà Vinh (nay thuộc Vĩnh Long) · Tính đến ngày"
    assert lines[0].startswith(title), lines[0]  # the former boundaries drawn: the former province (e6)
    assert all(any(line.startswith(f"{code} {name}") for line in lines) for code, name in named.items()), lines
    assert any(
        line.startswith("TV-WIND-V1-7-DONG-HAI-1 Nhà máy điện gió Đông Hải 1") and "Đang vận hành" in line
        for line in lines
    )
    png = printed("/map/export", VINH_LONG_PNG)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")  # one image: no key


def test_a_crowded_map_writes_no_codes_and_says_how_to_get_them(client, sample_engine, tmp_path, monkeypatch):
    """Over CODED_AT_MOST projects the codes would hide the map (a province's 30,000 did): none is written, and
    the sheet says how many projects get codes."""
    with Session(sample_engine) as session:
        codes = session.execute(
            text("SELECT code FROM project WHERE retired_at IS NULL AND geom IS NOT NULL")
        ).scalars()
        codes = list(codes)
    monkeypatch.setattr(map_export, "CODED_AT_MOST", len(codes) - 1)
    words = pdf_text(client.get("/map/export", params={"lang": "en"}).content, tmp_path)
    assert f"Project codes are written when the map has at most {len(codes) - 1} projects" in " ".join(words.split())
    assert not any(code in words for code in codes)
    monkeypatch.setattr(map_export, "CODED_AT_MOST", len(codes))
    words = pdf_text(client.get("/map/export", params={"lang": "en"}).content, tmp_path)
    assert "Project codes are written" not in words and sum(code in words for code in codes) > len(codes) // 2


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/map/export", {"paper": "a5"}, "paper"),
        ("/map/export", {"format": "tiff"}, "format"),
        ("/map/export", {"orientation": "square"}, "orientation"),
        ("/map/export", {"as_of": "30/06/2024"}, "as_of"),
        ("/map/export", {"kind": "castle"}, "kind"),
        ("/map/export", {"lang": "fr"}, "lang"),
        ("/progress/export", {"weight": "votes"}, "weight"),
        ("/progress/export", {"scheme": "2025", "level": "district"}, "level"),
        ("/map/export", {"bbox": "105.6,9.2"}, "bbox"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(client, path, params, named):
    refused = client.get(path, params=params)
    assert refused.status_code == 422
    assert [problem["loc"][1] for problem in refused.json()["detail"]] == [named]


def test_codes_of_nothing_are_refused_rather_than_printed(client):
    """A mistyped agency or plan action printed a map of nothing under its code (trial s71), as the map's list did;
    each is refused naming its parameter and where the codes are, as an unknown province or plan was."""
    for name, code, where in (
        ("province", "99", "/api/units?level=province"),
        ("plan", "1/QĐ-UBND", "148/QĐ-UBND"),
        ("agency", "XX.SCT", "/api/agencies"),
        ("plan_action", "99.9", "/api/plan-actions"),
    ):
        refused = client.get("/map/export", params={name: code}, headers={"Accept-Language": "en"})
        assert refused.status_code == 422, name
        (problem,) = refused.json()["detail"]
        assert problem["loc"] == ["query", name] and code in problem["msg"] and where in problem["msg"], problem
    for path in ("/progress/export", "/api/progress"):  # figures of no agency's projects: zeros, as if none were led
        for name, code in (("agency", "XX.SCT"), ("plan_action", "99.9")):
            refused = client.get(path, params={name: code}, headers={"Accept-Language": "vi"})
            (problem,) = refused.json()["detail"]
            assert refused.status_code == 422 and problem["loc"] == ["query", name] and "xem các mã" in problem["msg"]


def test_an_empty_agency_or_plan_action_is_refused_in_both_languages_not_printed(client):
    """``?agency=`` (a box left empty, a link cut short) chose no project, and both sheets printed the whole map under
    it, where an empty province or plan was refused: refused too, naming the parameter and what to give instead."""
    for path, name, example in (("/map/export", "agency", "TV.SCT"), ("/progress/export", "plan_action", "13.3")):
        for lang, said in (("en", f"{name} is empty: give "), ("vi", f"{name} để trống: ghi ")):
            refused = client.get(path, params={name: ""}, headers={"Accept-Language": lang})
            assert refused.status_code == 422, refused.headers["content-type"]
            (problem,) = refused.json()["detail"]
            assert (
                problem["loc"] == ["query", name, 0] and problem["msg"].startswith(said) and example in problem["msg"]
            )


#: A province's extent in the map's metres (UTM 48N): the former province itself (``code``) and its projects.
PROVINCE_EXTENT = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(ST_Transform(geom, 32648)) AS e FROM (
    SELECT geom FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND code = :code
    UNION ALL SELECT geom FROM project WHERE province_code = :code AND retired_at IS NULL AND geom IS NOT NULL) g) x"""


def test_a_former_provinces_map_on_the_2025_boundaries_is_framed_on_it_not_on_every_unit(
    client, sample_engine, sample_settings, tmp_path, commands_use
):
    """Trial 67: former Trà Vinh (84) chosen on today's boundaries, the sheet was framed on Trà Vinh and all of Bạc
    Liêu, Bạc Liêu's communes white and named as if chosen: no 2025 commune has 84 as its province, so the sheet fell
    back to every unit. It is framed on the communes lying in Trà Vinh (as its progress sheet is), from the web map's
    route and the command line alike, and a commune beyond it, in view, is grey, unnamed, and said so."""
    with Session(sample_engine) as session:
        tra_vinh, bac_lieu = (session.execute(text(PROVINCE_EXTENT), {"code": code}).one() for code in ("84", "95"))
    params = {"scheme": "2025", "province": "84", "schedule": "past_due", "format": "png"}
    out = tmp_path / "tv.png"
    command = ["map", "export", "--scheme", "2025", "--province", "84", "-o", str(out)]
    commands_use(sample_settings.database_url)
    with not_saved():
        png, web = framed_on(lambda: client.get("/map/export", params=params))
        written, cli = framed_on(lambda: CliRunner().invoke(app, command))
    assert png.status_code == 200 and written.exit_code == 0, written.output
    for west, south, east, north in (web, cli):  # (the communes' edges are not the former province's, to 1 km)
        assert west >= tra_vinh[0] - 1000 and south >= tra_vinh[1] - 1000, (web, cli, tra_vinh)
        assert east <= tra_vinh[2] + 1000 and north <= tra_vinh[3] + 1000, (web, cli, tra_vinh)
        assert west > bac_lieu[2], (west, bac_lieu)  # nothing of Bạc Liêu's
    both = {"scheme": "2025", "province": "84", "lang": "en", "bbox": "105.2,9.0,106.8,10.1"}
    words = " ".join(pdf_text(client.get("/map/export", params=both).content, tmp_path).split())
    assert "Other communes, not chosen" in words
    assert "Hồng Dân" not in words and "Vĩnh Hậu" not in words and "Nhị Long Commune" in words  # Bạc Liêu's unnamed
    shown = Image.open(io.BytesIO(client.get("/map/export", params={**both, "format": "png"}).content)).convert("RGB")
    grey = sum(n for n, colour in shown.getcolors(1 << 20) if colour == (0xD9, 0xD9, 0xD9))  # NOT_CHOSEN
    assert grey > 0.03 * shown.width * shown.height


def test_a_2025_provinces_projects_sheet_is_framed_whole_naming_its_former_provinces(
    sample_engine, sample_settings, tmp_path, commands_use
):
    """Trial 68: `georeg map export --province 96` (Cà Mau, on its 2025 communes) was framed on former Bạc Liêu, the
    larger former Cà Mau cut at the sheet's edge, white and unnamed. The sheet frames the whole province, names both
    former provinces, hatches the part with no communes (in the web map's words) and says whose projects it holds."""
    with Session(sample_engine) as session:
        former = session.execute(text(PROVINCE_EXTENT), {"code": "96"}).one()  # former Cà Mau (no projects of it)
    out = tmp_path / "ca_mau.pdf"
    commands_use(sample_settings.database_url)
    written, (west, south, east, north) = framed_on(
        lambda: CliRunner().invoke(app, ["map", "export", "--province", "96", "-o", str(out)])
    )
    assert written.exit_code == 0, written.output
    assert west <= former[0] + 1000 and south <= former[1] + 1000, ((west, south, east, north), former)
    assert east >= former[2] - 1000 and north >= former[3] - 1000, ((west, south, east, north), former)
    words = " ".join(pdf_text(out.read_bytes(), tmp_path, pages=1).split())
    assert "Bạc Liêu cũ" in words and "Cà Mau cũ" in words
    assert "Phần tỉnh chưa có ranh giới cấp xã, phường trong sổ đăng ký (không tính tiến độ)" in words
    assert "Trong số các dự án của sổ đăng ký: các dự án của Bạc Liêu cũ; sổ đăng ký không theo dõi Cà Mau cũ." in words


def test_a_units_projects_map_is_drawn_in_its_own_boundaries_on_every_path(
    client, printed, sample_settings, tmp_path, commands_use
):
    """User trial (e8): /map/export?unit=31900 (Xã Vĩnh Lợi, a 2025 commune) drew it among the former provinces, its
    neighbour "Tỉnh Sóc Trăng", the legend "Tỉnh (trước 01/07/2025)", where the web map's export drew Cần Thơ. A
    unit's map is drawn in its own boundaries, from the API and the command line, unless a scheme is given (the web
    map's export gives the screen's: test_a_progress_sheet_of_one_former_district…); units of both are refused saying
    what to do."""
    out = tmp_path / "vinh_loi.pdf"
    commands_use(sample_settings.database_url)
    written = CliRunner().invoke(app, ["map", "export", "--what", "map", "--unit", "31900", "-o", str(out)])
    assert written.exit_code == 0, written.output
    for pdf in (printed("/map/export", {"unit": "31900"}).content, out.read_bytes()):
        words = " ".join(pdf_text(pdf, tmp_path, 1).split())
        assert "Tỉnh (từ 01/07/2025) Xã, phường (từ 01/07/2025)" in words and "Thành phố Cần Thơ" in words, words
        assert "Tỉnh (trước 01/07/2025)" not in words and "Sóc Trăng" not in words
    both = client.get("/map/export", params={"unit": ["31900", "954"], "lang": "en"})
    assert both.status_code == 422 and both.json()["detail"].startswith(
        "unit: Vĩnh Lợi Commune (31900), Bạc Liêu City (954) belong to two different boundary sets"
    )


def test_a_province_holding_none_of_the_sheets_units_is_refused_not_printed_with_every_unit(client):
    """A province the registry knows but holds no unit of (Bến Tre, 83, a neighbour) was printed as every unit under
    its code, the projects' sheet and the progress sheet alike; so would be a province on a level it has no unit of.
    Each is refused, saying what to choose. A 2025 province at the province level is its own unit (Vĩnh Long, 86,
    merging three former provinces, lies mostly in none: its progress was empty)."""
    refused = client.get(
        "/progress/export", params={"province": "83", "scheme": "2025"}, headers={"Accept-Language": "vi"}
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == (
        "province: sổ đăng ký không có xã, phường (từ 01/07/2025) nào nằm trong tỉnh mã '83'; hãy chọn một tỉnh "
        "của sổ: 86, 96"
    )
    refused = client.get("/map/export", params={"province": "83", "scheme": "2025"}, headers={"Accept-Language": "vi"})
    (problem,) = refused.json()["detail"]  # as /api/projects refuses it: the map's list held none of its projects
    assert refused.status_code == 422 and problem["loc"] == ["query", "province"]
    assert (
        problem["msg"].startswith("tỉnh Bến Tre (mã '83') là tỉnh lân cận, chỉ vẽ làm nền")
        and "96 Cà Mau" in problem["msg"]
    )
    former = client.get("/progress/export", params={"province": "84", "scheme": "2025", "level": "province"})
    assert former.status_code == 422 and former.json()["detail"] == (
        "province: the registry holds no provinces (from 1 July 2025) lying in Trà Vinh Province (84); choose the "
        "boundaries before 1 July 2025 (scheme pre2025) or another province"
    )
    merged = client.get("/api/progress", params={"province": "86", "scheme": "2025", "level": "province"}).json()
    assert [unit["code"] for unit in merged["units"]] == ["86"]


def test_a_map_prints_the_salinity_zones_of_a_period_under_the_projects_with_their_classes_and_source(
    printed, sample_engine, tmp_path
):
    """Planners print where the salt is beside the dykes and sluices: the zones of the period asked for ("latest":
    the newest loaded) are drawn under the projects, their classes in the legend, their source (a model's
    prediction) cited; a period with no zones is refused, naming the periods loaded."""
    with Session(sample_engine) as session:
        period, classes = session.execute(
            text("SELECT max(period), array_agg(DISTINCT salinity_class) FROM salinity_zone")
        ).one()
    shown = f"{period[5:]}/{period[:4]}"
    words = " ".join(pdf_text(printed("/map/export", {"lang": "en", "salinity": period}).content, tmp_path).split())
    vietnamese = " ".join(pdf_text(printed("/map/export", {"salinity": "latest"}).content, tmp_path).split())
    # the sheet (its key after it names a province-wide project "… drought and salinity …")
    plain = " ".join(pdf_text(printed("/map/export", {"lang": "en"}).content, tmp_path, 1).split())

    assert f"Soil salinity ECe (dS/m), {shown}" in words and f"Độ mặn đất ECe (dS/m), kỳ {shown}" in vietnamese
    labels = {"0-2": "Non-saline (< 2)", "2-4": "Slightly saline (2–4)", "4-8": "Moderately saline (4–8)"}
    labels |= {"8-16": "Strongly saline (8–16)", "16+": "Very strongly saline (≥ 16)"}
    assert all((label in words) == (code in classes) for code, label in labels.items())  # the classes drawn
    assert "No salinity data" in words
    assert "Salinity — quanguet0409/SalinityCygnss" in words and "not measured" in words
    assert "Độ mặn — quanguet0409/SalinityCygnss" in vietnamese and "không phải số đo" in vietnamese
    assert "salinity" not in plain.lower()
    with_zones = printed("/map/export", {"format": "png", "salinity": "latest"}).content
    without = printed("/map/export", {"format": "png"}).content
    assert salinity_pixels(with_zones) > 20 * max(salinity_pixels(without), 1000)  # drawn on the map
    refused = printed("/map/export", {"salinity": "1999-01"})
    assert refused.status_code == 422 and refused.json()["detail"] == (
        f"salinity: no salinity zones of period '1999-01'; loaded: {period}"
    )


def test_cli_writes_the_map_to_a_file_and_refuses_bad_options(sample_settings, tmp_path, commands_use):
    commands_use(sample_settings.database_url)
    out, refused_out = tmp_path / "out.pdf", tmp_path / "refused.pdf"
    written = CliRunner().invoke(
        app,
        ["map", "export", "--what", "progress", "--format", "pdf", "--paper", "a3", "--as-of", "30/06/2025"]
        + ["--lang", "vi", "-o", str(out)],  # written as the pages write a date (only 2025-06-30 was read: trial 66)
    )
    refused = CliRunner().invoke(app, ["map", "export", "--paper", "a5", "-o", str(refused_out)])
    png = CliRunner().invoke(app, ["map", "export", "--kind", "wind_farm", "-o", str(tmp_path / "map.png")])
    salinity = CliRunner().invoke(app, ["map", "export", "--salinity", "latest", "-o", str(tmp_path / "salt.png")])
    no_zones = CliRunner().invoke(app, ["map", "export", "--salinity", "1999-01", "-o", str(tmp_path / "none.png")])
    assert salinity.exit_code == 0 and salinity_pixels((tmp_path / "salt.png").read_bytes()) > 20_000
    assert no_zones.exit_code == 1 and "salinity: không có vùng nhiễm mặn của kỳ '1999-01'" in no_zones.output
    assert no_zones.output.startswith("Không ghi gì:")  # in the sheet's language, Vietnamese by default
    assert written.exit_code == 0, written.output
    assert "Đã ghi bản đồ tiến độ vào" in written.output and "Đã ghi bản đồ dự án vào" in png.output
    assert "(A3 ngang," in " ".join(written.output.split())  # in the sheet's language
    assert pdf_page_points(out.read_bytes(), tmp_path) == pytest.approx((1191, 842), abs=1)  # A3 landscape
    assert "Tính đến ngày 30/06/2025" in pdf_text(out.read_bytes(), tmp_path)
    assert refused.exit_code == 1 and "paper" in refused.output and not refused_out.exists()
    assert png.exit_code == 0, png.output
    assert Image.open(tmp_path / "map.png").size == (sheet_pixels(297), sheet_pixels(210))


def test_cli_prints_one_units_progress_sheet_as_the_web_export_does(sample_settings, tmp_path, commands_use):
    """`georeg map export --what progress --unit 961` printed both provinces' sheet with not a word about --unit
    (trial 65, F14): it prints Huyện Hoà Bình's sheet, as /progress/export?unit=961 does, and a mistyped code is
    refused by name, nothing written."""
    commands_use(sample_settings.database_url)
    out, missing = tmp_path / "961.pdf", tmp_path / "nowhere.pdf"
    written = CliRunner().invoke(app, ["map", "export", "--what", "progress", "--unit", "961", "-o", str(out)])
    refused = CliRunner().invoke(
        app, ["map", "export", "--what", "progress", "--unit", "9999", "--lang", "en", "-o", str(missing)]
    )
    assert written.exit_code == 0, written.output
    words = " ".join(pdf_text(out.read_bytes(), tmp_path).split())
    assert "— Huyện Hoà Bình, Bạc Liêu" in words and "Bộ lọc — Huyện, xã: Huyện Hoà Bình" in words, words[:300]
    assert "Huyện Cầu Ngang" not in words  # Trà Vinh's districts are not drawn
    assert refused.exit_code == 1 and not missing.exists()
    assert "unit: no district (before 1 July 2025) or commune (from 1 July 2025) has the code '9999'" in " ".join(
        refused.output.split()
    )


@pytest.mark.parametrize(
    ("viewport", "path", "button", "named", "shot"),
    # the maps open on today's boundaries, the 2025 provinces and communes, and print them
    [
        (
            {"width": 1440, "height": 900},
            "/?kind=wind_farm&as_of=2024-06-30",
            "Xuất bản đồ",
            "map_2025_kind-wind_farm",
            "vi",
        ),
        (
            {"width": 390, "height": 844},
            "/progress?lang=en&as_of=2024-06-30",
            "Export map",
            "progress_2025-commune",
            "phone_en",
        ),
        # the choropleth shown on the main map: the panel offers it first
        (
            {"width": 1440, "height": 900},
            "/?lang=en&layers=progress&as_of=2024-06-30",
            "Export map",
            "progress_2025-commune",
            None,
        ),
        # the salinity zones shown under the projects: printed under them
        (
            {"width": 390, "height": 844},
            "/?lang=en&kind=wind_farm&layers=projects,salinity_zones&as_of=2024-06-30",
            "Export map",
            "map_2025_kind-wind_farm",
            None,
        ),
    ],
)
def test_the_export_button_downloads_the_map_with_the_pages_filters_and_date(
    new_tab, live_server, tmp_path, viewport, path, button, named, shot
):
    phone = viewport["width"] < 700
    page = new_tab(viewport=viewport, has_touch=phone, is_mobile=phone)  # the map keeps nothing in the browser
    open_map(page, live_server + path)
    # the choropleth, and the salinity zones, are on the map once their layers' descriptions have come (on a
    # loaded machine after the network first fell quiet the zones were not yet shown, nor printed): at rest they are
    for layer in ("progress", "salinity_zones"):
        if layer in path:
            assert page.evaluate(f"() => window.georeg.map.hasLayer(window.georeg.overlays.{layer})"), layer
    page.get_by_role("button", name=button).click()
    panel = page.locator("#georeg-export")
    assert panel.is_visible()
    panel.locator('input[name="georeg-sheet-format"][value="png"]').check()
    if shot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"map_export_panel_{shot}.png"))
    with page.expect_download() as download:
        panel.locator("#georeg-export-link").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    asked = panel.locator("#georeg-export-link").get_attribute("href")  # fetched, saved from the page
    assert saved.name.startswith(f"georeg_{named}_2024-06-30_a4_landscape") and saved.suffix == ".png"
    assert "as_of=2024-06-30" in asked
    assert saved.stem.endswith("_en") == ("lang=en" in path)
    assert ("kind=wind_farm" in asked) == named.startswith("map")
    assert ("salinity=latest" in asked) == ("salinity_zones" in path)
    assert Image.open(saved).size == (sheet_pixels(297), sheet_pixels(210))


@pytest.mark.parametrize(
    ("lang", "viewport", "shown", "preparing", "downloaded", "printed"),
    [
        # zoomed in on Trà Vinh city on a phone: a tall view
        (
            "vi",
            {"width": 390, "height": 844},
            "view=9.93000,106.34000,11",
            "Đang chuẩn bị bản đồ…",
            "Đã tải về tệp georeg_map_2025_province-84_",
            ("orientation=portrait", "bbox="),
        ),
        # the map's schedule filter (which projects are late)
        (
            "en",
            {"width": 1366, "height": 900},
            "schedule=past_due",
            "Preparing the map…",
            "Downloaded georeg_map_2025_province-84_",
            ("schedule=past_due", "orientation=landscape"),
        ),
    ],
)
def test_the_export_prints_what_the_map_shows_says_it_prepares_it_waits_then_says_it_downloaded(
    new_tab, live_server, lang, viewport, shown, preparing, downloaded, printed
):
    """What the map shows goes to the print: its filters (the schedule's too, which the sheet names:
    test_the_schedule_filter_is_named_on_the_sheet) and, zoomed in, the part in view — on a phone's tall view upright
    (printed on a landscape sheet, the district seen came out small in a strip three times as wide); each may be
    changed in the panel.
    A PDF takes 4–5 s to draw: a followed link showed nothing meanwhile, on a phone or a desktop (trial 57, F25).
    The button says it is preparing and takes no second tap; then the panel names the file saved, or why not."""
    phone = viewport["width"] < 700
    page = new_tab(viewport=viewport, has_touch=phone, is_mobile=phone)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/map/export" in request.url else None)
    open_map(page, f"{live_server}/?province=84&lang={lang}&{shown}")
    page.locator("button[data-opens='georeg-export']").click()
    link = page.locator("#georeg-export-link")
    href = link.get_attribute("href")
    assert all(part in href for part in printed), href
    said = page.locator("#georeg-export-said")
    with page.expect_download() as download:
        link.click()
        expect(link).to_have_text(preparing)
        assert link.get_attribute("aria-disabled") == "true" and said.is_visible()
        link.click(force=True)  # a second tap while it is drawn
    expect(said).to_contain_text(downloaded)
    assert download.value.suggested_filename.startswith("georeg_map_2025_province-84_")
    assert link.get_attribute("aria-disabled") is None and len(asked) == 1
    # a server that cannot be reached: said so in the panel, the button offered again
    page.route("**/map/export?**", lambda route: route.abort())
    link.click()
    expect(said).to_contain_text("không kết nối được" if lang == "vi" else "could not be reached")
    expect(link).not_to_have_attribute("aria-disabled", "true")


def test_the_schedule_filter_is_named_on_the_sheet():
    """The projects past due, printed (test_the_export_prints_what_the_map_shows_…), say so on the sheet."""
    assert _filters_line({"schedule": ["past_due"]}, "vi") == "Bộ lọc — Thời hạn: Quá hạn, chưa xong"
    assert _filters_line({"schedule": ["past_due", "undated"]}, "en") == (
        "Filters — Schedule: Past due, not finished, No due year"
    )


def test_the_printed_sheet_counts_the_projects_it_cannot_draw(client, printed, tmp_path):
    """16 projects past due, 4 of them province-wide (no site): the sheet said "12 dự án trên bản đồ" and nothing of
    the 4, which a planner handing it round at a meeting missed."""
    chosen = client.get("/api/exports/projects.geojson", params={"schedule": "past_due"}).json()["features"]
    located, unlocated = (sum(1 for f in chosen if bool(f["geometry"]) is has) for has in (True, False))
    assert located and unlocated
    sheet = pdf_text(printed("/map/export", {"schedule": "past_due", "lang": "vi"}).content, tmp_path)
    words = " ".join(sheet.split())
    assert (
        f"{located} dự án trên bản đồ; {unlocated} dự án toàn tỉnh khớp bộ lọc (không có vị trí) không vẽ được" in words
    )
    located_only = pdf_text(printed("/map/export", {"kind": "wind_farm", "lang": "en"}).content, tmp_path)
    assert "province-wide" not in located_only  # every wind farm has its site


@pytest.mark.parametrize(
    ("lang", "section"),
    [("en", "Province-wide projects (no site) matching the filters"), ("vi", "Dự án toàn tỉnh (không có vị trí)")],
)
def test_the_printed_sheet_names_the_province_wide_projects_it_cannot_draw(client, printed, tmp_path, lang, section):
    """A consultant's sheet of Trà Vinh's late projects counted 4 province-wide ones and named them nowhere: her slide
    of "late projects" left out the canal dredging and the river dykes. After the drawn ones, the sheet lists them in
    the same columns: code, name, status."""
    params = {"schedule": "past_due", "province": "84", "lang": lang}
    chosen = client.get("/api/exports/projects.geojson", params=params).json()["features"]
    unlocated = [f["properties"] for f in chosen if not f["geometry"]]
    assert len(unlocated) >= 2
    path = tmp_path / "sheet.pdf"
    path.write_bytes(printed("/map/export", params).content)
    first = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    assert ("(named after the map)" if lang == "en" else "(ghi tên sau bản đồ)") in first
    key = subprocess.run(["pdftotext", "-f", "2", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    lines = [" ".join(line.split()) for line in key.splitlines()]
    after = lines[next(i for i, line in enumerate(lines) if line.startswith(section)) :]
    status = {t.code: t.en if lang == "en" else t.vi for t in PROJECT_STATUSES}
    for project in unlocated:
        name = project["name_en"] if lang == "en" else project["name_vi"]
        row = next((line for line in after if line.startswith(project["code"])), "")
        assert name.split()[0] in row and status[project["status"]] in row, (project["code"], after)
    png = printed("/map/export", {**params, "format": "png"})
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")  # one page: counted, not named
