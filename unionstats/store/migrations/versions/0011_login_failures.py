"""Lockout per account and source (issue 17, finding 7): ``login_failures`` counts the wrong
passwords of one user from one source (the client's address) and holds that source back for a
growing time, so guesses from one place no longer lock the account for everyone. The account's
own count (``users.failed_logins`` / ``locked_until``) stays as the ceiling across all sources.

A frozen copy of what ``schema.py`` adds at this revision.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("user_name", sa.String(100), primary_key=True),
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=False), nullable=True),
        sa.Column("last_try", sa.DateTime(timezone=False), nullable=False),
        sa.Column("last_success", sa.DateTime(timezone=False), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
