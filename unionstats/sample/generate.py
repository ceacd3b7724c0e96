"""Seeded sample data: the spreadsheets a fictional 示范区总工会 collects (contract §3).

``write_sample`` writes six years (2019–2024) of every kind for one district — three
街道总工会 and their grassroots unions — the way offices write them: title and 填报单位
lines, merged two-row headers, 合计 and 小计 rows, blank rows, numbers typed as text
(``1,234``, ``１２３``, ``500元``), mixed date forms, a legacy .xls and a GB18030 .csv. The
same seed always gives the same bytes. Every unit, firm and person is made up.

The files are cut so that nothing overlaps: each (unit, period) of an aggregate kind is in
one file only, and no two ledger files share a unit and a period (contract §2).

A few rows are wrong on purpose, so an import shows rejections and warnings;
``planted_problems`` lists them with file, sheet and Excel row. Everything else is meant
to import clean.

With a ``Scale`` the same facts and the same office layouts make a made-up city instead
(``CITY``: 10,000 grassroots units under 50 街道总工会, 5 years): a workbook per 街道 and year
of dues and welfare, membership per 街道, one-unit welfare ledgers, the registry,
competitions and finance. It has no planted problems and is written in openpyxl's
write-only mode, straight to disk. ``write_welfare_ledger`` writes one big city ledger
(100,000 or 1,000,000 rows) for the import benchmarks of ``bench/``.
"""

from __future__ import annotations

import csv
import io
import math
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from unionstats.ingest.model import REJECTED, WARNING
from unionstats.output.templates import save_workbook_reproducibly
from unionstats.rules.dues import MEMBER_DUES, UNION_FUNDS, UNION_FUNDS_RATE

DEFAULT_SEED = 2024
YEARS: tuple[int, ...] = tuple(range(2019, 2025))
SAMPLE_TIMESTAMP = datetime(2025, 1, 15, 9, 0, 0)

DISTRICT = "示范区总工会"
EAST, WEST, SOUTH = "东城街道总工会", "西城街道总工会", "南湖街道总工会"
STREETS: tuple[str, ...] = (EAST, WEST, SOUTH)
STREET_SHORT: dict[str, str] = {EAST: "东城街道", WEST: "西城街道", SOUTH: "南湖街道"}

# product.md's seed example: this unit's 2024 welfare ledger, and only that file, holds
# 住院 16人次 4,000元 · 生育 5人次 2,500元 · 丧葬 2人次 20,000元 · 退休 2人次 2,000元 ·
# 困难 6人次 6,000元 = 34,500元.
SEED_UNIT = "华新机械有限公司工会"
SEED_YEAR = 2024

# Assumptions of the made-up figures (not rules of the product).
MEMBER_DUES_RATE = 0.005  # 会费: 0.5% of a member's wage
WAGE_GROWTH = 0.05  # a year
REMITTED_SHARE = 0.4  # of 工会经费 paid, passed up (上解)
RETAINED_SHARE = 1 - REMITTED_SHARE

SIGNATURE = "填表人:张丽  审核人:李明  联系电话:0000-8765 4321"


@dataclass(frozen=True)
class SampleUnit:
    """One grassroots unit of the sample district.

    ``employees`` is the headcount in 2019 (or in the year the union was founded);
    ``wage`` the average monthly wage in 2019, 元; ``founded`` the year the union was set
    up, None for a firm without a union yet (so 建会率 stays under 100%).
    """

    name: str
    parent: str
    unit_type: str
    employees: int
    female_share: float
    migrant_share: float
    wage: int
    founded: int | None


UNITS: tuple[SampleUnit, ...] = (
    SampleUnit("华新机械有限公司工会", EAST, "企业", 336, 0.22, 0.35, 7200, 2005),
    SampleUnit("示范区东城实验小学工会", EAST, "学校", 92, 0.74, 0.0, 8600, 1998),
    SampleUnit("示范区人民医院工会", EAST, "医院", 1186, 0.68, 0.02, 11200, 1990),
    SampleUnit("瑞丰食品有限公司工会", EAST, "非公企业", 214, 0.58, 0.52, 5600, 2012),
    SampleUnit("博远软件科技有限公司工会", EAST, "非公企业", 158, 0.31, 0.0, 14500, 2016),
    SampleUnit("东城街道机关工会", EAST, "机关事业", 63, 0.46, 0.0, 9200, 1995),
    SampleUnit("和平社区工会", EAST, "社区", 24, 0.71, 0.0, 5200, 2010),
    SampleUnit("恒远装饰工程有限公司", EAST, "非公企业", 46, 0.15, 0.70, 5800, None),
    SampleUnit("示范区第二中学工会", WEST, "学校", 143, 0.61, 0.0, 9400, 1996),
    SampleUnit("宏达建筑工程有限公司工会", WEST, "企业", 472, 0.09, 0.78, 6900, 2008),
    SampleUnit("鑫源纺织有限公司工会", WEST, "非公企业", 517, 0.81, 0.64, 4900, 2009),
    SampleUnit("西城社区卫生服务中心工会", WEST, "医院", 71, 0.72, 0.0, 8300, 2003),
    SampleUnit("金桥物流有限公司工会", WEST, "非公企业", 231, 0.18, 0.71, 6200, 2014),
    SampleUnit("启明电子有限公司工会", WEST, "非公企业", 388, 0.55, 0.60, 6100, 2011),
    SampleUnit("佳味餐饮管理有限公司工会", WEST, "非公企业", 64, 0.62, 0.80, 4600, 2021),
    SampleUnit("南湖中心幼儿园工会", SOUTH, "学校", 46, 0.93, 0.0, 6800, 2002),
    SampleUnit("天诚汽车零部件有限公司工会", SOUTH, "企业", 608, 0.24, 0.46, 7600, 2007),
    SampleUnit("南湖街道机关工会", SOUTH, "机关事业", 57, 0.49, 0.0, 9100, 1995),
    SampleUnit("碧水环保科技有限公司工会", SOUTH, "非公企业", 118, 0.35, 0.22, 8800, 2015),
    SampleUnit("润泽物业服务有限公司工会", SOUTH, "非公企业", 176, 0.44, 0.68, 4700, 2013),
    SampleUnit("顺捷快递服务有限公司工会", SOUTH, "非公企业", 88, 0.12, 0.85, 6400, 2023),
    SampleUnit("安居家政服务有限公司", SOUTH, "非公企业", 37, 0.86, 0.90, 4500, None),
)
UNIT_BY_NAME: dict[str, SampleUnit] = {u.name: u for u in UNITS}


@dataclass(frozen=True)
class PlantedProblem:
    """A row made wrong on purpose: what importing the sample must report for it.

    ``row`` is the row number as Excel shows it; ``column`` the header as written;
    ``level`` is ``rejected`` or ``warning`` (``unionstats.ingest.model``).
    """

    file: str
    sheet: str
    row: int
    column: str | None
    level: str
    what: str


