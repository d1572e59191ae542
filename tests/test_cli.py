"""The georeg command line."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import typer.main
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from cli.main import app
from geo import migrations
from geo.db import get_engine
from geo.schema_version import shipped_heads
from geo.settings import get_settings

runner = CliRunner()


def test_db_up_starts_the_local_cluster_and_prints_its_url(cluster):
    result = runner.invoke(app, ["db", "up"])
    assert result.exit_code == 0, result.output
    assert get_settings().local_database_url in result.output
    assert cluster.is_running()


def test_db_up_on_a_port_another_server_holds_says_so_and_creates_nothing(tmp_path, commands_use, monkeypatch):
    """A failed test run of another checkout left its cluster on the default port: `db up` here waited for pg_ctl's
    timeout and said only that the server could not start."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        commands_use("")
        monkeypatch.setenv("GEOREG_LOCAL_DB_DIR", str(tmp_path / "pgdata"))
        monkeypatch.setenv("GEOREG_LOCAL_DB_PORT", str(port))
        result = runner.invoke(app, ["db", "up"])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and f"port {port} on 127.0.0.1 is already in use" in said, said
    assert "GEOREG_LOCAL_DB_PORT" in said and not (tmp_path / "pgdata").exists()
    down = runner.invoke(app, ["db", "down"])
    assert down.exit_code == 0 and "was not running" in " ".join(down.output.split())


