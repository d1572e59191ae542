"""Benchmark: an account's reach and a search of a common word at a province's volume, this checkout against the
code before a change, in the same run, with the answers of both compared.

Run: GEOREG_DATABASE_URL=… .venv/bin/python bench/jurisdiction_search.py --before DIR [--rounds 3] [--runs 3]
[--only 'camau.2025: list']

Against a database already holding a province's volume (``georeg load-sample``, then 100,000 projects of
bench/ingest_projects.py's ``projects(100000, "B0", 7)`` written by its ``geopackage()`` and loaded with
``georeg ingest FILE --into projects``, as bench/export_volume.py does). ``--before``: a copy of the code before the
change, e.g. ``git archive COMMIT geo api maps cli layers | tar -x -C DIR``. Makes (once) the accounts of
:data:`ACCOUNTS`; then, ``--rounds`` times, a process of each code in turn (which goes first alternating) times each
case of :data:`CASES` ``--runs`` times, in process (the core behind the routes): an account's count of its projects
(``reachable_count``: the accounts page, /status-reports), its list (``projects_in_charge``: /api/account/projects,
/status-reports), searched for a word in nearly every name, in English (``lang="en"``) by its default order and by
name; the check of a status report
(``may_change``: ``POST /api/projects/{id}/status``) and of a map page of 1,000 projects (``changeable``); the map's
search box (``search_places``: /api/search). Prints each case's median of each code, the ratio, and whether the
answers are the same (the run fails if one is not).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from geo.accounts import create_account
from geo.models import Account
from geo.settings import get_settings

HERE = Path(__file__).resolve().parents[1]
FIVE_DISTRICTS = ["848", "954", "960", "850", "845"]  # Cầu Ngang, Bạc Liêu, Đông Hải, Duyên Hải, Cầu Kè
COMMUNES = ["31840", "29263", "31927", "31957", "31834", "29512", "31891", "29308", "31876", "31942", "31864"]
THREE_KINDS = ["forest_planting", "sluice", "canal"]
ACCOUNTS = {
    "bench.districts": {"role": "editor", "unit_codes": FIVE_DISTRICTS, "kinds": THREE_KINDS},
    "bench.communes": {"role": "editor", "unit_codes": COMMUNES, "kinds": THREE_KINDS},
    "bench.agency.province": {
        "role": "editor",
        "agency_code": "BL.SNNMT",
        "unit_codes": ["95"],
        "kinds": ["forest_planting"],
    },
    "bench.camau.2025": {"role": "editor", "unit_codes": ["96"], "kinds": ["sluice", "canal", "sea_dyke", "wind_farm"]},
    "bench.agency": {"role": "editor", "agency_code": "TV.SCT"},
    "bench.viewer": {"role": "viewer", "unit_codes": FIVE_DISTRICTS[:2], "kinds": ["sluice"]},
    "bench.admin": {"role": "admin"},
}
WORDS = ["cong", "Cống ngăn", "dự án", "so 5", "chau hung", "dien gio"]

#: One process of one code: argv the database, the runs and the cases; prints each case's seconds and answer.
CHILD = """
import json, sys, time
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
import geo
from geo.jurisdiction import changeable, may_change, reachable_count, reviewable_of
from geo.models import Account, Project
from geo.queries.in_charge import projects_in_charge
from geo.queries.search import search_places
url, runs, accounts, words = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
only = json.loads(sys.argv[5])
timed = {}
with Session(create_engine(url)) as session:
    page = list(session.scalars(select(Project.id).order_by(Project.id).offset(5000).limit(1000)))
    cases = {}
    for name in accounts:
        a = session.scalar(select(Account).where(Account.username == name))
        cases[f"{name}: count"] = lambda a=a: reachable_count(session, a)
        cases[f"{name}: list, first page"] = lambda a=a: projects_in_charge(session, a)
        cases[f"{name}: list, no report for 6 months"] = lambda a=a: projects_in_charge(session, a, no_report_months=6)
        cases[f"{name}: list, search 'cong'"] = lambda a=a: projects_in_charge(session, a, "cong")
        cases[f"{name}: by name, 'cống ngăn'"] = lambda a=a: projects_in_charge(session, a, "cống ngăn", "name")
        cases[f"{name}: English list, first page"] = lambda a=a: projects_in_charge(session, a, lang="en")
        cases[f"{name}: English list by name"] = lambda a=a: projects_in_charge(session, a, order="name", lang="en")
        cases[f"{name}: a map page's 1,000 checked"] = lambda a=a: sorted(changeable(session, a, page))
        if a.role == "viewer":
            cases[f"{name}: its verdicts on a map page's 1,000"] = lambda a=a: sorted(reviewable_of(session, a, page))
        cases[f"{name}: a report's check (x10)"] = lambda a=a: [may_change(session, a, i) for i in page[::100]]
    for word in words:
        cases[f"map search {word!r}"] = lambda word=word: search_places(session, word)
    for case, run in cases.items():
        if only and not any(part in case for part in only):
            continue
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            answer = run()
            seconds.append(time.perf_counter() - start)
            session.rollback()
        timed[case] = {"seconds": seconds, "answer": answer}
print(json.dumps({"code": geo.__file__, "cases": timed}, default=str))
"""


def _accounts(url: str) -> None:
    """The bench accounts, made the first time."""
    with Session(create_engine(url)) as session:
        for username, made in ACCOUNTS.items():
            if session.scalar(select(Account).where(Account.username == username)) is None:
                create_account(session, username, **made)
        session.commit()


def _child(code: Path, url: str, runs: int, only: list[str]) -> dict:
    """One process of the code in ``code``: each case's seconds and answer."""
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    argv = [
        sys.executable,
        "-c",
        CHILD,
        url,
        str(runs),
        json.dumps(list(ACCOUNTS)),
        json.dumps(WORDS),
        json.dumps(only),
    ]
    done = subprocess.run(argv, env=env, cwd=code, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{code}: {done.stderr[-3000:]}")
    said = json.loads(done.stdout)
    assert said["code"].startswith(str(code)), said["code"]  # that checkout's geo, not the installed one
    return said["cases"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a copy of the code before the change")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="the cases naming this (repeatable), not all")
    args = parser.parse_args()
    url = get_settings().database_url
    _accounts(url)
    seconds: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    answers: dict[str, dict] = {"before": {}, "after": {}}
    print(f"load average {os.getloadavg()[0]:.1f}", flush=True)
    for round_ in range(args.rounds):
        codes = [("before", args.before.resolve()), ("after", HERE)]
        for label, code in codes if round_ % 2 == 0 else codes[::-1]:
            for case, said in _child(code, url, args.runs, args.only).items():
                seconds[label].setdefault(case, []).extend(said["seconds"])
                answers[label][case] = said["answer"]
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'case':<64} {'before':>8} {'after':>8} {'ratio':>7}  same answer")
    differing = []
    for case, before in seconds["before"].items():
        old, new = statistics.median(before), statistics.median(seconds["after"][case])
        same = answers["before"][case] == answers["after"][case]
        differing += [] if same else [case]
        print(f"{case:<64} {old:7.3f}s {new:7.3f}s {new / old:6.2f}x  {'yes' if same else 'NO'}")
    if differing:
        sys.exit(f"different answers: {differing}")


if __name__ == "__main__":
    main()
