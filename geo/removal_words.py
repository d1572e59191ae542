"""A forest raster's removal, and the plan values it withdrew, in each reader's words — worded from what the removal
kept (its audit log entry: the raster's number, the name its remover gave, the system login that ran the command),
never from a stored sentence: the reason of a withdrawal was kept in English and served so by the API (session 63).
The unit page, /monitoring, /changes, the yearly report, the API and the command line all say it from here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from geo.said import LANGS, Said
from geo.source_labels import source_label
from geo.vi_format import local_moment

#: Who removed a raster when they gave no name (``georeg forest remove`` without ``--by``): the login, said as one,
#: so that "root" is not read as a person's name.
LOGIN = Said("tài khoản hệ thống «{login}»", "system login “{login}”")
#: Why a value computed from a raster was withdrawn.
REASON = Said(
    "ảnh che phủ rừng {raster} đã bị {who} gỡ (lệnh georeg forest remove)",
    "forest-cover raster {raster} removed by {who} (georeg forest remove)",
)
#: A period's value withdrawn, none held since, as /monitoring and the yearly report say it.
WITHDRAWN = Said(
    "giá trị kỳ {period} tính từ «{source}» đã bị rút lại lúc {at}: {reason}; kỳ này chưa có giá trị nào khác",
    "the value of {period} computed from “{source}” was withdrawn at {at}: {reason}; no other value is held for it",
)
#: The columns a query reads of a removal's audit log entry ``{entry}`` (:func:`removal_read`).
REMOVAL_COLUMNS = (
    "CAST({entry}.entity_id AS integer) AS removed_raster, {entry}.changes ->> 'by' AS removed_by, "
    "{entry}.changes ->> 'login' AS removed_login"
)


def remover(by: str | None, login: str | None) -> Said:
    """Who removed a raster: the name they gave (``--by``), else the system login that ran the command."""
    if by:
        return Said(by, by)
    return Said(*(LOGIN.text(lang).format(login=login or "?") for lang in LANGS))


def removal(raster_id: int, by: str | None, login: str | None) -> dict[str, Any]:
    """A removal as a withdrawal's readers are given it (api.schemas.monitoring.RasterRemoval): the raster's number,
    the name its remover gave, the login, and why the value was withdrawn in each language."""
    who = remover(by, login)
    reasons = {f"reason_{lang}": REASON.text(lang).format(raster=raster_id, who=who.text(lang)) for lang in LANGS}
    return {"raster_id": raster_id, "removed_by": by, "login": login} | reasons


def removal_read(row: dict[str, Any]) -> dict[str, Any] | None:
    """The removal of a row read with :data:`REMOVAL_COLUMNS` (None: the row is no withdrawal's), its columns taken
    out of ``row``."""
    raster, by, login = (row.pop(column) for column in ("removed_raster", "removed_by", "removed_login"))
    return None if raster is None else removal(raster, by, login)


def withdrawal_said(withdrawn: Mapping[str, Any], lang: str) -> str:
    """A withdrawal (its period, the source of the value withdrawn, when, its ``removal``) after which the period holds
    no value, in ``lang``."""
    return WITHDRAWN.text(lang).format(
        period=withdrawn["period"],
        source=source_label(withdrawn["source"], lang),
        at=local_moment(withdrawn["withdrawn_at"], lang),
        reason=withdrawn["removal"][f"reason_{lang}"],
    )
