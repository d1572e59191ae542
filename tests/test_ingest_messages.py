"""Every message of the ingest report in Vietnamese and English (geo.ingest.messages), and no report text without."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

import geo.ingest
from geo.ingest.messages import MESSAGES, said
from geo.ingest.report import Problem

INGEST = Path(geo.ingest.__file__).parent


def blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_a_vietnamese_and_an_english_text_with_the_same_blanks():
    for key, texts in MESSAGES.items():
        assert set(texts) == {"vi", "en"}, key
        assert blanks(texts["vi"]) == blanks(texts["en"]), key
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
