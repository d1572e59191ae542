"""Benchmark: an officer's projects and the supervisors' page at a province's volume, over HTTP.

Run: GEOREG_DATABASE_URL=… .venv/bin/python bench/account_projects.py [--runs 5]

Against a database already holding a province's volume (``georeg load-sample``, then 100,000 projects from
bench/ingest_projects.py's ``projects()`` and ``geopackage()`` loaded with ``georeg ingest FILE --into projects``):
makes (once) an administrator and a province editor (Bạc Liêu's unit, four kinds) with a token each, serves the app
on a free loopback port and prints the median of ``--runs`` of each request:

- ``GET /api/account/projects`` as the field form asks it (30 a page, oldest report first; then by name, by name on
  the English form, the next page, a search, those with no report for 6 months), for each account;
- ``/status-reports`` with the province editor's browser session, and without one.
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from status_reports import _serve  # the app served by uvicorn on a free loopback port

from geo.accounts import create_account, create_token
from geo.models import Account
from geo.settings import Settings, get_settings

ACCOUNTS = {
    "bench.admin": {"role": "admin"},
    "bench.province": {"role": "editor", "unit_codes": ["95"], "kinds": ["sluice", "canal", "sea_dyke", "wind_farm"]},
}
ASKED = {
    "first page": {},
    "next page": {"offset": 30},
    "by name": {"order": "name"},
    "by name, in English": {"order": "name", "lang": "en"},
    "search 'dien gio'": {"q": "dien gio"},
    "no report for 6 months": {"no_report_months": 6},
}


def _tokens(url: str) -> dict[str, str]:
    """A new token of each bench account, the accounts made the first time."""
    tokens = {}
    with Session(create_engine(url)) as session:
        for username, made in ACCOUNTS.items():
            account = session.scalar(select(Account).where(Account.username == username))
            account = account or create_account(session, username, **made)
            tokens[username] = create_token(session, account, name="bench", days=1)[0]
        session.commit()
    return tokens


def _median_s(http: httpx.Client, path: str, runs: int, **options) -> tuple[float, httpx.Response]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = http.get(path, **options)
        times.append(time.perf_counter() - start)
        answer.raise_for_status()
    return statistics.median(times), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = get_settings().database_url
    tokens = _tokens(url)
    server, base = _serve(Settings(database_url=url))
    with httpx.Client(base_url=base, timeout=120) as http:
        for username, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"}
            for label, params in ASKED.items():
                seconds, answer = _median_s(
                    http, "/api/account/projects", args.runs, params=params | {"limit": 30}, headers=headers
                )
                print(f"{username:>15} {label:<24} {seconds:6.3f} s  ({answer.json()['numberMatched']:,} matched)")
        seconds, _ = _median_s(http, "/status-reports?lang=vi", args.runs)
        print(f"/status-reports without a session: {seconds:.3f} s")
        http.post("/api/session", json={"token": tokens["bench.province"]}).raise_for_status()
        seconds, _ = _median_s(http, "/status-reports?lang=vi", args.runs)
        print(f"/status-reports as bench.province: {seconds:.3f} s")
    server.should_exit = True


if __name__ == "__main__":
    main()
