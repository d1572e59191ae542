"""Printable maps (/map/export, /progress/export, ``georeg map export``): real PNG and PDF files read back with
Pillow and poppler's pdftotext/pdfinfo, against the sample registry in PostGIS; the web map's "Export map" panel
downloads one in Chromium, on a desktop and a phone."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from printed_sheets import (
    DrawnOnce,
    drawn_once,
    not_saved,
    numbered_units,
    pdf_blocks,
    pdf_page_points,
    pdf_text,
    sheet_pixels,
    word_sizes,
)
from sqlalchemy import text

from geo.progress import ProgressQuery
from geo.vi_format import local_number, local_percent, vi_date
from geo.vietnam_day import vietnam_today
from layers.catalog import PROGRESS_CLASSES
from maps import map_export, map_sheet
from maps.map_export import MapExport, _percent


@pytest.fixture(scope="module")
def printed(client) -> DrawnOnce:
    """The sample's printed sheets, each drawn once for the module (printed_sheets.drawn_once)."""
    return drawn_once(client)


SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_png_has_the_papers_size_at_150_dpi_and_draws_a_map(printed):
    png = printed("/map/export", {"format": "png", "paper": "a4", "orientation": "landscape"})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert 'filename="georeg_map_' in png.headers["content-disposition"]
    image = Image.open(io.BytesIO(png.content)).convert("RGB")
    assert image.size == (sheet_pixels(297), sheet_pixels(210))
    colours = image.getcolors(maxcolors=1 << 20)
    white = sum(n for n, colour in colours if colour == (255, 255, 255))
    assert white / (image.width * image.height) < 0.8 and len(colours) > 200
    # land outside the registry's provinces is grey and the sea blue, as on the web map (maps.context)
    assert sum(n for n, colour in colours if colour == (0xE4, 0xE2, 0xDE)) > 0.05 * image.width * image.height
    assert sum(n for n, colour in colours if colour == (0xAA, 0xCB, 0xE6)) > 0.05 * image.width * image.height
    portrait = printed("/progress/export", {"format": "png", "paper": "a3", "orientation": "portrait"})
    assert Image.open(io.BytesIO(portrait.content)).size == (sheet_pixels(297), sheet_pixels(420))
    # the docs show one (docs/web-map.md)
    progress = printed("/progress/export", {"format": "png", "lang": "vi", "as_of": "2025-06-30"})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "map_export_progress_vi.png").write_bytes(progress.content)


