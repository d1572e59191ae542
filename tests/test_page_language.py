"""Every HTML page the app serves, walked in Chromium in Vietnamese and in English: what a reader sees (the page's
visible text, after its script has filled it in) is in the page's language and formats. A Vietnamese page shows
no ISO or month-first date and none of the English the registry used to leak (indicator units, sources, format
names, field names, the browser's own messages); an English page shows none of the Vietnamese interface labels.
Names in the data (projects, units, agencies) stay Vietnamese on both. No page reports a Content-Security-Policy
violation in either language (test_csp_pages.py checks each page's scripts ran under it)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from live_servers import serving
from painted_map import AT_REST
from playwright.sync_api import BrowserContext
from printed_sheets import report_map_not_drawn
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from watched_pages import RECORD_VIOLATIONS

from geo.accounts import create_account, create_token
from geo.forest import compute_unit_stats, register_demo_raster
from geo.indicator_values import record_computed
from geo.settings import Settings
from geo.source_labels import source_file, source_label
from geo.vi_format import local_date, local_moment
from maps import (
    accounts_page,
    login_page,
    monitoring_page,
    ogc_pages,
    status_import_page,
    status_report_form,
    upload_page,
)
from maps.texts import MAP_TEXT, PAGE_TEXT

PLAN = "148/QĐ-UBND"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
#: English the Vietnamese pages used to show: indicator units, the registry's source phrases, the demo raster's
#: developer text, format names, the accounts API's field names, Leaflet's imperial scale, the browser's refusals.
ENGLISH_ON_VI_PAGES = (
    "of GRDP",
    "billion USD",
    "million VND",
    "times the 2020 level",
    "percentage points",
    "%/year",
    "field report",
    "demo data",
    "listed in plan",
    "sub-task",
    "SYNTHETIC",
    "write_demo_raster",
    "ZIP archive",
    "ESRI Shapefile",
    "display_name",
    "username",
    " ft\n",
    " mi\n",
    "User denied",
    " District",
    " Province",
    "Showing",
    "not allowed",
    "(choropleth)",
    "priority action",
    "section III",
    "from gis.chinhphu.vn",
)
#: The yearly report: an administrative document, in Vietnamese whatever the language asked.
REPORT = f"/api/reports/annual?plan={PLAN}&year=2024&format=html"
US_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2})? ?[AP]M")


@dataclass(frozen=True)
class Site:
    url: str
    tokens: dict[str, str]
    project: int
    commune: str
    database: str


@pytest.fixture(scope="module")
def site(make_registry, tmp_path_factory):
    """The sample registry with the demo forest raster, an administrator and an agency's editor, served."""
    url = make_registry("language", sample=True)
    rasters = tmp_path_factory.mktemp("rasters")
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        tokens = {
            "admin": create_token(session, create_account(session, "admin_lang", role="admin"))[0],
            "editor": create_token(
                session, create_account(session, "bl_snn_lang", role="editor", agency_code="BL.SNNPTNT")
            )[0],
        }
        compute_unit_stats(session, register_demo_raster(session, rasters, 2024))
        project = session.execute(
            text("SELECT project_id FROM status_event GROUP BY project_id ORDER BY count(*) DESC, project_id LIMIT 1")
        ).scalar_one()
        session.execute(  # its latest report sent from afar: marked on its page, listed on /status-reports/flagged
            text(
                "INSERT INTO status_event_flag (event_id, reason, distance_m, threshold_m) SELECT id, "
                "'beyond_distance', 5234.5, 3000 FROM status_event WHERE project_id = :p ORDER BY version DESC LIMIT 1"
            ),
            {"p": project},
        )
        commune = session.execute(
            text("SELECT code FROM admin_unit WHERE scheme = '2025' AND level = 'commune' ORDER BY code LIMIT 1")
        ).scalar_one()
    engine.dispose()
    with serving(Settings(database_url=url, raster_dir=rasters)) as server:
        yield Site(server, tokens, project, commune, url)


