"""a withdrawal names the raster's removal that made it; a removal keeps who said they ran it apart from the login

Revision ID: 0045
Revises: 0044

0044 stored why a forest-cover value was withdrawn as an English sentence in ``reason`` ("forest-cover raster 7
removed by root (georeg forest remove)"), which the API served as it was and the pages translated back by pattern
(session 63). A withdrawal now points at the raster's removal in the audit log (``removal_id``), which keeps the
raster's number, title and year, who removed it and when: each reader words it in its language; its ``reason`` is
empty. A removal keeps the name its remover gave (``georeg forest remove --by``, under ``by``) apart from the system
login that ran it (``login``): those before kept the login alone, under ``by``, which moves to ``login``.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0045"
down_revision: str | None = "0044"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REMOVALS = "entity = 'raster_dataset' AND action = 'remove_forest_raster'"
WITHDRAWAL_0044 = (
    "(value IS NULL) = is_withdrawal AND (restores_id IS NULL OR is_withdrawal) "
    "AND (NOT is_withdrawal OR supersedes_id IS NOT NULL)"
)
WITHDRAWAL = f"{WITHDRAWAL_0044} AND (removal_id IS NOT NULL) = is_withdrawal AND (reason IS NULL OR NOT is_withdrawal)"
# 0044's sentence, with the raster's number in it: how each withdrawal finds its removal, and is written back
SENTENCE = "^forest-cover raster (\\d+) removed by "


def upgrade() -> None:
    op.add_column("indicator_value", sa.Column("removal_id", sa.Integer(), nullable=True))
    op.create_foreign_key(
        op.f("fk_indicator_value_removal_id_audit_log"), "indicator_value", "audit_log", ["removal_id"], ["id"]
    )
    _drop_checks()
    op.execute(
        "UPDATE audit_log SET changes = (changes - 'by') || jsonb_build_object('by', NULL, 'login', changes -> 'by') "
        f"WHERE {REMOVALS} AND changes -> 'login' IS NULL"
    )
    op.execute(
        "UPDATE indicator_value v SET removal_id = a.id, reason = NULL FROM audit_log a "
        "WHERE v.is_withdrawal AND a.entity = 'raster_dataset' AND a.action = 'remove_forest_raster' "
        f"AND a.entity_id = substring(v.reason from '{SENTENCE}')"
    )
    unmatched = op.get_bind().scalar(
        sa.text(
            "SELECT string_agg(CAST(id AS text), ', ') FROM indicator_value WHERE is_withdrawal AND removal_id IS NULL"
        )
    )
    if unmatched:  # its removal's entry gone from the audit log: nothing says which raster, by whom
        raise RuntimeError(
            f"Giá trị chỉ tiêu {unmatched} rút lại giá trị của một ảnh che phủ rừng mà việc gỡ không còn trong nhật ký "
            "thay đổi; hãy khôi phục nhật ký từ bản sao lưu rồi chạy lại; chưa có gì thay đổi. · "
            f"Indicator values {unmatched} withdraw a value for a forest raster whose removal is not in the audit log "
            "(entity raster_dataset, action remove_forest_raster); restore the audit log from a backup, then migrate "
            "again. Nothing was changed."
        )
    _create_checks(correction="supersedes_id IS NULL OR reason IS NOT NULL OR is_withdrawal", withdrawal=WITHDRAWAL)


def downgrade() -> None:
    _drop_checks()
    op.execute(
        "UPDATE indicator_value v SET reason = 'forest-cover raster ' || a.entity_id || ' removed by ' "
        "|| coalesce(a.changes ->> 'by', a.changes ->> 'login', '?') || ' (georeg forest remove)' "
        "FROM audit_log a WHERE a.id = v.removal_id"
    )
    op.execute(
        "UPDATE audit_log SET changes = (changes - 'by' - 'login') "
        "|| jsonb_build_object('by', coalesce(changes ->> 'by', changes ->> 'login')) "
        f"WHERE {REMOVALS}"
    )
    _create_checks(correction="supersedes_id IS NULL OR reason IS NOT NULL", withdrawal=WITHDRAWAL_0044)
    op.drop_constraint(op.f("fk_indicator_value_removal_id_audit_log"), "indicator_value", type_="foreignkey")
    op.drop_column("indicator_value", "removal_id")


def _drop_checks() -> None:
    """The checks of a correction's reason and of a withdrawal, dropped while the rows change."""
    for name in ("correction_reason", "withdrawal"):
        op.drop_constraint(op.f(f"ck_indicator_value_{name}"), "indicator_value", type_="check")


def _create_checks(correction: str, withdrawal: str) -> None:
    op.create_check_constraint(op.f("ck_indicator_value_correction_reason"), "indicator_value", correction)
    op.create_check_constraint(op.f("ck_indicator_value_withdrawal"), "indicator_value", withdrawal)
