"""A small, safe CQL2-text filter: comparisons (=, <>, <, <=, >, >=), LIKE, IS [NOT] NULL, AND, OR, NOT and
parentheses.

Text properties compare with 'quoted text', numeric ones with numbers.

Only the layer's exposed fields may be named; every literal becomes a bound parameter, so a filter can never
inject SQL. Errors say where the filter went wrong and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<op><>|<=|>=|=|<|>)
      | (?P<paren>[()])
      | (?P<quoted>"[^"]+")
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"AND", "OR", "NOT", "LIKE", "IS", "NULL"}
MAX_FILTER_CHARS = 10_000
MAX_NESTING = 50  # parentheses and NOTs within each other; the parser recurses once (or thrice) per level


class CqlError(ValueError):
    """A filter that cannot be read; the message points at the problem."""


@dataclass
class _Parser:
    tokens: list[tuple[str, str, int]]
    fields: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    pos: int = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self, expected: str) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise CqlError(f"the filter ends where {expected} was expected")
        self.pos += 1
        return token

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
        kind, value, at = self.next("a property name or '('")
        if kind == "paren" and value == "(":
            inner = self.expression()
            if self.next("')'")[1] != ")":
                raise CqlError(f"')' expected at character {self.tokens[self.pos - 1][2]}")
            return f"({inner})"
        column, numeric = self.column(kind, value, at)
        if self.keyword("IS"):
            negated = self.keyword("NOT")
            if not self.keyword("NULL"):
                raise CqlError(f"NULL expected after IS at character {at}")
            return f"{column} IS {'NOT ' if negated else ''}NULL"
        negate = self.keyword("NOT")
        if self.keyword("LIKE"):
            if numeric:
                raise CqlError(f"LIKE needs a text property; {value} at character {at} is a number")
            return f"{column} {'NOT ' if negate else ''}LIKE {self.literal(numeric=False)}"
        if negate:
            raise CqlError(f"LIKE expected after NOT at character {at}")
        kind, op, at = self.next("a comparison (=, <>, <, <=, >, >=, LIKE)")
        if kind != "op":
            raise CqlError(f"a comparison (=, <>, <, <=, >, >=, LIKE) expected at character {at}, found {op!r}")
        return f"{column} {op} {self.literal(numeric)}"

    def column(self, kind: str, value: str, at: int) -> tuple[str, bool]:
        """The SQL of a property and whether it is numeric."""
        name = value.strip('"') if kind == "quoted" else value
        if kind not in ("word", "quoted") or name.upper() in KEYWORDS and kind == "word":
            raise CqlError(f"a property name expected at character {at}, found {value!r}")
        if name not in self.fields:
            raise CqlError(f"unknown property {name!r} at character {at}; queryable: {', '.join(self.fields)}")
        numeric = self.fields[name] in ("number", "integer")
        return f'src."{name}"' + ("::double precision" if numeric else "::text"), numeric

    def literal(self, numeric: bool) -> str:
        kind, value, at = self.next("a value")
        if kind == "number" and numeric:
            bound: Any = float(value)
        elif kind == "string" and not numeric:
            bound = value[1:-1].replace("''", "'")
        else:
            wanted = "a number" if numeric else "a quoted 'text'"
            raise CqlError(f"{wanted} expected at character {at}, found {value!r}")
        name = f"cql_{len(self.params)}"
        self.params[name] = bound
        return f":{name}"


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        if not text[pos:].strip():
            break
        match = _TOKEN.match(text, pos)
        if match is None:
            raise CqlError(f"cannot read the filter at character {pos}: {text[pos : pos + 20]!r}")
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
            raise CqlError(f"the filter nests deeper than {MAX_NESTING} levels at character {at}; simplify it")


def to_sql(text: str, fields: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """SQL for a CQL2-text ``text`` over ``fields`` (name → JSON type), with its bound parameters."""
    if len(text) > MAX_FILTER_CHARS:
        raise CqlError(f"the filter is {len(text):,} characters long; at most {MAX_FILTER_CHARS:,} are read")
    parser = _Parser(_tokens(text), fields)
    _check_nesting(parser.tokens)
    if not parser.tokens:
        raise CqlError("the filter is empty")
    sql = parser.expression()
    if parser.peek() is not None:
        raise CqlError(f"unexpected {parser.peek()[1]!r} at character {parser.peek()[2]}; join conditions with AND/OR")
    return sql, parser.params
