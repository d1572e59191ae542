"""A unit page's figures as a planner reads them (trials 63 and 64): the salinity period asked for, written as they
write a month, or said to have no zones; the period the page leads with covering the unit; one forest-cover truth;
what its mean progress is a mean of."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from api.main import create_app
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


def test_a_period_with_no_zones_is_said_with_links_to_the_periods_that_have_them(client, zones):
    zones("2099-04", whole=True)
    vi = salinity_part(client.get(HOA_BINH, params={"period": "7/2024"}).text)
    assert "Không có vùng mặn của kỳ tháng 7/2024." in vi, vi[:600]
    assert "Các kỳ có vùng mặn: <a href='?period=2099-04&amp;lang=vi#salinity'>tháng 4/2099</a> (phủ 100 %), " in vi
    assert "<a href='?period=2025-03&amp;lang=vi#salinity'>tháng 3/2025</a> (phủ 98,2 %)" in vi
    en = salinity_part(client.get(HOA_BINH, params={"period": "2024-07", "lang": "en"}).text)
    assert "No salinity zones of the period July 2024." in en and "Periods with salinity zones: " in en, en[:600]


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
