"""Welfare (帮扶慰问台账): every payment of every unit and year, and the ledgers that list
them — a 街道's or a district's, or one unit's own."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from unionstats.sample.membership import MembershipFacts
from unionstats.sample.mess import column_sum, written_amount, written_date
from unionstats.sample.names import SEED_UNIT, SEED_YEAR, UNITS, YEARS, PersonNames, SampleUnit, seeded_rng
from unionstats.sample.sheets import SIGNATURE, Table


@dataclass(frozen=True, slots=True)  # slots: a city ledger holds a million of them
class WelfareFact:
    unit: str
    when: date
    reason: str  # free text as a clerk writes it (事由)
    recipient: str
    amount: int  # 元
    count: int  # 人次
    source: str


@dataclass(frozen=True)
class _WelfareEvent:
    reasons: tuple[str, ...]
    per_employee: float  # expected rows a year per employee
    per_female: float  # and per female employee
    amounts: tuple[int, ...]  # 元 per row, all under the welfare standards of rules/welfare.py
    months: tuple[int, int]
    sources: tuple[str, ...]


WELFARE_EVENTS: tuple[_WelfareEvent, ...] = (
    _WelfareEvent(
        ("职工住院慰问", "住院慰问", "因病住院", "生病住院", "手术住院"),
        0.045,
        0.0,
        (200, 300, 300, 500, 500, 800),
        (1, 12),
        ("工会经费",),
    ),
    _WelfareEvent(("女职工生育", "生育慰问", "产妇慰问", "配偶分娩"), 0.008, 0.025, (500, 500, 800), (1, 12), ("工会经费",)),
    _WelfareEvent(
        ("父亲病故", "母亲去世", "直系亲属病故", "配偶父亲逝世", "岳母去世"),
        0.012,
        0.0,
        (1000, 1500, 2000),
        (1, 12),
        ("工会经费",),
    ),
    _WelfareEvent(("退休", "光荣退休", "退休慰问"), 0.015, 0.0, (500, 800, 1000), (1, 12), ("工会经费",)),
    _WelfareEvent(
        ("困难职工帮扶", "建档困难职工慰问", "特困职工救助", "困难帮扶"),
        0.02,
        0.0,
        (1000, 1500, 2000, 3000),
        (1, 12),
        ("区总工会帮扶资金", "工会经费", "上级工会补助"),
    ),
    _WelfareEvent(
        ("金秋助学", "子女升学助学", "金秋助学(大学新生)"), 0.01, 0.0, (1000, 1500, 2000), (8, 9), ("工会经费", "上级工会补助")
    ),
    _WelfareEvent(("春节送温暖", "春节慰问", "送温暖"), 0.04, 0.0, (300, 500, 800), (1, 2), ("工会经费", "行政拨付")),
    _WelfareEvent(("新婚", "结婚慰问", "新婚慰问"), 0.012, 0.0, (300, 500), (1, 12), ("工会经费",)),
    _WelfareEvent(("医疗互助金",), 0.004, 0.0, (2000, 3000, 5000), (1, 12), ("工会经费",)),
)
SUMMER_REASONS = ("高温慰问", "夏送清凉", "防暑降温慰问")
SUMMER_RECIPIENTS = ("一线职工", "全体职工", "高温岗位职工")

# (month, day, reason, recipient, amount 元, 人次, source)
SEED_WELFARE: tuple[tuple[int, int, str, str, int, int, str], ...] = (
    (1, 9, "职工住院慰问", "刘建国", 250, 1, "工会经费"),
    (1, 23, "因病住院", "陈秀英", 250, 1, "工会经费"),
    (1, 30, "困难职工帮扶", "邓平", 1000, 1, "区总工会帮扶资金"),
    (1, 30, "困难职工帮扶", "董刚", 1000, 1, "区总工会帮扶资金"),
    (1, 30, "困难职工帮扶", "袁秀霞", 1000, 1, "区总工会帮扶资金"),
    (2, 27, "职工住院慰问(两次住院)", "赵志强", 500, 2, "工会经费"),
    (3, 8, "女职工生育", "林雪", 500, 1, "工会经费"),
    (3, 14, "手术住院", "孙丽娟", 250, 1, "工会经费"),
    (3, 30, "在职职工病故", "韩志文家属", 10000, 1, "工会经费"),
    (4, 2, "职工住院慰问", "周海波", 250, 1, "工会经费"),
    (4, 25, "生病住院", "吴桂兰", 250, 1, "工会经费"),
    (5, 16, "职工住院慰问", "郑凯", 250, 1, "工会经费"),
    (5, 20, "生育慰问", "黄婷", 500, 1, "工会经费"),
    (6, 11, "因病住院", "王春燕", 250, 1, "工会经费"),
    (6, 28, "退休", "曹建军", 1000, 1, "工会经费"),
    (7, 8, "职工住院慰问(两次住院)", "冯宇", 500, 2, "工会经费"),
    (7, 15, "女职工生育", "徐佳怡", 500, 1, "工会经费"),
    (8, 19, "手术住院", "杨俊峰", 250, 1, "工会经费"),
    (9, 5, "职工住院慰问", "何晶", 250, 1, "工会经费"),
    (9, 10, "建档困难职工慰问", "潘勇", 1000, 1, "工会经费"),
    (9, 10, "建档困难职工慰问", "蒋涛", 1000, 1, "工会经费"),
    (9, 10, "建档困难职工慰问", "蔡玉兰", 1000, 1, "工会经费"),
    (9, 26, "职工因病去世", "唐明家属", 10000, 1, "工会经费"),
    (10, 22, "因病住院", "朱建华", 250, 1, "工会经费"),
    (10, 29, "生育慰问", "罗欣", 500, 1, "工会经费"),
    (11, 13, "职工住院慰问", "马瑞", 250, 1, "工会经费"),
    (11, 21, "女职工生育", "谢雯", 500, 1, "工会经费"),
    (12, 3, "生病住院", "高红梅", 250, 1, "工会经费"),
    (12, 27, "光荣退休", "彭桂英", 1000, 1, "工会经费"),
)


def _draw_count(rng: random.Random, expected: float) -> int:
    spread = expected * rng.uniform(0.7, 1.3)
    return int(spread) + (rng.random() < spread - int(spread))


def _day_in(rng: random.Random, year: int, months: tuple[int, int]) -> date:
    return date(year, rng.randint(*months), rng.randint(1, 28))


def welfare_facts(
    seed: int,
    membership: MembershipFacts,
    units: Sequence[SampleUnit] = UNITS,
    years: Sequence[int] = YEARS,
    topic: str = "welfare",
    rate: float = 1.0,
) -> list[WelfareFact]:
    """Every payment of every unit and year, ordered by unit, then year, then date.

    ``rate`` scales how many payments of each event a unit makes (1.0: the sample's
    habits; a city tunes it to reach its ``welfare_rows``); ``topic`` names the stream.
    """
    rng = seeded_rng(seed, topic)
    facts: list[WelfareFact] = []
    for unit in units:
        for year in years:
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            if (unit.name, year) == (SEED_UNIT, SEED_YEAR):
                facts.extend(
                    WelfareFact(unit.name, date(year, month, day), reason, who, amount, count, source)
                    for month, day, reason, who, amount, count, source in SEED_WELFARE
                )
                continue
            names = PersonNames(rng)
            rows = []
            for event in WELFARE_EVENTS:
                expected = figures["employees"] * event.per_employee + figures["female_employees"] * event.per_female
                for _ in range(_draw_count(rng, expected * rate)):
                    rows.append(
                        WelfareFact(
                            unit.name,
                            _day_in(rng, year, event.months),
                            rng.choice(event.reasons),
                            names.next(),
                            rng.choice(event.amounts),
                            1,
                            rng.choice(event.sources),
                        )
                    )
            # 夏送清凉 goes to a whole group in one row: 人次 is the group's size
            for month in (7,) if figures["employees"] < 150 else (7, 8):
                count = max(3, round(figures["employees"] * rng.uniform(0.4, 0.9)))
                rows.append(
                    WelfareFact(
                        unit.name,
                        date(year, month, rng.randint(1, 20)),
                        rng.choice(SUMMER_REASONS),
                        rng.choice(SUMMER_RECIPIENTS),
                        count * rng.choice((50, 80, 100)),
                        count,
                        rng.choice(("工会经费", "行政拨付")),
                    )
                )
            facts.extend(sorted(rows, key=lambda r: r.when))
    return facts


def welfare_rate(membership: MembershipFacts, units: Sequence[SampleUnit], years: Sequence[int], rows: float) -> float:
    """The ``rate`` of ``welfare_facts`` that makes about ``rows`` payments in all."""
    events, summers = 0.0, 0
    for unit in units:
        for year in years:
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            for event in WELFARE_EVENTS:
                events += figures["employees"] * event.per_employee + figures["female_employees"] * event.per_female
            summers += 1 if figures["employees"] < 150 else 2  # the 夏送清凉 rows, one or two a year
    return max(0.0, (rows - summers) / events) if events else 0.0


WELFARE_HEADERS: dict[str, tuple[str, ...]] = {
    "old": ("序号", "发放日期", "基层工会", "姓名", "慰问事由", "慰问金额（元）", "人次", "经费来源"),
    "2023": ("序号", "日期", "单位", "慰问对象", "事由", "金额（元）", "人次", "资金来源"),
    "2024": ("序号", "慰问日期", "单位名称", "职工姓名", "慰问类别", "发放金额", "人数", "资金来源"),
}
WELFARE_WIDTHS = (6, 14, 30, 12, 22, 12, 8, 16)
DATE_COLUMN, AMOUNT_COLUMN, COUNT_COLUMN = 1, 5, 6


DATE_WEIGHTS = {"old": (70, 20, 0, 10), "2023": (40, 25, 25, 10), "2024": (40, 20, 40, 0)}


def welfare_rows(
    rng: random.Random, facts: Sequence[WelfareFact], date_weights: tuple[int, int, int, int], text_share: float = 0.06
) -> list[list | None]:
    return [
        [
            number,
            written_date(rng, f.when, date_weights),
            f.unit,
            f.recipient,
            f.reason,
            written_amount(rng, f.amount, text_share),
            f.count,
            f.source,
        ]
        for number, f in enumerate(facts, start=1)
    ]


def welfare_kind(year: int) -> str:
    """Which of WELFARE_HEADERS a year's ledger uses."""
    return "old" if year <= 2022 else str(min(year, 2024))


