"""The one reader of status words (geo.coded_words) and its table (geo.vocab): each word names one term."""

from __future__ import annotations

from collections import Counter

import pytest

from geo.coded_words import read_status, words_of
from geo.text_encoding import fold
from geo.vocab import LOCATION_PRECISIONS, PROJECT_KINDS, PROJECT_STATUSES


@pytest.mark.parametrize("terms", [PROJECT_STATUSES, PROJECT_KINDS, LOCATION_PRECISIONS], ids=["status", "kind", "p"])
def test_each_word_of_a_vocabulary_names_one_of_its_terms(terms):
    named = Counter(fold(word) for term in terms for word in set(map(fold, words_of(term))))
    assert [word for word, count in named.items() if count > 1] == []


def test_a_status_is_read_in_any_case_with_or_without_accents_and_an_unknown_word_is_none():
    """Trial 69: "Chuẩn bị", "chuan bi" (preparing) were not statuses."""
    read = {word: read_status(word) for word in ("Chuẩn bị", "chuan bi", " CHUẨN BỊ ĐẦU TƯ ", "Huỷ", "hủy bỏ", "xong")}
    assert read == {
        "Chuẩn bị": "preparing",
        "chuan bi": "preparing",
        " CHUẨN BỊ ĐẦU TƯ ": "preparing",
        "Huỷ": "cancelled",
        "hủy bỏ": "cancelled",
        "xong": None,
    }
    assert read_status(None) is None and read_status("") is None
    # an agency's status file wrote "Hoạt động" for a plant running (a re-check of session 71)
    assert read_status("Hoạt động") == read_status("dang hoat dong") == "operating"
