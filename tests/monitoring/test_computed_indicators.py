"""Indicators the registry computes: they add up to their sources and follow a status report at once."""

from __future__ import annotations

from sqlalchemy import create_engine, text

TV = "1099/QĐ-UBND"
_OPERATING_MW = text("""
SELECT COALESCE(SUM(capacity_value), 0) FROM project
WHERE province_code = '84' AND kind IN ('wind_farm', 'solar_farm', 'biomass_power') AND capacity_unit = 'MW'
  AND status IN ('operating', 'completed') AND retired_at IS NULL
""")
_PREPARING_WIND = text("""
SELECT id, capacity_value, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM project
WHERE province_code = '84' AND kind = 'wind_farm' AND status = 'preparing' AND capacity_unit = 'MW'
  AND retired_at IS NULL AND geom IS NOT NULL ORDER BY id LIMIT 1
""")


def _computed(monitoring) -> dict[str, dict]:
    response = monitoring.client.get("/api/indicators/computed", params={"plan": TV})
    assert response.status_code == 200, response.text
    return {i["code"]: i for i in response.json()["indicators"]} | {"salinity": response.json()["salinity"]}


def test_the_computed_indicators_add_up_to_their_sources_and_follow_a_status_report(monitoring):
    engine = create_engine(monitoring.url)
    with engine.connect() as conn:
        operating = conn.execute(_OPERATING_MW).scalar()
        wind = conn.execute(_PREPARING_WIND).mappings().one()
    engine.dispose()
    before = _computed(monitoring)
    mw = before["renewable_mw_operating"]
    assert mw["value"] == round(operating, 2) > 0
    assert round(sum(s["adds"] for s in mw["sources"]), 2) == mw["value"]
    dyke = before["sea_dyke_km_upgraded"]
    assert dyke["value"] > 0 and round(sum(s["adds"] for s in dyke["sources"]), 1) == round(dyke["value"], 1)
    units = before["salinity"]["units"]
    assert len(units) == 9 and all(sum(c["share"] for c in u["classes"].values()) <= 1.0001 for u in units)
    form = {"status": "operating", "percent": "100", "lon": str(wind["lon"]), "lat": str(wind["lat"])}
    reported = monitoring.client.post(
        f"/api/projects/{wind['id']}/status", data=form, headers=monitoring.headers("admin")
    )
    assert reported.status_code == 201, reported.text
    after = _computed(monitoring)["renewable_mw_operating"]
    assert after["value"] == round(mw["value"] + wind["capacity_value"], 2)
    assert wind["id"] in {s["project"] for s in after["sources"]}