# The made-up city's 街道 (a parent is "<place>街道总工会"), in the order they are used.
PLACES: tuple[str, ...] = tuple(
    "东城 西城 南湖 北苑 城关 河西 江东 新华 解放 人民 中山 和平 长安 建设 胜利 文化 青山 白云 翠湖 桃源 "
    "金山 银湖 龙泉 凤凰 清河 柳湾 石桥 梅林 松岭 枫林 南山 北山 滨江 临江 望江 沙河 高新 东湖 西湖 莲花 "
    "杏林 花园 朝阳 光明 向阳 红旗 友谊 幸福 永安 太平 兴隆 丰收 双桥 三里 五一 七星 九龙 华山 城南 城北 "
    "新城 湖滨 东关 西关 南关 北关 大桥 黄河 长江 珠江 松江 汉江 潮白 紫荆 金桂 玉泉 天河 碧海".split()
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


# --------------------------------------------------------------------------- facts


def _rng(seed: int, topic: str) -> random.Random:
    # one stream per topic: changing one kind's data leaves the others' bytes alone
    return random.Random(f"{seed}:{topic}")


def _units_of(street: str) -> list[SampleUnit]:
    return [u for u in UNITS if u.parent == street]


MembershipFacts = dict[tuple[str, int], dict[str, int]]


def _membership_facts(seed: int, units: Sequence[SampleUnit] = UNITS, years: Sequence[int] = YEARS) -> MembershipFacts:
    """(unit, year) → the year's figures by field id of ``rules/columns.py``."""
    rng = _rng(seed, "membership")
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


@dataclass(frozen=True, slots=True)  # slots: a city holds a million of them
class DuesFact:
    unit: str
    year: int
    month: int
    fund_type: str
    due: float  # 元
    paid: float  # 元


def _dues_facts(
    seed: int,
    membership: MembershipFacts,
    units: Sequence[SampleUnit] = UNITS,
    years: Sequence[int] = YEARS,
    topic: str = "dues",
) -> list[DuesFact]:
    """Monthly 应缴/实缴 of 工会经费 (2% of wages) and 会费; 收缴率 about 70–110% a year.

    ``topic`` names the random stream: a city draws each 街道's units from its own.
    """
    rng = _rng(seed, topic)
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

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅玉兰志文斌海波辉鹏宇浩凯晨雪琳婷倩欣怡佳俊峰亮健飞鑫瑞雯颖慧晶燕萍春凤新立荣"


class _Names:
    """Made-up personal names, unique within one pool (one unit and year)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def next(self) -> str:
        while True:
            given = "".join(self._rng.choice(GIVEN_CHARS) for _ in range(self._rng.choice((1, 2, 2))))
            name = self._rng.choice(SURNAMES) + given
            if name not in self._used:
                self._used.add(name)
                return name


def _draw_count(rng: random.Random, expected: float) -> int:
    spread = expected * rng.uniform(0.7, 1.3)
    return int(spread) + (rng.random() < spread - int(spread))


def _day_in(rng: random.Random, year: int, months: tuple[int, int]) -> date:
    return date(year, rng.randint(*months), rng.randint(1, 28))


def _welfare_facts(
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
    rng = _rng(seed, topic)
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
            names = _Names(rng)
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


@dataclass(frozen=True)
class CompetitionFact:
    contest: str
    when: date
    unit: str
    person: str | None  # None for a team or a group row
    event: str
    level: str  # standard level of rules/competitions.py
    award: str  # standard tier of rules/competitions.py
    entries: int | None  # None for one person (counts as 1)


HUAXIN, HOSPITAL, TIANCHENG = SEED_UNIT, "示范区人民医院工会", "天诚汽车零部件有限公司工会"
DISTRICT_EVENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("数控车工", (HUAXIN, TIANCHENG, "启明电子有限公司工会")),
    ("钳工", (HUAXIN, TIANCHENG, "宏达建筑工程有限公司工会")),
    (
        "电工",
        (
            HUAXIN,
            "宏达建筑工程有限公司工会",
            TIANCHENG,
            "启明电子有限公司工会",
            "润泽物业服务有限公司工会",
            "金桥物流有限公司工会",
        ),
    ),
    ("焊工", ("宏达建筑工程有限公司工会", TIANCHENG, HUAXIN)),
    ("中式烹调师", ("瑞丰食品有限公司工会", "佳味餐饮管理有限公司工会")),
    ("叉车司机", ("金桥物流有限公司工会", "顺捷快递服务有限公司工会", "瑞丰食品有限公司工会")),
    ("网络安全管理员", ("博远软件科技有限公司工会", "碧水环保科技有限公司工会")),
    ("养老护理员", ("和平社区工会", "西城社区卫生服务中心工会")),
)
SCHOOLS = ("示范区东城实验小学工会", "示范区第二中学工会", "南湖中心幼儿园工会")
NURSING_TEAMS = ("内科护理组", "外科护理组", "急诊护理组", "儿科护理组", "手术室护理组", "ICU护理组")


def _podium(n: int) -> list[str]:
    """Award tiers for n ranked entries: one first, then about 15%, 25%, 25%, the rest none."""
    tiers = ["一等奖"] + ["二等奖"] * max(1, round(n * 0.15)) + ["三等奖"] * max(1, round(n * 0.25))
    tiers += ["优秀奖"] * round(n * 0.25)
    return (tiers + ["未获奖"] * n)[:n]


def _ranked_entries(
    rng: random.Random,
    names: _Names,
    contest: str,
    when: date,
    event: str,
    units: Sequence[str],
    level: str,
    per_unit: tuple[int, int] = (1, 3),
) -> list[CompetitionFact]:
    """One event of a contest: each unit sends ``per_unit`` people, ranked onto the podium."""
    entrants = [(u, names.next()) for u in units for _ in range(rng.randint(*per_unit))]
    rng.shuffle(entrants)
    return [
        CompetitionFact(contest, when, unit, person, event, level, tier, None)
        for (unit, person), tier in zip(entrants, _podium(len(entrants)), strict=True)
    ]


def _competition_facts(seed: int, membership: MembershipFacts) -> list[CompetitionFact]:
    rng = _rng(seed, "competitions")
    facts: list[CompetitionFact] = []
    for year in YEARS:
        active = {u.name for u in UNITS if (u.name, year) in membership}
        names = _Names(rng)

        contest = f"示范区第{year - 2012}届职工职业技能大赛"
        when = date(year, 10, rng.randint(10, 28))
        finalists = []
        for event, units in DISTRICT_EVENTS:
            entries = _ranked_entries(rng, names, contest, when, event, [u for u in units if u in active], "区县级")
            facts += entries
            finalists += [(f.unit, f.person, f.event) for f in entries if f.award == "一等奖"]

        contest = f"{year}年示范区中小学幼儿园教师教学技能比赛"
        when = date(year, 11, rng.randint(5, 25))
        facts += _ranked_entries(rng, names, contest, when, "课堂教学", SCHOOLS, "区县级", (2, 4))

        # the district's winners go on to the city contest in December
        contest = f"{year}年全市职工职业技能大赛"
        when = date(year, 12, rng.randint(1, 20))
        for unit, person, event in finalists[:4]:
            tier = rng.choice(("二等奖", "三等奖", "三等奖", "优秀奖", "优秀奖", "未获奖"))
            facts.append(CompetitionFact(contest, when, unit, person, event, "市级", tier, None))
        if year in (2021, 2023):
            facts.append(
                CompetitionFact(
                    "全省职工职业技能大赛",
                    date(year, 9, rng.randint(1, 28)),
                    TIANCHENG,
                    names.next(),
                    "数控车工",
                    "省级",
                    rng.choice(("二等奖", "优秀奖")),
                    None,
                )
            )
        if year == 2024:
            facts.append(
                CompetitionFact(
                    "全国机械行业职业技能竞赛",
                    date(year, 8, 22),
                    TIANCHENG,
                    names.next(),
                    "装配钳工",
                    "全国",
                    "优秀奖",
                    None,
                )
            )

        # 华新's own 技能比武: ten named winners and one row for everybody else
        # (product.md: a company union with 80 people in a skills contest, in 2024)
        contest = f"华新机械{year}年职工技能比武"
        when = date(year, 6, rng.randint(10, 25))
        total = 80 if year == SEED_YEAR else rng.randint(50, 75)
        winners = ["一等奖"] + ["二等奖"] * 2 + ["三等奖"] * 3 + ["优秀奖"] * 4
        for tier in winners:
            event = rng.choice(("装配钳工", "数控车工", "焊工"))
            facts.append(CompetitionFact(contest, when, HUAXIN, names.next(), event, "单位内", tier, None))
        facts.append(CompetitionFact(contest, when, HUAXIN, None, "其他参赛职工", "单位内", "未获奖", total - len(winners)))

        contest = f"人民医院{year}年护理技能竞赛"
        when = date(year, 5, 12)  # 护士节
        teams = list(NURSING_TEAMS)
        rng.shuffle(teams)
        for team, tier in zip(teams, ("一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "优秀奖"), strict=True):
            facts.append(CompetitionFact(contest, when, HOSPITAL, None, team, "单位内", tier, rng.randint(4, 6)))

        if year >= 2021:
            contest = f"南湖街道{year}年安全生产知识竞赛"
            when = date(year, 6, rng.randint(1, 28))
            teams = [u.name for u in _units_of(SOUTH) if u.name in active]
            rng.shuffle(teams)
            for unit, tier in zip(teams, _podium(len(teams)), strict=True):
                facts.append(CompetitionFact(contest, when, unit, None, "团体赛", "区县级", tier, 3))
    return facts


@dataclass(frozen=True)
class UnitYearFact:
    unit: SampleUnit
    year: int
    established: bool
    collective_contract: bool
    wage_bargaining: bool
    legal_person: bool


def _unit_year_facts(seed: int, units: Sequence[SampleUnit] = UNITS, years: Sequence[int] = YEARS) -> list[UnitYearFact]:
    """The registry: per unit and year, 建会 and the three coverage flags."""
    rng = _rng(seed, "units")
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


def _district_finance(
    seed: int, years: Sequence[int] = YEARS, topic: str = "finance-district", opening: float = 1_862_450.37
) -> dict[int, list[FinanceLine]]:
    """示范区总工会's statement per year, in 元 with fen; each year opens with last year's closing.

    A city draws each 街道总工会's statements from a ``topic`` of its own.
    """
    rng = _rng(seed, topic)
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


def _unit_finance(
    seed: int, dues: list[DuesFact], welfare: list[WelfareFact], year: int, units: Sequence[str] = FINANCE_UNITS
) -> dict[str, list[FinanceLine]]:
    """A few units' statements for ``year`` in whole 元, tied to their dues and welfare."""
    rng = _rng(seed, "finance-units")
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


# --------------------------------------------------------------------------- the mess

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _as_typed_text(rng: random.Random, value: int | float, suffix: str) -> str:
    """A number as offices sometimes type it: ``1,234``, ``１２３``, ``120人``, ``12,345.60``."""
    if isinstance(value, float):
        return f"{value:,.2f}" if rng.random() < 0.7 else f"{value:.2f}{suffix}"
    style = rng.choice(("comma", "full", "suffix"))
    if style == "comma" and value >= 1000:
        return f"{value:,}"
    if style == "full" or (style == "comma" and value < 1000):
        return str(value).translate(FULL_WIDTH_DIGITS)
    return f"{value}{suffix}"


def _type_some_as_text(rng: random.Random, rows: list[list | None], columns: range, how_many: int, suffix: str) -> None:
    """Turn ``how_many`` numeric cells of data rows (first cell an int 序号) into text."""
    cells = [
        (i, c)
        for i, row in enumerate(rows)
        if row and isinstance(row[0], int)
        for c in columns
        if isinstance(row[c], (int, float)) and not isinstance(row[c], bool) and row[c] > 0
    ]
    for i, c in rng.sample(cells, min(how_many, len(cells))):
        rows[i][c] = _as_typed_text(rng, rows[i][c], suffix)


def _written_date(rng: random.Random, day: date, weights: tuple[int, int, int, int]) -> date | str:
    """A date as a ledger holds it: an Excel date, 2023/5/12, 2023年5月12日 or just 2023.05."""
    form = rng.choices(("excel", "slash", "chinese", "dotted"), weights=weights)[0]
    if form == "excel":
        return day
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if form == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year}.{day.month:02d}"  # WPS keeps 2023.05 as text


