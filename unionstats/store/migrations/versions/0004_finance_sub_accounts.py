"""Real statements (issue 13, contract §3.6): sub-accounts and the 科目 as written.

``finance.sub_account``: a sub-account's own name (40301 回拨补助收入 under 403 上级补助收入),
NULL on an account's own row; ``finance.account_raw``: the 科目 cell as written
(（一）职工活动支出), the standard name being in ``account``. Existing rows are accounts'
own rows written as their standard name: both stay NULL.

A frozen copy of what ``schema.py`` adds at this revision.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("finance") as batch:
        batch.add_column(sa.Column("sub_account", sa.String(200), nullable=True))
        batch.add_column(sa.Column("account_raw", sa.String(300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("finance") as batch:
        batch.drop_column("account_raw")
        batch.drop_column("sub_account")
