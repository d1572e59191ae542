"""TCVN3, VNI-Windows and cp1258 text: decoding bytes to NFC and encoding back, never dropping a character
(see the package's docstring for where the tables come from)."""

from __future__ import annotations

import functools
import re
import unicodedata

ENCODINGS = ("utf-8", "cp1258", "tcvn3", "vni")

LABELS = {"utf-8": "UTF-8", "cp1258": "CP1258", "tcvn3": "TCVN3", "vni": "VNI-Windows"}

# Spellings seen in .cpg files and settings, compared upper-case without spaces, dashes, dots or underscores.
_ALIASES = {
    "utf-8": ("UTF8", "65001", "UTF8BOM"),
    "cp1258": ("1258", "CP1258", "ANSI1258", "WINDOWS1258", "WIN1258", "MSCP1258"),
    "tcvn3": ("TCVN3", "TCVN", "TCVN5712", "TCVN57121", "TCVN571211993", "VN3", "ABC", "TCVN3ABC"),
    "vni": ("VNI", "VNIWINDOWS", "VNIWIN"),
}
_ALIAS_TO_ENCODING = {alias: enc for enc, aliases in _ALIASES.items() for alias in aliases}

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng

# Bytes 0x80-0xFF, sixteen a row, as glibc iconv decodes them (see the module docstring).
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# The C0 bytes that TCVN 5712 (VN1) uses for capital toned letters; all other bytes < 0x80 are ASCII.
_TCVN3_C0 = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
}
TCVN3_TABLE: tuple[str, ...] = tuple(_TCVN3_C0.get(b, chr(b)) for b in range(0x80)) + tuple(_TCVN3_HIGH)


def _is_capital_toned(char: str) -> bool:
    return char.isupper() and any(m in TONE_MARKS for m in unicodedata.normalize("NFD", char))


_TCVN3_ENCODE = {char: bytes([b]) for b, char in enumerate(TCVN3_TABLE) if not _is_capital_toned(char)}


# Lowercase modifier bytes and the marks they carry; the capital form of each is byte - 0x20.
VNI_MODIFIERS = {
    0xF8: "\u0300",  # ø  huyền
    0xF9: "\u0301",  # ù  sắc
    0xFB: "\u0309",  # û  hỏi
    0xF5: "\u0303",  # õ  ngã
    0xEF: "\u0323",  # ï  nặng
    0xE2: "\u0302",  # â  circumflex
    0xE0: "\u0302\u0300",  # à  ầ ề ồ
    0xE1: "\u0302\u0301",  # á  ấ ế ố
    0xE5: "\u0302\u0309",  # å  ẩ ể ổ
    0xE3: "\u0302\u0303",  # ã  ẫ ễ ỗ
    0xE4: "\u0302\u0323",  # ä  ậ ệ ộ
    0xEA: "\u0306",  # ê  breve
    0xE8: "\u0306\u0300",  # è  ằ
    0xE9: "\u0306\u0301",  # é  ắ
    0xFA: "\u0306\u0309",  # ú  ẳ
    0xFC: "\u0306\u0303",  # ü  ẵ
    0xEB: "\u0306\u0323",  # ë  ặ
}
# Letters VNI writes as one byte (lowercase; the capital is byte - 0x20).
_VNI_LETTERS = {
    0xF1: "đ",  # ñ
    0xF4: "ơ",  # ô
    0xF6: "ư",  # ö
    0xEC: "ì",
    0xED: "í",
    0xE6: "ỉ",  # æ
    0xF3: "ĩ",  # ó
    0xF2: "ị",  # ò
    0xEE: "ỵ",  # î
}


