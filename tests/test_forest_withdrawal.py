"""A forest raster removed takes back what it gave (session 62): the plans' forest-cover value of its year computed
from it stayed current after ``georeg forest remove`` — on /monitoring and in the yearly report, as if nothing had
happened — the removal showed nowhere but the audit log, and ``--year`` of a year whose rasters were removed said
"no raster of 2023".

The sample registry (plan 148/QĐ-UBND, Bạc Liêu, has the forest-cover indicator), then: a value of 2021 entered by
Bạc Liêu's agriculture department, then the demo raster of 2021 (its value supersedes it); the demo of 2022, then a
value of 2022 entered by hand after it; the demo of 2023 alone; a Đông Hải raster of 2025 (its footprint Bạc Liêu's);
one of 2020 registered before footprints were kept; the demo of 2024, kept. Then lan.gis removed the rasters of 2021,
2022, 2023, 2025 and 2020 with ``georeg forest remove``.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from ingest_files import forest_tif
from live_servers import serving
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from geo.accounts import create_account, create_token
from geo.forest import compute_unit_stats, register_demo_raster
from geo.forest_rasters import raster_to_remove, remove_raster
from geo.indicator_values import NewValue, find_indicator, record_value
from geo.ingest.raster import RasterRequest, register_raster
from geo.models import RasterDataset
from geo.settings import Settings

PLAN = "148/QĐ-UBND"
REMOVER = "lan.gis"
REMOVED = (2021, 2022, 2023, 2025, 2020)


@pytest.fixture(scope="module")
def withdrawn(make_registry, tmp_path_factory):
    """The registry's URL and settings, and its forest rasters' ids by year."""
    url = make_registry("forest_withdrawal", sample=True)
    folder = tmp_path_factory.mktemp("forest_withdrawal")
    settings = Settings(database_url=url, raster_dir=folder / "rasters")
    engine = create_engine(url)
    rasters = {}
    with Session(engine) as session, session.begin():
        indicator = find_indicator(session, "forest_cover", PLAN)
        yearbook = NewValue("2021", 4.5, "Niên giám thống kê Bạc Liêu 2021", unit="95")
        record_value(session, indicator, yearbook, entered_by="bl.snn")
        for year in (2021, 2022, 2023):
            rasters[year] = _demo(session, settings, year)
        inventory = NewValue("2022", 6.25, "Kiểm kê rừng 2022", unit="95", reason="số kiểm kê chính thức")
        record_value(session, indicator, inventory, entered_by="bl.snn")
    for year in (2025, 2020):
        request = RasterRequest(forest_tif(folder / f"rung_{year}.tif", 5897), "forest", "Chi cục Kiểm lâm", year)
        rasters[year] = register_raster(engine, request, settings).raster_id
    with Session(engine) as session, session.begin():
        session.get(RasterDataset, rasters[2020]).footprint = None  # as one registered before migration 0043
        rasters[2024] = _demo(session, settings, 2024)
    for year in REMOVED:
        with Session(engine) as session, session.begin():
            remove_raster(session, raster_to_remove(session, rasters[year]), settings.raster_dir, REMOVER)
    engine.dispose()
    return url, settings, rasters


def _demo(session: Session, settings: Settings, year: int) -> int:
    dataset = register_demo_raster(session, settings.raster_dir, year)
    compute_unit_stats(session, dataset)
    return dataset.id


@pytest.fixture(scope="module")
def client(withdrawn) -> TestClient:
    return TestClient(create_app(withdrawn[1]))


def _history(client: TestClient) -> dict[str, list[dict]]:
    values = client.get("/api/indicators/forest_cover/values", params={"plan": PLAN}).json()["values"]
    by_period: dict[str, list[dict]] = {}
    for value in values:
        by_period.setdefault(value["period"], []).append(value)
    return by_period


def test_the_value_a_removed_raster_gave_is_withdrawn_the_one_entered_before_current_again_one_after_kept(
    withdrawn, client
):
    """2021: the raster's value withdrawn, the department's 4,5 entered before it current again; 2022: the value
    entered after the raster's stays current, nothing withdrawn; 2023: withdrawn, no value held. The history keeps
    each withdrawal (why, and which value it made current), the plan's indicator reads 2022's value as the latest."""
    _, _, rasters = withdrawn
    history = _history(client)
    first, computed, withdrawal = history["2021"]
    assert (first["value"], first["entered_by"], first["is_current"]) == (4.5, "bl.snn", True)
    assert (computed["entered_by"], computed["is_current"]) == ("registry", False)
    assert withdrawal["is_withdrawal"] and withdrawal["value"] is None and not withdrawal["is_current"]
    assert (withdrawal["supersedes_id"], withdrawal["restores_id"]) == (computed["id"], first["id"])
    assert withdrawal["reason"] == f"forest-cover raster {rasters[2021]} removed by {REMOVER} (georeg forest remove)"
    assert [(v["entered_by"], v["value"] == 6.25, v["is_current"]) for v in history["2022"]] == [
        ("registry", False, False),
        ("bl.snn", True, True),
    ]
    computed, withdrawal = history["2023"]
    assert withdrawal["is_withdrawal"] and withdrawal["is_current"] and withdrawal["restores_id"] is None
    assert not computed["is_current"] and computed["value"] > 0

    (forest,) = [i for i in client.get("/api/indicators", params={"plan": PLAN}).json()["indicators"]
                 if i["code"] == "forest_cover"]  # fmt: skip
    held = {v["period"]: v["value"] for v in forest["observed"]}
    assert held["2021"] == 4.5 and held["2022"] == 6.25 and "2023" not in held and "2024" in held
    assert [(w["period"], w["reason"]) for w in forest["withdrawn"]] == [("2023", withdrawal["reason"])]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "giá trị kỳ 2023 tính từ «Che phủ rừng MINH HỌA (ảnh tổng hợp, không quan trắc) 2023» đã bị rút lại "
               "lúc {at}: ảnh che phủ rừng {raster} đã bị lan.gis gỡ (lệnh georeg forest remove); kỳ này chưa có "
               "giá trị nào khác"),
        ("en", "the value of 2023 computed from “Forest cover DEMONSTRATION (synthetic raster, not observed) 2023” was "
               "withdrawn at {at}: forest-cover raster {raster} removed by lan.gis (georeg forest remove); no other "
               "value is held for it"),
    ],
)  # fmt: skip
def test_monitoring_and_the_yearly_report_say_the_years_value_withdrawn(withdrawn, client, lang, said):
    """The agency's values on /monitoring say 2023's value withdrawn, not an empty cell (nor the raster's figure);
    2021's is the department's again. The yearly report of 2023 gives 2022's value with the withdrawal of 2023's."""
    _, _, rasters = withdrawn
    asked = {"plan": PLAN, "agency": "BL.SNNPTNT", "lang": lang}
    owed = client.get("/api/indicators/owed", params=asked | {"period": "2023"}).json()["indicators"]
    (forest,) = [i for i in owed if i["code"] == "forest_cover"]
    at = re.search(r"\b(?:lúc|at) (\d.+?): ", forest["withdrawn_said"])[1]
    assert (forest["value"], forest["withdrawn_said"]) == (None, said.format(at=at, raster=rasters[2023]))
    owed = client.get("/api/indicators/owed", params=asked | {"period": "2021"}).json()["indicators"]
    (forest,) = [i for i in owed if i["code"] == "forest_cover"]
    assert (forest["value"], forest["entered_by"], forest["withdrawn"]) == (4.5, "bl.snn", None)

    report = client.get("/api/reports/annual", params={"plan": PLAN, "year": 2023, "format": "html", "lang": lang})
    row = next(r for r in re.findall(r"<tr>.*?</tr>", unescape(report.text), re.S) if "Kiểm kê rừng 2022" in r)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert "2022" in cells and ("6,25" if lang == "vi" else "6.25") in cells, cells
    assert said.format(at=at, raster=rasters[2023]) in " ".join(cells), cells


def test_changes_list_the_removals_for_the_provinces_their_footprint_touches(withdrawn, client):
    """/changes listed a raster's load and nothing once it was removed. Each removal is listed — its year, raster,
    who and when, what went with it — for the provinces its footprint touches (Đông Hải's for Bạc Liêu only), one
    registered before footprints were kept for every province, as a raster without figures is."""
    _, _, rasters = withdrawn
    removals = client.get("/api/changes").json()["forest_removed"]
    assert removals["count"] == 5 and [r["raster_id"] for r in removals["rows"]] == [rasters[y] for y in REMOVED][::-1]
    latest = removals["rows"][0]
    assert (latest["year"], latest["removed_by"], latest["loaded_at"] is not None) == (2020, REMOVER, True)
    by_year = {r["year"]: r for r in removals["rows"]}
    assert by_year[2023]["withdrawn"] == [PLAN] and by_year[2022]["withdrawn"] == [] and by_year[2023]["units"] > 10
    in_tra_vinh = client.get("/api/changes", params={"province": "84"}).json()["forest_removed"]["rows"]
    assert sorted(r["year"] for r in in_tra_vinh) == [2020, 2021, 2022, 2023]
    in_bac_lieu = client.get("/api/changes", params={"province": "95"}).json()["forest_removed"]["rows"]
    assert sorted(r["year"] for r in in_bac_lieu) == [2020, 2021, 2022, 2023, 2025]


@pytest.mark.parametrize(
    ("lang", "title", "count", "layer", "by", "what", "kind"),
    [
        ("vi", "Ảnh che phủ rừng được gỡ", "5 ảnh che phủ rừng được gỡ", "Ảnh che phủ rừng năm 2023",
         "gỡ bởi lan.gis (dòng lệnh georeg)", "ảnh {raster}, nạp lúc ", "Gỡ ảnh che phủ rừng"),
        ("en", "Forest-cover rasters removed", "5 forest-cover rasters removed", "Forest-cover raster of 2023",
         "removed by lan.gis (georeg command line)", "raster {raster}, loaded at ", "Forest-cover raster removed"),
    ],
)  # fmt: skip
def test_the_changes_page_and_its_files_list_the_removals_in_their_order(
    withdrawn, client, lang, title, count, layer, by, what, kind
):
    """In the page's order — the loads, then the removals, before the projects' changes — and its files' rows, each
    removal said in the reader's language, counted among the workbook's lines (its second sheet) as on the page."""
    _, _, rasters = withdrawn
    page = unescape(client.get("/changes", params={"lang": lang}).text)
    assert re.findall(r"<section id='changes-(\w+)'>", page)[:2] == ["forest", "forest_removed"]
    section = page.split(f"<h2>{title}</h2>", 1)[1].split("</table>", 1)[0]
    row = next(r for r in section.split("<tr>") if f"<td>{layer}</td>" in r)
    assert by in row and what.format(raster=rasters[2023]) in row, row
    counts = re.sub(r"<[^>]+>", "", re.search(r"</form><p><b>(.*?)</b></p>", page, re.S)[1])
    assert count in counts and '<a href="#changes-forest_removed">' in page

    table = client.get("/api/changes/table.csv", params={"lang": lang}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table), delimiter=";" if lang == "vi" else ","))
    removed = [r for r in rows if r and r[0] == kind]
    assert [r[1] for r in removed] == [layer.replace("2023", str(year)) for year in REMOVED][::-1]
    assert what.format(raster=rasters[2023]) in removed[2][8] and by in removed[2][9]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/api/changes/table.xlsx", params={"lang": lang}).content))
    in_sheet = [r for r in book.worksheets[0].iter_rows(values_only=True) if r[0] == kind]
    assert [r[1] for r in in_sheet] == [r[1] for r in removed] and in_sheet[2][3] is not None
    assert count in next(row[0] for row in book.worksheets[1].iter_rows(values_only=True) if " · " in row[0])


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "không còn ảnh che phủ rừng nào của năm 2023: ảnh {raster} (Che phủ rừng MINH HỌA (ảnh tổng hợp, không "
               "quan trắc) 2023) đã được gỡ lúc {at}, bằng dòng lệnh (lan.gis); không còn gì để gỡ"),
        ("en", "no forest-cover raster of 2023 is left: raster {raster} (Forest cover DEMONSTRATION (synthetic raster, "
               "not observed) 2023) was removed at {at}, from the command line (lan.gis); nothing is left to remove"),
    ],
)  # fmt: skip
def test_remove_year_of_a_year_whose_rasters_were_removed_says_which_when_and_by_whom(
    withdrawn, commands_use, lang, said
):
    """``--raster`` of a removed raster said when and by whom; ``--year`` said "no raster of 2023"."""
    url, _, rasters = withdrawn
    commands_use(url)
    answer = CliRunner().invoke(app, ["forest", "remove", "--year", "2023", "--lang", lang])
    told = " ".join(answer.output.split())
    assert answer.exit_code == 1, told
    at = re.search(r"\b(?:lúc|at) (\d.+?), ", told)[1]
    assert told == said.format(raster=rasters[2023], at=at)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("phone", [True, False], ids=["phone", "desktop"])
def test_monitoring_and_changes_show_the_removal_on_a_phone_and_a_desktop(browser, withdrawn, lang, phone):
    """The withdrawal in the agency's values on /monitoring, the removals' table on /changes, read whole at 390 px
    wide (touch) and on a desktop; screenshots under /tmp for the reader."""
    url, settings, rasters = withdrawn
    size = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    name = f"{lang}_{'phone' if phone else 'desktop'}"
    with serving(settings) as server:
        page.goto(f"{server}/monitoring?lang={lang}&plan=148%2FQ%C4%90-UBND&year=2023&agency=BL.SNNPTNT")
        page.locator("body[data-shown]").wait_for(state="attached", timeout=10_000)
        cell = page.locator("#values td", has_text="đã bị rút lại" if lang == "vi" else "was withdrawn")
        cell.scroll_into_view_if_needed()
        assert "2023" in cell.inner_text() and cell.is_visible()
        assert cell.bounding_box()["x"] + cell.bounding_box()["width"] <= size["width"]
        page.screenshot(path=str(Path("/tmp") / f"e3_monitoring_{name}.png"), full_page=True)
        page.goto(f"{server}/changes?lang={lang}")
        section = page.locator("#changes-forest_removed")
        section.scroll_into_view_if_needed()
        assert section.locator("td", has_text=f"{'ảnh' if lang == 'vi' else 'raster'} {rasters[2023]},").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], width
        page.screenshot(path=str(Path("/tmp") / f"e3_changes_{name}.png"), full_page=True)
    context.close()


def test_a_value_entered_for_a_withdrawn_year_needs_no_reason_and_one_for_a_year_held_again_does(withdrawn, client):
    """2023 holds no value since its withdrawal: the department's value is entered as a first one would be (the form
    asks a reason only when a value exists), after the withdrawal in the history; 2021 holds the department's 4,5
    again, and a second value is refused without a reason, naming it (not the raster's figure withdrawn)."""
    url, _, _ = withdrawn
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, create_account(session, "bl_snn_withdrawal", role="editor",
                                                        agency_code="BL.SNNPTNT"))  # fmt: skip
    engine.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    table = "indicator,period,unit,value,source\nforest_cover,2023,95,5.5,Kiểm kê rừng 2023\n".encode()
    checked = client.post(
        "/api/indicators/values/import", params={"plan": PLAN}, headers=headers, files={"file": ("v.csv", table)}
    )
    assert [row.get("action") for row in checked.json()["rows"]] == ["new"], checked.text
    entered = client.post(
        "/api/indicators/forest_cover/values", params={"plan": PLAN}, headers=headers,
        json={"period": "2023", "unit": "95", "value": 5.5, "source": "Kiểm kê rừng 2023"},
    )  # fmt: skip
    assert entered.status_code == 201, entered.text
    withdrawal = _history(client)["2023"][1]
    assert entered.json()["supersedes"] == withdrawal["id"] and withdrawal["is_withdrawal"]
    assert [(v["value"], v["is_current"]) for v in _history(client)["2023"]][1:] == [(None, False), (5.5, True)]
    again = client.post(
        "/api/indicators/forest_cover/values", params={"plan": PLAN}, headers=headers | {"Accept-Language": "en"},
        json={"period": "2021", "unit": "95", "value": 4.75, "source": "Niên giám thống kê 2021, bản sửa"},
    )  # fmt: skip
    assert again.status_code == 409 and "already has the value 4.5 for 2021" in again.json()["detail"], again.text
