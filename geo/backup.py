"""Backing up a registry and restoring it: the database and the files it points at, in one archive.

The database alone is not the registry: report photos (``photo_dir``), registered rasters (``raster_dir``) and the
uploads awaiting commit (``upload_dir``, this database's folder) are files whose names the database holds. An archive
is a tar of ``manifest.json`` (the schema revision, when, which database), ``database.dump`` (pg_dump's custom
format) and ``files/<photos|rasters|uploads>/``. A restore refuses a database that others are connected to (a
``georeg serve`` still running: a trial's ``pg_restore`` beside it "finished" with 231 errors ignored) or that holds
a registry, unless told; it runs pg_restore in one transaction, so a failure leaves the database as it was.

Registered rasters are named by absolute paths (``raster_dataset.path``): under the backing-up machine's
``raster_dir``, or its ``data_dir`` for the bundled salinity raster read in place. The manifest keeps those two
folders, and a restore points the paths under them at the restoring machine's (a trial's restore on another machine
left the forest-cover layer reading files that were not there).

Alembic (the migrations) and the uploads' module (the ingest, with pandas and GDAL's bindings) are imported by the
functions that use them: every command that cannot reach its database asks :func:`restore_running` first, and their
imports were two seconds of CPU of its saying so.
"""

from __future__ import annotations

import errno
import filecmp
import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from psycopg import sql
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import URL, Connection

from geo.db import CONNECT_TIMEOUT_S
from geo.local_cluster import pg_bin
from geo.registry_files import made_own
from geo.said import Said, SaidError
from geo.schema_version import schema_state
from geo.settings import Settings
from geo.vi_format import local_number

ARCHIVE_FORMAT = "georeg-backup-1"
DUMP = "database.dump"
MANIFEST = "manifest.json"
FOLDERS = ("photos", "rasters", "uploads")
RESTORING_APPLICATION = "georeg db restore"  # the restore's own sessions, named so that commands can tell it runs
# Clients only: an autovacuum worker tidying the new database is a session too, and a restore onto a database made a
# moment before was refused for "1 other session" (a merged run, session 57).
OTHER_SESSIONS = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
    "AND backend_type = 'client backend'"
)


#: Said by a command run while a restore puts an archive into its database: the tables are not there yet (the
#: database is empty, or a --replace is putting the restored one in its place), and a command said "the administrator
#: should run: georeg db migrate", or to create the database (trial 56).
RESTORE_RUNNING = Said(
    "đang khôi phục một bản sao lưu vào cơ sở dữ liệu này (georeg db restore): hãy chờ xong rồi chạy lại lệnh (nếu "
    "không còn lệnh khôi phục nào chạy, lần khôi phục trước đã dừng giữa chừng: hãy chạy lại nó)",
    "a backup is being restored into this database (georeg db restore): wait until it ends, then run the command "
    "again (if no restore is running, the last one stopped half-way: run it again)",
)


class BackupError(SaidError):
    """A backup or restore that cannot be carried out; the message says why and what to do. Nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds: the schema revisions of its database, when and from which database it was made, and
    the folders its rasters' paths begin with there (``rasters``, ``data``; none in archives made before)."""

    revisions: tuple[str, ...]
    made_at: str
    database: str
    raster_folders: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> str:
        data = {"format": ARCHIVE_FORMAT, "revisions": list(self.revisions), "made_at": self.made_at}
        return json.dumps(data | {"database": self.database, "raster_folders": self.raster_folders}, indent=2)


@dataclass(frozen=True)
class Files:
    """Some files of one of the registry's folders (``name``: photos, rasters or uploads): how many, how large."""

    name: str
    folder: Path
    count: int = 0
    size_bytes: int = 0

    @classmethod
    def counted(cls, name: str, folder: Path, paths: list[Path]) -> Files:
        return cls(name, folder, len(paths), sum(path.stat().st_size for path in paths))


@dataclass(frozen=True)
class PutBack:
    """What a restore did in one folder: the archive's files it put there (``brought``), the files it found there
    with other contents under the same names, moved aside (``set_aside``, in its own folder), and the files the
    archive does not hold, left where they were (``left``)."""

    brought: Files
    set_aside: Files
    left: Files
    replaced_database: bool = False


