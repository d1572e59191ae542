"""A forest raster removed takes back what it gave (session 62): the plans' forest-cover value of its year computed
from it stayed current after ``georeg forest remove`` — on /monitoring and in the yearly report, as if nothing had
happened — the removal showed nowhere but the audit log, and ``--year`` of a year whose rasters were removed said
"no raster of 2023".

The sample registry (plan 148/QĐ-UBND, Bạc Liêu, has the forest-cover indicator), then: a value of 2021 entered by
Bạc Liêu's agriculture department, then the demo raster of 2021 (its value supersedes it); the demo of 2022, then a
value of 2022 entered by hand after it; the demo of 2023 alone; a Đông Hải raster of 2025 (its footprint Bạc Liêu's);
one of 2020 registered before footprints were kept; the demo of 2024, kept. Then lan.gis removed the rasters of 2022,
2023 and 2020 with ``georeg forest remove --by lan.gis``, and someone logged in as root those of 2021 and 2025 without
saying who they were. Before all of them, on 06/12/2026, a raster of 2019 had been removed by the command line of
before migration 0044, which kept neither its load time nor its source (and only the login, root).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from ingest_files import forest_tif
from live_servers import serving
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app
from geo.accounts import create_account, create_token
from geo.forest import compute_unit_stats, register_demo_raster
from geo.forest_rasters import REMOVED as REMOVED_ACTION
from geo.forest_rasters import raster_to_remove, remove_raster
from geo.indicator_values import NewValue, find_indicator, record_value
from geo.ingest.raster import RasterRequest, register_raster
from geo.models import AuditLogEntry, IndicatorValue, RasterDataset
from geo.settings import Settings
from geo.source_labels import source_label
from geo.vi_format import VIETNAM_TIME, local_date

PLAN = "148/QĐ-UBND"
REMOVER = "lan.gis"
REMOVED = (2021, 2022, 2023, 2025, 2020)
UNNAMED = (2021, 2025)  # removed by root, who gave no name
#: A removal made before migration 0044 (as 0045 carried it over): a raster of 2019, its load time and source not kept.
BEFORE_0044 = {"year": 2019, "title": "Che phủ rừng 2019", "path": "/srv/rung_2019.tif", "units": 3, "file": "kept"}
BEFORE_0044_AT = datetime(2026, 12, 6, 19, 0, tzinfo=VIETNAM_TIME)


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
        changes = BEFORE_0044 | {"by": None, "login": "root"}
        session.add(AuditLogEntry(at=BEFORE_0044_AT, actor="cli", action=REMOVED_ACTION, entity="raster_dataset",
                                  entity_id="901", changes=changes))  # fmt: skip
    for year in REMOVED:
        with Session(engine) as session, session.begin():
            by = None if year in UNNAMED else REMOVER
            remove_raster(session, raster_to_remove(session, rasters[year]), settings.raster_dir, by, "root")
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
    assert withdrawal["removal"]["raster_id"] == rasters[2021]
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
    assert [(w["period"], w["removal"]) for w in forest["withdrawn"]] == [("2023", withdrawal["removal"])]


def test_why_a_value_was_withdrawn_is_kept_as_what_it_is_and_said_in_each_language(withdrawn, client):
    """Session 62 stored "forest-cover raster N removed by X (georeg forest remove)" as the withdrawal's reason and
    served it so. A withdrawal names the raster's removal (its audit log entry); the API gives the raster, who said
    they removed it, the login, and the reason in Vietnamese and in English — in the history, the periods holding
    none, and the value held again."""
    url, _, rasters = withdrawn
    engine = create_engine(url)
    with Session(engine) as session:
        stored = session.scalars(select(IndicatorValue).filter_by(is_withdrawal=True).order_by("period")).all()
        removals = {entry.id: entry.entity_id for entry in session.scalars(select(AuditLogEntry))}
        assert [(v.period, v.reason, removals[v.removal_id]) for v in stored] == [
            ("2021", None, str(rasters[2021])),
            ("2023", None, str(rasters[2023])),
        ]
    engine.dispose()
    unnamed = {
        "raster_id": rasters[2021],
        "removed_by": None,
        "login": "root",
        "reason_vi": f"ảnh che phủ rừng {rasters[2021]} đã bị tài khoản hệ thống «root» gỡ (lệnh georeg forest remove)",
        "reason_en": f"forest-cover raster {rasters[2021]} removed by system login “root” (georeg forest remove)",
    }
    named = {
        "raster_id": rasters[2023],
        "removed_by": REMOVER,
        "login": "root",
        "reason_vi": f"ảnh che phủ rừng {rasters[2023]} đã bị lan.gis gỡ (lệnh georeg forest remove)",
        "reason_en": f"forest-cover raster {rasters[2023]} removed by lan.gis (georeg forest remove)",
    }
    history = _history(client)
    assert [v["removal"] for v in history["2021"]] == [None, None, unnamed] and history["2021"][2]["reason"] is None
    assert history["2023"][1]["removal"] == named and history["2022"][0]["removal"] is None
    (forest,) = [i for i in client.get("/api/indicators", params={"plan": PLAN}).json()["indicators"]
                 if i["code"] == "forest_cover"]  # fmt: skip
    assert [w["removal"] for w in forest["withdrawn"]] == [named]
    again = {v["period"]: v["current_again"] for v in forest["observed"]}
    assert again["2021"]["removal"] == unnamed and again["2021"]["source"] == history["2021"][1]["source"]
    assert again["2022"] is None and again["2024"] is None


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


DEMO_TITLE = {
    "vi": "Che phủ rừng MINH HỌA (ảnh tổng hợp, không quan trắc) {year}",
    "en": "Forest cover DEMONSTRATION (synthetic raster, not observed) {year}",
}
UNIT_PAGE_SAYS = {
    "vi": (
        "Giá trị năm 2023 tính từ «{title_2023}» đã bị rút lại ngày {removed_2023}: lan.gis đã gỡ ảnh che phủ rừng đó. "
        "Năm 2023 chưa có giá trị nào khác.",
        "Giá trị năm 2021 tính từ «{title_2021}» đã bị rút lại ngày {removed_2021}: tài khoản hệ thống «root» đã gỡ "
        "ảnh che phủ rừng đó. Giá trị hiện hành lại là giá trị nhập tay: 4,5 % do bl.snn nhập ngày {entered}.",
    ),
    "en": (
        "The value of 2023 computed from “{title_2023}” was withdrawn on {removed_2023}: lan.gis removed that "
        "forest-cover raster. No other value is held for 2023.",
        "The value of 2021 computed from “{title_2021}” was withdrawn on {removed_2021}: system login “root” removed "
        "that forest-cover raster. The value held is again the one entered by hand: 4.5 %, entered by bl.snn on "
        "{entered}.",
    ),
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_unit_page_says_in_the_indicators_row_each_value_withdrawn_when_by_whom_and_what_is_held_now(
    withdrawn, client, lang
):
    """Bạc Liêu's page gave the forest-cover indicator's latest value and nothing of the values withdrawn: its row
    says, newest first, that 2023's was withdrawn (the day, who removed the raster) and that 2023 holds none, and that
    2021's was, the department's value entered by hand before it held again (which, by whom, when)."""
    history = _history(client)
    days = {
        "removed_2023": history["2023"][1]["entered_at"],
        "removed_2021": history["2021"][2]["entered_at"],
        "entered": history["2021"][0]["entered_at"],
    }
    titles = {f"title_{year}": DEMO_TITLE[lang].format(year=year) for year in (2023, 2021)}
    in_vietnam = {name: datetime.fromisoformat(day).astimezone(VIETNAM_TIME) for name, day in days.items()}
    blanks = {name: local_date(day, lang) for name, day in in_vietnam.items()} | titles
    page = unescape(client.get("/units/pre2025/95", params={"lang": lang}).text)
    indicators = page.split("<h2 id='indicators'>", 1)[1].split("</table>", 1)[0]
    row = next(r for r in indicators.split("<tr>") if "class='withdrawn'" in r)
    assert ("Tỷ lệ che phủ rừng" if lang == "vi" else "Forest cover") in row
    said = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p class='withdrawn'>(.*?)</p>", row)]
    assert said == [text.format(**blanks) for text in UNIT_PAGE_SAYS[lang]]


@pytest.mark.parametrize(
    ("lang", "cells"),
    [
        ("vi", ["Ảnh che phủ rừng năm 2019", "19:00 06/12/2026", "gỡ bởi tài khoản hệ thống «root» (dòng lệnh georeg)",
                "ảnh 901, lúc nạp không được ghi lại trước bản cập nhật ngày 06/12/2026, cùng số liệu che phủ của 3 "
                "đơn vị hành chính",
                "Che phủ rừng 2019 — nguồn không được ghi lại trước bản cập nhật ngày 06/12/2026"]),
        ("en", ["Forest-cover raster of 2019", "19:00 6 Dec 2026",
                "removed by system login “root” (georeg command line)",
                "raster 901, its load time not recorded before the update of 6 Dec 2026, with the cover figures of 3 "
                "administrative units",
                "Che phủ rừng 2019 — source not recorded before the update of 6 Dec 2026"]),
    ],
)  # fmt: skip
def test_a_removal_made_before_its_load_time_and_source_were_kept_says_so_not_blanks(withdrawn, client, lang, cells):
    """A removal of before migration 0044 kept neither when its raster was loaded nor its source: /changes said
    "raster 901, with the cover figures …" and the title alone, as if there were none; it says they were not
    recorded before that update, and names the login that removed it as one."""
    page = unescape(client.get("/changes", params={"lang": lang, "since": "2026-12-06"}).text)
    section = page.split("<section id='changes-forest_removed'>", 1)[1].split("</table>", 1)[0]
    row = next(r for r in section.split("<tr>") if "2019" in r)
    assert re.findall(r"<td>(.*?)</td>", row) == cells
    (before,) = [r for r in client.get("/api/changes", params={"since": "2026-12-06"}).json()["forest_removed"]["rows"]
                 if r["year"] == 2019]  # fmt: skip
    assert (before["loaded_at"], before["source"], before["removed_by"], before["login"]) == (None, None, None, "root")


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
def test_monitoring_changes_and_the_unit_page_show_the_removal_on_a_phone_and_a_desktop(
    browser, withdrawn, lang, phone
):
    """The withdrawal in the agency's values on /monitoring, the removals' table on /changes (with the removal made
    before migration 0044), read whole at 390 px wide (touch) and on a desktop, and the values withdrawn under the
    indicators' row of Bạc Liêu's page on the phone; screenshots under /tmp for the reader."""
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
        page.screenshot(path=str(Path("/tmp") / f"e5_monitoring_{name}.png"), full_page=True)
        page.goto(f"{server}/changes?lang={lang}&since=2026-12-06")  # the removal before migration 0044 too
        section = page.locator("#changes-forest_removed")
        section.scroll_into_view_if_needed()
        assert section.locator("td", has_text=f"{'ảnh' if lang == 'vi' else 'raster'} {rasters[2023]},").is_visible()
        not_kept = "không được ghi lại trước" if lang == "vi" else "not recorded before"
        assert section.locator("td", has_text=not_kept).first.is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], width
        page.screenshot(path=str(Path("/tmp") / f"e5_changes_{name}.png"), full_page=True)
        if phone:  # where a column was a word wide (a unit page takes seconds to make: not again on a desktop)
            _unit_page_notes_read_whole(page, server, lang, size["width"], name)
    context.close()


def _unit_page_notes_read_whole(page, server: str, lang: str, width: int, name: str) -> None:
    """The notes under the forest-cover indicator's row on Bạc Liêu's page, each within the screen's width."""
    page.goto(f"{server}/units/pre2025/95?lang={lang}", wait_until="domcontentloaded")  # its text, not its map
    notes = page.locator("#indicators + table p.withdrawn")
    notes.first.scroll_into_view_if_needed()
    assert notes.count() == 2 and notes.first.is_visible() and "2023" in notes.first.inner_text()
    assert notes.last.bounding_box()["x"] + notes.last.bounding_box()["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("#indicators + table").screenshot(path=str(Path("/tmp") / f"e5_unit_{name}.png"))


def test_why_the_registry_computed_a_value_over_one_held_is_kept_as_data_and_said_in_each_language(client):
    """2021's value computed from a raster over the department's 4,5 was stored with the English sentence
    "recomputed: {source}", served so to a Vietnamese reader: a code, its source the value's own, worded per reader."""
    first, computed, _ = _history(client)["2021"]
    assert (first["reason"], first["reason_vi"], first["reason_en"]) == (None, None, None)
    source = {lang: source_label(computed["source"], lang) for lang in ("vi", "en")}
    assert (computed["reason"], computed["reason_vi"], computed["reason_en"]) == (
        "registry:recomputed",
        f"tính lại từ «{source['vi']}»",
        f"recomputed from “{source['en']}”",
    )
    assert source["vi"] != source["en"]  # the demonstration raster's source, said in English to an English reader


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
    after = _history(client)["2023"][2]  # no reason typed: the registry's, as data, said in each language
    assert (after["reason"], after["reason_vi"], after["reason_en"]) == (
        "registry:after-withdrawal",
        "nhập sau khi giá trị trước đó bị rút lại",
        "entered after the value before was withdrawn",
    )
    again = client.post(
        "/api/indicators/forest_cover/values", params={"plan": PLAN}, headers=headers | {"Accept-Language": "en"},
        json={"period": "2021", "unit": "95", "value": 4.75, "source": "Niên giám thống kê 2021, bản sửa"},
    )  # fmt: skip
    assert again.status_code == 409 and "already has the value 4.5 for 2021" in again.json()["detail"], again.text
