"""A text in both languages (:class:`Said`), filled from a package's table of messages: geo.ingest.messages,
geo.coordinates.messages and geo.text_encoding.messages each keep their texts, one entry per message with a "vi" and
an "en" template (and "en_one", "vi_one": the text of a count of 1, where it differs). Numbers are written as each
language writes them (geo.vi_format: 1.234,5 in Vietnamese)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from geo.option_words import options_named
from geo.vi_format import local_number

LANGS = ("vi", "en")


@dataclass(frozen=True)
class Said:
    """One message in both languages; ``key``, the table's entry it was filled from (:func:`fill`), if any."""

    vi: str
    en: str
    key: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.en

    def then(self, more: Said) -> Said:
        """This message followed by ``more`` ("…; …") in each language."""
        return Said(f"{self.vi}; {more.vi}", f"{self.en}; {more.en}")

    def text(self, lang: str) -> str:
        """The message in ``lang`` (vi or en)."""
        return self.vi if lang == "vi" else self.en


class SaidError(ValueError):
    """A refusal whose message is said in both languages; ``str()`` is the English one. Given as a :class:`Said`, or
    as the English text and the Vietnamese one (the English alone where there is none yet)."""

    def __init__(self, message: Said | str, vi: str | None = None) -> None:
        said = message if isinstance(message, Said) else Said(vi or message, message)
        super().__init__(said.en)
        self.said = said

    @property
    def vi(self) -> str:
        """The Vietnamese message (api.errors answers it to pages that ask in Vietnamese)."""
        return self.said.vi


def fill(table: Mapping[str, Mapping[str, str]], key: str, **blanks: Any) -> Said:
    """The message ``key`` of ``table`` with its blanks filled: a :class:`Said` blank in the same language, whole
    numbers and decimals as each language writes them, an option it names in the words of where it is read
    (geo.option_words: the command line's ``--mode upsert``, the page's «Cập nhật theo mã»)."""
    templates = _in_number(table[key], blanks.get("count"))
    options = {name: words for lang in LANGS for name, words in options_named(templates[lang]).items()}
    blanks |= {name: fill(options, name, **blanks) for name in options}
    filled = (templates[lang].format(**{k: _shown(v, lang) for k, v in blanks.items()}) for lang in LANGS)
    return Said(*filled, key=key)


def _in_number(templates: Mapping[str, str], count: Any) -> dict[str, str]:
    """A message's templates for ``count``: after a count of 1, each language's own for a single thing where it has
    one ("en_one": "1 project … it stays"; "vi_one": "dự án này" where the others say "các dự án này", "chúng"): a
    trial's officer read "1 projects" (trial 53), another "1 project … is not in the file … to retire them"
    (trial 62)."""
    one = count == 1
    return {lang: templates[f"{lang}_one"] if one and f"{lang}_one" in templates else templates[lang] for lang in LANGS}


def figure(value: float, en: str, digits: int = 0) -> Said:
    """A number as Vietnamese writes it (at most ``digits`` decimals), and as the English text writes it (``en``)."""
    return Said(local_number(value, "vi", digits), en)


def joined(parts: list[Said], vi: str, en: str) -> Said:
    """``parts`` joined by ``vi`` in Vietnamese and by ``en`` in English."""
    return Said(vi.join(p.vi for p in parts), en.join(p.en for p in parts))


_AND_MORE = {"and_more": {"vi": " và {count} đối tượng khác", "en": " and {count} more"}}


def and_more(count: Any) -> Said:
    """ "and N more" after a list of features cut short; ``count`` a number, or a :class:`Said` written per language."""
    return fill(_AND_MORE, "and_more", count=count)


def beyond_shown(count: int, shown: int) -> Said | str:
    """ "and N more" after the first ``shown`` of ``count`` things named; nothing when every one is."""
    return and_more(count - shown) if count > shown else ""


def _shown(value: Any, lang: str) -> Any:
    if isinstance(value, Said):
        return value.text(lang)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return local_number(value, lang, 0 if isinstance(value, int) else 2)
