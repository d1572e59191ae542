"""Where a progress PDF names the units it numbers on its map: in its legend when the list reads there at 6.5 pt or
more, on the next page only when not (every PDF sent its list to page 2, three districts' too)."""

from __future__ import annotations

import re

import pytest
from printed_sheets import pdf_text, word_sizes


@pytest.mark.parametrize(("orientation", "lang"), [("landscape", "vi"), ("portrait", "en")])
def test_a_district_sheets_three_numbered_units_are_listed_on_its_one_page(client, tmp_path, orientation, lang):
    """The districts' A4 sheet numbers three units (Tiểu Cần, the cities of Bạc Liêu and Trà Vinh): the legend read
    "số 1–3: xem trang 2" and a whole page followed for three lines."""
    params = {"format": "pdf", "paper": "a4", "orientation": orientation, "lang": lang}
    pdf = client.get("/progress/export", params=params).content
    text = pdf_text(pdf, tmp_path)
    assert text.count("\f") == 1, text[-600:]  # one page
    words = " ".join(text.split())
    listed = re.findall(r"\b([123])\. [^:]+: ", words)
    assert sorted(listed) == ["1", "2", "3"], words[-600:]
    assert "trang 2" not in words and "page 2" not in words
    numbers = [size for _, size, word in word_sizes(pdf, tmp_path, page=1) if word in ("1.", "2.", "3.")]
    assert len(numbers) == 3 and min(numbers) >= 6.45, numbers  # each row's number, set as its row


def test_a_sheet_whose_list_would_be_under_6_5_pt_still_lists_it_on_page_2(client, tmp_path):
    """The 2025 communes' A4 sheet numbers 43 units: its list stays on the next page, the legend saying so."""
    params = {"format": "pdf", "paper": "a4", "scheme": "2025", "level": "commune", "lang": "en"}
    pdf = client.get("/progress/export", params=params).content
    assert pdf_text(pdf, tmp_path).count("\f") == 2
    legend = " ".join(pdf_text(pdf, tmp_path, pages=1).split())
    assert re.search(r"numbers 1–\d+: see page 2", legend) and not re.search(r"\b1\. (Commune|Ward)", legend)