def test_progress_pdf_in_vietnamese_has_title_date_legend_names_and_sources(printed, sample_engine, tmp_path):
    pdf = printed("/progress/export", {"format": "pdf", "lang": "vi", "as_of": "2024-06-30"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf_page_points(pdf.content, tmp_path) == pytest.approx((842, 595), abs=1)  # A4 landscape
    words = pdf_text(pdf.content, tmp_path)
    assert "Tiến độ dự án theo đơn vị hành chính" in words
    assert "Tính đến ngày 30/06/2024" in words
    assert all(term.vi in words for term in PROGRESS_CLASSES)  # "0–20 %" … "Không có dự án"
    assert "Huyện Hoà Bình" in words and "Tỉnh Sóc Trăng" in words
    # the boundaries by who made them, not by the bundled files' names
    said = " ".join(words.split())
    assert "Nguồn: ranh giới hành chính — Cổng thông tin điện tử Chính phủ (gis.chinhphu.vn)" in said, said
    assert "Open Development Vietnam" in said and ".geojson" not in said
    assert f"Lập bằng georeg ngày {vi_date(vietnam_today())}" in " ".join(words.split())
    english = pdf_text(printed("/progress/export", {"lang": "en", "as_of": "2024-06-30"}).content, tmp_path)
    assert "Project progress by administrative unit" in english and "As of 30 Jun 2024" in english
    assert "Hoà Bình District" in english and "No projects" in english and "Sources:" in english


def test_progress_of_one_province_keeps_its_units_on_the_figures_and_the_sheet(client, printed, tmp_path):
    """A Bạc Liêu planner could not get a progress map or figures of Bạc Liêu alone: /progress said the province
    filter was not applied, and ?province=95 on the printed sheet was ignored (the same file). The province keeps its
    own units, by its former code or by the 2025 province that holds it (96, Cà Mau)."""
    every = {u["code"]: u["name_vi"] for u in client.get("/api/progress").json()["units"]}
    bac_lieu = {u["code"] for u in client.get("/api/progress", params={"province": "95"}).json()["units"]}
    assert bac_lieu and bac_lieu < set(every) and "Hoà Bình" in {every[c] for c in bac_lieu}
    assert not {"Cầu Ngang", "Duyên Hải"} & {every[c] for c in bac_lieu}
    as_2025 = {u["code"] for u in client.get("/api/progress", params={"province": "96"}).json()["units"]}
    assert as_2025 == bac_lieu
    refused = client.get("/api/progress", params={"province": "999"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "province"]
    pdf = printed("/progress/export", {"format": "pdf", "lang": "vi", "province": "95"})
    words = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "Tiến độ dự án theo đơn vị hành chính — Bạc Liêu (nay thuộc Cà Mau)" in words
    assert "Huyện Hoà Bình" in words and "Huyện Cầu Ngang" not in words  # framed on Bạc Liêu, Trà Vinh's not drawn
    # the line under the title said "Filters: none (all projects)"; Trà Vinh is out of the frame, so not in the legend
    assert "Bộ lọc — Tỉnh: Bạc Liêu" in words and "Bộ lọc: không" not in words
    assert "Tỉnh khác, không chọn" not in words
    # a trial's planner downloaded both provinces' sheets of one day under one name: the second overwrote the first
    assert 'filename="georeg_progress_pre2025-district_province-95_' in pdf.headers["content-disposition"]
    with not_saved():  # its name only
        wind = client.get("/map/export", params={"format": "png", "kind": "wind_farm", "province": "84"})
    assert 'filename="georeg_map_province-84_kind-wind_farm_' in wind.headers["content-disposition"]


@pytest.mark.parametrize(
    ("as_of", "lang", "title"),
    [
        ("2025-12-31", "en", "Project progress by administrative unit — Bạc Liêu, Trà Vinh (now in Cà Mau, Vĩnh Long)"),
        ("2025-12-31", "vi", "Tiến độ dự án theo đơn vị hành chính — Bạc Liêu, Trà Vinh (nay thuộc Cà Mau, Vĩnh Long)"),
        ("2024-06-30", "en", "Project progress by administrative unit — Bạc Liêu, Trà Vinh"),
    ],
)
def test_the_whole_registrys_progress_sheet_names_its_provinces(printed, tmp_path, as_of, lang, title):
    """A consultant's slide of the whole registry's progress named no place ("Project progress by administrative
    unit"), where a province's sheet named it and what it is part of now (trial 50)."""
    png = printed("/progress/export", {"format": "png", "lang": lang, "as_of": as_of})
    assert Image.open(io.BytesIO(png.content)).info["Title"] == title
    pdf = printed("/progress/export", {"format": "pdf", "lang": lang, "as_of": as_of, "scheme": "2025"})
    assert title in " ".join(pdf_text(pdf.content, tmp_path).split())


@pytest.mark.parametrize(
    ("lang", "province", "title", "neighbour"),
    [
        ("vi", "96", "Tiến độ dự án theo đơn vị hành chính — Bạc Liêu (nay thuộc Cà Mau)", "Tỉnh Cà Mau"),
        ("en", "96", "Project progress by administrative unit — Bạc Liêu (now in Cà Mau)", "Cà Mau Province"),
        ("vi", "86", "Tiến độ dự án theo đơn vị hành chính — Trà Vinh (nay thuộc Vĩnh Long)", "Tỉnh Vĩnh Long"),
    ],
)
def test_a_former_provinces_sheet_is_titled_by_the_province_drawn_not_its_grey_neighbour(
    printed, tmp_path, lang, province, title, neighbour
):
    """/progress?province=96 (Cà Mau, over the former boundaries) drew former Bạc Liêu and titled it "Cà Mau", the
    name written on the grey former Cà Mau beside it: a donor read "Cà Mau" for two areas (trial 57, F13). The title
    names the former province drawn, and what it is part of now, as the yearly report's map does."""
    params = {"format": "pdf", "lang": lang, "province": province, "as_of": "2025-12-31"}
    blocks = pdf_blocks(printed("/progress/export", params).content, tmp_path)
    assert blocks[0][1] == title
    below = [words for top, words in blocks[1:]]
    assert any(neighbour in words for words in below) and title not in below
    png = printed("/progress/export", params | {"format": "png"})
    assert Image.open(io.BytesIO(png.content)).info["Title"] == title
    projects = printed("/map/export", {"format": "pdf", "lang": lang, "province": province})
    assert pdf_blocks(projects.content, tmp_path)[0][1].endswith(title.split(" — ")[1])


def test_sheets_of_other_boundaries_levels_or_languages_are_named_apart():
    """A trial's planner downloaded the communes' sheet of a day under the districts' name, and the English sheet
    under the Vietnamese one's: the second overwrote the first."""
    day = date(2026, 12, 5)
    districts = MapExport(what="progress").filename(day)
    communes = MapExport(what="progress", scheme="2025").filename(day)
    english = MapExport(what="progress", lang="en").filename(day)

    assert districts == "georeg_progress_pre2025-district_2026-12-05_a4_landscape.pdf"
    assert communes == "georeg_progress_2025-commune_2026-12-05_a4_landscape.pdf"
    assert english == "georeg_progress_pre2025-district_2026-12-05_a4_landscape_en.pdf"
    assert MapExport(scheme="2025", format="png").filename(day) == "georeg_map_2025_2026-12-05_a4_landscape.png"


def test_sheets_of_other_weights_parts_units_or_agencies_are_named_apart():
    """A planner's sheets of Bạc Liêu's communes whole, of the part in view (Hoà Bình) and weighted by budget were
    one file name, each replacing the one before (trial 46); an agency's and a former district's too."""
    day = date(2026, 12, 5)
    bac_lieu = ProgressQuery(scheme="2025", level="commune", provinces=["95"])
    names = {
        MapExport(what="progress", scheme="2025", progress=bac_lieu).filename(day),
        MapExport(what="progress", scheme="2025", progress=replace(bac_lieu, weight="budget")).filename(day),
        MapExport(what="progress", scheme="2025", progress=bac_lieu, frame=(105.39, 9.11, 105.86, 9.42)).filename(day),
        MapExport(what="progress", scheme="2025", progress=bac_lieu, frame=(105.2, 9.0, 105.5, 9.3)).filename(day),
        MapExport(what="progress", scheme="2025", progress=replace(bac_lieu, units=["961"])).filename(day),
        MapExport(what="progress", scheme="2025", progress=replace(bac_lieu, agencies=["CM.STC"])).filename(day),
    }
    assert len(names) == 6, names
    weighted = MapExport(what="progress", scheme="2025", progress=replace(bac_lieu, weight="budget"))
    assert weighted.filename(day) == "georeg_progress_2025-commune-budget_province-95_2026-12-05_a4_landscape.pdf"


def test_a_progress_sheet_of_one_former_district_shows_its_2025_communes_framed_and_named(client, printed, tmp_path):
    """A planner wanted the progress of Huyện Hoà Bình by 2025 commune: ?unit=961 was ignored (the whole province,
    200 OK), and a crop of the view was titled with the province and drew no district line (trial 46). The figures
    and the sheet keep the communes the district became, framed on it, its boundary drawn and named in the title."""
    every = {u["code"]: u["name_vi"] for u in client.get("/api/progress", params={"level": "commune"}).json()["units"]}
    of_hoa_binh = client.get("/api/progress", params={"level": "commune", "unit": "961"}).json()["units"]
    names = {u["name_vi"] for u in of_hoa_binh}
    assert {"Vĩnh Mỹ", "Hòa Bình", "Vĩnh Hậu"} <= names and len(names) < len(every) / 4, names
    refused = client.get("/api/progress", params={"unit": "9999"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "unit"]
    pdf = printed("/progress/export", {"level": "commune", "unit": "961", "lang": "vi", "format": "pdf"})
    words = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "Tiến độ dự án theo đơn vị hành chính — Huyện Hoà Bình, Bạc Liêu (nay thuộc Cà Mau)" in words, words[:300]
    assert "Bộ lọc — Huyện, xã: Huyện Hoà Bình" in words and "Ranh giới Huyện Hoà Bình" in words
    assert "Xã Vĩnh Mỹ" in words and "Xã Long Hữu" not in words  # Trà Vinh's communes are not drawn
    # its neighbours grey, "not chosen", not white as if outside the registry (trial 47)
    assert "Xã, phường khác, không chọn" in words
    assert "_unit-961_" in pdf.headers["content-disposition"]
    projects = printed("/map/export", {"unit": "961", "scheme": "2025", "lang": "en", "format": "pdf"})
    said = " ".join(pdf_text(projects.content, tmp_path).split())
    assert "Green-growth project map — Hoà Bình District, Bạc Liêu" in said and "Boundary of Hoà Bình District" in said


UNIT_KINDS = ("Huyện", "Thị xã", "Thành phố", "Xã", "Phường", "Đặc khu")


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_sheet_of_one_district_writes_its_units_names_large_enough_to_read(client, monkeypatch, orientation):
    """An A4 sheet of Huyện Hoà Bình wrote its name at 6.5 pt and its 2025 communes' at 5 pt, as a sheet of a whole
    province did: too small to read once printed. Its names grow with the map's scale, to 8 pt or more; a province's
    sheet keeps its size (measured as the font size each name is written in)."""
    written: list[tuple[str, float]] = []
    label = map_export.Sheet.label

    def recorded(sheet, x, y, text, size, *args, **kwargs):
        done = label(sheet, x, y, text, size, *args, **kwargs)
        if done and text.startswith(UNIT_KINDS) and kwargs.get("fontstyle") != "italic":  # not "Thành phố Cần Thơ"
            written.append((text.split("\n")[0], sheet.pt(size)))
        return done

    monkeypatch.setattr(map_export.Sheet, "label", recorded)

    def name_sizes(**params: str) -> dict[str, float]:
        written.clear()
        with not_saved():
            sheet = client.get("/progress/export", params={"format": "png", "orientation": orientation, **params})
        assert sheet.status_code == 200
        return dict(written)

    for scheme, level, province, smallest in (("pre2025", "district", "95", 6.5), ("2025", "commune", "96", 6.5)):
        of_the_district = name_sizes(unit="961", scheme=scheme, level=level)
        of_the_province = name_sizes(province=province, scheme=scheme, level=level)
        assert of_the_district and min(of_the_district.values()) >= 8, of_the_district
        assert set(of_the_province.values()) == {smallest}, of_the_province
        assert min(of_the_district.values()) > max(of_the_province.values())


def _smallest_on_the_map(pdf: bytes, tmp_path: Path) -> tuple[float, list[str]]:
    """The smallest font size (pt) of the words on the first page left of the legend (the title and lines, the map
    frame, the source line), and those words."""
    words = word_sizes(pdf, tmp_path, page=1)
    legend = min(x for x, _, word in words if word in ("Legend", "Chú"))
    sizes = [(round(size, 1), word) for x, size, word in words if x < legend]
    smallest = min(size for size, _ in sizes)
    return smallest, [word for size, word in sizes if size == smallest]


#: Cà Mau's (96) progress sheet on the 2025 communes, as /progress?province=96 exports it.
CA_MAU_PROGRESS = {"format": "pdf", "scheme": "2025", "level": "commune", "province": "96"}


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/progress/export", {"scheme": "2025", "level": "commune", "lang": "en"}),
        ("/progress/export", CA_MAU_PROGRESS),
        ("/map/export", {"scheme": "2025", "province": "86"}),
    ],
)
def test_no_name_on_an_a4_province_sheet_is_printed_under_6_5_pt(printed, tmp_path, path, params):
    """The A4 sheet of the 2025 communes printed their names at 5 pt, and the projects' names too: unreadable once
    printed (trial 64). Every word on the map is 6,5 pt or more (a name with no room is left out or numbered), read
    from the PDF's own text boxes."""
    pdf = printed(path, {"format": "pdf", **params}).content
    smallest, words = _smallest_on_the_map(pdf, tmp_path)
    assert smallest >= 6.45, words
    assert any(word in ("Xã", "Phường", "Commune", "Ward") for word in words) or smallest > 6.5


def test_a_sheet_filtered_by_agency_names_it(printed, tmp_path):
    """The filters line named the agency by its code ("Cơ quan chủ trì: VL.SCT"), which a People's Committee does
    not read: by its name."""
    pdf = printed("/map/export", {"agency": "VL.SCT", "lang": "vi", "format": "pdf"})
    words = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "Cơ quan chủ trì: Sở Công Thương tỉnh Vĩnh Long" in words, words[:400]


def test_a_sheet_of_one_province_names_the_registrys_other_left_blank(printed, tmp_path):
    """Printed from a desktop's view of both provinces, a sheet of Bạc Liêu left Trà Vinh white and unnamed: it is
    named, and the legend says what its white is."""
    both = {"format": "pdf", "lang": "en", "province": "95", "bbox": "105.0,8.9,106.8,10.1"}
    words = " ".join(pdf_text(printed("/progress/export", both).content, tmp_path).split())
    assert "Filters — Province: Bạc Liêu" in words
    assert "Other provinces, not chosen" in words and "Trà Vinh Province" in words
    assert "Cầu Ngang" not in words  # its districts are not coloured nor named


def test_progress_pdf_shows_the_figures_of_its_date(client, printed, tmp_path):
    def figures(as_of: str | None) -> dict[str, float | None]:
        params = {"as_of": as_of} if as_of else {}
        return {u["code"]: u["progress_percent"] for u in client.get("/api/progress", params=params).json()["units"]}

    then, now = figures("2024-06-30"), figures(None)
    changed = next(code for code in then if then[code] is not None and then[code] != now[code])
    pdf = printed("/progress/export", {"format": "pdf", "lang": "vi", "as_of": "2024-06-30"})
    words = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert local_percent(then[changed], "vi") in words


def test_progress_pdf_gives_every_districts_figure_a_number_where_its_name_has_no_room(client, printed, tmp_path):
    """A yearly report's map gives every unit's figure: where a name and its figure would overlap another (Trà Vinh
    city inside Châu Thành, Bạc Liêu city), the unit gets a number on the map and a line in the legend (its three
    numbered units fit there: no second page)."""
    units = {u["name_vi"]: u["progress_percent"] for u in client.get("/api/progress").json()["units"]}
    pdf = printed("/progress/export", {"format": "pdf"}).content
    words = " ".join(pdf_text(pdf, tmp_path, pages=1).split()).replace(" %", "%")  # pdftotext may drop the space
    assert "Đơn vị ghi bằng số trên bản đồ" in words
    numbered = dict(re.findall(r"\b\d+\. ((?:Huyện|Thành phố|Thị xã) [^:]+): (Không có dự án|[\d,]+%)", words))
    assert numbered, words
    for name, figure in units.items():
        shown = "Không có dự án" if figure is None else local_percent(figure, "vi").replace(" %", "%")
        named = next((n for n in numbered if n.endswith(name)), None)
        assert (named and numbered[named] == shown) or f"{name} {shown}" in words, (name, shown)


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_a_commune_progress_sheet_gives_every_communes_figure(client, printed, tmp_path, paper):
    """The commune sheet left 8 of the 66 communes off (no name, no number: their numbers had no room either), and
    listed two communes of one name alike, on the map and in the list: every commune is named on the map or numbered,
    with its province wherever its name is another's too."""
    params = {"scheme": "2025", "level": "commune"}
    units = Counter(u["name_vi"] for u in client.get("/api/progress", params=params).json()["units"])
    pdf = printed("/progress/export", {"format": "pdf", "paper": paper, "lang": "vi", **params}).content
    words = " ".join(pdf_text(pdf, tmp_path).split())
    numbered = [name for name, _ in numbered_units(pdf, tmp_path).values()]
    assert numbered and len(numbered) == len(set(numbered)), numbered  # "Xã Đông Hải (Cà Mau)", "… (Vĩnh Long)"
    written = {name: len(re.findall(rf"(?:Xã|Phường|Đặc khu) {re.escape(name)}\b", words)) for name in units}
    missing = {name: (written[name], count) for name, count in units.items() if written[name] < count}
    assert not missing, missing
    shared = [name for name, count in units.items() if count > 1]
    told = {name: re.findall(rf"(?:Xã|Phường|Đặc khu) {re.escape(name)}\b( \([^)]+\))?", words) for name in shared}
    assert shared and all(all(told[name]) and len(set(told[name])) > 1 for name in shared), told


@pytest.mark.parametrize(("paper", "lang"), [("a4", "vi"), ("a3", "en")])
def test_a_commune_progress_pdf_lists_its_numbered_units_on_page_2_at_6_5_pt_or_more(printed, tmp_path, paper, lang):
    """The A4 sheet of the 2025 communes named 43 of its 66 units by number only, in a legend list set at 3.4 pt
    (trial 65): the list is the PDF's second page, every word of it 6,5 pt or more, each number once, and the legend
    says where it is."""
    params = {"scheme": "2025", "level": "commune", "format": "pdf", "paper": paper, "lang": lang}
    pdf = printed("/progress/export", params).content
    numbered = numbered_units(pdf, tmp_path)
    assert len(numbered) > 10 and sorted(numbered) == list(range(1, len(numbered) + 1)), numbered
    assert pdf_text(pdf, tmp_path).count("\f") == 2  # the map, then the list on one page
    key = word_sizes(pdf, tmp_path, page=2)
    assert min(size for _, size, _ in key) >= 6.45 * (1 if paper == "a4" else 1.41), key[:5]
    legend = " ".join(pdf_text(pdf, tmp_path, pages=1).split())
    said = {"vi": f"số 1–{len(numbered)}: xem trang 2", "en": f"numbers 1–{len(numbered)}: see page 2"}
    assert said[lang] in legend and not re.search(r"\b1\. (Xã|Phường|Commune|Ward)", legend), legend[-900:]


def test_a_png_legend_keeps_a_list_only_where_it_can_be_read():
    """A PNG has no second page: a list that would be set under 6 pt (the 2025 communes' 43 numbered units were at
    3.4 pt: trial 65) gives way to where to read it; a short one stays, readable."""

    def legend(rows: int) -> dict[str, float]:
        sheet = map_sheet.Sheet("a4", "landscape")
        listed = [map_sheet.LegendRow(f"{n}. Xã Số {n}: 0 %", "note") for n in range(1, rows + 1)]
        elsewhere = [map_sheet.LegendRow("numbers 1–n: see the PDF", "note")]
        sheet.finish(map_sheet.SheetText("T", [], [], "S", listed=listed, listed_elsewhere=elsewhere))
        return {text.get_text(): text.get_fontsize() for text in sheet.legend_axes.texts}

    short, long = legend(5), legend(45)
    assert "5. Xã Số 5: 0 %" in short and min(short.values()) >= 6
    assert "1. Xã Số 1: 0 %" not in long and long["numbers 1–n: see the PDF"] >= 6


def test_the_legend_draws_no_projects_grey_and_hatched_as_the_map_does():
    """The legend's "no projects" swatch was plain grey, the neighbouring provinces' grey below it: in a grey print
    the two could not be told apart, though the map hatches those units."""
    from matplotlib.figure import Figure

    from maps.map_sheet import LegendRow, _legend_row

    axes = Figure().add_subplot()
    _legend_row(axes, LegendRow("Không có dự án", "patch", colour="#e0e0e0", hatch="////"), 0, 5, 4, 40, 1.0)
    _legend_row(axes, LegendRow("Tỉnh lân cận", "patch", colour="#e4e2de"), 0, 10, 4, 40, 1.0)
    assert [p.get_hatch() for p in axes.patches] == [None, None, "////", None, None]


def test_a_2025_progress_sheet_says_what_its_blank_parts_are(printed, tmp_path):
    """The 2025 provinces are larger than the former ones whose communes the registry holds: the sheet's legend says
    what the white rest is, as the web map's does; the former districts cover their provinces (no such row)."""
    sheets = {
        scheme: " ".join(pdf_text(printed("/progress/export", params).content, tmp_path).split())
        for scheme, params in (
            ("2025", {"format": "pdf", "lang": "en", "scheme": "2025", "level": "commune"}),
            ("pre2025", {"format": "pdf", "weight": "budget", "lang": "en"}),  # the budget tests' sheet
        )
    }
    said = "Parts of the province with no commune boundaries in the registry (no progress counted)"  # the web map's
    assert said in sheets["2025"]
    assert "Parts of the province" not in sheets["pre2025"]


#: Former Cà Mau (96 before 1 July 2025, the larger part of 2025 Cà Mau, none of whose communes the registry holds), in
#: the sheets' metres.
FORMER_CA_MAU = """
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(ST_Transform(geom, 32648)) AS e
FROM admin_unit WHERE scheme = 'pre2025' AND level = 'province' AND code = '96') x"""


@pytest.fixture(scope="module")
def ca_mau_progress(printed) -> tuple[bytes, tuple[float, float, float, float]]:
    """Cà Mau's progress PDF (CA_MAU_PROGRESS) and the bounds its map was framed on (Sheet.frame): the sheet
    test_no_name_on_an_a4_province_sheet_… reads too."""
    pdf = printed("/progress/export", CA_MAU_PROGRESS)
    assert pdf.status_code == 200, pdf.text
    return pdf.content, printed.framed("/progress/export", CA_MAU_PROGRESS)


def test_a_2025_provinces_progress_sheet_is_framed_on_the_whole_province(ca_mau_progress, sample_engine):
    """Trial 68: Cà Mau's sheet was framed on former Bạc Liêu's communes, former Cà Mau cut at its left edge, and a
    Committee member read its figures as the whole province's. It frames the whole province."""
    _, (west, south, east, north) = ca_mau_progress
    with sample_engine.connect() as conn:
        former = conn.execute(text(FORMER_CA_MAU)).one()
    # (the outlines drawn are simplified to about 100 m)
    assert west <= former[0] + 1000 and south <= former[1] + 1000, ((west, south, east, north), former)
    assert east >= former[2] - 1000 and north >= former[3] - 1000, ((west, south, east, north), former)


def test_a_2025_provinces_progress_sheet_names_its_former_provinces_and_the_part_it_holds_no_communes_of(
    ca_mau_progress, printed, tmp_path
):
    """Trial 68: on Cà Mau's sheet former Cà Mau was white, unnamed, and the legend said only "Ngoài ranh giới xã,
    phường của sổ đăng ký", where the web map says "Phần tỉnh chưa có ranh giới cấp xã, phường…". Each former province
    is named, the part with no communes hatched and said so in the web map's words, and under the title that the
    figures are former Bạc Liêu's communes'."""
    words = " ".join(pdf_text(ca_mau_progress[0], tmp_path, pages=1).split())
    assert "Bạc Liêu cũ" in words and "Cà Mau cũ" in words
    assert "Phần tỉnh chưa có ranh giới cấp xã, phường trong sổ đăng ký (không tính tiến độ)" in words
    assert "Nét đứt: ranh giới tỉnh trước 01/07/2025" in words
    held = "Số liệu của các xã, phường của Bạc Liêu cũ; sổ đăng ký chưa có xã, phường của Cà Mau cũ (phần gạch chéo)"
    assert held in words and "Ngoài ranh giới" not in words
    assert pdf_blocks(ca_mau_progress[0], tmp_path)[0][1] == "Tiến độ dự án theo đơn vị hành chính — Cà Mau"
    params = {"province": "96", "scheme": "2025", "level": "commune", "format": "pdf", "lang": "en"}
    english = " ".join(pdf_text(printed("/progress/export", params).content, tmp_path, pages=1).split())
    assert "former Bạc Liêu" in english and "former Cà Mau" in english
    assert "Figures of the communes of former Bạc Liêu only; the registry holds no communes of former Cà Mau" in english


def test_a_printed_percentage_has_the_same_digits_in_both_languages():
    for value in (0, 42.5, 1234.56):
        vi, en = _percent(value, "vi"), _percent(value, "en")
        assert vi.replace(".", "").replace(",", "") == en.replace(",", "").replace(".", ""), (vi, en)
    assert _percent(42.5, "vi") == "42,5 %" and _percent(42.5, "en") == "42.5 %"
    assert _percent(96, "vi") == "96,0 %" and _percent(0, "en") == "0.0 %"  # one decimal always (trial 67)


#: A percentage as printed, but for the legend's classes' bounds ("0–20 %").
PRINTED_PERCENT = re.compile(r"(?<![–\d.,])(\d[\d.,]*) ?%")


@pytest.mark.parametrize(("lang", "decimal"), [("vi", r"\d{1,3}(\.\d{3})*,\d"), ("en", r"\d{1,3}(,\d{3})*\.\d")])
def test_every_units_progress_on_a_sheet_is_written_with_one_decimal(printed, tmp_path, lang, decimal):
    """Trial 67: former Trà Vinh's communes' sheet read "Xã Long Hữu 96 % (minh họa)" beside "93,5 %", and "0 %":
    each unit's figure, on the map and in the numbered list, is written with one decimal, as the table and its files
    write it."""
    pdf = printed("/progress/export", {"province": "84", "scheme": "2025", "format": "pdf", "lang": lang}).content
    figures = PRINTED_PERCENT.findall(pdf_text(pdf, tmp_path, pages=1))
    assert len(figures) > 10 and all(re.fullmatch(decimal, f) for f in figures), figures


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_a_source_line_of_many_lines_stays_under_the_map_frame(orientation):
    """The salinity zones' source made the source line four lines long (six on a portrait sheet): the map frame's
    edge ran through its first line. The map and legend rise over a source the footer cannot hold."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from maps.map_sheet import LegendRow, Sheet, SheetText

    sheet = Sheet("a4", orientation)
    sheet.frame((0.0, 0.0, 50_000.0, 40_000.0))
    legend = [LegendRow("Đê biển", "line")]
    sheet.finish(SheetText(title="Bản đồ", lines=["Tính đến ngày 02/12/2026"], legend=legend, source="nguồn " * 150))
    renderer = FigureCanvasAgg(sheet.figure).get_renderer()
    source = sheet.figure.texts[-1].get_window_extent(renderer)
    frame = sheet.map_axes.get_window_extent(renderer)
    assert source.height > 40  # several lines at 150 dpi
    assert source.y1 < frame.y0, (source, frame)  # all of it under the frame
    assert sheet.legend_axes.get_window_extent(renderer).y0 > source.y1  # and under the legend


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_names_written_at_the_frames_edges_stay_whole_when_the_map_rises_over_a_long_source(orientation):
    """A portrait sheet's long source line made its map frame shorter after the names were written: "Đồng Tháp
    Province", written at the top edge, was cut by the frame."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from maps.map_sheet import LegendRow, Sheet, SheetText

    sheet = Sheet("a4", orientation)
    per_mm = sheet.frame((0.0, 0.0, 50_000.0, 40_000.0))
    (west, east), (south, north) = sheet.map_axes.get_xlim(), sheet.map_axes.get_ylim()
    middle = (west + east) / 2
    assert sheet.label(middle, north - 3 * per_mm, "Tỉnh Đồng Tháp", 8, per_mm)
    assert sheet.label(middle, south + 3 * per_mm, "Tỉnh Bến Tre", 8, per_mm)
    legend = [LegendRow("Tỉnh lân cận", "patch", colour="#e4e2de")]
    sheet.finish(SheetText(title="Bản đồ", lines=["Tính đến ngày 02/12/2026"], legend=legend, source="nguồn " * 150))
    renderer = FigureCanvasAgg(sheet.figure).get_renderer()
    frame = sheet.map_axes.get_window_extent(renderer)
    names = [t for t in sheet.map_axes.texts if t.get_text().startswith("Tỉnh")]
    for name in names:
        box = name.get_window_extent(renderer)
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, (name.get_text(), box, frame)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_no_name_is_written_under_the_north_arrow_or_the_scale_bar(orientation):
    """A unit's sheet wrote "Tỉnh Sóc Trăng" under its north arrow: the arrow's and the scale bar's corners are kept
    clear of names, which move or give way there as they do for each other."""
    from maps.map_sheet import Sheet

    sheet = Sheet("a4", orientation)
    per_mm = sheet.frame((0.0, 0.0, 50_000.0, 40_000.0))
    (west, east), (south, north) = sheet.map_axes.get_xlim(), sheet.map_axes.get_ylim()
    under_the_arrow = (west + 0.955 * (east - west), south + 0.92 * (north - south))
    on_the_scale_bar = (west + 0.1 * (east - west), south + 0.04 * (north - south))
    in_the_middle = ((west + east) / 2, (south + north) / 2)
    assert not sheet.label(*under_the_arrow, "Tỉnh Sóc Trăng", 7, per_mm)
    assert not sheet.label(*on_the_scale_bar, "Huyện Đông Hải", 7, per_mm)
    assert sheet.label(*in_the_middle, "Huyện Hoà Bình", 7, per_mm)


def test_a_printed_map_keeps_the_district_names_off_the_sites_filtered_for(client, monkeypatch):
    """A planner printed Bạc Liêu's waste sites: those placed at their district's centre were under the district's
    name, and Châu Hưng's 11 ha was a speck a millimetre wide. Names move off the sites' symbols, a small area is
    drawn as a point is, and every site keeps its name (or code)."""
    symbols, names = [], []
    boxes, label = map_export._symbol_boxes, map_export.Sheet.label
    monkeypatch.setattr(map_export, "_symbol_boxes", lambda *a: symbols.extend(boxes(*a)) or boxes(*a))

    def written(sheet, x, y, text, *args, **kwargs):
        done = label(sheet, x, y, text, *args, **kwargs)
        if done:
            names.append((text, sheet._names[-1]))
        return done

    monkeypatch.setattr(map_export.Sheet, "label", written)
    params = {"format": "png", "kind": ["waste_treatment", "landfill"], "as_of": "2025-06-30"}

    with not_saved():
        assert client.get("/map/export", params=params).status_code == 200

    assert len(symbols) == 4  # three waste sites, Châu Hưng's area among them, and the landfill: all drawn as points
    districts = [(name, b) for name, b in names if name.startswith(("Huyện", "Thị xã", "Thành phố"))]
    assert len(districts) == 16
    for name, b in districts:
        covered = [s for s in symbols if b[0] < s[2] and s[0] < b[2] and b[1] < s[3] and s[1] < b[3]]
        assert not covered, name
    sites = client.get("/api/projects", params={"kind": params["kind"], "limit": 100}).json()["features"]
    said = {name for name, _ in names}
    labelled = {
        site["properties"]["code"]
        for site in sites
        if site["properties"]["code"] in said or map_export._short_name(site["properties"], "vi") in said
    }
    assert labelled == {  # each by its short name, or its code where the name has no room
        "BL-13.3-CHAU-HUNG",
        "BL-13.3-GIA-RAI-DONG-HAI",
        "BL-13.3-PHUOC-LONG-HONG-DAN",
        "BL-13.4-TAN-TAO-LANDFILL",
    }


def test_a_sheet_weighed_by_budget_tells_no_budget_from_no_projects(client, printed, tmp_path):
    """Weighed by budget, districts whose projects have no budget were printed "Không có dự án" (trial 42): they say
    that none of their projects has the figure, and the legend's grey says it stands for both."""
    units = client.get("/api/progress", params={"weight": "budget"}).json()["units"]
    assert any(u["progress_percent"] is None and u["projects"] for u in units)
    params = {"format": "pdf", "weight": "budget"}
    vi = " ".join(pdf_text(printed("/progress/export", params).content, tmp_path).split())
    assert "Trọng số: vốn (tỷ đồng)" in vi and "không dự án nào có số liệu" in vi
    assert "Không có dự án, hoặc không có số liệu" in vi
    en = " ".join(pdf_text(printed("/progress/export", params | {"lang": "en"}).content, tmp_path).split())
    assert "Weight: budget (billion VND)" in en and "no project with the figure" in en
    assert "No projects, or none with the figure" in en
    counted = " ".join(pdf_text(printed("/progress/export", {"format": "pdf"}).content, tmp_path).split())
    assert "số liệu" not in counted and "Không có dự án" in counted  # by project count: grey is no project


def test_a_sheet_weighed_by_budget_says_each_units_budget(client, printed, tmp_path):
    """Weighed by budget the sheet coloured the units by the money without saying how much: each unit's budget is
    under its progress (its projects' by their shares in it), and a line under the title says how it is counted."""
    units = client.get("/api/progress", params={"weight": "budget"}).json()["units"]
    funded = [u for u in units if u["weight_total"]]
    assert len(funded) > 3
    params = {"format": "pdf", "weight": "budget"}
    vi = " ".join(pdf_text(printed("/progress/export", params).content, tmp_path).split())
    assert "Dưới tiến độ: vốn của đơn vị — phần vốn theo tỷ lệ nằm trong đơn vị, không kể dự án đã hủy" in vi
    for unit in funded:  # each named on the map or in the numbered list
        assert f"{local_number(unit['weight_total'], 'vi', 0)} tỷ đồng" in vi, unit["name_vi"]
    en = " ".join(pdf_text(printed("/progress/export", params | {"lang": "en"}).content, tmp_path).split())
    assert all(f"{local_number(u['weight_total'], 'en', 0)} billion VND" in en for u in funded)
    counted = " ".join(pdf_text(printed("/progress/export", {"format": "pdf"}).content, tmp_path).split())
    assert "tỷ đồng" not in counted and "Dưới tiến độ" not in counted


def test_a_sheet_of_one_districts_projects_names_the_district(printed, sample_engine, tmp_path):
    """The filter by unit (?unit=) prints as the map draws it, and the sheet's filters line names the district."""
    with sample_engine.connect() as connection:
        cau_ngang = connection.scalar(
            text("SELECT code FROM admin_unit WHERE level = 'district' AND name_vi = 'Cầu Ngang'")
        )
    pdf = printed("/map/export", {"lang": "vi", "unit": cau_ngang})
    words = " ".join(pdf_text(pdf.content, tmp_path).split())
    assert "Bộ lọc — Huyện, xã: Huyện Cầu Ngang" in words, words[:400]


def test_a_sheet_of_a_filter_matching_no_project_is_drawn_with_none(printed, tmp_path):
    """The API's fuzzing asked /map/export?agency= (empty, refused since): no project matched, and the sheet's key of
    project codes broke (500) on the empty frame. Cà Mau's Department of Education leads none of the sample's."""
    pdf = printed("/map/export", {"agency": "CM.SGDDT", "lang": "en"})
    assert pdf.status_code == 200
    assert "0 projects on the map" in " ".join(pdf_text(pdf.content, tmp_path).split())


def test_a_portrait_sheets_legend_gives_its_long_rows_whole():
    """The yearly report's Word document carries the portrait sheet, whose legend columns are a third of the width:
    "Ngoài ranh giới xã, phường của sổ đăng ký" was cut to "… của sổ…"; it wraps or is made to fit."""
    from maps.map_sheet import LegendRow, Sheet, SheetText

    label = "Ngoài ranh giới xã, phường của sổ đăng ký"
    sheet = Sheet("a4", "portrait")
    sheet._legend(SheetText("", [], [LegendRow(label, "patch", colour="#ffffff", edge="#555555")], ""))
    shown = [text.get_text() for text in sheet.legend_axes.texts]
    assert [" ".join(text.split()) for text in shown] == [label]


def test_a_progress_sheet_says_which_projects_it_counts(printed, tmp_path):
    """The /progress sheet averaged all of Trà Vinh's projects and the yearly report's map only plan 1099's: Xã Bình
    Phú 75,2 % on one, 0 % on the other, each sheet silent on what it counted (trial 57)."""
    # the sheet test_printed_figures_resting_on_demonstration_statuses_are_marked reads too
    every = printed("/progress/export", {"format": "pdf", "province": "84", "scheme": "pre2025"}).content
    assert "Tính mọi dự án trong cơ sở dữ liệu, thuộc kế hoạch nào hay không" in " ".join(
        pdf_text(every, tmp_path, 1).split()
    )
    params = {"province": "84", "plan": "1099/QĐ-UBND", "format": "pdf", "lang": "en"}
    planned = printed("/progress/export", params).content
    assert "Counts only the projects of plan 1099/QĐ-UBND" in " ".join(pdf_text(planned, tmp_path, 1).split())


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Trong số các dự án của sổ đăng ký: các dự án của Trà Vinh cũ; sổ đăng ký không theo dõi Bến Tre",
        ),
        (
            "en",
            "Of the registry's projects: those of former Trà Vinh; the registry does not cover former Bến Tre",
        ),
    ],
)
def test_a_2025_provinces_sheet_says_its_figures_are_the_former_provinces_the_registry_holds_above_its_map(
    client, monkeypatch, lang, said
):
    """Vĩnh Long's PNG read "Mean progress 36.1 %" for a donor as the whole province's: it is former Trà Vinh's, the
    registry holding none of Bến Tre's or the old Vĩnh Long's projects (trial 57, F18). The sheet says so, as the
    unit's page does; a commune's sheet has no such line. Those six header lines (what it counts, which former
    province) stay above the map: the last was written over the map's frame."""
    lines, drawn = [], []
    finish = map_export.Sheet.finish

    def recorded(sheet, words):
        lines.extend(words.lines)
        drawn.append(sheet)
        return finish(sheet, words)

    monkeypatch.setattr(map_export.Sheet, "finish", recorded)
    with not_saved():
        assert client.get("/units/2025/86/export.png", params={"lang": lang}).status_code == 200
    assert any(line.startswith(said) for line in lines), lines
    sheet = drawn[0]
    renderer = FigureCanvasAgg(sheet.figure).get_renderer()
    title, header = sheet.figure.texts[:2]
    assert header.get_text().count("\n") >= 4
    assert header.get_window_extent(renderer).y0 > sheet.map_axes.get_window_extent(renderer).y1
    assert title.get_window_extent(renderer).y0 > header.get_window_extent(renderer).y1
    lines.clear()
    with not_saved():
        assert client.get("/units/2025/29287/export.png", params={"lang": lang}).status_code == 200
    assert not any("registry" in line or "sổ đăng ký" in line for line in lines), lines


