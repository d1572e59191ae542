"""A forest raster loaded on /upload gives its figures without a command (trial 63): the load computes the units'
statistics after its commit, the unit pages say they are being computed meanwhile, /upload says what was computed in
the page's language, and the yearly report cites the raster in words a director reads."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import docx
import httpx
import numpy as np
import pytest
import rasterio
from ingest_files import districts, forest_tif, to_crs
from live_servers import serving
from playwright.sync_api import expect
from rasterio.features import rasterize
from sqlalchemy import create_engine, delete, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner
from watched_pages import watch

from cli.main import app
from geo.accounts import create_account, create_token
from geo.forest_stats_queue import finish_queued_stats
from geo.ingest.raster import RasterRequest, register_raster
from geo.models import ForestStatsQueue, ForestUnitStat
from geo.settings import Settings

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.fixture(scope="module")
def site(make_registry, tmp_path_factory):
    """The app on a sample registry with a gis account, served on a free loopback port; its settings and engine."""
    url = make_registry("forest_upload", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token = create_token(session, create_account(session, "minh.gis", role="gis"))[0]
    settings = Settings(
        database_url=url, upload_dir=tmp_path_factory.mktemp("uploads"), raster_dir=tmp_path_factory.mktemp("rasters")
    )
    with serving(settings) as server:
        yield server, token, settings, engine
    engine.dispose()


def province_forest_tif(path: Path) -> Path:
    """Forest (1) over the whole of former Bạc Liêu's Đông Hải, 0 over its other districts, at 200 m in EPSG:5897:
    a raster of the whole province, so that the plan's forest-cover indicator gets a value."""
    frame = districts("95")
    shapes = to_crs(frame.geometry.values, 5897)
    west, south, east, north = shapely_bounds(shapes)
    transform = rasterio.transform.from_origin(west - 400, north + 400, 200, 200)
    shape = (int((north - south) / 200) + 5, int((east - west) / 200) + 5)
    values = [(geom, 1 if name == "Đông Hải" else 0) for geom, name in zip(shapes, frame["district_name"], strict=True)]
    forest = rasterize(values, out_shape=shape, transform=transform, fill=255, dtype="uint8")
    profile = {"driver": "GTiff", "width": shape[1], "height": shape[0], "count": 1, "dtype": "uint8"}
    with rasterio.open(path, "w", crs="EPSG:5897", transform=transform, nodata=255, **profile) as dst:
        dst.write(forest[np.newaxis])
    return path


def shapely_bounds(geoms) -> tuple[float, float, float, float]:
    bounds = np.array([g.bounds for g in geoms])
    return bounds[:, 0].min(), bounds[:, 1].min(), bounds[:, 2].max(), bounds[:, 3].max()


def follow(server: str, token: str, job_id: int, done) -> dict:
    """The job once ``done(job)``, as /upload follows it."""
    for _ in range(150):
        job = httpx.get(f"{server}/api/jobs/{job_id}", headers={"Authorization": f"Bearer {token}"}).json()
        if done(job):
            return job
        time.sleep(0.2)
    raise AssertionError(job)


def load_by_api(server: str, token: str, path: Path, **form: str) -> dict:
    """Upload ``path`` as a forest raster, commit it and return its job once its statistics are computed."""
    headers = {"Authorization": f"Bearer {token}"}
    with open(path, "rb") as file:
        sent = httpx.post(
            f"{server}/api/uploads", files={"file": (path.name, file)}, data={"into": "forest", **form}, headers=headers
        )
    assert sent.status_code == 202, sent.text
    checked = follow(server, token, sent.json()["id"], lambda job: job["state"] not in ("pending", "running"))
    assert checked["state"] == "previewed", checked["report"]["errors"]
    assert httpx.post(f"{server}/api/jobs/{checked['id']}/commit", headers=headers).status_code == 202
    stats = lambda job: ((job.get("report") or {}).get("forest_stats") or {}).get("state") == "computed"  # noqa: E731
    return follow(server, token, checked["id"], stats)


def dong_hai(server: str, year: int) -> dict:
    answer = httpx.get(f"{server}/api/forest", params={"scheme": "pre2025", "level": "district", "year": year})
    assert answer.status_code == 200, answer.text
    return next(unit for unit in answer.json()["units"] if unit["name_vi"] == "Đông Hải")


