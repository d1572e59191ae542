"""The printed sheets' font: matplotlib's DejaVu Sans cut down to the letters Vietnamese and English sheets write.

A PDF embeds the part of each font its text uses, and fontTools reads the whole font's layout tables to cut it:
DejaVu Sans has some 6,000 glyphs (Greek, Cyrillic, Arabic, …), and cutting its three faces took a third of a map
export's time (3.5 s of 9.9 s for a province's two-page sheet, profiled). Cut once to Latin with Vietnamese's
letters and the signs the sheets use, the PDF's cut reads a seventh of it. Any other letter a name may hold (a Chinese
character in a project's name) still prints: matplotlib falls back to the whole DejaVu Sans glyph by glyph.

The cut fonts are written once per machine beside matplotlib's own font cache, named after the source font's
contents, so a new matplotlib's font makes new cuts.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

import matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont
from matplotlib import font_manager

FAMILY = "Georeg Sheet Sans"
FALLBACK = "DejaVu Sans"
FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
#: Latin with its supplements (Ơ, Ư: Latin Extended-B), the combining marks, the Vietnamese letters (Latin Extended
#: Additional), punctuation, currency (₫), letter-like signs (№), arrows, mathematical operators (≤, −) and the
#: geometric shapes the legends draw.
UNICODE_RANGES = (
    (0x0020, 0x024F),
    (0x0300, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
)


@cache
def sheet_fonts() -> list[str]:
    """The font families a sheet's text is set in, the cut fonts registered with matplotlib on the first call."""
    cut_dir = cut_fonts_folder()
    cut_dir.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        font_manager.fontManager.addfont(str(_cut(source_fonts_folder() / face, cut_dir)))
    return [FAMILY, FALLBACK]


def source_fonts_folder() -> Path:
    """matplotlib's own fonts, which the sheet's are cut from."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def cut_fonts_folder() -> Path:
    """Where the cut fonts are kept, beside matplotlib's font cache (MPLCONFIGDIR, else ~/.cache/matplotlib): a
    sheet not drawn names it, as deleting it has the fonts cut again."""
    return Path(matplotlib.get_cachedir()) / "georeg-fonts"


def cut_path(source: Path, cut_dir: Path) -> Path:
    """The file the cut of ``source`` is kept in, named after its contents."""
    digest = hashlib.sha256(source.read_bytes() + repr(UNICODE_RANGES).encode()).hexdigest()[:12]
    return cut_dir / f"{source.stem}-georeg-{digest}.ttf"


def _cut(source: Path, cut_dir: Path) -> Path:
    """The cut of ``source`` in ``cut_dir``, written first if not there (to a temporary name, then renamed: two
    processes cutting at once each write a whole file)."""
    target = cut_path(source, cut_dir)
    if target.is_file():
        return target
    font = TTFont(source)
    options = subset.Options(layout_features=["*"], name_IDs=["*"], notdef_outline=True, hinting=True)
    options.drop_tables += ["FFTM"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[code for first, last in UNICODE_RANGES for code in range(first, last + 1)])
    cutter.subset(font)
    style = font["name"].getDebugName(2) or "Book"
    # the family (1, 16), the full name (4) and the PostScript name (6), as the PDF's font list gives them
    names = {1: FAMILY, 16: FAMILY, 4: f"{FAMILY} {style}", 6: f"{FAMILY}-{style}".replace(" ", "")}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    handle, temporary = tempfile.mkstemp(dir=cut_dir, suffix=".ttf")
    os.close(handle)
    font.save(temporary)
    os.replace(temporary, target)
    return target
