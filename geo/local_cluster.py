"""The project-local PostGIS cluster that ``georeg db up`` starts.

It lives in a git-ignored folder of the checkout, listens on 127.0.0.1 only and trusts
local connections, so a developer or CI needs no server set up by hand. PostgreSQL
refuses to run as root, so when we are root the server runs as the ``postgres`` system
user that Debian's package creates.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from geo.said import Said
from geo.settings import Settings

PG_VERSION = "15"
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "300",
    "shared_buffers": "'256MB'",
    "synchronous_commit": "off",
    "timezone": "'UTC'",
    # WAL kept for a standby made from this cluster (make_standby): its base backup, taken while other work writes
    # (the test suite's loads), asked for a segment already recycled
    "wal_keep_size": "'512MB'",
}
#: Given at start only (pg_ctl -o), never written to the configuration: the next start without them is durable again.
WITHOUT_FSYNC = "-c fsync=off -c full_page_writes=off"


class ClusterError(RuntimeError):
    """The local cluster could not be created or started; the message (``said``, in Vietnamese and English) says what
    to do."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.en)
        self.said = said


@dataclass(frozen=True)
class LocalCluster:
    """A cluster in ``data_dir`` on ``port``. Without ``fsync`` it is started without fsync and full_page_writes: for
    a throwaway cluster (the test suite's), where every DROP DATABASE's checkpoint was otherwise written to disk and
    waited for; a crash of the machine can corrupt it."""

    data_dir: Path
    port: int
    superuser: str
    fsync: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalCluster:
        return cls(settings.local_db_dir, settings.local_db_port, settings.local_db_user, settings.local_db_fsync)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / PG_VERSION

    def ensure_running(self) -> None:
        """Create the cluster if missing and start it if stopped; safe to call again."""
        if os.geteuid() == 0:
            _let_postgres_reach(self.data_dir.parent)
        created = (self.pgdata / "PG_VERSION").exists()
        if created:
            self._refuse_another_port()
        if created and self.is_running():
            return
        self._refuse_a_taken_port()
        if not created:
            self._init()
        log = str(self.data_dir / "server.log")
        self._run("pg_ctl", "-D", str(self.pgdata), "-l", log, "-w", "-t", "60", *self._start_options, "start")

    @property
    def _start_options(self) -> tuple[str, ...]:
        """What pg_ctl passes to the server at start beside the configuration's own settings."""
        return () if self.fsync else ("-o", WITHOUT_FSYNC)

    def runs_with_fsync(self) -> bool:
        """Whether the running server writes durably (``SHOW fsync``): it may have been started otherwise than this
        cluster's ``fsync`` asks, by an earlier ``georeg db up``."""
        with self.connect("postgres") as conn:
            return conn.execute("SHOW fsync").fetchone()[0] == "on"

    def _refuse_another_port(self) -> None:
        """Refuse a port other than the one the cluster was made for (its configuration's), before anything is
        started: pg_ctl would start it on its own port, and the database then be looked for on this one ("connection
        refused", dozens of lines). Not started on the port asked instead: the cluster's port is its address, known
        to what was set up with it (a GEOREG_DATABASE_URL, a standby's primary_conninfo, a server running on it)."""
        made = int(self._run("postgres", "-C", "port", "-D", str(self.pgdata)).stdout.strip())
        if made == self.port:
            return
        raise ClusterError(_made_for_another_port(self.data_dir, made, self.port))

    def _refuse_a_taken_port(self) -> None:
        """Say so when another server already listens on our port (most often another checkout's local cluster, left
        running by a test run that failed): pg_ctl would only say it could not start, after its timeout."""
        with socket.socket() as probe:
            taken = probe.connect_ex(("127.0.0.1", self.port)) == 0
        if taken:
            raise ClusterError(
                Said(
                    f"cổng {self.port} trên 127.0.0.1 đã có máy chủ khác dùng, nên cụm cục bộ trong {self.data_dir} "
                    "không khởi động ở đó được. Nếu đó là cụm của một bản checkout khác, hãy dừng nó (georeg db down "
                    "với GEOREG_LOCAL_DB_DIR của bản đó); hoặc đặt cổng khác cho cụm này (GEOREG_LOCAL_DB_PORT)",
                    f"port {self.port} on 127.0.0.1 is already in use by another server, so the local cluster in "
                    f"{self.data_dir} cannot start there. If it is another checkout's cluster, stop it (`georeg db "
                    "down` with that checkout's GEOREG_LOCAL_DB_DIR); or give this one another port "
                    "(GEOREG_LOCAL_DB_PORT)",
                )
            )

    def is_running(self) -> bool:
        result = self._run("pg_ctl", "-D", str(self.pgdata), "status", check=False)
        return result.returncode == 0

    def stop(self) -> bool:
        """Stop the cluster; False if it was not running."""
        if not self.is_running():
            return False
        self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop")
        return True

    def make_standby(self, data_dir: Path, port: int) -> LocalCluster:
        """A hot standby of this cluster in ``data_dir`` (pg_basebackup, streaming from it) on ``port``; not started.

        For trying replicas on one machine (the tests); a production standby is set up by its administrator."""
        standby = LocalCluster(data_dir, port, self.superuser, self.fsync)
        data_dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            _let_postgres_reach(data_dir.parent)
            account = pwd.getpwnam("postgres")
            os.chown(data_dir, account.pw_uid, account.pw_gid)
        source = ["-h", "127.0.0.1", "-p", str(self.port), "-U", self.superuser]
        # --no-sync: a standby for trying is thrown away after; the base backup's fsync of every file took 10-13 s of
        # a test cluster's copy (its start syncs the file system at once instead: recovery_init_sync_method below)
        backup = ["-D", str(standby.pgdata), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]
        self._run("pg_basebackup", *source, *backup)
        # syncfs: a standby started from a base backup syncs its whole data directory first, file by file unless told;
        # a test cluster's copy holds hundreds of databases, 86 s of fsync on a busy disk (pg_ctl gave up at 60 s)
        settings = [
            f"port = {port}",
            f"unix_socket_directories = '{standby.pgdata}'",
            "shared_buffers = '32MB'",
            "recovery_init_sync_method = syncfs",
        ]
        with open(standby.pgdata / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write("\n".join(settings) + "\n")
        return standby

    def ensure_database(self, name: str) -> None:
        """Create the database ``name`` with PostGIS unless it exists."""
        with self.connect("postgres") as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name))
                )
        with self.connect(name) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def drop_database(self, name: str) -> None:
        with self.connect("postgres") as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def connect(self, dbname: str) -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user=self.superuser, dbname=dbname, autocommit=True)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.superuser}@127.0.0.1:{self.port}/{dbname}"

    def _init(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            for path in (self.data_dir, self.pgdata):
                os.chown(path, account.pw_uid, account.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.pgdata),
            "-U",
            self.superuser,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            *(() if self.fsync else ("--no-sync",)),  # nor its new files written to disk first
        )
        lines = [f"{key} = {value}" for key, value in SERVER_SETTINGS.items()]
        lines += [f"port = {self.port}", f"unix_socket_directories = '{self.pgdata}'"]
        with open(self.pgdata / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
            conf.write("\n".join(lines) + "\n")

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(pg_bin() / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode != 0:
            log, said = self.data_dir / "server.log", result.stderr.strip() or result.stdout.strip()
            raise ClusterError(
                Said(
                    f"{tool} không chạy được ({result.returncode}): {said}\nNhật ký của máy chủ: {log}; `make setup` "
                    f"cài PostgreSQL {PG_VERSION} + PostGIS.",
                    f"{tool} failed ({result.returncode}): {said}\nSee {log} for the server's own log; `make setup` "
                    f"installs PostgreSQL {PG_VERSION} + PostGIS.",
                )
            )
        return result


def _let_postgres_reach(folder: Path) -> None:
    """Let the ``postgres`` user traverse (not list) every folder down to the checkout.

    A checkout in a private folder (``mktemp -d`` makes mode 0700) would otherwise stop
    the server, which runs as ``postgres``, from reaching its data directory.
    """
    for path in (folder, *folder.parents):
        mode = path.stat().st_mode
        if not mode & stat.S_IXOTH:
            os.chmod(path, mode | stat.S_IXOTH)
            print(f"georeg: let other users traverse {path} so the postgres server can reach .pgdata")


def _made_for_another_port(folder: Path, made: int, asked: int) -> Said:
    """Why the cluster in ``folder``, made for port ``made``, is not started on port ``asked``, and what to do."""
    default = Settings.model_fields["local_db_port"].default
    unset = made == default
    return Said(
        f"cụm cục bộ trong {folder} được tạo cho cổng {made}, không phải cổng {asked} (GEOREG_LOCAL_DB_PORT; "
        f"{default} khi không đặt): hãy đặt GEOREG_LOCAL_DB_PORT={made}{' hoặc bỏ biến đó' if unset else ''}, hoặc "
        f"chọn GEOREG_LOCAL_DB_DIR khác để tạo một cụm mới trên cổng {asked}; chưa khởi động gì",
        f"the local cluster in {folder} was made for port {made}, not port {asked} (GEOREG_LOCAL_DB_PORT; {default} "
        f"when not set): set GEOREG_LOCAL_DB_PORT={made}{' or unset it' if unset else ''}, or choose another "
        f"GEOREG_LOCAL_DB_DIR to make a new cluster on port {asked}; nothing was started",
    )


def pg_bin() -> Path:
    """The folder of PostgreSQL's programs of the version the cluster runs (initdb, pg_ctl, pg_dump, pg_restore)."""
    candidate = Path(f"/usr/lib/postgresql/{PG_VERSION}/bin")
    if (candidate / "initdb").exists():
        return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise ClusterError(
        Said(
            f"không tìm thấy các chương trình máy chủ PostgreSQL {PG_VERSION}. Hãy chạy `make setup` (cài "
            f"postgresql-{PG_VERSION}-postgis-3) hoặc đặt GEOREG_DATABASE_URL tới một PostGIS có sẵn.",
            f"PostgreSQL {PG_VERSION} server binaries not found. Run `make setup` "
            f"(installs postgresql-{PG_VERSION}-postgis-3) or set GEOREG_DATABASE_URL to an existing PostGIS.",
        )
    )
