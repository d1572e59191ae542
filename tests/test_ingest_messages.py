"""Every message of the ingest report in Vietnamese and English (geo.ingest.messages), and no report text without."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest

import geo.ingest
from geo.ingest.messages import MESSAGES, said
from geo.ingest.report import Problem
from geo.option_words import OPTIONS, read_on_the_page
from maps.upload_page import LABELS

INGEST = Path(geo.ingest.__file__).parent


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_a_vietnamese_and_an_english_text_with_the_same_blanks():
    for key, texts in MESSAGES.items():
        assert {"vi", "en"} <= set(texts) <= {"vi", "en", "en_one", "vi_one"}, key  # *_one: the text of a count of 1
        assert blanks(texts["vi"]) == blanks(texts["en"]), key
        for lang in ("vi", "en"):
            assert f"{lang}_one" not in texts or blanks(texts[f"{lang}_one"]) == blanks(texts[lang]) - {"count"}, key
        assert unicodedata.is_normalized("NFC", texts["vi"]), key
        assert texts["vi"] != texts["en"] and re.search(r"[^\x00-\x7f]", texts["vi"]), key


def calls_in_ingest() -> list[tuple[str, ast.Call]]:
    return [
        (path.name, node)
        for path in sorted(INGEST.glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
    ]


def test_every_report_message_comes_from_the_table_and_every_entry_is_used():
    used = set()
    for name, call in calls_in_ingest():
        callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if callee in ("warn", "error") and call.args:
            said_plainly = isinstance(call.args[-1], ast.Constant | ast.JoinedStr)
            assert not said_plainly, f"{name}:{call.lineno}: a report text in one language; add it to MESSAGES"
        if callee == "said":
            for part in ast.walk(call.args[0]):  # a key, either of two ("a" if … else "b"), or f"unknown_{field}"
                if isinstance(part, ast.JoinedStr):
                    used |= {k for k in MESSAGES if k.startswith(part.values[0].value)}
                    break
                if isinstance(part, ast.Constant):
                    used.add(part.value)
    assert used <= set(MESSAGES), used - set(MESSAGES)
    assert set(MESSAGES) <= used, set(MESSAGES) - used


def test_numbers_in_messages_are_written_as_each_language_writes_them_and_feature_numbers_plainly():
    """Counts as each language writes them (12.345; 12,345); a feature's number is a row number, without thousands
    separators, so that a list of them ("5, 1501, 2999") cannot be read as other numbers."""
    message = said("z_dropped", count=12345, first="0, 7")
    assert message.vi.startswith("12.345 đối tượng có giá trị Z/M") and message.en.startswith("12,345 feature(s)")
    problem = Problem.of(said("duplicate_code", first="1200"), index=14426, field="ma", value="P-1", layer="du_an")
    problem = problem.found_also(15001)
    assert problem.text("vi") == (
        "lớp du_an, đối tượng 14426, 15001, trường ma, giá trị 'P-1': đối tượng 1200 có cùng mã; "
        "mỗi dự án chỉ ghi một lần trong tệp"
    )
    assert (
        str(problem)
        == problem.text("en")
        == (
            "layer du_an, features 14426, 15001, field ma, value 'P-1': feature 1200 has the same code; "
            "give each project once in the file"
        )
    )


def every_message_filled(lang: str) -> dict[str, str]:
    """Every message in ``lang`` with each blank filled by a stand-in ("X"), as said where it is being said."""
    phrases = {blank for words in OPTIONS.values() for phrase in words.values() for blank in blanks(phrase["en"])}
    return {
        key: said(key, **dict.fromkeys(blanks(texts["en"]) - set(OPTIONS["page"]) | phrases, "X")).text(lang)
        for key, texts in MESSAGES.items()
    }


#: Messages about the command line itself, said as it is on any surface: a --dry-run's job, a --map written wrongly
#: (the page writes its column choices itself), a load putting projects back not confirmed (the page's Load after its
#: preview is the confirmation).
ABOUT_THE_COMMAND_LINE = {"job_checked_only", "map_malformed", "steps_back_not_accepted"}


def test_on_the_upload_page_no_message_names_a_command_line_option_and_on_the_command_line_they_do():
    """A trial's officer read "--kind is for a file without a kind column" and "load with --mode upsert" on /upload,
    whose controls are «Loại (dự án)…» and «Cập nhật theo mã» (trial 52)."""
    for lang in ("vi", "en"):
        on_the_page = read_on_the_page(every_message_filled)(lang)
        on_the_command_line = every_message_filled(lang)
        for key, text in on_the_page.items():
            if key not in ABOUT_THE_COMMAND_LINE:
                assert not re.search(r"--[a-z]", text), (lang, key, text)
        assert "--mode upsert" in on_the_command_line["projects_exist"]
        assert "--kind" in on_the_command_line["unknown_kind"]
    assert (
        "hãy chọn Cách nạp «Cập nhật theo mã» để cập nhật"
        in read_on_the_page(every_message_filled)("vi")["projects_exist"]
    )


def test_the_page_words_a_message_quotes_are_the_upload_pages_own_labels():
    """«Cập nhật theo mã» in a message is the choice the page shows, in the page's language: if a label changes, the
    message cannot go on quoting the old one."""

    def texts(value: object) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        return [value] if isinstance(value, str) else []

    for lang in ("vi", "en"):
        labels = texts(LABELS[lang])
        for name, phrase in OPTIONS["page"].items():
            for quoted in re.findall(r"«([^»]+)»", phrase[lang]):
                assert any(label.startswith(quoted) for label in labels), (lang, name, quoted)


@pytest.mark.parametrize("fixed", [True, False])
def test_one_project_not_in_the_file_is_said_in_the_singular_to_the_end_on_both_surfaces(fixed):
    """Trial 62: "1 project … is not in the file (TV-WIND-V1-3): it stays as it is. … load it with --retire-absent
    to retire them"; the Vietnamese said «chúng» (they) and «các dự án này» of one project. A file that can be loaded
    (``fixed``) and one refused, said on the command line and on /upload."""
    how = "how_to_retire" if fixed else "how_to_retire_once_fixed"
    for on_the_page in (False, True):
        told = read_on_the_page(_not_in_file) if on_the_page else _not_in_file
        message = told(how)
        assert "them" not in message.en and "these" not in message.en, message.en
        assert "it stays as it is" in message.en and "this project was dropped" in message.en, message.en
        assert "chúng" not in message.vi and "các dự án này" not in message.vi, message.vi
        assert "dự án này được giữ nguyên" in message.vi and "dự án này đã bị bỏ" in message.vi, message.vi
    cli = _not_in_file(how)
    assert cli.en.endswith(
        "load the file with --retire-absent to retire it"
        if fixed
        else "correct the file, then load it with --retire-absent to retire the project"
    )
    assert cli.vi.endswith("--retire-absent để rút dự án này khỏi danh mục")


def _not_in_file(how: str):
    scope = said("scope_provinces", codes="84")
    return said("not_in_file", count=1, scope=scope, codes="TV-WIND-V1-3", more="", how_to_retire=said(how, count=1))