def _written_amount(rng: random.Random, amount: int, text_share: float = 0.06) -> int | str:
    """An amount as typed: half of ``text_share`` as ``500元``, half as ``1,200`` (an amount
    under 1,000 of that half stays a number)."""
    roll = rng.random()
    if roll < text_share / 2:
        return f"{amount}元"
    if roll < text_share and amount >= 1000:
        return f"{amount:,}"
    return amount


def _sum(rows: list[list | None], column: int) -> float:
    """Sum of a column over data rows, numbers typed as text included (what an office's 合计 adds)."""
    total = 0.0
    for row in rows:
        if not row or not isinstance(row[0], int):
            continue
        value = row[column]
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).replace(",", "").removesuffix("元").removesuffix("人")
            value = float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
        if isinstance(value, (int, float)):
            total += value
    return total


# --------------------------------------------------------------------------- writing

TITLE_FONT = Font(name="宋体", bold=True, size=16)
HEADER_FONT = Font(name="宋体", bold=True, size=11)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

Header = tuple[object, ...]  # str, or (parent, (child, child)) for a merged two-row header


@dataclass
class _Table:
    """One sheet as an office lays it out."""

    title: str
    lines: tuple[str, ...]
    header: Header
    rows: list[list | None]  # data and totals rows; None is a blank row
    footer: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()
    date_format: str = "yyyy-mm-dd"
    gap_before_header: bool = False

    @property
    def width(self) -> int:
        return sum(len(h[1]) if isinstance(h, tuple) else 1 for h in self.header)

    @property
    def header_rows(self) -> int:
        return 2 if any(isinstance(h, tuple) for h in self.header) else 1

    @property
    def first_data_row(self) -> int:
        """The Excel row of ``rows[0]``."""
        return 2 + len(self.lines) + self.gap_before_header + self.header_rows


def _put_table(ws, table: _Table) -> None:
    ws.cell(1, 1, table.title).font = TITLE_FONT
    ws.cell(1, 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    ws.row_dimensions[1].height = 30
    for offset, line in enumerate(table.lines):
        ws.cell(2 + offset, 1, line)

    top = 2 + len(table.lines) + table.gap_before_header
    two_rows = table.header_rows == 2
    column = 1
    for item in table.header:
        if isinstance(item, tuple):
            parent, children = item
            ws.cell(top, column, parent)
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + len(children) - 1)
            for offset, child in enumerate(children):
                ws.cell(top + 1, column + offset, child)
            column += len(children)
        else:
            ws.cell(top, column, item)
            if two_rows:
                ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
            column += 1
    for row in ws.iter_rows(min_row=top, max_row=top + table.header_rows - 1, max_col=table.width):
        for cell in row:
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER

    excel_row = table.first_data_row
    for values in table.rows:
        if values is not None:
            for column, value in enumerate(values, start=1):
                cell = ws.cell(excel_row, column, value)
                if isinstance(value, date):
                    cell.number_format = table.date_format
                elif isinstance(value, float):
                    cell.number_format = "#,##0.00"
        excel_row += 1
    for line in table.footer:
        ws.cell(excel_row, 1, line)
        excel_row += 1

    for column, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = ws.cell(table.first_data_row, 1)


def _new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = DISTRICT
    wb.properties.lastModifiedBy = DISTRICT
    return wb


@dataclass
class _Built:
    """The sample's files, kept in memory as bytes until ``write_sample`` writes them."""

    files: list[tuple[str, bytes]]
    planted: list[PlantedProblem]

    def add_workbook(self, name: str, wb: Workbook) -> None:
        buffer = io.BytesIO()
        save_workbook_reproducibly(wb, buffer, SAMPLE_TIMESTAMP)
        self.files.append((name, buffer.getvalue()))

    def add_tables(self, name: str, sheets: Sequence[tuple[str, _Table]], kind: str) -> None:
        """A workbook of one table per sheet (``kind``: the contract's id of its tables)."""
        wb = _new_workbook()
        for sheet, table in sheets:
            _put_table(wb.create_sheet(sheet), table)
        self.add_workbook(name, wb)

    def add_bytes(self, name: str, payload: bytes, kind: str, rows: int) -> None:
        """A file made elsewhere (a CSV) holding ``rows`` data rows of ``kind``."""
        self.files.append((name, payload))

    def plant(self, file: str, sheet: str, table: _Table, index: int, column: int | None, level: str, what: str) -> None:
        header = _flat_header(table.header)
        self.planted.append(
            PlantedProblem(
                file,
                sheet,
                table.first_data_row + index,
                header[column] if column is not None else None,
                level,
                what,
            )
        )


