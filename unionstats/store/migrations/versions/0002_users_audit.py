"""District mode: users, sessions, the audit log, and the units of every batch.

``batch_units`` is filled for the batches already stored from their fact rows (undone
batches have no rows left and get none: only an admin lists them).

A frozen copy of the tables as ``schema.py`` defines them at this revision.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACT_TABLES = ("membership", "dues", "units", "finance", "welfare", "competitions")


def upgrade() -> None:
    op.create_table(
        "batch_units",
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), primary_key=True),
        sa.Column("unit", sa.String(300), primary_key=True),
    )
    op.create_index("ix_batch_units_unit", "batch_units", ["unit"])
    every_unit = " UNION ".join(f"SELECT batch_id, unit FROM {name}" for name in FACT_TABLES)
    op.execute(f"INSERT INTO batch_units (batch_id, unit) {every_unit}")

    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=False), nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=False), nullable=False),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_name"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=True),
    )
    op.create_index("ix_audit_at", "audit", ["at"])


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("sessions")
    op.drop_table("users")
    op.drop_table("batch_units")
