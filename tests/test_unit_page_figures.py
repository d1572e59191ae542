"""A unit page's figures as a planner reads them (trials 63 and 64): the salinity period asked for, written as they
write a month, or said to have no zones; the period the page leads with covering the unit; one forest-cover truth;
what its mean progress is a mean of."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from api.main import create_app
from geo.forest import compute_unit_stats, register_demo_raster
from geo.settings import Settings

HOA_BINH = "/units/pre2025/954"
# A zone of the whole of Huyện Hoà Bình, or of a disc about 2 km across inside it (2.6 % of the district).
_ZONE = """
INSERT INTO salinity_zone (salinity_class, period, source, loaded_at, geom)
SELECT '16+', :period, 'Chi cục Thủy lợi (thử)', now(),
       ST_Multi(CASE WHEN :whole THEN geom ELSE ST_Intersection(geom, ST_Buffer(ST_PointOnSurface(geom), 0.01)) END)
FROM admin_unit WHERE scheme = 'pre2025' AND level = 'district' AND code = '954'
"""


@pytest.fixture(scope="module")
def url(make_registry) -> str:
    return make_registry("unit_page_figures", sample=True)


@pytest.fixture(scope="module")
def engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=url)))


@pytest.fixture
def zones(engine: Engine) -> Iterator[Callable[[str, bool], None]]:
    """Salinity zones of a period over Huyện Hoà Bình (beside the sample's 03/2025), removed after the test."""
    added: list[str] = []

    def add(period: str, whole: bool) -> None:
        with engine.begin() as connection:
            connection.execute(text(_ZONE), {"period": period, "whole": whole})
        added.append(period)

    yield add
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM salinity_zone WHERE period = ANY(:added)"), {"added": added})


def salinity_part(page: str) -> str:
    """The page's salinity section, its charts left out."""
    part = page[page.index("<h2 id='salinity'>") :]
    return re.sub(r"<svg.*?</svg>", "", part, flags=re.S)


@pytest.mark.parametrize("typed", ["2025-03", "03/2025", "3/2025"])
def test_the_salinity_period_asked_is_shown_as_a_planner_writes_the_month(client, zones, typed):
    """A link asking "?period=03/2025" showed the newest period, silently (trial 64)."""
    zones("2099-04", whole=True)
    part = salinity_part(client.get(HOA_BINH, params={"period": typed}).text)
    assert "dS/m) — tháng 3/2025</h2>" in part, part[:300]
    assert "Các kỳ khác: <a href='?period=2099-04&amp;lang=vi#salinity'>tháng 4/2099</a> (phủ 100 %)" in part
    assert client.get("/api/salinity/units", params={"period": typed}).json()["period"] == "2025-03"


def test_a_period_with_no_zones_is_said_with_links_to_the_periods_that_have_them(client, zones):
    zones("2099-04", whole=True)
    vi = salinity_part(client.get(HOA_BINH, params={"period": "7/2024"}).text)
    assert "Không có vùng mặn của kỳ tháng 7/2024: trang cho thấy kỳ tháng 4/2099. Vùng mặn của kỳ này phủ" in vi
    assert "Các kỳ có vùng mặn: <a href='?period=2099-04&amp;lang=vi#salinity'>tháng 4/2099</a> (phủ 100 %), " in vi
    assert "<a href='?period=2025-03&amp;lang=vi#salinity'>tháng 3/2025</a> (phủ 98,2 %)" in vi
    en = salinity_part(client.get(HOA_BINH, params={"period": "2024-07", "lang": "en"}).text)
    assert "No salinity zones of the period July 2024: shown instead, April 2099. This period's" in en, en[:600]
    assert "Periods with salinity zones: " in en


def test_the_newest_period_covering_little_of_the_unit_does_not_lead_its_page(client, zones):
    """The newest period's zones covered 2.5 % of a unit and led its page, their classes read as the unit's (trial
    63); a period was written 2025-03, 03/2025 and tháng 3/2025 on one page."""
    zones("2099-05", whole=False)
    vi = salinity_part(client.get(HOA_BINH).text)
    assert "dS/m) — tháng 3/2025</h2>" in vi, vi[:600]
    said = re.search(r"Kỳ mới nhất, tháng 5/2099, chỉ phủ (\d,\d) % diện tích đơn vị", vi)
    assert said and 0 < float(said[1].replace(",", ".")) < 5, vi[:600]
    assert "Vùng mặn của kỳ này phủ 98,2 % diện tích đơn vị." in vi
    assert "03/2025" not in vi and "2025-03<" not in vi and ">tháng 5/2099</a> (phủ " in vi
    en = salinity_part(client.get(HOA_BINH, params={"lang": "en"}).text)
    assert "— March 2025</h2>" in en and "The newest period, May 2099, covers only" in en, en[:600]
    asked = salinity_part(client.get(HOA_BINH, params={"period": "2099-05", "lang": "en"}).text)
    assert "— May 2099</h2>" in asked and f"This period's zones cover {said[1].replace(',', '.')} %" in asked


@pytest.fixture(scope="module")
def forest(engine: Engine, tmp_path_factory) -> None:
    """The demo forest raster of 2026, its statistics and the plans' forest-cover indicator computed from it."""
    with Session(engine) as session, session.begin():
        compute_unit_stats(session, register_demo_raster(session, tmp_path_factory.mktemp("forest"), 2026))


def page_text(page: str) -> str:
    """The page's words as read: no scripts, charts or tags."""
    body = re.sub(r"<script.*?</script>|<svg.*?</svg>", " ", page[page.index("<h1>") :], flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_a_unit_without_a_forest_figure_says_the_indicators_cover_is_another_areas(client, forest):
    """Cà Mau's page gave the forest-cover indicator "6,11 % (2026)" beside the forest block's "no data": the one is
    former Bạc Liêu's (the plan's province), the other Cà Mau's, of which the raster covers a third (trial 64)."""
    vi = page_text(client.get("/units/2025/96").text)
    heading = r"Chỉ tiêu kế hoạch \(số liệu toàn tỉnh Bạc Liêu cũ\) "
    assert re.search(heading + r".*? Tỷ lệ che phủ rừng .*? \(2026\)", vi), vi[vi.find("Chỉ tiêu kế hoạch") :][:300]
    assert re.search(
        r"Che phủ rừng \(2026\) Không có số liệu: ảnh chỉ phủ [\d,]+ % diện tích đơn vị này \(cần từ 95 %\)\. "
        r"Tỷ lệ che phủ rừng trong bảng chỉ tiêu ở trên là của toàn tỉnh Bạc Liêu cũ, không phải của đơn vị này\.",
        vi,
    ), vi[vi.find("Che phủ rừng (") :][:300]
    en = page_text(client.get("/units/2025/96", params={"lang": "en"}).text)
    assert "Plan indicators (figures of the whole of former Bạc Liêu Province)" in en
    assert "The forest cover among the plan indicators above is that of the whole of former Bạc Liêu Province" in en
    own = page_text(client.get("/units/pre2025/95").text)  # the plan's own province: its figure, no such sentence
    assert "Chỉ tiêu kế hoạch (số liệu toàn tỉnh Bạc Liêu)" in own and "không phải của đơn vị này" not in own


def test_the_forest_total_says_the_two_boundary_schemes_count_different_coasts(client, forest):
    """2,830 ha over the 2025 communes of former Bạc Liêu against 2,731 ha of the former province, said nowhere
    (trial 63): the communes' boundaries reach over the tidal flats."""
    vi = page_text(client.get("/units/pre2025/95").text)
    assert re.search(r"Diện tích rừng \(ha\) [\d.,]+ .*? Diện tích rừng trong ranh giới của đơn vị\. Ranh giới", vi)
    assert "vươn ra bãi bồi" in vi
    en = page_text(client.get("/units/2025/29242", params={"lang": "en"}).text)
    assert "the 2025 communes' reach over the tidal flats" in en, en[en.find("Forest cover (") :][:500]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Tỷ lệ che phủ (%) diện tích rừng này trên diện tích tỉnh: số ở dòng “Tỷ lệ che phủ rừng” (148/QĐ-UBND)",
        ),
        (
            "en",
            "Cover (%) this forest area over the province's area: the figure in the row “Forest cover” (148/QĐ-UBND)",
        ),
    ],
)
def test_a_provinces_page_gives_its_forest_cover_once_and_says_what_it_is(client, forest, lang, said):
    """Bạc Liêu's page read "1,52 % (2024)" among the plan's indicators and "Tỷ lệ che phủ (%) 1,52" in its forest
    section: one figure (the indicator is recorded from the province's cover of the same raster) said twice, as if
    two. It is given once, in the indicators' row beside its target; the forest section says what it is and where."""
    text = page_text(client.get("/units/pre2025/95", params={"lang": lang}).text)
    name = "Tỷ lệ che phủ rừng" if lang == "vi" else "Forest cover"
    cover = re.search(name + r" 1[,.]7–1[,.]8 % \(2030\) (\d+[,.]\d+) % \(2026\)", text)
    assert cover, text[text.find(name) :][:300]
    assert said in text, text[text.find("Che phủ rừng (" if lang == "vi" else "Forest cover (") :][:400]
    assert len(re.findall(rf"(?<![\d,.]){re.escape(cover[1])}(?!\d)", text)) == 1  # once, beside its target
    district = page_text(client.get("/units/pre2025/961").text)  # a district's own cover: its figure, not the row
    assert re.search(r"Tỷ lệ che phủ \(%\) \d+,\d+ Nguồn", district), district[district.find("Che phủ rừng (") :][:300]


