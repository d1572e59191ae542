"""Every JSON GET route of /openapi.json, called with real data on its own sample registry (a submission, an
indicator value with evidence, an upload job, forest statistics, forest-cover values withdrawn added), answers a
body that its published response schema accepts, and that names no member the schema leaves out: the documentation is
the answer.

The routes' answers are validated with jsonschema-rs (what schemathesis uses) against the schema of their status
in /openapi.json; ``EXAMPLES`` holds the calls, and a JSON GET route without one fails the test."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.forest import compute_unit_stats, register_demo_raster
from geo.forest_rasters import remove_raster
from geo.indicator_values import NewValue, find_indicator, record_computed, record_value
from geo.models import AdminUnit, Project, RasterDataset
from geo.settings import Settings

PLAN = "148/QĐ-UBND"

#: The calls per route (path as in /openapi.json); {project}, {submission}, {job} are filled in with real ids.
EXAMPLES = {
    "/health": ["/health"],
    "/api/account": ["/api/account", "/api/account?lang=en"],
    "/api/account/projects": ["/api/account/projects", "/api/account/projects?q=dien%20gio&order=name&limit=2"],
    "/api/account/rejected-reports": ["/api/account/rejected-reports"],
    "/api/accounts": ["/api/accounts"],
    "/api/accounts/{username}/tokens": ["/api/accounts/schema_admin/tokens"],
    "/api/projects/{project_id}/history": ["/api/projects/{project}/history"],
    "/api/status-reports/flagged": ["/api/status-reports/flagged", "/api/status-reports/flagged?province=86&limit=5"],
    "/api/units/{scheme}/{code}/projects": ["/api/units/pre2025/961/projects", "/api/units/2025/96/projects?limit=2"],
    "/api/status-reports": ["/api/status-reports", "/api/status-reports?agency=TV.SCT&flagged=false&limit=5"],
    "/api/changes": ["/api/changes", "/api/changes?since=01/01/2020&province=96"],
    "/api/changes/projects": ["/api/changes/projects", "/api/changes/projects?after=1.0"],
    "/api/projects": ["/api/projects?limit=1000", "/api/projects?kind=sea_dyke"],
    "/api/projects/near": [
        "/api/projects/near?lon={lon}&lat={lat}&radius_m=20000",
        "/api/projects/near?lon={lon}&lat={lat}&radius_m=20000&limit=2&offset=2",  # the next page, the count over all
    ],
    "/api/projects/{project_id}": ["/api/projects/{project}"],
    "/api/units": ["/api/units", "/api/units?scheme=2025&include_context=true"],
    "/tiles/{layer_id}.json": ["/tiles/projects.json", "/tiles/progress.json?lang=en"],
    "/tiles/{layer_id}/names.json": ["/tiles/projects/names.json?bbox=105,9,107,10.5&kind=sea_dyke&lang=en"],
    "/tiles/{layer_id}/style.json": [
        "/tiles/salinity_zones/style.json",
        "/tiles/projects/style.json?colour=status&lang=en",
    ],
    "/tiles/{layer_id}/chosen.json": ["/tiles/projects/chosen.json?schedule=past_due&as_of=2024-12-31"],
    "/ogc": ["/ogc"],
    "/ogc/conformance": ["/ogc/conformance"],
    "/ogc/openapi": ["/ogc/openapi"],
    "/ogc/collections": ["/ogc/collections"],
    "/ogc/collections/{collection_id}": ["/ogc/collections/projects", "/ogc/collections/projects_lines"],
    "/ogc/collections/{collection_id}/queryables": ["/ogc/collections/projects/queryables"],
    "/ogc/collections/{collection_id}/schema": ["/ogc/collections/projects/schema"],
    "/ogc/collections/{collection_id}/items": ["/ogc/collections/projects/items?limit=1000"],
    "/ogc/collections/{collection_id}/items/{item_id}": ["/ogc/collections/projects/items/{project}"],
    "/raster/{layer_id}/legend": ["/raster/forest_cover/legend", "/raster/soil_salinity/legend?lang=en"],
    "/api/progress": [
        "/api/progress",
        "/api/progress?format=geojson",
        "/api/progress?scheme=2025&via=pre2025&as_of=2025-01-01&weight=budget",
    ],
    "/api/salinity/units": ["/api/salinity/units", "/api/salinity/units?scheme=2025"],
    "/api/salinity/projects": ["/api/salinity/projects"],
    "/api/forest": ["/api/forest"],
    "/api/indicators": [f"/api/indicators?plan={PLAN}", f"/api/indicators?plan={PLAN}&unit=95"],
    "/api/indicators/computed": [f"/api/indicators/computed?plan={PLAN}"],
    "/api/indicators/owed": [
        f"/api/indicators/owed?plan={PLAN}&period=2024&agency=BL.SKHDT",
        f"/api/indicators/owed?plan={PLAN}&period=2022&agency=BL.SNNPTNT&lang=en",  # a value withdrawn
    ],
    "/api/indicators/{code}/values": ["/api/indicators/grdp_growth/values", "/api/indicators/forest_cover/values"],
    "/api/agencies": ["/api/agencies", "/api/agencies?on=2025-07-01"],
    "/api/agencies/{code}": ["/api/agencies/BL.SKHDT"],
    "/api/plan-actions/agencies": [f"/api/plan-actions/agencies?plan={PLAN}"],
    "/api/plan-actions": [f"/api/plan-actions?plan={PLAN}&year=2025", "/api/plan-actions?plan=1099/QĐ-UBND"],
    "/api/submissions": [f"/api/submissions?plan={PLAN}&year=2025"],
    "/api/submissions/board": [f"/api/submissions/board?plan={PLAN}&year=2025"],
    "/api/submissions/agencies": [f"/api/submissions/agencies?plan={PLAN}&year=2025"],
    "/api/submissions/owed": [f"/api/submissions/owed?plan={PLAN}&year=2025&agency=CM.STC"],
    "/api/submissions/rights": [f"/api/submissions/rights?plan={PLAN}&agency=CM.STC"],
    "/api/submissions/{submission_id}/history": ["/api/submissions/{submission}/history"],
    "/api/jobs": ["/api/jobs"],
    "/api/jobs/{job_id}": ["/api/jobs/{job}"],
    "/api/search": [
        "/api/search?q=bac lieu",
        "/api/search?q=de bien&limit=50",
        "/api/search?q=chau hung&as_of=2021-06-30",
    ],
    "/api/session": ["/api/session"],
    "/map/context.geojson": ["/map/context.geojson", "/map/context.geojson?lang=en"],
}
#: GET routes that answer files, images or pages, not JSON.
NOT_JSON = {
    "/api/photos/{sha256}",
    "/api/indicators/evidence/{evidence_id}",
    "/api/reports/annual",
    "/api/progress/table.{format}",
    "/api/status-reports/table.{format}",
    "/api/changes/table.{format}",
    "/api/jobs/{job_id}/steps-back.csv",
    "/api/exports/{layer}.{fmt}",
    "/tiles/{layer_id}/{z}/{x}/{y}.pbf",
    "/raster/{layer_id}/{z}/{x}/{y}.png",
    "/units/{scheme}/{code}/export.{fmt}",
    "/map/export",
    "/progress/export",
    "/map/basemap.pmtiles",
}


@dataclass
class Documented:
    client: TestClient
    openapi: dict[str, Any]
    ids: dict[str, Any]
    validators: dict[int, Any] = field(default_factory=dict)  # by the id of their schema in ``openapi``

    def validator(self, schema: dict[str, Any]) -> Any:
        """A validator of ``schema`` (a part of ``openapi``), made once: a list of a thousand projects is checked
        against each of their alternatives."""
        if id(schema) not in self.validators:
            self.validators[id(schema)] = jsonschema_rs.Draft202012Validator(
                {**schema, "components": self.openapi["components"]}
            )
        return self.validators[id(schema)]

    def check(self, path: str, method: str, response: Response) -> None:
        """The answer fits the schema published for its route and status, and names nothing the schema leaves out."""
        documented = self.openapi["paths"][path][method]["responses"][str(response.status_code)]
        schema = documented["content"]["application/json"]["schema"]
        assert schema, f"{method.upper()} {path}: no response schema in /openapi.json"
        body = response.json()
        errors = [f"{e.message} at {list(e.instance_path)}" for e in self.validator(schema).iter_errors(body)]
        assert not errors, f"{method.upper()} {path}: {errors[:5]}"
        undocumented = sorted(set(self._undocumented(schema, body, "")))
        assert not undocumented, f"{method.upper()} {path}: members missing from the schema: {undocumented[:10]}"

    def _undocumented(self, schema: dict[str, Any], value: Any, where: str) -> list[str]:
        schema = self._resolve(schema)
        found: list[str] = []
        for key in ("anyOf", "oneOf"):
            if key in schema:  # the alternatives the value fits
                fits = [s for s in schema[key] if self._fits(s, value)]
                found += [m for s in fits[:1] for m in self._undocumented(s, value, where)]
        if isinstance(value, dict):
            named = schema.get("properties", {})
            extra = schema.get("additionalProperties")
            for member, inner in value.items():
                if member in named:
                    found += self._undocumented(named[member], inner, f"{where}.{member}")
                elif isinstance(extra, dict):
                    found += self._undocumented(extra, inner, f"{where}.*")
                elif named:
                    found.append(f"{where}.{member}")
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            for inner in value:
                found += self._undocumented(schema["items"], inner, f"{where}[]")
        return found

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return schema

    def _fits(self, schema: dict[str, Any], value: Any) -> bool:
        return self.validator(schema).is_valid(value)


@pytest.fixture(scope="module")
def documented(make_registry, tmp_path_factory) -> Documented:
    url = make_registry("response_schemas", sample=True)
    scratch = tmp_path_factory.mktemp("response_schemas")
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, create_account(session, "schema_admin", role="admin"))
        # a report's sender does not review it: a second administrator returns the one the first sends
        reviewer, _ = create_token(session, create_account(session, "schema_reviewer", role="admin"))
        compute_unit_stats(session, register_demo_raster(session, scratch, 2024))
        _values_withdrawn(session, scratch)
        project = session.scalars(select(Project.id).where(Project.kind == "sea_dyke").limit(1)).one()
    engine.dispose()
    settings = Settings(database_url=url, upload_dir=scratch / "uploads", photo_dir=scratch, raster_dir=scratch)
    app = create_app(settings)
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    return Documented(client, app.openapi(), {"project": project, "reviewer": {"Authorization": f"Bearer {reviewer}"}})


def _values_withdrawn(session: Session, folder: Path) -> None:
    """The forest-cover values of 2022 and 2023 the registry computed from rasters since removed (georeg forest
    remove): 2023's department value, entered by hand before, held again; 2022 holding none."""
    indicator = find_indicator(session, "forest_cover", PLAN)
    province = session.scalar(select(AdminUnit.id).filter_by(scheme="pre2025", level="province", code="95"))
    record_value(session, indicator, NewValue("2023", 2.25, "Kiểm kê rừng 2023", unit="95"), entered_by="bl.snn")
    for year in (2022, 2023):
        raster = RasterDataset(theme="forest_cover", title=f"Che phủ rừng {year}", year=year, crs="EPSG:4326",
                               path=str(folder / f"rung_{year}.tif"), source="Chi cục Kiểm lâm")  # fmt: skip
        session.add(raster)
        session.flush()
        record_computed(session, indicator.id, province, str(year), 2.5, source=raster.title, method="thống kê vùng")
        remove_raster(session, raster, folder, None, "root")