@dataclass(frozen=True)
class BackedUp:
    """What a backup wrote: the archive's manifest and the files of each folder it read."""

    manifest: Manifest
    files: list[Files]


@dataclass(frozen=True)
class Restored:
    """What a restore did: the archive's manifest, whether its schema was then brought up to this code's, how many
    rasters' paths now point at this machine's folders, what it did in each folder of files, and how many raster
    files it gave this registry's own name (:func:`_own_rasters`)."""

    manifest: Manifest
    migrated: bool
    rasters_moved: int = 0
    folders: list[PutBack] = field(default_factory=list)
    rasters_owned: int = 0


def back_up(settings: Settings, target: Path) -> BackedUp:
    """Write the registry of ``settings`` (database and files) into the archive ``target``, as it goes: the command
    line writes it beside the archive asked for, which it takes the place of once whole (cli.out_file)."""
    url = make_url(settings.effective_database_url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            revisions = _revisions(connection)
    finally:
        engine.dispose()
    folders = _folders(url, settings)
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = Manifest(tuple(sorted(revisions)), made_at, url.database or "", _raster_folders(settings))
    with tempfile.TemporaryDirectory(dir=target.parent) as work:  # on the archive's disk: a full one is the one said
        dump = Path(work) / DUMP
        _pg_tool(url, "pg_dump", "--format=custom", f"--file={dump}")
        with tarfile.open(target, "w:gz") as archive:
            _add_text(archive, MANIFEST, manifest.as_json())
            archive.add(dump, DUMP)
            for name, folder in folders.items():
                if folder.is_dir():
                    archive.add(folder, f"files/{name}")
    return BackedUp(manifest, [Files.counted(name, folder, _files_in(folder)) for name, folder in folders.items()])


def restore(settings: Settings, source: Path, *, replace: bool = False, end_sessions: bool = False) -> Restored:
    """Put the archive ``source`` back into the registry of ``settings``: its files copied beside their folders, then
    its database (made again when it holds a registry and ``replace``), then the files put in place (renames; none
    removed: :func:`_put_in_place`), then the schema brought up to this code's if the archive's is older."""
    url = make_url(settings.effective_database_url)
    with tempfile.TemporaryDirectory() as work:
        manifest = _unpacked(source, Path(work))  # before the checks: from them to pg_restore the restore is seen
        before = _folders(url, settings)
        with _staged(Path(work) / "files", before) as staged:  # on each folder's disk: a full one said, nothing changed
            _refuse_busy_or_full(url, replace=replace, end_sessions=end_sessions)
            if replace:
                _restore_beside(url, Path(work) / DUMP)
            else:
                _restore_dump(url, Path(work) / DUMP)
            targets = _folders(url, settings)
            present = set(_files_in(targets["rasters"]))
            put_back = [_put_in_place(name, incoming, targets[name]) for name, incoming in staged.items()]
    if before["uploads"] != targets["uploads"]:  # the database made again has another number: another folder
        put_back.append(_replaced_uploads(before["uploads"]))
    engine = create_engine(url)
    try:
        migrated = schema_state(engine).name != "current"
    finally:
        engine.dispose()
    if migrated:
        from geo import migrations

        migrations.upgrade(url.render_as_string(hide_password=False))
    moved = _move_rasters(url, manifest.raster_folders, _raster_folders(settings))
    return Restored(manifest, migrated, moved, put_back, _own_rasters(url, settings.raster_dir, present))


def restore_running(database_url: str) -> bool:
    """Whether ``georeg db restore`` is putting an archive into this database: pg_restore connected to it or to the
    database beside it that a --replace restores into, or that one waiting to take its place."""
    url = make_url(database_url)
    asked = {"name": url.database, "beside": f"{url.database}_restoring", "restoring": RESTORING_APPLICATION}
    running = (
        "SELECT EXISTS (SELECT FROM pg_database WHERE datname = %(beside)s) OR EXISTS (SELECT FROM pg_stat_activity "
        "WHERE application_name IN ('pg_restore', %(restoring)s) AND datname IN (%(name)s, %(beside)s))"
    )
    try:
        with _maintenance(url) as connection:
            return bool(connection.execute(running, asked).fetchone()[0])
    except BackupError:  # the server cannot be reached: the command says so itself
        return False


def _raster_folders(settings: Settings) -> dict[str, str]:
    """The folders registered rasters lie in: the registry's rasters, and the bundled data read in place."""
    return {"rasters": str(settings.raster_dir), "data": str(settings.data_dir)}


def _move_rasters(url: URL, backed_up: dict[str, str], here: dict[str, str]) -> int:
    """Point the rasters' paths under the backing-up machine's folders at this machine's; how many were."""
    moves = {backed_up[name].rstrip("/") + "/": here[name].rstrip("/") + "/" for name in here if name in backed_up}
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            moved = {}
            for dataset, path in connection.execute(text("SELECT id, path FROM raster_dataset")):
                old = next((old for old in moves if path.startswith(old)), None)
                if old is not None and moves[old] != old:
                    moved[dataset] = moves[old] + path.removeprefix(old)
            for dataset, path in moved.items():
                connection.execute(
                    text("UPDATE raster_dataset SET path = :path WHERE id = :id"), {"path": path, "id": dataset}
                )
            return len(moved)
    finally:
        engine.dispose()


def _own_rasters(url: URL, folder: Path, present: set[Path]) -> int:
    """The restored rasters in ``folder`` named as another registry's (the archive's, when it is another database's)
    given this registry's own names (geo.registry_files.made_own): with the other's name, the other registry's
    removal deleted the file this one registers. A name the restore brought goes (a restore on another machine
    leaves the registry's files under its name alone): a registry using it would have had it there already. How many
    files."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            left = made_own(connection, folder)
    finally:
        engine.dispose()
    for path in left:
        if path not in present:
            path.unlink()
    return len(left)


def _folders(url: URL, settings: Settings) -> dict[str, Path]:
    """The registry's folders of files, by their name in the archive (the uploads are this database's)."""
    from geo.ingest.uploads import uploads_folder

    engine = create_engine(url)
    try:
        uploads = uploads_folder(engine, settings)
    finally:
        engine.dispose()
    return dict(zip(FOLDERS, (settings.photo_dir, settings.raster_dir, uploads), strict=True))


def _restorable(url: URL, dump: Path) -> Path:
    """The dump's table of contents without the comments on extensions: only their owner (a superuser, most often)
    may set them, and with --exit-on-error the restore would stop there on a server of its own."""
    listing = dump.with_suffix(".list")
    _pg_tool(url, "pg_restore", "--list", f"--file={listing}", str(dump), with_database=False)
    kept = [line for line in listing.read_text().splitlines() if " COMMENT - EXTENSION " not in line]
    listing.write_text("\n".join(kept) + "\n")
    return listing


def _revisions(connection) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    current = set(MigrationContext.configure(connection).get_current_heads())
    if not current:
        raise BackupError(
            "this database holds no registry (it was never migrated): nothing to back up; check GEOREG_DATABASE_URL",
            "cơ sở dữ liệu này không chứa sổ đăng ký nào (chưa từng chạy georeg db migrate): không có gì để sao lưu; "
            "hãy kiểm tra GEOREG_DATABASE_URL",
        )
    return current


def _add_text(archive: tarfile.TarFile, name: str, content: str) -> None:
    data = content.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _unpacked(source: Path, work: Path) -> Manifest:
    """The manifest of the archive ``source``, whose schema this code knows, and its files extracted into ``work``.
    A file that is not an archive, or one cut short (copied in part), was a traceback of tarfile's or "Aborted"."""
    try:
        with tarfile.open(source, "r:*") as archive:
            manifest = _read_manifest(archive, source)
            _refuse_unknown_revisions(manifest, source)
            _extract(archive, source, work)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{source} cannot be read as an archive (it is not one, or it was cut short, copied in part): give a "
            "whole file made by georeg db backup",
            f"không đọc được {source} như một tệp lưu trữ (không phải tệp lưu trữ, hoặc bị cắt cụt do chép chưa "
            "hết): hãy dùng một tệp đầy đủ do georeg db backup tạo",
        ) from error
    return manifest


