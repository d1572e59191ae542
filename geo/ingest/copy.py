"""COPY in PostgreSQL's binary format, the fast way rows of a large load reach the database."""

from __future__ import annotations

from collections.abc import Iterable

from psycopg import Connection
from psycopg.adapt import Dumper
from psycopg.pq import Format
from psycopg.types import TypeInfo
from sqlalchemy.orm import Session


def copy_binary(session: Session, table: str, columns: dict[str, str], rows: Iterable[tuple]) -> None:
    """COPY ``rows`` into ``table`` in PostgreSQL's binary format, in the session's transaction.

    ``columns`` maps each column to its type; geometries are given as (E)WKB bytes and sent as they are, which spares
    building and parsing hex text (a third of the load time of a large file).
    """
    connection = session.connection().connection.driver_connection
    geometry = connection.adapters.types.get("geometry") or _register_geometry(connection)
    types = [geometry.oid if kind == "geometry" else kind for kind in columns.values()]
    with connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _register_geometry(connection: Connection) -> TypeInfo:
    """PostGIS's geometry type on this connection, its values sent as the (E)WKB bytes they are; looked up once per
    connection, not once per chunk."""
    geometry = TypeInfo.fetch(connection, "geometry")

    class EwkbDumper(Dumper):
        format, oid = Format.BINARY, geometry.oid

        def dump(self, obj: bytes) -> bytes:
            return obj

    geometry.register(connection)
    connection.adapters.register_dumper(None, EwkbDumper)  # by oid only: used where a COPY declares geometry
    return geometry