def test_a_provinces_progress_says_it_is_a_mean_by_project_and_why_progress_totals_differ(client):
    """Bạc Liêu's page read 19,1 % and /progress's total row 23,8 %, neither saying what it is a mean of (trial 64):
    the page counts the province-wide projects with no site, the total only the districts' projects."""
    total = client.get("/api/progress", params={"scheme": "pre2025", "level": "district"}).json()["totals"]
    (bac_lieu,) = [row["progress_percent"] for row in total if row["code"] == "95"]
    page = client.get("/units/pre2025/95").text
    shown = re.search(r"<span id='unit-progress'>([\d,]+) %", page)
    assert shown and float(shown[1].replace(",", ".")) != round(bac_lieu, 1)
    vi = page_text(page)
    assert "Trung bình theo dự án: % hoàn thành bình quân" in vi
    assert "Dòng tổng của tỉnh ở trang Tiến độ (/progress) là trung bình của các đơn vị của tỉnh" in vi
    assert "4 dự án toàn tỉnh không có vị trí được tính ở đây, không tính ở đó." in vi
    en = page_text(client.get("/units/pre2025/95", params={"lang": "en"}).text)
    assert "Mean by project: " in en and "4 province-wide projects with no site are counted here, not there." in en
    district = page_text(client.get(HOA_BINH).text)  # a district's figure is its /progress row: nothing to explain
    assert "Trung bình theo dự án" in district and "Dòng tổng của tỉnh" not in district
    notes = {"vi": "Tiến độ của dòng tổng là trung bình của các đơn vị", "en": "is the mean of its units"}
    for lang, said in notes.items():
        assert said in client.get("/progress", params={"lang": lang}).text