def _pages(site: Site) -> list[str]:
    ogc = "/ogc/collections/projects"
    return [
        "/",
        "/progress",
        f"/projects/{site.project}",
        "/units/pre2025/961",
        f"/units/2025/{site.commune}",
        "/upload",
        "/status-report",
        "/status-imports",
        "/login",
        "/accounts",
        "/monitoring",
        "/status-reports/flagged",
        "/status-reports?province=84",
        "/ogc?f=html",
        "/ogc/collections?f=html",
        f"{ogc}?f=html",
        f"{ogc}/items?f=html",
        f"{ogc}/items/{site.project}?f=html",
        "/ogc/collections/salinity_zones/items?f=html",
        f"{ogc}/items?f=html&status=complet",
        REPORT,
    ]


#: What a page's visible text waits for once loaded: a web map drawn as asked (its answers drawn, its tiles in:
#: painted_map.AT_REST), a page's fetched map background drawn (its neighbours' names, static/page_context.js).
#: Every other page's text is in its HTML or drawn by its own script before its load event.
DRAWN = f"""() => (!window.georeg || ({AT_REST})())
    && (!document.querySelector('script[src*="/page_context.js"]')
        || !!document.querySelector('.georeg-context-name'))"""


@pytest.fixture(scope="module")
def desktop(devices) -> BrowserContext:
    """The module's desktop context (tests/shared_tabs.py), recording Content-Security-Policy violations: the walks of
    both languages and the monitoring page's test open their tabs in it, each finding what the others fetched
    (Leaflet, the scripts, styles and fonts, the map's background), as a reader's browser keeps it."""
    context = devices(viewport={"width": 1440, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    return context


def _visible_texts(desktop: BrowserContext, site: Site, lang: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each page's visible text once drawn (DRAWN; the accounts and monitoring pages with a token typed), and the
    Content-Security-Policy violations it reported. The pages load side by side, as tabs of the shared context, each
    waited for what its text needs: a wait for a quiet network cost each page half a second or more of idle network
    and the walk of a language 20–35 s on a busy machine."""
    opened = {}
    for path in _pages(site):
        page = desktop.new_page()
        page.goto(f"{site.url}{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="commit")
        opened[path] = page
    seen, violations = {}, {}
    for path, page in opened.items():
        page.wait_for_load_state("load")
        page.wait_for_function(DRAWN)
        seen[path] = _text_once_used(page, site, path)
        violations[path] = page.evaluate("window.__violations")
        page.close()
    return seen, violations


def _text_once_used(page, site: Site, path: str) -> str:
    if path == "/accounts":
        page.fill("#token", site.tokens["admin"])
        page.dispatch_event("#token", "change")
        page.locator("#accounts tr", has_text="bl_snn_lang").locator('button[data-action="tokens"]').click()
        page.locator("#tokens tr").first.wait_for()
    elif path == "/monitoring":
        page.fill("#token", site.tokens["editor"])
        page.dispatch_event("#token", "change")
        page.select_option("#plan", PLAN)
        page.fill("#year", "2024")
        page.dispatch_event("#year", "change")  # the agencies offered follow the plan and year
        page.select_option("#agency", "BL.SNNPTNT")
        page.click("#show")
        page.locator("#values tr").nth(1).wait_for()
        page.locator("body[data-shown]").wait_for(state="attached")  # and its other tables (monitoring_page.js)
    elif path == "/status-report":
        page.locator("#position").filter(has_text=re.compile(r"\S")).wait_for()
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")  # what a tap unfolds
    return page.evaluate("document.body.innerText")


def _vietnamese_labels() -> set[str]:
    """The Vietnamese interface labels of every page (two words or more, so that no place name is taken for one;
    none that English writes the same)."""
    found: dict[str, set[str]] = {"vi": set(), "en": set()}

    def walk(value, lang: str) -> None:
        if isinstance(value, dict):
            for v in value.values():
                walk(v, lang)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, lang)
        elif isinstance(value, str) and len(value.split()) >= 2 and "{" not in value:
            found[lang].add(value)

    for labels in (
        MAP_TEXT,
        PAGE_TEXT,
        ogc_pages.TEXT,
        accounts_page.LABELS,
        upload_page.LABELS,
        monitoring_page.LABELS,
        status_report_form.LABELS,
        status_import_page.LABELS,
        login_page.LABELS,
    ):
        walk(labels["vi"], "vi")
        walk(labels["en"], "en")
    return found["vi"] - found["en"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_speaks_its_language_and_writes_its_dates_and_numbers_so(desktop, site, lang):
    with report_map_not_drawn():  # the yearly report's words read, not its printed map (0.5-0.9 s of CPU a drawing)
        seen, violations = _visible_texts(desktop, site, lang)
    assert all(len(text) > 40 for text in seen.values()), {p: t for p, t in seen.items() if len(t) <= 40}
    assert violations == {path: [] for path in seen}  # each page recorded, and its CSP held
    unit_cells = [c.strip() for c in re.split(r"[\n\t]", seen["/units/pre2025/961"])]
    assert [c for c in unit_cells if re.fullmatch(r"[\d.,]+ \(\d{4}\)", c)] == []  # a value without its unit
    for path, shown in seen.items():
        assert not ISO_DATE.findall(shown), (path, ISO_DATE.findall(shown))
        assert all(int(month) <= 12 for _, month, _ in DAY_MONTH_YEAR.findall(shown)), path  # day first
        assert not US_TIME.search(shown), path
    if lang == "vi":
        leaks = {p: [e for e in ENGLISH_ON_VI_PAGES if e in t] for p, t in seen.items()}
        assert not any(leaks.values()), {p: found for p, found in leaks.items() if found}
        assert "29–29" not in seen["/units/pre2025/961"]  # a range from 29 to 29 is 29
        assert "% GRDP" in seen["/units/pre2025/961"] and "Huyện Hoà Bình" in seen["/units/pre2025/961"]
        assert re.search(r"\d{1,3}(\.\d{3})+,\d", seen["/units/pre2025/961"])  # 35.950,2 ha
    else:
        labels = _vietnamese_labels()
        # a label is a whole line or cell ("Cơ quan chủ trì"), not part of a name ("Sở Kế hoạch và Đầu tư")
        cells = {p: {c.strip() for c in re.split(r"[\n\t]", t)} for p, t in seen.items() if p != REPORT}
        leaks = {p: sorted(labels & found) for p, found in cells.items()}
        assert not any(leaks.values()), {p: found for p, found in leaks.items() if found}
        assert "Hoà Bình District" in seen["/units/pre2025/961"] and "District Hoà Bình" not in "".join(seen.values())
        assert re.search(r"\d{1,3}(,\d{3})+\.\d", seen["/units/pre2025/961"])  # 35,950.2 ha
        assert "1 percentage point/year" in seen["/units/pre2025/961"]
        assert not re.search(r"\b1 percentage points", "".join(seen.values()))


SAMPLE_PROJECTS = Path(__file__).resolve().parent.parent / "data" / "projects.geojson"
#: How the registry cites a plan or a boundary file (other sources are citations, shown as written).
OWN_SOURCE = re.compile(r"^(\d+/QĐ-UBND|geometry: |lead: |listed in plan )")


def test_the_registrys_own_source_phrases_read_in_vietnamese():
    features = json.loads(SAMPLE_PROJECTS.read_text(encoding="utf-8"))["features"]
    own = {s for f in features for s in f["properties"].get("sources") or [] if OWN_SOURCE.match(s)}
    assert len(own) >= 10
    english = re.compile(r"\b(section|priority|action|sub-task|boundaries|from|lead|implements|geometry|listed)\b")
    assert [said for said in (source_label(s, "vi") for s in sorted(own)) if english.search(said)] == []
    cited = {s for s in own if not source_file(s)}  # a boundary file is said by who made it (trial 67)
    assert {source_label(s, "en") for s in cited} == cited
    assert not [s for s in own for lang in ("vi", "en") if ".geojson" in source_label(s, lang)]


def test_a_loads_provenance_reads_in_the_pages_language():
    """A project loaded from a file cites it with its load: "du_an.gpkg (lượt nạp 12)" on a Vietnamese page."""
    cited = "kiem_ke (ingest job).gpkg (ingest job 12)"  # only the load's own words at the end are the registry's
    assert source_label(cited, "vi") == "kiem_ke (ingest job).gpkg (lượt nạp 12)"
    assert source_label(cited, "en") == cited


#: What the pages' own files are: their words (texts.py and each page's module), markup, scripts and styles.
PAGE_SOURCES = ("*.py", "*.html", "*.js", "*.css")


def _emoji(character: str) -> bool:
    """A character a phone draws only with an emoji font (pictographs of U+1F000 and up, or the emoji variation
    selector): Debian's Chromium without one drew "📷 Xem ảnh" as an empty box (trial 51). ⚑ ✓ ✗ ✎ are in the
    text fonts."""
    return ord(character) >= 0x1F000 or character == "\ufe0f"


def test_the_pages_say_nothing_in_emoji():
    maps = Path(__file__).resolve().parent.parent / "maps"
    found = {
        f"{source.relative_to(maps)}:{n}": line.strip()
        for pattern in PAGE_SOURCES
        for source in maps.rglob(pattern)
        for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1)
        if any(_emoji(c) for c in line) and not line.lstrip().startswith(("#", "//", "/*"))
    }
    assert found == {}


#: Days and moments a page writes: September (en-GB's "Sept"), the first of a month (vi-VN's "1/7"), a moment
#: before midnight in UTC that is the next day in Vietnam, and one just after midnight there.
WRITTEN_MOMENTS = ("2025-09-09", "2025-07-01", "2026-12-03T18:15:00+00:00", "2026-12-31T17:05:00Z")


def test_the_pages_scripts_write_days_and_times_as_the_server_does(browser, site):
    """Each page that writes days and times with its script (/upload, /monitoring), as tabs of one context (a context
    a page cost Chromium some 0.4 s more)."""
    context = browser.new_context(timezone_id="America/New_York")  # a device's zone is not Vietnam's
    for path in ("/upload", "/monitoring"):
        page = context.new_page()
        page.goto(f"{site.url}{path}")
        for lang in ("vi", "en"):
            for iso in WRITTEN_MOMENTS:
                shown = page.evaluate("([iso, lang, t]) => dateAsWritten(iso, lang, t)", [iso, lang, len(iso) > 10])
                expected = local_moment(iso, lang) if len(iso) > 10 else local_date(iso, lang)
                assert shown == expected, (path, lang, iso)
    context.close()


def test_a_value_the_registry_wrote_in_vietnamese_is_said_in_english_on_monitoring(desktop, site):
    """/monitoring's values table wrote a value's source as stored: a forest raster's value, which the registry writes
    in Vietnamese ("ảnh raster 2: Che phủ rừng MINH HỌA …", geo.forest), read so on the English page (trial 50). The
    page now says it in its reader's language, as the yearly report does."""
    engine = create_engine(site.database)
    with Session(engine) as session, session.begin():
        forest = session.execute(
            text(
                "SELECT i.id FROM indicator i JOIN plan p ON p.id = i.plan_id "
                "WHERE i.code = 'forest_cover' AND p.code = :p"
            ),
            {"p": PLAN},
        ).scalar_one()
        raster = session.execute(text("SELECT id, title FROM raster_dataset WHERE is_demo")).one()
        # as geo.forest writes a value of the province, for a year the page can show as a province-wide one
        source, method = (
            f"ảnh raster {raster.id}: {raster.title}",
            "thống kê vùng của ảnh rừng trên toàn tỉnh (geo.forest)",
        )
        record_computed(session, forest, None, "2023", 1.5, source=source, method=method, is_demo=True)
    engine.dispose()
    english = f"raster {raster.id}: Forest cover DEMONSTRATION (synthetic raster, not observed)"
    for lang, said in (("en", english), ("vi", source)):
        page = desktop.new_page()
        page.goto(f"{site.url}/monitoring?lang={lang}")
        page.fill("#token", site.tokens["editor"])
        page.dispatch_event("#token", "change")
        page.select_option("#plan", PLAN)
        page.fill("#year", "2023")
        page.dispatch_event("#year", "change")
        page.select_option("#agency", "BL.SNNPTNT")
        page.click("#show")
        row = page.locator("#values tr", has_text="1,5" if lang == "vi" else "1.5")
        row.wait_for()
        assert said in row.inner_text(), row.inner_text()
        if lang == "en":
            assert "ảnh" not in row.inner_text() and "MINH HỌA" not in row.inner_text()
        page.close()
