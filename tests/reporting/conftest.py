"""Fixtures for the status-reporting tests: a writable sample database with agency accounts, and a server on it.

The tests here write, so they get their own database and leave the shared session database untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from live_servers import serving
from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session

from api.main import create_app
from geo.accounts import create_account, create_token, revoke_token
from geo.models import ApiToken
from geo.settings import Settings

PHOTO_LIMIT = 200_000


@dataclass
class Reporting:
    settings: Settings
    tokens: dict[str, str]

    def headers(self, who: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}", **extra}


def _accounts(session: Session) -> dict[str, str]:
    """Accounts of the kinds an agency has; the expired and revoked tokens belong to an editor of TV.SCT. The
    department's field officer and his supervisor go by their names, as their reports and verdicts say them."""
    power = create_account(session, "sct_editor", role="editor", agency_code="TV.SCT", display_name="Sở Công Thương")
    officer = create_account(session, "hien.le", role="editor", agency_code="TV.SCT", display_name="Lê Văn Hiện")
    supervisor = create_account(session, "mai.tran", role="editor", agency_code="TV.SCT", display_name="Trần Thị Mai")
    dykes = create_account(
        session, "donghai_dykes", role="editor", agency_code="TV.SNNPTNT", unit_codes=["29536"], kinds=["sea_dyke"]
    )
    viewer = create_account(session, "sct_viewer", role="viewer", agency_code="TV.SCT")
    admin = create_account(session, "admin", role="admin")
    tokens = {
        name: create_token(session, account)[0]
        for name, account in [
            ("sct", power),
            ("officer", officer),
            ("supervisor", supervisor),
            ("dykes", dykes),
            ("viewer", viewer),
            ("admin", admin),
        ]
    }
    tokens["expired"], expired = create_token(session, power, days=1)
    session.execute(
        update(ApiToken).where(ApiToken.id == expired.id).values(expires_at=datetime.now(UTC) - timedelta(hours=1))
    )
    tokens["revoked"], revoked = create_token(session, power)
    revoke_token(session, revoked.id)
    return tokens


@pytest.fixture(scope="session")
def reporting(make_registry, tmp_path_factory) -> Reporting:
    url = make_registry("reporting", sample=True)
    engine = create_engine(url)
    with Session(engine) as session, session.begin():
        tokens = _accounts(session)
    engine.dispose()
    settings = Settings(database_url=url, photo_dir=tmp_path_factory.mktemp("photos"), photo_max_bytes=PHOTO_LIMIT)
    return Reporting(settings, tokens)


@pytest.fixture(scope="session")
def reporting_app_client(reporting: Reporting) -> TestClient:
    return TestClient(create_app(reporting.settings))


@pytest.fixture
def reporting_client(reporting_app_client: TestClient) -> TestClient:
    """The reporting app's client, logged out: a test logging it in (POST /api/session keeps the browser's cookie)
    left the next module's "not logged in" requests logged in, when xdist ran the two on one worker."""
    reporting_app_client.cookies.clear()
    return reporting_app_client


@pytest.fixture(scope="session")
def reporting_engine(reporting: Reporting) -> Iterator:
    engine = create_engine(reporting.settings.effective_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def reporting_server(reporting: Reporting) -> Iterator[str]:
    """The app on the writable database, served by uvicorn on a free loopback port."""
    with serving(reporting.settings) as url:
        yield url
