"""Accounts of agency staff, their API tokens and jurisdiction, and the audit log of writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ARRAY, CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from geo.models.base import Base, created_at_column


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'editor', 'gis', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    role: Mapped[str] = mapped_column(String(10))
    kinds: Mapped[list[str]] = mapped_column(
        ARRAY(String(30)), default=list, doc="project kinds the account may update in its units"
    )
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()


class AccountUnit(Base):
    """Units (of either scheme) in an account's jurisdiction."""

    __tablename__ = "account_unit"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id", ondelete="CASCADE"), primary_key=True)


class ApiToken(Base):
    """A bearer token, stored only as its hash."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BrowserSession(Base):
    """A browser's login (/login): its cookie holds a random id, stored here only as its hash. It ends at
    ``expires_at`` (never after its token's), on logout (``revoked_at``), and when its token is revoked or expires."""

    __tablename__ = "browser_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_token.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditLogEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_at_column()
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor: Mapped[str] = mapped_column(String(200), doc="username, or the CLI/system process")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    changes: Mapped[dict] = mapped_column(JSONB, default=dict)
    remote_addr: Mapped[str | None] = mapped_column(INET)
    detail: Mapped[str | None] = mapped_column(Text)
