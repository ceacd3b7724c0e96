"""Dues (经费收缴台账): each unit's monthly 应缴 and 实缴 of 工会经费 and 会费, and the
year's ledger as a clerk keeps it."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from unionstats.rules.dues import MEMBER_DUES, UNION_FUNDS, UNION_FUNDS_RATE
from unionstats.sample.membership import MembershipFacts
from unionstats.sample.mess import column_sum, type_some_as_text
from unionstats.sample.names import DISTRICT, UNITS, YEARS, SampleUnit, seeded_rng
from unionstats.sample.sheets import SIGNATURE, Table, layout_year_for

# Assumptions of the made-up figures (not rules of the product).
MEMBER_DUES_RATE = 0.005  # 会费: 0.5% of a member's wage
WAGE_GROWTH = 0.05  # a year
REMITTED_SHARE = 0.4  # of 工会经费 paid, passed up (上解)
RETAINED_SHARE = 1 - REMITTED_SHARE


@dataclass(frozen=True, slots=True)  # slots: a city holds a million of them
class DuesFact:
    unit: str
    year: int
    month: int
    fund_type: str
    due: float  # 元
    paid: float  # 元


def dues_facts(
    seed: int,
    membership: MembershipFacts,
    units: Sequence[SampleUnit] = UNITS,
    years: Sequence[int] = YEARS,
    topic: str = "dues",
) -> list[DuesFact]:
    """Monthly 应缴/实缴 of 工会经费 (2% of wages) and 会费; 收缴率 about 70–110% a year.

    ``topic`` names the random stream: a city draws each 街道's units from its own.
    """
    rng = seeded_rng(seed, topic)
    facts = []
    for unit in units:
        for year in years:
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            wage = unit.wage * (1 + WAGE_GROWTH) ** (year - years[0])
            for fund_type in (UNION_FUNDS, MEMBER_DUES):
                collection = rng.uniform(0.80, 1.10)
                for month in range(1, 13):
                    if fund_type == UNION_FUNDS:
                        bonus = 1.5 if month == 12 else 1.0  # 年终奖 raises December's wage bill
                        due = figures["employees"] * wage * bonus * rng.uniform(0.97, 1.03) * UNION_FUNDS_RATE
                    else:
                        due = figures["members"] * wage * MEMBER_DUES_RATE
                    due = round(due, 2)
                    if rng.random() < 0.03:
                        paid = 0.0  # a month not paid at all
                    else:
                        # never more than 1.15 × 应缴: over 1.2 would be a warning (contract §2)
                        paid = round(due * min(1.15, collection * rng.uniform(0.94, 1.06)), 2)
                    facts.append(DuesFact(unit.name, year, month, fund_type, due, paid))
    return facts


# year → header; the 经费类别 words that year
DUES_HEADERS: dict[int, tuple[str, ...]] = {
    2019: ("序号", "单位名称", "月份", "类别", "应缴经费", "实缴经费"),
    2020: ("序号", "基层工会", "所属期", "经费类型", "应拨缴金额", "实拨缴金额"),
    2021: ("序号", "单位", "月份", "经费类别", "应缴金额（元）", "实缴金额（元）"),
    2022: ("序号", "工会名称", "缴费月份", "经费类别", "应缴数", "实缴数"),
    2023: ("序号", "单位名称", "月份", "经费类别", "应收金额", "到账金额"),
    2024: ("序号", "单位", "月份", "经费类别", "应缴金额", "实缴金额", "上解金额"),
}
FUND_WORDS: dict[int, dict[str, str]] = {2019: {UNION_FUNDS: "2%经费", MEMBER_DUES: "会费"}}
DUES_WIDTHS = (6, 30, 8, 10, 14, 14, 14)


def dues_table(
    rng: random.Random,
    facts: list[DuesFact],
    year: int,
    off_by: float = 0.0,
    filed_by: str = DISTRICT,
    typed: int = 5,
) -> Table:
    """The year's 经费收缴台账 of ``filed_by``; ``typed`` amounts are typed as text."""
    layout_year = layout_year_for(DUES_HEADERS, year)
    header = DUES_HEADERS[layout_year]
    words = FUND_WORDS.get(layout_year, {})
    with_remitted = "上解金额" in header
    if layout_year == 2023:  # this year's clerk kept the ledger month by month
        parent_of = {unit.name: unit.parent for unit in UNITS}
        facts = sorted(facts, key=lambda d: (d.month, parent_of.get(d.unit, filed_by), d.unit))
    rows: list[list | None] = []
    for number, fact in enumerate(facts, start=1):
        row = [number, fact.unit, f"{fact.month}月", words.get(fact.fund_type, fact.fund_type), fact.due, fact.paid]
        if with_remitted:
            row.append(round(fact.paid * REMITTED_SHARE, 2) if fact.fund_type == UNION_FUNDS else 0.0)
        rows.append(row)
    total = [None, "合计", None, None, round(column_sum(rows, 4), 2), round(column_sum(rows, 5) + off_by, 2)]
    if with_remitted:
        total.append(round(column_sum(rows, 6), 2))
    type_some_as_text(rng, rows, range(4, 6), typed, "元")
    if layout_year == 2020:
        rows.insert(len(rows) // 2, None)
    rows.append(total)
    return Table(
        title=f"{year}年度工会经费收缴台账",  # the year lives only here: 月份 says "5月" (contract §3.2)
        lines=(f"填报单位:{filed_by}  单位:元",),
        header=header,
        rows=rows,
        footer=(SIGNATURE,),
        widths=DUES_WIDTHS,
        gap_before_header=layout_year == 2022,
    )
