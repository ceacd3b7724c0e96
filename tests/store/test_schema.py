"""unionstats.store.schema: the tables hold every column of the contract, keep no ID or phone
number, key the aggregate kinds, and come out the same on SQLite and PostgreSQL.

``tests/store/test_engine.py`` checks the migrations build exactly these tables.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Boolean, Float, insert, inspect, select

from unionstats.rules.columns import COLUMN_OF, COLUMNS, KINDS, LEDGER_KINDS, SHIFTED_COLUMNS, STORED_AS_YEAR, UNSTORED_COLUMNS
from unionstats.store.schema import AGGREGATE_KEYS, FACT_TABLES, ROW_KEYS, Money, batches, metadata, welfare

AGGREGATE_KINDS = [k for k in KINDS if k not in LEDGER_KINDS]


def test_there_is_one_fact_table_per_kind_and_a_key_per_aggregate_kind():
    assert set(FACT_TABLES) == set(KINDS)
    assert set(AGGREGATE_KEYS) == set(AGGREGATE_KINDS)


@pytest.mark.parametrize(
    "column",
    [c for c in COLUMNS if c.dtype != "secret" and (c.kind, c.field) not in UNSTORED_COLUMNS],
    ids=lambda c: f"{c.kind}.{c.field}",
)
def test_every_column_of_the_contract_has_a_column_in_its_table(column):
    # a column stored as another one of another period (上年决算数 → the 决算数 of the year before)
    stored, _years = SHIFTED_COLUMNS.get((column.kind, column.field), (column.field, 0))
    stored = STORED_AS_YEAR.get((column.kind, column.field), stored)  # §3.7: a birth date as its year
    assert stored in FACT_TABLES[column.kind].c


def test_a_shifted_column_lands_in_a_column_of_its_own_kind_with_the_same_type():
    assert SHIFTED_COLUMNS == {("finance", "prior_actual"): ("actual", -1)}
    for (kind, field), (stored, _years) in SHIFTED_COLUMNS.items():
        assert COLUMN_OF[kind, field].dtype == COLUMN_OF[kind, stored].dtype == "amount"


# the ledgers of people (a payment to, an entry of, a person); §3.8 activities list no one
PERSON_LEDGERS = sorted(k for k in LEDGER_KINDS if k != "activities")


def test_an_activity_row_keeps_no_person():
    assert not {"person_key", "recipient", "person"} & set(FACT_TABLES["activities"].c.keys())
    assert not [c for c in COLUMNS if c.kind == "activities" and c.dtype == "secret"]


@pytest.mark.parametrize("kind", [*PERSON_LEDGERS, "roster"])
def test_id_and_phone_numbers_are_kept_only_as_a_salted_key(kind):
    # contract §5: the secret columns of a ledger are never a column of the store
    secrets = {c.field for c in COLUMNS if c.kind == kind and c.dtype == "secret"}
    table = FACT_TABLES[kind]
    assert secrets == {"id_number", "phone"}
    assert not secrets & set(table.c.keys())
    assert table.c.person_key.type.length == 64  # a sha256 in hex


@pytest.mark.parametrize("kind", KINDS)
def test_every_fact_row_belongs_to_a_batch_and_says_where_it_came_from(kind):
    table = FACT_TABLES[kind]
    assert [fk.target_fullname for fk in table.c.batch_id.foreign_keys] == ["batches.id"]
    assert not table.c.batch_id.nullable and not table.c.unit.nullable
    assert {"sheet", "source_row", "extra"} <= set(table.c.keys())


@pytest.mark.parametrize("kind", AGGREGATE_KINDS)
def test_an_aggregate_kind_keeps_history_behind_is_current_and_its_key_is_required(kind):
    table = FACT_TABLES[kind]
    assert isinstance(table.c.is_current.type, Boolean) and not table.c.is_current.nullable
    assert all(not table.c[name].nullable for name in AGGREGATE_KEYS[kind])
    key_index = next(i for i in table.indexes if i.name == f"ix_{kind}_key")
    assert [c.name for c in key_index.columns] == [*AGGREGATE_KEYS[kind], "is_current"]


@pytest.mark.parametrize("kind", sorted(LEDGER_KINDS))
def test_a_ledger_appends_and_has_no_current_flag(kind):
    assert "is_current" not in FACT_TABLES[kind].c


def test_money_is_a_double_everywhere():
    assert isinstance(Money, Float) and Money.precision == 53
    money_columns = [c for t in FACT_TABLES.values() for c in t.c if c.type is Money]
    assert {f"{c.table.name}.{c.name}" for c in money_columns} >= {"dues.due", "dues.paid", "finance.actual", "welfare.amount"}


def test_the_store_has_every_table_and_index_of_schema_py(engine):
    inspector = inspect(engine)
    assert set(metadata.tables) <= set(inspector.get_table_names())
    for table in metadata.tables.values():
        wanted = {index.name for index in table.indexes}
        assert wanted <= {index["name"] for index in inspector.get_indexes(table.name)}, table.name


def test_money_and_long_chinese_text_round_trip_on_both_stores(engine):
    unit = "某某市某某区某某街道" * 30  # 300 characters, the longest unit name
    with engine.begin() as conn:
        batch_id = conn.execute(
            insert(batches)
            .values(file_name="台账.xlsx", content_hash="0" * 64, kinds="welfare", created_at=datetime(2024, 5, 1, 9, 30))
            .returning(batches.c.id)
        ).scalar_one()
        conn.execute(
            insert(welfare).values(
                batch_id=batch_id,
                unit=unit,
                period="2024-05",
                year="2024",
                category="节日慰问",
                amount=1234567.891,
                count=12,
            )
        )
    with engine.connect() as conn:
        row = conn.execute(select(welfare.c.unit, welfare.c.amount, welfare.c.count)).one()
        batch = conn.execute(select(batches.c.status, batches.c.rows_stored)).one()
    assert tuple(row) == (unit, 1234567.891, 12)
    assert tuple(batch) == ("active", 0)  # the defaults of a new batch


def test_a_roster_keeps_no_name_id_or_phone_and_is_replaced_whole_by_unit_and_year():
    # §3.7, §5: only what the metrics need; one row per member under its (unit, year) key
    table = FACT_TABLES["roster"]
    assert UNSTORED_COLUMNS == {("roster", "name")}
    assert not {"name", "id_number", "phone"} & set(table.c.keys())
    assert AGGREGATE_KEYS["roster"] == ("unit", "year")
    assert ROW_KEYS["roster"] == ("unit", "year", "id")
