"""Finance (经费收支决算表): a union's yearly statements — the district's and each 街道's in
元, a few units' in 万元 tied to their dues and welfare."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from unionstats.rules.dues import MEMBER_DUES, UNION_FUNDS
from unionstats.sample.dues import RETAINED_SHARE, DuesFact
from unionstats.sample.mess import type_some_as_text
from unionstats.sample.names import HOSPITAL, HUAXIN, TIANCHENG, YEARS, seeded_rng
from unionstats.sample.sheets import BuiltFiles, Table, years_text
from unionstats.sample.welfare import WelfareFact


@dataclass(frozen=True)
class FinanceLine:
    """One line of a 收支决算表; ``role`` is data, total (收入合计/支出合计) or balance."""

    account: str
    budget: float | None
    actual: float
    flow: str | None
    role: str


def _statement(
    opening: float, income: list[tuple[str, float, float]], expense: list[tuple[str, float, float]], digits: int
) -> list[FinanceLine]:
    """The lines of one statement; 上年结余 + 收入 − 支出 = 本年结余 holds by construction."""
    lines = [FinanceLine("上年结余", None, opening, None, "balance")]
    for flow, rows in (("收入", income), ("支出", expense)):
        lines += [FinanceLine(name, budget, actual, flow, "data") for name, budget, actual in rows]
        lines.append(
            FinanceLine(
                f"{flow}合计",
                round(sum(b for _, b, _ in rows), digits),
                round(sum(a for _, _, a in rows), digits),
                None,
                "total",
            )
        )
    closing = round(opening + sum(a for _, _, a in income) - sum(a for _, _, a in expense), digits)
    lines.append(FinanceLine("本年结余", None, closing, None, "balance"))
    return lines


# (account as written, low, high) in 元 a year; names without a code are on purpose (§3.6)
DISTRICT_INCOME = (
    ("402 拨缴经费收入", 2_100_000, 2_700_000),
    ("403 上级补助收入", 450_000, 800_000),
    ("政府补助收入", 300_000, 500_000),
    ("408 其他收入", 12_000, 30_000),
)
DISTRICT_EXPENSE = (
    ("501 职工活动支出", 1_000_000, 1_350_000),
    ("502 维权支出", 700_000, 950_000),
    ("503 业务支出", 320_000, 480_000),
    ("504 行政支出", 220_000, 300_000),
    ("资本性支出", 0, 180_000),
    ("506 补助下级支出", 450_000, 650_000),
    ("508 其他支出", 5_000, 25_000),
)
FINANCE_UNITS = (HUAXIN, HOSPITAL, TIANCHENG, "鑫源纺织有限公司工会", "示范区第二中学工会", "博远软件科技有限公司工会")


def district_finance(
    seed: int, years: Sequence[int] = YEARS, topic: str = "finance-district", opening: float = 1_862_450.37
) -> dict[int, list[FinanceLine]]:
    """示范区总工会's statement per year, in 元 with fen; each year opens with last year's closing.

    A city draws each 街道总工会's statements from a ``topic`` of its own.
    """
    rng = seeded_rng(seed, topic)
    statements = {}
    for year in years:
        income = [(name, round(rng.uniform(low, high), 2)) for name, low, high in DISTRICT_INCOME]
        expense = [(name, round(rng.uniform(low, high), 2)) for name, low, high in DISTRICT_EXPENSE]
        statements[year] = _statement(opening, _with_budget(rng, income), _with_budget(rng, expense), 2)
        opening = statements[year][-1].actual
    return statements


def _with_budget(rng: random.Random, rows: list[tuple[str, float]]) -> list[tuple[str, float, float]]:
    """(account, actual) → (account, budget, actual); budgets are round thousands near the actual."""
    return [(name, round(actual * rng.uniform(0.9, 1.1), -3), actual) for name, actual in rows]


def unit_finance(
    seed: int, dues: list[DuesFact], welfare: list[WelfareFact], year: int, units: Sequence[str] = FINANCE_UNITS
) -> dict[str, list[FinanceLine]]:
    """A few units' statements for ``year`` in whole 元, tied to their dues and welfare."""
    rng = seeded_rng(seed, "finance-units")
    statements = {}
    for unit in units:
        paid = {
            f: sum(d.paid for d in dues if (d.unit, d.year, d.fund_type) == (unit, year, f)) for f in (UNION_FUNDS, MEMBER_DUES)
        }
        welfare_total = sum(w.amount for w in welfare if w.unit == unit and w.when.year == year)
        income = [
            ("401 会费收入", round(paid[MEMBER_DUES])),
            ("402 拨缴经费收入", round(paid[UNION_FUNDS] * RETAINED_SHARE)),
            ("405 行政补助收入", round(rng.uniform(0.05, 0.15) * paid[UNION_FUNDS], -2)),
            ("408 其他收入", rng.randint(300, 3000)),
        ]
        total_income = sum(a for _, a in income)
        opening = round(total_income * rng.uniform(0.1, 0.4))
        expense = [
            ("502 维权支出", welfare_total + rng.randint(2000, 8000)),  # 帮扶慰问 plus 法律援助 and the like
            ("503 业务支出", round(total_income * rng.uniform(0.05, 0.1))),
            ("508 其他支出", rng.randint(500, 5000)),
        ]
        activities = round((opening + total_income - sum(a for _, a in expense)) * rng.uniform(0.7, 0.95))
        expense.insert(0, ("501 职工活动支出", activities))
        statements[unit] = _statement(opening, _with_budget(rng, income), _with_budget(rng, expense), 0)
    return statements