def _extract(archive: tarfile.TarFile, source: Path, work: Path) -> None:
    """The archive's files into ``work``; a disk without room for them (a traceback of "[Errno 28] No space left on
    device") said with what to do, before anything is changed."""
    try:
        archive.extractall(work, filter="data")
    except OSError as error:
        if isinstance(error, gzip.BadGzipFile):  # the archive's fault, said as such by the caller
            raise
        reason, folder = error.strerror or str(error), work.parent
        raise BackupError(
            f"{source} could not be unpacked into the temporary folder {folder} (the system says: {reason}): the "
            "backup's database and files need room there, the archive's size at least; free some on that disk, or "
            "set TMPDIR to a folder on a larger disk, then restore again",
            f"không giải nén được {source} vào thư mục tạm {folder} (hệ thống báo: {reason}): cơ sở dữ liệu và các "
            "tệp của bản sao lưu cần chỗ ở đó, ít nhất bằng cỡ tệp sao lưu; hãy giải phóng chỗ trên ổ đĩa đó, hoặc "
            "đặt TMPDIR là một thư mục trên ổ đĩa lớn hơn, rồi khôi phục lại",
        ) from error


def _read_manifest(archive: tarfile.TarFile, source: Path) -> Manifest:
    try:
        data = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError) as error:
        raise BackupError(
            f"{source} is not a georeg backup (no {MANIFEST} in it): give a file made by georeg db backup",
            f"{source} không phải bản sao lưu của georeg (không có {MANIFEST}): hãy dùng tệp do georeg db backup tạo",
        ) from error
    return Manifest(tuple(data["revisions"]), data["made_at"], data["database"], data.get("raster_folders", {}))


