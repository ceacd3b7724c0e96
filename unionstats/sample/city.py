"""A made-up city (``Scale``; ``CITY``: 10,000 grassroots units under 50 街道总工会, 5 years).

The same facts and office layouts as the sample district at a size of ``Scale``'s choosing:
a workbook per 街道 and year of dues and welfare, membership per 街道, one-unit welfare
ledgers, the registry, competitions and finance. It has no planted problems and is written
in openpyxl's write-only mode, straight to disk.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from unionstats.sample.competitions import add_competitions, city_competition_facts
from unionstats.sample.dues import DuesFact, dues_facts, dues_table
from unionstats.sample.finance import add_statements, add_unit_statements, parent_finance, unit_finance
from unionstats.sample.membership import MembershipFacts, membership_facts, membership_table
from unionstats.sample.names import (
    CITY_UNION,
    DEFAULT_SEED,
    PLACES,
    SEED_YEAR,
    CityUnitNames,
    SampleUnit,
    seeded_rng,
    units_by_parent,
)
from unionstats.sample.registry import add_units, unit_year_facts
from unionstats.sample.sheets import CityFiles, years_text
from unionstats.sample.welfare import (
    DATE_WEIGHTS,
    WelfareFact,
    one_unit_welfare_file,
    one_unit_welfare_table,
    welfare_facts,
    welfare_kind,
    welfare_rate,
    welfare_rows,
    welfare_table,
)


@dataclass(frozen=True)
class Scale:
    """The size of a made-up city for ``write_sample`` (None there: the sample district).

    ``units`` grassroots units (about one in six without a union in the last year) spread over
    ``parents`` 街道总工会; ``years`` consecutive years ending with ``last_year`` (at
    least 2: the registry's last year is a CSV of its own); ``welfare_rows`` rows of
    welfare ledger over all units and years, met on average (each unit-year's rows are
    drawn), of which ``one_unit_files`` unit-years are in ledgers of their own;
    ``finance_units`` units send a 万元 statement for the last year.
    """

    units: int
    parents: int
    years: int
    welfare_rows: int = 500_000
    one_unit_files: int = 200
    finance_units: int = 20
    last_year: int = SEED_YEAR

    def __post_init__(self) -> None:
        if not 1 <= self.parents <= self.units or self.years < 2 or self.one_unit_files < 0:
            raise ValueError(f"a city needs 1 ≤ parents ≤ units and years ≥ 2: {self}")
        if self.parents > len(PLACES):
            raise ValueError(f"at most {len(PLACES)} parents: {self}")

    @property
    def year_range(self) -> tuple[int, ...]:
        return tuple(range(self.last_year - self.years + 1, self.last_year + 1))

    @property
    def key(self) -> str:
        """A short name for file and folder names: u10000-p50-y5-w500000-f200-x20-2024."""
        return (
            f"u{self.units}-p{self.parents}-y{self.years}-w{self.welfare_rows}"
            f"-f{self.one_unit_files}-x{self.finance_units}-{self.last_year}"
        )


CITY = Scale(units=10_000, parents=50, years=5, welfare_rows=500_000, one_unit_files=200)


@dataclass(frozen=True)
class _UnitType:
    """How a city's units of one type look: their ``share`` of the units, headcount
    around ``employees`` (log-normal with ``spread``), shares of women and 农民工, the
    average monthly wage (元) and the years their unions were founded."""

    name: str
    share: float
    employees: int
    spread: float
    female: tuple[float, float]
    migrant: tuple[float, float]
    wage: tuple[int, int]
    founded: tuple[int, int]


# A founding year drawn past the city's last year is a firm that sets up its union later:
# 未建 in every year of the registry, like the firms with no union at all.
CITY_UNIT_TYPES: tuple[_UnitType, ...] = (
    _UnitType("非公企业", 0.62, 60, 0.9, (0.10, 0.85), (0.20, 0.90), (4300, 15000), (2003, 2030)),
    _UnitType("企业", 0.14, 260, 0.8, (0.10, 0.60), (0.05, 0.60), (5500, 11000), (1990, 2015)),
    _UnitType("学校", 0.10, 80, 0.5, (0.55, 0.92), (0.0, 0.0), (6500, 10000), (1988, 2010)),
    _UnitType("医院", 0.04, 220, 0.8, (0.60, 0.80), (0.0, 0.03), (7500, 13000), (1988, 2010)),
    _UnitType("机关事业", 0.05, 55, 0.4, (0.40, 0.55), (0.0, 0.0), (8000, 10500), (1988, 2000)),
    _UnitType("社区", 0.05, 20, 0.3, (0.60, 0.85), (0.0, 0.0), (4800, 6000), (2000, 2015)),
)
NO_UNION_SHARE = 0.06  # of 非公企业: firms without a union yet keep 建会率 under 100%


def city_units(seed: int, scale: Scale) -> tuple[SampleUnit, ...]:
    """The city's units, 街道 by 街道; each 街道 opens with its own 机关工会."""
    rng = seeded_rng(seed, "city-units")
    names = CityUnitNames(rng)
    offices = next(t for t in CITY_UNIT_TYPES if t.name == "机关事业")
    weights = [t.share for t in CITY_UNIT_TYPES]
    units = []
    for index, place in enumerate(PLACES[: scale.parents]):
        parent = f"{place}街道总工会"
        count = scale.units // scale.parents + (index < scale.units % scale.parents)
        for number in range(count):
            kind = offices if number == 0 else rng.choices(CITY_UNIT_TYPES, weights)[0]
            name = f"{place}街道机关" if number == 0 else names.name(place, kind.name)
            union = not (kind.name == "非公企业" and rng.random() < NO_UNION_SHARE)
            employees = round(kind.employees * math.exp(rng.gauss(0, kind.spread)))
            units.append(
                SampleUnit(
                    name + "工会" if union else name,
                    parent,
                    kind.name,
                    max(8, min(20_000, employees)),
                    round(rng.uniform(*kind.female), 2),
                    round(rng.uniform(*kind.migrant), 2),
                    round(rng.uniform(*kind.wage), -2),
                    min(rng.randint(*kind.founded), scale.last_year + 1) if union else None,
                )
            )
    return tuple(units)


def _own_ledgers(seed: int, membership: MembershipFacts, units: Sequence[SampleUnit], count: int) -> set[tuple[str, int]]:
    """(unit, year) of the units that send that year's welfare ledger themselves, one
    year each, ``count`` different units."""
    rng = seeded_rng(seed, "welfare-own-ledgers")
    years_of: dict[str, list[int]] = {}
    for name, year in membership:
        years_of.setdefault(name, []).append(year)
    chosen = rng.sample([u.name for u in units if u.name in years_of], min(count, len(years_of)))
    return {(name, rng.choice(years_of[name])) for name in chosen}


def _add_city_parent(
    built: CityFiles,
    seed: int,
    parent: str,
    units: Sequence[SampleUnit],
    membership: MembershipFacts,
    years: Sequence[int],
    rate: float,
    own_ledgers: set[tuple[str, int]],
) -> tuple[list[DuesFact], list[WelfareFact]]:
    """One 街道's files: membership (a sheet a year, 小计 by unit type), dues and welfare
    (a workbook a year), and the welfare ledgers its units send themselves. Returns the
    街道's dues and welfare facts."""
    short = parent.removesuffix("总工会")

    rng = seeded_rng(seed, f"membership-layout:{parent}")
    groups = [(t.name, [u for u in units if u.unit_type == t.name]) for t in CITY_UNIT_TYPES]
    sheets = [
        (f"{year}年", membership_table(rng, membership, year, True, groups, parent, typed=max(4, len(units) // 25)))
        for year in years
    ]
    built.add_tables(f"{short}会员统计表（{years_text(years)}）.xlsx", sheets, "membership")

    dues = dues_facts(seed, membership, units, years, topic=f"dues:{parent}")
    rng = seeded_rng(seed, f"dues-layout:{parent}")
    for year in years:
        of_year = [d for d in dues if d.year == year]
        table = dues_table(rng, of_year, year, filed_by=parent, typed=5 + len(of_year) // 200)
        built.add_tables(f"{year}年度{short}工会经费收缴台账.xlsx", [(f"{year}年", table)], "dues")

    welfare = welfare_facts(seed, membership, units, years, topic=f"welfare:{parent}", rate=rate)
    rng = seeded_rng(seed, f"welfare-layout:{parent}")
    for year in years:
        of_year = [w for w in welfare if w.when.year == year and (w.unit, year) not in own_ledgers]
        kind = welfare_kind(year)
        rows = welfare_rows(rng, of_year, DATE_WEIGHTS[kind])
        table = welfare_table(f"{year}年帮扶慰问台账（{short}）", parent, kind, rows, with_total=True)
        built.add_tables(f"{year}年{short}帮扶慰问台账.xlsx", [("慰问台账", table)], "welfare")
    for unit in units:
        for year in years:
            if (unit.name, year) in own_ledgers:
                facts = [w for w in welfare if w.unit == unit.name and w.when.year == year]
                table = one_unit_welfare_table(rng, facts, unit.name, year)
                built.add_tables(one_unit_welfare_file(unit.name, year), [("Sheet1", table)], "welfare")
    return dues, welfare


@dataclass
class CitySample:
    """What ``write_city`` wrote: its files and the figures they add up to.

    ``files``: one {"file", "kind", "rows"} per file, ``rows`` the data rows the importer
    should store. ``totals``: units, parents, unions (units with a union in the last
    year), welfare_rows / welfare_amount (元) / welfare_count (人次), dues_rows /
    dues_due / dues_paid (元), members_<year> and employees_<year>.
    ``own_ledgers``: the one-unit welfare ledgers.
    """

    paths: list[Path]
    files: list[dict]
    totals: dict[str, float]
    own_ledgers: list[Path]


@dataclass(frozen=True)
class _ParentJob:
    """One 街道's share of ``write_city``: everything its files need, so that a worker
    process can write them."""

    out_dir: Path
    seed: int
    parent: str
    units: tuple[SampleUnit, ...]
    membership: MembershipFacts
    years: tuple[int, ...]
    rate: float
    own_ledgers: frozenset[tuple[str, int]]
    finance_units: frozenset[str]


def _write_parent(job: _ParentJob) -> tuple[list[dict], dict[str, float], list[DuesFact], list[WelfareFact]]:
    """Write one 街道's files; returns their manifest, the sums of its dues and welfare,
    and the last year's dues and welfare of its units that send a finance statement."""
    built = CityFiles([], [], out_dir=job.out_dir)
    dues, welfare = _add_city_parent(
        built, job.seed, job.parent, job.units, job.membership, job.years, job.rate, set(job.own_ledgers)
    )
    sums = {
        "welfare_rows": len(welfare),
        "welfare_amount": sum(w.amount for w in welfare),
        "welfare_count": sum(w.count for w in welfare),
        "dues_rows": len(dues),
        "dues_due": sum(d.due for d in dues),
        "dues_paid": sum(d.paid for d in dues),
    }
    last = job.years[-1]
    return (
        built.manifest,
        sums,
        [d for d in dues if d.unit in job.finance_units and d.year == last],
        [w for w in welfare if w.unit in job.finance_units and w.when.year == last],
    )


def write_city(out_dir: Path, seed: int = DEFAULT_SEED, scale: Scale = CITY, workers: int = 1) -> CitySample:
    """Write a made-up city of ``scale`` into ``out_dir`` (created if missing).

    Per 街道: membership (a sheet a year), dues and welfare (a workbook a year);
    ``scale.one_unit_files`` one-unit welfare ledgers, apart from their 街道's (no two
    ledger files share a unit and a period, contract §2); the registry, competitions,
    each 街道's finance statements and a few units' in 万元. ``workers`` > 1 writes the
    街道 in that many processes. Same seed and scale, same bytes, whatever ``workers``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    years = scale.year_range
    units = city_units(seed, scale)
    membership = membership_facts(seed, units, years)
    rate = welfare_rate(membership, units, years, scale.welfare_rows)
    own_ledgers = frozenset(_own_ledgers(seed, membership, units, scale.one_unit_files))
    last = years[-1]
    biggest = sorted((u for u in units if (u.name, last) in membership), key=lambda u: -u.employees)
    finance_units = [u.name for u in biggest[: scale.finance_units]]

    jobs = [
        _ParentJob(
            out_dir,
            seed,
            parent,
            tuple(members),
            {key: figures for key, figures in membership.items() if key[0] in {u.name for u in members}},
            years,
            rate,
            own_ledgers,
            frozenset(finance_units),
        )
        for parent, members in units_by_parent(units).items()
    ]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_write_parent, jobs))
    else:
        results = [_write_parent(job) for job in jobs]

    manifest: list[dict] = []
    totals: dict[str, float] = {"units": len(units), "parents": scale.parents}
    totals["unions"] = sum((u.name, last) in membership for u in units)
    finance_dues: list[DuesFact] = []
    finance_welfare: list[WelfareFact] = []
    for files, sums, dues, welfare in results:
        manifest += files
        for key, value in sums.items():
            totals[key] = totals.get(key, 0) + value
        finance_dues += dues
        finance_welfare += welfare
    for year in years:
        totals[f"members_{year}"] = sum(f["members"] for (_, y), f in membership.items() if y == year)
        totals[f"employees_{year}"] = sum(f["employees"] for (_, y), f in membership.items() if y == year)

    built = CityFiles([], [], out_dir=out_dir)
    add_competitions(built, seed, city_competition_facts(seed, membership, units, years), CITY_UNION, years)
    add_units(built, seed, unit_year_facts(seed, units, years), CITY_UNION, years)
    for job in jobs:
        add_statements(built, seed, job.parent, parent_finance(seed, job.parent, years), topic=f"finance-layout:{job.parent}")
    add_unit_statements(built, unit_finance(seed, finance_dues, finance_welfare, last, finance_units), last)
    manifest += built.manifest

    own = [out_dir / one_unit_welfare_file(unit, year) for unit, year in sorted(own_ledgers)]
    return CitySample([out_dir / entry["file"] for entry in manifest], manifest, totals, own)
