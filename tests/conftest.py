"""Fixtures: real PostGIS databases in the project-local cluster the settings name (`make test`'s own, the Makefile's
TEST_CLUSTER: docs/design.md, which cluster the tests use), the app, a live server.

Each test session gets its own databases (named with the process id) so parallel runs
and a developer's `make run` database are never touched.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from live_servers import serving
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from psycopg import sql
from shared_tabs import shared_contexts, tabs
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from api.main import create_app
from geo import migrations
from geo.db import get_engine
from geo.local_cluster import LocalCluster
from geo.sample.load import load_sample
from geo.sample.plans import load_plans
from geo.settings import Settings, get_settings

#: The slowest modules of a CI run (`--durations`, session 59), slowest first. ``--dist loadfile`` hands modules to
#: the workers in the order they are collected: in the alphabet's order the upload page's and the map layout's came
#: last and left one worker running alone for minutes while the others stood idle. Handed out first, the workers end
#: together. A module not listed keeps its order after these; the list needs no care beyond adding a new slow one.
SLOWEST_MODULES = (
    "test_map_export.py",
    "test_map_export_projects.py",
    "test_upload_page.py",
    "test_browser.py",
    "test_map_layout.py",
    "test_cli.py",
    "test_annual_report.py",
    "monitoring/test_report_files.py",
    "monitoring/test_report_words.py",
    "monitoring/test_monitoring_page.py",
    "monitoring/test_plan_tasks.py",
    "test_read_replicas.py",
    "test_cli_ingest.py",
    "test_export.py",
    "test_ingest_projects.py",
    "test_map_background.py",
    "test_page_language.py",
    "test_map_pages.py",
    "test_backup.py",
    "test_uploads.py",
    "test_sample_data.py",
    "reporting/test_accounts_page.py",
    "reporting/test_report_form.py",
    "test_api_schema.py",
    "test_map_now.py",
    "test_environment_loads.py",
    "test_forest_withdrawal.py",
)
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest modules first (SLOWEST_MODULES), each module's tests in their own order."""
    rank = {module: n for n, module in enumerate(SLOWEST_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.relative_to(TESTS).as_posix(), len(rank)))


#: Debian's Chromium built as its headless shell (package chromium-headless-shell, the same Blink as /usr/bin/chromium);
#: Playwright downloads no browser of its own. Chromium 132+ runs `--headless` as the whole browser, heavier for the
#: same pages: test_map_layout and test_browser (108 tests, one process, session 72) took 312 s of the machine's CPU
#: and 194 s wall with /usr/bin/chromium, 222 s and 150 s with the shell. bench/ and looks at pages use the browser.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


#: How often a test's wait for a condition in a page (``page.wait_for_function``) asks again, in ms. Playwright's
#: default asks on every animation frame, which makes Chromium draw 60 frames a second for as long as the wait lasts
#: (seconds, while a loaded server's tiles come): eight of test_map_layout's tests took 46.6 s of CPU (worker and
#: Chromium) asking every frame, 34.9 every 50 ms, 31.4 every 100 ms, the same machine's load.
WAIT_POLLING_MS = 100


def _waits_ask_on_a_timer() -> None:
    """``Page.wait_for_function`` polling every WAIT_POLLING_MS unless a test asks otherwise."""
    asked = Page.wait_for_function

    @functools.wraps(asked)
    def wait_for_function(self, expression, *, arg=None, timeout=None, polling=None):
        polling = WAIT_POLLING_MS if polling is None else polling
        return asked(self, expression, arg=arg, timeout=timeout, polling=polling)

    Page.wait_for_function = wait_for_function


_waits_ask_on_a_timer()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for a worker's session: launched once, not once per module (some 1.2 s of CPU a launch
    and its first page, some 45 modules a run)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def browser(chromium: Browser) -> Iterator[Browser]:
    """The worker's Chromium for the tests of one module; what the module left open is closed after it, so no
    module's pages or cookies reach the next."""
    yield chromium
    for context in chromium.contexts:
        context.close()


@pytest.fixture(scope="module")
def devices(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """One browser context per device, shared by a module's tests (tests/shared_tabs.py), for pages that keep nothing
    in the browser but a login's cookie, cleared after each test."""
    with shared_contexts(browser) as context:
        yield context


@pytest.fixture
def new_tab(devices) -> Iterator[Callable[..., Page]]:
    """A factory of tabs, in the shared context of the device asked for; closed after the test."""
    with tabs(devices) as tab:
        yield tab


@pytest.fixture(scope="session")
def cluster() -> LocalCluster:
    local = LocalCluster.from_settings(get_settings())
    local.ensure_running()
    return local


@pytest.fixture(scope="session")
def make_database(cluster: LocalCluster) -> Iterator:
    """A factory of PostGIS databases, dropped at the end of the session: empty, or a copy of ``template`` (a database
    of this session that nothing is connected to)."""
    created: list[str] = []

    def make(label: str, template: str | None = None) -> str:
        name = f"georeg_test_{label}_{os.getpid()}"
        cluster.drop_database(name)
        if template is None:
            cluster.ensure_database(name)
        else:
            with cluster.connect("postgres") as conn:
                conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(*map(sql.Identifier, (name, template))))
        created.append(name)
        return cluster.url(name)

    yield make
    drop_side_by_side(cluster, created)


