"""The ``georeg`` command line.

It must start fast (GIS staff script ``georeg ingest`` over many files): the modules of ``cli`` and this one
import only typer, rich and the standard library at the top, and each command imports what it needs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli import typer_words
from cli.accounts import account_app, token_app
from cli.agencies import agency_app
from cli.annual_report import report_app
from cli.audit import audit_command
from cli.backup import LangOrBoth, backup_command, in_lang, restore_command, say
from cli.environment import forest_app, salinity_app
from cli.ingest import Lang, export_command, ingest_command
from cli.map import map_app
from cli.projects import project_app
from cli.settings import settings_command

if TYPE_CHECKING:
    from geo.local_cluster import LocalCluster

typer_words.install()

app = typer_words.SaidTyper(
    help="georeg: sổ đăng ký dự án tăng trưởng xanh · registry of green-growth projects (Bạc Liêu, Trà Vinh).",
    no_args_is_help=True,
)
db_app = typer_words.SaidTyper(
    help="Cơ sở dữ liệu · The database: local PostGIS cluster and migrations.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
db_app.command("backup")(backup_command)
db_app.command("restore")(restore_command)
app.add_typer(account_app, name="account")
app.add_typer(agency_app, name="agency")
app.add_typer(token_app, name="token")
app.add_typer(salinity_app, name="salinity")
app.add_typer(forest_app, name="forest")
app.add_typer(report_app, name="report")
app.add_typer(map_app, name="map")
app.add_typer(project_app, name="project")
app.command("ingest")(ingest_command)
app.command("export")(export_command)
app.command("audit")(audit_command)
app.command("settings")(settings_command)
console = Console()

#: What the db commands, load-sample and main() say, in each language (geo.said.fill).
WORDS = {
    "unreachable": {"vi": "Không kết nối được cơ sở dữ liệu:", "en": "Cannot connect to the database:"},
    "stopped_by_database": {
        "vi": "Cơ sở dữ liệu đã dừng lệnh (kết nối vẫn tốt):",
        "en": "The database stopped the command (the connection is fine):",
    },
    "mending": {
        "vi": "Cơ sở dữ liệu cục bộ: bỏ GEOREG_DATABASE_URL rồi chạy georeg db up. Cơ sở dữ liệu khác: tạo nó "
        "(createdb, CREATE EXTENSION postgis) hoặc sửa GEOREG_DATABASE_URL.",
        "en": "The local one: unset GEOREG_DATABASE_URL and run georeg db up. Another: create it (createdb, CREATE "
        "EXTENSION postgis) or correct GEOREG_DATABASE_URL.",
    },
    "stopped": {
        "vi": "đã dừng cụm cục bộ trong {folder} (cổng {port})",
        "en": "stopped the local cluster in {folder} (port {port})",
    },
    "not_running": {
        "vi": "cụm cục bộ trong {folder} không chạy",
        "en": "the local cluster in {folder} was not running",
    },
    "untouched": {
        "vi": "GEOREG_DATABASE_URL chỉ tới máy chủ khác, không đụng tới: {url}",
        "en": "GEOREG_DATABASE_URL points at another server, not touched: {url}",
    },
    "port_taken": {
        "vi": "georeg serve không nghe được ở {host} cổng {port}: cổng đã có chương trình khác giữ; hãy dừng chương "
        "trình đó, hoặc chọn cổng khác (--port hay GEOREG_PORT); chưa khởi động gì",
        "en": "georeg serve cannot listen on {host} port {port}: another program holds that port; stop it, or choose "
        "another port (--port or GEOREG_PORT); nothing was started",
    },
    "cannot_listen": {
        "vi": "georeg serve không nghe được ở {host} cổng {port} (hệ thống báo: {reason}): hãy kiểm tra địa chỉ "
        "(--host hay GEOREG_HOST) và cổng (--port hay GEOREG_PORT); chưa khởi động gì",
        "en": "georeg serve cannot listen on {host} port {port} (the system says: {reason}): check the address "
        "(--host or GEOREG_HOST) and the port (--port or GEOREG_PORT); nothing was started",
    },
    "without_fsync": {
        "vi": "cụm cục bộ trong {folder} chạy không có fsync (GEOREG_LOCAL_DB_FSYNC=false): nhanh hơn, nhưng máy sập "
        "hay mất điện có thể làm hỏng nó; chỉ dành cho một cụm dùng xong bỏ đi, như cụm của bộ kiểm thử",
        "en": "the local cluster in {folder} runs without fsync (GEOREG_LOCAL_DB_FSYNC=false): faster, but a crash of "
        "the machine or a power cut can corrupt it; for a throwaway cluster only, such as the test suite's",
    },
    "durable_again": {
        "vi": "Nó đã được khởi động như thế từ trước; để nó ghi bền vững trở lại: georeg db down rồi georeg db up",
        "en": "It was started so before; to make it durable again: georeg db down, then georeg db up",
    },
    "schema_at": {"vi": "lược đồ ở {revision}", "en": "schema at {revision}"},
    "already_past": {
        "vi": "Không có gì thay đổi: lược đồ đã ở {at}, sau {revision}; georeg db migrate chỉ nâng lên, không hạ "
        "xuống. Để trở về lược đồ cũ, hãy khôi phục bản sao lưu lấy trước lần nâng cấp (georeg db restore).",
        "en": "Nothing changed: the schema is already at {at}, after {revision}; georeg db migrate only moves "
        "forward. To go back to an older schema, restore a backup taken before the upgrade (georeg db restore).",
    },
    "not_loaded": {
        "vi": "Chưa nạp dữ liệu mẫu, không có gì thay đổi:",
        "en": "Sample data not loaded, nothing changed:",
    },
    "sample_missing": {
        "vi": "không tìm thấy {path}.\nDữ liệu mẫu đi kèm bản checkout của georeg (thư mục data/), không có trong gói "
        "đã cài; hãy đặt GEOREG_DATA_DIR là thư mục data/ của một bản checkout (hiện là {data_dir}).",
        "en": "{path} not found.\nThe sample data come with a checkout of georeg (its data/ folder), not with the "
        "installed package; set GEOREG_DATA_DIR to a checkout's data/ folder (now {data_dir}).",
    },
}

#: Commands that run whatever the database's schema: those that bring it up to date, and the server (whose pages
#: say it themselves, api.schema_check).
SCHEMA_FREE = frozenset({"db", "serve", "load-sample"})


@app.callback()
def _schema_first(ctx: typer.Context) -> None:
    """Every other command stops with "run georeg db migrate" while the database's schema is older than this code's:
    no account, token or load written into an old schema (the check costs one small query). A database that cannot
    be reached, or was never migrated, is left to the command, which says so; help is given whatever the schema."""
    # a group's callback sees no argument of its command (click takes them away first): the command line's own
    if ctx.invoked_subcommand in SCHEMA_FREE or "--help" in sys.argv or _schema() != "behind":
        return
    from geo.schema_version import SCHEMA_BEHIND

    say(SCHEMA_BEHIND, _lang(typer_words.language_asked()), red=True)
    raise typer.Exit(1)


#: What georeg db up says when GEOREG_DATABASE_URL names another server's database.
ANOTHER_SERVER = (
    "GEOREG_DATABASE_URL chỉ tới máy chủ khác, không khởi động gì; dùng {url}",
    "GEOREG_DATABASE_URL points at another server, nothing started; using {url}",
)


@db_app.command("up")
def db_up(lang: LangOrBoth = None) -> None:
    """Khởi động cụm PostGIS cục bộ · Start the project-local PostGIS cluster (creating it if needed), print its URL.

    Khi GEOREG_DATABASE_URL chỉ tới máy chủ khác, không khởi động gì · With GEOREG_DATABASE_URL pointing at another
    server, nothing is started: that database is used as it is. Pointing at this machine's GEOREG_LOCAL_DB_PORT, it
    names the local cluster's database: the cluster is started and that database created if need be.

    Một cụm đã tạo chỉ khởi động trên cổng nó được tạo cho · A cluster made already is started on the port it was
    made for only: GEOREG_LOCAL_DB_PORT naming another is refused before anything starts.
    """
    from geo.local_cluster import ClusterError, LocalCluster
    from geo.said import Said
    from geo.settings import get_settings

    settings = get_settings()
    database = settings.local_cluster_database
    if database is None:
        say(Said(*(words.format(url=settings.shown_database_url) for words in ANOTHER_SERVER)), lang)
        return
    cluster = LocalCluster.from_settings(settings)
    try:
        cluster.ensure_running()
        cluster.ensure_database(database)
    except ClusterError as error:
        say(error.said, lang, red=True)
        raise typer.Exit(1) from error
    if not cluster.runs_with_fsync():
        _say_without_fsync(cluster, lang)
    print(settings.shown_database_url)


def _say_without_fsync(cluster: LocalCluster, lang: Lang | None) -> None:
    """That the cluster is not durable; and how to make it so when it was not this setting that asked for it."""
    from geo.said import fill

    say(fill(WORDS, "without_fsync", folder=cluster.data_dir), lang)
    if cluster.fsync:
        say(fill(WORDS, "durable_again"), lang)


@db_app.command("down")
def db_down(lang: LangOrBoth = None) -> None:
    """Dừng cụm PostGIS cục bộ (dữ liệu vẫn giữ) · Stop the project-local PostGIS cluster (its data stay in place)."""
    from geo.local_cluster import LocalCluster
    from geo.said import fill
    from geo.settings import get_settings

    settings = get_settings()
    cluster = LocalCluster.from_settings(settings)
    stopped = "stopped" if cluster.stop() else "not_running"
    say(fill(WORDS, stopped, folder=cluster.data_dir, port=str(cluster.port)), lang)
    if settings.local_cluster_database is None:
        say(fill(WORDS, "untouched", url=settings.shown_database_url), lang)


@db_app.command("migrate")
def db_migrate(
    revision: str = typer.Argument("heads", help="phiên bản Alembic cần nâng lên · Alembic revision to upgrade to"),
    lang: LangOrBoth = None,
) -> None:
    """Cập nhật lược đồ cơ sở dữ liệu · Bring the schema up to date (Alembic upgrade)."""
    from geo import migrations
    from geo.db import get_engine
    from geo.said import fill
    from geo.schema_version import schema_state
    from geo.settings import get_settings

    migrations.upgrade(get_settings().effective_database_url, revision)
    current = schema_state(get_engine()).current
    at = ", ".join(sorted(current))
    if migrations.already_past(revision, current):
        say(fill(WORDS, "already_past", revision=revision, at=at), lang)
        raise typer.Exit(1)
    say(fill(WORDS, "schema_at", revision=at), lang)


#: What load-sample counts (geo.sample.load), as its table names it, and the table's title and headings.
SAMPLE_TABLE = {
    "admin_units": ("đơn vị hành chính", "admin units"),
    "crosswalk_pairs": ("cặp đơn vị cũ–mới", "old–new unit pairs"),
    "plans": ("kế hoạch", "plans"),
    "projects": ("dự án", "projects"),
    "status_events_added": ("báo cáo tình trạng thêm mới", "status reports added"),
    "project_unit_shares": ("phần dự án trong đơn vị", "project shares in units"),
    "salinity_zones": ("vùng mặn", "salinity zones"),
    "title": ("Đã nạp dữ liệu mẫu", "Sample data loaded"),
    "what": ("dữ liệu", "what"),
    "count": ("số lượng", "count"),
}


def _in_table(name: str, lang: Lang | None) -> str:
    """A word of load-sample's table in ``lang``; in both, "vi · en", without one (the table is not said twice)."""
    return in_lang(*SAMPLE_TABLE[name], lang)


