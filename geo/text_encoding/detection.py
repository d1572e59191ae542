"""Detecting the encoding of a DBF's text from its bytes (and checking a .cpg against them)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from geo.said import Said, joined
from geo.text_encoding.codecs import ENCODINGS, LABELS, TCVN3_TABLE, VNI_MODIFIERS, canonical, decode
from geo.text_encoding.messages import said
from geo.text_encoding.syllables import is_syllable

_SEPARATOR = r"\s0-9!-/:-@\[-`{-~"  # spaces, digits and ASCII signs: what parts words
_SEPARATORS = re.compile(f"[{_SEPARATOR}]+")
_WORD = re.compile(f"[^{_SEPARATOR}]+")
_PLAIN_LETTER = re.compile("[A-Za-z]")
#: The non-ASCII characters a byte of Windows-1252 or Latin-1 reads as: a text without one holds no misread word, and
#: a word with another character (Unicode Vietnamese has many) is not one.
_ONE_BYTE = "\x80-\xff" + bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_ONE_BYTE_CHAR = re.compile(f"[{_ONE_BYTE}]")
_NOT_ONE_BYTE = re.compile(f"[^\x00-\x7f{_ONE_BYTE}]")

_CP1258_TONE_BYTES = frozenset(b"\xcc\xec\xd2\xde\xf2")
_CP1258_VOWEL_BYTES = frozenset(b"aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3")
_TCVN3_LETTER_BYTES = frozenset(b for b in range(0xA1, 0x100) if TCVN3_TABLE[b].isalpha())
_VNI_BASE_BYTES = frozenset(b"aeiouyAEIOUY\xf4\xf6\xd4\xd6")
_VNI_MODIFIER_BYTES = frozenset(VNI_MODIFIERS) | frozenset(b - 0x20 for b in VNI_MODIFIERS)


@dataclass(frozen=True)
class EncodingDecision:
    """Which encoding a set of DBF values is in, how that was decided (in both languages), and how sure it is
    (0-1)."""

    encoding: str
    how: Said
    confidence: float


@dataclass(frozen=True)
class _Evidence:
    words: int  # words with non-ASCII letters or symbols after decoding
    valid: int  # of those, well-formed Vietnamese syllables
    clues: int  # byte patterns typical of the encoding
    clue_text: Said

    @property
    def share(self) -> float:
        return self.valid / self.words if self.words else 0.0


def _glyphs(counter: Counter[bytes], limit: int = 5) -> str:
    shown = " ".join(seq.decode("latin-1") for seq, _ in counter.most_common(limit))
    return shown + (" ..." if len(counter) > limit else "")


def _byte_clues(samples: list[bytes], encoding: str) -> tuple[int, Said]:
    """Count the byte patterns the facts name for ``encoding`` and describe them as GDAL would show them."""
    found: Counter[bytes] = Counter()
    soft_hyphens = 0
    for raw in samples:
        for i, b in enumerate(raw):
            prev = raw[i - 1] if i else None
            if encoding == "cp1258" and b in _CP1258_TONE_BYTES and prev in _CP1258_VOWEL_BYTES:
                found[raw[i - 1 : i + 1]] += 1
            elif encoding == "tcvn3" and b in _TCVN3_LETTER_BYTES:
                found[bytes([b])] += 1
                soft_hyphens += b == 0xAD
            elif encoding == "vni" and b in _VNI_MODIFIER_BYTES and prev in _VNI_BASE_BYTES:
                found[raw[i - 1 : i + 1]] += 1
            elif encoding == "vni" and b in (0xF1, 0xD1):
                found[bytes([b])] += 1
    total = sum(found.values())
    text = said(f"{encoding}_clues", count=total, glyphs=_glyphs(found))
    if soft_hyphens:
        text = joined([text, said("soft_hyphens", count=soft_hyphens)], "", "")
    return total, text


def _evidence(samples: list[bytes], encoding: str) -> _Evidence | str:
    """Decode every sample and score the result; returns the decoding error message if one fails."""
    words = valid = 0
    for raw in samples:
        try:
            text = decode(raw, encoding)
        except ValueError as exc:
            return str(exc)
        for token in _SEPARATORS.split(text):
            if any(ord(ch) > 0x7F for ch in token):
                words += 1
                valid += is_syllable(token)
    clues, clue_text = _byte_clues(samples, encoding) if encoding != "utf-8" else (0, Said("", ""))
    return _Evidence(words, valid, clues, clue_text)


def _verdict(label: str, ev: _Evidence) -> Said:
    return said("verdict", valid=ev.valid, words=ev.words, label=label)


def _detect_legacy(samples: list[bytes]) -> EncodingDecision:
    scored: list[tuple[str, _Evidence]] = []
    failures: list[str] = []
    for enc in ENCODINGS[1:]:
        ev = _evidence(samples, enc)
        if isinstance(ev, str):
            failures.append(ev)
        else:
            scored.append((enc, ev))
    scored.sort(key=lambda item: (item[1].valid - (item[1].words - item[1].valid), item[1].clues), reverse=True)
    best, ev = scored[0]
    how = [said("from_bytes", clues=ev.clue_text, verdict=_verdict(LABELS[best], ev))]
    if len(scored) > 1:
        runner, ev2 = scored[1]
        how.append(said("next_best", label=LABELS[runner], valid=ev2.valid, words=ev2.words))
        lead = max(0, ev.valid - ev2.valid) / ev.words if ev.words else 0.0
    else:
        lead = 1.0
    if failures:
        how.append(said("ruled_out", failures="; ".join(failures)))
    if ev.words == 0:
        return EncodingDecision(best, joined([*how, said("no_accented_words")], "", ""), 0.2)
    # Share of Vietnamese words, times how much evidence there is, times the lead over the runner-up.
    confidence = ev.share * (1 - 0.5 ** (ev.words + 1)) * (0.5 + 0.5 * min(1.0, lead))
    return EncodingDecision(best, joined(how, "", ""), round(confidence, 2))


def _detect_from_bytes(samples: list[bytes]) -> EncodingDecision:
    if all(raw.isascii() for raw in samples):
        return EncodingDecision("utf-8", said("plain_ascii"), 1.0)
    try:
        texts = [raw.decode("utf-8") for raw in samples]
    except UnicodeDecodeError:
        return _detect_legacy(samples)
    multibyte = sum(ord(ch) > 0x7F for text in texts for ch in text)
    vietnamese = sum(raw.count(b"\xe1\xba") + raw.count(b"\xe1\xbb") for raw in samples)
    ev = _evidence(samples, "utf-8")
    assert isinstance(ev, _Evidence)  # every sample decoded above
    how = said("valid_utf8", multibyte=multibyte, vietnamese=vietnamese, verdict=_verdict("UTF-8", ev))
    return EncodingDecision("utf-8", how, 1.0 if vietnamese or ev.share >= 0.5 else 0.9)


def _check_cpg(samples: list[bytes], named: str, found: EncodingDecision) -> tuple[Said | str | None, float]:
    """Why the bytes contradict the encoding a .cpg names (None if they do not), and the confidence in it."""
    ev = _evidence(samples, named)
    if isinstance(ev, str):
        return ev, 0.0
    other = _evidence(samples, found.encoding) if found.encoding != named else None
    if isinstance(other, _Evidence) and ev.words >= 3 and ev.share < 0.5 and other.valid >= 3 and other.share >= 0.9:
        return said("only", verdict=_verdict(LABELS[named], ev)), 0.0
    return None, 1.0 if ev.share >= 0.5 or not ev.words else 0.8


def _as_read(text: str) -> bytes | None:
    """The bytes ``text`` was read from if each character is one byte of Windows-1252 or Latin-1 (a legacy text
    shown in a Western font, then pasted), else None."""
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            continue
    return None


def misread_legacy(text: str) -> tuple[str, str] | None:
    """Whether ``text`` holds TCVN3 or VNI-Windows words read one byte a character, as a cell pasted from a legacy
    file into a Unicode one does ("Cèng Gµnh Hµo" for "Cống Gành Hào"), or a part of one ("Tr¹m b¬m Phước Long").
    Judged on its words of one-byte characters mixing plain letters with others ("Phước", in Unicode, is not one;
    nor a sign between spaces, "62 × 4 MW", "1–2"): some not Vietnamese as they stand, each of those Vietnamese read
    in that encoding, with its byte patterns. Returns the encoding and the text as it then reads, each word whose
    reading is Vietnamese read so ("Ghi chó cò" reads "Ghi chú cũ"); None for any other text (Unicode Vietnamese,
    English, "µg/m³", codes)."""
    if text.isascii() or not _ONE_BYTE_CHAR.search(text):  # most texts, cheaply: a load of 100,000 names asks each
        return None
    judged = {word: found for word in _SEPARATORS.split(text) if not word.isascii() and (found := _readings(word))}
    if all(as_is for as_is, _, _ in judged.values()):  # none, or all Vietnamese as they stand
        return None
    for k, encoding in enumerate(("tcvn3", "vni"), start=1):
        if all(found[0] or found[k] for found in judged.values()):
            read = {word: found[k] for word, found in judged.items() if found[k]}
            if _byte_clues([_as_read(word) or b"" for word in read], encoding)[0]:
                return encoding, _reread(text, read)
    return None


def utf8_among_legacy(raw: bytes) -> str | None:
    """A cell of a one-byte legacy file (TCVN3, VNI, cp1258) whose bytes are UTF-8 Vietnamese, as one row edited in a
    newer tool leaves it ("Phước Long" among TCVN3 names, read as TCVN3 "Phặ̀ỏằỚc Long"): its UTF-8 reading, else None.
    Legacy Vietnamese bytes hardly ever form UTF-8 whose every accented word is a syllable."""
    if raw.isascii():
        return None
    try:
        text = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None
    words = [word for word in _SEPARATORS.split(text) if not word.isascii()]
    return text if words and all(is_syllable(word) for word in words) else None


@lru_cache(maxsize=1 << 14)  # a file's words repeat: each distinct one is judged once
def _readings(word: str) -> tuple[bool, str | None, str | None] | None:
    """A word of one-byte characters mixing plain letters with others: whether it is Vietnamese as it stands, and its
    readings in TCVN3 and in VNI, each None where that is not Vietnamese; None for any other word."""
    if not _PLAIN_LETTER.search(word) or _NOT_ONE_BYTE.search(word):
        return None
    raw = _as_read(word) or b""
    readings = []
    for encoding in ("tcvn3", "vni"):
        try:
            reading = decode(raw, encoding)
        except ValueError:  # a byte VNI does not define
            reading = None
        readings.append(reading if reading is not None and is_syllable(reading) else None)
    return is_syllable(word), readings[0], readings[1]


def _reread(text: str, read: dict[str, str]) -> str:
    """``text`` with each of its words in ``read`` replaced by its reading."""
    return _WORD.sub(lambda word: read.get(word.group(), word.group()), text)


def detect(samples: Iterable[bytes], cpg: str | None = None) -> EncodingDecision:
    """Decide the encoding of a DBF's text values (raw bytes, e.g. from ``str.encode("latin-1")``).

    A ``.cpg`` naming one of ``ENCODINGS`` wins unless the bytes prove it wrong: a byte
    that cannot be decoded in it, or a decoding in which under half of at least three
    accented words are Vietnamese while another encoding reads at least 90 % of them
    (offices often leave a default ``1258`` or ``UTF-8`` .cpg on TCVN3 data).
    """
    data = [bytes(raw) for raw in samples]
    found = _detect_from_bytes(data)
    cpg = (cpg or "").strip()
    if not cpg:
        return found
    try:
        named = canonical(cpg)
    except ValueError:
        how = said("cpg_unknown", cpg=cpg, how=found.how)
    else:
        objection, confidence = _check_cpg(data, named, found)
        if objection is None:
            return EncodingDecision(named, said("from_cpg", cpg=cpg), confidence)
        how = said("cpg_wrong", cpg=cpg, objection=objection, how=found.how)
    return EncodingDecision(found.encoding, how, found.confidence)
