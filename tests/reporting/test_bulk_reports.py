"""Bulk status reports: points matched to the nearest project, a dry-run report, then an all-or-nothing commit."""

from __future__ import annotations

import json

from geo.text_encoding import encode

SUBSTATION_LONG_DUC = (12, 106.338181, 9.978182)
SUBSTATION_CAU_NGANG = (13, 106.452081, 9.792984)
WIND_V1_SHARED_SITE = (106.5865, 9.6482)  # three wind-farm phases drawn on one polygon
SEA = (107.5, 8.9)
HEADER = "kinh_do,vi_do,trang_thai,tien_do,ngay_bao_cao,ghi_chu\n"


def _versions(client, *ids):
    return [client.get(f"/api/projects/{i}/history").json()["version"] for i in ids]


def _send(client, headers, name, content, **params):
    return client.post("/api/status-imports", params=params, files={"file": (name, content)}, headers=headers)


def _mixed_csv() -> bytes:
    _, lon, lat = SUBSTATION_LONG_DUC
    return (
        HEADER
        + f"{lon},{lat},Đang thi công,55%,2026-11-01,Đã dựng cột\n"
        + f"{WIND_V1_SHARED_SITE[0]},{WIND_V1_SHARED_SITE[1]},operating,100,2026-11-01,\n"
        + f"{SEA[0]},{SEA[1]},operating,100,2026-11-01,\n"
        + f"{lon},{lat},completed,lots,2026-11-01,\n"
    ).encode()


def test_dry_run_sorts_rows_into_matched_ambiguous_unmatched_invalid_and_changes_nothing(reporting, reporting_client):
    before = _versions(reporting_client, 12)
    response = _send(reporting_client, reporting.headers("sct"), "field.csv", _mixed_csv())
    assert response.status_code == 200, response.text
    report = response.json()
    sorted_into = ("matched", "ambiguous", "unmatched", "invalid", "already_received", "not_in_charge")
    assert {k: report["counts"][k] for k in sorted_into} == dict(zip(sorted_into, (1, 1, 1, 1, 0, 0), strict=True))
    assert (
        report["matched"][0] | {"row": 2, "id": 12, "status": "under_construction", "percent": 55}
        == report["matched"][0]
    )
    assert report["ambiguous"][0]["row"] == 3 and len(report["ambiguous"][0]["candidates"]) == 3
    assert report["unmatched"][0]["row"] == 4
    assert report["invalid"][0] == {
        "row": 5,
        "field": "percent",
        "column": "tien_do",
        "message": "row 5: 'lots' is not a number",
        "message_vi": "dòng 5: 'lots' không phải một số",
    }
    assert _versions(reporting_client, 12) == before


def test_commit_is_refused_unless_every_row_matches(reporting, reporting_client):
    before = _versions(reporting_client, 12)
    response = _send(reporting_client, reporting.headers("sct"), "field.csv", _mixed_csv(), commit="true")
    assert response.status_code == 422 and response.json()["committed"] is False
    assert _versions(reporting_client, 12) == before


def test_a_fully_matched_file_commits_every_row_in_legacy_encoding(reporting, reporting_client):
    before = _versions(reporting_client, 12, 13)
    rows = [
        f"{lon},{lat},operating,100,2026-11-02,Đóng điện trạm {pid}\n"
        for pid, lon, lat in (SUBSTATION_LONG_DUC, SUBSTATION_CAU_NGANG)
    ]
    content = encode(HEADER + "".join(rows), "cp1258")
    response = _send(reporting_client, reporting.headers("sct"), "field.csv", content, commit="true")
    assert response.status_code == 201, response.text
    assert _versions(reporting_client, 12, 13) == [v + 1 for v in before]
    last = reporting_client.get("/api/projects/13/history").json()["history"][-1]
    assert (last["status"], last["note_vi"]) == ("operating", "Đóng điện trạm 13")


def test_a_file_sent_again_is_answered_as_already_received_by_the_single_reports_rule(reporting, reporting_client):
    """The same account, project, status, percent, day and note make one event, as for a report sent from the form
    (geo.status_reports): an officer who sent her sheet again, its answer lost, read it as recorded twice."""
    before = _versions(reporting_client, 12)
    _, lon, lat = SUBSTATION_LONG_DUC
    content = (HEADER + f"{lon},{lat},under_construction,61,2026-11-03,Kéo dây\n").encode()
    sent = {"commit": "true", "accept_steps_back": "true"}  # the project may be further on: a step back, accepted
    first = _send(reporting_client, reporting.headers("sct"), "field.csv", content, **sent).json()
    again = _send(reporting_client, reporting.headers("sct"), "field.csv", content, **sent)
    assert again.status_code == 201 and again.json()["committed"] is True
    assert _versions(reporting_client, 12) == [before[0] + 1]
    assert first["matched"][0]["already_received"] is False
    row = again.json()["matched"][0]
    assert row | {"version": before[0] + 1, "already_received": True} == row
    assert again.json()["counts"]["already_received"] == 1


