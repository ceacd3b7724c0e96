"""会员名册 (issue 15, contract §3.7): one row per member, only what the metrics need.

``roster`` keeps the keyed hash of the ID (``person_key``), sex, birth year, 农民工, the
入会 year, the status (会籍变化) and whether the ID passes its check digit — never the name,
ID or phone (§5). Keyed by (unit, year): a later roster replaces the earlier one whole.
``replaced_roster`` holds the rows of a replaced batch (as revision 0006 made for the other
fact tables).

A frozen copy of what ``schema.py`` adds at this revision.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns() -> list[sa.Column]:
    """The columns after id and batch_id, fresh for each table."""
    return [
        sa.Column("sheet", sa.String(200), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("year", sa.String(4), nullable=False),
        sa.Column("person_key", sa.String(64), nullable=True),
        sa.Column("sex", sa.String(2), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("migrant", sa.Boolean(), nullable=True),
        sa.Column("joined_year", sa.String(4), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("id_valid", sa.Boolean(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("extra", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "roster",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), nullable=False),
        *_columns(),
    )
    op.create_index("ix_roster_batch", "roster", ["batch_id"])
    op.create_index("ix_roster_unit_year", "roster", ["unit", "year"])
    op.create_index("ix_roster_key", "roster", ["unit", "year", "is_current"])
    op.create_table(
        "replaced_roster",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), primary_key=True),
        *_columns(),
    )
    op.create_index("ix_replaced_roster_batch", "replaced_roster", ["batch_id"])


def downgrade() -> None:
    op.drop_table("replaced_roster")
    op.drop_index("ix_roster_key", table_name="roster")
    op.drop_index("ix_roster_unit_year", table_name="roster")
    op.drop_index("ix_roster_batch", table_name="roster")
    op.drop_table("roster")
