"""The unit tree as a table (issue 18): ``unit_parents`` holds each unit with rows and its 上级工会
(NULL: none), what ``store.tree.parent_of`` derives from the facts. Metrics group and filter by
上级工会 with a join to it instead of ranking the units, membership and dues rows in every query;
every write of facts keeps it for the units it touched (``store.tree.refresh_unit_parents``).

The table is a frozen copy of what ``schema.py`` adds at this revision; it is filled from the
store's facts by the tree's own definition (``rebuild_unit_parents``, under a second at 10,000
units), as revision 0012 calls the key's own code.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from unionstats.store.tree import rebuild_unit_parents

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a store whose version was set back by hand (tests do, to replay 0012) has the table already
    if not sa.inspect(op.get_bind()).has_table("unit_parents"):
        op.create_table(
            "unit_parents",
            sa.Column("unit", sa.String(300), primary_key=True),
            sa.Column("parent", sa.String(300), nullable=True),
        )
        op.create_index("ix_unit_parents_parent", "unit_parents", ["parent", "unit"])
    rebuild_unit_parents(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_unit_parents_parent", table_name="unit_parents")
    op.drop_table("unit_parents")
