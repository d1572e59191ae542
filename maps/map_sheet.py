"""A printed map sheet drawn with matplotlib: the paper (A4 or A3, landscape or portrait) cut into a header (title
and the lines under it), the map frame, the legend and the source line, and the map's furniture (scale bar, north
arrow, names with a white halo). What goes on the sheet is maps.map_export's business; this module only lays it out.

Sizes are given for A4 and grow with the paper (an A3 sheet is an A4 one enlarged), so both read the same.
Text is DejaVu Sans, the font matplotlib ships, which has every Vietnamese letter (cut to the letters sheets write:
maps.sheet_font); PDFs embed it as TrueType (``pdf.fonttype`` 42), so readers and ``pdftotext`` get the text back with
its diacritics.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib_scalebar.scalebar import ScaleBar

from maps.sheet_font import FALLBACK, FAMILY, sheet_fonts

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
PAPERS_MM = {"a4": (297, 210), "a3": (420, 297)}  # landscape: width, height
FOOTER_MM = 12  # under the map, for the source line (on A4; raised when the source needs more)
SOURCE_LINE_SPACING = 1.4
DPI = 150  # PNG resolution: an A4 landscape sheet is 1754 × 1240 pixels, an A3 one 2480 × 1754
FONT = [FAMILY, FALLBACK]
#: zlib's level for a PNG sheet: 3 compressed an A4 projects sheet in 60 ms to 436 KiB, Pillow's default 6 in 87 ms to
#: 481 KiB (a map's long runs of one colour suit the faster matching); 9 took 419 ms for 474 KiB (docs/benchmarks.md).
PNG_COMPRESS_LEVEL = 3
#: Text unhinted, as the names' white halos (drawn as paths) are: hinted, a long name's letters were narrower than its
#: halo, which trailed white past its end on a PNG.
RC = {
    "font.family": FONT,
    "pdf.fonttype": 42,
    "svg.fonttype": "none",
    "hatch.linewidth": 0.6,
    "text.hinting": "none",
    "text.hinting_factor": 1,
}
HATCH_COLOUR = "#8c8c8c"


#: Metres of the map per mm of an A4 sheet framed on one province (Trà Vinh's portrait sheet 404, Bạc Liêu's landscape
#: one 500; both provinces 860): the units' names keep the size given for them there and beyond (Sheet.name_size).
PROVINCE_M_PER_MM = 400
#: The largest (pt on A4) a unit's name grows to on a sheet of fewer units.
LARGEST_NAME = 10.0
#: The size (pt on A4) of the names on the map (districts, 2025 communes and projects) on a sheet of a province or
#: more: the communes' and projects' at 5 pt could not be read once printed (trial 64). A name with no room at this
#: size is left out (a unit numbered on the choropleth, its figure listed; a project by its code), never set smaller.
MAP_NAME = 6.5
#: Where the scale bar and the north arrow stand (fractions of the map frame: x0, y0, x1, y1), kept clear of names
#: ("Tỉnh Sóc Trăng" was written under the arrow).
FURNITURE_CORNERS = ((0.0, 0.0, 0.28, 0.09), (0.92, 0.83, 0.99, 0.985))
#: The smallest (pt, as printed) a list kept in a sheet's legend is set at, the names' on the map: the numbered units'
#: list of the 2025 communes' A4 sheet was shrunk to 3.4 pt (trial 65; 5 pt was unreadable in trial 64). A list that
#: would be smaller is replaced by where to read it (SheetText.listed_elsewhere).
SMALLEST_LISTED = MAP_NAME
#: A legend note's size (pt on A4) before the legend is shrunk to fit its box.
NOTE_SIZE = 7.0
#: A key's columns (after a PDF's map): where each starts and how wide it is, in fractions of the text's width; a
#: projects' key has four (code, name, status, progress).
PROJECT_COLUMNS = ((0.0, 0.27), (0.28, 0.5), (0.79, 0.13), (0.93, 0.07))


@dataclass(frozen=True)
class LegendRow:
    """One row of the legend. ``kind``: "heading", "note", "patch" (a filled box), "line" (a stroke, optionally
    with a white ``halo``) or "outline" (a stroke in ``linestyle``)."""

    label: str
    kind: str = "patch"
    colour: str = "#000000"
    edge: str = "#777777"
    alpha: float = 1.0
    linestyle: object = "solid"
    linewidth: float = 1.0
    halo: bool = False
    hatch: str | None = None
    hatch_colour: str = HATCH_COLOUR


@dataclass
class SheetKey:
    """The list after a PDF sheet of what its codes or numbers stand for: ``rows`` (of a projects' map: code, name,
    status, percent) under ``heads``, titled ``title``, in ``columns`` (start, width: fractions of the text's width);
    then, under ``unlocated_title``, the ``unlocated`` projects the filters chose that have no site to draw
    (province-wide), in the same columns."""

    title: str
    heads: tuple[str, ...]
    rows: list[tuple[str, ...]]
    unlocated_title: str = ""
    unlocated: list[tuple[str, ...]] = field(default_factory=list)
    columns: tuple[tuple[float, float], ...] = PROJECT_COLUMNS

    def lines(self) -> list[tuple[str, tuple[str, ...]]]:
        """The key's lines in order, each ("heads", …), ("row", …) or ("section", (title,)); no empty section."""
        drawn = [("heads", self.heads), *(("row", row) for row in self.rows)] if self.rows else []
        if not self.unlocated:
            return drawn
        section = [("section", (self.unlocated_title,)), ("heads", self.heads)]
        return drawn + section + [("row", row) for row in self.unlocated]


@dataclass
class SheetText:
    """The words on the sheet: a title, lines under it, the legend's rows, the source line and the letter of the
    north arrow ("B" for Bắc, "N"); ``key``, what its codes or numbers name (a PDF's next pages). ``listed``: rows
    ending the legend if they fit at SMALLEST_LISTED pt, else ``listed_elsewhere`` (saying where to read them) and
    ``listed_key``, the same rows on a PDF's next pages (three districts were sent to page 2 though they fit)."""

    title: str
    lines: list[str]
    legend: list[LegendRow]
    source: str
    north: str = "N"
    legend_title: str = ""
    key: SheetKey | None = None
    listed: list[LegendRow] = field(default_factory=list)
    listed_elsewhere: list[LegendRow] = field(default_factory=list)
    listed_key: SheetKey | None = None


@dataclass
class Sheet:
    """A figure of the paper's size with its map frame and legend box; ``scale`` is how much bigger than A4."""

    paper: str
    orientation: str
    figure: Figure = field(init=False)
    map_axes: Axes = field(init=False)
    legend_axes: Axes = field(init=False)
    scale: float = field(init=False)
    _names: list[tuple[float, float, float, float]] = field(init=False, default_factory=list)
    _framed: tuple[tuple[float, float, float, float], float] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        sheet_fonts()
        width, height = PAPERS_MM[self.paper]
        if self.orientation == "portrait":
            width, height = height, width
        self.width_mm, self.height_mm = width, height
        self.scale = min(width, height) / 210
        self.figure = Figure(figsize=(width / MM_PER_INCH, height / MM_PER_INCH), dpi=DPI, facecolor="white")
        k, margin = self.scale, 10 * self.scale
        header, footer = 30 * k, FOOTER_MM * k
        if self.orientation == "landscape":
            legend_width = 72 * k
            map_box = (
                margin,
                margin + footer,
                width - 2 * margin - legend_width - 5 * k,
                height - header - footer - 2 * margin,
            )
            legend_box = (width - margin - legend_width, margin + footer, legend_width, map_box[3])
        else:
            legend_height = 62 * k
            map_top = height - margin - header
            map_bottom = margin + footer + legend_height + 4 * k
            map_box = (margin, map_bottom, width - 2 * margin, map_top - map_bottom)
            legend_box = (margin, margin + footer, width - 2 * margin, legend_height)
        self.map_axes = self.figure.add_axes(self._fraction(map_box))
        self.legend_axes = self.figure.add_axes(self._fraction(legend_box))
        self.map_box_mm, self.legend_box_mm = map_box, legend_box

    def _fraction(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        left, bottom, width, height = box
        return left / self.width_mm, bottom / self.height_mm, width / self.width_mm, height / self.height_mm

    def pt(self, size: float) -> float:
        """A font size or line width given for A4, on this paper."""
        return size * self.scale

    def name_size(self, size: float, per_mm: float) -> float:
        """The size (pt for A4, as ``size``) of the units' names on a map drawn at ``per_mm`` metres per mm of this
        paper, given ``size`` for a sheet of a province or more: larger as the units are larger on the paper, up to
        LARGEST_NAME. A sheet of Huyện Hoà Bình wrote its name at 6.5 pt and its communes' at 5, as a province's sheet
        then did: too small to read once printed."""
        enlarged = size * PROVINCE_M_PER_MM / (per_mm * self.scale)
        return max(size, min(LARGEST_NAME, enlarged))

    def frame(self, bounds: tuple[float, float, float, float], pad: float = 0.04) -> float:
        """Fit the map frame around ``bounds`` (metres) keeping the scale true; returns metres per mm of paper."""
        self._framed = (bounds, pad)
        west, south, east, north = bounds
        width, height = (east - west) * (1 + 2 * pad), (north - south) * (1 + 2 * pad)
        frame_width, frame_height = self.map_box_mm[2], self.map_box_mm[3]
        per_mm = max(width / frame_width, height / frame_height)
        centre_x, centre_y = (west + east) / 2, (south + north) / 2
        half_x, half_y = per_mm * frame_width / 2, per_mm * frame_height / 2
        self.map_axes.set_xlim(centre_x - half_x, centre_x + half_x)
        self.map_axes.set_ylim(centre_y - half_y, centre_y + half_y)
        self.map_axes.set_aspect("equal", adjustable="box")
        self.map_axes.set_xticks([])
        self.map_axes.set_yticks([])

        for spine in self.map_axes.spines.values():
            spine.set_linewidth(self.pt(0.8))
        self._names.extend(self._box(*corners) for corners in FURNITURE_CORNERS)
        return per_mm

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A box given in fractions of the map frame, in the map's metres."""
        (west, east), (south, north) = self.map_axes.get_xlim(), self.map_axes.get_ylim()
        return (
            west + x0 * (east - west),
            south + y0 * (north - south),
            west + x1 * (east - west),
            south + y1 * (north - south),
        )

    def label(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        per_mm: float,
        overlap: bool = False,
        clear_of: Sequence[tuple[float, float, float, float]] = (),
        **style: object,
    ) -> bool:
        """A name on the map with a white halo (``size`` in points for A4), unless it would overlap a name already
        written (when ``overlap`` is false) or a box of ``clear_of`` (symbols), or run out of the frame (its box
        estimated from its letters); True if written. The halo is a copy drawn as a white outline beneath, so that
        the name itself stays text in a PDF (searchable, copyable)."""
        lines = text.split("\n")
        letter_mm = self.pt(size) / PT_PER_MM
        half_width = 0.3 * letter_mm * max(len(line) for line in lines) * per_mm
        half_height = 0.7 * letter_mm * len(lines) * per_mm
        box = (x - half_width, y - half_height, x + half_width, y + half_height)
        (west, east), (south, north) = self.map_axes.get_xlim(), self.map_axes.get_ylim()
        inside = west < box[0] and box[2] < east and south < box[1] and box[3] < north
        if not inside or _crosses(box, clear_of) or (_crosses(box, self._names) and not overlap):
            return False
        self._names.append(box)
        # the halo's outline only: its letters' fill (withStroke's second path) lay under the name's own letters
        halo = [patheffects.Stroke(linewidth=self.pt(2.5), foreground="white")]
        where = {"fontsize": self.pt(size), "ha": "center", "va": "center", "clip_on": True, **style}
        self.map_axes.text(x, y, text, path_effects=halo, zorder=20, **{**where, "color": "white"})
        self.map_axes.text(x, y, text, zorder=21, **where)
        return True

    def finish(self, words: SheetText) -> SheetText:
        """Title and lines, legend, scale bar, north arrow and source line (and no axis labels: geopandas writes
        the CRS's axis names when it draws); the words as printed, with the key of the pages that follow."""
        self.map_axes.set_xlabel("")
        self.map_axes.set_ylabel("")
        self._make_room_for_the_source(words.source)
        self._make_room_for_the_header(words.lines)
        self._header(words)
        listed_fit = self._legend(words)
        self._furniture(words.north)
        self._source(words.source)
        return words if listed_fit or not words.listed_key else replace(words, key=words.listed_key)

    def _make_room_for_the_source(self, source: str) -> None:
        """Raise the map and legend over a source line of more lines than the footer holds (sources cited for the
        salinity zones, a portrait sheet's narrow lines): the map frame's edge ran through its first line. The shorter
        frame still shows all it showed (a little smaller): names written near its edges stay whole ("Đồng Tháp
        Province" was cut at the top of a portrait sheet)."""
        lines = self._wrap(source, 6.5, self.width_mm - 2 * 10 * self.scale).count("\n") + 1
        needed = lines * self.pt(6.5) * SOURCE_LINE_SPACING / PT_PER_MM + 2 * self.scale  # and a gap under the frame
        raise_by = needed - FOOTER_MM * self.scale
        if raise_by <= 0:
            return
        left, bottom, width, height = self.map_box_mm
        legend_left, legend_bottom, legend_width, legend_height = self.legend_box_mm
        if self.orientation == "landscape":
            self.map_box_mm = (left, bottom + raise_by, width, height - raise_by)
            self.legend_box_mm = (legend_left, legend_bottom + raise_by, legend_width, legend_height - raise_by)
        else:  # the legend under the map: both move up, the map's frame shorter
            self.map_box_mm = (left, bottom + raise_by, width, height - raise_by)
            self.legend_box_mm = (legend_left, legend_bottom + raise_by, legend_width, legend_height)
        self.map_axes.set_position(self._fraction(self.map_box_mm))
        self.legend_axes.set_position(self._fraction(self.legend_box_mm))
        if self._framed:
            (west, east), (south, north) = self.map_axes.get_xlim(), self.map_axes.get_ylim()
            self.frame((west, south, east, north), pad=0)

    def _make_room_for_the_header(self, lines: Sequence[str]) -> None:
        """Lower the map's top (and a landscape legend's) under header lines more than the header holds: a 2025
        province's unit sheet says which projects it counts and which former province they are of, and its last line
        was written over the map's frame (trial 57's sheets)."""
        margin = 10 * self.scale
        wrapped = sum(self._wrap(line, 9, self.width_mm - 2 * margin).count("\n") + 1 for line in lines)
        needed = 9 * self.scale + wrapped * self.pt(9) * 1.5 / PT_PER_MM + 2 * self.scale  # title, lines, a gap
        left, bottom, width, height = self.map_box_mm
        lower_by = needed - (self.height_mm - margin - (bottom + height))
        if lower_by <= 0:
            return
        self.map_box_mm = (left, bottom, width, height - lower_by)
        if self.orientation == "landscape":
            legend_left, legend_bottom, legend_width, legend_height = self.legend_box_mm
            self.legend_box_mm = (legend_left, legend_bottom, legend_width, legend_height - lower_by)
            self.legend_axes.set_position(self._fraction(self.legend_box_mm))
        self.map_axes.set_position(self._fraction(self.map_box_mm))
        if self._framed:
            (west, east), (south, north) = self.map_axes.get_xlim(), self.map_axes.get_ylim()
            self.frame((west, south, east, north), pad=0)

    def _wrap(self, text: str, size: float, width_mm: float) -> str:
        chars = max(20, int(width_mm / (0.62 * self.pt(size) / PT_PER_MM)))
        return "\n".join(textwrap.wrap(text, chars)) or text

    def _header(self, words: SheetText) -> None:
        k, margin = self.scale, 10 * self.scale
        top = self.height_mm - margin
        # a title longer than the paper is wide (a portrait sheet of both former provinces with what they are now)
        # is set smaller, down to 11 pt, rather than cut at the paper's edge
        fits = (self.width_mm - 2 * margin) / (0.66 * self.pt(16) / PT_PER_MM)
        self.figure.text(
            margin / self.width_mm,
            top / self.height_mm,
            words.title,
            fontsize=self.pt(max(11.0, min(16.0, 16 * fits / max(1, len(words.title))))),
            fontweight="bold",
            va="top",
        )
        lines = "\n".join(self._wrap(line, 9, self.width_mm - 2 * margin) for line in words.lines)
        self.figure.text(
            margin / self.width_mm,
            (top - 9 * k) / self.height_mm,
            lines,
            fontsize=self.pt(9),
            va="top",
            linespacing=1.5,
        )

    def _source(self, source: str) -> None:
        margin = 10 * self.scale
        text = self._wrap(source, 6.5, self.width_mm - 2 * margin)
        self.figure.text(
            margin / self.width_mm,
            margin / self.height_mm,
            text,
            fontsize=self.pt(6.5),
            va="bottom",
            color="#333333",
            linespacing=SOURCE_LINE_SPACING,
        )

    def _furniture(self, north: str) -> None:
        axes = self.map_axes
        axes.add_artist(
            ScaleBar(
                1,
                "m",
                location="lower left",
                length_fraction=0.22,
                box_alpha=0.85,
                frameon=True,
                scale_loc="top",
                font_properties={"family": FONT, "size": self.pt(7.5)},
                width_fraction=0.008,
                border_pad=0.6,
            )
        )
        x, size = 0.955, self.pt(11)
        axes.annotate(
            north,
            xy=(x, 0.965),
            xytext=(x, 0.875),
            xycoords="axes fraction",
            textcoords="axes fraction",
            ha="center",
            va="center",
            fontsize=size,
            fontweight="bold",
            zorder=30,
            arrowprops={
                "facecolor": "black",
                "edgecolor": "black",
                "width": self.pt(2.2),
                "headwidth": self.pt(9),
                "headlength": self.pt(9),
                "shrink": 0.0,
            },
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )

    def _legend(self, words: SheetText) -> bool:
        """The rows top to bottom in columns (one in landscape, three in portrait), made smaller if they would not
        fit the box; the rows ``listed`` only if they can be read so (SMALLEST_LISTED): whether they were."""
        axes = self.legend_axes
        _, _, box_width, box_height = self.legend_box_mm
        axes.set_xlim(0, box_width)
        axes.set_ylim(0, box_height)
        axes.axis("off")
        rows = [LegendRow(words.legend_title, "title"), *words.legend] if words.legend_title else words.legend
        readable = False
        if words.listed:
            with_list = [*rows, *words.listed]
            readable = self.pt(NOTE_SIZE * self._legend_layout(with_list)[2]) >= SMALLEST_LISTED
            rows = with_list if readable else [*rows, *words.listed_elsewhere]
        places, row_height, shrink = self._legend_layout(rows)
        column_width = box_width / self._legend_columns()
        for row, (column, line) in zip(rows, places, strict=True):
            _legend_row(
                axes,
                row,
                column * column_width,
                box_height - (line + 0.5) * row_height,
                row_height,
                column_width,
                self.pt(shrink),
            )
        return readable

    def _legend_columns(self) -> int:
        return 1 if self.orientation == "landscape" else 3

    def _legend_layout(self, rows: list[LegendRow]) -> tuple[list[tuple[int, int]], float, float]:
        """Where ``rows`` go in the legend's box: (column, line) of each, the rows' height (mm) and how much
        smaller than their given size they are set to fit."""
        places, per_column = _in_columns(rows, self._legend_columns())
        row_height = 5.0 * self.scale
        shrink = min(1.0, self.legend_box_mm[3] / (max(per_column, 1) * row_height))
        return places, row_height * shrink, shrink


def _in_columns(rows: list[LegendRow], columns: int) -> tuple[list[tuple[int, int]], int]:
    """(column, line) of each row, filling ``columns`` top to bottom with as few lines as they need; a heading is
    never left alone at the foot of a column."""
    per_column = -(-len(rows) // columns)
    while True:
        places, column, line = [], 0, 0
        for row in rows:
            if line == per_column or (row.kind == "heading" and line == per_column - 1):
                column, line = column + 1, 0
            places.append((column, line))
            line += 1
        if column < columns:
            return places, per_column
        per_column += 1


def _legend_row(axes: Axes, row: LegendRow, left: float, y: float, height: float, width: float, k: float) -> None:
    """One legend row at (left, y) in mm of the legend box; ``k`` scales sizes."""
    if row.kind in ("title", "heading", "note"):
        size = {"title": 10.0, "heading": 8.5, "note": NOTE_SIZE}[row.kind]
        weight = "normal" if row.kind == "note" else "bold"
        axes.text(left, y, row.label, fontsize=size * k, fontweight=weight, va="center", clip_on=False)
        return
    swatch = 9 * height / 5
    box_height = 0.65 * height
    if row.kind == "patch":

        def box(**style: object) -> None:
            axes.add_patch(Rectangle((left + 1, y - box_height / 2), swatch - 2, box_height, **style))

        box(facecolor=row.colour, alpha=row.alpha, edgecolor="none")
        box(facecolor="none", edgecolor=row.edge, linewidth=0.8 * k, linestyle=row.linestyle)
        if row.hatch:  # as the map draws it (units with no projects: grey and hatched, unlike the neighbours)
            box(facecolor="none", edgecolor=row.hatch_colour, hatch=row.hatch, linewidth=0)
    else:
        if row.halo:
            axes.add_line(
                Line2D(
                    [left, left + swatch],
                    [y, y],
                    color="white",
                    linewidth=(row.linewidth + 2.5) * k,
                    solid_capstyle="butt",
                )
            )
        axes.add_line(
            Line2D(
                [left, left + swatch],
                [y, y],
                color=row.colour,
                alpha=row.alpha,
                linewidth=row.linewidth * k,
                linestyle=row.linestyle,
                solid_capstyle="butt",
            )
        )
    size, lines = _label_lines(row.label, width - swatch - 2, k)
    axes.text(left + swatch + 2, y, "\n".join(lines), fontsize=size * k, va="center", linespacing=1.0, clip_on=False)


def _label_lines(label: str, room: float, k: float) -> tuple[float, list[str]]:
    """A legend label in ``room`` mm: one line at 7.5 pt, else two smaller lines (a portrait sheet's third of the
    width cut "Ngoài ranh giới xã, phường của sổ…"), cut only past two lines; its font size and lines."""
    size = 7.5
    lines = textwrap.wrap(label, int(room / (0.55 * size * k / PT_PER_MM)))
    if len(lines) > 1:
        size = 6.5
        lines = textwrap.wrap(label, int(room / (0.55 * size * k / PT_PER_MM)))
        if len(lines) > 2:
            lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), len(lines[1]), placeholder="…")]
    return size, lines or [""]


