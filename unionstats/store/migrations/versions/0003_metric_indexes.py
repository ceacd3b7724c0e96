"""Indexes for the metric queries at city scale (issue 6): 10,000 units, a million dues rows.

Each one is used by a query of ``unionstats.metrics`` (shown with EXPLAIN QUERY PLAN /
EXPLAIN in tests/metrics/test_compute_sql.py and docs/performance.md):

- ``ix_dues_metrics`` and ``ix_welfare_metrics`` hold every column the dues and welfare
  sums read, the year first: the sums over all units read the index in order, neither
  the table nor a sort (a third of the time on SQLite), and one year is a range of it.
- ``ix_dues_year_rows`` and ``ix_membership_year_rows`` hold only the year rows (month
  NULL): "does this unit report the whole year?" is asked of every month row in year
  mode (a year row replaces the months, contract §4), and asked of this small index it
  costs a tenth of asking the key index of every row. ``month`` is their last column
  (always NULL there) so that SQLite, which matches it as one more equality, prefers
  them over the key index of the same columns.
- ``ix_dues_parent``: the newest 上级工会 of each unit (``metrics.parent_of``, every query
  by 上级工会 and the unit list of the filters) is read from it in order instead of
  sorting every dues row.
- ``ix_dues_unit_year`` and ``ix_welfare_unit_year`` (unit, year) grow the same columns:
  a unit's rows (sums by unit, by 上级工会, of chosen units; welfare per member) are read
  from the index alone instead of one table row at a time.

A frozen copy of what ``schema.py`` adds at this revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

YEAR_ROWS = sa.text("month IS NULL")
UNIT_YEAR_COVERS = {
    "dues": ["fund_type", "is_current", "month", "due", "paid", "remitted"],
    "welfare": ["month", "category", "amount", "count"],
}


def upgrade() -> None:
    for table, columns in UNIT_YEAR_COVERS.items():
        op.drop_index(f"ix_{table}_unit_year", table_name=table)
        op.create_index(f"ix_{table}_unit_year", table, ["unit", "year", *columns])
    op.create_index("ix_dues_metrics", "dues", ["year", "fund_type", "is_current", "month", "unit", "due", "paid", "remitted"])
    op.create_index("ix_welfare_metrics", "welfare", ["year", "category", "month", "unit", "amount", "count"])
    op.create_index(
        "ix_dues_year_rows",
        "dues",
        ["unit", "period", "fund_type", "is_current", "month"],
        sqlite_where=YEAR_ROWS,
        postgresql_where=YEAR_ROWS,
    )
    op.create_index(
        "ix_membership_year_rows",
        "membership",
        ["unit", "period", "is_current", "month"],
        sqlite_where=YEAR_ROWS,
        postgresql_where=YEAR_ROWS,
    )
    op.create_index("ix_dues_parent", "dues", ["unit", "parent", "is_current", "month", "year"])


def downgrade() -> None:
    for name, table in (
        ("ix_dues_parent", "dues"),
        ("ix_membership_year_rows", "membership"),
        ("ix_dues_year_rows", "dues"),
        ("ix_welfare_metrics", "welfare"),
        ("ix_dues_metrics", "dues"),
    ):
        op.drop_index(name, table_name=table)
    for table in UNIT_YEAR_COVERS:
        op.drop_index(f"ix_{table}_unit_year", table_name=table)
        op.create_index(f"ix_{table}_unit_year", table, ["unit", "year"])
