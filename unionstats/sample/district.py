"""The sample district: the spreadsheets a fictional 示范区总工会 collects (contract §3).

``write_sample`` writes six years (2019–2024) of every kind for one district — three
街道总工会 and their grassroots unions — the way offices write them: title and 填报单位
lines, merged two-row headers, 合计 and 小计 rows, blank rows, numbers typed as text
(``1,234``, ``１２３``, ``500元``), mixed date forms, a legacy .xls and a GB18030 .csv. The
same seed always gives the same bytes.

The files are cut so that nothing overlaps: each (unit, period) of an aggregate kind is in
one file only, and no two ledger files share a unit and a period (contract §2).

A few rows are wrong on purpose, so an import shows rejections and warnings;
``planted_problems`` lists them with file, sheet and Excel row. Everything else is meant
to import clean.
"""

from __future__ import annotations

from pathlib import Path

from unionstats.ingest.model import REJECTED, WARNING
from unionstats.rules.dues import UNION_FUNDS
from unionstats.sample.activities import activity_facts, add_activities
from unionstats.sample.city import Scale, write_city
from unionstats.sample.competitions import add_competitions, district_competition_facts
from unionstats.sample.dues import DuesFact, dues_facts, dues_table
from unionstats.sample.finance import FinanceLine, add_statements, add_unit_statements, district_finance, unit_finance
from unionstats.sample.membership import MembershipFacts, membership_facts, membership_table
from unionstats.sample.mess import column_sum
from unionstats.sample.names import (
    DEFAULT_SEED,
    DISTRICT,
    EAST,
    SEED_UNIT,
    SEED_YEAR,
    SOUTH,
    STREET_SHORT,
    STREETS,
    UNIT_BY_NAME,
    WEST,
    YEARS,
    seeded_rng,
)
from unionstats.sample.registry import add_units, unit_year_facts
from unionstats.sample.roster import add_rosters
from unionstats.sample.sheets import BuiltFiles, PlantedProblem, Table, legacy_xls, new_workbook, put_table
from unionstats.sample.welfare import (
    AMOUNT_COLUMN,
    COUNT_COLUMN,
    WelfareFact,
    one_unit_welfare_file,
    one_unit_welfare_table,
    welfare_facts,
    welfare_rows,
    welfare_table,
)


def write_sample(out_dir: Path, seed: int = DEFAULT_SEED, scale: Scale | None = None) -> list[Path]:
    """Write the sample files into ``out_dir`` (created if missing) and return their paths.

    ``scale`` None writes the sample district; a ``Scale`` writes a city of that size
    (see ``write_city``). The same seed and scale give the same bytes on every run.
    """
    if scale is not None:
        return write_city(out_dir, seed, scale).paths
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, payload in _build(seed).files:
        path = out_dir / name
        path.write_bytes(payload)
        paths.append(path)
    return paths


def planted_problems(seed: int = DEFAULT_SEED) -> list[PlantedProblem]:
    """The rows of the sample that are wrong on purpose, in file order."""
    return list(_build(seed).planted)


def _build(seed: int) -> BuiltFiles:
    membership = membership_facts(seed)
    dues = dues_facts(seed, membership)
    welfare = welfare_facts(seed, membership)
    built = BuiltFiles([], [])
    _add_membership(built, seed, membership)
    _add_dues(built, seed, dues)
    _add_welfare(built, seed, welfare)
    add_competitions(built, seed, district_competition_facts(seed, membership))
    add_units(built, seed, unit_year_facts(seed))
    _add_finance(built, seed, district_finance(seed), unit_finance(seed, dues, welfare, SEED_YEAR))
    add_activities(built, seed, activity_facts(seed))  # §3.8, after the rest: their bytes stay the same
    add_rosters(built, seed, membership)  # §3.7: a new file; every file above stays byte-identical
    return built


def _add_membership(built: BuiltFiles, seed: int, membership: MembershipFacts) -> None:
    rng = seeded_rng(seed, "membership-layout")
    built.files.append(("2019年会员统计表.xls", legacy_xls(membership_table(rng, membership, 2019, False), "2019年")))
    wb = new_workbook()
    for year in YEARS[1:]:
        # the latest year shows the street 小计 rows a district's table usually has
        put_table(wb.create_sheet(f"{year}年"), membership_table(rng, membership, year, street_subtotals=year == 2024))
    built.add_workbook("会员统计表（2020-2024年）.xlsx", wb)