def test_one_row_outside_the_jurisdiction_undoes_the_whole_file(reporting, reporting_client):
    """The Đông Hải dyke account may report the dyke but not a substation: neither row is applied."""
    before = _versions(reporting_client, 6, 12)
    _, lon, lat = SUBSTATION_LONG_DUC
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [106.3785, 9.5300]},
            "properties": {"status": "under_construction", "percent": 70, "loai": "Đê biển"},
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"status": "operating", "percent": 100},
        },
    ]
    content = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    response = _send(
        reporting_client, reporting.headers("dykes"), "visit.geojson", content, commit="true", radius_m=300
    )
    assert response.status_code == 403
    assert "1 row is on a project you may not report on (row 2 (TV-SUB-110KV-LONG-DUC))" in response.json()["detail"]
    assert _versions(reporting_client, 6, 12) == before


def test_a_file_without_coordinates_is_refused_naming_the_missing_columns(reporting, reporting_client):
    response = _send(
        reporting_client, reporting.headers("sct"), "field.csv", b"ten,trang_thai,tien_do\nA,operating,5\n"
    )
    assert response.status_code == 422
    assert "field.csv" in response.json()["detail"] and "lat, lon" in response.json()["detail"]


def test_a_status_is_read_in_the_words_a_sheet_loaded_takes_and_an_unknown_one_is_refused_with_them(
    reporting, reporting_client
):
    """Trial 69: a status import took codes and labels only ("Chuẩn bị", "chuan bi" were not statuses), where a
    sheet loaded into projects takes shorter words and any accents (geo.coded_words, the one reader of both). An
    unknown word is listed invalid by its row and column, with the word and the words taken, in both languages."""
    _, lon, lat = SUBSTATION_LONG_DUC
    words = ("Chuẩn bị", "chuan bi", "ĐANG XÂY DỰNG", "huỷ", "On hold", "xong")
    rows = "".join(f"TV-SUB-110KV-LONG-DUC,{lon},{lat},{word},5\n" for word in words)
    content = "ma,kinh_do,vi_do,tinh_trang,tien_do\n" + rows

    report = _send(reporting_client, reporting.headers("sct"), "field.csv", content.encode()).json()

    assert [row["status"] for row in report["matched"]] == [
        "preparing",
        "preparing",
        "under_construction",
        "cancelled",
        "suspended",
    ]
    [refused] = report["invalid"]
    assert refused | {"row": 7, "field": "status", "column": "tinh_trang"} == refused
    assert refused["message"].startswith("row 7: 'xong' is not a status; the words taken: proposed: Đề xuất trong")
    assert "preparing: Chuẩn bị đầu tư, Investment preparation, Chuẩn bị, Preparing" in refused["message"]
    assert refused["message_vi"].startswith("dòng 7: 'xong' không phải một tình trạng; các từ được nhận: proposed:")
    assert refused["message_vi"].endswith("(chữ hoa hay thường, có dấu hay không dấu đều được)")


def test_a_note_pasted_with_control_characters_is_listed_invalid_by_its_row_and_column(reporting, reporting_client):
    """A note pasted from Word carries U+000B, which the yearly report's Word file cannot hold (geo.plain_text): the
    row is listed invalid naming its note column and the characters, in both languages, and nothing is kept."""
    _, lon, lat = SUBSTATION_LONG_DUC
    content = f"ma,kinh_do,vi_do,tinh_trang,tien_do,ghi_chu\nTV-SUB-110KV-LONG-DUC,{lon},{lat},operating,100,a\x0bb\n"

    report = _send(reporting_client, reporting.headers("sct"), "field.csv", content.encode()).json()

    assert report["matched"] == []
    [refused] = report["invalid"]
    assert refused | {"row": 2, "field": "note", "column": "ghi_chu"} == refused
    assert "U+000B" in refused["message"] and "not text" in refused["message"]
    assert "U+000B" in refused["message_vi"] and "không phải chữ" in refused["message_vi"]


def test_a_file_that_cannot_be_read_is_refused_naming_it_in_the_language_asked(reporting, reporting_client):
    """A bulk file refused as a whole was said in English only, a bad GeoJSON with json's own words ("Expecting
    value: line 1 column 1 (char 0)") — to an officer whose page asks in Vietnamese (found in session 70)."""
    cases = [
        ("notes.txt", b"x", "notes.txt: hãy gửi một tệp .csv, .xlsx hoặc .geojson", "notes.txt: send a .csv, an .xlsx"),
        (
            "field.csv",
            b"kinh_do,vi_do,trang_thai\n106.3,9.9,operating\n",
            "field.csv: không có cột cho percent (các cột có: kinh_do, vi_do, trang_thai)",
            "field.csv: no column for percent (found: kinh_do, vi_do, trang_thai)",
        ),
        (
            "p.geojson",
            b"{not json",
            "p.geojson: không phải một GeoJSON FeatureCollection (cần tên một thuộc tính trong dấu nháy kép (dòng 1",
            "p.geojson: not a GeoJSON FeatureCollection (Expecting property name enclosed in double quotes (line 1",
        ),
    ]
    for name, content, vi, en in cases:
        for lang, said in (("vi", vi), ("en", en)):
            headers = reporting.headers("sct") | {"Accept-Language": lang}
            refused = _send(reporting_client, headers, name, content)
            assert refused.status_code == 422 and refused.json()["detail"].startswith(said), refused.text
