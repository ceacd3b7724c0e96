"""Membership (会员统计表): each unit's yearly counts of employees and members, and the
year's table, whose layout drifts a little every year as in real offices."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from unionstats.sample.mess import column_sum, type_some_as_text
from unionstats.sample.names import DISTRICT, STREET_SHORT, STREETS, UNITS, YEARS, SampleUnit, seeded_rng, units_of
from unionstats.sample.sheets import SIGNATURE, Table, layout_year_for

MembershipFacts = dict[tuple[str, int], dict[str, int]]


def membership_facts(seed: int, units: Sequence[SampleUnit] = UNITS, years: Sequence[int] = YEARS) -> MembershipFacts:
    """(unit, year) → the year's figures by field id of ``rules/columns.py``."""
    rng = seeded_rng(seed, "membership")
    facts: MembershipFacts = {}
    for unit in units:
        if unit.founded is None:
            continue
        first_year = max(years[0], unit.founded)
        new_union = unit.founded >= years[0]
        rate = rng.uniform(0.85, 0.88) if new_union else rng.uniform(0.86, 0.95)
        rate_step = rng.uniform(0.004, 0.012)
        growth = rng.uniform(-0.015, 0.04)
        realname, realname_step = rng.uniform(0.40, 0.60), rng.uniform(0.06, 0.10)
        insured, checkup, turnover = rng.uniform(0.55, 0.85), rng.uniform(0.72, 0.95), rng.uniform(0.03, 0.08)
        employees, previous_members = unit.employees, None
        for year in years:
            if year < first_year:
                continue
            step = year - first_year
            if step:
                employees = max(12, round(employees * (1 + growth + rng.uniform(-0.02, 0.02))))
            share = min(1.0, rate + rate_step * step + rng.uniform(-0.004, 0.004))
            members = min(employees, round(employees * share))
            female_employees = min(employees, round(employees * unit.female_share * rng.uniform(0.97, 1.03)))
            female_members = min(female_employees, members, round(female_employees * min(1.0, share + rng.uniform(0, 0.02))))
            migrants = min(employees, round(employees * unit.migrant_share * rng.uniform(0.95, 1.05)))
            migrant_members = min(migrants, members, round(migrants * max(0.0, share - rng.uniform(0.01, 0.05))))
            if previous_members is None:
                new_members = members if new_union else round(members * turnover)
            else:
                new_members = max(0, members - previous_members) + round(members * turnover * rng.uniform(0.7, 1.3))
            year_index = year - years[0]
            facts[(unit.name, year)] = {
                "employees": employees,
                "female_employees": female_employees,
                "members": members,
                "female_members": female_members,
                "migrant_workers": migrants,
                "migrant_members": migrant_members,
                "new_members": new_members,
                "realname_members": min(members, round(members * min(0.98, realname + realname_step * year_index))),
                "insured_members": min(members, round(members * min(0.95, insured + 0.02 * year_index))),
                "checkup_count": min(employees, round(employees * checkup * rng.uniform(0.96, 1.03))),
            }
            previous_members = members
    return facts


MEMBERSHIP_FIELDS = (
    "employees",
    "female_employees",
    "members",
    "female_members",
    "migrant_workers",
    "migrant_members",
    "new_members",
    "realname_members",
    "insured_members",
    "checkup_count",
)


@dataclass(frozen=True)
class _MembershipLayout:
    unit: str
    parent: str
    period: str
    employee_children: tuple[str, str]  # under 职工人数: 合计 | 其中女
    member_children: tuple[str, str]  # under 会员人数
    singles: tuple[str, ...]  # the six other counts, in MEMBERSHIP_FIELDS order
    period_cell: str  # how the year is written, "{y}" → an int
    no_migrants: object  # what a unit without 农民工 writes