DUES_OFF_YEAR, DUES_OFF_BY = 2021, 10_000.00  # the one 合计 that does not add up
DUES_FILE_2019_2022 = "工会经费收缴台账（2019-2022年）.xlsx"


def _add_dues(built: BuiltFiles, seed: int, dues: list[DuesFact]) -> None:
    rng = seeded_rng(seed, "dues-layout")
    wb = new_workbook()
    for year in (2019, 2020, 2021, 2022):
        sheet = f"{year}年"
        off_by = DUES_OFF_BY if year == DUES_OFF_YEAR else 0.0
        table = dues_table(rng, [d for d in dues if d.year == year], year, off_by)
        put_table(wb.create_sheet(sheet), table)
        if off_by:
            paid_column = 5
            built.plant(
                DUES_FILE_2019_2022,
                sheet,
                table,
                len(table.rows) - 1,
                paid_column,
                WARNING,
                f"合计行实缴金额比上面各行之和多{off_by:,.2f}元",
            )
    built.add_workbook(DUES_FILE_2019_2022, wb)

    wb = new_workbook()
    put_table(wb.create_sheet("2023年"), dues_table(rng, [d for d in dues if d.year == 2023], 2023))
    built.add_workbook("2023年度工会经费收缴台账.xlsx", wb)

    # the seed unit sends its own 2024 ledger (below), so the district's leaves it out
    wb = new_workbook()
    district_2024 = [d for d in dues if d.year == SEED_YEAR and d.unit != SEED_UNIT]
    put_table(wb.create_sheet("2024年"), dues_table(rng, district_2024, SEED_YEAR))
    built.add_workbook("2024年度工会经费收缴台账.xlsx", wb)

    # one unit's own ledger: no 单位 column, the unit is on the 填报单位 line (contract §3 yes*)
    own = sorted(
        (d for d in dues if (d.unit, d.year) == (SEED_UNIT, SEED_YEAR)), key=lambda d: (d.month, d.fund_type != UNION_FUNDS)
    )
    rows: list[list | None] = []
    for number, fact in enumerate(own, start=1):
        note = "含年终奖" if fact.month == 12 and fact.fund_type == UNION_FUNDS else ("当月未缴" if fact.paid == 0 else None)
        rows.append([number, f"{fact.month}月", fact.fund_type, fact.due, fact.paid, note])
    total = ["合计", None, None, round(column_sum(rows, 3), 2), round(column_sum(rows, 4), 2), None]
    rows.append(total)
    wb = new_workbook()
    put_table(
        wb.create_sheet("Sheet1"),
        Table(
            title=f"{SEED_YEAR}年度工会经费收缴台账",
            lines=(f"填报单位:{SEED_UNIT}  单位:元",),
            header=("序号", "月份", "经费类别", "应缴金额（元）", "实缴金额（元）", "备注"),
            rows=rows,
            footer=("填表人:周敏  审核人:吴强",),
            widths=(6, 8, 10, 16, 16, 12),
        ),
    )
    built.add_workbook(f"{SEED_UNIT}{SEED_YEAR}年经费收缴台账.xlsx", wb)


