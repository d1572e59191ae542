"""Retiring a project: it leaves the maps, lists, progress and reports from that day, and is never deleted.

A project is retired when it should not have been in the registry as it stands (a duplicate, a project the plan
dropped, one merged into another); its history stays, and ``restore_project`` undoes a mistaken retirement. Both are
written with an audit entry, bump the project's version (so a status report prepared before is refused as stale) and
expire the map layers that show projects.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from geo.audit import command_line_actor, record
from geo.layer_versions import expire_projects
from geo.models import Account, Project
from geo.said import SaidError
from geo.vi_format import vi_date


class RetirementError(SaidError):
    """The project is not in the state the action needs (already retired, or not retired); said in both languages,
    for the pages that ask in Vietnamese (api.errors)."""


def project_to_change(session: Session, code: str) -> Project:
    """The project with ``code``, locked until the transaction ends; RetirementError when there is none."""
    project = session.scalar(select(Project).where(Project.code == code).with_for_update())
    if project is None:
        raise RetirementError(f"no project with code {code!r}", f"không có dự án nào mang mã {code!r}")
    return project


def retire_project(
    session: Session, project: Project, reason: str, actor: Account | str, remote_addr: str | None = None
) -> None:
    """Retire ``project`` now, for ``reason`` (required: planners will ask why it left the map)."""
    if project.retired_at is not None:
        raise RetirementError(
            f"project {project.code} was already retired on {project.retired_at:%Y-%m-%d}",
            f"dự án {project.code} đã được rút khỏi danh mục ngày {vi_date(project.retired_at)}",
        )
    if not reason.strip():
        raise RetirementError(
            "say why the project is retired (e.g. duplicate of another code, dropped by the plan)",
            "hãy nói lý do rút dự án khỏi danh mục (ví dụ trùng với mã khác, kế hoạch đã bỏ)",
        )
    project.retired_at, project.retired_reason = datetime.now(UTC), reason.strip()
    _changed(session, project, "retire", {"retired_reason": project.retired_reason}, actor, remote_addr)


def retire_projects(
    session: Session, ids: list[int], reason: str, account_id: int | None, since: datetime
) -> list[str]:
    """Retire the projects ``ids`` at once, each as :func:`retire_project` does by hand (retired now for ``reason``,
    its version bumped, an audit entry by the account, or by the command line's login: "cli (an)"), but for those
    changed after ``since`` (a report or a load the one who asked had not seen) or retired meanwhile; returns the codes
    retired. A load retiring the projects its inventory no longer names: trial 54's office could only retire 100 of
    them one by one."""
    codes = list(
        session.scalars(
            text(
                "WITH retired AS (UPDATE project SET retired_at = now(), retired_reason = :reason,"
                "  version = version + 1 WHERE id = ANY(:ids) AND retired_at IS NULL AND changed_at <= :since"
                "  RETURNING id, code"
                "), recorded AS (INSERT INTO audit_log (account_id, actor, action, entity, entity_id, changes) "
                "  SELECT :account, coalesce((SELECT username FROM account WHERE id = :account), :cli), 'retire', "
                "  'project', id::text, jsonb_build_object('retired_reason', CAST(:reason AS text)) FROM retired"
                ") SELECT code FROM retired ORDER BY code"
            ),
            {"ids": ids, "reason": reason, "account": account_id, "since": since, "cli": command_line_actor()},
        )
    )
    if codes:
        expire_projects(session, ids)
    return codes


def restore_project(session: Session, project: Project, actor: Account | str, remote_addr: str | None = None) -> None:
    """Undo a retirement: the project is current again."""
    if project.retired_at is None:
        raise RetirementError(
            f"project {project.code} is not retired", f"dự án {project.code} chưa bị rút khỏi danh mục"
        )
    was = {"retired_at": project.retired_at.isoformat(), "retired_reason": project.retired_reason}
    project.retired_at = project.retired_reason = None
    _changed(session, project, "restore", was, actor, remote_addr)


def _changed(
    session: Session, project: Project, action: str, changes: dict, actor: Account | str, remote_addr: str | None
) -> None:
    project.version += 1
    session.flush()
    record(
        session,
        actor=actor,
        action=action,
        entity="project",
        entity_id=project.id,
        changes=changes,
        remote_addr=remote_addr,
    )
    expire_projects(session, [project.id])  # the progress layer expires with it (layers.catalog)
