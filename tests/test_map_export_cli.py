"""``georeg map export`` as a planner runs it for the progress sheet of one province, beside the web export of the
same sheet (/progress/export)."""

from __future__ import annotations

from printed_sheets import pdf_text
from typer.testing import CliRunner

from cli.main import app


def _words(pdf: bytes, tmp_path) -> str:
    return " ".join(pdf_text(pdf, tmp_path).split())


def test_cli_prints_one_provinces_progress_sheet_as_the_web_export_does(
    client, sample_settings, tmp_path, commands_use
):
    """`georeg map export --what progress --province 84` printed both provinces' districts under the registry's
    title, --province unheeded: it prints Trà Vinh's sheet, titled and filtered as /progress/export?province=84."""
    commands_use(sample_settings.database_url)
    out = tmp_path / "tra_vinh.pdf"
    written = CliRunner().invoke(app, ["map", "export", "--what", "progress", "--province", "84", "-o", str(out)])
    assert written.exit_code == 0, written.output
    printed = _words(out.read_bytes(), tmp_path)
    web = _words(client.get("/progress/export", params={"province": "84", "format": "pdf"}).content, tmp_path)
    title = "Tiến độ dự án theo đơn vị hành chính — Trà Vinh (nay thuộc Vĩnh Long)"
    assert printed.startswith(title) and web.startswith(title), printed[:200]
    assert "Bộ lọc — Tỉnh: Trà Vinh" in printed
    assert "Huyện Càng Long" in printed and "Huyện Hồng Dân" not in printed  # Bạc Liêu's districts are not drawn


def test_cli_refuses_a_mistyped_province_by_name_and_writes_nothing(sample_settings, tmp_path, commands_use):
    commands_use(sample_settings.database_url)
    out = tmp_path / "nowhere.pdf"
    refused = CliRunner().invoke(
        app, ["map", "export", "--what", "progress", "--province", "48", "--lang", "en", "-o", str(out)]
    )
    assert refused.exit_code == 1 and not out.exists()
    assert "Nothing written: province: unknown province '48'" in " ".join(refused.output.split())
