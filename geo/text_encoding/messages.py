"""How the encoding of a file's text was decided (``EncodingDecision.how``), in Vietnamese and English, one entry
per text; :func:`said` fills a text's blanks (geo.said)."""

from __future__ import annotations

from typing import Any

from geo.said import Said, fill

MESSAGES: dict[str, dict[str, str]] = {
    "plain_ascii": {"vi": "chỉ có ký tự ASCII", "en": "plain ASCII"},
    "valid_utf8": {
        "vi": "UTF-8 hợp lệ, có {multibyte} ký tự nhiều byte, trong đó {vietnamese} ký tự thuộc khối chữ Việt "
        "(E1 BA / E1 BB); {verdict}",
        "en": "valid UTF-8 with {multibyte} multibyte characters, {vietnamese} of them in the Vietnamese block "
        "(E1 BA / E1 BB); {verdict}",
    },
    "verdict": {
        "vi": "{valid} trên {words} từ có dấu là âm tiết tiếng Việt khi đọc theo {label}",
        "en": "{valid} of {words} accented words are Vietnamese syllables in {label}",
    },
    "from_bytes": {
        "vi": "nhận biết từ các byte: {clues}; {verdict}",
        "en": "detected from the bytes: {clues}; {verdict}",
    },
    "next_best": {
        "vi": " (xếp sau là {label}: {valid} trên {words})",
        "en": " (next best {label}: {valid} of {words})",
    },
    "ruled_out": {"vi": "; đã loại: {failures}", "en": "; ruled out: {failures}"},
    "no_accented_words": {
        "vi": "; không có từ có dấu nào để đánh giá",
        "en": "; no accented words to judge by",
    },
    "cp1258_clues": {
        "vi": "{count} byte dấu thanh cp1258 đứng sau nguyên âm ({glyphs})",
        "en": "{count} cp1258 tone bytes after vowels ({glyphs})",
    },
    "tcvn3_clues": {"vi": "{count} mã chữ TCVN3 ({glyphs})", "en": "{count} TCVN3 letter codes ({glyphs})"},
    "soft_hyphens": {
        "vi": ", trong đó {count} mã 0xAD = ư (dấu gạch nối mềm trong Latin-1)",
        "en": ", {count} of them 0xAD = ư (a soft hyphen in Latin-1)",
    },
    "vni_clues": {
        "vi": "{count} cặp chữ gốc + dấu VNI và Ñ/ñ ({glyphs})",
        "en": "{count} VNI base+modifier pairs and Ñ/ñ ({glyphs})",
    },
    "from_cpg": {"vi": "theo tệp .cpg ({cpg})", "en": "from the .cpg file ({cpg})"},
    "cpg_unknown": {
        "vi": "tệp .cpg ghi {cpg!r}, không phải bảng mã tiếng Việt mà chương trình đọc được; {how}",
        "en": "the .cpg file says {cpg!r}, which is not a Vietnamese encoding this reader knows; {how}",
    },
    "cpg_wrong": {
        "vi": "tệp .cpg ghi {cpg!r} nhưng không đúng: {objection}; {how}",
        "en": "the .cpg file says {cpg!r} but it is wrong: {objection}; {how}",
    },
    "only": {"vi": "chỉ {verdict}", "en": "only {verdict}"},
}


def said(key: str, **blanks: Any) -> Said:
    """The text ``key`` with its blanks filled (a :class:`Said` blank in the same language)."""
    return fill(MESSAGES, key, **blanks)