# One layout per year: the same table drifts a little every year, as in real offices.
MEMBERSHIP_LAYOUTS: dict[int, _MembershipLayout] = {
    2019: _MembershipLayout(
        "单位名称",
        "上级工会",
        "年度",
        ("合计", "其中女"),
        ("合计", "女"),
        ("农民工人数", "农民工会员人数", "新发展会员人数", "实名制录入人数", "互助保障参保人数", "体检人数"),
        "{y}",
        0,
    ),
    2020: _MembershipLayout(
        "单　位",
        "所属工会",
        "年份",
        ("合计", "其中:女"),
        ("合计", "其中:女"),
        ("农民工数", "农民工会员数", "新入会人数", "实名制人数", "参保人数", "健康体检人数"),
        "{y}年",
        "—",
    ),
    2021: _MembershipLayout(
        "基层工会",
        "上级工会",
        "统计年度",
        ("合计", "女性"),
        ("合计", "女性"),
        ("农民工人数(人)", "农民工会员人数(人)", "新发展会员\n人数", "实名制录入人数", "互助保障\n参保人数", "体检人数（人）"),
        "{y}",
        None,
    ),
    2022: _MembershipLayout(
        "单位名称",
        "上级单位",
        "年度",
        ("合计", "其中女"),
        ("合计", "女"),
        ("农民工人数", "农民工会员人数", "新发展会员人数", "实名制录入人数", "互助保障参保人数", "体检人数"),
        "{y}年度",
        "/",
    ),
    2023: _MembershipLayout(
        "工会名称",
        "主管工会",
        "年度",
        ("合计", "其中女"),
        ("合计", "其中女"),
        ("农民工职工人数", "农民工会员人数", "新增会员", "已录入人数", "互助保障人数", "健康体检人数"),
        "{y}",
        0,
    ),
    2024: _MembershipLayout(
        "单位",
        "上级工会",
        "年度",
        ("合计", "其中女"),
        ("合计", "女"),
        ("农民工人数", "农民工会员人数", "新发展会员人数", "实名制录入人数", "互助保障参保人数", "体检人数"),
        "{y}",
        "—",
    ),
}
MEMBERSHIP_WIDTHS = (6, 30, 18, 10) + (10,) * 10


def membership_table(
    rng: random.Random,
    membership: MembershipFacts,
    year: int,
    street_subtotals: bool,
    groups: Sequence[tuple[str, Sequence[SampleUnit]]] | None = None,
    filed_by: str = DISTRICT,
    typed: int = 4,
) -> Table:
    """The year's 会员统计表: units by group, each group closed by a 小计 row when
    ``street_subtotals``; ``groups`` are (小计 label, units), by default the sample's
    streets; ``typed`` counts are typed as text."""
    layout = MEMBERSHIP_LAYOUTS[layout_year_for(MEMBERSHIP_LAYOUTS, year)]
    if groups is None:
        groups = [(STREET_SHORT[street], units_of(street)) for street in STREETS]
    header = (
        "序号",
        layout.unit,
        layout.parent,
        layout.period,
        ("职工人数", layout.employee_children),
        ("会员人数", layout.member_children),
        *layout.singles,
    )
    period = year if layout.period_cell == "{y}" else layout.period_cell.format(y=year)
    first_count = 4
    rows: list[list | None] = []
    number = 0
    for label, units in groups:
        street_rows = []
        for unit in units:
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            number += 1
            counts = [figures[f] for f in MEMBERSHIP_FIELDS]
            if unit.migrant_share == 0:
                counts[4] = counts[5] = layout.no_migrants
            street_rows.append([number, unit.name, unit.parent, period, *counts])
        rows += street_rows
        if street_subtotals and street_rows:
            rows.append(
                [
                    None,
                    f"{label}小计",
                    None,
                    None,
                    # a column every unit of the group left as —: its 小计 is left blank too
                    *(
                        round(column_sum(street_rows, c)) if any(isinstance(r[c], int) for r in street_rows) else None
                        for c in range(first_count, first_count + 10)
                    ),
                ]
            )
    data_rows = [r for r in rows if r and isinstance(r[0], int)]
    total = [None, "合计", None, None, *(round(column_sum(data_rows, c)) for c in range(first_count, first_count + 10))]
    type_some_as_text(rng, rows, range(first_count, first_count + 10), typed, "人")
    rows.append(total)
    if year == 2021:
        rows.insert(7, None)  # a blank row in the middle of the data
    return Table(
        title=f"{year}年度会员统计表",
        lines=(f"填报单位:{filed_by}      统计截止日期:{year}年12月31日", "单位:人"),
        header=header,
        rows=rows,
        footer=(SIGNATURE, f"填报日期:{year + 1}年1月15日"),
        widths=MEMBERSHIP_WIDTHS,
        gap_before_header=year == 2023,
    )