def welfare_table(title: str, filed_by: str, kind: str, rows: list[list | None], with_total: bool) -> Table:
    rows = list(rows)
    if with_total:
        rows.append(
            ["合计", None, None, None, None, round(column_sum(rows, AMOUNT_COLUMN)), round(column_sum(rows, COUNT_COLUMN)), None]
        )
    return Table(
        title=title,
        lines=(f"填报单位:{filed_by}  单位:元",),
        header=WELFARE_HEADERS[kind],
        rows=rows,
        footer=(SIGNATURE,),
        widths=WELFARE_WIDTHS,
        date_format="yyyy/m/d" if kind == "old" else "yyyy-mm-dd",
    )


def one_unit_welfare_file(unit: str, year: int) -> str:
    return f"{unit}{year}年帮扶慰问台账.xlsx"


def one_unit_welfare_table(rng: random.Random, facts: Sequence[WelfareFact], unit: str, year: int) -> Table:
    """One unit's own ledger for a year: no 单位 column, the unit on the 填报单位 line."""
    rows: list[list | None] = []
    for number, f in enumerate(facts, start=1):
        note = "住院两次" if f.count == 2 else None
        rows.append(
            [
                number,
                written_date(rng, f.when, (50, 20, 20, 10)),
                f.recipient,
                f.reason,
                written_amount(rng, f.amount),
                f.count,
                f.source,
                note,
            ]
        )
    rows.append(["合计", None, None, None, round(column_sum(rows, 4)), round(column_sum(rows, 5)), None, None])
    return Table(
        title=f"{year}年职工帮扶慰问台账",
        lines=(f"填报单位:{unit}  单位:元",),
        header=("序号", "日期", "慰问对象", "慰问事由", "慰问金", "人次", "资金来源", "备注"),
        rows=rows,
        footer=("填表人:周敏  审核人:吴强  联系电话:0000-8765 1234",),
        widths=(6, 14, 12, 24, 10, 8, 16, 10),
    )