class SamplePart(StrEnum):
    """The part of the sample data ``georeg load-sample --only`` loads."""

    units = "units"


@app.command("load-sample")
def load_sample_command(
    only: Annotated[
        SamplePart | None,
        typer.Option(
            help="units: chỉ nạp các đơn vị hành chính và bảng chuyển đổi cũ–mới, không kế hoạch, dự án, tình trạng "
            "minh họa hay độ mặn · units: only the administrative units and the old–new crosswalk, no plans, "
            "projects, demonstration statuses or salinity"
        ),
    ] = None,
    lang: LangOrBoth = None,
) -> None:
    """Nạp dữ liệu mẫu · Load the bundled sample data (units, crosswalk, plans, projects); safe to re-run.

    Tạo cơ sở dữ liệu cục bộ nếu chưa có và cập nhật lược đồ trước · Makes the local database if it is not there and
    brings its schema up to date first (as georeg db up and georeg db migrate)."""
    from geo import migrations
    from geo.db import get_engine, session_scope
    from geo.said import fill
    from geo.sample.errors import SampleDataError
    from geo.sample.load import load_sample
    from geo.settings import get_settings

    settings = get_settings()
    data_dir = settings.data_dir
    if not settings.database_url:  # the project-local cluster: its database made if it is not there yet
        from geo.local_cluster import ClusterError, LocalCluster

        cluster = LocalCluster.from_settings(settings)
        try:
            cluster.ensure_running()
            cluster.ensure_database(settings.local_db_name)
        except ClusterError as error:
            say(error.said, lang, red=True)
            raise typer.Exit(1) from error
    migrations.upgrade(settings.effective_database_url)
    try:
        with session_scope(get_engine()) as session:
            counts = load_sample(session, data_dir, units_only=only is SamplePart.units)
    except SampleDataError as error:  # the bundled files' own fault, said as found (file, record, field)
        say(error.said, lang, before=fill(WORDS, "not_loaded"))
        raise typer.Exit(1) from error
    except FileNotFoundError as error:
        # An installed package outside a checkout has no data/ beside it (the sample data are not in the wheel).
        missing = fill(WORDS, "sample_missing", path=error.filename, data_dir=data_dir)
        say(missing, lang, before=fill(WORDS, "not_loaded"))
        raise typer.Exit(1) from error
    table = Table(_in_table("what", lang), _in_table("count", lang), title=_in_table("title", lang))
    for name, count in counts.items():
        table.add_row(_in_table(name, lang), str(count))
    console.print(table)


