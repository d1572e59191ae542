"""CQL2-JSON filters, read by writing them as CQL2-text for layers.cql2 (one parser, one set of checks).

Covers what the text form covers: and/or/not, the comparisons, like, between, in, isNull, s_intersects with a
GeoJSON geometry or a bbox, {"property": …}, {"date": …} and {"timestamp": …}.
"""

from __future__ import annotations

import json
from typing import Any

import shapely.geometry

from geo.parser_words import geos_detail, json_detail
from geo.said import Said
from layers.cql2 import CqlError

COMPARISONS = {"=", "<>", "<", "<=", ">", ">="}


def to_text(document: str) -> str:
    """The CQL2-text of a CQL2-JSON ``document``; CqlError when it is not one."""
    try:
        expression = json.loads(document)
    except json.JSONDecodeError as error:
        detail = json_detail(error)
        raise CqlError(Said(f"bộ lọc không phải JSON: {detail.vi}", f"the filter is not JSON: {detail.en}")) from error
    return _text(expression)


def _text(node: Any) -> str:
    if isinstance(node, bool) or node is None:
        raise CqlError(
            Said(f"không so sánh được {json.dumps(node)} ở đây", f"{json.dumps(node)} cannot be compared here")
        )
    if isinstance(node, int | float):
        return repr(node)
    if isinstance(node, str):
        return "'" + node.replace("'", "''") + "'"
    if not isinstance(node, dict):
        shown = json.dumps(node)[:60]
        raise CqlError(Said(f"{shown} không phải một biểu thức CQL2-JSON", f"{shown} is not a CQL2-JSON expression"))
    if "property" in node:
        return '"' + str(node["property"]).replace('"', "") + '"'
    if "date" in node:
        return f"DATE({_text(node['date'])})"
    if "timestamp" in node:
        return f"TIMESTAMP({_text(node['timestamp'])})"
    if "bbox" in node:
        return "BBOX(" + ", ".join(_text(float(v)) for v in node["bbox"]) + ")"
    if "type" in node and "coordinates" in node:
        try:
            return shapely.geometry.shape(node).wkt
        except (ValueError, TypeError, AttributeError) as error:
            shown, detail = json.dumps(node)[:60], geos_detail(error)
            said = Said(
                f"không đọc được hình học GeoJSON {shown}: {detail.vi}",
                f"the GeoJSON geometry {shown} cannot be read: {detail.en}",
            )
            raise CqlError(said) from error
    return _operation(node)


def _operation(node: dict[str, Any]) -> str:
    op, args = str(node.get("op", "")).lower(), node.get("args")
    if not isinstance(args, list):
        shown = json.dumps(node)[:60]
        raise CqlError(
            Said(
                f"{shown}: một phép toán cần 'op' và một danh sách 'args'",
                f"{shown}: an operation needs 'op' and a list of 'args'",
            )
        )
    if op in ("and", "or"):
        return "(" + f" {op.upper()} ".join(_text(a) for a in args) + ")"
    if op == "not" and len(args) == 1:
        return f"NOT ({_text(args[0])})"
    if op in COMPARISONS and len(args) == 2:
        return f"{_text(args[0])} {op} {_text(args[1])}"
    if op == "like" and len(args) == 2:
        return f"{_text(args[0])} LIKE {_text(args[1])}"
    if op == "between" and len(args) == 3:
        return f"{_text(args[0])} BETWEEN {_text(args[1])} AND {_text(args[2])}"
    if op == "in" and len(args) == 2 and isinstance(args[1], list):
        return f"{_text(args[0])} IN ({', '.join(_text(a) for a in args[1])})"
    if op == "isnull" and len(args) == 1:
        return f"{_text(args[0])} IS NULL"
    if op == "s_intersects" and len(args) == 2:
        first = args[0] if isinstance(args[0], dict) and "property" in args[0] else None
        if first is None:
            raise CqlError(
                Said(
                    "s_intersects nhận thuộc tính hình học trước tiên: {'property': 'geometry'}",
                    "s_intersects takes the geometry property first: {'property': 'geometry'}",
                )
            )
        return f"S_INTERSECTS({first['property']}, {_text(args[1])})"
    offered = "and, or, not, =, <>, <, <=, >, >=, like, between, in, isNull, s_intersects"
    raise CqlError(
        Said(
            f"không có phép toán {op!r} với {len(args)} đối số; hãy dùng {offered}",
            f"operation {op!r} with {len(args)} argument(s) is not offered; use {offered}",
        )
    )
