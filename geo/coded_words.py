"""The one reader of the words people write for a coded value: a project's status above all ("Chuẩn bị",
"chuan bi", "Under construction", "preparing"), and a kind or a location precision the same way.

Every place that reads such a word from a person's file or command — a sheet loaded into projects (geo.ingest), a
status import of points (geo.bulk_status_reports), a printed map's filters (``georeg map export --status``) — reads
it here, so that a word one takes the others take too (a status import took only codes and labels, trial 69). The
words are the vocabulary's table (geo.vocab: each term's code, its Vietnamese and English labels and the shorter
words offices write), read in any case and with or without accents (geo.text_encoding.fold: "chuan bi", "Huỷ").
"""

from __future__ import annotations

import functools
from typing import Any

from geo.said import Said
from geo.text_encoding import fold
from geo.vocab import PROJECT_STATUSES, Term


def words_of(term: Term) -> tuple[str, ...]:
    """The words taken for ``term``: its code, its Vietnamese label, its English label, then the shorter words."""
    return (term.code, term.vi, term.en, *term.short)


@functools.cache
def _codes_by_word(terms: tuple[Term, ...]) -> dict[str, str]:
    return {fold(word): term.code for term in terms for word in words_of(term)}


def code_of(terms: tuple[Term, ...], word: Any) -> str | None:
    """The code of the term of ``terms`` that ``word`` names, or None (an empty cell too)."""
    if word is None:
        return None
    return _codes_by_word(terms).get(fold(str(word)))


def read_status(word: Any) -> str | None:
    """A project's status code from a word written for it ("Chuẩn bị", "chuan bi", "preparing"), or None."""
    return code_of(PROJECT_STATUSES, word)


def words_taken(terms: tuple[Term, ...]) -> Said:
    """The words taken for each code, as a refusal lists them: "preparing: Chuẩn bị đầu tư, Investment preparation,
    Chuẩn bị, …; …", then that case and accents do not matter."""
    listed = "; ".join(f"{t.code}: {', '.join(words_of(t)[1:])}" for t in terms)
    return Said(
        f"{listed} (chữ hoa hay thường, có dấu hay không dấu đều được)",
        f"{listed} (any case, with or without accents)",
    )