def _refuse_unknown_revisions(manifest: Manifest, source: Path) -> None:
    """An archive made by a newer georeg has a schema this code does not know: restoring it would run old code on a
    newer schema."""
    from alembic.script import ScriptDirectory

    from geo import migrations

    scripts = ScriptDirectory.from_config(migrations.alembic_config("postgresql://"))
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(set(manifest.revisions) - known)
    if unknown:
        raise BackupError(
            f"{source} was made by a newer georeg (schema revision {', '.join(unknown)}, unknown to this one): "
            "upgrade georeg first, then restore",
            f"{source} do một phiên bản georeg mới hơn tạo (phiên bản lược đồ {', '.join(unknown)} mà bản này không "
            "biết): hãy nâng cấp georeg trước rồi khôi phục",
        )


def _refuse_busy_or_full(url: URL, *, replace: bool, end_sessions: bool) -> None:
    """Refuse a database others are connected to (unless ``end_sessions``: they are ended, once nothing else refuses)
    or one holding a registry (unless ``replace``)."""
    engine = create_engine(url, connect_args={"application_name": RESTORING_APPLICATION})
    try:
        with engine.begin() as connection:
            others = _other_sessions(connection, wait=0 if end_sessions else ENDING_SESSIONS_WAIT)
            holds = connection.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar()
            if others and not end_sessions:
                raise BackupError(_busy(url.database, len(others)))
            if holds and not replace:
                raise BackupError(_holds(url.database))
            if others:
                connection.execute(text("SELECT pg_terminate_backend(pid) FROM unnest(:pids) AS pid"), {"pids": others})
    finally:
        engine.dispose()


#: Seconds a restore waits for sessions that are ending: a server or command stopped the moment before leaves its
#: sessions listed until their processes exit, and a restore run right after was refused for "1 other session(s)"
#: (a merged run under load, session 64).
ENDING_SESSIONS_WAIT = 3.0


