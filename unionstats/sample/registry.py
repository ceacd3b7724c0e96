"""The registry of grassroots unions (基层工会组建情况): per unit and year, 建会 and the
three coverage flags; the earlier years as a workbook, the last year as a GB18030 CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from unionstats.sample.names import DISTRICT, UNITS, YEARS, SampleUnit, seeded_rng
from unionstats.sample.sheets import SIGNATURE, BuiltFiles, Table, years_text


@dataclass(frozen=True)
class UnitYearFact:
    unit: SampleUnit
    year: int
    established: bool
    collective_contract: bool
    wage_bargaining: bool
    legal_person: bool


def unit_year_facts(seed: int, units: Sequence[SampleUnit] = UNITS, years: Sequence[int] = YEARS) -> list[UnitYearFact]:
    """The registry: per unit and year, 建会 and the three coverage flags."""
    rng = seeded_rng(seed, "units")
    facts = []
    for unit in units:
        never = 9999
        founded = unit.founded if unit.founded is not None else never
        if unit.unit_type == "机关事业":
            contract_from = never  # 机关 sign no 集体合同
        elif unit.unit_type == "非公企业":
            contract_from = max(founded, rng.randint(2016, 2022))
        else:
            contract_from = founded
        bargaining_from = contract_from if contract_from == never else contract_from + rng.randint(0, 2)
        legal_from = founded if founded == never else founded + rng.randint(0, 2)
        for year in years:
            facts.append(
                UnitYearFact(unit, year, founded <= year, contract_from <= year, bargaining_from <= year, legal_from <= year)
            )
    return facts


def add_units(
    built: BuiltFiles, seed: int, facts: list[UnitYearFact], filed_by: str = DISTRICT, years: Sequence[int] = YEARS
) -> None:
    """The registry of the earlier years as one sheet, the last year's as a GB18030 CSV."""
    rng = seeded_rng(seed, "units-layout")
    *before, last = years

    def yes_no(flag: bool, year: int) -> str:
        return ("是" if flag else "否") if year <= 2021 else ("√" if flag else "×")

    rows: list[list | None] = []
    for number, f in enumerate((f for f in facts if f.year < last), start=1):
        rows.append(
            [
                number,
                f.unit.name,
                f.unit.parent,
                f.unit.unit_type,
                yes_no(f.established, f.year),
                yes_no(f.collective_contract, f.year),
                yes_no(f.wage_bargaining, f.year),
                yes_no(f.legal_person, f.year),
                f.year,
            ]
        )
    rows.insert(rng.randint(20, 60), None)
    table = Table(
        title=f"基层工会组建情况统计表（{years_text(before, '—')}）",
        lines=(f"填报单位:{filed_by}",),
        header=(
            "序号",
            "单位名称",
            "所属街道",
            "单位类型",
            "是否建会",
            "签订集体合同",
            "开展工资集体协商",
            "法人资格登记",
            "年度",
        ),
        rows=rows,
        footer=(SIGNATURE,),
        widths=(6, 30, 18, 10, 10, 12, 16, 12, 8),
    )
    built.add_tables(f"基层工会组建情况统计表（{years_text(before)}）.xlsx", [("组建情况", table)], "units")

    # the last year's registry came out of an old system as a CSV in GB18030
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([f"{last}年基层工会组建情况登记表"])
    writer.writerow([f"填报单位:{filed_by}"])
    writer.writerow(["序号", "单位", "上级工会", "单位性质", "建会情况", "集体合同", "工资集体协商", "工会法人登记", "年度"])
    registered = [f for f in facts if f.year == last]
    for number, f in enumerate(registered, start=1):
        writer.writerow(
            [
                number,
                f.unit.name,
                f.unit.parent,
                f.unit.unit_type,
                "已建" if f.established else "未建",
                "是" if f.collective_contract else "否",
                "√" if f.wage_bargaining else "×",
                "是" if f.legal_person else "否",
                f"{last}年",
            ]
        )
    writer.writerow([])
    writer.writerow([SIGNATURE])
    built.add_bytes(f"{last}年单位信息登记表.csv", text.getvalue().encode("gb18030"), "units", len(registered))


# --------------------------------------------------------------------------- finance
