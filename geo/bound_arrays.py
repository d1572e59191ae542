"""Lists bound as arrays and read as a table: what a statement over a whole file's rows joins to (a status file's
positions, its events, its audit entries), in one parameter a column rather than one a value."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, bindparam, cast, column, func
from sqlalchemy.sql.type_api import TypeEngine


def unnested(name: str, **columns: tuple[TypeEngine, list[Any]]):
    """Lists of one length as a table ``name``, a column a list: each list bound as one array, unnested. A status
    file's 3,000 rows as a VALUES list, one parameter a value, spent most of its time compiling and sending them: its
    dry run took 1.36 s, 0.67 s so (bench/status_import.py)."""
    arrays = [
        cast(bindparam(f"{name}_{key}", values, type_=ARRAY(kind)), ARRAY(kind))
        for key, (kind, values) in columns.items()
    ]
    typed = [column(key, kind) for key, (kind, _) in columns.items()]
    return func.unnest(*arrays).table_valued(*typed).render_derived(name=name)
