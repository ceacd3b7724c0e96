"""One big city-wide welfare ledger (100,000 or 1,000,000 rows) for the import benchmarks of
``bench/``: a sheet per half-year past ``LEDGER_SHEET_ROWS``, written in write-only mode."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from unionstats.output.templates import save_workbook_reproducibly
from unionstats.sample.city import CITY, Scale, city_units
from unionstats.sample.membership import membership_facts
from unionstats.sample.names import CITY_UNION, DEFAULT_SEED, seeded_rng
from unionstats.sample.sheets import SAMPLE_TIMESTAMP, stream_table
from unionstats.sample.welfare import welfare_facts, welfare_kind, welfare_rate, welfare_rows, welfare_table

LEDGER_SHEET_ROWS = 500_000  # past this an office keeps a sheet per half-year (Excel stops at 1,048,576)
LEDGER_TEXT_SHARE = 0.14  # about 10% of the amounts typed as text: 500元, 1,200


@dataclass(frozen=True)
class LedgerSample:
    """What ``write_welfare_ledger`` wrote: ``rows`` payments adding up to ``amount`` 元
    and ``count`` 人次, in ``sheets``."""

    path: Path
    rows: int
    amount: int
    count: int
    sheets: tuple[str, ...]


def write_welfare_ledger(path: Path, rows: int, seed: int = DEFAULT_SEED, scale: Scale = CITY) -> LedgerSample:
    """Write one city-wide welfare ledger of exactly ``rows`` payments of ``scale``'s last year.

    In date order, a sheet per half-year past ``LEDGER_SHEET_ROWS`` rows, each with a
    title and a 填报单位 line, a 合计 row and a signature; about 10% of the amounts typed
    as text and the dates in mixed forms. Its units and payments are drawn apart from
    ``write_city``'s, so it overlaps the city's ledgers: import it into a store of its own.
    """
    path = Path(path)
    units = city_units(seed, scale)
    year = scale.last_year
    membership = membership_facts(seed, units, scale.year_range)
    target = rows * 1.03
    while True:
        rate = welfare_rate(membership, units, (year,), target)
        facts = welfare_facts(seed, membership, units, (year,), topic=f"ledger:{rows}", rate=rate)
        if len(facts) >= rows:
            break
        target *= 1.1 * rows / max(1, len(facts))
    rng = seeded_rng(seed, f"ledger-layout:{rows}")
    dropped = set(rng.sample(range(len(facts)), len(facts) - rows))
    facts = sorted((f for i, f in enumerate(facts) if i not in dropped), key=lambda f: f.when)

    halves = rows > LEDGER_SHEET_ROWS
    blocks = [("1-6月", [f for f in facts if f.when.month <= 6]), ("7-12月", [f for f in facts if f.when.month > 6])]
    if not halves:
        blocks = [("慰问台账", facts)]
    kind = welfare_kind(year)
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = CITY_UNION
    for sheet, block in blocks:
        table_rows = welfare_rows(rng, block, (40, 25, 25, 10), LEDGER_TEXT_SHARE)
        title = f"{year}年帮扶慰问台账" + (f"（{sheet}）" if halves else "")
        stream_table(wb.create_sheet(sheet), welfare_table(title, CITY_UNION, kind, table_rows, with_total=True))
        del table_rows  # a sheet of half a million rows is a few hundred MB of Python lists
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook_reproducibly(wb, path, SAMPLE_TIMESTAMP)
    return LedgerSample(
        path, rows, sum(f.amount for f in facts), sum(f.count for f in facts), tuple(sheet for sheet, _ in blocks)
    )