def _flat_header(header: Header) -> list[str]:
    flat = []
    for item in header:
        if isinstance(item, tuple):
            flat += [f"{item[0]}{child}" for child in item[1]]
        else:
            flat.append(item)
    return flat


def _build(seed: int) -> _Built:
    membership = _membership_facts(seed)
    dues = _dues_facts(seed, membership)
    welfare = _welfare_facts(seed, membership)
    built = _Built([], [])
    _add_membership(built, seed, membership)
    _add_dues(built, seed, dues)
    _add_welfare(built, seed, welfare)
    _add_competitions(built, seed, _competition_facts(seed, membership))
    _add_units(built, seed, _unit_year_facts(seed))
    _add_finance(built, seed, _district_finance(seed), _unit_finance(seed, dues, welfare, SEED_YEAR))
    return built


# --------------------------------------------------------------------------- membership

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


def _layout_year(layouts: dict[int, object], year: int) -> int:
    """The year whose layout ``year`` uses: its own, or (a year the sample lacks) one a
    multiple of six years away."""
    first = min(layouts)
    return year if year in layouts else first + (year - first) % len(layouts)


def _membership_table(
    rng: random.Random,
    membership: MembershipFacts,
    year: int,
    street_subtotals: bool,
    groups: Sequence[tuple[str, Sequence[SampleUnit]]] | None = None,
    filed_by: str = DISTRICT,
    typed: int = 4,
) -> _Table:
    """The year's 会员统计表: units by group, each group closed by a 小计 row when
    ``street_subtotals``; ``groups`` are (小计 label, units), by default the sample's
    streets; ``typed`` counts are typed as text."""
    layout = MEMBERSHIP_LAYOUTS[_layout_year(MEMBERSHIP_LAYOUTS, year)]
    if groups is None:
        groups = [(STREET_SHORT[street], _units_of(street)) for street in STREETS]
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
                        round(_sum(street_rows, c)) if any(isinstance(r[c], int) for r in street_rows) else None
                        for c in range(first_count, first_count + 10)
                    ),
                ]
            )
    data_rows = [r for r in rows if r and isinstance(r[0], int)]
    total = [None, "合计", None, None, *(round(_sum(data_rows, c)) for c in range(first_count, first_count + 10))]
    _type_some_as_text(rng, rows, range(first_count, first_count + 10), typed, "人")
    rows.append(total)
    if year == 2021:
        rows.insert(7, None)  # a blank row in the middle of the data
    return _Table(
        title=f"{year}年度会员统计表",
        lines=(f"填报单位:{filed_by}      统计截止日期:{year}年12月31日", "单位:人"),
        header=header,
        rows=rows,
        footer=(SIGNATURE, f"填报日期:{year + 1}年1月15日"),
        widths=MEMBERSHIP_WIDTHS,
        gap_before_header=year == 2023,
    )


def _add_membership(built: _Built, seed: int, membership: MembershipFacts) -> None:
    rng = _rng(seed, "membership-layout")
    built.files.append(("2019年会员统计表.xls", _legacy_xls(_membership_table(rng, membership, 2019, False), "2019年")))
    wb = _new_workbook()
    for year in YEARS[1:]:
        # the latest year shows the street 小计 rows a district's table usually has
        _put_table(wb.create_sheet(f"{year}年"), _membership_table(rng, membership, year, street_subtotals=year == 2024))
    built.add_workbook("会员统计表（2020-2024年）.xlsx", wb)


def _legacy_xls(table: _Table, sheet_name: str) -> bytes:
    """The table as an Excel 97-2003 workbook, as old office PCs and WPS still save it."""
    import xlwt  # only this one file needs it

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet_name)
    title = xlwt.easyxf("font: name 宋体, bold on, height 320; align: horiz center, vert center")
    head = xlwt.easyxf(
        "font: name 宋体, bold on; align: horiz center, vert center, wrap on; "
        "borders: left thin, right thin, top thin, bottom thin"
    )
    body = xlwt.easyxf("borders: left thin, right thin, top thin, bottom thin")
    ws.write_merge(0, 0, 0, table.width - 1, table.title, title)
    for offset, line in enumerate(table.lines):
        ws.write(1 + offset, 0, line)
    top = 1 + len(table.lines) + table.gap_before_header
    column = 0
    for item in table.header:
        if isinstance(item, tuple):
            parent, children = item
            ws.write_merge(top, top, column, column + len(children) - 1, parent, head)
            for offset, child in enumerate(children):
                ws.write(top + 1, column + offset, child, head)
            column += len(children)
        else:
            ws.write_merge(top, top + table.header_rows - 1, column, column, item, head)
            column += 1
    row = table.first_data_row - 1
    for values in table.rows:
        if values is not None:
            for column, value in enumerate(values):
                if value is not None:
                    ws.write(row, column, value, body)
        row += 1
    for line in table.footer:
        ws.write(row, 0, line)
        row += 1
    for column, width in enumerate(table.widths):
        ws.col(column).width = int(width * 256)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- dues

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
DUES_OFF_YEAR, DUES_OFF_BY = 2021, 10_000.00  # the one 合计 that does not add up
DUES_FILE_2019_2022 = "工会经费收缴台账（2019-2022年）.xlsx"