def _finance_rows(
    lines: list[FinanceLine], year: int, with_flow: bool, scale: float, digits: int, unit: str | None
) -> list[list | None]:
    """Rows of a statement; a 合计 row leaves 单位 blank so 收入合计 is its first text cell."""
    rows: list[list | None] = []
    number = 0
    for line in lines:
        budget = None if line.budget is None else round(line.budget / scale, digits)
        actual = round(line.actual / scale, digits)
        if line.role == "data":
            number += 1
        lead = [number] if line.role == "data" else [None]
        if unit is not None:
            lead.append(None if line.role == "total" else unit)
        row = lead + [line.account, year if line.role != "total" else None, budget, actual]
        if with_flow:
            row.append(line.flow)
        rows.append(row)
    return rows


def add_statements(
    built: BuiltFiles, seed: int, filed_by: str, statements: dict[int, list[FinanceLine]], topic: str = "finance-layout"
) -> None:
    """A union's own statements, a sheet a year: no 单位 column, the unit on the 填报单位 line."""
    rng = seeded_rng(seed, topic)
    sheets = []
    for year, lines in statements.items():
        with_flow = year >= 2022
        header = ("序号", "科目", "年度", "预算数", "决算数") + (("收支类型",) if with_flow else ())
        rows = _finance_rows(lines, year, with_flow, 1, 2, None)
        type_some_as_text(rng, rows, range(3, 5), 2, "元")
        table = Table(
            title=f"{filed_by}{year}年度经费收支决算表",
            lines=(f"填报单位:{filed_by}  单位:元",),
            header=header,
            rows=rows,
            footer=("单位负责人:王建华  财务负责人:孙敏  制表人:赵琳",),
            widths=(6, 22, 8, 16, 16, 10),
        )
        sheets.append((f"{year}年", table))
    built.add_tables(f"{filed_by}经费收支决算表（{years_text(list(statements))}）.xlsx", sheets, "finance")


def add_unit_statements(built: BuiltFiles, units: dict[str, list[FinanceLine]], year: int) -> None:
    """A few units' statements in 万元: the header says so, the importer multiplies by 10,000."""
    sheets = []
    for unit, lines in units.items():
        table = Table(
            title=f"{year}年度基层工会经费收支决算表",
            lines=("单位:万元",),
            header=("序号", "单位", "科目名称", "年度", "预算数(万元)", "决算数(万元)"),
            rows=_finance_rows(lines, year, False, 10_000, 4, unit),
            footer=("单位负责人:  财务负责人:  制表人:",),
            widths=(6, 30, 20, 8, 14, 14),
        )
        sheets.append((unit.removesuffix("工会").removesuffix("有限公司")[:10], table))
    built.add_tables(f"{year}年基层工会经费收支决算表（万元）.xlsx", sheets, "finance")


def parent_finance(seed: int, parent: str, years: Sequence[int]) -> dict[int, list[FinanceLine]]:
    """A 街道总工会's statements: the district's accounts, opening high enough that no
    year closes below zero (a negative 结余 would be read as a 红字 correction)."""
    opening = round(seeded_rng(seed, f"finance-opening:{parent}").uniform(1_000_000, 3_000_000), 2)
    while True:
        statements = district_finance(seed, years, topic=f"finance:{parent}", opening=opening)
        lowest = min(lines[-1].actual for lines in statements.values())
        if lowest > 0:
            return statements
        opening = round(opening - lowest + 100_000, 2)