def save(sheet: Sheet, fmt: str, words: SheetText) -> bytes:
    """The sheet as PNG (at DPI) or PDF bytes, the title in the file's metadata; a PDF's next pages list what the
    codes or numbers on its map stand for (a planner at a meeting read "TV-WIND-V1-7-DONG-HAI-1" and no name)."""
    buffer = io.BytesIO()
    if fmt != "pdf":
        metadata = {"Title": words.title, "Software": "georeg"}
        compressed = {"compress_level": PNG_COMPRESS_LEVEL}
        sheet.figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, facecolor="white", pil_kwargs=compressed)
        return buffer.getvalue()
    with PdfPages(buffer, metadata={"Title": words.title, "Creator": "georeg"}) as pdf:
        pdf.savefig(sheet.figure, facecolor="white")
        for page in key_pages(sheet, words.key) if words.key else []:
            pdf.savefig(page, facecolor="white")
    return buffer.getvalue()


def key_pages(sheet: Sheet, key: SheetKey) -> list[Figure]:
    """Pages of the sheet's paper listing ``key``'s lines, a long name over more than one line; a section's title
    across the page, a little apart from the rows above it."""
    k, margin, size = sheet.scale, 12 * sheet.scale, 8.0 * sheet.scale
    line_mm = size / PT_PER_MM * 1.35
    width_mm = sheet.width_mm - 2 * margin
    pages: list[Figure] = []
    y = 0.0
    for style, row in key.lines():
        columns = key.columns if style != "section" else ((0.0, 1.0),)
        cells = [
            textwrap.wrap(text, max(4, int(share * width_mm / (0.55 * size / PT_PER_MM)))) or [""]
            for text, (_, share) in zip(row, columns, strict=True)
        ]
        height = max(len(lines) for lines in cells) * line_mm + 1.2 * k
        if style == "section" and pages:
            y -= 3 * k
        if not pages or y - height < margin:
            figure = Figure(figsize=(sheet.width_mm / MM_PER_INCH, sheet.height_mm / MM_PER_INCH), dpi=DPI)
            title = f"{key.title} ({len(pages) + 1})" if pages else key.title
            # wrapped: a portrait sheet's title ran off the paper
            title_lines = textwrap.wrap(title, max(20, int(width_mm / (0.6 * 12 * k / PT_PER_MM))))
            figure.text(
                margin / sheet.width_mm,
                1 - margin / sheet.height_mm,
                "\n".join(title_lines),
                fontsize=12 * k,
                fontweight="bold",
                va="top",
            )
            pages.append(figure)
            y = sheet.height_mm - margin - 12 * k * len(title_lines)
        bold = style != "row"
        for lines, (start, _) in zip(cells, columns, strict=True):
            pages[-1].text(
                (margin + start * width_mm) / sheet.width_mm,
                y / sheet.height_mm,
                "\n".join(lines),
                fontsize=size,
                fontweight="bold" if bold else "normal",
                va="top",
                linespacing=1.35,
            )
        y -= height
    return pages


def _crosses(box: tuple[float, float, float, float], boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether ``box`` (west, south, east, north) overlaps any of ``boxes``."""
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)
