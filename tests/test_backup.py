"""``georeg db backup`` / ``georeg db restore``: the database and the files it points at, put back as they were.

A trial's administrator had no procedure: his ``pg_restore`` into the database a running server used "finished" with
231 errors ignored. The restore here refuses a database in use or holding a registry unless told, and puts back the
projects, the tokens and their revocations, the photos, as they were at the backup.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
import rasterio
from fastapi.testclient import TestClient
from full_disk import files_cut_at, small_disk
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.main import create_app
from cli.main import app, main
from geo.db import get_engine
from geo.models import Project
from geo.registry_files import registry_mark
from geo.settings import PROJECT_ROOT, Settings, get_settings

PROJECT = "TV-P1-FLOOD-LAKE"


@pytest.fixture
def registry(make_registry, commands_use, monkeypatch, tmp_path):
    """A sample registry with its own folders of photos, rasters and uploads, the command line pointed at it."""
    url = make_registry("backup", sample=True)
    for name in ("photo", "raster", "upload"):
        monkeypatch.setenv(f"GEOREG_{name.upper()}_DIR", str(tmp_path / name))
    commands_use(url)
    return url


def georeg(*args: str):
    result = CliRunner().invoke(app, list(args))
    get_engine().dispose()  # as a command ends its process: its pooled connection would be a session in use
    return result


def _token(issued) -> tuple[str, str]:
    """The id and the token a `token create` printed."""
    return issued.stdout.split("token id ")[1].split(",")[0], issued.stdout.strip().splitlines()[-1]


def _retired(url: str) -> bool:
    engine = create_engine(url)
    with Session(engine) as session:
        retired = session.scalar(select(Project.retired_at).where(Project.code == PROJECT)) is not None
    engine.dispose()
    return retired


def _answers(url: str, token: str) -> int:
    """How the registry answers a request with ``token``: 200 if it works, 401 if not."""
    registry = create_app(Settings(database_url=url))
    answer = TestClient(registry).get("/api/account", headers={"Authorization": f"Bearer {token}"})
    registry.state.engine.dispose()  # as a server stopped before the restore
    return answer.status_code


def test_a_restore_puts_back_projects_tokens_revocations_and_photos_as_at_the_backup(registry, tmp_path):
    assert georeg("account", "create", "phuc.admin", "--role", "admin").exit_code == 0
    kept_id, kept = _token(georeg("token", "create", "phuc.admin"))
    gone_id, gone = _token(georeg("token", "create", "phuc.admin"))
    assert georeg("token", "revoke", gone_id).exit_code == 0
    photo = tmp_path / "photo" / "ab" / "abcd.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a dyke's photo")
    archive = tmp_path / "georeg.tar.gz"
    backed = georeg("db", "backup", str(archive))
    assert backed.exit_code == 0, backed.output

    assert georeg("project", "retire", PROJECT, "--reason", "trùng mã").exit_code == 0
    assert georeg("token", "revoke", kept_id).exit_code == 0
    photo.unlink()
    (tmp_path / "photo" / "ab" / "later.jpg").write_bytes(b"\xff\xd8 a photo sent after")
    assert _retired(registry) and _answers(registry, kept) == 401

    restored = georeg("db", "restore", str(archive), "--replace", "--lang", "en")
    assert restored.exit_code == 0, restored.output
    said = " ".join(restored.output.split())
    assert said.startswith("Restored the backup made at ") and "Đã khôi phục" not in said, said
    assert not _retired(registry)
    assert (_answers(registry, kept), _answers(registry, gone)) == (200, 401)
    assert photo.read_bytes() == b"\xff\xd8 a dyke's photo"
    assert (tmp_path / "photo" / "ab" / "later.jpg").exists()  # kept, not served: the restored registry has no report
    served = create_app(Settings(database_url=registry, photo_dir=tmp_path / "photo"))
    assert TestClient(served).get(f"/api/photos/{'ab' * 32}").status_code == 404
    served.state.engine.dispose()


def test_a_restore_removes_no_file_it_did_not_bring_and_says_what_it_kept_and_set_aside(registry, tmp_path):
    """A trial: two registries served from one checkout share var/photos/; a restore of one with --replace deleted
    every photo of the other (and every raster, upload and photo written since the backup), saying only "Restored…".
    Files the archive does not hold stay where they were, a file it holds otherwise is moved aside into a folder the
    restore names, and each is said with the folder, the count and the size."""
    from geo.ingest.uploads import uploads_folder

    photos, rasters = tmp_path / "photo", tmp_path / "raster"
    (photos / "ab").mkdir(parents=True)
    (photos / "ab" / "abcd.jpg").write_bytes(b"\xff\xd8 a dyke's photo")
    (rasters / "forest_2024.tif").parent.mkdir(parents=True)
    (rasters / "forest_2024.tif").write_bytes(b"II* as backed up")
    archive = tmp_path / "georeg.tar.gz"
    backed = georeg("db", "backup", str(archive), "--lang", "en")
    assert backed.exit_code == 0, backed.output
    said = " ".join(backed.output.split())
    assert f"The reports' photos: 1 file(s) (0 MB) read from {photos}" in said, said
    assert f"The rasters: 1 file(s) (0 MB) read from {rasters}" in said, said

    (photos / "zz").mkdir()
    (photos / "zz" / "zz_other.jpg").write_bytes(b"\xff\xd8 the other registry's photo")
    (rasters / "forest_2024.tif").write_bytes(b"II* written again since")
    engine = create_engine(registry)
    uploads = uploads_folder(engine, Settings(database_url=registry))
    engine.dispose()
    (uploads / "job-7").mkdir(parents=True)
    (uploads / "job-7" / "dykes.zip").write_bytes(b"PK an upload not yet loaded")

    restored = georeg("db", "restore", str(archive), "--replace", "--lang", "en")
    assert restored.exit_code == 0, restored.output
    said = " ".join(restored.output.split())
    assert (photos / "zz" / "zz_other.jpg").read_bytes() == b"\xff\xd8 the other registry's photo"
    assert f"The reports' photos: 1 file(s) not in the backup (0 MB) were left in {photos}: another" in said, said
    assert (rasters / "forest_2024.tif").read_bytes() == b"II* as backed up"
    (aside,) = tmp_path.glob("raster.set-aside-*")
    assert (aside / "forest_2024.tif").read_bytes() == b"II* written again since"
    assert (
        f"The rasters: 1 file(s) found there with contents other than the backup's (0 MB) were moved to {aside}" in said
    )
    assert (uploads / "job-7" / "dykes.zip").exists()
    assert f"1 file(s) (0 MB) left in {uploads}; no upload job refers to them any more" in said, said
    assert "Đã khôi phục" not in said

    again = georeg("db", "restore", str(archive), "--replace")  # without --lang: Vietnamese, then English
    said = " ".join(again.output.split())
    assert again.exit_code == 0 and "Ảnh của các báo cáo: giữ nguyên 1 tệp không có trong bản sao lưu (0 MB)" in said
    assert said.index("Ảnh của các báo cáo: 1 tệp của bản sao lưu (0 MB)") < said.index("The reports' photos: 1 file")


def test_a_restore_refuses_a_database_in_use_or_holding_a_registry_and_changes_nothing(registry, tmp_path):
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    assert georeg("project", "retire", PROJECT, "--reason", "trùng mã").exit_code == 0

    holding = georeg("db", "restore", str(archive))
    assert holding.exit_code == 1
    assert "already holds a registry: to replace it with the backup's, add --replace" in " ".join(
        holding.output.split()
    )

    server = create_engine(registry)  # a georeg serve still running
    with server.connect() as connection:
        connection.execute(text("SELECT 1"))
        busy = georeg("db", "restore", str(archive), "--replace")
    server.dispose()
    assert busy.exit_code == 1
    said = " ".join(busy.output.split())
    assert "1 other session(s) are connected to database" in said and "stop georeg serve" in said
    assert _retired(registry)

    still = psycopg.connect(registry.replace("+psycopg", ""))  # told to end it: the restore goes on
    ended = georeg("db", "restore", str(archive), "--replace", "--end-sessions")
    still.close()
    assert ended.exit_code == 0, ended.output
    assert not _retired(registry)

    assert georeg("project", "retire", PROJECT, "--reason", "trùng mã").exit_code == 0
    stopping = psycopg.connect(registry.replace("+psycopg", ""))  # a server stopped as the restore begins
    threading.Timer(0.5, stopping.close).start()
    waited = georeg("db", "restore", str(archive), "--replace")
    assert waited.exit_code == 0, waited.output  # refused for "1 other session(s)" while it ended (CI run 12)
    assert not _retired(registry)


def test_a_restore_of_an_older_schema_brings_it_up_to_this_code(registry, tmp_path, make_database, commands_use):
    """An archive made before an upgrade of georeg is restored, then migrated: the registry works at once."""
    from geo import migrations
    from geo.schema_version import schema_state

    older = make_database("backup_older")
    migrations.upgrade(older, "0034")
    commands_use(older)
    archive = tmp_path / "older.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    commands_use(registry)
    restored = georeg("db", "restore", str(archive), "--replace", "--lang", "vi")
    assert restored.exit_code == 0, restored.output
    said = " ".join(restored.output.split())
    assert "Lược đồ đã được nâng lên phiên bản này" in said and "The schema" not in said, said
    engine = create_engine(registry)
    assert schema_state(engine).name == "current"
    engine.dispose()


def test_a_restore_on_another_machine_reads_the_forest_raster_from_its_own_raster_folder(
    registry, tmp_path, make_database, commands_use, monkeypatch
):
    """Trial 56: rasters are registered by absolute paths; restored where GEOREG_RASTER_DIR is another folder, the
    forest-cover layer pointed at the first machine's files."""
    demo = georeg("forest", "demo", "--year", "2024", "--lang", "en")
    assert demo.exit_code == 0, demo.output
    raster_id = demo.output.split("forest raster ")[1].split()[0]
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    shutil.rmtree(tmp_path / "raster")  # not on the other machine

    elsewhere = tmp_path / "elsewhere"
    for name in ("photo", "raster", "upload"):
        monkeypatch.setenv(f"GEOREG_{name.upper()}_DIR", str(elsewhere / name))
    commands_use(make_database("backup_elsewhere"))
    restored = georeg("db", "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    statistics = georeg("forest", "stats", "--raster", raster_id)
    assert statistics.exit_code == 0, statistics.output
    assert "đã tính che phủ rừng" in statistics.output
    engine = create_engine(get_settings().effective_database_url)
    with engine.connect() as connection:
        path = connection.scalar(text("SELECT path FROM raster_dataset WHERE id = :id"), {"id": int(raster_id)})
        mark = registry_mark(connection)
    engine.dispose()
    assert engine.url.database in mark  # the file is this registry's own, under its name alone
    assert [str(f) for f in (elsewhere / "raster").iterdir()] == [path]
    assert path == str(elsewhere / "raster" / f"forest_cover_2024_synthetic_demo.{mark}.tif")
    said = " ".join(restored.output.split())
    assert "1 raster(s) now read from this machine's folders" in said
    assert "1 raster file(s) now carry this registry's own name" in said


def test_a_registry_restored_beside_the_one_backed_up_keeps_its_raster_when_that_one_removes_it(
    registry, tmp_path, make_database, commands_use
):
    """A backup restored into another database served from the same checkout (a test registry beside the office's)
    registered the office's raster file under the office's name: the office's ``georeg forest remove`` deleted it.
    The restored registry now has its own name for it, a hard link: no second copy."""
    demo = georeg("forest", "demo", "--year", "2024", "--lang", "en")
    raster_id = demo.output.split("forest raster ")[1].split()[0]
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    (office,) = (tmp_path / "raster").iterdir()

    commands_use(make_database("backup_beside"))
    assert georeg("db", "restore", str(archive)).exit_code == 0
    engine = create_engine(get_settings().effective_database_url)
    with engine.connect() as connection:
        path = connection.scalar(text("SELECT path FROM raster_dataset WHERE id = :id"), {"id": int(raster_id)})
    engine.dispose()
    assert path != str(office) and os.path.samefile(path, office)

    commands_use(registry)
    removed = georeg("forest", "remove", "--raster", raster_id, "--yes", "--lang", "en")
    assert removed.exit_code == 0 and f"deleted the file {office}" in " ".join(removed.output.split())
    with rasterio.open(path) as cog:
        assert cog.read(1).any()


def test_a_command_run_while_a_restore_runs_says_so_rather_than_to_migrate(
    registry, tmp_path, make_database, commands_use, monkeypatch, capsys
):
    """Trial 56: a command run just after a restore said "the administrator should run: georeg db migrate" (the
    restored tables were not there yet); the administrator should wait for the restore instead."""
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    empty = make_database("backup_during")
    elsewhere = {f"GEOREG_{name}_DIR": str(tmp_path / "elsewhere" / name) for name in ("PHOTO", "RASTER", "UPLOAD")}
    command = [sys.executable, "-c", "from cli.main import main; main()", "db", "restore", str(archive)]
    env = os.environ | elsewhere | {"GEOREG_DATABASE_URL": empty}
    restoring = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    server = psycopg.connect(registry.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres", autocommit=True)
    name = empty.rsplit("/", 1)[1]
    running = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_restore' AND datname = %s"
    while not server.execute(running, (name,)).fetchone()[0]:
        assert restoring.poll() is None, restoring.communicate()[0]
        time.sleep(0.02)
    server.close()
    # pg_restore held still, its one transaction open, while the command runs: a small archive's restore could
    # otherwise commit before the command asks (CI run s65_4 read the restored, empty accounts table)
    paused = _child_named(restoring.pid, "pg_restore")
    os.kill(paused, signal.SIGSTOP)
    try:
        commands_use(empty)
        monkeypatch.setattr(sys, "argv", ["georeg", "account", "list"])
        with pytest.raises(SystemExit):
            main()
        said = " ".join(capsys.readouterr().out.split())
        get_engine().dispose()
    finally:
        os.kill(paused, signal.SIGCONT)

    assert restoring.wait(timeout=120) == 0, restoring.communicate()[0]
    assert "a backup is being restored into this database (georeg db restore): wait until it ends" in said, said
    assert "georeg db migrate" not in said


def _child_named(parent: int, name: str) -> int:
    """The process id of ``parent``'s child program ``name``."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            command, ppid = stat[stat.index("(") + 1 : stat.rindex(")")], int(stat[stat.rindex(")") + 2 :].split()[1])
            if ppid == parent and command == name:
                return int(entry.name)
    raise AssertionError(f"no {name} under process {parent}")


#: An archive georeg db backup cannot write ({tmp}: the test's folder), and what it says in each language.
ARCHIVE_REFUSED = [
    ("{tmp}/none/georeg.tar.gz", "chưa có thư mục {tmp}/none; hãy tạo thư mục đó hoặc chọn FILE khác",
     "there is no folder {tmp}/none; create it or choose another FILE"),
    ("/sys/georeg.tar.gz", "không được phép ghi vào thư mục /sys; hãy chọn FILE trong một thư mục của bạn",
     "writing in the folder /sys is not allowed; choose a folder of yours for FILE"),
    ("{tmp}/folder", "{tmp}/folder là một thư mục; hãy ghi cả tên tệp sau nó",
     "{tmp}/folder is a folder; give the file's name after it"),
]  # fmt: skip


def _refused_in_both(result, vi: str, en: str) -> None:
    """``result`` exited 1 saying ``vi`` after "Không có gì thay đổi:" and ``en`` after "Nothing changed:", no
    traceback."""
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), said
    assert f"Không có gì thay đổi: {vi}" in said and f"Nothing changed: {en}" in said, said


def test_a_backup_to_a_file_that_cannot_be_written_is_said_before_the_dump_in_both_languages(registry, tmp_path):
    """`georeg db backup` into a folder not there printed a traceback ending "FileNotFoundError … .x.tar.gz.part",
    after the dump; one it may not write in or a folder, a PermissionError or an IsADirectoryError (a part left
    beside it). Said as --out is said by the other commands, before the dump, and nothing left behind."""
    (tmp_path / "folder").mkdir()
    before = sorted(tmp_path.rglob("*"))
    for where, vi, en in ARCHIVE_REFUSED:
        said = (f"{name}: {words.format(tmp=tmp_path)}" for name, words in (("tệp FILE", vi), ("file", en)))
        _refused_in_both(georeg("db", "backup", where.format(tmp=tmp_path)), *said)
        assert sorted(tmp_path.rglob("*")) == before, where


def test_a_restore_of_a_file_that_is_not_a_whole_backup_says_so_and_changes_nothing(registry, tmp_path):
    """A backup cut short (copied in part) was restored to "Aborted" (tarfile's EOFError), a file that is no archive
    to a traceback of tarfile's ReadError."""
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    assert georeg("project", "retire", PROJECT, "--reason", "trùng mã").exit_code == 0
    cut, text_file = tmp_path / "cut.tar.gz", tmp_path / "notes.txt"
    cut.write_bytes(archive.read_bytes()[:30_000])
    text_file.write_text("không phải bản sao lưu", encoding="utf-8")
    for source in (cut, text_file):
        _refused_in_both(
            georeg("db", "restore", str(source), "--replace"),
            f"không đọc được {source} như một tệp lưu trữ (không phải tệp lưu trữ, hoặc bị cắt cụt",
            f"{source} cannot be read as an archive (it is not one, or it was cut short, copied in part)",
        )
    assert _retired(registry)


def test_a_restore_of_a_file_that_may_not_be_read_says_so_in_both_languages(registry, unreadable_file):
    """A file the administrator may not read was restored to a traceback ending in PermissionError."""
    _refused_in_both(
        georeg("db", "restore", str(unreadable_file)),
        f"tệp FILE: không được phép đọc {unreadable_file}; hãy nhờ người sở hữu tệp cho phép đọc",
        f"file: reading {unreadable_file} is not allowed; ask its owner to let you read it",
    )


def _said_alone(result, exit_code: int, said: str, unsaid: str) -> None:
    """``result`` exited ``exit_code`` saying ``said``, and not ``unsaid`` (the same in the other language)."""
    output = " ".join(result.output.split())
    assert result.exit_code == exit_code and said in output and unsaid not in output, output


def test_backup_and_restore_say_what_they_did_and_why_not_in_the_language_asked_alone(registry, tmp_path):
    """`georeg db backup` and `db restore` had no --lang, which every other command takes: they said everything in
    Vietnamese then English. Asked, each says it in that language alone (without --lang, both, as before)."""
    archive = tmp_path / "georeg.tar.gz"
    backed = georeg("db", "backup", str(archive), "--lang", "vi")
    _said_alone(backed, 0, f"vào {archive} (", "Backed up")
    assert re.search(r"\(\d+,\d MB\)", backed.output), backed.output  # a Vietnamese decimal comma
    _said_alone(
        georeg("db", "restore", str(archive), "--lang", "en"),
        1,
        "Nothing changed: database georeg_test_backup",
        "Không có gì thay đổi",
    )
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[:30_000])
    _said_alone(georeg("db", "restore", str(cut), "--lang", "vi"), 1, "Không có gì thay đổi: không đọc được", "Nothing")
    none = str(tmp_path / "none" / "georeg.tar.gz")
    _said_alone(georeg("db", "backup", none, "--lang", "en"), 1, "Nothing changed: file: there is no folder", "thư")


def test_a_backup_or_restore_stopped_by_a_full_disk_says_which_file_and_what_to_do(registry, tmp_path):
    """A disk filling up midway: pg_dump ended by the system said "pg_dump failed: " and nothing more; a restore
    unpacking the archive printed a traceback ending "OSError: [Errno 27] File too large". Each says which file or
    folder, why and what to do, in --lang, nothing changed and nothing left beside the archive asked for."""
    archive = tmp_path / "georeg.tar.gz"
    before = sorted(tmp_path.rglob("*"))
    with files_cut_at(20_000):
        stopped = georeg("db", "backup", str(archive), "--lang", "en")
    too_large = f"Nothing changed: file: {archive} is larger than a file may be on that disk (a USB stick formatted"
    _said_alone(stopped, 1, f"{too_large} FAT32 holds files of up to 4 GB) or for this user (ulimit -f)", "ổ đĩa")
    assert sorted(tmp_path.rglob("*")) == before

    assert georeg("db", "backup", str(archive)).exit_code == 0
    with files_cut_at(20_000):
        unpacking = georeg("db", "restore", str(archive), "--replace", "--lang", "vi")
    _said_alone(unpacking, 1, f"Không có gì thay đổi: không giải nén được {archive} vào thư mục tạm", "Nothing")
    assert "hãy giải phóng chỗ trên ổ đĩa đó, hoặc đặt TMPDIR" in " ".join(unpacking.output.split())


def test_a_restore_without_room_for_the_photos_says_which_folder_and_what_to_do_and_changes_nothing(
    registry, tmp_path, monkeypatch
):
    """The photos were put back after the database: a disk without room for them was a traceback ending "[Errno 28]
    No space left on device", the database restored and its photos missing. They are copied onto their disk first: a
    full one is said (which folder, how much they need, what to do) and neither the database nor the folder changed."""
    disk = tmp_path / "disk"
    photos = disk / "photo"
    monkeypatch.setenv("GEOREG_PHOTO_DIR", str(photos))
    get_settings.cache_clear()
    (photos / "ab").mkdir(parents=True)
    (photos / "ab" / "abcd.jpg").write_bytes(os.urandom(600_000))  # a photo does not compress
    archive = tmp_path / "georeg.tar.gz"
    assert georeg("db", "backup", str(archive)).exit_code == 0
    assert georeg("project", "retire", PROJECT, "--reason", "trùng mã").exit_code == 0
    shutil.rmtree(disk)
    with small_disk(disk, 400):
        photos.mkdir()
        (photos / "later.jpg").write_bytes(b"\xff\xd8 a photo sent after")
        stopped = georeg("db", "restore", str(archive), "--replace", "--lang", "en")
        left = [str(p.relative_to(disk)) for p in sorted(disk.rglob("*"))]
    said = f"Nothing changed: the reports' photos could not be put back into {photos} (the system says: No space left"
    _said_alone(stopped, 1, said, "Không")
    assert "device): they need 0.6 MB there; free some room on that disk, or set GEOREG_PHOTO_DIR to" in " ".join(
        stopped.output.split()
    )
    assert _retired(registry), "the database was restored"
    assert left == ["photo", "photo/later.jpg"]
