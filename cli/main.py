"""The ``georeg`` command line.

It must start fast (GIS staff script ``georeg ingest`` over many files): the modules of ``cli`` and this one
import only typer, rich and the standard library at the top, and each command imports what it needs.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.table import Table

from cli import typer_words
from cli.accounts import account_app, token_app
from cli.agencies import agency_app
from cli.annual_report import report_app
from cli.audit import audit_command
from cli.backup import LangOrBoth, backup_command, restore_command, say
from cli.environment import forest_app, salinity_app
from cli.ingest import export_command, ingest_command
from cli.map import map_app
from cli.projects import project_app

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
console = Console()

DATABASE_UNREACHABLE = "Không kết nối được cơ sở dữ liệu · Cannot connect to the database:"
DATABASE_MENDING = (
    "Cơ sở dữ liệu cục bộ: bỏ GEOREG_DATABASE_URL rồi chạy georeg db up · The local one: unset "
    "GEOREG_DATABASE_URL and run georeg db up. Cơ sở dữ liệu khác: tạo nó (createdb, CREATE EXTENSION postgis) hoặc "
    "sửa GEOREG_DATABASE_URL · Another: create it (createdb, CREATE EXTENSION postgis) or correct GEOREG_DATABASE_URL."
)
MISSING_SAMPLE = (
    "[red]Chưa nạp dữ liệu mẫu, không có gì thay đổi:[/red] không tìm thấy {path}.\n"
    "Dữ liệu mẫu đi kèm bản checkout của georeg (thư mục data/), không có trong gói đã cài; "
    "hãy đặt GEOREG_DATA_DIR là thư mục data/ của một bản checkout (hiện là {data_dir}).\n"
    "[red]Sample data not loaded, nothing changed:[/red] {path} not found.\n"
    "The sample data come with a checkout of georeg (its data/ folder), not with the installed package; "
    "set GEOREG_DATA_DIR to a checkout's data/ folder (now {data_dir})."
)


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

    console.print(f"[red]{SCHEMA_BEHIND.vi}[/red]\n[red]{SCHEMA_BEHIND.en}[/red]", highlight=False)
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
    print(settings.shown_database_url)


@db_app.command("down")
def db_down() -> None:
    """Dừng cụm PostGIS cục bộ (dữ liệu vẫn giữ) · Stop the project-local PostGIS cluster (its data stay in place)."""
    from geo.local_cluster import LocalCluster
    from geo.settings import get_settings

    settings = get_settings()
    cluster = LocalCluster.from_settings(settings)
    if cluster.stop():
        console.print(f"đã dừng cụm cục bộ · stopped the local cluster in {cluster.data_dir} (port {cluster.port})")
    else:
        console.print(f"cụm cục bộ không chạy · the local cluster in {cluster.data_dir} was not running")
    if settings.local_cluster_database is None:
        console.print(
            "GEOREG_DATABASE_URL chỉ tới máy chủ khác, không đụng tới · GEOREG_DATABASE_URL points at another server, "
            f"not touched: {settings.shown_database_url}"
        )


@db_app.command("migrate")
def db_migrate(
    revision: str = typer.Argument("heads", help="phiên bản Alembic cần nâng lên · Alembic revision to upgrade to"),
) -> None:
    """Cập nhật lược đồ cơ sở dữ liệu · Bring the schema up to date (Alembic upgrade)."""
    from geo import migrations
    from geo.settings import get_settings

    migrations.upgrade(get_settings().effective_database_url, revision)
    console.print(f"lược đồ ở · schema at {revision}")


#: What load-sample counts (geo.sample.load), as its table names it.
SAMPLE_COUNTED = {
    "admin_units": "đơn vị hành chính · admin units",
    "crosswalk_pairs": "cặp đơn vị cũ–mới · old–new unit pairs",
    "plans": "kế hoạch · plans",
    "projects": "dự án · projects",
    "status_events_added": "báo cáo tình trạng thêm mới · status reports added",
    "project_unit_shares": "phần dự án trong đơn vị · project shares in units",
    "salinity_zones": "vùng mặn · salinity zones",
}


@app.command("load-sample")
def load_sample_command() -> None:
    """Nạp dữ liệu mẫu · Load the bundled sample data (units, crosswalk, plans, projects); safe to re-run.

    Tạo cơ sở dữ liệu cục bộ nếu chưa có và cập nhật lược đồ trước · Makes the local database if it is not there and
    brings its schema up to date first (as georeg db up and georeg db migrate)."""
    from geo import migrations
    from geo.db import get_engine, session_scope
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
            say(error.said, None, red=True)
            raise typer.Exit(1) from error
    migrations.upgrade(settings.effective_database_url)
    try:
        with session_scope(get_engine()) as session:
            counts = load_sample(session, data_dir)
    except SampleDataError as error:
        console.print(
            f"[red]Chưa nạp dữ liệu mẫu, không có gì thay đổi · Sample data not loaded, nothing changed:[/red] {error}"
        )
        raise typer.Exit(1) from error
    except FileNotFoundError as error:
        # An installed package outside a checkout has no data/ beside it (the sample data are not in the wheel).
        console.print(MISSING_SAMPLE.format(path=error.filename, data_dir=data_dir), highlight=False)
        raise typer.Exit(1) from error
    table = Table("dữ liệu · what", "số lượng · count", title="Đã nạp dữ liệu mẫu · Sample data loaded")
    for name, count in counts.items():
        table.add_row(SAMPLE_COUNTED[name], str(count))
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
) -> None:
    """Chạy ứng dụng · Serve the API and the web map.

    Sau proxy TLS · Behind a TLS proxy on this machine nothing is needed (127.0.0.1 is trusted); on another machine,
    give --forwarded-allow-ips with its address, so that links say https and HSTS is sent."""
    import uvicorn

    from api.request_log import LOG_CONFIG
    from geo.settings import get_settings

    settings = get_settings()
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        workers=workers,
        log_config=LOG_CONFIG,  # the time and the request's id on each line
        access_log=False,  # the access line is the app's own, positions and tokens left out (api.request_log)
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
    )


def main() -> None:
    """The ``georeg`` command: ``app``, with a database that cannot be reached said in a line and how to mend it,
    not in a traceback of hundreds of lines (the password is never in what is said)."""
    try:
        app()
    except Exception as error:
        from sqlalchemy.exc import OperationalError, ProgrammingError

        if isinstance(error, OperationalError | ProgrammingError) and _restore_running():
            from geo.backup import RESTORE_RUNNING

            console.print(f"[red]{RESTORE_RUNNING.vi}[/red]\n[red]{RESTORE_RUNNING.en}[/red]", highlight=False)
            raise SystemExit(1) from None
        if isinstance(error, ProgrammingError) and _schema() not in (None, "current"):  # a table missing: no bug
            from geo.schema_version import SCHEMA_BEHIND

            console.print(f"[red]{SCHEMA_BEHIND.vi}[/red]\n[red]{SCHEMA_BEHIND.en}[/red]", highlight=False)
            raise SystemExit(1) from None
        if not isinstance(error, OperationalError):
            raise
        reason = str(error.orig or error).strip().splitlines()[0]
        console.print(f"[red]{DATABASE_UNREACHABLE}[/red] {reason}", highlight=False)
        console.print(DATABASE_MENDING, highlight=False)
        raise SystemExit(1) from None


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