@app.command("serve")
def serve(
    host: str | None = typer.Option(None, help="địa chỉ lắng nghe · address to listen on (setting GEOREG_HOST)"),
    port: int | None = typer.Option(None, help="cổng · port (setting GEOREG_PORT)"),
    reload: bool = typer.Option(
        False, help="tải lại khi mã đổi (khi phát triển) · reload on code changes (development)"
    ),
    workers: int = typer.Option(
        1, min=1, help="số tiến trình phục vụ · processes serving requests (each with its own pool and tile cache)"
    ),
    proxy_headers: bool = typer.Option(
        True,
        help="tin tiêu đề X-Forwarded-* của proxy · trust a proxy's X-Forwarded-Proto/-For "
        "(from --forwarded-allow-ips)",
    ),
    forwarded_allow_ips: str | None = typer.Option(
        None,
        help="địa chỉ proxy được tin · the proxies' addresses trusted, comma-separated, or * (default: the "
        "environment's FORWARDED_ALLOW_IPS, else 127.0.0.1)",
    ),
    lang: LangOrBoth = None,
) -> None:
    """Chạy ứng dụng · Serve the API and the web map.

    Sau proxy TLS · Behind a TLS proxy on this machine nothing is needed (127.0.0.1 is trusted); on another machine,
    give --forwarded-allow-ips with its address, so that links say https and HSTS is sent.

    --lang: ngôn ngữ của thông báo của georeg khi không khởi động được và của các dòng nhật ký của chính nó · the
    language georeg says why it could not start in (a database it cannot reach), and its own log lines (a database
    away, an internal error; without it, Vietnamese then English on each); uvicorn's lines, the access lines and the
    pages are not in it (pages follow their readers)."""
    import os

    import uvicorn

    from api.request_log import LOG_CONFIG
    from geo.settings import get_settings

    if lang:  # read by every process uvicorn starts (geo.log_words)
        os.environ["GEOREG_LOG_LANG"] = lang.value
        get_settings.cache_clear()
    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    _refuse_an_address_taken(host, port, lang)
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        log_config=LOG_CONFIG,  # the time and the request's id on each line
        access_log=False,  # the access line is the app's own, positions and tokens left out (api.request_log)
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )


