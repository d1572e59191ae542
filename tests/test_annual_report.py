"""The yearly report (/api/reports/annual and georeg report annual) on the sample data, checked against status_event."""

from __future__ import annotations

import base64
import csv
import io
import re
from collections import Counter

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import text
from typer.testing import CliRunner

from cli.main import app

PLAN, YEAR = "148/QĐ-UBND", 2024
# Counted here apart from the report: events reported in the year, per plan action and district of the project.
_EXPECTED = text("""
SELECT pa.code AS action, COALESCE(u.code, '') AS unit, count(e.id) AS changes, count(DISTINCT p.id) AS projects
FROM project p JOIN plan pl ON pl.id = p.plan_id AND pl.code = :plan
LEFT JOIN plan_action pa ON pa.id = p.plan_action_id
LEFT JOIN (project_unit_share s JOIN admin_unit u ON u.id = s.unit_id AND u.scheme = 'pre2025' AND u.level = 'district')
     ON s.project_id = p.id
LEFT JOIN status_event e ON e.project_id = p.id AND EXTRACT(YEAR FROM e.reported_at) = :year
GROUP BY 1, 2
""")


@pytest.fixture(scope="module")
def expected(sample_engine) -> dict[tuple[str, str], tuple[int, int]]:
    with sample_engine.connect() as conn:
        rows = conn.execute(_EXPECTED, {"plan": PLAN, "year": YEAR}).mappings()
        return {(r["action"], r["unit"]): (r["changes"], r["projects"]) for r in rows}


def _by_action_and_unit(rows: list[list]) -> dict[tuple[str, str], tuple[int, int]]:
    changes, projects = Counter(), Counter()
    for action, _title, _agency, unit, _unit_name, count, changed, *_ in rows:
        changes[(str(action), str(unit or ""))] += int(changed)
        projects[(str(action), str(unit or ""))] += int(count)
    return {key: (changes[key], projects[key]) for key in changes}


def _get(client, fmt: str):
    response = client.get("/api/reports/annual", params={"plan": PLAN, "year": YEAR, "format": fmt})
    assert response.status_code == 200, response.text
    return response


def test_the_xlsx_rows_match_the_status_history(client, expected):
    book = load_workbook(io.BytesIO(_get(client, "xlsx").content))
    assert book.sheetnames[:4] == ["Thông tin", "Nhiệm vụ", "Báo cáo của cơ quan", "Chỉ tiêu"]
    rows = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    assert rows[0][6] == "Số lần cập nhật tình trạng trong năm"
    assert _by_action_and_unit([list(r) for r in rows[1:]]) == expected
    assert sum(changes for changes, _ in expected.values()) > 0
    heading = dict(book["Thông tin"].iter_rows(values_only=True))
    assert heading["Thời hạn gửi báo cáo"] == "trước ngày 14/11/2024"
    assert len(list(book["Chỉ tiêu"].iter_rows())) == 1 + 24


def test_the_csv_rows_match_the_status_history(client, expected):
    body = _get(client, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert _by_action_and_unit(rows[1:]) == expected


def test_the_html_report_carries_its_printed_map_and_opens_from_disk(client, browser, tmp_path):
    """The map was an interactive one in a frame: blank when the app served it (its inline scripts refused by the
    pages' policy) and when saved (it loaded the app's /assets). Now it is the printed progress map, in the page."""
    page = _get(client, "html").text
    assert "Nhiệm vụ / Actions" in page and "<script" not in page.lower()
    assert re.findall(r"(?:src|href)=[\"'](?!data:)([^\"']+)", page) == []  # nothing fetched from anywhere
    png = re.search(r"<img id='progress-map'[^>]*src='data:image/png;base64,([^']+)'", page)[1]
    sheet = Image.open(io.BytesIO(base64.b64decode(png)))
    assert sheet.size[0] > sheet.size[1] > 1000 and len(sheet.convert("RGB").getcolors(1 << 20)) > 500  # A4, drawn
    saved = tmp_path / "bao-cao.html"
    saved.write_text(page, encoding="utf-8")
    opened = browser.new_page()
    opened.goto(saved.as_uri())
    assert opened.evaluate("document.getElementById('progress-map').naturalWidth") == sheet.size[0]
    opened.close()


def test_the_html_report_of_a_plan_without_targets_says_so_not_an_empty_table(client):
    page = client.get("/api/reports/annual", params={"plan": "1099/QĐ-UBND", "year": YEAR, "format": "html"}).text
    indicators = page.split("<h2>Chỉ tiêu / Indicators</h2>")[1].split("<h2>")[0]
    assert indicators == "<p>Kế hoạch không đặt chỉ tiêu định lượng. / The plan sets no quantitative targets.</p>"


def test_an_unknown_plan_is_refused(client):
    bad = client.get("/api/reports/annual", params={"plan": "0/XX", "year": YEAR})
    assert bad.status_code == 422 and PLAN in bad.text


@pytest.fixture
def cli_on_sample(sample_settings, commands_use):
    commands_use(sample_settings.database_url)
    return lambda *args: CliRunner().invoke(app, ["report", "annual", "--plan", PLAN, "--year", str(YEAR), *args])


def test_the_cli_writes_the_xlsx_and_refuses_an_unknown_format(cli_on_sample, tmp_path):
    result = cli_on_sample("--out", str(tmp_path / "report.xlsx"))
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "report.xlsx").sheetnames[:2] == ["Thông tin", "Nhiệm vụ"]
    assert cli_on_sample("--out", str(tmp_path / "report.docx")).exit_code == 0
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in Document(tmp_path / "report.docx").tables[0].rows[0].cells[1].text
    refused = cli_on_sample("--out", str(tmp_path / "report.pdf"))
    assert refused.exit_code == 1 and "xlsx" in refused.output and not (tmp_path / "report.pdf").exists()


def test_the_cli_html_file_opens_from_disk_with_its_map_and_no_network(browser, cli_on_sample, tmp_path):
    out = tmp_path / "report.html"
    assert cli_on_sample("--out", str(out)).exit_code == 0
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(out.as_uri())
    drawn = page.evaluate("document.getElementById('progress-map').naturalWidth")
    page.close()
    assert drawn > 1000
    assert [url for url in requests if not url.startswith(("file:", "about:", "data:"))] == []