def test_a_forest_raster_uploaded_gives_the_units_figures_without_a_command(site, tmp_path):
    """Loaded on /upload, a raster said "Đã ghi 0" and /api/forest?year=2026 answered 404 until an administrator ran
    `georeg forest stats` on the server (trial 63, finding 1)."""
    server, token, settings, engine = site
    path = forest_tif(tmp_path / "rung_2026.tif", 5897)
    job = load_by_api(server, token, path, year="2026", source="Chi cục Kiểm lâm Bạc Liêu")

    assert dong_hai(server, 2026)["forest_ha"] > 30_000  # the district is all forest in this raster
    report = job["report"]
    assert report["title_vi"] == "Ảnh che phủ rừng năm 2026 (tệp rung_2026.tif)"  # not "forest_cover 2026 (…)"
    assert report["title"] == "Forest-cover raster of 2026 (file rung_2026.tif)"
    lines = report["forest_stats"]["lines_vi"]
    assert lines[0].startswith(f"đã tính che phủ rừng năm 2026 (ảnh raster {report['raster_id']}); số đơn vị có số")
    assert "Trà Vinh: không có số liệu, ảnh không phủ tỉnh này" in lines
    assert report["forest_stats"]["lines_en"][0].startswith("forest cover of 2026 computed")
    assert "GeoTIFF's" not in report["crs_how_vi"] and "tệp GeoTIFF" in report["crs_how_vi"]


def test_a_forest_raster_needs_its_year_said_in_the_pages_words(site, tmp_path):
    server, token, settings, engine = site
    with open(forest_tif(tmp_path / "rung.tif", 5897), "rb") as file:
        sent = httpx.post(
            f"{server}/api/uploads",
            files={"file": ("rung.tif", file)},
            data={"into": "forest", "source": "x"},
            headers={"Authorization": f"Bearer {token}"},
        )
    job = follow(server, token, sent.json()["id"], lambda job: job["state"] not in ("pending", "running"))
    (error,) = job["report"]["errors"]
    assert job["state"] == "failed" and "«Năm (ảnh raster)»" in error["message_vi"]


def test_a_forest_raster_without_source_nor_year_is_told_both_in_one_check(site, tmp_path):
    """Trial 64 (F-a): refused for its missing source, then, checked again with it, for its missing year. Both empty
    boxes are said at once, each naming its box in the page's words; the file's own facts are read meanwhile."""
    server, token, settings, engine = site
    with open(forest_tif(tmp_path / "rung_2026.tif", 5897), "rb") as file:
        sent = httpx.post(
            f"{server}/api/uploads",
            files={"file": ("rung_2026.tif", file)},
            data={"into": "forest"},
            headers={"Authorization": f"Bearer {token}"},
        )
    job = follow(server, token, sent.json()["id"], lambda job: job["state"] not in ("pending", "running"))
    source, year = job["report"]["errors"]
    assert job["state"] == "failed" and job["error_count"] == 2
    assert "«Nguồn dữ liệu»" in source["message_vi"] and "«Năm (ảnh raster)»" in year["message_vi"]
    assert "«Source of the data»" in source["message"] and "«Year (rasters)»" in year["message"]
    assert all(e["message_vi"].startswith("rung_2026.tif: tệp không nạp được: ") for e in (source, year))
    assert job["report"]["size"] and job["report"]["crs"] == "EPSG:5897"


def test_a_unit_page_says_the_figures_of_a_raster_just_loaded_are_being_computed(site, tmp_path):
    """Between a load's commit and its statistics the unit page showed the older year's figures alone."""
    server, token, settings, engine = site
    request = RasterRequest(forest_tif(tmp_path / "rung_2031.tif", 5897), "forest", "Chi cục Kiểm lâm", 2031)
    raster = register_raster(engine, request, settings).raster_id
    with Session(engine) as session, session.begin():  # as just committed: queued, no statistics yet
        session.execute(delete(ForestUnitStat).where(ForestUnitStat.raster_id == raster))
        session.add(ForestStatsQueue(raster_id=raster))
    code = dong_hai(server, 2026)["code"]
    page = httpx.get(f"{server}/units/pre2025/{code}", timeout=30).text
    assert "Đang tính che phủ rừng năm 2031 từ ảnh vừa nạp" in page
    english = httpx.get(f"{server}/units/pre2025/{code}", params={"lang": "en"}, timeout=30).text
    assert "The forest cover of 2031 is being computed" in english
    waiting = httpx.get(f"{server}/api/forest", params={"year": 2031})
    assert waiting.status_code == 404 and "being computed" in waiting.text

    finish_queued_stats(engine)

    assert dong_hai(server, 2031)["forest_ha"] > 30_000
    assert "Đang tính che phủ rừng" not in httpx.get(f"{server}/units/pre2025/{code}", timeout=30).text