def _vni_tables() -> tuple[tuple[str | None, ...], dict[str, bytes]]:
    """Build the VNI decoding table (None = byte undefined) and the encoding table."""
    decode_table: list[str | None] = []
    for b in range(256):
        try:
            decode_table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            decode_table.append(None)
    for b, marks in VNI_MODIFIERS.items():
        decode_table[b] = decode_table[b - 0x20] = marks
    for b, letter in _VNI_LETTERS.items():
        decode_table[b], decode_table[b - 0x20] = letter, letter.upper()
    encode_table = {value: bytes([b]) for b, value in enumerate(decode_table) if value is not None and len(value) == 1}
    modifier_for = {marks: b for b, marks in VNI_MODIFIERS.items()}
    bases = {"a": ("", "\u0302", "\u0306"), "e": ("", "\u0302"), "o": ("", "\u0302")}
    for base in "aeiouyơư":
        for vowel_mark in bases.get(base, ("",)):
            for tone in ("", *TONE_MARKS):
                if not vowel_mark + tone:
                    continue
                for case_base, offset in ((base, 0), (base.upper(), 0x20)):
                    letter = unicodedata.normalize("NFC", case_base + vowel_mark + tone)
                    if len(letter) == 1 and letter not in encode_table:  # the i-family and ỵ are single bytes
                        modifier = modifier_for[vowel_mark + tone] - offset
                        encode_table[letter] = encode_table[case_base] + bytes([modifier])
    return tuple(decode_table), encode_table


VNI_TABLE, _VNI_ENCODE = _vni_tables()


@functools.cache  # called for every value decoded: a file's 100,000 names would each run the regex again
def canonical(encoding: str) -> str:
    key = re.sub(r"[\s_.\-]", "", encoding).upper()
    if key in _ALIAS_TO_ENCODING:
        return _ALIAS_TO_ENCODING[key]
    raise ValueError(f"unknown encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")


def _byte_error(raw: bytes, offset: int, encoding: str) -> ValueError:
    context = raw[max(0, offset - 8) : offset + 8]
    return ValueError(
        f"byte 0x{raw[offset]:02X} at offset {offset} cannot be decoded as {LABELS[encoding]} (near {context!r})"
    )


def decode(raw: bytes, encoding: str) -> str:
    """Decode ``raw`` exactly and return NFC text.

    Raises ``ValueError`` naming the first byte, and its offset, that has no meaning in
    ``encoding`` (TCVN3 defines all 256 bytes, so it never raises).
    """
    encoding = canonical(encoding)
    if encoding in ("utf-8", "cp1258"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _byte_error(raw, exc.start, encoding) from None
    elif encoding == "tcvn3":
        text = "".join(TCVN3_TABLE[b] for b in raw)
    else:
        parts = []
        for offset, b in enumerate(raw):
            part = VNI_TABLE[b]
            if part is None:
                raise _byte_error(raw, offset, encoding)
            parts.append(part)
        text = "".join(parts)
    return unicodedata.normalize("NFC", text)


def _cp1258_char(char: str) -> bytes:
    """Write one NFC character the way the Windows Vietnamese keyboard does: base letter, then tone byte.

    Full NFD would not do: cp1258 has â ê ô ơ ư ă đ precomposed but no combining circumflex,
    breve or horn, so only the tone is split off.
    """
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return (base + tones).encode("cp1258")


def encode(text: str, encoding: str) -> bytes:
    """Encode ``text`` (any normal form) for a legacy office; the inverse of ``decode``.

    Raises ``ValueError`` naming the first character, and its offset in the NFC text, that
    ``encoding`` cannot hold, e.g. a capital toned letter in TCVN3.
    """
    encoding = canonical(encoding)
    text = unicodedata.normalize("NFC", text)
    if encoding == "utf-8":
        return text.encode("utf-8")
    out = bytearray()
    for offset, char in enumerate(text):
        try:
            if encoding == "cp1258":
                out += _cp1258_char(char)
            else:
                out += (_TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE)[char]
        except (UnicodeEncodeError, KeyError):
            hint = ""
            if encoding == "tcvn3" and _is_capital_toned(char):
                hint = "; TCVN3 (ABC) has no capital toned letters: offices type lowercase codes in a .VnTimeH font"
            raise ValueError(
                f"{char!r} (U+{ord(char):04X}) at offset {offset} cannot be written in {LABELS[encoding]}{hint}"
            ) from None
    return bytes(out)


def recover_latin1(text: str, encoding: str) -> str:
    """Undo GDAL's ISO-8859-1 reading of a DBF without .cpg ("Trµ Vinh" -> "Trà Vinh").

    Latin-1 maps each byte to the character of the same number, so re-encoding gives back
    the file's exact bytes, which are then decoded in ``encoding``.
    """
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"{text[exc.start]!r} at offset {exc.start} is not a Latin-1 character:"
            " this text was not read as ISO-8859-1"
        ) from None
    return decode(raw, encoding)