def _refuse_an_address_taken(host: str, port: int, lang: Lang | None) -> None:
    """Stop, saying so in ``lang``, when the server could not listen on ``host``:``port`` (most often another server
    holds it): uvicorn would start the app, then log its errno in English and end with exit code 0."""
    import errno
    import socket

    from geo.said import fill

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as error:  # EADDRINUSE, a port below 1024 for another user, an address not this machine's…
        taken = "port_taken" if error.errno == errno.EADDRINUSE else "cannot_listen"
        reason = error.strerror or str(error)
        say(fill(WORDS, taken, host=host, port=str(port), reason=reason), lang, red=True)
        raise typer.Exit(1) from error


def main() -> None:
    """The ``georeg`` command: ``app``, with a database that cannot be reached said in a line and how to mend it,
    not in a traceback of hundreds of lines (the password is never in what is said); in the command line's --lang,
    both languages without one."""
    try:
        app()
    except Exception as error:
        from sqlalchemy.exc import OperationalError, ProgrammingError

        from geo.said import Said, fill

        lang = _lang(typer_words.asked_language(sys.argv[1:]))  # app() has ended: its --lang read again
        if isinstance(error, OperationalError | ProgrammingError) and _restore_running():
            from geo.backup import RESTORE_RUNNING

            say(RESTORE_RUNNING, lang, red=True)
            raise SystemExit(1) from None
        if isinstance(error, ProgrammingError) and _schema() not in (None, "current"):  # a table missing: no bug
            from geo.schema_version import SCHEMA_BEHIND

            say(SCHEMA_BEHIND, lang, red=True)
            raise SystemExit(1) from None
        if not isinstance(error, OperationalError):
            raise
        reason = str(error.orig or error).strip().splitlines()[0]  # the server's or psycopg's own words
        if _stopped_by_database(error):
            say(Said(reason, reason), lang, before=fill(WORDS, "stopped_by_database"))
            raise SystemExit(1) from None
        say(Said(reason, reason), lang, before=fill(WORDS, "unreachable"))
        say(fill(WORDS, "mending"), lang)
        raise SystemExit(1) from None


def _stopped_by_database(error: Exception) -> bool:
    """Whether the server, reached, stopped a statement (cancelled by an administrator, a statement or lock timeout:
    an OperationalError too, with its SQLSTATE), rather than a connection failing (no SQLSTATE, or class 08, or the
    server shutting down: 57P01–57P03). Said as a connection failure, a cancelled load told the administrator to
    check GEOREG_DATABASE_URL."""
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    return bool(state) and not state.startswith(("08", "57P"))


def _lang(asked: str | None) -> Lang | None:
    return Lang(asked) if asked else None


def _restore_running() -> bool:
    """Whether a restore is putting an archive into the database: its tables missing meanwhile are not a schema to
    migrate nor a database to create."""
    from geo.backup import restore_running
    from geo.settings import get_settings

    return restore_running(get_settings().effective_database_url)


def _schema() -> str | None:
    """The database's schema against this code's: current, missing (never migrated) or behind; None when it cannot
    be reached."""
    from sqlalchemy.exc import SQLAlchemyError

    from geo.db import get_engine
    from geo.schema_version import schema_state

    try:
        return schema_state(get_engine()).name
    except SQLAlchemyError:
        return None