# Projects whose status now is a demonstration one (the sample's), written apart from the registry's own query.
_DEMO_NOW = """
SELECT p.id FROM project p WHERE p.retired_at IS NULL AND p.province_code = :province AND (
    SELECT e.is_demo FROM status_event e WHERE e.project_id = p.id ORDER BY e.reported_at DESC, e.version DESC LIMIT 1)
"""


def _header_lines(monkeypatch) -> list[str]:
    lines: list[str] = []
    finish = map_export.Sheet.finish
    monkeypatch.setattr(
        map_export.Sheet, "finish", lambda sheet, words: lines.extend(words.lines) or finish(sheet, words)
    )
    return lines


def test_printed_figures_resting_on_demonstration_statuses_are_marked(
    client, printed, sample_engine, monkeypatch, tmp_path
):
    """The printed progress sheets, the unit sheets and the PNG project maps averaged and drew the sample's
    demonstration statuses with no "minh họa" anywhere (trial 57: 0 in the PDF): pasted into Word, demo progress read
    as real. Each figure counting one is marked, and a line under the title says how many."""
    with sample_engine.connect() as conn:
        demo = set(conn.execute(text(_DEMO_NOW), {"province": "84"}).scalars())
        drawn = conn.execute(
            text("SELECT count(*) FROM project WHERE province_code = '84' AND retired_at IS NULL AND geom IS NOT NULL")
        ).scalar()
    assert demo
    pdf = printed("/progress/export", {"format": "pdf", "province": "84", "scheme": "pre2025"}).content
    words = " ".join(pdf_text(pdf, tmp_path).split())
    marked = re.findall(r"[\d,]+ % \(minh họa\)", words)
    assert marked and f"Tiến độ ghi “(minh họa)” ({len(marked)} đơn vị)" in words, words
    lines = _header_lines(monkeypatch)
    with not_saved():
        assert client.get("/map/export", params={"format": "png", "province": "84"}).status_code == 200
        said = f"{len(demo)} trong {drawn} dự án trên bản đồ có tình trạng lấy từ dữ liệu minh họa"
        assert any(line.startswith(said) for line in lines), lines
        lines.clear()
        assert client.get("/units/pre2025/84/export.png", params={"lang": "en"}).status_code == 200
        assert any(re.fullmatch(r"Mean progress: [\d.]+ % \(demo\)", line) for line in lines), lines
        assert f"{len(demo)} projects have a status from demonstration data, not a real report; the unit's" in lines[-1]
        lines.clear()  # a sheet counting no demonstration status says nothing of it
        params = {"format": "png", "province": "84", "kind": "wind_farm"}
        assert client.get("/map/export", params=params).status_code == 200
        assert not any("minh họa" in line for line in lines), lines
