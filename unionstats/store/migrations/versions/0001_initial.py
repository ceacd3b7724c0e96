"""The first schema: batches, the six fact tables of contract §3, settings.

A frozen copy of ``schema.py`` as it was at this revision: later changes to
``schema.py`` go into a new revision, never into this file.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Money = sa.Float(53)

AGGREGATE_KEYS = {
    "membership": ("unit", "period"),
    "dues": ("unit", "period", "fund_type"),
    "units": ("unit", "year"),
    "finance": ("unit", "year", "account"),
}


def _periods() -> list[sa.Column]:
    return [
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("year", sa.String(4), nullable=False),
        sa.Column("month", sa.String(7), nullable=True),
    ]


def _create_fact(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        sa.Column("sheet", sa.String(200), nullable=True),
        sa.Column("source_row", sa.Integer, nullable=True),
        sa.Column("unit", sa.String(300), nullable=False),
        *columns,
        sa.Column("extra", sa.Text, nullable=True),
    )
    op.create_index(f"ix_{name}_batch", name, ["batch_id"])
    op.create_index(f"ix_{name}_unit_year", name, ["unit", "year"])
    if name in AGGREGATE_KEYS:
        op.create_index(f"ix_{name}_key", name, [*AGGREGATE_KEYS[name], "is_current"])


def upgrade() -> None:
    op.create_table(
        "batches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("kinds", sa.String(200), nullable=False),
        sa.Column("rows_stored", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
        sa.Column("rows_warned", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("undone_by", sa.String(100), nullable=True),
        sa.Column("coverage", sa.Text, nullable=True),
        sa.Column("report", sa.Text, nullable=True),
    )
    op.create_index("ix_batches_hash", "batches", ["content_hash"])

    _create_fact(
        "membership",
        *_periods(),
        sa.Column("period_sort", sa.String(7), nullable=False),
        sa.Column("parent", sa.String(300), nullable=True),
        sa.Column("employees", sa.BigInteger, nullable=True),
        sa.Column("members", sa.BigInteger, nullable=True),
        sa.Column("female_employees", sa.BigInteger, nullable=True),
        sa.Column("female_members", sa.BigInteger, nullable=True),
        sa.Column("migrant_workers", sa.BigInteger, nullable=True),
        sa.Column("migrant_members", sa.BigInteger, nullable=True),
        sa.Column("new_members", sa.BigInteger, nullable=True),
        sa.Column("realname_members", sa.BigInteger, nullable=True),
        sa.Column("insured_members", sa.BigInteger, nullable=True),
        sa.Column("checkup_count", sa.BigInteger, nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
    )
    _create_fact(
        "dues",
        *_periods(),
        sa.Column("fund_type", sa.String(20), nullable=False),
        sa.Column("parent", sa.String(300), nullable=True),
        sa.Column("due", Money, nullable=True),
        sa.Column("paid", Money, nullable=True),
        sa.Column("wage_total", Money, nullable=True),
        sa.Column("remitted", Money, nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
    )
    _create_fact(
        "units",
        sa.Column("year", sa.String(4), nullable=False),
        sa.Column("parent", sa.String(300), nullable=True),
        sa.Column("unit_type", sa.String(100), nullable=True),
        sa.Column("established", sa.Boolean, nullable=True),
        sa.Column("collective_contract", sa.Boolean, nullable=True),
        sa.Column("wage_bargaining", sa.Boolean, nullable=True),
        sa.Column("legal_person", sa.Boolean, nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
    )
    _create_fact(
        "finance",
        sa.Column("year", sa.String(4), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("account_code", sa.String(10), nullable=True),
        sa.Column("flow", sa.String(10), nullable=False),
        sa.Column("actual", Money, nullable=True),
        sa.Column("budget", Money, nullable=True),
        sa.Column("is_current", sa.Boolean, nullable=False),
    )
    _create_fact(
        "welfare",
        *_periods(),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("category_raw", sa.String(300), nullable=True),
        sa.Column("amount", Money, nullable=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("recipient", sa.String(100), nullable=True),
        sa.Column("person_key", sa.String(64), nullable=True),
        sa.Column("fund_source", sa.String(200), nullable=True),
    )
    _create_fact(
        "competitions",
        *_periods(),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("contest", sa.String(300), nullable=False),
        sa.Column("person", sa.String(100), nullable=True),
        sa.Column("person_key", sa.String(64), nullable=True),
        sa.Column("event", sa.String(200), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("level_raw", sa.String(100), nullable=True),
        sa.Column("award", sa.String(20), nullable=False),
        sa.Column("award_raw", sa.String(100), nullable=True),
        sa.Column("entries", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "settings",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=False), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    for name in ("competitions", "welfare", "finance", "units", "dues", "membership"):
        op.drop_table(name)
    op.drop_table("batches")
