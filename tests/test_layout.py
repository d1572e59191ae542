"""The folders keep their jobs: the core (geo/) is importable without the web app, the pages or the command line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTER_PACKAGES = {"api", "cli", "maps"}


def _imported_packages(module: Path) -> set[str]:
    tree = ast.parse(module.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_neither_the_app_nor_the_pages_nor_the_command_line() -> None:
    offenders = {
        str(module.relative_to(ROOT)): sorted(_imported_packages(module) & OUTER_PACKAGES)
        for module in (ROOT / "geo").rglob("*.py")
        if _imported_packages(module) & OUTER_PACKAGES
    }
    assert not offenders, f"geo/ must not import api/, cli/ or maps/: {offenders}"


# What api/, cli/ and maps/ may take from SQLAlchemy: sessions and engines to pass on, errors to answer.
SQLALCHEMY_ALLOWED = {"sqlalchemy": {"Engine", "exc"}, "sqlalchemy.orm": {"Session"}, "sqlalchemy.exc": None}
RUNS_SQL = {"execute", "exec_driver_sql", "scalar", "scalars", "query"}


def _sql_of(module: Path) -> list[str]:
    """Where the module builds SQL (imports a statement builder such as ``text`` or ``select``) or runs it
    (``.execute(``, ``.scalar(``, ``.scalars(``, ``.query(``)."""
    found = []
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            allowed = SQLALCHEMY_ALLOWED.get(node.module, set())
            found += [
                f"from {node.module} import {a.name}"
                for a in node.names
                if allowed is not None and a.name not in allowed
            ]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL:
            found.append(f"line {node.lineno}: .{node.func.attr}(")
    return found


def test_the_app_the_pages_and_the_command_line_leave_sql_to_the_core() -> None:
    offenders = {
        str(module.relative_to(ROOT)): _sql_of(module)
        for package in sorted(OUTER_PACKAGES)
        for module in (ROOT / package).rglob("*.py")
        if _sql_of(module)
    }
    assert not offenders, f"SQL belongs in geo/ (or, for a map layer, layers/): {offenders}"


def test_no_router_imports_another_router() -> None:
    """What two routers share lives beside them in api/ (params, auth, errors, tile_responses), so a router can be
    read, moved or dropped alone."""
    routers = ROOT / "api" / "routers"
    offenders = {}
    for module in routers.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("api.routers"):
                offenders.setdefault(module.name, []).append(node.module)
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                offenders.setdefault(module.name, []).append("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                offenders.setdefault(module.name, []).extend(
                    a.name for a in node.names if a.name.startswith("api.routers")
                )
    offenders = {name: found for name, found in offenders.items() if found}
    assert not offenders, f"a router imports another router: {offenders}"


def test_the_app_needs_no_browser() -> None:
    """Production installs no browser (Dockerfile, the runtime dependencies): only tests may drive Chromium."""
    offenders = sorted(
        str(module.relative_to(ROOT))
        for package in ("geo", "api", "cli", "layers", "maps")
        for module in (ROOT / package).rglob("*.py")
        if "playwright" in _imported_packages(module)
    )
    assert not offenders, f"these need playwright and Chromium, which production does not have: {offenders}"


def test_the_registrys_today_is_vietnams_not_the_servers() -> None:
    """A server on UTC has yesterday's date until 07:00 in Vietnam: a report "today" on one page was tomorrow on the
    next, and on 1 January the new year's values were refused. Every today is geo.vietnam_day's."""
    from datetime import UTC, datetime

    from geo.vietnam_day import vietnam_today

    assert vietnam_today(datetime(2026, 12, 2, 20, 30, tzinfo=UTC)).isoformat() == "2026-12-03"
    assert vietnam_today(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)).isoformat() == "2026-12-31"
    assert vietnam_today(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)).isoformat() == "2027-01-01"
    servers_day = [
        str(module.relative_to(ROOT))
        for folder in ("geo", "api", "maps", "cli", "layers")
        for module in (ROOT / folder).rglob("*.py")
        if "date.today()" in module.read_text() or "datetime.now().date()" in module.read_text()
    ]
    assert not servers_day, f"the server's day, not Vietnam's: {servers_day}"


def test_a_moment_is_dated_by_its_day_in_vietnam() -> None:
    """geo.vi_format.local_date given a moment of 23:30 UTC wrote that UTC day; in Vietnam it is 06:30 the next
    morning, the day every page and report dates it by (a date, or a moment without a zone, is written as it is)."""
    from datetime import UTC, date, datetime

    from geo.vi_format import local_date, local_moment

    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert (local_date(late, "vi"), local_date(late, "en")) == ("01/01/2027", "1 Jan 2027")
    assert local_date("2026-12-31T23:30:00+00:00", "vi") == "01/01/2027" == local_moment(late, "vi")[-10:]
    assert local_date(date(2026, 12, 31), "vi") == "31/12/2026" == local_date(datetime(2026, 12, 31, 23, 30), "vi")
