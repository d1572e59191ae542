"""The audit log: every write says who made it, when, what changed and from where.

Entries are added in the same transaction as the write, so a write that rolls back leaves
no entry and an entry never describes a write that did not happen. Callers pass the
changed values, never credentials: tokens and passwords have no place in ``changes``.
"""

from __future__ import annotations

import getpass
import ipaddress
import json
import os
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import String, Text, and_, cast, insert, literal, or_, select
from sqlalchemy.dialects.postgresql import INET, JSONB
from sqlalchemy.orm import Session

from geo.bound_arrays import unnested
from geo.models import Account, ApiToken, AuditLogEntry
from geo.vi_format import VIETNAM_TIME

#: The actor a command-line write is recorded as by callers; :func:`record` names the server's login that ran it.
COMMAND_LINE = "cli"


def command_line_actor() -> str:
    """The command line as the audit log names it: "cli (an)", with the server's login that ran the command, and
    "cli (an, sudo root)" through sudo (the login sudo was run from, then the one it ran as). Every command's entry
    said "cli" alone: which person at the server had deactivated an account was not kept (trial s73). An entry of
    before says "cli" still. In a container, the login is the container's."""
    login, sudo = system_login(), os.environ.get("SUDO_USER")
    return f"{COMMAND_LINE} ({sudo}, sudo {login})" if sudo and sudo != login else f"{COMMAND_LINE} ({login})"


def system_login() -> str:
    """The server's login running the command, as the system knows it ($LOGNAME, $USER, else its user database)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return f"uid {os.geteuid()}"


def record(
    session: Session,
    *,
    actor: Account | str,
    action: str,
    entity: str,
    entity_id: object = None,
    changes: dict[str, Any] | None = None,
    remote_addr: str | None = None,
    detail: str | None = None,
) -> AuditLogEntry:
    """Add one entry; ``actor`` is the account, or a name such as ``COMMAND_LINE`` for a command-line write (recorded
    with the login that ran it, :func:`command_line_actor`)."""
    is_account = isinstance(actor, Account)
    if actor == COMMAND_LINE:
        actor = command_line_actor()
    entry = AuditLogEntry(
        account_id=actor.id if is_account else None,
        actor=actor.username if is_account else actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        changes=changes or {},
        remote_addr=_inet_or_none(remote_addr),
        detail=detail,
    )
    session.add(entry)
    return entry


def record_each(
    session: Session,
    *,
    actor: Account,
    action: str,
    entity: str,
    entries: list[tuple[object, dict[str, Any]]],
    remote_addr: str | None = None,
) -> None:
    """Many entries of one account, action and entity, each (entity id, changes), in one statement: a status file's
    3,000 rows' entries and events, added as objects, took 3.39 s of its commit, 0.82 s so (bench/status_import.py)."""
    if not entries:
        return
    listed = unnested(
        "entry",
        entity_id=(String, [str(entity_id) for entity_id, _ in entries]),
        changes=(Text, [json.dumps(changes) for _, changes in entries]),
    )
    columns = ["entity_id", "changes", "account_id", "actor", "action", "entity", "remote_addr"]
    same = (actor.id, actor.username, action, entity)
    values = [listed.c.entity_id, cast(listed.c.changes, JSONB), *map(literal, same)]
    values.append(cast(literal(_inet_or_none(remote_addr)), INET))
    session.execute(insert(AuditLogEntry).from_select(columns, select(*values)))


def recent_entries(
    session: Session, *, actor: str | None = None, since: date | None = None, limit: int = 50
) -> list[AuditLogEntry]:
    """The newest entries first, at most ``limit``, from the start of ``since`` (a day in Vietnam) if given; of one
    ``actor`` if given: a username's, with what was done to that account and its tokens (created, deactivated, a
    token issued or revoked: "when was duc deactivated, and by whom?", trial s73), or the command line's (``cli``:
    every login's, or one, "cli (an)")."""
    query = select(AuditLogEntry).order_by(AuditLogEntry.at.desc(), AuditLogEntry.id.desc()).limit(limit)
    if actor:
        query = query.where(_by_or_on(actor))
    if since:
        query = query.where(AuditLogEntry.at >= datetime.combine(since, time(), VIETNAM_TIME))
    return list(session.scalars(query))


def _by_or_on(actor: str) -> Any:
    """The entries ``actor`` made (``cli``: the command line's, whoever ran it), or made on the account of that
    username or one of its tokens."""
    account = select(Account.id).where(Account.username == actor).scalar_subquery()
    tokens = select(cast(ApiToken.id, String)).where(ApiToken.account_id == account)
    by = AuditLogEntry.actor == actor
    if actor == COMMAND_LINE:
        by = or_(by, AuditLogEntry.actor.startswith(f"{COMMAND_LINE} (", autoescape=True))
    return or_(
        by,
        and_(AuditLogEntry.entity == "account", AuditLogEntry.entity_id == cast(account, String)),
        and_(AuditLogEntry.entity == "api_token", AuditLogEntry.entity_id.in_(tokens)),
    )


def subjects(session: Session, entries: list[AuditLogEntry]) -> dict[int, dict[str, Any]]:
    """Whom each entry on an account or a token is about, by the entry's id: the account's username and display name,
    a token's name and when it was issued besides; as the registry holds them now (a username never changes, nor a
    token). An entry said "account 4" and a token's revocation nothing: that account 4 was duc.tran could be read
    nowhere (trial s73)."""
    ids = {
        entity: {int(e.entity_id) for e in entries if e.entity == entity and (e.entity_id or "").isdigit()}
        for entity in ("account", "api_token")
    }
    accounts = {
        row.id: {"username": row.username, "display_name": row.display_name}
        for row in session.execute(select(Account).where(Account.id.in_(ids["account"]))).scalars()
    }
    tokens = {
        token.id: {
            "username": username,
            "display_name": name,
            "token_name": token.name,
            "token_created_at": token.created_at.isoformat(),
        }
        for token, username, name in session.execute(
            select(ApiToken, Account.username, Account.display_name)
            .join(Account, Account.id == ApiToken.account_id)
            .where(ApiToken.id.in_(ids["api_token"]))
        )
    }
    held = {"account": accounts, "api_token": tokens}
    return {
        e.id: held[e.entity][int(e.entity_id)]
        for e in entries
        if e.entity in held and (e.entity_id or "").isdigit() and int(e.entity_id) in held[e.entity]
    }


def _inet_or_none(address: str | None) -> str | None:
    """The address if PostgreSQL's INET can hold it (test clients report names such as "testclient")."""
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
