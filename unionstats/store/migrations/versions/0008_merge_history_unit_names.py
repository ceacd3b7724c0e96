"""Merge the two branches from 0005: batch history (0006, h-history) and unit names (0007, h-names).

Nothing changes in the schema; this only joins the two heads so that ``upgrade head`` has one.
(Added on h-importui, which builds its pages on both; the lead keeps one merge revision.)

Revision ID: 0008
Revises: 0006, 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | Sequence[str] | None = ("0006", "0007")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
