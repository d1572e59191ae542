"""The printed sheets' text set in DejaVu Sans cut to Vietnamese and English letters (maps.sheet_font): a PDF embeds
the cut, every letter comes back out of it, and a letter outside the cut still prints from the whole font."""

from __future__ import annotations

import subprocess

import matplotlib
import pytest

from maps.map_sheet import RC, Sheet, SheetText, save

VIETNAMESE = "Đập Láng Thé — Xã Hòa Bình, Phường Bạc Liêu: tiến độ 53,3 %; ỹ Ự ở ≤ 2‰ ₫ № → ● ■"


def _pdf(words: str, tmp_path) -> tuple[str, str]:
    """A sheet with ``words`` on its map, as a PDF: (its fonts as pdffonts lists them, its text as pdftotext reads)."""
    with matplotlib.rc_context(RC):
        sheet = Sheet("a4", "landscape")
        sheet.map_axes.text(0.1, 0.5, words, transform=sheet.map_axes.transAxes)
        sheet.map_axes.text(0.1, 0.4, words, transform=sheet.map_axes.transAxes, fontweight="bold")
        pdf = save(sheet, "pdf", sheet.finish(SheetText(title="Bản đồ thử", lines=[], legend=[], source="Nguồn")))
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    words_read = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    return fonts, words_read


def test_a_sheet_embeds_the_cut_font_and_its_vietnamese_comes_back_whole(tmp_path):
    fonts, words_read = _pdf(VIETNAMESE, tmp_path)
    assert "GeoregSheetSans-Book" in fonts and "GeoregSheetSans-Bold" in fonts, fonts
    assert "DejaVuSans" not in fonts, fonts  # nothing left for the whole font
    assert words_read.count(VIETNAMESE) == 2, words_read


@pytest.mark.parametrize("letters", ["Ωμέγα", "Жёлтый"])
def test_a_letter_outside_the_cut_prints_from_the_whole_font(tmp_path, letters):
    fonts, words_read = _pdf(f"Dự án {letters}", tmp_path)
    assert "DejaVuSans" in fonts and "GeoregSheetSans" in fonts, fonts
    assert f"Dự án {letters}" in words_read, words_read