def _other_sessions(connection: Connection, wait: float) -> list[int]:
    """The other clients' sessions of the database, once those ending within ``wait`` seconds have gone."""
    deadline = time.monotonic() + wait
    while True:
        others = list(connection.scalars(text(OTHER_SESSIONS)).all())
        if not others or time.monotonic() >= deadline:
            return others
        time.sleep(0.1)
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))  # the view is read once a transaction otherwise


def _holds(database: str | None) -> Said:
    return Said(
        f"cơ sở dữ liệu {database} đã có dữ liệu sổ đăng ký: để thay bằng bản sao lưu, thêm --replace (mọi thứ ghi "
        "sau lần sao lưu đó sẽ mất)",
        f"database {database} already holds a registry: to replace it with the backup's, add --replace (everything "
        "written since that backup is lost)",
    )


def _busy(database: str | None, count: int) -> Said:
    return Said(
        f"{count} phiên khác đang kết nối tới cơ sở dữ liệu {database} (georeg serve còn chạy?): hãy dừng georeg "
        "serve và các lệnh georeg khác trước, hoặc thêm --end-sessions để ngắt chúng",
        f"{count} other session(s) are connected to database {database} (is georeg serve still running?): stop "
        "georeg serve and other georeg commands first, or add --end-sessions to end them",
    )


def _restore_dump(url: URL, dump: Path) -> None:
    """pg_restore in one transaction: it stops at the first error and leaves the database as it was."""
    options = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    _pg_tool(url, "pg_restore", *options, f"--use-list={_restorable(url, dump)}", str(dump))


def _restore_beside(url: URL, dump: Path) -> None:
    """Restore into a new database beside ``url``'s, then put it in its place: objects a later migration added are not
    left beside the restored ones, and a failed restore leaves the registry as it was. Needs a role that may create
    databases (the local cluster's may)."""
    name = url.database or ""
    beside = url.set(database=f"{name}_restoring")
    with _maintenance(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(beside.database)))
        connection.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(beside.database))
        )
    try:
        _restore_dump(beside, dump)
    except BackupError:
        with _maintenance(url) as connection:
            connection.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(beside.database)))
        raise
    with _maintenance(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(*map(sql.Identifier, (beside.database, name)))
        )


@contextmanager
def _maintenance(url: URL) -> Iterator:
    """A connection to the server's database ``postgres``, to create and drop others."""
    import psycopg

    address = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    try:
        with psycopg.connect(
            address, autocommit=True, application_name=RESTORING_APPLICATION, connect_timeout=CONNECT_TIMEOUT_S
        ) as connection:
            yield connection
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0]
        raise BackupError(
            f"could not make database {url.database} again ({reason}): the database role needs the right to create "
            "databases; or have the database's administrator drop it and create it empty, then restore without "
            "--replace",
            f"không tạo lại được cơ sở dữ liệu {url.database} ({reason}): vai trò cần quyền tạo cơ sở dữ liệu; hoặc "
            "nhờ người quản trị PostgreSQL xoá và tạo lại nó trống, rồi khôi phục không có --replace",
        ) from error


def _pg_tool(url: URL, tool: str, *args: str, with_database: bool = True) -> None:
    """Run pg_dump or pg_restore (the PostgreSQL client of the local cluster's version) on ``url``'s database; the
    password goes in the environment, never on the command line (``ps`` shows it to every user)."""
    server = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432), "--username", url.username or ""]
    connection = [*server, "--dbname", url.database or ""] if with_database else []
    env = os.environ | ({"PGPASSWORD": url.password} if url.password else {})
    command = [str(pg_bin() / tool), *connection, *args]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode == -signal.SIGXFSZ:  # its file grew past what this user may write: said as a file too large
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))
    if result.returncode != 0:
        said = result.stderr.strip() or result.stdout.strip()
        raise BackupError(f"{tool} failed: {said}", f"{tool} không chạy được: {said}")


#: The folders of files as a restore names them when it cannot put them back, and the setting naming each.
FOLDER_WORDS = {
    "photos": ("ảnh của các báo cáo", "the reports' photos", "GEOREG_PHOTO_DIR"),
    "rasters": ("các ảnh raster", "the rasters", "GEOREG_RASTER_DIR"),
    "uploads": ("các tệp tải lên chưa nạp", "the uploads not yet loaded", "GEOREG_UPLOAD_DIR"),
}