def test_the_yearly_report_cites_the_raster_by_its_title_not_internal_names(site, tmp_path):
    """The DOCX source column printed "ảnh raster 3: forest_cover 2026 (rung_2026.tif); thống kê vùng … (geo.forest);
    mã giá trị 2" for the People's Committee (trial 63, finding 9)."""
    server, token, settings, engine = site
    title = "Bản đồ rừng ngập mặn 2027 – Chi cục Kiểm lâm"
    load_by_api(server, token, province_forest_tif(tmp_path / "rung_tinh.tif"), year="2027", source="x", title=title)
    with engine.connect() as connection:  # the plan's forest-cover indicator got the province's value
        assert connection.scalar(text("SELECT count(*) FROM indicator_value WHERE period = '2027'"))
    params = {"plan": "148/QĐ-UBND", "year": 2027, "format": "docx"}
    for lang, method in (
        ("vi", "thống kê vùng của ảnh rừng trên toàn tỉnh"),
        ("en", "zonal statistics of the forest raster over the whole province"),
    ):
        answer = httpx.get(f"{server}/api/reports/annual", params={**params, "lang": lang}, timeout=60)
        document = docx.Document(io.BytesIO(answer.content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        (source,) = {cell for cell in cells if title in cell}
        assert method in source and "geo.forest" not in source, source
        assert not re.search(r"raster \d|mã giá trị|value id", source), source


@pytest.mark.parametrize(("lang", "device"), [("vi", PHONE), ("en", {})])
def test_the_upload_page_says_what_a_forest_raster_computed_in_its_language(browser, site, tmp_path, lang, device):
    """The Vietnamese result read "từ GeoTIFF's CRS", "Chủ đề ảnh: forest_cover" and "Đã ghi 0" (trial 63, 14)."""
    server, token, settings, engine = site
    year = {"vi": "2028", "en": "2029"}[lang]
    context = browser.new_context(**device)
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{server}/upload?lang={lang}")
    page.fill("#token", token)
    page.set_input_files("#file", str(forest_tif(tmp_path / f"rung_{year}.tif", 5897)))
    page.select_option("#into", "forest")
    page.fill("#year", year)
    page.fill("#source", "Chi cục Kiểm lâm Bạc Liêu")
    page.click("#preview")
    page.locator("#message.ok").wait_for(timeout=20_000)
    # its size in whole pixels and bands, not "0 features" over the Load button nor "725 × 549,0" (trial 64, F-b)
    pixels = {"vi": r"\d+ × \d+ điểm ảnh, 1 kênh", "en": r"\d+ × \d+ pixels, 1 band"}[lang]
    size = {"vi": "Kích thước: ", "en": "Size: "}[lang]
    expect(page.locator("#actions-told")).to_have_text(re.compile(f"^{size}{pixels}$"))
    listed = page.locator("#waiting > li").filter(has_text=f"rung_{year}.tif")
    expect(listed).to_contain_text(re.compile(pixels))
    expect(listed).not_to_contain_text({"vi": "đối tượng", "en": "features"}[lang])
    pixel = {"vi": "Kích thước một điểm ảnh", "en": "Pixel size"}[lang]
    assert page.inner_text(f'#facts dd[data-fact="{pixel}"]') == "100 m"
    page.click("#commit")
    told = {"vi": f"Đã tính che phủ rừng năm {year} cho", "en": f"Forest cover of {year} computed for"}[lang]
    page.locator("#message.ok").filter(has_text=told).wait_for(timeout=60_000)

    facts, message = page.inner_text("#facts"), page.inner_text("#message")
    words = {
        "vi": ("Che phủ rừng", f"Ảnh che phủ rừng năm {year} (tệp rung_{year}.tif)", "từ hệ tọa độ ghi trong tệp"),
        "en": ("Forest cover", f"Forest-cover raster of {year} (file rung_{year}.tif)", "from the CRS written in the"),
    }[lang]
    for word in words:
        assert word in facts, facts
    assert "forest_cover" not in facts + message and "GeoTIFF's" not in facts and "the the" not in facts
    assert not page.locator("#samples").is_visible()  # a raster has no rows to show
    overviews = {"vi": "Ảnh thu nhỏ (overview)", "en": "Overviews"}[lang]
    levels = {"vi": r"\((\d+) mức\)", "en": r"\((\d+) levels?\)"}[lang]
    told = page.inner_text(f'#facts dd[data-fact="{overviews}"]')  # "×2, ×4 (2 levels)", not "2, 4"
    assert re.fullmatch(rf"×2(, ×\d+)* {levels}", told), told
    written = {"vi": "Đã ghi", "en": "Written"}[lang]
    assert written not in facts  # a raster writes no features: not "0"
    assert {"vi": "Bạc Liêu: không có số liệu", "en": "Bạc Liêu Province: no data"}[lang] in facts
    assert problems == []
    context.close()


def test_a_rasters_statistics_that_could_not_be_computed_say_why_until_georeg_forest_stats_computes_them(
    site, tmp_path, commands_use
):
    """Trial 64: a raster whose statistics raised stayed queued for ever, the app trying it again every few minutes
    and the unit page saying "being computed". It is marked failed, with why, on the unit page and /api/forest, left
    alone by the app, and computed again by `georeg forest stats --raster ID`."""
    server, token, settings, engine = site
    before = RasterRequest(forest_tif(tmp_path / "rung_2039.tif", 5897), "forest", "Chi cục Kiểm lâm", 2039)
    assert register_raster(engine, before, settings).ok  # the year before, computed: its figures stay
    request = RasterRequest(forest_tif(tmp_path / "rung_2040.tif", 5897), "forest", "Chi cục Kiểm lâm", 2040)
    registered = register_raster(engine, request, settings)
    raster, cog = registered.raster_id, Path(registered.path)
    code = dong_hai(server, 2040)["code"]
    hidden = cog.rename(cog.with_suffix(".hidden"))  # its file gone from the server's disk
    with Session(engine) as session, session.begin():  # as just committed: queued, no statistics yet
        session.execute(delete(ForestUnitStat).where(ForestUnitStat.raster_id == raster))
        session.add(ForestStatsQueue(raster_id=raster))

    finish_queued_stats(engine)

    assert finish_queued_stats(engine) == []  # not tried again at every sweep of the app
    page = httpx.get(f"{server}/units/pre2025/{code}", timeout=30).text
    assert f"Không tính được che phủ rừng năm 2040 (ảnh raster {raster}): " in page, page
    assert f"{cog.name}: No such file or directory" in page and str(cog.parent) not in page  # not the server's folders
    assert f"quản trị viên có thể chạy georeg forest stats --raster {raster}" in page
    english = httpx.get(f"{server}/units/pre2025/{code}", params={"lang": "en"}, timeout=30).text
    assert f"The forest cover of 2040 could not be computed (raster {raster}): " in english
    assert f"an administrator can run georeg forest stats --raster {raster}" in english
    assert "being computed" not in english and "Đang tính che phủ rừng năm 2040" not in page
    refused = httpx.get(f"{server}/api/forest", params={"year": 2040})
    assert refused.status_code == 404 and f"could not be computed (raster {raster})" in refused.text, refused.text
    latest = httpx.get(f"{server}/api/forest", params={"scheme": "pre2025", "level": "district"}).json()
    (failed,) = latest["not_computed"]
    assert failed["raster_id"] == raster and "No such file or directory" in failed["reason_en"]
    assert failed["message_vi"].endswith(f"quản trị viên có thể chạy georeg forest stats --raster {raster}")

    hidden.rename(cog)  # the file put back, an administrator computes them
    commands_use(engine.url.render_as_string(hide_password=False))
    computed = CliRunner().invoke(app, ["forest", "stats", "--raster", str(raster), "--lang", "en"])

    assert computed.exit_code == 0 and "forest cover of 2040 computed" in computed.output, computed.output
    assert dong_hai(server, 2040)["forest_ha"] > 30_000
    assert "could not be computed" not in httpx.get(f"{server}/units/pre2025/{code}?lang=en", timeout=30).text
    assert httpx.get(f"{server}/api/forest").json()["not_computed"] == []


def test_the_very_same_forest_file_is_refused_and_another_of_its_year_warned_of(site, tmp_path):
    """The same GeoTIFF loaded again registered a second raster of its year, silently (trial 65, F18)."""
    server, token, settings, engine = site
    path = forest_tif(tmp_path / "rung_2041.tif", 5897)
    first = register_raster(engine, RasterRequest(path, "forest", "Chi cục Kiểm lâm", 2041), settings)
    assert first.ok and first.warnings == []
    count = "SELECT count(*) FROM raster_dataset WHERE year = 2041"

    for dry_run in (True, False):
        again = register_raster(
            engine, RasterRequest(path, "forest", "Chi cục Kiểm lâm", 2041, dry_run=dry_run), settings
        )
        (error,) = again.errors
        assert f"registered already as raster {first.raster_id} of 2041, job {first.job_id}" in error.message
        assert "nothing was loaded" in error.message and "cùng mã SHA-256" in error.message_vi
    with open(path, "rb") as file:  # /upload's check says it too
        sent = httpx.post(
            f"{server}/api/uploads",
            files={"file": ("rung_copy.tif", file)},
            data={"into": "forest", "source": "x", "year": "2041"},
            headers={"Authorization": f"Bearer {token}"},
        )
    job = follow(server, token, sent.json()["id"], lambda job: job["state"] not in ("pending", "running"))
    assert (
        job["state"] == "failed"
        and f"ảnh raster {first.raster_id} năm 2041" in job["report"]["errors"][0]["message_vi"]
    )
    with engine.connect() as connection:
        assert connection.scalar(text(count)) == 1

    other = province_forest_tif(tmp_path / "rung_tinh_2041.tif")
    second = register_raster(engine, RasterRequest(other, "forest", "Chi cục Kiểm lâm", 2041), settings)
    (warning,) = second.warnings
    assert second.ok and f"raster {first.raster_id}, “Forest-cover raster of 2041" in warning.message
    assert "from the one loaded last (this file)" in warning.message
    with engine.connect() as connection:
        assert connection.scalar(text(count)) == 2


@pytest.mark.parametrize(("lang", "device"), [("vi", {}), ("en", PHONE)])
def test_the_upload_page_warns_of_a_loaded_raster_whose_figures_could_not_be_computed(
    browser, site, tmp_path, lang, device
):
    """The failure read in the green success box, its sentence in lowercase, the job's heading "đã nạp" (trial 65,
    F2): the raster is loaded, its figures are not."""
    server, token, settings, engine = site
    year = {"vi": 2043, "en": 2044}[lang]
    request = RasterRequest(forest_tif(tmp_path / f"rung_{year}.tif", 5897), "forest", "Chi cục Kiểm lâm", year)
    registered = register_raster(engine, request, settings)
    cog = Path(registered.path)
    cog.unlink()  # its file gone from the server's disk: the statistics cannot be computed
    with Session(engine) as session, session.begin():
        session.execute(delete(ForestUnitStat).where(ForestUnitStat.raster_id == registered.raster_id))
        session.add(ForestStatsQueue(raster_id=registered.raster_id))
    finish_queued_stats(engine)
    page = browser.new_context(**device).new_page()
    problems = watch(page)
    page.goto(f"{server}/upload?lang={lang}")
    page.fill("#token", token)
    page.evaluate(f"openJob({registered.job_id})")  # as «Open job N» does

    message = page.locator("#message.warn")
    failed = {"vi": f"Không tính được che phủ rừng năm {year}", "en": f"The forest cover of {year} could not be"}[lang]
    expect(message).to_contain_text(f". {failed}")
    heading = {"vi": "đã nạp, nhưng không tính được che phủ rừng", "en": "loaded, but the forest cover could not"}
    expect(page.locator("#report-title")).to_contain_text(heading[lang])
    assert failed in page.inner_text("#facts")
    assert problems == []
