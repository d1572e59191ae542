"""What a reload changes in its first updated projects (or units), field by field, as the command line and /upload
both list it: in one order, the projects the file puts back (or whose status a report overtook during the load)
first, then by code, and a changed site said once, by how far it moved and its size before and after. The page
listed the projects in another order than the command line (the job's JSONB keeps no order of an object's keys), and
each surface had its own rule for a site of the same kind moved (trial 56)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from geo.ingest.messages import said
from geo.said import LANGS, Said, figure, joined
from geo.vi_format import local_number

#: A whole boundary off by this much at most (metres) is the size of the differences between VN-2000 → WGS 84
#: parameter sets (the official ones with +towgs84's rotation signs left unflipped: ~0.5 m; EPSG:5194: ~0.9 m), not
#: a boundary redrawn: trial 58's office file, projected with the unflipped string, read "boundary moved 1 m".
DATUM_PARAMETERS_M = 1.0


def listing_order(codes: Collection[str], first: Collection[str]) -> list[str]:
    """``codes`` as the change list gives them: those in ``first`` (put back, overtaken), then the others, each by
    code."""
    return sorted(codes, key=lambda code: (code not in first, code))


def with_site_told(fields: dict[str, list[Any]], target: str) -> dict[str, list[Any]]:
    """A project's (or unit's) changes, a site's ``[its type, the file's type, metres moved, sizes]`` followed by how
    it is said in each language ({"vi": …, "en": …}: "moved 110 m; area 11 → 12 ha"); both surfaces print it, alone
    for a site of the same type ("Location: moved 110 m", not "area → area")."""
    if "geom" not in fields:
        return fields
    now, in_file, metres, sizes = [*fields["geom"], None, None][:4]
    told = site_told(metres, sizes, target)
    return fields | {"geom": [now, in_file, metres, sizes, {lang: told.text(lang) for lang in LANGS}]}


def site_told(metres: float | None, sizes: list[Any] | None, target: str) -> Said:
    """How far a site moved (a unit's boundary: at most), and its area or length before and after where they differ
    as written (a site moved whole keeps its size: "11 → 11 ha" read as a change, trial 56)."""
    told = []
    if metres and target == "units" and metres <= DATUM_PARAMETERS_M:
        told.append(said("boundary_off_by_datum_parameters", metres=figure(metres, f"{metres:.1f}", 1)))
    elif metres:  # how far its farthest point moved
        far = round(metres)
        told.append(said("boundary_moved", metres=far) if target == "units" else said("site_moved", metres=far))
    if sizes:
        measure, before, after = sizes
        if any(local_number(before, lang, 2) != local_number(after, lang, 2) for lang in LANGS):
            told.append(said(f"site_{measure}", before=before, after=after))
    return joined(told, "; ", "; ") if told else Said("", "")
