"""Fixtures for the monitoring tests: a writable sample database with accounts of the agencies that report, merge
and review (the tests write, so they get their own database)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token
from geo.settings import Settings

# username -> (role, agency): Bạc Liêu's agriculture and trade departments, Trà Vinh's natural-resources department
# (merged on 1 March 2025) and its successor in Vĩnh Long, and the focal departments as they stand today.
ACCOUNTS = {
    "bl_snn": ("editor", "BL.SNNPTNT"),
    "bl_sct": ("editor", "BL.SCT"),
    "cm_stc": ("editor", "CM.STC"),
    "cm_stc_2": ("editor", "CM.STC"),  # a second officer of the focal department
    "cm_snnmt": ("editor", "CM.SNNMT"),  # a Cà Mau department owing no report of either plan
    "tv_stnmt": ("editor", "TV.STNMT"),
    "tv_stnmt_2": ("editor", "TV.STNMT"),  # a second officer of the same department
    "vl_snnmt": ("editor", "VL.SNNMT"),
    "vl_stc": ("editor", "VL.STC"),
    "viewer": ("viewer", "BL.SNNPTNT"),
    "admin": ("admin", None),
}


@dataclass
class Monitoring:
    client: TestClient
    tokens: dict[str, str]
    url: str

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture(scope="module")
def monitoring(make_registry, request) -> Monitoring:
    url = make_registry(f"monitoring_{request.module.__name__.rsplit('_', 1)[-1]}", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        tokens = {
            name: create_token(session, create_account(session, name, role=role, agency_code=agency))[0]
            for name, (role, agency) in ACCOUNTS.items()
        }
    engine.dispose()
    return Monitoring(TestClient(create_app(Settings(database_url=url))), tokens, url)
