"""``georeg map export`` as a planner runs it for the progress sheet of one province, beside the web export of the
same sheet (/progress/export)."""

from __future__ import annotations

import pytest
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


def test_cli_prints_a_2025_provinces_progress_on_its_own_boundaries(sample_settings, tmp_path, commands_use):
    """Trial 66: `georeg map export --what progress --province 96` printed "— Bạc Liêu (nay thuộc Cà Mau)", former
    Bạc Liêu's districts, abolished in July 2025: Cà Mau (96) is a province of the 2025 boundaries, drawn on them."""
    commands_use(sample_settings.database_url)
    out = tmp_path / "ca_mau.pdf"
    written = CliRunner().invoke(app, ["map", "export", "--what", "progress", "--province", "96", "-o", str(out)])
    assert written.exit_code == 0, written.output
    printed = _words(out.read_bytes(), tmp_path)
    assert printed.startswith("Tiến độ dự án theo đơn vị hành chính — Cà Mau"), printed[:200]
    assert "Bạc Liêu (nay thuộc" not in printed and "Huyện Hồng Dân" not in printed


def test_cli_takes_a_status_in_the_words_a_sheet_loaded_takes(sample_settings, tmp_path, commands_use):
    """Trial 69: "Chuẩn bị" was no status to a sheet loaded, nor to --status (codes only): one reader of status words
    for every place (geo.coded_words), in any case, with or without accents."""
    commands_use(sample_settings.database_url)
    out = tmp_path / "chuan_bi.pdf"
    args = ["map", "export", "--status", "chuan bi", "--status", "ĐANG THI CÔNG", "-o", str(out)]
    written = CliRunner().invoke(app, args)
    assert written.exit_code == 0, written.output
    assert "Tình trạng: Chuẩn bị đầu tư, Đang thi công" in _words(out.read_bytes(), tmp_path)


#: Each refusal of `georeg map export` (its options), with what it says in Vietnamese and in English.
REFUSALS = [
    (  # each code with its name, the neighbours drawn only as background said to be so (bare codes before)
        ["--province", "48"],
        "province: không có tỉnh mã '48'; chọn một trong 84 Trà Vinh, 86 Vĩnh Long, 95 Bạc Liêu, 96 Cà Mau; tỉnh lân "
        "cận, chỉ vẽ làm nền (sổ đăng ký không giữ dự án của các tỉnh này): 82 Đồng Tháp, 83 Bến Tre, 91 An Giang "
        "(trước 01/07/2025: Kiên Giang), 92 Cần Thơ",
        "province: unknown province '48'; expected one of 84 Trà Vinh, 86 Vĩnh Long, 95 Bạc Liêu, 96 Cà Mau; "
        "neighbouring provinces, drawn only as background (the registry holds none of their projects): 82 Đồng Tháp, "
        "83 Bến Tre, 91 An Giang (before 1 July 2025: Kiên Giang), 92 Cần Thơ",
    ),
    (["--plan", "X"], "plan: không có kế hoạch 'X'", "plan: unknown plan 'X'"),
    (["--what", "map", "--unit", "99999"], "unit: không có huyện (trước 01/07/2025)", "unit: no district"),
    (["--what", "bogus"], "what: 'bogus' không phải một trong map, progress", "what: 'bogus' is not one of map"),
    (["--paper", "a5"], "paper: 'a5' không phải một trong a4, a3", "paper: 'a5' is not one of a4, a3"),
    (  # said as a list of words, not as Python's ['budget', 'count', 'size'] (trial 66)
        ["--what", "progress", "--weight", "ngansach"],
        "weight: 'ngansach' không phải một trong budget, count, size",
        "weight: 'ngansach' is not one of budget, count, size",
    ),
    (["--orientation", "up"], "orientation: 'up' không phải một trong", "orientation: 'up' is not one of"),
    (["--scheme", "1990"], "scheme: '1990' không phải một trong", "scheme: '1990' is not one of"),
    (["--format", "jpg"], "format: 'jpg' không phải một trong png, pdf", "format: 'jpg' is not one of png, pdf"),
    (["--what", "progress", "--weight", "mass"], "weight: 'mass' không phải một trong", "weight: 'mass' is not one"),
    (["--salinity", "1999-01"], "không có vùng nhiễm mặn của kỳ '1999-01'; các kỳ đã nạp: 2025-03",
     "no salinity zones of period '1999-01'; loaded: 2025-03"),
    (["--kind", "rocket"], "không có loại dự án 'rocket'; chọn một trong: sea_dyke", "unknown kind 'rocket'"),
    (  # each status with the words taken for it, as a sheet loaded refuses one (geo.coded_words)
        ["--status", "gone"],
        "--status 'gone' không phải một tình trạng; các từ được nhận: proposed: Đề xuất trong kế hoạch, Proposed in "
        "the plan, Đề xuất, Proposed; preparing: Chuẩn bị đầu tư",
        "--status 'gone' is not a status; the words taken: proposed: Đề xuất trong kế hoạch",
    ),
    (["--bbox", "1,2"], "bbox: '1,2' không phải bốn số tây,nam,đông,bắc", "bbox: '1,2' is not four numbers"),
    (["--bbox", "105.9,9.2,105.6,9.45"], "không phải tây,nam,đông,bắc theo độ", "is not west,south,east,north"),
    (["--what", "unit"], "--what unit cần --unit", "--what unit needs --unit"),
    (["--unit", "954"], "không phải refused.pdf; hãy đổi --out", "file, not refused.pdf; change --out"),
    (["--unit", "99999", "-o", "{tmp}/unit.png"], "Không có đơn vị hành chính mã '99999'", "No administrative unit"),
    (["-o", "{tmp}/none/map.pdf"], "chưa có thư mục {tmp}/none; hãy tạo", "there is no folder {tmp}/none; create it"),
    (["-o", "/sys/map.pdf"], "không được phép ghi vào thư mục /sys", "writing in the folder /sys is not allowed"),
    (["-o", "{tmp}"], "tệp --out: {tmp} là một thư mục; hãy ghi cả tên tệp", "out: {tmp} is a folder; give the file's"),
]  # fmt: skip
NOTHING_WRITTEN = {"vi": "Không ghi gì:", "en": "Nothing written:"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_refusal_is_said_in_the_language_asked_and_writes_nothing(sample_settings, tmp_path, commands_use, lang):
    """Session 61: `georeg map export … --lang vi` refused an unknown province, a wrong --what, a period with no
    salinity zones… in English only; a --bbox not of four numbers was a usage error in English, a folder not there
    a traceback, and a unit's page named three things one of which was wrong."""
    commands_use(sample_settings.database_url)
    for options, vi, en in REFUSALS:
        args = ["map", "export", "--lang", lang, "-o", str(tmp_path / "refused.pdf")]
        refused = CliRunner().invoke(app, args + [o.format(tmp=tmp_path) for o in options])
        said = " ".join(refused.output.split())
        expected, other = (vi, en) if lang == "vi" else (en, vi)
        assert refused.exit_code == 1, (options, said)
        assert said.startswith(NOTHING_WRITTEN[lang]) and expected.format(tmp=tmp_path) in said, (options, said)
        assert other.format(tmp=tmp_path) not in said, (options, said)
        assert not list(tmp_path.iterdir()), options
