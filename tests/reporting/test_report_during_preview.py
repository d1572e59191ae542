"""A preview of a projects file holds nothing a field report needs: a status report goes through while it runs."""

from __future__ import annotations

import threading

import geopandas as gpd
import shapely
from sqlalchemy import text
from sqlalchemy.orm import Session

from geo.ingest import IngestRequest, Options, ingest

SUBSTATION_LONG_DUC = 12  # lead agency TV.SCT, a point


def test_a_status_report_on_a_project_in_the_file_completes_while_its_preview_is_running(
    reporting, reporting_client, reporting_engine, tmp_path
):
    with Session(reporting_engine) as session:
        code = session.scalar(text("SELECT code FROM project WHERE id = :id"), {"id": SUBSTATION_LONG_DUC})
    codes = [code] + [f"PV-{i}" for i in range(299)]
    path = tmp_path / "du_an.gpkg"
    gpd.GeoDataFrame(
        {"MA_DA": codes, "TEN_DA": "Trạm biến áp", "LOAI": "substation", "TRANG_THAI": "preparing"},
        geometry=shapely.points([(106.338 + i * 1e-4, 9.978) for i in range(300)]),
        crs="EPSG:4326",
    ).to_file(path)
    paused, resume = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 200:  # the first chunk (with the substation) is written, the second is being written
            paused.set()
            resume.wait(60)

    settings = reporting.settings.model_copy(update={"ingest_chunk_size": 100})
    request = IngestRequest(path, Options("projects", mode="upsert"), dry_run=True)
    preview = threading.Thread(target=lambda: results.append(ingest(reporting_engine, request, settings, progress)))
    results: list = []
    preview.start()
    try:
        assert paused.wait(60)
        answers: list = []
        # a note of its own: the same report sent before by another test would be answered "already received" (200)
        data = {"status": "under_construction", "percent": "45", "lon": "106.338181", "lat": "9.978182",
                "note": "Báo cáo trong lúc xem trước tệp"}  # fmt: skip
        post = threading.Thread(
            target=lambda: answers.append(
                reporting_client.post(
                    f"/api/projects/{SUBSTATION_LONG_DUC}/status", data=data, headers=reporting.headers("sct")
                )
            )
        )
        post.start()
        post.join(30)
        assert answers and answers[0].status_code == 201, answers and answers[0].text
        assert preview.is_alive() and not resume.is_set()  # the report did not wait for the preview
    finally:
        resume.set()
        preview.join(60)
    assert results[0].ok and results[0].written_count == 0, results[0].errors
