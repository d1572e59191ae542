"""A small, safe CQL2-text filter (OGC 21-065): basic CQL2 (comparisons =, <>, <, <=, >, >=, IS [NOT] NULL, AND, OR,
NOT, parentheses), advanced comparison ([NOT] LIKE, [NOT] BETWEEN, [NOT] IN), DATE('…') and TIMESTAMP('…') literals,
and S_INTERSECTS of the geometry with a WKT or BBOX(…) literal.

Text properties compare with 'quoted text', numeric ones with numbers, date ones with DATE('2024-01-01') (or, as GDAL
writes them, '2024-01-01T'). Only the layer's exposed fields may be named; every literal becomes a bound parameter,
so a filter can never inject SQL. Errors say where the filter went wrong and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely

from geo.parser_words import geos_detail
from geo.said import Said, SaidError
from geo.vi_format import local_number

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<op><>|<=|>=|=|<|>)
      | (?P<paren>[()])
      | (?P<comma>,)
      | (?P<quoted>"[^"]+")
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"AND", "OR", "NOT", "LIKE", "IS", "NULL", "BETWEEN", "IN", "DATE", "TIMESTAMP", "S_INTERSECTS"}
GEOMETRY_NAMES = {"geometry", "geom"}
WKT_TYPES = {
    "POINT",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "GEOMETRYCOLLECTION",
}
NUMERIC, TEMPORAL = ("number", "integer"), ("date", "date-time")
#: The parser reads a filter token by token, in memory, before the database sees it: the limit keeps one request from
#: holding a worker and its memory for long. A former district's boundary as units_pre2025_district serves it (7
#: decimals) is up to 35,490 characters as WKT (huyện Duyên Hải, 850; Trà Cú 14,614); longer is refused, naming unit=.
MAX_FILTER_CHARS = 60_000
MAX_NESTING = 50  # parentheses and NOTs within each other; the parser recurses once (or thrice) per level
COMPARISONS = "=, <>, <, <=, >, >=, LIKE, BETWEEN, IN, IS NULL"

Transform = Callable[[shapely.Geometry], shapely.Geometry]


class CqlError(SaidError):
    """A filter that cannot be read; the message, in both languages, points at the problem (the filter's own words
    quoted as written)."""


def _vi_number(number: int) -> str:
    """A count as Vietnamese writes it (60.000)."""
    return local_number(number, "vi", 0)


def _character(at: int) -> str:
    """The filter's character at index ``at``, counted as its user counts (the first is 1) and written as Vietnamese
    writes numbers; the English messages say ``at + 1``: "at character 0" read as a fault before the filter."""
    return _vi_number(at + 1)


@dataclass
class _Parser:
    text: str
    tokens: list[tuple[str, str, int]]
    fields: dict[str, str]
    geometry_column: str
    to_storage: Transform
    params: dict[str, Any] = field(default_factory=dict)
    pos: int = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self, expected: Said) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise self.missing(expected)
        self.pos += 1
        return token

    def missing(self, expected: Said) -> CqlError:
        """``expected`` is not where the filter goes on: said at the word found instead, or at the filter's end
        ("status IS NUL" was said at the property, character 1, where NULL was missing)."""
        token = self.peek()
        if token is None:
            end = len(self.text.rstrip())
            return CqlError(
                Said(
                    f"bộ lọc hết sau ký tự {_vi_number(end)}, ở chỗ cần {expected.vi}",
                    f"the filter ends after character {end}, where {expected.en} was expected",
                )
            )
        _, found, at = token
        return CqlError(
            Said(
                f"cần {expected.vi} ở ký tự {_character(at)}, gặp {found!r}",
                f"{expected.en} expected at character {at + 1}, found {found!r}",
            )
        )

    def expect(self, value: str) -> None:
        kind, found, at = self.next(Said(repr(value), repr(value)))
        if found != value:
            raise CqlError(
                Said(
                    f"cần {value!r} ở ký tự {_character(at)}, gặp {found!r}",
                    f"{value!r} expected at character {at + 1}, found {found!r}",
                )
            )

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token and token[0] == "word" and token[1].upper() == word:
            self.pos += 1
            return True
        return False

    def expression(self) -> str:
        parts = [self.conjunction()]
        while self.keyword("OR"):
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def conjunction(self) -> str:
        parts = [self.predicate()]
        while self.keyword("AND"):
            parts.append(self.predicate())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def predicate(self) -> str:
        if self.keyword("NOT"):
            return f"NOT ({self.predicate()})"
        if self.keyword("S_INTERSECTS"):
            return self.intersects()
        kind, value, at = self.next(Said("tên một thuộc tính hoặc '('", "a property name or '('"))
        if kind == "paren" and value == "(":
            inner = self.expression()
            self.expect(")")
            return f"({inner})"
        column, kind_of = self.column(kind, value, at)
        if self.keyword("IS"):
            negated = self.keyword("NOT")
            if not self.keyword("NULL"):
                raise self.missing(
                    Said(f"NULL sau IS{' NOT' if negated else ''}", f"NULL (after IS{' NOT' if negated else ''})")
                )
            return f"{column} IS {'NOT ' if negated else ''}NULL"
        negate = "NOT " if self.keyword("NOT") else ""
        if self.keyword("LIKE"):
            if kind_of != "string":
                raise CqlError(
                    Said(
                        f"LIKE cần một thuộc tính văn bản; {value} ở ký tự {_character(at)} không phải văn bản",
                        f"LIKE needs a text property; {value} at character {at + 1} is not text",
                    )
                )
            return f"{column} {negate}LIKE {self.literal(kind_of)}"
        if self.keyword("BETWEEN"):
            low = self.literal(kind_of)
            if not self.keyword("AND"):
                raise self.missing(Said("AND giữa hai giá trị của BETWEEN", "AND (between BETWEEN's two values)"))
            return f"{column} {negate}BETWEEN {low} AND {self.literal(kind_of)}"
        if self.keyword("IN"):
            self.expect("(")
            values = [self.literal(kind_of)]
            while self.peek() and self.peek()[0] == "comma":
                self.pos += 1
                values.append(self.literal(kind_of))
            self.expect(")")
            return f"{column} {negate}IN ({', '.join(values)})"
        if negate:
            raise CqlError(
                Said(
                    f"cần LIKE, BETWEEN hoặc IN sau NOT ở ký tự {_character(at)}",
                    f"LIKE, BETWEEN or IN expected after NOT at character {at + 1}",
                )
            )
        kind, op, at = self.next(Said(f"một phép so sánh ({COMPARISONS})", f"a comparison ({COMPARISONS})"))
        if kind != "op":
            raise CqlError(
                Said(
                    f"cần một phép so sánh ({COMPARISONS}) ở ký tự {_character(at)}, gặp {op!r}",
                    f"a comparison ({COMPARISONS}) expected at character {at + 1}, found {op!r}",
                )
            )
        return f"{column} {op} {self.literal(kind_of)}"

    def column(self, kind: str, value: str, at: int) -> tuple[str, str]:
        """The SQL of a property and its kind: "string", "number" or "date"."""
        name = value.strip('"') if kind == "quoted" else value
        if kind not in ("word", "quoted") or name.upper() in KEYWORDS and kind == "word":
            raise CqlError(
                Said(
                    f"cần tên một thuộc tính ở ký tự {_character(at)}, gặp {value!r}",
                    f"a property name expected at character {at + 1}, found {value!r}",
                )
            )
        if name not in self.fields:
            queryable = ", ".join(self.fields)
            raise CqlError(
                Said(
                    f"không có thuộc tính {name!r} (ở ký tự {_character(at)}); các thuộc tính lọc được: {queryable}",
                    f"unknown property {name!r} at character {at + 1}; queryable: {queryable}",
                )
            )
        if self.fields[name] in NUMERIC:
            return f'src."{name}"::double precision', "number"
        if self.fields[name] in TEMPORAL:
            return f'src."{name}"', "date"
        return f'src."{name}"::text', "string"

    def bind(self, value: Any) -> str:
        name = f"cql_{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def literal(self, kind_of: str) -> str:
        kind, value, at = self.next(Said("một giá trị", "a value"))
        if kind == "number" and kind_of == "number":
            return self.bind(float(value))
        if kind == "string" and kind_of == "string":
            return self.bind(value[1:-1].replace("''", "'"))
        if kind_of == "date" and (kind == "string" or value.upper() in ("DATE", "TIMESTAMP")):
            return self.bind(self.instant(kind, value, at))
        wanted = {
            "number": Said("một số", "a number"),
            "string": Said("một 'văn bản' trong dấu nháy đơn", "a quoted 'text'"),
            "date": Said("DATE('2024-01-01')", "DATE('2024-01-01')"),
        }[kind_of]
        raise CqlError(
            Said(
                f"cần {wanted.vi} ở ký tự {_character(at)}, gặp {value!r}",
                f"{wanted.en} expected at character {at + 1}, found {value!r}",
            )
        )

    def instant(self, kind: str, value: str, at: int) -> date | datetime:
        """DATE('…'), TIMESTAMP('…'), or a quoted ISO 8601 date as GDAL writes it ('2024-01-01T')."""
        function = value.upper() if kind == "word" else None
        if function:
            self.expect("(")
            kind, value, at = self.next(Said("một ngày trong dấu nháy đơn", "a quoted date"))
            self.expect(")")
        text = value[1:-1].rstrip("T") if kind == "string" else ""
        try:
            if function == "DATE" or function is None and len(text) == 10:
                return date.fromisoformat(text)
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as error:
            example = "DATE('2024-01-01')" if function != "TIMESTAMP" else "TIMESTAMP('2024-01-01T00:00:00Z')"
            said = Said(
                f"{value} ở ký tự {_character(at)} không phải một ngày; hãy viết, ví dụ, {example}",
                f"{value} at character {at + 1} is not a date; write e.g. {example}",
            )
            raise CqlError(said) from error

    def intersects(self) -> str:
        self.expect("(")
        kind, value, at = self.next(Said("thuộc tính hình học", "the geometry property"))
        if value.strip('"') not in GEOMETRY_NAMES:
            raise CqlError(
                Said(
                    f"S_INTERSECTS ở ký tự {_character(at)} so sánh hình học: hãy viết S_INTERSECTS(geometry, "
                    "POINT(105.7 9.3))",
                    f"S_INTERSECTS at character {at + 1} compares the geometry: write S_INTERSECTS(geometry, "
                    "POINT(105.7 9.3))",
                )
            )
        self.expect(",")
        geometry = self.geometry()
        self.expect(")")
        return f"ST_Intersects({self.geometry_column}, ST_GeomFromText({self.bind(geometry.wkt)}, 4326))"

    def geometry(self) -> shapely.Geometry:
        """A WKT or BBOX(west, south, east, north) literal in the filter's CRS, turned into CRS84."""
        kind, value, at = self.next(Said("một hình học (WKT hoặc BBOX)", "a geometry (WKT or BBOX)"))
        word = value.upper() if kind == "word" else ""
        if word == "BBOX":
            self.expect("(")
            numbers = [self.number()]
            while self.peek() and self.peek()[0] == "comma":
                self.pos += 1
                numbers.append(self.number())
            self.expect(")")
            if len(numbers) != 4:
                raise CqlError(
                    Said(
                        f"BBOX ở ký tự {_character(at)} cần 4 số: BBOX(tây, nam, đông, bắc)",
                        f"BBOX at character {at + 1} needs 4 numbers: BBOX(west, south, east, north)",
                    )
                )
            return self.to_storage(shapely.box(*numbers))
        if word not in WKT_TYPES:
            raise CqlError(
                Said(
                    f"cần một hình học WKT hoặc BBOX(…) ở ký tự {_character(at)}, gặp {value!r}",
                    f"a WKT geometry or BBOX(…) expected at character {at + 1}, found {value!r}",
                )
            )
        end = self.closing_paren(word, at)
        while self.peek() and self.peek()[2] <= end:
            self.pos += 1
        try:
            return self.to_storage(shapely.from_wkt(self.text[at : end + 1]))
        except shapely.errors.GEOSException as error:
            detail = geos_detail(error)
            said = Said(
                f"hình học ở ký tự {_character(at)} không phải WKT hợp lệ: {detail.vi}",
                f"the geometry at character {at + 1} is not valid WKT: {detail.en}",
            )
            raise CqlError(said) from error

    def closing_paren(self, word: str, at: int) -> int:
        """Where the WKT ``word`` starting at ``at`` ends."""
        start, depth = self.text.find("(", at), 0
        if start < 0:
            raise CqlError(
                Said(
                    f"{word} ở ký tự {_character(at)} không có tọa độ; hãy viết, ví dụ, POINT(105.7 9.3)",
                    f"the {word} at character {at + 1} has no coordinates; write e.g. POINT(105.7 9.3)",
                )
            )
        for end in range(start, len(self.text)):
            depth += {"(": 1, ")": -1}.get(self.text[end], 0)
            if depth == 0:
                return end
        raise CqlError(
            Said(
                f"{word} ở ký tự {_character(at)} thiếu dấu ')' đóng",
                f"the {word} at character {at + 1} misses a closing ')'",
            )
        )

    def number(self) -> float:
        kind, value, at = self.next(Said("một số", "a number"))
        if kind != "number":
            raise CqlError(
                Said(
                    f"cần một số ở ký tự {_character(at)}, gặp {value!r}",
                    f"a number expected at character {at + 1}, found {value!r}",
                )
            )
        return float(value)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            unread = text[pos : pos + 20]
            raise CqlError(
                Said(
                    f"không đọc được bộ lọc ở ký tự {_character(pos)}: {unread!r}",
                    f"cannot read the filter at character {pos + 1}: {unread!r}",
                )
            )
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return tokens


