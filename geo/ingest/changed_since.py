"""A stale export's refusal, one project at a time: what changed in the registry since the file was exported, and
what loading the file would put back, field by field, each by its title ("Status: Under construction 60 % (now) →
Preparing 10 % (file)"). Trial 53's officer read the events since, not what his file differed in, and could not
tell what to redo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from geo.field_titles import field_title
from geo.ingest.messages import said
from geo.ingest.project_writes import ChangedSinceExport
from geo.said import LANGS, Said
from geo.source_labels import reporter_label
from geo.vi_format import VIETNAM_TIME, local_date, local_moment, local_number
from geo.vocab import CODED_FIELDS, labels

SHOWN_CHARACTERS = 60  # of a text put back (a description): enough to know it, the refusal stays readable
#: Texts put back that are told whole: a name cut at SHOWN_CHARACTERS left two long names alike (trial 64).
WHOLE_FIELDS = ("name_vi", "name_en")


def moment(when: datetime) -> Said:
    """A project's ``changed_at`` as an officer reads it: its time in Vietnam, to the second where minutes tie."""
    seconds = f":{when.astimezone(VIETNAM_TIME):%S} "
    return Said(*(local_moment(when, lang).replace(" ", seconds, 1) for lang in LANGS))


def changed_since(stale: ChangedSinceExport, lang: str) -> str:
    """One project of an export changed since, as the refusal names it: what changed since, loads first, then what
    loading the file would put back."""
    since = [by_load(job, file, who, lang) for job, file, who in stale.loads] + [
        said(
            "changed_since_by_rejected_report" if rejected else "changed_since_by_report",
            day=local_date(day, lang),
            who=reporter_label(who, lang) if who else "?",
        ).text(lang)
        for day, who, rejected in stale.reports
    ]
    since = since or [said("changed_since_other", moment=moment(stale.changed)).text(lang)]
    undone = ", ".join(_undone(field, *values, lang=lang) for field, values in stale.undone.items())
    return said(
        "changed_since_export_project",
        code=stale.code,
        exported=moment(stale.exported).text(lang),
        since=", ".join(since),
        undone=said("changed_since_undone", fields=undone).text(lang) if undone else "",
    ).text(lang)


def by_load(job: int, file: str, who: str | None, lang: str) -> str:
    """A load as a refusal and a project's history name it, with whose it was: "lượt nạp 2 (tinh_trang.xlsx) của Trần
    Thị Lan", or "… của dòng lệnh" (``who`` None: the command line has no account). Trial 73's history said "nạp từ
    tệp … (lượt nạp 2)", and its officer could not tell whose load had set the project."""
    who = who or said("changed_since_by_cli").text(lang)
    return said("changed_since_by_load", job=str(job), file=file, who=who).text(lang)


def _undone(field: str, now: Any, in_file: Any, *geometry: Any, lang: str) -> str:
    """A field the file would put back: the registry's value, then the file's; a site by how far the file's is."""
    title = field_title(field, lang)  # "Tình trạng", not "status" (trial 56)
    if field != "geom":
        return said("undone_field", field=title, now=_value(field, now, lang), file=_value(field, in_file, lang)).text(
            lang
        )
    metres, sizes = ([*geometry, None, None])[:2]  # metres between a point on each, [measure, before, after]
    told = [said("undone_site", field=title, metres=local_number(metres, lang, 0)).text(lang)] if metres else []
    if sizes:
        measure, before, after = sizes
        before, after = local_number(before, lang, 2), local_number(after, lang, 2)
        if before != after:  # a site moved whole keeps its size: "11 ← 11 ha" read as a change (trial 56)
            told.append(said("undone_field", field=said(f"undone_{measure}"), now=before, file=after).text(lang))
    return ", ".join(told) or said("undone_field", field=title, now=now, file=in_file).text(lang)


def _value(field: str, value: Any, lang: str) -> str:
    """A value as the officer reads it: a status with its percent, a code by its label, numbers as ``lang`` writes
    them, a name whole, another long text cut."""
    if value in (None, "", []):
        return said("undone_empty").text(lang)
    if field == "status":
        status, percent = value
        return f"{labels(CODED_FIELDS['status'], lang).get(status, status)} {local_number(percent, lang, 1)}\u00a0%"
    if isinstance(value, list):
        return " / ".join(map(str, value))
    if isinstance(value, float | int) and not field.endswith("_year"):
        return local_number(value, lang, 6)
    text = labels(CODED_FIELDS[field], lang).get(value, value) if field in CODED_FIELDS else str(value)
    return text if len(text) <= SHOWN_CHARACTERS or field in WHOLE_FIELDS else f"{text[:SHOWN_CHARACTERS]}…"