def test_the_posts_that_make_the_data_answer_as_documented(documented):
    """A submission started, submitted and returned; a value entered with its evidence; a status report; an
    upload: each answer fits its schema (and gives the ids the GET routes below read)."""
    client, check = documented.client, documented.check
    project = documented.ids["project"]
    started = client.post(
        "/api/submissions",
        json={
            "plan": PLAN,
            "action": "1",
            "year": 2025,
            "agency": "CM.STC",
            "results": "Đã hoàn thành",
            "project_ids": [project],
        },
    )
    assert started.status_code == 201, started.text
    check("/api/submissions", "post", started)
    submission = started.json()["id"]
    check("/api/submissions/{submission_id}/submit", "post", client.post(f"/api/submissions/{submission}/submit"))
    returned = client.post(
        f"/api/submissions/{submission}/return", json={"comment": "Bổ sung số liệu"}, headers=documented.ids["reviewer"]
    )
    check("/api/submissions/{submission_id}/{step}", "post", returned)
    entered = client.post(
        "/api/indicators/grdp_growth/values", json={"period": "2024", "value": 6.5, "source": "Cục Thống kê"}
    )
    assert entered.status_code == 201, entered.text
    check("/api/indicators/{code}/values", "post", entered)
    evidence = client.post(
        f"/api/indicators/values/{entered.json()['id']}/evidence",
        files={"file": ("nien-giam.txt", b"6,5 %", "text/plain")},
    )
    check("/api/indicators/values/{value_id}/evidence", "post", evidence)
    geometry = client.get(f"/api/projects/{project}").json()["geometry"]
    lon, lat = geometry["coordinates"][0] if geometry["type"] == "LineString" else geometry["coordinates"][0][0]
    reported = client.post(
        f"/api/projects/{project}/status",
        data={"status": "under_construction", "percent": "40", "lon": str(lon), "lat": str(lat), "note": "Đang đắp"},
    )
    assert reported.status_code == 201, reported.text
    check("/api/projects/{project_id}/status", "post", reported)
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": {}}
    collection = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    upload = client.post("/api/uploads", data={"into": "projects"}, files={"file": ("mot-diem.geojson", collection)})
    assert upload.status_code == 202, upload.text
    check("/api/uploads", "post", upload)
    documented.ids |= {"submission": submission, "job": upload.json()["id"], "lon": lon, "lat": lat}


def test_every_json_get_route_answers_as_documented(documented):
    gets = {path for path, operations in documented.openapi["paths"].items() if "get" in operations}
    html = {path for path in gets if "text/html" in _content_types(documented.openapi, path)}
    assert gets - html - NOT_JSON == set(EXAMPLES), "a JSON GET route without an example call in EXAMPLES (or gone)"
    assert {"submission", "job"} <= set(documented.ids), "run with the test that makes the data"
    for path, calls in EXAMPLES.items():
        for call in calls:
            response = documented.client.get(call.format(**documented.ids), headers={"Accept": "application/json"})
            assert response.status_code == 200, f"{call}: {response.status_code} {response.text[:300]}"
            documented.check(path, "get", response)


def _content_types(openapi: dict[str, Any], path: str) -> set[str]:
    return set(openapi["paths"][path]["get"]["responses"].get("200", {}).get("content", {}))