def _check_nesting(tokens: list[tuple[str, str, int]]) -> None:
    """Refuse a filter too deeply nested to read safely (the parser recurses per level)."""
    nots_per_level, depth = [0], 1
    for kind, value, at in tokens:
        if kind == "paren":
            if value == "(":
                nots_per_level.append(0)
                depth += 1
            elif len(nots_per_level) > 1:
                depth -= 1 + nots_per_level.pop()
        elif kind == "word" and value.upper() == "NOT":
            nots_per_level[-1] += 1
            depth += 1
        if depth > MAX_NESTING:
            raise CqlError(
                Said(
                    f"bộ lọc lồng nhau sâu hơn {MAX_NESTING} mức ở ký tự {_character(at)}; hãy viết đơn giản hơn",
                    f"the filter nests deeper than {MAX_NESTING} levels at character {at + 1}; simplify it",
                )
            )


def to_sql(
    text: str,
    fields: dict[str, str],
    geometry_column: str = "src.geom",
    to_storage: Transform = lambda geometry: geometry,
) -> tuple[str, dict[str, Any]]:
    """SQL for a CQL2-text ``text`` over ``fields`` (name → JSON type, or "date"), with its bound parameters.

    Geometry literals are read in the filter's CRS and ``to_storage`` turns them into CRS84 longitude/latitude."""
    if len(text) > MAX_FILTER_CHARS:
        raise CqlError(
            Said(
                f"bộ lọc dài {_vi_number(len(text))} ký tự; chỉ đọc tối đa {_vi_number(MAX_FILTER_CHARS)} — hãy đơn "
                "giản hóa hình học, hoặc hỏi các dự án của một huyện cũ hay một xã (2025) bằng unit=<mã> (/api/units)",
                f"the filter is {len(text):,} characters long; at most {MAX_FILTER_CHARS:,} are read — simplify the "
                "geometry, or ask for a former district's or 2025 commune's projects with unit=<code> (/api/units)",
            )
        )
    parser = _Parser(text, _tokens(text), fields, geometry_column, to_storage)
    _check_nesting(parser.tokens)
    if not parser.tokens:
        raise CqlError(Said("bộ lọc trống", "the filter is empty"))
    sql = parser.expression()
    if parser.peek() is not None:
        _, extra, at = parser.peek()
        raise CqlError(
            Said(
                f"thừa {extra!r} ở ký tự {_character(at)}; hãy nối các điều kiện bằng AND/OR",
                f"unexpected {extra!r} at character {at + 1}; join conditions with AND/OR",
            )
        )
    return sql, parser.params
