"""A registry page that cannot be shown (an old link to a project, a unit code mistyped, a parameter the page cannot
take) answers a page in its language, naming what is wrong and linking to the map; the API keeps its JSON."""

from __future__ import annotations

from html import unescape

import pytest

PAGE = {"Accept": "text/html"}


@pytest.mark.parametrize(
    ("path", "status", "vi", "en"),
    [
        (
            "/projects/999999",
            404,
            "Không có dự án số 999999. Hãy tìm dự án theo tên hoặc mã trên bản đồ.",
            "No project with id 999999. Search for it by name or code on the map.",
        ),
        (
            "/units/pre2025/nope",
            404,
            # a planner is sent to the map's search, not only to the API's JSON list
            "Không có đơn vị hành chính mã 'nope' trước 01/07/2025; hãy tìm đơn vị theo tên bằng ô tìm kiếm của bản đồ",
            "No administrative unit with code 'nope' before 1 July 2025; find a unit by its name with the map's search",
        ),
        (
            "/progress?scheme=pre2025&level=commune",
            422,
            "level: ranh giới trước 01/07/2025 không có cấp xã, phường (commune); hãy chọn cấp huyện (district) hoặc "
            "tỉnh (province), hoặc ranh giới từ 01/07/2025 (scheme=2025)",
            "level: the boundaries before 1 July 2025 have no commune level; choose district or province, or the "
            "boundaries from 1 July 2025 (scheme=2025)",
        ),
        ("/progress?scheme=2030", 422, "phải là một trong các giá trị 'pre2025' hoặc '2025'", "'pre2025' or '2025'"),
        ("/progres", 404, "Không có trang nào ở địa chỉ /progres.", "There is no page at /progres."),
        # a parameter the page's form sets is named as the form labels it; one it has no field for keeps its name
        ("/progress?plan=QD-0", 422, "Kế hoạch: không có kế hoạch 'QD-0'", "Plan: unknown plan 'QD-0'"),
        ("/progress?kind=dam", 422, "Loại dự án: phải là một trong các giá trị", "Project kind: Input should be"),
        ("/projects/abc", 422, "project_id: phải là một số nguyên", "project_id: Input should be a valid integer"),
        (  # a day that does not exist is said so, with an example of how to write one
            "/progress?as_of=2021-02-31",
            422,
            "Tính đến ngày: phải là một ngày có thật, viết năm-tháng-ngày (ví dụ 2021-02-28)",
            "As of: ",
        ),
        ("/status-reports/flagged?agency=X&limit=0", 422, "limit: phải lớn hơn hoặc bằng 1", "limit: Input should"),
    ],
)
def test_a_page_that_cannot_be_shown_says_why_in_its_language(client, path, status, vi, en):
    for lang, said, title, back in [
        ("vi", vi, f"Không mở được trang này (lỗi {status})", "Bản đồ dự án"),
        ("en", en, f"This page cannot be shown (error {status})", "The projects map"),
    ]:
        url = path if lang == "vi" else f"{path}{'&' if '?' in path else '?'}lang=en"
        answer = client.get(url, headers=PAGE)
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"].startswith("text/html")
        page = unescape(answer.text)
        assert f'<html lang="{lang}">' in page and title in page and said in page, page
        assert f'href="/?lang={lang}"' in page and back in page
        assert '"detail"' not in page


def test_the_api_keeps_answering_json_in_the_language_asked(client):
    english = client.get("/api/progress", params={"scheme": "pre2025", "level": "commune"})
    assert english.status_code == 422
    assert english.json()["detail"][0]["loc"] == ["query", "level"]
    assert "have no commune level" in english.json()["detail"][0]["msg"]
    vietnamese = client.get(
        "/api/progress", params={"scheme": "pre2025", "level": "commune"}, headers={"Accept-Language": "vi"}
    )
    assert "không có cấp xã, phường (commune)" in vietnamese.json()["detail"][0]["msg"]
    assert client.get("/api/projects/999999", headers=PAGE).headers["content-type"] == "application/json"
    assert client.get("/api/nowhere", headers=PAGE).headers["content-type"] == "application/json"
    assert client.get("/progres").headers["content-type"] == "application/json"  # not asked by a browser


@pytest.mark.parametrize(
    ("lang", "said", "fix"),
    [
        ("vi", "«31/02/2026» không phải một ngày có thật: gõ ngày/tháng/năm", "Sửa ngày trong ô «Ghi nhận từ ngày»"),
        ("en", "“31/02/2026” is not a day: type dd/mm/yyyy", "Correct the day in “Recorded since”"),
    ],
)
def test_a_mistyped_day_on_the_reports_page_keeps_the_form_to_correct_it(client, lang, said, fix):
    """A supervisor who typed 31/02/2026 got an error page and lost the filters chosen (trial 44): the form comes
    back with the day as typed, marked, what to type, the other filters as chosen, and no list meanwhile."""
    answer = client.get("/status-reports", params={"since": "31/02/2026", "province": "84", "lang": lang}, headers=PAGE)
    assert answer.status_code == 422
    page = unescape(answer.text)
    assert 'name="since" value="31/02/2026"' in page and 'aria-invalid="true"' in page
    assert said in page and fix in page
    assert '<option value="84" selected>' in page  # the province chosen is still chosen
    assert "<table class='flagged'>" not in page
    api = client.get("/api/status-reports", params={"since": "31/02/2026"}, headers={"Accept-Language": "vi"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "since"]
    assert "ngày/tháng/năm" in api.json()["detail"][0]["msg"]
    assert client.get("/status-reports", params={"since": "05/12/2026", "lang": lang}, headers=PAGE).status_code == 200
    short = client.get("/status-reports", params={"since": "05/12/26", "lang": lang}, headers=PAGE)  # a short year
    assert short.status_code == 200 and 'name="since" value="05/12/2026"' in short.text
