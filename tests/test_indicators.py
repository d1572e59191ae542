"""Progress to target of plan indicators: the increase / reduction / range rules on hand-picked values, and the API."""

from __future__ import annotations

import pytest

from geo.indicators import assess

FOREST = {"direction": "increase", "target_min": 1.7, "target_max": 1.8, "target_year": 2030}
FOREST |= {"baseline_value": 1.0, "baseline_year": 2020, "period_start": 2023}


def _obs(*pairs):
    return [{"period": period, "value": value} for period, value in pairs]


def test_increase_progress_is_the_share_of_the_way_from_baseline_to_target():
    result = assess(FOREST, _obs(("2025", 1.35)))
    assert result["progress_share"] == pytest.approx(0.5)  # (1.35 − 1.0) / (1.7 − 1.0)
    assert result["expected_share"] == pytest.approx(0.5)  # 2025 is half way from 2020 to 2030
    assert (result["met"], result["on_track"]) == (False, True)
    behind = assess(FOREST, _obs(("2027", 1.35)))
    assert behind["expected_share"] == pytest.approx(0.7) and behind["on_track"] is False


def test_reaching_the_lower_end_of_the_target_range_meets_it():
    assert assess(FOREST, _obs(("2024", 1.7)))["met"] is True and assess(FOREST, _obs(("2024", 1.7)))["on_track"]


def test_without_baseline_the_earliest_observation_is_the_start_or_progress_is_unknown():
    unknown = FOREST | {"baseline_value": None, "baseline_year": None}
    one = assess(unknown, _obs(("2024", 1.5)))
    assert (one["progress_share"], one["on_track"], one["met"]) == (None, None, False)
    two = assess(unknown, _obs(("2023", 1.1), ("2026", 1.4)))
    assert two["progress_share"] == pytest.approx(0.5) and two["expected_share"] == pytest.approx(3 / 7, abs=1e-4)
    assert two["on_track"] is True and two["latest"]["period"] == "2026"


def test_a_reduction_target_counts_from_zero():
    ghg = {"direction": "decrease", "target_min": 15, "target_max": None, "target_year": 2030}
    ghg |= {"baseline_value": None, "baseline_year": 2014, "period_start": 2023}
    result = assess(ghg, _obs(("2022", 6)))
    assert result["progress_share"] == pytest.approx(0.4) and result["expected_share"] == pytest.approx(0.5)
    assert result["on_track"] is False


def test_a_range_is_met_only_inside_it():
    growth = {"direction": "range", "target_min": 9.5, "target_max": 10.5, "target_year": 2030}
    growth |= {"baseline_value": None, "baseline_year": None, "period_start": 2023}
    assert assess(growth, _obs(("2024", 10)))["on_track"] is True
    assert assess(growth, _obs(("2024", 11)))["on_track"] is False
    assert assess(growth, _obs(("2024", 9)))["progress_share"] is None


def test_the_api_lists_the_plan_targets_and_refuses_an_unknown_plan(client):
    body = client.get("/api/indicators", params={"plan": "148/QĐ-UBND"}).json()
    forest = next(i for i in body["indicators"] if i["code"] == "forest_cover")
    assert (forest["target_min"], forest["target_max"], forest["target_year"]) == (1.7, 1.8, 2030)
    assert len(body["indicators"]) == 24
    bad = client.get("/api/indicators", params={"plan": "999/QĐ"})
    assert bad.status_code == 422 and "148/QĐ-UBND" in bad.text