def _dues_table(
    rng: random.Random,
    facts: list[DuesFact],
    year: int,
    off_by: float = 0.0,
    filed_by: str = DISTRICT,
    typed: int = 5,
) -> _Table:
    """The year's 经费收缴台账 of ``filed_by``; ``typed`` amounts are typed as text."""
    layout_year = _layout_year(DUES_HEADERS, year)
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
    total = [None, "合计", None, None, round(_sum(rows, 4), 2), round(_sum(rows, 5) + off_by, 2)]
    if with_remitted:
        total.append(round(_sum(rows, 6), 2))
    _type_some_as_text(rng, rows, range(4, 6), typed, "元")
    if layout_year == 2020:
        rows.insert(len(rows) // 2, None)
    rows.append(total)
    return _Table(
        title=f"{year}年度工会经费收缴台账",  # the year lives only here: 月份 says "5月" (contract §3.2)
        lines=(f"填报单位:{filed_by}  单位:元",),
        header=header,
        rows=rows,
        footer=(SIGNATURE,),
        widths=DUES_WIDTHS,
        gap_before_header=layout_year == 2022,
    )


def _add_dues(built: _Built, seed: int, dues: list[DuesFact]) -> None:
    rng = _rng(seed, "dues-layout")
    wb = _new_workbook()
    for year in (2019, 2020, 2021, 2022):
        sheet = f"{year}年"
        off_by = DUES_OFF_BY if year == DUES_OFF_YEAR else 0.0
        table = _dues_table(rng, [d for d in dues if d.year == year], year, off_by)
        _put_table(wb.create_sheet(sheet), table)
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

    wb = _new_workbook()
    _put_table(wb.create_sheet("2023年"), _dues_table(rng, [d for d in dues if d.year == 2023], 2023))
    built.add_workbook("2023年度工会经费收缴台账.xlsx", wb)

    # the seed unit sends its own 2024 ledger (below), so the district's leaves it out
    wb = _new_workbook()
    district_2024 = [d for d in dues if d.year == SEED_YEAR and d.unit != SEED_UNIT]
    _put_table(wb.create_sheet("2024年"), _dues_table(rng, district_2024, SEED_YEAR))
    built.add_workbook("2024年度工会经费收缴台账.xlsx", wb)

    # one unit's own ledger: no 单位 column, the unit is on the 填报单位 line (contract §3 yes*)
    own = sorted(
        (d for d in dues if (d.unit, d.year) == (SEED_UNIT, SEED_YEAR)), key=lambda d: (d.month, d.fund_type != UNION_FUNDS)
    )
    rows: list[list | None] = []
    for number, fact in enumerate(own, start=1):
        note = "含年终奖" if fact.month == 12 and fact.fund_type == UNION_FUNDS else ("当月未缴" if fact.paid == 0 else None)
        rows.append([number, f"{fact.month}月", fact.fund_type, fact.due, fact.paid, note])
    total = ["合计", None, None, round(_sum(rows, 3), 2), round(_sum(rows, 4), 2), None]
    rows.append(total)
    wb = _new_workbook()
    _put_table(
        wb.create_sheet("Sheet1"),
        _Table(
            title=f"{SEED_YEAR}年度工会经费收缴台账",
            lines=(f"填报单位:{SEED_UNIT}  单位:元",),
            header=("序号", "月份", "经费类别", "应缴金额（元）", "实缴金额（元）", "备注"),
            rows=rows,
            footer=("填表人:周敏  审核人:吴强",),
            widths=(6, 8, 10, 16, 16, 12),
        ),
    )
    built.add_workbook(f"{SEED_UNIT}{SEED_YEAR}年经费收缴台账.xlsx", wb)


# --------------------------------------------------------------------------- welfare

WELFARE_HEADERS: dict[str, tuple[str, ...]] = {
    "old": ("序号", "发放日期", "基层工会", "姓名", "慰问事由", "慰问金额（元）", "人次", "经费来源"),
    "2023": ("序号", "日期", "单位", "慰问对象", "事由", "金额（元）", "人次", "资金来源"),
    "2024": ("序号", "慰问日期", "单位名称", "职工姓名", "慰问类别", "发放金额", "人数", "资金来源"),
}
WELFARE_WIDTHS = (6, 14, 30, 12, 22, 12, 8, 16)
DATE_COLUMN, AMOUNT_COLUMN, COUNT_COLUMN = 1, 5, 6


def _welfare_rows(
    rng: random.Random, facts: Sequence[WelfareFact], date_weights: tuple[int, int, int, int], text_share: float = 0.06
) -> list[list | None]:
    return [
        [
            number,
            _written_date(rng, f.when, date_weights),
            f.unit,
            f.recipient,
            f.reason,
            _written_amount(rng, f.amount, text_share),
            f.count,
            f.source,
        ]
        for number, f in enumerate(facts, start=1)
    ]


def _welfare_kind(year: int) -> str:
    """Which of WELFARE_HEADERS a year's ledger uses."""
    return "old" if year <= 2022 else str(min(year, 2024))


def _welfare_table(title: str, filed_by: str, kind: str, rows: list[list | None], with_total: bool) -> _Table:
    rows = list(rows)
    if with_total:
        rows.append(["合计", None, None, None, None, round(_sum(rows, AMOUNT_COLUMN)), round(_sum(rows, COUNT_COLUMN)), None])
    return _Table(
        title=title,
        lines=(f"填报单位:{filed_by}  单位:元",),
        header=WELFARE_HEADERS[kind],
        rows=rows,
        footer=(SIGNATURE,),
        widths=WELFARE_WIDTHS,
        date_format="yyyy/m/d" if kind == "old" else "yyyy-mm-dd",
    )


def _add_welfare(built: _Built, seed: int, welfare: list[WelfareFact]) -> None:
    rng = _rng(seed, "welfare-layout")

    def of(year: int, street: str | None = None) -> list[WelfareFact]:
        return [
            w
            for w in welfare
            if w.when.year == year
            and (street is None or UNIT_BY_NAME[w.unit].parent == street)
            and (w.unit, year) != (SEED_UNIT, SEED_YEAR)
        ]

    file = "帮扶慰问台账（2019-2022年）.xlsx"
    wb = _new_workbook()
    for year in (2019, 2020, 2021, 2022):
        sheet = f"{year}年"
        rows = _welfare_rows(rng, of(year), (70, 20, 0, 10))
        spoiled = year == 2020
        if spoiled:
            index = len(rows) // 3
            rows[index][AMOUNT_COLUMN] = "暂缺"
        table = _welfare_table(f"{year}年帮扶慰问台账", DISTRICT, "old", rows, with_total=not spoiled)
        _put_table(wb.create_sheet(sheet), table)
        if spoiled:
            built.plant(file, sheet, table, index, AMOUNT_COLUMN, REJECTED, "金额写的是「暂缺」")
    built.add_workbook(file, wb)

    file = "2023年帮扶慰问台账.xlsx"
    wb = _new_workbook()
    for street in STREETS:
        sheet = STREET_SHORT[street]
        rows = _welfare_rows(rng, of(2023, street), (40, 25, 25, 10))
        spoiled = street == WEST
        if spoiled:
            missing, negative = len(rows) // 4, len(rows) // 2
            rows[missing][AMOUNT_COLUMN] = "暂缺"
            rows[negative][COUNT_COLUMN] = -1
        table = _welfare_table(f"2023年帮扶慰问台账（{sheet}）", street, "2023", rows, with_total=not spoiled)
        _put_table(wb.create_sheet(sheet), table)
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
        rows = _welfare_rows(rng, facts, (40, 20, 40, 0))
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
        table = _welfare_table(f"{SEED_YEAR}年帮扶慰问台账（{short}）", street, "2024", rows, with_total)
        wb = _new_workbook()
        _put_table(wb.create_sheet("慰问台账"), table)
        for index, column, level, what in planted:
            built.plant(file, "慰问台账", table, index, column, level, what)
        built.add_workbook(file, wb)

    # the seed unit's own ledger: no 单位 column, the unit on the 填报单位 line
    seed_facts = [w for w in welfare if (w.unit, w.when.year) == (SEED_UNIT, SEED_YEAR)]
    wb = _new_workbook()
    _put_table(wb.create_sheet("Sheet1"), _one_unit_welfare_table(rng, seed_facts, SEED_UNIT, SEED_YEAR))
    built.add_workbook(_one_unit_welfare_file(SEED_UNIT, SEED_YEAR), wb)


def _one_unit_welfare_file(unit: str, year: int) -> str:
    return f"{unit}{year}年帮扶慰问台账.xlsx"


def _one_unit_welfare_table(rng: random.Random, facts: Sequence[WelfareFact], unit: str, year: int) -> _Table:
    """One unit's own ledger for a year: no 单位 column, the unit on the 填报单位 line."""
    rows: list[list | None] = []
    for number, f in enumerate(facts, start=1):
        note = "住院两次" if f.count == 2 else None
        rows.append(
            [
                number,
                _written_date(rng, f.when, (50, 20, 20, 10)),
                f.recipient,
                f.reason,
                _written_amount(rng, f.amount),
                f.count,
                f.source,
                note,
            ]
        )
    rows.append(["合计", None, None, None, round(_sum(rows, 4)), round(_sum(rows, 5)), None, None])
    return _Table(
        title=f"{year}年职工帮扶慰问台账",
        lines=(f"填报单位:{unit}  单位:元",),
        header=("序号", "日期", "慰问对象", "慰问事由", "慰问金", "人次", "资金来源", "备注"),
        rows=rows,
        footer=("填表人:周敏  审核人:吴强  联系电话:0000-8765 1234",),
        widths=(6, 14, 12, 24, 10, 8, 16, 10),
    )


# --------------------------------------------------------------------------- competitions

LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "单位内": ("公司内部", "厂级", "单位内部"),
    "区县级": ("区级", "区总工会", "区级"),
    "市级": ("市级", "市总工会"),
    "省级": ("省级",),
    "全国": ("全国", "国家级"),
}
AWARD_WORDS: tuple[dict[str, str | None], ...] = (
    {"一等奖": "一等奖", "二等奖": "二等奖", "三等奖": "三等奖", "优秀奖": "优秀奖", "未获奖": None},
    {"一等奖": "金奖", "二等奖": "银奖", "三等奖": "铜奖", "优秀奖": "优胜奖", "未获奖": "参赛"},
    {"一等奖": "第一名", "二等奖": "第二名", "三等奖": "第三名", "优秀奖": "鼓励奖", "未获奖": None},
)