def test_db_up_on_another_port_than_its_cluster_was_made_for_says_so_and_starts_nothing(
    cluster, commands_use, monkeypatch
):
    """`georeg db up` with a GEOREG_LOCAL_DB_PORT other than the one the cluster in GEOREG_LOCAL_DB_DIR was made for
    started it on its own port (or found it running there), then failed to connect on the other with a traceback of
    psycopg's "connection refused"; `load-sample` the same. Said before anything starts, in --lang (both without)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    commands_use("")
    monkeypatch.setenv("GEOREG_LOCAL_DB_DIR", str(cluster.data_dir))
    monkeypatch.setenv("GEOREG_LOCAL_DB_PORT", str(port))
    made, other = f"was made for port {cluster.port}, not port {port}", f"cổng {cluster.port}, không phải cổng {port}"
    asked = [(["db", "up", "--lang", "en"], [made], [other]), (["load-sample"], [other, made], [])]
    for command, said, unsaid in asked:
        result = runner.invoke(app, command)
        output = " ".join(result.output.split())
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (command, output)
        assert all(words in output for words in said) and not any(words in output for words in unsaid), output
    assert f"the local cluster in {cluster.data_dir} {made} (GEOREG_LOCAL_DB_PORT; 54329 when not set)" in output
    assert f"set GEOREG_LOCAL_DB_PORT={cluster.port}" in output and "choose another GEOREG_LOCAL_DB_DIR" in output
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing started on the port asked
    assert cluster.is_running()


def test_db_up_starts_the_local_cluster_that_georeg_database_url_names_and_nothing_for_another_server(
    tmp_path, commands_use, monkeypatch
):
    """A trial set GEOREG_DATABASE_URL to its own local cluster, as the guides show: `db up` said the URL was set and
    started nothing, while `db down` stopped that cluster.

    The same cluster, started with GEOREG_LOCAL_DB_FSYNC=false as the test suite's is, runs without fsync (the
    suite's DROP DATABASEs' checkpoints were 20 s of a CI run's end) and `db up` says so; started again without the
    setting, it is durable (the setting is given at start, not written into the cluster's configuration)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("GEOREG_LOCAL_DB_DIR", str(tmp_path / "pgdata"))
    monkeypatch.setenv("GEOREG_LOCAL_DB_PORT", str(port))
    commands_use(f"postgresql+psycopg://georeg@127.0.0.1:{port + 1}/elsewhere")
    other = runner.invoke(app, ["db", "up"])
    assert other.exit_code == 0 and "points at another server, nothing started" in " ".join(other.output.split())
    assert not (tmp_path / "pgdata").exists()
    url = f"postgresql+psycopg://georeg@localhost:{port}/trial"
    commands_use(url)
    monkeypatch.setenv("GEOREG_LOCAL_DB_FSYNC", "false")
    up = runner.invoke(app, ["db", "up"])
    try:
        assert up.exit_code == 0 and url in up.output, up.output
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT postgis_version()"))  # the URL's database, with PostGIS
        engine.dispose()
        assert _durability(port) == ("off", "off") and _said_without_fsync(up.output) == (True, False), up.output
        monkeypatch.setenv("GEOREG_LOCAL_DB_FSYNC", "true")
        commands_use(url)
        still = runner.invoke(app, ["db", "up"])  # running as it was started: said, with how to make it durable
        assert _durability(port) == ("off", "off") and _said_without_fsync(still.output) == (True, True), still.output
        runner.invoke(app, ["db", "down"])
        again = runner.invoke(app, ["db", "up"])
        assert _durability(port) == ("on", "on") and _said_without_fsync(again.output) == (False, False), again.output
    finally:
        down = runner.invoke(app, ["db", "down"])
    assert "stopped the local cluster" in " ".join(down.output.split()), down.output


def _durability(port: int) -> tuple[str, str]:
    """The fsync and full_page_writes of the server on ``port``."""
    with psycopg.connect(host="127.0.0.1", port=port, user="georeg", dbname="postgres") as conn:
        return tuple(conn.execute(f"SHOW {name}").fetchone()[0] for name in ("fsync", "full_page_writes"))


def _said_without_fsync(output: str) -> tuple[bool, bool]:
    """Whether `db up` said, in both languages, that its cluster runs without fsync; and how to make it durable."""
    said = " ".join(output.split())
    without = "chạy không có fsync" in said and "runs without fsync (GEOREG_LOCAL_DB_FSYNC=false)" in said
    return without, "ghi bền vững trở lại" in said and "to make it durable again: georeg db down" in said


def test_db_up_and_down_never_print_the_database_password(tmp_path, commands_use, monkeypatch):
    """With the URL of deployment.md's .env, `db up` printed it whole, password included (trial 55)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("GEOREG_LOCAL_DB_DIR", str(tmp_path / "pgdata"))
    monkeypatch.setenv("GEOREG_LOCAL_DB_PORT", str(port))
    commands_use(f"postgresql+psycopg://georeg:Sup3rS3cret-PW@127.0.0.1:{port + 1}/georeg")
    for command in (["db", "up"], ["db", "down"]):
        said = runner.invoke(app, command).output
        assert "Sup3rS3cret" not in said and f"georeg:***@127.0.0.1:{port + 1}/georeg" in said, said


def test_commands_stop_on_a_schema_behind_the_code_and_write_nothing(make_database, commands_use):
    """`account create`, `token create` and `agency list` ran against a schema one migration behind (trial 55)."""
    url = make_database("cli_behind")
    migrations.upgrade(url)
    migrations.downgrade(url, "-1")
    commands_use(url)
    for command in (
        ["account", "create", "upg.admin", "--role", "admin"],
        ["token", "create", "upg.admin"],
        ["agency", "list"],
    ):
        result = runner.invoke(app, command)
        said = " ".join(result.output.split())
        assert result.exit_code == 1 and "the administrator should run: georeg db migrate" in said, (command, said)
    with create_engine(url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM account")).scalar_one() == 0
        one_behind = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert runner.invoke(app, ["db", "migrate"]).exit_code == 0
    assert runner.invoke(app, ["account", "create", "upg.admin", "--role", "admin"]).exit_code == 0
    # Asked for the revision it has passed, migrate said "schema at 0051" of a database at 0052 (trial s70).
    back = runner.invoke(app, ["db", "migrate", one_behind, "--lang", "en"])
    (head,) = shipped_heads()
    said = " ".join(back.output.split())
    assert back.exit_code == 1 and f"already at {head}, after {one_behind}" in said, said
    assert "schema at" not in said


def test_the_schema_check_before_each_command_reads_the_migrations_without_alembic(make_database):
    """Every command asks first whether the database's schema is this code's: Alembic's import and its reading of the
    migration scripts took 0.3 s of CPU of each command's start (0.1 s of a load's). The check now reads the scripts'
    ids as text, and finds the same heads as Alembic."""
    from alembic.script import ScriptDirectory

    alembic_heads = ScriptDirectory.from_config(migrations.alembic_config("postgresql://")).get_heads()
    assert shipped_heads() == frozenset(alembic_heads)
    url = make_database("cli_schema_check")
    migrations.upgrade(url)
    asked = "import sys; from cli.main import _schema; print(_schema(), 'alembic' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", asked], env=os.environ | {"GEOREG_DATABASE_URL": url}, capture_output=True, text=True
    )
    assert done.stdout.split() == ["current", "False"], done.stdout + done.stderr
    migrations.downgrade(url, "-1")
    done = subprocess.run(
        [sys.executable, "-c", asked], env=os.environ | {"GEOREG_DATABASE_URL": url}, capture_output=True, text=True
    )
    assert done.stdout.split() == ["behind", "False"], done.stdout + done.stderr


def test_a_load_imports_no_library_it_does_not_use(sample_url):
    """What a 100,000-project load costs before its first write is mostly imports: Alembic (the schema check), pandas,
    geopandas and pyarrow (pyogrio's data-frame and Arrow functions) and typer's help printer are not used by a load,
    and are not imported."""
    projects = get_settings().data_dir / "projects.geojson"
    imported = (
        "import atexit, sys; atexit.register(lambda: print('imported:', *sorted({'alembic', 'pandas', 'geopandas', "
        "'pyarrow', 'typer.rich_utils'} & set(sys.modules)))); from cli.main import main; main()"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            imported,
            "ingest",
            str(projects),
            "--into",
            "projects",
            "--mode",
            "upsert",
            "--dry-run",
        ],
        env=os.environ | {"GEOREG_DATABASE_URL": sample_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "imported:", done.stdout[-2000:]


#: What a GeoPackage export and the help do not use: the ORM models and GeoAlchemy (0.3 s of CPU of the export's
#: start: it reads SQL only), rasterio (0.06 s), the migrations, the pages' and maps' libraries; the help, no data
#: library at all.
NOT_FOR_AN_EXPORT = ("geo.models", "geoalchemy2", "rasterio", "alembic", "openpyxl", "fastapi", "folium", "matplotlib")
NOT_FOR_THE_HELP = (*NOT_FOR_AN_EXPORT, "sqlalchemy", "psycopg", "pandas", "geopandas", "pyogrio", "shapely", "pyproj")


EXPORT = ["export", "projects", "--unit", "851", "--format", "gpkg", "--out", "{folder}/projects.gpkg"]


def _said_at_exit(command: list[str], at_exit: str, url: str, folder: Path) -> str:
    """The last line ``georeg command`` prints, run in a process of its own: what the Python expression ``at_exit``
    (of ``sys`` and ``gc``) is worth when the process ends."""
    run = (
        f"import atexit, gc, sys; atexit.register(lambda: print('at exit:', {at_exit})); "
        "from cli.main import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", run, *(part.format(folder=folder) for part in command)],
        env=os.environ | {"GEOREG_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout.splitlines()[-1]


def test_an_export_imports_no_library_it_does_not_use_and_keeps_its_imports_out_of_the_collectors_walks(
    sample_url, tmp_path
):
    """GIS staff run ``georeg export`` in loops over provinces: each start imported the ORM models and GeoAlchemy
    (through the SQL of the agencies, the provinces' codes, the unit codes, the status history) and rasterio (through
    the salinity layer's SQL), none of which a file of the registry's rows needs. And, as a load does (cli.ingest),
    the collector walked the 120,000 objects of pandas, SQLAlchemy and the registry's modules in each collection
    while the export ran and once more at exit: 0.35–0.4 s of the 1.5 s of CPU it took. One export run for both."""
    imported = f"gc.get_freeze_count(), *sorted(m for m in {NOT_FOR_AN_EXPORT!r} if m in sys.modules)"
    frozen, *unused = _said_at_exit(EXPORT, imported, sample_url, tmp_path).split()[2:]
    assert unused == [] and int(frozen) > 100_000, (frozen, unused)


def test_the_help_imports_no_library_it_does_not_use(sample_url, tmp_path):
    """``georeg --help`` imports no data library at all."""
    imported = f"*sorted(m for m in {NOT_FOR_THE_HELP!r} if m in sys.modules)"
    assert _said_at_exit(["--help"], imported, sample_url, tmp_path) == "at exit:"


def test_help_lists_the_commands_and_says_its_own_words_in_both_languages():
    result = runner.invoke(app, ["--help"])
    for command in ("db", "load-sample", "serve"):
        assert command in result.output
    flat = " ".join(runner.invoke(app, ["ingest", "--help"]).output.replace("│", " ").split())
    assert "Cách dùng · Usage: " in flat and " ingest [OPTIONS]" in flat
    assert "Hiện trợ giúp này rồi thoát · Show this message and exit." in flat
    completion = " ".join(result.output.replace("│", " ").split())
    assert "Cài tự hoàn thành lệnh cho shell đang dùng · Install completion" in completion


def _commands(command: Any, path: tuple[str, ...] = ("georeg",)) -> Iterator[tuple[str, Any]]:
    """Every command of the command line, groups and subcommands, by the words that call it."""
    yield " ".join(path), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def _said_in_vietnamese_first(help_text: str | None) -> bool:
    """Whether a help text is the command line's "Vietnamese · English": a part before " · " with a letter only
    Vietnamese writes (a diacritic, or đ), so that "days · until it expires" would not pass, in NFC."""
    vietnamese = (help_text or "").split(" · ")[0] if " · " in (help_text or "") else ""
    letters = unicodedata.normalize("NFD", vietnamese.lower())
    marked = any(unicodedata.combining(c) for c in letters) or "đ" in letters
    return marked and unicodedata.is_normalized("NFC", help_text)


def test_every_commands_help_and_every_options_help_is_in_vietnamese_then_english():
    """A GIS officer read `georeg account create --help` and `georeg token create --help` in English only (trial
    66): every command's help, and every option's and argument's, says it in Vietnamese first."""
    english_only = []
    for path, command in _commands(typer.main.get_command(app)):
        if not _said_in_vietnamese_first(command.help):
            english_only.append(f"{path}: {command.help!r}")
        for parameter in command.params:
            if not getattr(parameter, "hidden", False) and not _said_in_vietnamese_first(parameter.help):
                english_only.append(f"{path} {parameter.opts[0]}: {parameter.help!r}")
    assert not english_only, "\n".join(english_only)


def _broken_paragraphs(help_output: str) -> list[str]:
    """The lines of a --help printed wider than any paragraph that carry on the line before: a paragraph of the help
    (two lines of text with no blank line between) or a panel's row (a line of it whose first column is blank)."""
    broken, before = [], ""
    for line in help_output.splitlines():
        line = line.rstrip()
        in_panel = line.startswith("│")
        if (in_panel and not re.match(r"│ {1,5}\S", line)) or (not in_panel and line.strip() and before.strip()):
            broken.append(line.strip())
        before = "" if line.startswith(("╭", "╰", " Cách dùng")) or in_panel else line
    return broken


def test_every_commands_help_keeps_each_paragraph_whole():
    """`georeg db up --help` broke its sentences where the docstring's lines end ("… pointing at another" / "server,
    nothing is started …"): typer's rich help keeps a paragraph's line breaks, and each was printed as a line of its
    own, in a command's help and in its group's list. Printed wider than any paragraph, no line carries on another."""
    broken = {}
    for path, _ in _commands(typer.main.get_command(app)):
        printed = runner.invoke(app, [*path.split()[1:], "--help"], env={"COLUMNS": "1000"}, prog_name="georeg")
        assert printed.exit_code == 0, (path, printed.output)
        if lines := _broken_paragraphs(printed.output):
            broken[path] = lines
    assert not broken, "\n".join(f"{path}: {lines}" for path, lines in broken.items())


def test_load_sample_without_the_sample_data_says_where_to_find_them(
    make_registry, tmp_path, monkeypatch, commands_use
):
    monkeypatch.setenv("GEOREG_DATA_DIR", str(tmp_path))
    commands_use(make_registry("cli_no_sample"))
    result = runner.invoke(app, ["load-sample"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output  # not a traceback
    output = "".join(result.output.split())
    assert "notfound" in output and "GEOREG_DATA_DIRtoacheckout'sdata/folder" in output
    assert "".join(str(tmp_path / "boundaries").split()) in output


def test_load_sample_into_a_local_database_not_made_yet_makes_it_and_brings_its_schema_up_to_date_first(
    cluster, commands_use, monkeypatch
):
    """`GEOREG_LOCAL_DB_NAME=mine georeg load-sample` said 'database "mine" does not exist'; and a new user's
    `georeg db up` then `georeg load-sample` (no `db migrate` between) printed a traceback ("relation admin_unit does
    not exist"). The database made here has no schema yet: the one load checks both (a database named by
    GEOREG_DATABASE_URL is migrated by the same step, cli.main.load_sample_command)."""
    name = f"georeg_cli_made_{os.getpid()}"
    commands_use("")  # no GEOREG_DATABASE_URL: the project-local cluster
    monkeypatch.setenv("GEOREG_LOCAL_DB_NAME", name)
    try:
        result = runner.invoke(app, ["load-sample"])
        assert result.exit_code == 0, result.output
        assert "dự án · projects" in result.output and "vùng mặn · salinity zones" in result.output  # each row in both
        with create_engine(cluster.url(name)).connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM project")).scalar_one() > 0
    finally:
        get_engine.cache_clear()
        cluster.drop_database(name)


#: What an office loading the sample's units alone must not find afterwards: the sample's projects, plans, salinity,
#: and anything marked demonstration (trial 71: its provinces' figures read "(minh họa)").
NOT_THE_UNITS = {
    "projects": "SELECT count(*) FROM project",
    "status reports": "SELECT count(*) FROM status_event",
    "plans": "SELECT count(*) FROM plan",
    "salinity zones": "SELECT count(*) FROM salinity_zone",
    "demonstration data": "SELECT (SELECT count(*) FROM status_event WHERE is_demo) + (SELECT count(*) FROM "
    "indicator_value WHERE is_demo) + (SELECT count(*) FROM raster_dataset WHERE is_demo)",
}


def test_load_sample_only_units_loads_the_units_and_crosswalk_and_nothing_of_the_demonstration(
    make_registry, commands_use
):
    """Trial 71: an office loaded the sample for its administrative units and got 36 projects with demonstration
    statuses. ``--only units`` loads the units of both schemes and their crosswalk, and nothing else."""
    url = make_registry("cli_units_only")
    commands_use(url)
    result = runner.invoke(app, ["load-sample", "--only", "units", "--lang", "en"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "admin units" in said and "old–new unit pairs" in said and "salinity zones" not in said, said
    with create_engine(url).connect() as connection:
        schemes = connection.execute(text("SELECT scheme, count(*) FROM admin_unit GROUP BY scheme")).all()
        assert {scheme for scheme, count in schemes if count} == {"pre2025", "2025"}
        assert connection.execute(text("SELECT count(*) FROM unit_crosswalk")).scalar_one() > 0
        left = {what: connection.execute(text(query)).scalar_one() for what, query in NOT_THE_UNITS.items()}
    assert left == dict.fromkeys(NOT_THE_UNITS, 0)


def test_usage_errors_are_said_in_vietnamese_then_english(tmp_path):
    """An officer's mistyped command is told what is wrong in both languages, with where the help is."""
    cases = {
        ("ingest",): ["Thiếu đối số 'path'.", "Missing argument 'path'."],
        ("ingest", "x.gpkg", "--inta", "projects"): ["Không có tùy chọn --inta (có thể là: --into", "--inta"],
        ("nosuch",): ["Không có lệnh 'nosuch'.", "No such command 'nosuch'."],
        ("exprt",): ["Không có lệnh 'exprt' (có thể là: 'export'", "No such command 'exprt'. Did you mean 'export'"],
        ("ingest", str(tmp_path / "none.gpkg")): ["không có tệp", "does not exist"],
        ("export", "projects", "--format", "gpkg"): ["Thiếu tùy chọn '--out'.", "Missing option '--out'."],
        ("ingest", str(tmp_path), "--into", "nowhere"): ["'nowhere' không phải một trong 'projects'", "is not one of"],
        ("ingest", str(tmp_path), "--mode", "upsrt"): ["Invalid value for '--mode': 'upsrt' is not one of 'append'"],
        ("ingest", str(tmp_path), "--year", "2O25"): ["Giá trị không hợp lệ cho '--year': cần một số nguyên."],
        ("map", "export", "-o", "x.pdf", "--as-of", "31/02/2025"): ["'31/02/2025' không đúng dạng '%d/%m/%Y',"],
        ("map", "export", "-o", "x.pdf", "--lang", "fr"): ["'--lang': 'fr' không phải một trong 'vi', 'en'."],
    }
    for args, expected in cases.items():
        result = runner.invoke(app, list(args), prog_name="georeg")
        assert result.exit_code == 2, (args, result.output)
        output = " ".join(result.output.replace("│", " ").split())
        for words in expected:
            assert words in output, (args, output)
        assert "Cách dùng · Usage: georeg" in output and "Trợ giúp · Help: georeg" in output, output
        assert output.count("Cách dùng · Usage:") == 1, output  # the usage line said once


#: Usage errors of command lines asking for a language, with what each says in it and what it does not say.
ASKING = [
    (["map", "export", "--lang", "en"], "Missing option '--out'", "Thiếu tùy chọn"),
    (["map", "export", "-o", "x.pdf", "--lang=en", "--nope"], "No such option: --nope", "Không có tùy chọn"),
    (["nosuch", "--lang", "en"], "No such command 'nosuch'.", "Không có lệnh"),
    (["exprt", "--lang", "en"], "No such command 'exprt'. Did you mean 'export'", "Không có lệnh"),
    (["report", "annual", "--year", "2025", "--out", "r.xlsx", "--lang", "en"], "Missing option '--plan'", "Thiếu"),
    (["map", "export", "--lang", "vi"], "Thiếu tùy chọn '--out'", "Missing option"),
    (["exprt", "--lang", "vi"], "Không có lệnh 'exprt' (có thể là: 'export'", "No such command"),
    (["ingest", "x.gpkg", "--year", "2O25", "--lang", "vi"], "cho '--year': cần một số nguyên.", "Invalid value"),
    (["ingest", "x.gpkg", "--lang", "en", "--inta", "projects"], "No such option: --inta", "Không có tùy chọn"),
]
USAGE_WORDS = {"en": ("Usage: georeg", "Help: georeg", "Error"), "vi": ("Cách dùng: georeg", "Trợ giúp: georeg", "Lỗi")}


def test_usage_errors_are_said_in_the_language_the_command_line_asks_for():
    """`georeg map export --lang en` without --out was told "Thiếu tùy chọn" first, and `--lang vi` the English
    under it: typer's usage errors arise before --lang is read. Read from the command line first, it says them in its
    language alone (Vietnamese then English only when it asks for neither)."""
    for args, said, unsaid in ASKING:
        lang = "en" if "en" in args or "--lang=en" in args else "vi"
        result = runner.invoke(app, args, prog_name="georeg")
        output = " ".join(result.output.replace("│", " ").split())
        assert result.exit_code == 2 and said in output and unsaid not in output, (args, output)
        assert all(words in output for words in USAGE_WORDS[lang]) and " · " not in output, (args, output)


def test_a_usage_error_of_an_unknown_form_is_printed_as_typer_says_it():
    from cli.typer_words import in_vietnamese

    assert in_vietnamese("Invalid value for '--year': something typer may say one day") is None
    assert in_vietnamese("Invalid value for '--lang': Value error, 'fr' is not one of 'vi', 'en'.") == (
        "Giá trị không hợp lệ cho '--lang': 'fr' không phải một trong 'vi', 'en'."
    )


#: The ingest's libraries: a command that cannot reach its database said so after importing them (asking whether a
#: restore runs imported geo.backup, and with it the uploads' module), two seconds of CPU of a one-line answer.
NOT_TO_SAY_SO = ("pandas", "geopandas", "pyogrio", "pyarrow", "rasterio", "geo.ingest.uploads")


def test_a_database_that_is_not_there_is_said_in_a_few_lines_with_what_to_do(cluster):
    """Pointed at a database not created yet, every command answered with a traceback of hundreds of lines: the
    command says why it cannot connect and how to mend it, and exits 1, without importing the ingest to say so."""
    import subprocess
    import sys

    missing = get_settings().local_database_url.rsplit("/", 1)[0] + "/georeg_never_created"
    environment = os.environ | {"GEOREG_DATABASE_URL": missing, "COLUMNS": "200"}
    imported = (  # said last, on a line of its own
        f"import atexit, sys; atexit.register(lambda: print('imported:', *[m for m in {NOT_TO_SAY_SO!r} "
        "if m in sys.modules], file=sys.stderr)); from cli.main import main; main()"
    )
    started = [  # side by side: each is mostly its imports
        subprocess.Popen(
            [sys.executable, "-c", imported, *command],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in (["load-sample"], ["project", "shares"])
    ]
    for command in started:
        *said, imports = "".join(command.communicate(timeout=120)).splitlines()
        said = "\n".join(said)
        assert command.returncode == 1 and "Traceback" not in said and len(said.splitlines()) <= 6, said
        assert 'database "georeg_never_created" does not exist' in said
        assert "Cannot connect to the database" in said and "createdb" in said
        assert imports == "imported:", (command.args[3:], imports)


def test_a_database_never_migrated_is_said_in_a_few_lines_with_what_to_do(make_database):
    """A command run before `georeg db migrate` answered with a traceback of hundreds of lines ending in
    'relation "ingest_job" does not exist': it says that the database needs migrating, and exits 1."""
    import subprocess
    import sys

    url = make_database("cli_never_migrated")
    projects = get_settings().data_dir / "projects.geojson"
    done = subprocess.run(
        [sys.executable, "-c", "from cli.main import main; main()", "ingest", str(projects), "--into", "projects"],
        env=os.environ | {"GEOREG_DATABASE_URL": url, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in said and len(said.splitlines()) <= 3, said
    assert "georeg db migrate" in said and "brought up to date" in said


def _started_serve(url: str, *options: str) -> tuple[subprocess.Popen, int]:
    """`georeg serve` started with ``options`` on a free port, and the port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = os.environ | {"GEOREG_DATABASE_URL": url}
    command = [str(Path(sys.executable).parent / "georeg"), "serve", "--port", str(port), *options]
    return subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), port


def _served_hsts(port: int) -> str | None:
    """The HSTS header of the answer of the server on ``port`` (once it answers) to a request from 127.0.0.1 saying
    it came to the proxy over https."""
    deadline = time.monotonic() + 120  # two starting side by side on a loaded machine
    while True:
        try:
            answer = httpx.get(f"http://127.0.0.1:{port}/health", headers={"X-Forwarded-Proto": "https"})
            return answer.headers.get("Strict-Transport-Security")
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise AssertionError("georeg serve did not answer") from None
            time.sleep(0.1)


def test_serve_trusts_the_proxy_it_is_told_to_and_no_other(sample_url):
    """security.md told administrators to give uvicorn --proxy-headers, which `georeg serve` did not take. A proxy on
    another machine is named with --forwarded-allow-ips; then a client on this one cannot claim https."""
    servers = [  # side by side: each takes seconds to start, mostly its imports
        _started_serve(sample_url, "--forwarded-allow-ips", "10.9.9.9"),
        _started_serve(sample_url, "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1"),
    ]
    try:
        elsewhere, here = (_served_hsts(port) for _, port in servers)
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=20)
    assert elsewhere is None
    assert here.startswith("max-age=")


def _told(output: str, said: list[str], unsaid: list[str]) -> bool:
    """Whether ``output`` says each of ``said``, in that order and each on a line of its own, and none of ``unsaid``."""
    lines = [" ".join(line.split()) for line in output.splitlines()]
    found = [next((i for i, line in enumerate(lines) if words in line), -1) for words in said]
    in_order = -1 not in found and found == sorted(found) and len(set(found)) == len(found)
    return in_order and not any(words in output for words in unsaid)


def test_db_down_migrate_load_sample_and_serve_say_everything_in_the_language_asked(
    cluster, make_registry, commands_use, monkeypatch, tmp_path
):
    """`georeg db down`, `db migrate`, `load-sample` and `serve` took no --lang and said everything in both languages
    (and serve, on a port taken, uvicorn's English log line, then exit code 0): each says it in the language asked,
    Vietnamese then English on a line each without one."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("GEOREG_LOCAL_DB_DIR", str(tmp_path / "pgdata"))
    monkeypatch.setenv("GEOREG_LOCAL_DB_PORT", str(port))
    commands_use(f"postgresql+psycopg://georeg@127.0.0.1:{port + 1}/georeg")
    down = {"vi": ["không chạy", "máy chủ khác, không đụng tới"], "en": ["was not running", "not touched"]}
    cases = [(["db", "down"], down, 0)]
    registry = make_registry("cli_lang")
    (head,) = shipped_heads()  # the revision the database is at, not the one asked for ("heads")
    migrate = {"vi": [f"lược đồ ở {head}"], "en": [f"schema at {head}"]}
    missing = {"vi": ["Chưa nạp dữ liệu mẫu", "Dữ liệu mẫu đi kèm"], "en": ["Sample data not loaded", "come with"]}
    taken = {"vi": [f"cổng {cluster.port}: cổng đã có"], "en": [f"port {cluster.port}: another program holds"]}
    serve = ["serve", "--port", str(cluster.port)]
    cases += [(["db", "migrate"], migrate, 0), (["load-sample"], missing, 1), (serve, taken, 1)]
    for command, words, code in cases:
        if command[0] != "db" or command[1] != "down":
            commands_use(registry)
            monkeypatch.setenv("GEOREG_DATA_DIR", str(tmp_path))
        for lang, other in (("vi", "en"), ("en", "vi")):
            said = runner.invoke(app, [*command, "--lang", lang])
            assert said.exit_code == code and _told(said.output, words[lang], words[other]), (command, said.output)
        both = runner.invoke(app, command)
        said = [words["vi"][0], words["en"][0]]
        assert both.exit_code == code and _told(both.output, said, []), (command, both.output)


def _main_says(argv: list[str], monkeypatch, capsys) -> str:
    """What ``georeg`` (cli.main.main, as the installed command runs it) says for ``argv``, exiting with 1."""
    from cli.main import main

    monkeypatch.setattr(sys, "argv", ["georeg", *argv])
    with pytest.raises(SystemExit) as ended:
        main()
    said = capsys.readouterr()
    assert ended.value.code == 1, said
    return said.out + said.err


def test_what_any_command_is_told_of_its_database_is_said_in_the_language_asked(
    cluster, make_database, commands_use, monkeypatch, capsys
):
    """Whatever the command line's --lang, `georeg` said a database it could not reach, a restore running into it
    and a schema behind the code in both languages: it says them in the language asked, both (a line each) without
    one."""
    from geo.backup import RESTORE_RUNNING
    from geo.schema_version import SCHEMA_BEHIND

    unreachable = {
        "vi": ["Không kết nối được cơ sở dữ liệu:", "hoặc sửa GEOREG_DATABASE_URL"],
        "en": ["Cannot connect to the database:", "or correct GEOREG_DATABASE_URL"],
    }
    url = make_database("cli_lang_told")  # never migrated: a command's first query fails, and a restore is said
    cases = [
        (cluster.url("georeg_never_created"), ["db", "migrate"], unreachable),
        (url, ["project", "shares"], {lang: [RESTORE_RUNNING.text(lang)] for lang in ("vi", "en")}),
        (url, ["project", "shares"], {lang: [SCHEMA_BEHIND.text(lang)] for lang in ("vi", "en")}),
    ]
    restoring = psycopg.connect(url.replace("+psycopg", ""), application_name="pg_restore")  # as db restore's
    for url, command, words in cases:
        if words["vi"][0] == SCHEMA_BEHIND.vi:  # the restore ended, leaving a schema of a migration long past
            restoring.close()
            with create_engine(url).begin() as connection:
                connection.execute(text("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)"))
                connection.execute(text("INSERT INTO alembic_version VALUES ('0001')"))
        commands_use(url)
        for lang, other in (("vi", "en"), ("en", "vi")):
            said = _main_says([*command, "--lang", lang], monkeypatch, capsys)
            assert _told(said, words[lang], words[other]) and "Traceback" not in said, (command, said)
        said = _main_says(command, monkeypatch, capsys)
        assert _told(said, [words["vi"][0], words["en"][0]], []), (command, said)


def test_a_statement_the_database_stops_is_not_said_as_a_database_out_of_reach(
    make_registry, commands_use, monkeypatch, capsys
):
    """A load's statement cancelled by an administrator (pg_cancel_backend) was said as "Cannot connect to the
    database … correct GEOREG_DATABASE_URL": a statement stopped by the server (here a lock wait past its timeout,
    the share queue locked by another session) is said as such, with the server's reason, and no advice on the URL."""
    url = make_registry("cli_stopped_statement")
    commands_use(url)
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=200")
    with psycopg.connect(url.replace("+psycopg", "")) as other:
        other.execute("LOCK TABLE project_share_queue IN ACCESS EXCLUSIVE MODE")
        said = _main_says(["project", "shares", "--lang", "en"], monkeypatch, capsys)
    assert "The database stopped the command (the connection is fine): canceling statement due to lock timeout" in said
    assert "Cannot connect" not in said and "GEOREG_DATABASE_URL" not in said and "Traceback" not in said, said


def test_georeg_settings_says_what_each_setting_is_for_which_folders_registries_share_and_hides_secrets(
    tmp_path, monkeypatch, commands_use
):
    """`georeg settings` printed raw values: an administrator could not tell GEOREG_CONTEXT_DIR from GEOREG_DATA_DIR,
    nor that a test registry on another database writes its photos and rasters into the office's folders; and a
    password given as the URL's sslpassword parameter was printed as typed."""
    from geo.settings import Settings

    monkeypatch.chdir(tmp_path)
    for name in ("PHOTO_DIR", "RASTER_DIR", "UPLOAD_DIR"):
        monkeypatch.delenv(f"GEOREG_{name}", raising=False)
    commands_use("postgresql+psycopg://georeg:pw-1@127.0.0.1:5432/georeg?sslmode=require&sslpassword=key-pw-2")
    vi = runner.invoke(app, ["settings", "--lang", "vi"])
    assert vi.exit_code == 0, vi.output
    lines = vi.output.splitlines()
    meanings = {line.split("=")[0]: lines[i + 1].strip() for i, line in enumerate(lines) if line.startswith("GEOREG_")}
    assert set(meanings) == {f"GEOREG_{name.upper()}" for name in Settings.model_fields}, meanings
    assert all(meaning and "=" not in meaning for meaning in meanings.values()), meanings
    shared = "dùng chung cho mọi sổ đăng ký chạy từ mã này (cơ sở dữ liệu khác) nếu không đặt riêng"
    assert meanings["GEOREG_PHOTO_DIR"] == f"ảnh của các báo cáo hiện trường; {shared}", meanings
    assert meanings["GEOREG_RASTER_DIR"].endswith(shared), meanings
    assert "một thư mục cho mỗi cơ sở dữ liệu" in meanings["GEOREG_UPLOAD_DIR"], meanings
    assert "pw-1" not in vi.output and "key-pw-2" not in vi.output, vi.output
    assert "sslmode=require&sslpassword=***" in vi.output, vi.output
    en = runner.invoke(app, ["settings", "--lang", "en"]).output
    raster_dir = "registered rasters (forest cover, salinity), each registry's under its own name; shared by every"
    assert f"    {raster_dir} registry served from this code" in en, en
    assert "ảnh" not in en and "key-pw-2" not in en, en


def test_georeg_settings_names_the_folders_of_the_code_that_runs_and_where_each_setting_came_from(
    tmp_path, monkeypatch, commands_use
):
    """The admin guide's check (`python -c "from geo.settings import …"`) run in another checkout imported that
    folder's code and named its folders; `georeg settings` reads them as the command's own code does, wherever it runs,
    and says which came from the environment, the working folder's .env or the defaults."""
    from geo.settings import SOURCE_TREE

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"GEOREG_PHOTO_DIR={tmp_path / 'photos'}\n")
    monkeypatch.setenv("GEOREG_RASTER_DIR", str(tmp_path / "rasters"))
    monkeypatch.delenv("GEOREG_UPLOAD_DIR", raising=False)
    commands_use("postgresql+psycopg://georeg:secret-pw@127.0.0.1:5432/georeg")
    result = runner.invoke(app, ["settings", "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [f"Code run from: {SOURCE_TREE}", f".env file: {tmp_path / '.env'} (found)"], lines
    assert "Database in use: postgresql+psycopg://georeg:***@127.0.0.1:5432/georeg" in lines, lines
    assert f"GEOREG_PHOTO_DIR={tmp_path / 'photos'}  (.env)" in lines, lines
    assert f"GEOREG_RASTER_DIR={tmp_path / 'rasters'}  (environment)" in lines, lines
    assert f"GEOREG_UPLOAD_DIR={SOURCE_TREE / 'var' / 'uploads'}  (default)" in lines, lines
    assert "secret-pw" not in result.output
    both = runner.invoke(app, ["settings"])
    assert "GEOREG_UPLOAD_MAX_AGE_HOURS=72.0  (mặc định · default)" in both.output.splitlines(), both.output