def drop_side_by_side(cluster: LocalCluster, names: Iterable[str]) -> None:
    """Drop the databases ``names`` from a few connections at once. Each DROP DATABASE asks for an immediate
    checkpoint and waits on every session of the cluster to let go of its files: one after another, a worker's ~35
    took 19 s at its session's end on a loaded machine (each 0.2–4 s, nearly all waiting); side by side their waits
    overlap and the checkpointer serves the waiting drops with one checkpoint (6 drops: 2 checkpoints, 2.7 s, against
    6 and 6.7 s one by one)."""
    with ThreadPoolExecutor(max_workers=6) as dropping:
        list(dropping.map(cluster.drop_database, names))


def pytest_configure(config: pytest.Config) -> None:
    """The run's label, set by the process that starts the workers (they inherit its environment) or the only one."""
    if not hasattr(config, "workerinput"):
        os.environ[RUN_LABEL] = str(os.getpid())


#: Names what the processes of one run share (the sample template): the id of the process that started them.
RUN_LABEL = "GEOREG_TEST_RUN"


def _run_label() -> str:
    return os.environ[RUN_LABEL]


def _template_name(kind: str) -> str:
    return f"georeg_test_template_{kind}_{_run_label()}"


@pytest.fixture(scope="session")
def make_registry(cluster: LocalCluster, make_database) -> Callable[..., str]:
    """A factory of registry databases: migrated to head, with the sample data loaded if ``sample``, or only the plans
    and agencies if ``plans`` (no units, no projects); returns URLs. Each kind is made once a run, by the registry's
    own migrations and loaders, and copied (CREATE DATABASE … TEMPLATE) for each test module that asks. The workers of
    a run share it: the first to ask makes it under an advisory lock while the others wait (each worker made its
    own before: three migrations and sample loads at the start of every run); the run's end drops it
    (pytest_sessionfinish)."""

    def template(kind: str) -> str:
        name = _template_name(kind)
        with cluster.connect("postgres") as conn:
            conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (name,))
            ready = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') = 'ready' FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not (ready and ready[0]):
                _make_template(cluster, name, kind)
                conn.execute(sql.SQL("COMMENT ON DATABASE {} IS 'ready'").format(sql.Identifier(name)))
        return name

    def make(label: str, *, sample: bool = False, plans: bool = False) -> str:
        return make_database(label, template=template("sample" if sample else "plans" if plans else "bare"))

    return make


def _make_template(cluster: LocalCluster, name: str, kind: str) -> None:
    cluster.drop_database(name)  # a half-made one of a worker that failed
    cluster.ensure_database(name)
    url = cluster.url(name)
    migrations.upgrade(url)
    if kind != "bare":
        engine = create_engine(url)
        with Session(engine) as session, session.begin():
            if kind == "sample":
                load_sample(session, get_settings().data_dir)
            else:
                load_plans(session, get_settings().data_dir / "plans")
        engine.dispose()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run's templates dropped once, by the process that ran the workers (or by the only one)."""
    if hasattr(session.config, "workerinput"):
        return
    try:
        cluster = LocalCluster.from_settings(get_settings())
        with cluster.connect("postgres") as conn:
            names = [
                row[0]
                for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (_template_name("%"),))
            ]
    except Exception:  # no cluster reached (a run that collected nothing needing one): nothing of ours to drop
        return
    drop_side_by_side(cluster, names)


@pytest.fixture
def commands_use(monkeypatch) -> Iterator[Callable[[str], None]]:
    """Point the command line at a database for one test: its settings and its pooled engine (both cached per
    process, so a test before would otherwise leave the command writing into that test's database)."""

    def use(url: str) -> None:
        monkeypatch.setenv("GEOREG_DATABASE_URL", url)
        get_settings.cache_clear()
        get_engine.cache_clear()

    yield use
    get_settings.cache_clear()
    get_engine.cache_clear()


#: A file the system will not open for reading, even for root (a write-only switch of the kernel's), as a file in
#: another user's folder is to an officer.
UNREADABLE = Path("/sys/bus/pci/rescan")


@pytest.fixture
def unreadable_file() -> Path:
    """:data:`UNREADABLE`; the test is skipped where this machine has no such file or lets it be read."""
    try:
        UNREADABLE.open("rb").close()
    except PermissionError:
        return UNREADABLE
    except OSError:
        pass
    pytest.skip(f"{UNREADABLE} is not a file this machine refuses to read")


@pytest.fixture(scope="session")
def sample_url(make_registry) -> str:
    """A database with the sample data, shared by the tests that only read."""
    return make_registry("sample", sample=True)


@pytest.fixture(scope="session")
def sample_engine(sample_url: str) -> Iterator[Engine]:
    engine = create_engine(sample_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sample_settings(sample_url: str) -> Settings:
    return Settings(database_url=sample_url)


@pytest.fixture(scope="session")
def client(sample_settings: Settings) -> TestClient:
    return TestClient(create_app(sample_settings))


@pytest.fixture(scope="session")
def live_server(sample_settings: Settings) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, for the browser tests."""
    with serving(sample_settings) as url:
        yield url