@contextmanager
def _staged(unpacked: Path, folders: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """The archive's copy of each folder (none: an empty folder), copied beside the folder it replaces before the
    database is touched, so that a disk without room for them stops the restore with nothing changed (it was a
    traceback once the database was restored, its photos and rasters missing); the copies left are removed."""
    staged: dict[str, Path] = {}
    try:
        for name, folder in folders.items():
            staged[name] = folder.with_name(f".{folder.name}.restoring")
            _copy_for(name, unpacked / name, staged[name], folder)
        yield staged
    finally:
        for incoming in staged.values():
            shutil.rmtree(incoming, ignore_errors=True)


def _copy_for(name: str, source: Path, incoming: Path, folder: Path) -> None:
    """``source`` copied to ``incoming``, beside ``folder``; a disk without room said with the folder, what its files
    need and what to do."""
    shutil.rmtree(incoming, ignore_errors=True)
    try:
        incoming.mkdir(parents=True)
        for path in sorted(source.rglob("*")):  # not copytree: it said a full disk as a list of every file's error
            copy = incoming / path.relative_to(source)
            if path.is_dir():
                copy.mkdir()
            else:
                shutil.copy2(path, copy)
    except OSError as error:
        shutil.rmtree(incoming, ignore_errors=True)
        raise _not_put_back(name, source, folder, error) from error


def _not_put_back(name: str, source: Path, folder: Path, error: OSError) -> BackupError:
    vi, en, setting = FOLDER_WORDS[name]
    size = sum(f.stat().st_size for f in source.rglob("*") if f.is_file()) / 1_000_000
    need = {lang: local_number(size, lang, 1) for lang in ("vi", "en")}
    reason = error.strerror or str(error)
    return BackupError(
        f"{en} could not be put back into {folder} (the system says: {reason}): they need {need['en']} MB there; "
        f"free some room on that disk, or set {setting} to a folder on a larger disk, then restore again",
        f"không đặt lại được {vi} vào {folder} (hệ thống báo: {reason}): cần {need['vi']} MB ở đó; hãy giải phóng "
        f"chỗ trên ổ đĩa đó, hoặc đặt {setting} là một thư mục trên ổ đĩa lớn hơn, rồi khôi phục lại",
    )


def _put_in_place(name: str, incoming: Path, folder: Path) -> PutBack:
    """The files of ``incoming`` (beside ``folder``) moved into ``folder``, which keeps every file it had: one the
    archive does not hold is left in place (another registry's sharing the folder, or written after the backup: this
    registry does not point at it), one it holds otherwise is moved aside into ``<folder>.set-aside-<time>`` first.
    Renames on one disk, which need no room. A restore once replaced the whole folder, and with it the photos of
    another registry served from the same checkout (a trial's)."""
    folder.mkdir(parents=True, exist_ok=True)
    aside = folder.with_name(f"{folder.name}.set-aside-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    brought, set_aside = [], []
    for path in _files_in(incoming):
        relative = path.relative_to(incoming)
        target = folder / relative
        brought.append(target)
        if target.is_file() and filecmp.cmp(path, target, shallow=False):
            continue
        if target.exists():
            (aside / relative).parent.mkdir(parents=True, exist_ok=True)
            target.replace(aside / relative)
            set_aside.append(aside / relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    kept = set(brought)
    left = [path for path in _files_in(folder) if path not in kept]
    return PutBack(
        Files.counted(name, folder, brought), Files.counted(name, aside, set_aside), Files.counted(name, folder, left)
    )


def _replaced_uploads(folder: Path) -> PutBack:
    """The uploads of the database a ``--replace`` dropped, left in their folder: no job refers to them any more
    (the restored database has another number, so another folder: geo.ingest.uploads.uploads_folder)."""
    nothing = Files("uploads", folder)
    return PutBack(nothing, nothing, Files.counted("uploads", folder, _files_in(folder)), replaced_database=True)


def _files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []
