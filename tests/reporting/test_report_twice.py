"""The same report sent twice (a double tap, a resend after a flaky network) is recorded once: the second sending is
answered with the first's event, "already received" (trial: a Vĩnh Long officer's one visit made two events)."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import httpx
from PIL import Image

CON_BAN_CHAT = {"id": 14, "lon": "106.019885", "lat": "9.863338"}  # a TV.SCT power line, reported on here only


def _send(client, who_headers, **fields):
    data = {"status": "under_construction", "percent": "35", "lon": CON_BAN_CHAT["lon"], "lat": CON_BAN_CHAT["lat"]}
    return client.post(f"/api/projects/{CON_BAN_CHAT['id']}/status", data={**data, **fields}, headers=who_headers)


def _history(client):
    return client.get(f"/api/projects/{CON_BAN_CHAT['id']}/history").json()


def test_the_same_report_sent_again_is_answered_as_already_received_and_recorded_once(reporting, reporting_client):
    read = _history(reporting_client)
    prepared = reporting.headers("officer", **{"If-Match": f'"v{read["version"]}"'})
    first = _send(reporting_client, prepared, note="Đã kéo dây  đoạn 2")
    assert first.status_code == 201 and first.json()["already_received"] is False, first.text
    # the answer was lost: the phone sends it again, with the version it had read
    again = _send(reporting_client, prepared, note="Đã kéo dây  đoạn 2")
    assert again.status_code == 200, again.text
    answer = again.json()
    assert answer["already_received"] is True
    assert answer["version"] == first.json()["version"] and answer["recorded_at"] == first.json()["recorded_at"]
    assert again.headers["ETag"] == f'"v{first.json()["version"]}"'  # the next report goes on from the project now
    # a page reloaded reads the project with its report in it, and sends it once more (a kept report)
    reloaded = reporting.headers("officer", **{"If-Match": again.headers["ETag"]})
    assert _send(reporting_client, reloaded, note="Đã kéo dây  đoạn 2").json()["already_received"] is True
    after = _history(reporting_client)
    assert after["version"] == read["version"] + 1
    assert [e["note_vi"] for e in after["history"]].count("Đã kéo dây  đoạn 2") == 1


def test_a_resend_that_crossed_a_colleagues_report_is_already_received_not_stale(reporting, reporting_client):
    """The officer's report arrived, its answer was lost, a colleague reported; the officer's phone sends it again on
    the version it had read: it is his report, received, not a stale one (412) nor a second event over the
    colleague's."""
    read = _history(reporting_client)
    prepared = reporting.headers("officer", **{"If-Match": f'"v{read["version"]}"'})
    mine = _send(reporting_client, prepared, percent="45", note="Dựng xong cột 12")
    colleague = _send(reporting_client, reporting.headers("sct"), percent="50", note="Dựng xong cột 14")
    assert (mine.status_code, colleague.status_code) == (201, 201)
    again = _send(reporting_client, prepared, percent="45", note="Dựng xong cột 12")
    assert again.status_code == 200 and again.json()["version"] == mine.json()["version"], again.text
    after = _history(reporting_client)
    assert (after["version"], after["percent"]) == (read["version"] + 2, 50)  # the colleague's stays the state


def test_what_is_not_the_same_report_is_recorded(reporting, reporting_client):
    """Another note, another sender, a photo the first had not, or the same state said again after a colleague's
    report the officer has read (he puts it back on purpose) are reports of their own."""
    start = _history(reporting_client)["version"]
    officer = reporting.headers("officer")
    assert _send(reporting_client, officer, percent="55", note="Cột 20").status_code == 201
    assert _send(reporting_client, officer, percent="55", note="Cột 21").status_code == 201
    assert _send(reporting_client, reporting.headers("sct"), percent="55", note="Cột 21").status_code == 201
    read = _history(reporting_client)["version"]
    back = reporting.headers("officer", **{"If-Match": f'"v{read}"'})
    assert _send(reporting_client, back, percent="55", note="Cột 21").status_code == 201
    photo = _png()
    with_photo = _send_with_photo(reporting_client, officer, photo)
    assert with_photo.status_code == 201, with_photo.text
    assert _send_with_photo(reporting_client, officer, photo).status_code == 200  # that one again: the same
    assert _send(reporting_client, officer, percent="55", note="Cột 21").status_code == 200  # its photo not kept
    assert _history(reporting_client)["version"] == start + 5


def test_a_double_tap_sends_twice_at_once_and_one_report_is_recorded(reporting, reporting_server):
    """Two sendings of one report at the same moment, over real HTTP: one recorded (201), the other answered with it."""
    start = httpx.get(f"{reporting_server}/api/projects/{CON_BAN_CHAT['id']}/history").json()["version"]

    def tap(_: int) -> httpx.Response:
        with httpx.Client(base_url=reporting_server, timeout=30) as client:
            return _send(client, reporting.headers("officer"), percent="65", note="Hai lần chạm")

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(tap, range(2)))
    assert sorted(a.status_code for a in answers) == [200, 201], [a.text for a in answers]
    assert len({a.json()["version"] for a in answers}) == 1
    after = httpx.get(f"{reporting_server}/api/projects/{CON_BAN_CHAT['id']}/history").json()
    assert after["version"] == start + 1


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _send_with_photo(client, headers, photo: bytes):
    data = {
        "status": "under_construction",
        "percent": "55",
        "note": "Cột 21",
        **{k: CON_BAN_CHAT[k] for k in ("lon", "lat")},
    }
    files = {"photo": ("cot.png", photo, "image/png")}
    return client.post(f"/api/projects/{CON_BAN_CHAT['id']}/status", data=data, files=files, headers=headers)
