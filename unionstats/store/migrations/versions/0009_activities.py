"""活动与培训 (issue 15, contract §3.8): the ``activities`` ledger table, and its
``replaced_activities`` copy where a replaced batch's rows wait (as revision 0006 made for the
other fact tables).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> list[sa.Column]:
    """The columns after id and batch_id, fresh for each table."""
    return [
        sa.Column("sheet", sa.String(200), nullable=True),
        sa.Column("source_row", sa.Integer, nullable=True),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("year", sa.String(4), nullable=False),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("type_raw", sa.String(100), nullable=True),
        sa.Column("sessions", sa.BigInteger, nullable=False),
        sa.Column("participants", sa.BigInteger, nullable=True),
        sa.Column("spend", sa.Float(53), nullable=True),
        sa.Column("extra", sa.Text, nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), nullable=False),
        *_columns(),
    )
    op.create_index("ix_activities_batch", "activities", ["batch_id"])
    op.create_index("ix_activities_unit_year", "activities", ["unit", "year"])
    op.create_table(
        "replaced_activities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("batches.id"), primary_key=True),
        *_columns(),
    )
    op.create_index("ix_replaced_activities_batch", "replaced_activities", ["batch_id"])


def downgrade() -> None:
    op.drop_table("replaced_activities")
    op.drop_index("ix_activities_unit_year", table_name="activities")
    op.drop_index("ix_activities_batch", table_name="activities")
    op.drop_table("activities")
