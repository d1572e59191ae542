"""Finding projects and admin units by name, ignoring case, diacritics and tone placement.

Names and the query are compared through the database's ``georeg_fold`` (migration 0024: unaccent and lower
case), so "chau hung" finds "Châu Hưng" and "Hoà"/"Hòa" are the same; the database returns only the places
found, best first, however many projects the registry holds.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.status_history import STATE_AS_OF_IF_ANY

# A project with its (former) province and status: two "Đông Hải 1" wind farms, one in each province, are told apart.
# Its status is today's, or as of a day that of its last report by then (none before its first: {as_of}).
_PROJECTS = """
SELECT 'project' AS type, p.id, p.code, p.name_vi, p.name_en, p.kind AS detail, NULL AS scheme, NULL AS unit_type_vi,
       pv.name_vi AS province_vi, pv.name_en AS province_en, {status}, p.geom
FROM {projects} p
LEFT JOIN admin_unit pv ON pv.scheme = 'pre2025' AND pv.level = 'province' AND pv.code = p.province_code{as_of}
WHERE p.retired_at IS NULL"""
_UNITS = """
SELECT 'unit', u.id, u.code, u.name_vi, u.name_en, u.level, u.scheme, u.unit_type_vi,
       CASE WHEN up.level = 'province' THEN up.name_vi ELSE upp.name_vi END,
       CASE WHEN up.level = 'province' THEN up.name_en ELSE upp.name_en END, NULL, u.geom
FROM admin_unit u LEFT JOIN admin_unit up ON up.id = u.parent_id LEFT JOIN admin_unit upp ON upp.id = up.parent_id
WHERE NOT u.is_context
"""
_PLACES = _PROJECTS + "\nUNION ALL" + _UNITS
#: The projects of the shortest names, a window of them: where the best matches of a word in nearly every name are
#: (:func:`_best_among_the_shortest`).
_SHORTEST = "(SELECT * FROM project WHERE retired_at IS NULL ORDER BY length(name_vi), id LIMIT :window)"
#: How many of the shortest names are read first.
SHORTEST_WINDOW = 2000
# A place's names and code, folded: what the words are searched in. A unit by its name with its type too ("huyen hoa
# binh"), as the map and the pages write it.
_HAYSTACK = "georeg_fold(coalesce(unit_type_vi || ' ', '') || name_vi || ' ' || coalesce(name_en, '') || ' ' || code)"
# The best matches first (:func:`_match_rank`), then shorter names; each name folded once (OFFSET 0: not again for
# each test of a word).
_FOUND = (
    """
SELECT type, id, code, name_vi, name_en, detail, scheme, unit_type_vi, province_vi, province_en, status,
       ST_XMin(geom) AS west, ST_YMin(geom) AS south, ST_XMax(geom) AS east, ST_YMax(geom) AS north{extra}
FROM (SELECT *, """
    + _HAYSTACK
    + """ AS folded FROM ({places}) AS named OFFSET 0) AS places
