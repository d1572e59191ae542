"""The bundled soil-salinity raster: registered as a salinity raster, and its zones derived by class."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.layer_versions import bump
from geo.models import RasterDataset
from geo.salinity import derive_zones, zone_source

FILE = "mekong_soil_salinity_ece_xgb_2025-03.tif"
PERIOD = "2025-03"
TITLE = "Độ mặn đất ECe dự báo bằng học máy (XGBoost), 03/2025 — ML prediction of soil salinity ECe, March 2025"
#: Vietnamese first: what the figures are (a prediction, not measurements) is read on Vietnamese pages too.
SOURCE = (
    "quanguet0409/SalinityCygnss (GitHub, MIT), Mekong2025/Model Results/XGB/Ece_Prediction_XGB3.tif: "
    "độ mặn đất ECe (dS/m) dự báo bằng học máy, không phải số đo, không phải đường đẳng mặn chính thức "
    "(kiểm định R ≈ 0,81, RMSE ≈ 2,55 dS/m) · "
    "a machine-learning prediction of soil salinity ECe (dS/m), "
    "not measured and not official isohalines (test R ≈ 0.81, RMSE ≈ 2.55 dS/m)"
)


def load_sample_salinity(session: Session, data_dir: Path) -> int:
    """Register the bundled raster (once; it is read in place) and re-derive its zones; returns the zones written."""
    path = str((data_dir / FILE).resolve())
    dataset = session.scalars(select(RasterDataset).where(RasterDataset.path == path)).first()
    if dataset is None:
        dataset = RasterDataset(
            theme="salinity", title=TITLE, period=PERIOD, year=2025, path=path, crs="EPSG:4326", source=SOURCE
        )
        session.add(dataset)
        session.flush()
        bump(session, "raster_salinity")
    elif (dataset.source, dataset.title) != (SOURCE, TITLE):  # registered by an earlier release: its words updated
        session.execute(text("DELETE FROM salinity_zone WHERE source = :old"), {"old": zone_source(dataset)})
        dataset.source, dataset.title = SOURCE, TITLE
        bump(session, "raster_salinity")
    return len(derive_zones(session, dataset))
