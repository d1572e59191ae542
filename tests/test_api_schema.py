"""Schemathesis over the whole API with an admin's token, a few generated requests per operation: no 5xx, and no
response that breaks the schema the API publishes (its own registry, so that the admin's writes touch no other test)."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, assume, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.main import create_app
from api.params import SheetChoice
from geo.accounts import create_account, create_token
from geo.settings import Settings

EXAMPLES_PER_OPERATION = 6  # ~60 operations: the run (after its registry is built) stays within a minute
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
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
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
            # a printable map takes seconds to draw on a loaded machine; its speed is not what this test is about
            slow = {"timeout": 120} if case.operation.path.endswith("/export") else {}
            case.call_and_validate(headers=fuzzed.headers, checks=checks, **slow)

        run()
