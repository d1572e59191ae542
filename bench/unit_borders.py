"""A units file's borders checked, and cleaned, against GEOS's coverage validation alone (not a test), in one run.

The published communes of the sample (data/boundaries, each simplified on its own: their borders overlap and gap by
tens of metres) are checked as a load checks a units file (``geo.shared_borders.border_faults``: each overlap and
gap with its units, area, width and place), beside GEOS's own validation of the same units
(``shapely.coverage_invalid_edges``, which says which edges are wrong but measures nothing), and cleaned as
``--clean-borders`` cleans them (``share_borders``). The sets: the 66 communes of former Bạc Liêu and Trà Vinh, the 188
of Cà Mau and Vĩnh Long, those 188 six times over side by side (1,128: a large province's communes before the 2025
reform), and the 16 published districts, which share their borders (the check's quick path). Medians of
``--repeat`` runs, wall and CPU seconds of this process.

    .venv/bin/python bench/unit_borders.py [--repeat 3] [--no-clean]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np
import pyogrio
import shapely

from geo.boundary_files import COMMUNES_2025_FILE, DISTRICTS_FILE
from geo.settings import PROJECT_ROOT
from geo.shared_borders import GAP_WIDTH_DEG, border_faults, share_borders

BOUNDARIES = PROJECT_ROOT / "data" / "boundaries"


def unit_sets() -> dict[str, np.ndarray]:
    """The sets of units measured, valid polygons in lon/lat, as a load has them once checked."""
    communes = pyogrio.read_dataframe(BOUNDARIES / COMMUNES_2025_FILE)
    every = shapely.make_valid(communes.geometry.values)
    six = [shapely.transform(every, lambda xy, dx=dx, dy=dy: xy + [dx, dy]) for dx in (0, 3) for dy in (0, 3, 6)]
    return {
        "communes of former Bạc Liêu and Trà Vinh": every[communes["in_old_baclieu_or_travinh"].to_numpy()],
        "communes of Cà Mau and Vĩnh Long": every,
        "the 188 communes six times over": np.concatenate(six),
        "districts (borders shared)": shapely.make_valid(
            pyogrio.read_dataframe(BOUNDARIES / DISTRICTS_FILE).geometry.values
        ),
    }


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``run``, and what it gave."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-clean", action="store_true", help="measure the check alone")
    args = parser.parse_args()
    for name, units in unit_sets().items():
        geos = timed(lambda units=units: shapely.coverage_invalid_edges(units, gap_width=GAP_WIDTH_DEG), args.repeat)
        check = timed(lambda units=units: border_faults(units), args.repeat)
        faults = check[2]
        print(f"{name}: {len(units)} units, {len(faults.overlaps)} overlaps and {len(faults.gaps)} gaps")
        print(f"  GEOS's validation alone  {geos[0]:6.2f} s (CPU {geos[1]:.2f} s)")
        print(f"  the load's check         {check[0]:6.2f} s (CPU {check[1]:.2f} s)")
        if not args.no_clean:
            clean = timed(lambda units=units: share_borders(list(units)), 1)
            print(f"  --clean-borders          {clean[0]:6.2f} s (CPU {clean[1]:.2f} s, once)")


if __name__ == "__main__":
    main()