WHERE {every_word}
ORDER BY {rank}, length(name_vi), type, id
LIMIT :limit
"""
)
# A place's names a query is ranked by: in Vietnamese with the unit's type, in English.
_NAMES = ("coalesce(unit_type_vi || ' ', '') || name_vi", "coalesce(name_en, '')")


#: The unit types as offices (and the map, zoomed out) shorten them: "TP. Bạc Liêu", "TX Giá Rai", "H. Hòa Bình".
#: A single letter is a type only with its dot ("p. 7"), not a word of a code or a name.
TYPE_ABBREVIATIONS = {
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "h.": "huyện",
    "q.": "quận",
    "p.": "phường",
    "x.": "xã",
}


def search_places(session: Session, query: str, limit: int = 10, as_of: date | None = None) -> list[dict[str, Any]]:
    """Projects and units whose name (vi or en) or code holds every word of ``query``; names starting with the
    query (at a word) first, then shorter names. Each has its bounding box (None for a project with no site). A unit
    type may be shortened (:data:`TYPE_ABBREVIATIONS`). A project's status is today's, or as of ``as_of`` (None
    before its first report), as the map of that day draws it."""
    words = query_words(query)
    if not words:
        return []
    every_word, found = every_word_in("folded", words)
    status, as_of_join = ("st.status", STATE_AS_OF_IF_ANY) if as_of else ("p.status", "")
    found |= {"phrase": " ".join(words), "limit": limit, "as_of": as_of, "window": SHORTEST_WINDOW}
    rows = _best_among_the_shortest(session, every_word, len(words), status, as_of_join, found, limit)
    if rows is None:
        places = _PLACES.format(projects="project", status=status, as_of=as_of_join)
        sql = _FOUND.format(places=places, every_word=every_word, rank=_match_rank(len(words)), extra="")
        rows = session.execute(text(sql), found).mappings().all()
    return [_place(row) for row in rows]


def _best_among_the_shortest(
    session: Session, every_word: str, count: int, status: str, as_of: str, found: dict[str, Any], limit: int
) -> list[Any] | None:
    """The answer when the words are found as typed, whole, in a row in ``limit`` names or more among the
    :data:`SHORTEST_WINDOW` projects of shortest names (and every unit): those names come first in any case, best
    rank then shortest; None otherwise. A word in nearly every name ("cống", "dự án") had every name of the registry
    folded, split into words and ranked for its first 10 (1.9–4.8 s at 100,000 projects, trial 71)."""
    best = f"{every_word} AND {_rank_tests(count)[0]}"
    places = _PLACES.format(projects=_SHORTEST, status=status, as_of=as_of)
    extra = ", count(*) FILTER (WHERE type = 'project') OVER () AS projects_found"
    sql = _FOUND.format(places=places, every_word=best, rank="CAST(0 AS integer)", extra=extra)  # one rank
    rows = session.execute(text(sql), found).mappings().all()
    return rows if rows and rows[0]["projects_found"] >= limit else None


def query_words(query: str) -> list[str]:
    """The words of a search, a shortened unit type spelt out (:data:`TYPE_ABBREVIATIONS`)."""
    return [word for typed in re.sub(r"(?<=\w\.)(?=\w)", " ", query).split() for word in _spelt_out(typed)]


def every_word_in(haystack: str, words: list[str]) -> tuple[str, dict[str, str]]:
    """The SQL condition that the text ``haystack`` (an SQL expression, folded by georeg_fold) holds each of
    ``words``, diacritics and case aside, and its parameters (``:word0``…)."""
    # a number is a whole word of a name or code ("Đông Hải 1", "…-HAI-1"), not any digit of one: "dong hai 1"
    # listed BL-13.3 and dropped Vĩnh Long's Đông Hải for it
    # a word of letters starts a word of the name ("hung" is in "Châu Hưng", not in "Cồn Phụng": a trial's planner
    # got the Cồn Phụng power line for "chau hung"); one with other signs ("13.3", "VL-KE") is found anywhere
    condition = " AND ".join(
        f"strpos({haystack}, :word{i}) > 0 AND {_begins_a_word(haystack, f':word{i}', whole=True)}"
        if word.isdigit()
        else f"strpos({haystack}, georeg_fold(:word{i})) > 0 AND {_begins_a_word(haystack, f'georeg_fold(:word{i})')}"
        if word.isalpha()  # the plain test first: the regular expression only for the names that hold it
        else f"strpos({haystack}, georeg_fold(:word{i})) > 0"
        for i, word in enumerate(words)
    )
    return condition, {f"word{i}": word for i, word in enumerate(words)}


def _begins_a_word(haystack: str, word: str, whole: bool = False) -> str:
    """The SQL test that ``word`` (of letters and digits only) begins a word of ``haystack`` (after its start or a
    sign), and ends one too if ``whole``: a regular expression of the word, one a query. It was the name split into
    words (regexp_replace) each row, then searched: the most of a search of a word in nearly every name (trial 71)."""
    end = " || '($|[^[:alnum:]])'" if whole else ""
    return f"({word} ~ '^[[:alnum:]]+$' AND {haystack} ~ ('(^|[^[:alnum:]])' || {word}{end}))"


def _match_rank(count: int) -> str:
    """The SQL of how well a place's name matches the query's ``count`` words (``:phrase``, ``:word0``…), best 0:
    the words as typed, whole, in a row ("vinh loi": "Huyện Vĩnh Lợi", "Bãi rác … (Châu Hưng, Vĩnh Lợi)"); then in a
    row, the last one begun ("vinh lo"); then each a whole word, apart ("Trà Vinh … thủy lợi"); then each begun ("xa
    don" finds "Xã Đông Hải" after "Xã Đôn Châu"); then the rest (a code, a word of other signs). At each step a
    name holding the words outside its brackets comes before one holding them only in its brackets, the place or
    site that qualifies it: "chau hung" opened "Bãi rác Tân Tạo (Châu Hưng, Vĩnh Lợi)", shorter, before "Khu xử lý
    rác thải Châu Hưng (…)" (trial 68). A planner's "vinh loi" listed a Trà Vinh irrigation system among the first
    five, and "bac phuong" the ward of Bạc Liêu before the Bắc Phương wind farm (trial 64)."""

    tests = _rank_tests(count)
    return "CASE " + " ".join(f"WHEN {test} THEN {rank}" for rank, test in enumerate(tests)) + f" ELSE {len(tests)} END"


def _rank_tests(count: int) -> list[str]:
    """The SQL tests of :func:`_match_rank`'s ranks, best first."""

    def in_a_name(typed: str, outside_brackets: bool) -> str:  # a name's words between spaces
        names = [f"regexp_replace({n}, '\\([^)]*\\)', ' ', 'g')" for n in _NAMES] if outside_brackets else _NAMES
        return "(" + " OR ".join(f"strpos(' ' || {_words(name)} || ' ', {typed}) > 0" for name in names) + ")"

    phrase = f"' ' || {_words(':phrase')}"
    begun = [f"' ' || {_words(f':word{i}')}" for i in range(count)]
    steps = [[phrase + " || ' '"], [phrase], [word + " || ' '" for word in begun], begun]  # what a name holds
    return [" AND ".join(in_a_name(typed, outside) for typed in step) for step in steps for outside in (True, False)]


def _words(text_sql: str) -> str:
    """The SQL of ``text_sql``'s words folded (georeg_fold), its punctuation as single spaces."""
    return f"regexp_replace(georeg_fold({text_sql}), '[^[:alnum:]]+', ' ', 'g')"


def _spelt_out(word: str) -> list[str]:
    """A word of the query, or the words of the unit type it shortens ("TP." → "thành", "phố")."""
    folded = word.lower()
    full = TYPE_ABBREVIATIONS.get(folded.rstrip(".")) or TYPE_ABBREVIATIONS.get(folded)
    return full.split() if full else [word]


def _place(row: Any) -> dict[str, Any]:
    box = [row["west"], row["south"], row["east"], row["north"]]
    place = {k: row[k] for k in ("type", "id", "code", "name_vi", "name_en", "scheme")}
    place["bbox"] = box if None not in box else None
    provinces = {k: row[k] for k in ("province_vi", "province_en")}
    if row["type"] == "project":
        return place | {"kind": row["detail"], "status": row["status"]} | provinces
    return place | {"level": row["detail"], "unit_type_vi": row["unit_type_vi"]} | provinces
