"""Reading back the printed maps the tests ask for: a PDF's text and blocks through poppler, a PNG's pixels."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from PIL import Image

from maps import annual_report_formats, map_export

MM_PER_INCH = 25.4
#: A word's height in a PDF as poppler gives it, per point of its font size (DejaVu Sans: ascent 0.928 + descent 0.236).
HEIGHT_PER_PT = 1.164

# Each project's state as of :day, written here independently of the registry's own query.
STATE_ON = """
SELECT DISTINCT ON (p.id) p.id, p.kind, e.status, e.reported_at
FROM project p JOIN status_event e ON e.project_id = p.id
WHERE e.reported_at <= :day AND p.geom IS NOT NULL AND p.retired_at IS NULL
ORDER BY p.id, e.reported_at DESC, e.version DESC"""


def pdf_text(pdf: bytes, tmp_path: Path, pages: int | None = None) -> str:
    """The PDF's text, of its first ``pages`` (the map sheet is the first; the key of its projects follows)."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    first = ["-l", str(pages)] if pages else []
    return subprocess.run(["pdftotext", *first, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_page_points(pdf: bytes, tmp_path: Path) -> tuple[float, float]:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(width), float(height)


def sheet_pixels(mm: float, dpi: int = 150) -> int:
    return int(mm / MM_PER_INCH * dpi)  # matplotlib drops the part of a pixel


def salinity_pixels(png: bytes) -> int:
    """The pixels of the sheet in the lightest salinity class's colour as printed (#1a9850, lightened, over white)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    printed = tuple(round(255 - map_export.SALINITY_FILL_ALPHA * (255 - c)) for c in (0x1A, 0x98, 0x50))
    return sum(
        n
        for n, colour in image.getcolors(1 << 20)
        if max(abs(a - b) for a, b in zip(colour, printed, strict=True)) <= 3
    )


def pdf_blocks(pdf: bytes, tmp_path: Path) -> list[tuple[float, str]]:
    """The first page's blocks of text as poppler lays them out: (top in points, words), top first."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-l", "1", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    blocks = re.findall(r'<block xMin="[\d.]+" yMin="([\d.]+)".*?</block>', html, re.S)
    texts = [" ".join(re.findall(r">([^<]+)</word>", b)) for b in re.findall(r"<block .*?</block>", html, re.S)]
    return sorted(zip(map(float, blocks), texts, strict=True))


def numbered_units(pdf: bytes, tmp_path: Path) -> dict[int, tuple[str, str]]:
    """What the numbers on a progress sheet's map stand for, read from the PDF's key after the map (two halves side
    by side): number -> (unit's name, its figure as printed, "%" joined to the number)."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    key = subprocess.run(
        ["pdftotext", "-f", "2", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    units = {}
    for line in key.stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        for at in range(0, len(cells) - 2, 3):
            if cells[at].isdigit():
                units[int(cells[at])] = (cells[at + 1], cells[at + 2].replace(" %", "%"))
    return units


def word_sizes(pdf: bytes, tmp_path: Path, page: int) -> list[tuple[float, float, str]]:
    """The words of a page of the PDF: (left in points, font size in points, word), the size read from poppler's word
    box (HEIGHT_PER_PT)."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path), "-"], capture_output=True, text=True
    ).stdout
    return [
        (float(x0), (float(y1) - float(y0)) / HEIGHT_PER_PT, word)
        for x0, y0, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes
        )
    ]


class DrawnOnce:
    """``client.get`` of a printed sheet, each path and parameters asked once: the tests of a module read several
    sheets alike (the whole registry's progress PDF, its budget-weighted one, a province's projects…), drawing one
    takes seconds, and they only read it; ``framed`` gives the bounds each sheet's map was framed on (Sheet.frame), so
    a test of the frame reads a sheet other tests read too. Not for a test that changes how a sheet is drawn
    (monkeypatch)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.drawn: dict[tuple[str, str], tuple[Response, tuple[float, float, float, float] | None]] = {}

    def __call__(self, path: str, params: dict | None = None) -> Response:
        return self._sheet(path, params)[0]

    def framed(self, path: str, params: dict | None = None) -> tuple[float, float, float, float] | None:
        """The bounds (UTM metres) the sheet's map was framed on; None for a sheet refused."""
        return self._sheet(path, params)[1]

    def _sheet(self, path: str, params: dict | None) -> tuple[Response, tuple[float, float, float, float] | None]:
        key = (path, json.dumps(params or {}, sort_keys=True))
        if key not in self.drawn:
            answer, framed = framed_on(lambda: self.client.get(path, params=params))
            self.drawn[key] = answer, framed
        return self.drawn[key]


def drawn_once(client: TestClient) -> DrawnOnce:
    """The sample's printed sheets through ``client``, each drawn once (DrawnOnce)."""
    return DrawnOnce(client)


def framed_on(draw: Callable[[], Any]) -> tuple[Any, tuple[float, float, float, float] | None]:
    """What ``draw`` answers and the bounds (UTM metres) the first sheet it draws was framed on (Sheet.frame); None
    if it framed none (a request refused)."""
    framed, frame = [], map_export.Sheet.frame
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            map_export.Sheet,
            "frame",
            lambda sheet, bounds, pad=0.04: framed.append(bounds) or frame(sheet, bounds, pad),
        )
        answer = draw()
    return answer, framed[0] if framed else None


@contextmanager
def not_saved() -> Iterator[None]:
    """Sheets drawn but not saved (an empty file answered), for a test that reads what the drawing decided (the names
    and their sizes, the lines under the title, the frame) and not the file: saving, a PNG's rasterising or a PDF's
    fonts subset, is most of a sheet's CPU (measured warm: 0.37 of 0.55 s for the whole registry's progress PNG, 0.45
    of 0.85 for its projects' PNG). Not around ``drawn_once``'s sheets, which other tests read."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(map_export, "save", lambda sheet, fmt, words: b"")
        yield


@contextmanager
def report_map_not_drawn() -> Iterator[None]:
    """Yearly reports (DOCX, HTML) asked meanwhile carry a white pixel as their printed map, for a test that reads
    their words only: the map is 0.5–0.9 s of CPU a report (its queries, its drawing, its PNG), and is read where a
    test reads it (the report's figure) and by tests/test_map_export*.py."""
    png = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(png, "PNG")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(annual_report_formats, "_progress_sheet", lambda *args: png.getvalue())
        yield
