"""Areas' unit counts on membership rows (issue 13, contract §3.1 and §4).

A census or yearbook table by region gives, per 街道/区/省, its 单位数 and 建会单位数
instead of one registry row per unit; 建会率 then reads Σ 建会单位数 / Σ 单位数.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("unit_count", "union_unit_count")


def upgrade() -> None:
    with op.batch_alter_table("membership") as table:
        for name in COLUMNS:
            table.add_column(sa.Column(name, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("membership") as table:
        for name in reversed(COLUMNS):
            table.drop_column(name)
