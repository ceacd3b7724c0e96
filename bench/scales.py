"""The benchmark's sizes: ``python -m bench --scale tiny|small|city``.

``city`` is issue 6's: 100,000- and 1,000,000-row ledgers side by side, the 200 one-unit
files of the 10,000-unit city, growth at 10k/100k/1M rows and 100/1,000/10,000 units.
``tiny`` runs in seconds (the tests use it); ``small`` in a few minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionstats.sample import CITY, Scale


def units_scale(units: int, years: int = 5) -> Scale:
    """A city of ``units`` units as the growth curve has them: 200 units a 街道, 50 welfare
    rows a unit, one unit in 50 (at least 5) sending its own ledger."""
    return Scale(
        units=units,
        parents=max(2, units // 200),
        years=years,
        welfare_rows=50 * units,
        one_unit_files=min(units, max(5, units // 50)),
        finance_units=min(20, max(1, units // 10)),
    )


@dataclass(frozen=True)
class BenchScale:
    """What one ``--scale`` measures.

    ``ledgers``: rows of the single-file ledgers measured side by side (drawn from
    ``city``'s units); ``city``: the city whose one-unit files are imported together and one
    by one (and which the dashboard benchmark uses); ``growth_rows`` / ``growth_units``:
    the points of the growth curves.
    """

    name: str
    ledgers: tuple[int, ...]
    city: Scale
    growth_rows: tuple[int, ...]
    growth_units: tuple[Scale, ...]


BENCH_SCALES: dict[str, BenchScale] = {
    "tiny": BenchScale(
        "tiny",
        ledgers=(1_000, 4_000),
        city=units_scale(60, years=2),
        growth_rows=(1_000, 4_000),
        growth_units=(units_scale(20, years=2), units_scale(60, years=2)),
    ),
    "small": BenchScale(
        "small",
        ledgers=(10_000, 100_000),
        city=units_scale(1_000),
        growth_rows=(10_000, 100_000),
        growth_units=(units_scale(100), units_scale(1_000)),
    ),
    "city": BenchScale(
        "city",
        ledgers=(100_000, 1_000_000),
        city=CITY,
        growth_rows=(10_000, 100_000, 1_000_000),
        growth_units=(units_scale(100), units_scale(1_000), CITY),
    ),
}
assert units_scale(10_000) == CITY  # the growth curve's last point is the city itself
