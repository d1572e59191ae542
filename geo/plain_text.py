"""The characters the registry does not keep in a text, one rule for every way text comes in (a file's cells, the
API's fields and parameters, the forms, the command line's options) and for every writer of text stored before the
rule (the yearly report).

A field's text may hold letters, digits, punctuation, spaces, tabs and line breaks. Refused: NUL (PostgreSQL cannot
store it), the other C0 control characters (U+0001–U+001F but tab, line feed and carriage return) and U+FFFE, U+FFFF,
which XML 1.0 forbids, so that a Word or Excel file holding them does not open (a note pasted from Word carries its
manual line break as U+000B); lone surrogates (not Unicode text); and the direction embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069) that make a name read other than it is stored.
"""

from __future__ import annotations

import re
from typing import Any

from geo.said import Said

NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
#: Why a text a user sends is refused, ``{found}`` the characters (:func:`not_text_in`): the API's fields
#: (api.params), the rows of a file of status reports or indicator values.
FOUND = Said(
    "có ký tự không phải chữ ({found}: ký tự điều khiển, thường do dán từ Word hoặc PDF, hoặc ký tự đổi chiều viết)",
    "holds characters that are not text ({found}: control characters, often pasted from Word or a PDF, or direction "
    "overrides)",
)
REFUSED = FOUND.then(Said("hãy xóa chúng rồi gửi lại", "remove them and send again"))
#: Why the command line refuses an option's text, ``{option}`` its name (``--reason``): before anything is written.
OPTION_REFUSED = Said(
    f"{{option}} {FOUND.vi}; hãy xóa chúng rồi chạy lại lệnh; chưa ghi gì",
    f"{{option}} {FOUND.en}; remove them and run the command again; nothing was written",
)
#: Word's manual line break and the page break, kept as what they mean rather than run the words together.
_LINE_BREAKS = re.compile("[\x0b\x0c]")


def not_text_in(value: str) -> str:
    """The characters of ``value`` that are not text, as "U+000B, U+202E" (empty when none)."""
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in NOT_TEXT.findall(value)}))


def without_not_text(value: str) -> str:
    """``value`` without the characters that are not text: a vertical tab or form feed becomes a line break, the others
    are removed."""
    return NOT_TEXT.sub("", _LINE_BREAKS.sub("\n", value))


def refused(value: str) -> Said | None:
    """Why ``value`` is refused, in both languages; None when it is plain text."""
    if not NOT_TEXT.search(value):
        return None
    found = not_text_in(value)
    return Said(REFUSED.vi.format(found=found), REFUSED.en.format(found=found))


def option_refused(option: str, value: str) -> Said | None:
    """Why the command line's ``option`` (``--reason``, an argument's ``USERNAME``) is refused with ``value``, in both
    languages; None when it is plain text."""
    if not NOT_TEXT.search(value):
        return None
    found = not_text_in(value)
    return Said(*(said.format(option=option, found=found) for said in (OPTION_REFUSED.vi, OPTION_REFUSED.en)))


def cleaned(value: Any, found: list[tuple[str, str]]) -> Any:
    """``value`` (a text, or lists and dicts of texts) with each text stored before the rule cleaned as
    :func:`without_not_text` cleans it, so that a Word or Excel file of it opens; each text cleaned is added to
    ``found`` as (its beginning, the characters removed), for the file to say so rather than drop them silently."""
    if isinstance(value, str):
        if not NOT_TEXT.search(value):
            return value
        text = without_not_text(value)
        beginning = " ".join(text.split())
        found.append((beginning if len(beginning) <= 60 else beginning[:59] + "…", not_text_in(value)))
        return text
    if isinstance(value, dict):
        return {key: cleaned(item, found) for key, item in value.items()}
    if isinstance(value, list):
        return [cleaned(item, found) for item in value]
    return value
