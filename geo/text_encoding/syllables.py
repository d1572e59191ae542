"""Whether a word is a well-formed Vietnamese syllable: the evidence that decoded text is Vietnamese."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from geo.text_encoding.codecs import TONE_MARKS

_ALPHABET = frozenset("abcdđeghiklmnopqrstuvxyăâêôơư")
_ONSETS = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", *"bcdđghklmnprstvx", "")
_CODAS = ("ng", "nh", "ch", *"cmnpt", "")
_STOP_CODAS = ("c", "ch", "p", "t")  # such syllables take only the sắc or nặng tone
# Vowel nuclei: "closed" ones need a final consonant, "open" ones (ending in a semivowel) take none.
_NUCLEI_ANY = ("a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy")
_NUCLEI_CLOSED = ("ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo")
_NUCLEI_OPEN = (
    *("ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "uơ"),
    *("ưa", "ưi", "ưu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "iêu", "yêu"),
)
_NUCLEI = {n: "any" for n in _NUCLEI_ANY} | {n: "closed" for n in _NUCLEI_CLOSED} | {n: "open" for n in _NUCLEI_OPEN}


def _tone_placement_ok(nucleus: str, index: int, has_coda: bool) -> bool:
    """Whether a tone on ``nucleus[index]`` is where Vietnamese puts it (old or new style).

    This is what tells cp1258 "Trà" read as VNI ("Traì", a tone on the i of "ai") from real text.
    """
    marked = [i for i, ch in enumerate(nucleus) if ch in "ăâêôơư"]
    if marked:
        return index == marked[-1]
    if len(nucleus) == 1:
        return index == 0
    if has_coda:
        return index == len(nucleus) - 1
    if nucleus in ("oa", "oe", "uy"):
        return index in (0, 1)  # hòa / hoà, thủy / thuỷ
    return index == (1 if len(nucleus) == 3 else 0)


@lru_cache(maxsize=1 << 16)  # a file's text repeats its words: the encoding check judges each distinct one once
def is_syllable(word: str) -> bool:
    """A compact check that ``word`` is one well-formed Vietnamese syllable (any case, any form)."""
    letters: list[str] = []
    tones: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in TONE_MARKS:
            if not letters:
                return False
            tones.append((ch, len(letters) - 1))
        elif unicodedata.combining(ch):
            if not letters:
                return False
            letters[-1] += ch
        else:
            letters.append(ch)
    if len(tones) > 1:
        return False
    bare = "".join(unicodedata.normalize("NFC", letter) for letter in letters)
    if len(bare) != len(letters) or not set(bare) <= _ALPHABET:
        return False
    tone, tone_at = tones[0] if tones else ("", -1)
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        for coda in _CODAS:
            if not bare.endswith(coda) or len(bare) - len(onset) - len(coda) < 1:
                continue
            nucleus = bare[len(onset) : len(bare) - len(coda)]
            kind = _NUCLEI.get(nucleus)
            if kind is None or (kind == "closed" and not coda) or (kind == "open" and coda):
                continue
            if coda in _STOP_CODAS and tone not in ("\u0301", "\u0323"):
                continue
            if tone and not (0 <= tone_at - len(onset) < len(nucleus)):
                continue
            if tone and not _tone_placement_ok(nucleus, tone_at - len(onset), bool(coda)):
                continue
            return True
    return False