def _add_welfare(built: BuiltFiles, seed: int, welfare: list[WelfareFact]) -> None:
    rng = seeded_rng(seed, "welfare-layout")

    def of(year: int, street: str | None = None) -> list[WelfareFact]:
        return [
            w
            for w in welfare
            if w.when.year == year
            and (street is None or UNIT_BY_NAME[w.unit].parent == street)
            and (w.unit, year) != (SEED_UNIT, SEED_YEAR)
        ]

    file = "帮扶慰问台账（2019-2022年）.xlsx"
    wb = new_workbook()
    for year in (2019, 2020, 2021, 2022):
        sheet = f"{year}年"
        rows = welfare_rows(rng, of(year), (70, 20, 0, 10))
        spoiled = year == 2020
        if spoiled:
            index = len(rows) // 3
            rows[index][AMOUNT_COLUMN] = "暂缺"
        table = welfare_table(f"{year}年帮扶慰问台账", DISTRICT, "old", rows, with_total=not spoiled)
        put_table(wb.create_sheet(sheet), table)
        if spoiled:
            built.plant(file, sheet, table, index, AMOUNT_COLUMN, REJECTED, "金额写的是「暂缺」")
    built.add_workbook(file, wb)

    file = "2023年帮扶慰问台账.xlsx"
    wb = new_workbook()
    for street in STREETS:
        sheet = STREET_SHORT[street]
        rows = welfare_rows(rng, of(2023, street), (40, 25, 25, 10))
        spoiled = street == WEST
        if spoiled:
            missing, negative = len(rows) // 4, len(rows) // 2
            rows[missing][AMOUNT_COLUMN] = "暂缺"
            rows[negative][COUNT_COLUMN] = -1
        table = welfare_table(f"2023年帮扶慰问台账（{sheet}）", street, "2023", rows, with_total=not spoiled)
        put_table(wb.create_sheet(sheet), table)
        if spoiled:
            built.plant(file, sheet, table, missing, AMOUNT_COLUMN, REJECTED, "金额写的是「暂缺」")
            built.plant(file, sheet, table, negative, COUNT_COLUMN, REJECTED, "人次是负数(-1)")
    built.add_workbook(file, wb)

    for street in STREETS:
        short = STREET_SHORT[street]
        file = f"2024年{short}帮扶慰问台账.xlsx"
        facts = of(SEED_YEAR, street)
        planted = []
        if street == SOUTH:
            # a 住院 row entered twice, then taken back with a 红字冲销 row: stored, with a warning
            index = next(i for i, f in enumerate(facts) if "住院" in f.reason and f.amount <= 500)
            twice = facts[index]
            reversal = WelfareFact(
                twice.unit, twice.when, "冲销:重复登记住院慰问", twice.recipient, -twice.amount, 0, twice.source
            )
            facts = facts[: index + 1] + [twice, reversal] + facts[index + 1 :]
            planted.append((index + 2, AMOUNT_COLUMN, WARNING, f"金额为负数({-twice.amount}),红字冲销"))
        rows = welfare_rows(rng, facts, (40, 20, 40, 0))
        if street == SOUTH:
            rows[index + 2][AMOUNT_COLUMN] = -twice.amount  # the reversal is written as a plain number
        if street == EAST:
            index = len(rows) // 2
            rows[index][AMOUNT_COLUMN] = "暂缺"
            planted.append((index, AMOUNT_COLUMN, REJECTED, "金额写的是「暂缺」"))
        if street == WEST:
            index = len(rows) // 3
            rows[index][COUNT_COLUMN] = -2
            planted.append((index, COUNT_COLUMN, REJECTED, "人数是负数(-2)"))
        # a sheet with a rejected row has no 合计 row: which rows its figure adds is moot
        with_total = all(level == WARNING for _, _, level, _ in planted)
        table = welfare_table(f"{SEED_YEAR}年帮扶慰问台账（{short}）", street, "2024", rows, with_total)
        wb = new_workbook()
        put_table(wb.create_sheet("慰问台账"), table)
        for index, column, level, what in planted:
            built.plant(file, "慰问台账", table, index, column, level, what)
        built.add_workbook(file, wb)

    # the seed unit's own ledger: no 单位 column, the unit on the 填报单位 line
    seed_facts = [w for w in welfare if (w.unit, w.when.year) == (SEED_UNIT, SEED_YEAR)]
    wb = new_workbook()
    put_table(wb.create_sheet("Sheet1"), one_unit_welfare_table(rng, seed_facts, SEED_UNIT, SEED_YEAR))
    built.add_workbook(one_unit_welfare_file(SEED_UNIT, SEED_YEAR), wb)


def _add_finance(
    built: BuiltFiles, seed: int, district: dict[int, list[FinanceLine]], units: dict[str, list[FinanceLine]]
) -> None:
    add_statements(built, seed, DISTRICT, district)
    add_unit_statements(built, units, SEED_YEAR)
