"""Fact rows written straight into a store's tables, as the metrics tests' examples need them
(no importer in between: the expected figures are worked out by hand from these rows), with the
unit tree brought up to date as every write of the store does."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine

from unionstats.store import schema
from unionstats.store.tree import refresh_unit_parents


def add_batch(conn, kind: str) -> int:
    result = conn.execute(
        schema.batches.insert().values(
            file_name=f"{kind}.xlsx",
            content_hash=uuid.uuid4().hex,
            kinds=kind,
            created_at=datetime(2024, 1, 15, 9, 0),
        )
    )
    return result.inserted_primary_key[0]


def periods(period: str) -> dict[str, str | None]:
    """period '2023' or '2023-05' → the store's period, year and month columns."""
    return {"period": period, "year": period[:4], "month": period if len(period) == 7 else None}


def add_rows(engine: Engine, kind: str, rows: list[dict]) -> None:
    """One batch of ``kind`` holding ``rows``; ``period`` is expanded like the store does."""
    table = schema.FACT_TABLES[kind]
    with engine.begin() as conn:
        batch = add_batch(conn, kind)
        for row in rows:
            row = {"batch_id": batch, **row}
            if "period" in row:
                row.update(periods(row["period"]))
            if kind == "membership":
                row["period_sort"] = row["month"] or f"{row['year']}-13"
            conn.execute(table.insert().values(**row))
        # the store keeps its unit tree with every write of facts (store.tree); so does this one
        refresh_unit_parents(conn, {row["unit"] for row in rows})