def _competition_rows(rng: random.Random, facts: list[CompetitionFact], when_cell) -> list[list | None]:
    """Rows with each contest's level and awards written one way, as its organiser did."""
    styles: dict[str, tuple[str, dict[str, str | None]]] = {}
    rows: list[list | None] = []
    for number, f in enumerate(facts, start=1):
        if f.contest not in styles:
            level = "街道级" if f.contest.startswith("南湖街道") else rng.choice(LEVEL_WORDS[f.level])
            styles[f.contest] = (level, rng.choice(AWARD_WORDS))
        level, awards = styles[f.contest]
        entries: object = f.entries
        if f.entries and f.person is None and f.event == "其他参赛职工":
            entries = f"{f.entries}人"
        rows.append([number, f.contest, when_cell(f), f.unit, f.person, f.event, level, awards[f.award], entries])
    return rows


# How each earlier year's contests wrote the year, in turn: 2019, 2020年, 2021, 2022年度, 2023年10月
YEAR_FORMS = (
    lambda d: d.year,
    lambda d: f"{d.year}年",
    lambda d: d.year,
    lambda d: f"{d.year}年度",
    lambda d: f"{d.year}年{d.month}月",
)


def _years_text(years: Sequence[int], dash: str = "-") -> str:
    """2019-2023年 (file names) or 2019—2023年 (titles); a single year is 2023年."""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}{dash}{years[-1]}年"


def _add_competitions(
    built: _Built, seed: int, facts: list[CompetitionFact], filed_by: str = DISTRICT, years: Sequence[int] = YEARS
) -> None:
    """The earlier years' results in one sheet, the last year's in a workbook of its own."""
    rng = _rng(seed, "competitions-layout")
    *before, last = years
    year_forms = {year: YEAR_FORMS[index % len(YEAR_FORMS)] for index, year in enumerate(before)}
    earlier = [f for f in facts if f.when.year < last]
    table = _Table(
        title=f"{_years_text(before, '—')}职工劳动竞赛和技能比武获奖情况",
        lines=(f"填报单位:{filed_by}",),
        header=("序号", "竞赛名称", "年度", "单位", "姓名", "工种", "级别", "获奖情况", "人数"),
        rows=_competition_rows(rng, earlier, lambda f: year_forms[f.when.year](f.when)),
        footer=("注:个人项目人数不填;团体项目填参赛人数。", SIGNATURE),
        widths=(6, 36, 12, 30, 10, 16, 10, 10, 8),
    )
    built.add_tables(f"劳动竞赛获奖情况（{_years_text(before)}）.xlsx", [("获奖情况", table)], "competitions")

    def when_2024(f: CompetitionFact) -> date | str:
        return rng.choice((f.when, f.when, f"{f.when.year}年{f.when.month}月", f"{f.when.year}/{f.when.month}/{f.when.day}"))

    latest = [f for f in facts if f.when.year == last]
    inside = [f for f in latest if f.level == "单位内"]
    outside = [f for f in latest if f.level != "单位内"]
    header = ("序号", "比赛名称", "比赛日期", "参赛单位", "选手", "比赛项目", "竞赛级别", "名次", "参赛人数")
    sheets = []
    for sheet, rows in (("区级以上赛事", outside), ("单位内部比武", inside)):
        table = _Table(
            title=f"{last}年职工技能比武成绩表({sheet})",
            lines=(f"填报单位:{filed_by}",),
            header=header,
            rows=_competition_rows(rng, rows, when_2024),
            footer=(SIGNATURE,),
            widths=(6, 36, 14, 30, 10, 16, 10, 8, 10),
        )
        sheets.append((sheet, table))
    built.add_tables(f"{last}年职工技能比武成绩表.xlsx", sheets, "competitions")


# --------------------------------------------------------------------------- units


