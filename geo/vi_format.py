"""Numbers and dates as the page's readers write them, by Babel's locales: 14.426,5 and 14/11/2025 in Vietnamese
documents and pages, 14,426.5 and 14 Nov 2025 in English ones; and names in the order of the Vietnamese alphabet."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

from babel.dates import format_date
from babel.numbers import format_decimal


def local_number(value: float | int | None, lang: str, digits: int = 2, empty: str = "") -> str:
    """``14426.5`` -> ``"14.426,5"`` in Vietnamese (``lang`` "vi"), ``"14,426.5"`` in English; at most ``digits``
    decimals; ``empty`` for None."""
    if value is None:
        return empty
    pattern = f"#,##0.{'#' * digits}" if digits else "#,##0"
    return format_decimal(round(value, digits), format=pattern, locale="vi" if lang == "vi" else "en")


def local_percent(value: float | int | None, lang: str, empty: str = "", sign: bool = True) -> str:
    """A progress percentage as every table, list and map writes it: one decimal always, so that a column reads alike
    ("53,3 %", "20,0 %", "100,0 %" in Vietnamese; "53.3 %" in English; /progress's table read "20" beside "53,3" and
    a printed map "96 %" beside "93,5 %": trial 67); without the sign under a heading that has it ("… (%)");
    ``empty`` for None. The pages' script writes them so too (maps/static/web_map.js ``percent``)."""
    if value is None:
        return empty
    figure = format_decimal(round(value, 1) + 0.0, format="#,##0.0", locale="vi" if lang == "vi" else "en")
    return f"{figure} %" if sign else figure


#: The letters in the Vietnamese alphabet's order, with the Latin ones it lacks where English puts them.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
#: A letter and a mark that make another letter of the alphabet (ă, â, ê, ô, ơ, ư); the other marks are tones.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
#: The tones in dictionary order: none, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vi_sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...]]:
    """``text`` as a Vietnamese dictionary orders it: by letters in the alphabet's order (d before đ before e, so
    "Đài Phát thanh" before "Sở …"; sorted by code points it came after "Trung tâm" and "Ủy ban" after everything),
    then by tones."""
    letters, tones = [], []
    for char in text.casefold():
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in marks:
            base = _LETTER_MARKS.get((base, mark), base)
        rank = _ALPHABET.find(base)
        letters.append((1, rank) if rank >= 0 else (0, ord(base)))
        tones.append(next((_TONES[mark] for mark in marks if mark in _TONES), 0))
    return tuple(letters), tuple(tones)


def vi_number(value: float | int | None, digits: int = 2) -> str:
    """``14426.5`` -> ``"14.426,5"``; at most ``digits`` decimals; empty for None."""
    return local_number(value, "vi", digits)


#: Vietnam's time (UTC+7, no daylight saving): when a report was recorded, as the office reads its clock.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")


def local_date(day: date | datetime | str | None, lang: str, empty: str = "") -> str:
    """``date(2025, 11, 14)`` (or ``"2025-11-14"``, or a moment that day) -> ``"14/11/2025"`` in Vietnamese,
    ``"14 Nov 2025"`` in English (no reader can take its month for the day); ``empty`` for None. A moment with its
    zone is of its day in Vietnam: 23:30 UTC is 06:30 the next morning there."""
    if not day:
        return empty
    if isinstance(day, str):
        day = datetime.fromisoformat(day)
    if isinstance(day, datetime) and day.tzinfo is not None:
        day = day.astimezone(VIETNAM_TIME)
    return format_date(day, "dd/MM/yyyy" if lang == "vi" else "d MMM yyyy", locale="vi" if lang == "vi" else "en")


def local_moment(moment: datetime | str | None, lang: str, empty: str = "") -> str:
    """A recorded moment in Vietnam's time: ``"10:48 02/12/2026"`` in Vietnamese, ``"10:48 2 Dec 2026"`` in English
    (reports of one day told apart); ``empty`` for None."""
    if not moment:
        return empty
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    here = moment.astimezone(VIETNAM_TIME)
    return f"{here:%H:%M} {local_date(here, lang)}"


def typed_day(typed: str) -> date:
    """A day as people type it: ``05/12/2026`` (day first, as Vietnam writes dates; ``5/12/2026`` too, and
    ``05/12/26``, the year as handwriting shortens it: 2000 to 2068) or ``2026-12-05``. ValueError for anything else,
    or a day that does not exist."""
    for written in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(typed.strip(), written).date()
        except ValueError:
            continue
    raise ValueError(f"not a day written dd/mm/yyyy or yyyy-mm-dd: {typed!r}")


def vi_date(day: date | None) -> str:
    """``date(2025, 11, 14)`` -> ``"14/11/2025"``; empty for None."""
    return local_date(day, "vi")


def vi_long_date(day: date) -> str:
    """The date line of an administrative document: ``"ngày 14 tháng 11 năm 2025"`` (Decree 30/2020/NĐ-CP writes
    days below 10 and the months January and February with a leading zero)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


# A number as typed on a Vietnamese or English page. One separator is the decimal mark ("1,05", "1.05"); more
# than one are thousands groups ("1.234.567", "1.234,5", "1,234.5"). The page's script (maps/monitoring_page.js)
# reads numbers by the same rules.
_DECIMAL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_VI_GROUPS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_EN_GROUPS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_decimal(text: str) -> float:
    """``"1,05"`` -> 1.05, ``"14.426,5"`` -> 14426.5; ValueError for blank or anything else."""
    typed = re.sub(r"\s", "", text)
    if _DECIMAL.fullmatch(typed):
        return float(typed.replace(",", "."))
    if _VI_GROUPS.fullmatch(typed):
        return float(typed.replace(".", "").replace(",", "."))
    if _EN_GROUPS.fullmatch(typed):
        return float(typed.replace(",", ""))
    raise ValueError(f"{text!r} is not a number")


def month_year(period: str) -> str:
    """A period as people write it: "2025-03" is "03/2025" (other periods as they are)."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", period)
    return f"{found[2]}/{found[1]}" if found else period


def written_period(typed: str) -> str:
    """A month as a planner types it — "2025-03", "03/2025", "3/2025" — as the registry stores periods ("2025-03");
    anything else as typed, trimmed (a period loaded before periods were checked: "Mùa khô 2024")."""
    found = re.fullmatch(r"(\d{1,2})/(\d{4})", typed.strip())
    if found and 1 <= int(found[1]) <= 12:
        return f"{found[2]}-{int(found[1]):02d}"
    return typed.strip()


def period_words(period: str, lang: str) -> str:
    """A period "2025-03" as a sentence says it: "tháng 3/2025" in Vietnamese, "March 2025" in English (other
    periods as they are)."""
    found = re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", period)
    if not found:
        return period
    if lang == "vi":
        return f"tháng {int(found[2])}/{found[1]}"
    return format_date(date(int(found[1]), int(found[2]), 1), "MMMM y", locale="en")
