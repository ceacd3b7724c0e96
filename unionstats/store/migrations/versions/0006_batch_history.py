"""Replace keeps, undo restores, 重新识别 (issue 14): what a batch needs to come back and to
be read again.

- ``batches.replaced_by``: the batch that replaced this one (status "replaced");
  ``batches.options``: JSON of the unit and year named at upload.
- ``batch_files``: the file of each batch as uploaded (compressed and encrypted).
- ``replaced_<fact table>``: the rows of a replaced batch, out of every metric, until the
  batch that replaced it is undone (key: batch and the row's id in the fact table).

Batches replaced before this revision were undone (their rows deleted): they stay undone.

A frozen copy of what ``schema.py`` adds at this revision.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Float(53)

# The columns of each fact table at this revision (after id and batch_id): name, type, nullable.
FACT_COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine, bool]]] = {
    "membership": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("period", sa.String(7), False),
        ("year", sa.String(4), False),
        ("month", sa.String(7), True),
        ("period_sort", sa.String(7), False),
        ("parent", sa.String(300), True),
        ("employees", sa.BigInteger(), True),
        ("members", sa.BigInteger(), True),
        ("female_employees", sa.BigInteger(), True),
        ("female_members", sa.BigInteger(), True),
        ("migrant_workers", sa.BigInteger(), True),
        ("migrant_members", sa.BigInteger(), True),
        ("new_members", sa.BigInteger(), True),
        ("realname_members", sa.BigInteger(), True),
        ("insured_members", sa.BigInteger(), True),
        ("checkup_count", sa.BigInteger(), True),
        ("unit_count", sa.BigInteger(), True),
        ("union_unit_count", sa.BigInteger(), True),
        ("is_current", sa.Boolean(), False),
        ("extra", sa.Text(), True),
    ],
    "dues": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("period", sa.String(7), False),
        ("year", sa.String(4), False),
        ("month", sa.String(7), True),
        ("fund_type", sa.String(20), False),
        ("parent", sa.String(300), True),
        ("due", MONEY, True),
        ("paid", MONEY, True),
        ("wage_total", MONEY, True),
        ("remitted", MONEY, True),
        ("is_current", sa.Boolean(), False),
        ("extra", sa.Text(), True),
    ],
    "units": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("year", sa.String(4), False),
        ("parent", sa.String(300), True),
        ("unit_type", sa.String(100), True),
        ("established", sa.Boolean(), True),
        ("collective_contract", sa.Boolean(), True),
        ("wage_bargaining", sa.Boolean(), True),
        ("legal_person", sa.Boolean(), True),
        ("is_current", sa.Boolean(), False),
        ("extra", sa.Text(), True),
    ],
    "finance": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("year", sa.String(4), False),
        ("account", sa.String(200), False),
        ("sub_account", sa.String(200), True),
        ("account_code", sa.String(10), True),
        ("account_raw", sa.String(300), True),
        ("flow", sa.String(10), False),
        ("actual", MONEY, True),
        ("budget", MONEY, True),
        ("is_current", sa.Boolean(), False),
        ("extra", sa.Text(), True),
    ],
    "welfare": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("period", sa.String(7), False),
        ("year", sa.String(4), False),
        ("month", sa.String(7), True),
        ("date", sa.String(10), True),
        ("category", sa.String(20), False),
        ("category_raw", sa.String(300), True),
        ("amount", MONEY, True),
        ("count", sa.BigInteger(), False),
        ("recipient", sa.String(100), True),
        ("person_key", sa.String(64), True),
        ("fund_source", sa.String(200), True),
        ("extra", sa.Text(), True),
    ],
    "competitions": [
        ("sheet", sa.String(200), True),
        ("source_row", sa.Integer(), True),
        ("unit", sa.String(300), False),
        ("period", sa.String(7), False),
        ("year", sa.String(4), False),
        ("month", sa.String(7), True),
        ("date", sa.String(10), True),
        ("contest", sa.String(300), False),
        ("person", sa.String(100), True),
        ("person_key", sa.String(64), True),
        ("event", sa.String(200), True),
        ("level", sa.String(20), True),
        ("level_raw", sa.String(100), True),
        ("award", sa.String(20), False),
        ("award_raw", sa.String(100), True),
        ("entries", sa.BigInteger(), False),
        ("extra", sa.Text(), True),
    ],
}


def upgrade() -> None:
    with op.batch_alter_table("batches") as table:
        table.add_column(sa.Column("replaced_by", sa.Integer(), nullable=True))
        table.add_column(sa.Column("options", sa.Text(), nullable=True))
    op.create_table(
        "batch_files",
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), primary_key=True, autoincrement=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
    )
    for name, columns in FACT_COLUMNS.items():
        op.create_table(
            f"replaced_{name}",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
            sa.Column("batch_id", sa.Integer(), sa.ForeignKey("batches.id"), primary_key=True),
            *(sa.Column(column, kind, nullable=nullable) for column, kind, nullable in columns),
        )
        op.create_index(f"ix_replaced_{name}_batch", f"replaced_{name}", ["batch_id"])


def downgrade() -> None:
    for name in reversed(FACT_COLUMNS):
        op.drop_table(f"replaced_{name}")
    op.drop_table("batch_files")
    with op.batch_alter_table("batches") as table:
        table.drop_column("options")
        table.drop_column("replaced_by")
