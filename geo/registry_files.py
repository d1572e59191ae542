"""Which registry a file in a shared folder is: registries served from one checkout share its folders (settings
``raster_dir``, ``upload_dir``) unless each sets its own, and each tells its files apart by its database's name.

A registered raster's file is named by its theme, year (or period) and content, and by the registry that wrote it:
``forest_cover_2024_<sha256[:16]>.<database>-<cluster>.tif``. Two registries loading the same raster each hold their
own name, a hard link to one file when the content is there already (no second copy, no second conversion), and a
removal deletes only its own name: the file goes with the last name, and no registry needs to know of the others.
A single name shared by every registry deleted, at ``georeg forest remove`` in one, the file the other still
registered (session 66). A file named before (no registry in its name) may be another registry's too: it is kept.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

_IDENTITY = (
    "SELECT current_database(), system_identifier, (SELECT oid FROM pg_database WHERE datname = current_database())"
    " FROM pg_control_system()"
)


def database_identity(connection: Connection | Session) -> tuple[str, int, int]:
    """The database's name (made fit for a file's name), its cluster's identifier (from its initdb: two clusters'
    databases of one name differ) and its own number (a database dropped and made again under its name differs)."""
    name, cluster, number = connection.execute(text(_IDENTITY)).one()
    return re.sub(r"[^\w.-]", "_", name) or "database", cluster, number


def registry_mark(connection: Connection | Session) -> str:
    """The registry's part of its rasters' names: its database and cluster. Not the database's number: a restore
    with ``--replace`` makes the database again, and its rasters are still its own."""
    name, cluster, _ = database_identity(connection)
    return f"{name}-{cluster}"


def own_raster(folder: Path, stem: str, mark: str) -> Path:
    """The registry's own name, in ``folder``, for the raster named ``stem`` (theme, year and content)."""
    return folder / f"{stem}.{mark}.tif"


def is_own(path: Path, mark: str) -> bool:
    """Whether ``path`` is named as the registry of ``mark`` names its own rasters."""
    return path.name.endswith(f".{mark}.tif")


def linked_to_same(folder: Path, stem: str, target: Path) -> bool:
    """``target`` made a hard link to a file of the same raster ``stem`` already in ``folder`` (another registry's,
    or named before); False when there is none, it went before it could be linked, or the folder's disk has no hard
    links (a network share's): the raster is then converted again."""
    for found in sorted(folder.glob(f"{glob.escape(stem)}*.tif")):
        try:
            os.link(found, target)
        except FileExistsError:  # this registry's own, linked meanwhile by another of its loads
            return True
        except OSError:
            continue
        return True
    return False


#: A raster's name: its stem (theme, year or period, content), then the registry's mark if any (a database's name
#: and its cluster's identifier, of many digits), then ".tif".
_NAME = re.compile(r"(?P<stem>.+?)(?:\.[\w.-]+-\d{6,})?\.tif")


def made_own(connection: Connection, folder: Path) -> list[Path]:
    """Each raster file in ``folder`` the registry registers under a name not its own (a restore of another
    registry's backup, or of a file named before) given the registry's own name, a hard link to it, and its rows
    pointed there, in the caller's transaction: a removal in either registry then keeps the other's. The names
    left to the others (a name whose own one holds another file is left as it was: a removal keeps it)."""
    mark, left = registry_mark(connection), []
    for (registered,) in connection.execute(text("SELECT DISTINCT path FROM raster_dataset ORDER BY path")).all():
        path, named = Path(registered), _NAME.fullmatch(Path(registered).name)
        if path.parent.resolve() != folder.resolve() or is_own(path, mark) or not named or not path.is_file():
            continue
        own = own_raster(path.parent, named["stem"], mark)
        try:
            _linked_or_copied(path, own)
        except FileExistsError:
            if not own.samefile(path):
                continue
        connection.execute(
            text("UPDATE raster_dataset SET path = :own WHERE path = :path"), {"own": str(own), "path": registered}
        )
        left.append(path)
    return left


def _linked_or_copied(source: Path, target: Path) -> None:
    """``target`` a hard link to ``source``, or a copy of it on a disk without hard links (a network share's)."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        partial = target.with_suffix(".partial")
        shutil.copy2(source, partial)
        partial.replace(target)
