"""Schemathesis over the whole API with an admin's token, a few generated requests per operation: no 5xx, and no
response that breaks the schema the API publishes (its own registry, so that the admin's writes touch no other test)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, assume, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from api.main import create_app
from api.params import SheetChoice
from api.routers.ogc import ITEMS_PARAMETERS
from geo.accounts import create_account, create_token
from geo.settings import Settings

#: ~60 operations: 4 each, and every GET route's parameters sent empty, took 15.1 s of CPU where 6 each took 17.0 s
EXAMPLES_PER_OPERATION = 4
#: The generated requests' seed: Hypothesis's ``derandomize`` seeded them from the test's source, so that any edit of
#: the test sent others (one such set reached no route's code: a 500 on ``/map/export?province=`` went unnoticed).
EXAMPLES_SEED = 70
#: A value of each GET route's path parameters that the sample registry has, so that an empty query parameter
#: reaches the route's own code rather than a 404 (:func:`test_every_get_routes_parameters_sent_empty_answer_no_5xx`);
#: by the parameter's name, else by the route's path where one name means different things.
PATH_VALUES: dict[str, str] = {
    "username": "fuzz_admin",
    "project_id": "1",
    "format": "csv",
    "sha256": "0" * 64,
    "scheme": "pre2025",
    "code": "954",
    "fmt": "csv",
    "layer_id": "projects",
    "z": "0",
    "x": "0",
    "y": "0",
    "collection_id": "projects",
    "item_id": "1",
    "evidence_id": "1",
    "submission_id": "1",
    "layer": "projects",
    "job_id": "1",
}
#: Query parameters a route reads itself, not in the API's OpenAPI document (the OGC API's own document says them).
READ_BY_THE_ROUTE = {"/ogc/collections/{collection_id}/items": sorted(ITEMS_PARAMETERS)}
PATH_VALUES_BY_ROUTE: dict[str, dict[str, str]] = {
    "/units/{scheme}/{code}/export.{fmt}": {"fmt": "html"},
    "/api/indicators/{code}/values": {"code": "ghg_intensity_reduction_national"},
    "/api/agencies/{code}": {"code": "TV.SCT"},
    "/raster/{layer_id}/{z}/{x}/{y}.png": {"layer_id": "forest_cover"},
    "/raster/{layer_id}/legend": {"layer_id": "forest_cover"},
}
#: What only says how a printable map is printed (format, paper, orientation, language).
SHEET_CHOICES = {field.name for field in fields(SheetChoice)}


@dataclass
class Fuzzed:
    app: FastAPI
    headers: dict[str, str]
    token_id: int


@pytest.fixture(scope="module")
def fuzzed(make_registry, tmp_path_factory) -> Fuzzed:
    url = make_registry("schemathesis", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        token, row = create_token(session, create_account(session, "fuzz_admin", role="admin"))
        token_id = row.id
    engine.dispose()
    scratch = tmp_path_factory.mktemp("fuzzed")
    app = create_app(
        Settings(database_url=url, upload_dir=scratch / "uploads", photo_dir=scratch / "photos", raster_dir=scratch)
    )
    return Fuzzed(app, {"Authorization": f"Bearer {token}"}, token_id)


def test_the_api_answers_generated_requests_without_5xx_and_within_its_schema(fuzzed):
    """Each operation in turn, with Hypothesis driving the examples (schemathesis's pytest plugin does not run
    under this pytest); a failure names the operation and the request that broke it."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed.app)
    checks = [not_a_server_error, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    asked: set[str] = set()  # the reads asked so far

    for operation in operations:

        @given(case=operation.as_strategy())
        @seed(EXAMPLES_SEED)
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case):
            # revoking the fuzzing admin's own token would only turn the rest of the run into 401s
            assume((case.path_parameters or {}).get("token_id") != fuzzed.token_id)
            # Hypothesis may give a read twice as it was (/map/export's defaults, a printed map drawn again, seconds):
            # answered as the first time, it is checked once
            read = repr((case.formatted_path, case.query, case.headers, case.cookies, case.body))
            if case.method == "GET" and read in asked:
                return
            asked.add(read)
            # the whole registry's sheet asked for nothing but how to print it ({}, {"paper": "a3"}: Hypothesis's first
            # examples of /map/export and /progress/export) is drawn and read in each way by tests/test_map_export*.py;
            # drawn here too, those two routes' examples were 45 % of this test's CPU (docs/design.md)
            if case.operation.path.endswith("/export") and set(case.query or {}) <= SHEET_CHOICES:
                return
            # a printable map takes seconds to draw on a loaded machine, a project's page timed out at schemathesis's
            # 10 s on one shared by two test runs; speed is not what this test is about
            case.call_and_validate(headers=fuzzed.headers, checks=checks, timeout=120)

        run()


def _repeatable(parameter: dict) -> bool:
    """A query parameter taking a list (``?agency=TV.SCT&agency=BL.SNN``): a filter's codes."""
    schema = parameter.get("schema", {})
    return any(s.get("type") == "array" for s in [schema, *schema.get("anyOf", [])])


def test_every_get_routes_parameters_sent_empty_answer_no_5xx(fuzzed):
    """A form's box left empty sends its parameter empty (``?province=``, ``?lang=``, ``?bbox=``), which the generated
    requests reach only by chance: each query parameter of each GET route, alone and empty, answered without a 5xx;
    a filter's code sent empty (``?agency=``) refused, not answered as a filter of nothing (/map/export?agency= printed
    the whole map; tiles, exports and /api/progress answered as if no project matched)."""
    client = TestClient(fuzzed.app, headers=fuzzed.headers, raise_server_exceptions=False)
    failed = []
    reads = {
        path: item["get"].get("parameters", []) for path, item in fuzzed.app.openapi()["paths"].items() if "get" in item
    }
    for path, parameters in reads.items():
        route = path.format(**PATH_VALUES | PATH_VALUES_BY_ROUTE.get(path, {}))
        codes = {p["name"] for p in parameters if p["in"] == "query" and _repeatable(p)}
        for name in [p["name"] for p in parameters if p["in"] == "query"] + READ_BY_THE_ROUTE.get(path, []):
            status = client.get(route, params={name: ""}).status_code
            if status >= 500 or name in codes and status < 400:
                failed.append(f"{route}?{name}= {status}")
    assert not failed, failed