def _add_units(
    built: _Built, seed: int, facts: list[UnitYearFact], filed_by: str = DISTRICT, years: Sequence[int] = YEARS
) -> None:
    """The registry of the earlier years as one sheet, the last year's as a GB18030 CSV."""
    rng = _rng(seed, "units-layout")
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
    table = _Table(
        title=f"基层工会组建情况统计表（{_years_text(before, '—')}）",
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
    built.add_tables(f"基层工会组建情况统计表（{_years_text(before)}）.xlsx", [("组建情况", table)], "units")

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


def _add_finance(built: _Built, seed: int, district: dict[int, list[FinanceLine]], units: dict[str, list[FinanceLine]]) -> None:
    _add_statements(built, seed, DISTRICT, district)
    _add_unit_statements(built, units, SEED_YEAR)


def _add_statements(
    built: _Built, seed: int, filed_by: str, statements: dict[int, list[FinanceLine]], topic: str = "finance-layout"
) -> None:
    """A union's own statements, a sheet a year: no 单位 column, the unit on the 填报单位 line."""
    rng = _rng(seed, topic)
    sheets = []
    for year, lines in statements.items():
        with_flow = year >= 2022
        header = ("序号", "科目", "年度", "预算数", "决算数") + (("收支类型",) if with_flow else ())
        rows = _finance_rows(lines, year, with_flow, 1, 2, None)
        _type_some_as_text(rng, rows, range(3, 5), 2, "元")
        table = _Table(
            title=f"{filed_by}{year}年度经费收支决算表",
            lines=(f"填报单位:{filed_by}  单位:元",),
            header=header,
            rows=rows,
            footer=("单位负责人:王建华  财务负责人:孙敏  制表人:赵琳",),
            widths=(6, 22, 8, 16, 16, 10),
        )
        sheets.append((f"{year}年", table))
    built.add_tables(f"{filed_by}经费收支决算表（{_years_text(list(statements))}）.xlsx", sheets, "finance")


def _add_unit_statements(built: _Built, units: dict[str, list[FinanceLine]], year: int) -> None:
    """A few units' statements in 万元: the header says so, the importer multiplies by 10,000."""
    sheets = []
    for unit, lines in units.items():
        table = _Table(
            title=f"{year}年度基层工会经费收支决算表",
            lines=("单位:万元",),
            header=("序号", "单位", "科目名称", "年度", "预算数(万元)", "决算数(万元)"),
            rows=_finance_rows(lines, year, False, 10_000, 4, unit),
            footer=("单位负责人:  财务负责人:  制表人:",),
            widths=(6, 30, 20, 8, 14, 14),
        )
        sheets.append((unit.removesuffix("工会").removesuffix("有限公司")[:10], table))
    built.add_tables(f"{year}年基层工会经费收支决算表（万元）.xlsx", sheets, "finance")


# --------------------------------------------------------------------------- writing, city size


def _stream_table(ws, table: _Table) -> None:
    """``_put_table`` for a write-only worksheet: the same layout, written top to bottom.

    Widths, frozen panes and merged ranges must be set before the first row is written
    (write-only mode writes them first or keeps them for the end).
    """
    for column, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = f"A{table.first_data_row}"
    ws.row_dimensions[1].height = 30
    ws.merged_cells.add(f"A1:{get_column_letter(table.width)}1")
    ws.append([_styled_cell(ws, table.title, TITLE_FONT)])
    for line in table.lines:
        ws.append([line])
    if table.gap_before_header:
        ws.append([])

    top = 2 + len(table.lines) + table.gap_before_header
    first: list[object] = []
    second: list[object] = []
    for item in table.header:
        column = len(first) + 1
        if isinstance(item, tuple):
            parent, children = item
            first += [parent] + [None] * (len(children) - 1)
            second += list(children)
            ws.merged_cells.add(f"{get_column_letter(column)}{top}:{get_column_letter(column + len(children) - 1)}{top}")
        else:
            first.append(item)
            second.append(None)
            if table.header_rows == 2:
                ws.merged_cells.add(f"{get_column_letter(column)}{top}:{get_column_letter(column)}{top + 1}")
    for texts in (first, second)[: table.header_rows]:
        ws.append([_styled_cell(ws, text, HEADER_FONT, HEADER_FILL, BORDER) for text in texts])

    for values in table.rows:
        if values is None:
            ws.append([])
            continue
        ws.append([_formatted_cell(ws, v, table.date_format) if isinstance(v, (date, float)) else v for v in values])
    for line in table.footer:
        ws.append([line])


def _styled_cell(ws, value: object, font: Font, fill: PatternFill | None = None, border: Border | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.font, cell.alignment = font, CENTER
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    return cell


def _formatted_cell(ws, value: date | float, date_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = date_format if isinstance(value, date) else "#,##0.00"
    return cell


def _save_streamed(path: Path, sheets: Sequence[tuple[str, _Table]]) -> None:
    """Write a workbook of one table per sheet in write-only mode, reproducibly."""
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = CITY_UNION
    for sheet, table in sheets:
        _stream_table(wb.create_sheet(sheet), table)
    save_workbook_reproducibly(wb, path, SAMPLE_TIMESTAMP)


def _stored_rows(table: _Table, kind: str) -> int:
    """The rows of a table the importer stores: data rows (a 序号 first), and for finance
    also the 上年结余 / 本年结余 lines."""
    count = 0
    for row in table.rows:
        if row and (isinstance(row[0], int) or (kind == "finance" and ("上年结余" in row or "本年结余" in row))):
            count += 1
    return count


@dataclass
class _CityFiles(_Built):
    """A city's files, each written to ``out_dir`` as soon as it is made, with a list of
    what each holds (file, kind, data rows)."""

    out_dir: Path = Path()
    manifest: list[dict] = field(default_factory=list)

    def add_tables(self, name: str, sheets: Sequence[tuple[str, _Table]], kind: str) -> None:
        _save_streamed(self.out_dir / name, sheets)
        self.manifest.append({"file": name, "kind": kind, "rows": sum(_stored_rows(table, kind) for _, table in sheets)})

    def add_bytes(self, name: str, payload: bytes, kind: str, rows: int) -> None:
        (self.out_dir / name).write_bytes(payload)
        self.manifest.append({"file": name, "kind": kind, "rows": rows})


# --------------------------------------------------------------------------- the city

CITY_UNION = "示范市总工会"
FIRM_CHARS = "华新瑞丰博远宏达鑫源金桥启明天诚碧水润泽顺捷安居恒佳盛通嘉禾永泰康宁信联创兴业汇卓越振东方中长城光大宝利"
INDUSTRIES: tuple[str, ...] = (
    "机械",
    "电子",
    "食品",
    "纺织",
    "物流",
    "建筑工程",
    "软件科技",
    "环保科技",
    "物业服务",
    "餐饮管理",
    "汽车零部件",
    "快递服务",
    "家政服务",
    "医药",
    "化工",
    "服装",
    "信息技术",
    "精密制造",
    "养老服务",
    "装饰工程",
    "商贸",
    "印务",
    "家具制造",
    "新材料",
)
STATE_FIRM_SUFFIXES = ("集团有限公司", "股份有限公司", "有限责任公司")
SCHOOL_KINDS = ("小学", "小学", "中学", "幼儿园")
HOSPITAL_KINDS = ("医院", "口腔医院", "中医医院", "妇幼保健院")
OFFICES = ("市场监管所", "派出所", "税务所", "司法所", "财政所", "文化站", "环卫所", "供电所", "卫生监督所", "自然资源所")
COMMUNITY_WORDS = tuple(
    "和平 幸福 阳光 锦绣 翠苑 春晖 金桂 枫丹 花园 新村 滨河 育才 文苑 怡景 康乐 绿洲 朝晖 民主 团结 振兴".split()
)
CHINESE_NUMERALS = "一二三四五六七八九"


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


def _chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (up to 99), as schools are numbered."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[ones - 1] if ones else "")


class _CityNames:
    """Made-up unit names, unique in the city and apart from the sample district's."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._taken = {u.name.removesuffix("工会") for u in UNITS}
        self._numbers: dict[tuple[str, str], int] = {}

    def name(self, place: str, unit_type: str) -> str:
        for _ in range(40):
            name = self._candidate(place, unit_type)
            if name not in self._taken:
                break
        else:  # a 街道 crowded with one type: number them
            name = f"{place}{unit_type}第{self._next(place, unit_type)}单位"
        self._taken.add(name)
        return name

    def _next(self, place: str, what: str) -> int:
        number = self._numbers.get((place, what), 0) + 1
        self._numbers[(place, what)] = number
        return number

    def _candidate(self, place: str, unit_type: str) -> str:
        rng = self._rng
        brand = "".join(rng.sample(FIRM_CHARS, 2))
        if unit_type == "非公企业":
            return f"{brand}{rng.choice(INDUSTRIES)}有限公司"
        if unit_type == "企业":
            return f"{brand}{rng.choice(INDUSTRIES)}{rng.choice(STATE_FIRM_SUFFIXES)}"
        if unit_type == "学校":
            kind = rng.choice(SCHOOL_KINDS)
            return f"{place}第{_chinese_number(self._next(place, kind))}{kind}"
        if unit_type == "医院":
            if (place, "卫生服务中心") not in self._numbers:
                self._next(place, "卫生服务中心")
                return f"{place}社区卫生服务中心"
            return f"{brand}{rng.choice(HOSPITAL_KINDS)}"
        if unit_type == "机关事业":
            return f"{place}{rng.choice(OFFICES)}"
        return f"{place}{rng.choice(COMMUNITY_WORDS)}社区"


def _city_units(seed: int, scale: Scale) -> tuple[SampleUnit, ...]:
    """The city's units, 街道 by 街道; each 街道 opens with its own 机关工会."""
    rng = _rng(seed, "city-units")
    names = _CityNames(rng)
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


def _units_by_parent(units: Sequence[SampleUnit]) -> dict[str, list[SampleUnit]]:
    by_parent: dict[str, list[SampleUnit]] = {}
    for unit in units:
        by_parent.setdefault(unit.parent, []).append(unit)
    return by_parent


def _welfare_rate(membership: MembershipFacts, units: Sequence[SampleUnit], years: Sequence[int], rows: float) -> float:
    """The ``rate`` of ``_welfare_facts`` that makes about ``rows`` payments in all."""
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


def _own_ledgers(seed: int, membership: MembershipFacts, units: Sequence[SampleUnit], count: int) -> set[tuple[str, int]]:
    """(unit, year) of the units that send that year's welfare ledger themselves, one
    year each, ``count`` different units."""
    rng = _rng(seed, "welfare-own-ledgers")
    years_of: dict[str, list[int]] = {}
    for name, year in membership:
        years_of.setdefault(name, []).append(year)
    chosen = rng.sample([u.name for u in units if u.name in years_of], min(count, len(years_of)))
    return {(name, rng.choice(years_of[name])) for name in chosen}


DATE_WEIGHTS = {"old": (70, 20, 0, 10), "2023": (40, 25, 25, 10), "2024": (40, 20, 40, 0)}


def _add_city_parent(
    built: _CityFiles,
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

    rng = _rng(seed, f"membership-layout:{parent}")
    groups = [(t.name, [u for u in units if u.unit_type == t.name]) for t in CITY_UNIT_TYPES]
    sheets = [
        (f"{year}年", _membership_table(rng, membership, year, True, groups, parent, typed=max(4, len(units) // 25)))
        for year in years
    ]
    built.add_tables(f"{short}会员统计表（{_years_text(years)}）.xlsx", sheets, "membership")

    dues = _dues_facts(seed, membership, units, years, topic=f"dues:{parent}")
    rng = _rng(seed, f"dues-layout:{parent}")
    for year in years:
        of_year = [d for d in dues if d.year == year]
        table = _dues_table(rng, of_year, year, filed_by=parent, typed=5 + len(of_year) // 200)
        built.add_tables(f"{year}年度{short}工会经费收缴台账.xlsx", [(f"{year}年", table)], "dues")

    welfare = _welfare_facts(seed, membership, units, years, topic=f"welfare:{parent}", rate=rate)
    rng = _rng(seed, f"welfare-layout:{parent}")
    for year in years:
        of_year = [w for w in welfare if w.when.year == year and (w.unit, year) not in own_ledgers]
        kind = _welfare_kind(year)
        rows = _welfare_rows(rng, of_year, DATE_WEIGHTS[kind])
        table = _welfare_table(f"{year}年帮扶慰问台账（{short}）", parent, kind, rows, with_total=True)
        built.add_tables(f"{year}年{short}帮扶慰问台账.xlsx", [("慰问台账", table)], "welfare")
    for unit in units:
        for year in years:
            if (unit.name, year) in own_ledgers:
                facts = [w for w in welfare if w.unit == unit.name and w.when.year == year]
                table = _one_unit_welfare_table(rng, facts, unit.name, year)
                built.add_tables(_one_unit_welfare_file(unit.name, year), [("Sheet1", table)], "welfare")
    return dues, welfare


# event → words of a firm's name whose people enter it
CITY_EVENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("数控车工", ("机械", "汽车零部件", "精密制造")),
    ("钳工", ("机械", "汽车零部件", "家具制造")),
    ("电工", ("建筑工程", "电子", "物业服务", "装饰工程")),
    ("焊工", ("建筑工程", "机械", "新材料")),
    ("中式烹调师", ("食品", "餐饮管理")),
    ("叉车司机", ("物流", "快递服务", "商贸")),
    ("网络安全管理员", ("软件科技", "信息技术", "电子")),
    ("养老护理员", ("家政服务", "养老服务")),
    ("缝纫工", ("纺织", "服装")),
    ("化学检验员", ("医药", "化工", "环保科技")),
)
CITY_ENTRANTS = 12  # units sent to each event of the city's contest


def _city_competition_facts(
    seed: int, membership: MembershipFacts, units: Sequence[SampleUnit], years: Sequence[int]
) -> list[CompetitionFact]:
    """A year's contests: the city's skills contest (its winners go on to the province),
    a teachers' contest, each 街道's team quiz, and the biggest firm's own 技能比武 in each 街道."""
    rng = _rng(seed, "competitions")
    facts: list[CompetitionFact] = []
    by_parent = _units_by_parent(units)
    for year in years:
        active = [u for u in units if (u.name, year) in membership]
        names = _Names(rng)

        contest = f"示范市第{year - 2012}届职工职业技能大赛"
        when = date(year, 10, rng.randint(10, 28))
        finalists = []
        for event, words in CITY_EVENTS:
            candidates = [u.name for u in active if any(word in u.name for word in words)]
            sent = rng.sample(candidates, min(CITY_ENTRANTS, len(candidates)))
            entries = _ranked_entries(rng, names, contest, when, event, sent, "市级")
            facts += entries
            finalists += [f for f in entries if f.award == "一等奖"]
        when = date(year, 12, rng.randint(1, 20))
        for f in finalists:
            tier = rng.choice(("二等奖", "三等奖", "三等奖", "优秀奖", "优秀奖", "未获奖"))
            facts.append(CompetitionFact("全省职工职业技能大赛", when, f.unit, f.person, f.event, "省级", tier, None))

        schools = [u.name for u in active if u.unit_type == "学校"]
        contest = f"{year}年全市中小学幼儿园教师教学技能比赛"
        when = date(year, 11, rng.randint(5, 25))
        sent = rng.sample(schools, min(30, len(schools)))
        facts += _ranked_entries(rng, names, contest, when, "课堂教学", sent, "市级", (2, 4))

        for parent, members in by_parent.items():
            present = [u for u in members if (u.name, year) in membership]
            if not present:
                continue
            short = parent.removesuffix("总工会")
            contest = f"{short}{year}年安全生产知识竞赛"
            when = date(year, 6, rng.randint(1, 28))
            teams = [u.name for u in rng.sample(present, min(10, len(present)))]
            for unit, tier in zip(teams, _podium(len(teams)), strict=True):
                facts.append(CompetitionFact(contest, when, unit, None, "团体赛", "区县级", tier, 3))

            firm = max(present, key=lambda u: (u.unit_type in ("企业", "非公企业"), u.employees))
            contest = f"{firm.name.removesuffix('工会')}{year}年职工技能比武"
            when = date(year, 6, rng.randint(10, 25))
            winners = ["一等奖"] + ["二等奖"] * 2 + ["三等奖"] * 3 + ["优秀奖"] * 4
            for tier in winners:
                event = rng.choice(("装配钳工", "数控车工", "焊工", "电工", "质检员"))
                facts.append(CompetitionFact(contest, when, firm.name, names.next(), event, "单位内", tier, None))
            others = rng.randint(20, 70)
            facts.append(CompetitionFact(contest, when, firm.name, None, "其他参赛职工", "单位内", "未获奖", others))
    return facts


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
    built = _CityFiles([], [], out_dir=job.out_dir)
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
    units = _city_units(seed, scale)
    membership = _membership_facts(seed, units, years)
    rate = _welfare_rate(membership, units, years, scale.welfare_rows)
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
        for parent, members in _units_by_parent(units).items()
    ]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

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

    built = _CityFiles([], [], out_dir=out_dir)
    _add_competitions(built, seed, _city_competition_facts(seed, membership, units, years), CITY_UNION, years)
    _add_units(built, seed, _unit_year_facts(seed, units, years), CITY_UNION, years)
    for job in jobs:
        _add_statements(built, seed, job.parent, _parent_finance(seed, job.parent, years), topic=f"finance-layout:{job.parent}")
    _add_unit_statements(built, _unit_finance(seed, finance_dues, finance_welfare, last, finance_units), last)
    manifest += built.manifest

    own = [out_dir / _one_unit_welfare_file(unit, year) for unit, year in sorted(own_ledgers)]
    return CitySample([out_dir / entry["file"] for entry in manifest], manifest, totals, own)


def _parent_finance(seed: int, parent: str, years: Sequence[int]) -> dict[int, list[FinanceLine]]:
    """A 街道总工会's statements: the district's accounts, opening high enough that no
    year closes below zero (a negative 结余 would be read as a 红字 correction)."""
    opening = round(_rng(seed, f"finance-opening:{parent}").uniform(1_000_000, 3_000_000), 2)
    while True:
        statements = _district_finance(seed, years, topic=f"finance:{parent}", opening=opening)
        lowest = min(lines[-1].actual for lines in statements.values())
        if lowest > 0:
            return statements
        opening = round(opening - lowest + 100_000, 2)


# --------------------------------------------------------------------------- one big ledger

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
    units = _city_units(seed, scale)
    year = scale.last_year
    membership = _membership_facts(seed, units, scale.year_range)
    target = rows * 1.03
    while True:
        rate = _welfare_rate(membership, units, (year,), target)
        facts = _welfare_facts(seed, membership, units, (year,), topic=f"ledger:{rows}", rate=rate)
        if len(facts) >= rows:
            break
        target *= 1.1 * rows / max(1, len(facts))
    rng = _rng(seed, f"ledger-layout:{rows}")
    dropped = set(rng.sample(range(len(facts)), len(facts) - rows))
    facts = sorted((f for i, f in enumerate(facts) if i not in dropped), key=lambda f: f.when)

    halves = rows > LEDGER_SHEET_ROWS
    blocks = [("1-6月", [f for f in facts if f.when.month <= 6]), ("7-12月", [f for f in facts if f.when.month > 6])]
    if not halves:
        blocks = [("慰问台账", facts)]
    kind = _welfare_kind(year)
    wb = Workbook(write_only=True)
    wb.properties.creator = wb.properties.lastModifiedBy = CITY_UNION
    for sheet, block in blocks:
        table_rows = _welfare_rows(rng, block, (40, 25, 25, 10), LEDGER_TEXT_SHARE)
        title = f"{year}年帮扶慰问台账" + (f"（{sheet}）" if halves else "")
        _stream_table(wb.create_sheet(sheet), _welfare_table(title, CITY_UNION, kind, table_rows, with_total=True))
        del table_rows  # a sheet of half a million rows is a few hundred MB of Python lists
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook_reproducibly(wb, path, SAMPLE_TIMESTAMP)
    return LedgerSample(
        path, rows, sum(f.amount for f in facts), sum(f.count for f in facts), tuple(sheet for sheet, _ in blocks)
    )
