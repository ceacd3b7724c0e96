"""单位名称对照 (issue 14): aliases of unit names, and the merges of two units with what each moved.

A frozen copy of the tables as ``schema.py`` defines them at this revision.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unit_merges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("old", sa.String(300), nullable=False),
        sa.Column("new", sa.String(300), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("moved", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=False), nullable=True),
        sa.Column("undone_by", sa.String(100), nullable=True),
    )
    op.create_table(
        "unit_aliases",
        sa.Column("alias", sa.String(300), primary_key=True),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("merge_id", sa.Integer, sa.ForeignKey("unit_merges.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=True),
    )
    op.create_index("ix_unit_aliases_unit", "unit_aliases", ["unit"])


def downgrade() -> None:
    op.drop_index("ix_unit_aliases_unit", table_name="unit_aliases")
    op.drop_table("unit_aliases")
    op.drop_table("unit_merges")
