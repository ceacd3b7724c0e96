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
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from unionstats.ingest.model import REJECTED, WARNING
from unionstats.rules.dues import MEMBER_DUES, UNION_FUNDS, UNION_FUNDS_RATE
from unionstats.template import save_workbook_reproducibly

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


def write_sample(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the sample files into ``out_dir`` (created if missing) and return their paths.

    The same seed gives the same bytes on every run.
    """
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


def _membership_facts(seed: int) -> MembershipFacts:
    """(unit, year) → the year's figures by field id of ``rules/columns.py``."""
    rng = _rng(seed, "membership")
    facts: MembershipFacts = {}
    for unit in UNITS:
        if unit.founded is None:
            continue
        first_year = max(YEARS[0], unit.founded)
        new_union = unit.founded >= YEARS[0]
        rate = rng.uniform(0.85, 0.88) if new_union else rng.uniform(0.86, 0.95)
        rate_step = rng.uniform(0.004, 0.012)
        growth = rng.uniform(-0.015, 0.04)
        realname, realname_step = rng.uniform(0.40, 0.60), rng.uniform(0.06, 0.10)
        insured, checkup, turnover = rng.uniform(0.55, 0.85), rng.uniform(0.72, 0.95), rng.uniform(0.03, 0.08)
        employees, previous_members = unit.employees, None
        for year in YEARS:
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
            year_index = year - YEARS[0]
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


@dataclass(frozen=True)
class DuesFact:
    unit: str
    year: int
    month: int
    fund_type: str
    due: float  # 元
    paid: float  # 元


def _dues_facts(seed: int, membership: MembershipFacts) -> list[DuesFact]:
    """Monthly 应缴/实缴 of 工会经费 (2% of wages) and 会费; 收缴率 about 70–110% a year."""
    rng = _rng(seed, "dues")
    facts = []
    for unit in UNITS:
        for year in YEARS:
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            wage = unit.wage * (1 + WAGE_GROWTH) ** (year - YEARS[0])
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


@dataclass(frozen=True)
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


def _welfare_facts(seed: int, membership: MembershipFacts) -> list[WelfareFact]:
    """Every payment of every unit and year, ordered by unit, then year, then date."""
    rng = _rng(seed, "welfare")
    facts: list[WelfareFact] = []
    for unit in UNITS:
        for year in YEARS:
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
                for _ in range(_draw_count(rng, expected)):
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
            entrants = [(u, names.next()) for u in units if u in active for _ in range(rng.randint(1, 3))]
            rng.shuffle(entrants)
            for (unit, person), tier in zip(entrants, _podium(len(entrants)), strict=True):
                facts.append(CompetitionFact(contest, when, unit, person, event, "区县级", tier, None))
                if tier == "一等奖":
                    finalists.append((unit, person, event))

        contest = f"{year}年示范区中小学幼儿园教师教学技能比赛"
        when = date(year, 11, rng.randint(5, 25))
        entrants = [(u, names.next()) for u in SCHOOLS for _ in range(rng.randint(2, 4))]
        rng.shuffle(entrants)
        for (unit, person), tier in zip(entrants, _podium(len(entrants)), strict=True):
            facts.append(CompetitionFact(contest, when, unit, person, "课堂教学", "区县级", tier, None))

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


def _unit_year_facts(seed: int) -> list[UnitYearFact]:
    """The registry: per unit and year, 建会 and the three coverage flags."""
    rng = _rng(seed, "units")
    facts = []
    for unit in UNITS:
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
        for year in YEARS:
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


def _district_finance(seed: int) -> dict[int, list[FinanceLine]]:
    """示范区总工会's statement per year, in 元 with fen; each year opens with last year's closing."""
    rng = _rng(seed, "finance-district")
    statements = {}
    opening = 1_862_450.37
    for year in YEARS:
        income = [(name, round(rng.uniform(low, high), 2)) for name, low, high in DISTRICT_INCOME]
        expense = [(name, round(rng.uniform(low, high), 2)) for name, low, high in DISTRICT_EXPENSE]
        statements[year] = _statement(opening, _with_budget(rng, income), _with_budget(rng, expense), 2)
        opening = statements[year][-1].actual
    return statements


def _with_budget(rng: random.Random, rows: list[tuple[str, float]]) -> list[tuple[str, float, float]]:
    """(account, actual) → (account, budget, actual); budgets are round thousands near the actual."""
    return [(name, round(actual * rng.uniform(0.9, 1.1), -3), actual) for name, actual in rows]


def _unit_finance(seed: int, dues: list[DuesFact], welfare: list[WelfareFact], year: int) -> dict[str, list[FinanceLine]]:
    """A few units' statements for ``year`` in whole 元, tied to their dues and welfare."""
    rng = _rng(seed, "finance-units")
    statements = {}
    for unit in FINANCE_UNITS:
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


def _written_amount(rng: random.Random, amount: int) -> int | str:
    roll = rng.random()
    if roll < 0.03:
        return f"{amount}元"
    if roll < 0.06 and amount >= 1000:
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
    files: list[tuple[str, bytes]]
    planted: list[PlantedProblem]

    def add_workbook(self, name: str, wb: Workbook) -> None:
        buffer = io.BytesIO()
        save_workbook_reproducibly(wb, buffer, SAMPLE_TIMESTAMP)
        self.files.append((name, buffer.getvalue()))

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


def _membership_table(rng: random.Random, membership: MembershipFacts, year: int, street_subtotals: bool) -> _Table:
    layout = MEMBERSHIP_LAYOUTS[year]
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
    for street in STREETS:
        street_rows = []
        for unit in _units_of(street):
            figures = membership.get((unit.name, year))
            if figures is None:
                continue
            number += 1
            counts = [figures[f] for f in MEMBERSHIP_FIELDS]
            if unit.migrant_share == 0:
                counts[4] = counts[5] = layout.no_migrants
            street_rows.append([number, unit.name, street, period, *counts])
        rows += street_rows
        if street_subtotals:
            rows.append(
                [
                    None,
                    f"{STREET_SHORT[street]}小计",
                    None,
                    None,
                    *(round(_sum(street_rows, c)) for c in range(first_count, first_count + 10)),
                ]
            )
    data_rows = [r for r in rows if r and isinstance(r[0], int)]
    total = [None, "合计", None, None, *(round(_sum(data_rows, c)) for c in range(first_count, first_count + 10))]
    _type_some_as_text(rng, rows, range(first_count, first_count + 10), 4, "人")
    rows.append(total)
    if year == 2021:
        rows.insert(7, None)  # a blank row in the middle of the data
    return _Table(
        title=f"{year}年度会员统计表",
        lines=(f"填报单位:{DISTRICT}      统计截止日期:{year}年12月31日", "单位:人"),
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


def _dues_table(rng: random.Random, facts: list[DuesFact], year: int, off_by: float = 0.0) -> _Table:
    header = DUES_HEADERS[year]
    words = FUND_WORDS.get(year, {})
    with_remitted = "上解金额" in header
    if year == 2023:  # this year's clerk kept the ledger month by month
        facts = sorted(facts, key=lambda d: (d.month, UNIT_BY_NAME[d.unit].parent, d.unit))
    rows: list[list | None] = []
    for number, fact in enumerate(facts, start=1):
        row = [number, fact.unit, f"{fact.month}月", words.get(fact.fund_type, fact.fund_type), fact.due, fact.paid]
        if with_remitted:
            row.append(round(fact.paid * REMITTED_SHARE, 2) if fact.fund_type == UNION_FUNDS else 0.0)
        rows.append(row)
    total = [None, "合计", None, None, round(_sum(rows, 4), 2), round(_sum(rows, 5) + off_by, 2)]
    if with_remitted:
        total.append(round(_sum(rows, 6), 2))
    _type_some_as_text(rng, rows, range(4, 6), 5, "元")
    if year == 2020:
        rows.insert(len(rows) // 2, None)
    rows.append(total)
    return _Table(
        title=f"{year}年度工会经费收缴台账",  # the year lives only here: 月份 says "5月" (contract §3.2)
        lines=(f"填报单位:{DISTRICT}  单位:元",),
        header=header,
        rows=rows,
        footer=(SIGNATURE,),
        widths=DUES_WIDTHS,
        gap_before_header=year == 2022,
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


def _welfare_rows(rng: random.Random, facts: list[WelfareFact], date_weights: tuple[int, int, int, int]) -> list[list | None]:
    return [
        [
            number,
            _written_date(rng, f.when, date_weights),
            f.unit,
            f.recipient,
            f.reason,
            _written_amount(rng, f.amount),
            f.count,
            f.source,
        ]
        for number, f in enumerate(facts, start=1)
    ]


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
    seed_rows: list[list | None] = []
    for number, f in enumerate((w for w in welfare if (w.unit, w.when.year) == (SEED_UNIT, SEED_YEAR)), start=1):
        note = "住院两次" if f.count == 2 else None
        seed_rows.append(
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
    seed_rows.append(["合计", None, None, None, round(_sum(seed_rows, 4)), round(_sum(seed_rows, 5)), None, None])
    wb = _new_workbook()
    _put_table(
        wb.create_sheet("Sheet1"),
        _Table(
            title=f"{SEED_YEAR}年职工帮扶慰问台账",
            lines=(f"填报单位:{SEED_UNIT}  单位:元",),
            header=("序号", "日期", "慰问对象", "慰问事由", "慰问金", "人次", "资金来源", "备注"),
            rows=seed_rows,
            footer=("填表人:周敏  审核人:吴强  联系电话:0000-8765 1234",),
            widths=(6, 14, 12, 24, 10, 8, 16, 10),
        ),
    )
    built.add_workbook(f"{SEED_UNIT}{SEED_YEAR}年帮扶慰问台账.xlsx", wb)


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


def _add_competitions(built: _Built, seed: int, facts: list[CompetitionFact]) -> None:
    rng = _rng(seed, "competitions-layout")
    year_forms = {
        2019: lambda d: d.year,
        2020: lambda d: f"{d.year}年",
        2021: lambda d: d.year,
        2022: lambda d: f"{d.year}年度",
        2023: lambda d: f"{d.year}年{d.month}月",
    }
    earlier = [f for f in facts if f.when.year < SEED_YEAR]
    wb = _new_workbook()
    _put_table(
        wb.create_sheet("获奖情况"),
        _Table(
            title="2019—2023年职工劳动竞赛和技能比武获奖情况",
            lines=(f"填报单位:{DISTRICT}",),
            header=("序号", "竞赛名称", "年度", "单位", "姓名", "工种", "级别", "获奖情况", "人数"),
            rows=_competition_rows(rng, earlier, lambda f: year_forms[f.when.year](f.when)),
            footer=("注:个人项目人数不填;团体项目填参赛人数。", SIGNATURE),
            widths=(6, 36, 12, 30, 10, 16, 10, 10, 8),
        ),
    )
    built.add_workbook("劳动竞赛获奖情况（2019-2023年）.xlsx", wb)

    def when_2024(f: CompetitionFact) -> date | str:
        return rng.choice((f.when, f.when, f"{f.when.year}年{f.when.month}月", f"{f.when.year}/{f.when.month}/{f.when.day}"))

    latest = [f for f in facts if f.when.year == SEED_YEAR]
    inside = [f for f in latest if f.level == "单位内"]
    outside = [f for f in latest if f.level != "单位内"]
    header = ("序号", "比赛名称", "比赛日期", "参赛单位", "选手", "比赛项目", "竞赛级别", "名次", "参赛人数")
    wb = _new_workbook()
    for sheet, rows in (("区级以上赛事", outside), ("单位内部比武", inside)):
        _put_table(
            wb.create_sheet(sheet),
            _Table(
                title=f"{SEED_YEAR}年职工技能比武成绩表({sheet})",
                lines=(f"填报单位:{DISTRICT}",),
                header=header,
                rows=_competition_rows(rng, rows, when_2024),
                footer=(SIGNATURE,),
                widths=(6, 36, 14, 30, 10, 16, 10, 8, 10),
            ),
        )
    built.add_workbook(f"{SEED_YEAR}年职工技能比武成绩表.xlsx", wb)


# --------------------------------------------------------------------------- units


def _add_units(built: _Built, seed: int, facts: list[UnitYearFact]) -> None:
    rng = _rng(seed, "units-layout")

    def yes_no(flag: bool, year: int) -> str:
        return ("是" if flag else "否") if year <= 2021 else ("√" if flag else "×")

    rows: list[list | None] = []
    for number, f in enumerate((f for f in facts if f.year < SEED_YEAR), start=1):
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
    wb = _new_workbook()
    _put_table(
        wb.create_sheet("组建情况"),
        _Table(
            title="基层工会组建情况统计表（2019—2023年）",
            lines=(f"填报单位:{DISTRICT}",),
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
        ),
    )
    built.add_workbook("基层工会组建情况统计表（2019-2023年）.xlsx", wb)

    # the 2024 registry came out of an old system as a CSV in GB18030
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow([f"{SEED_YEAR}年基层工会组建情况登记表"])
    writer.writerow([f"填报单位:{DISTRICT}"])
    writer.writerow(["序号", "单位", "上级工会", "单位性质", "建会情况", "集体合同", "工资集体协商", "工会法人登记", "年度"])
    for number, f in enumerate((f for f in facts if f.year == SEED_YEAR), start=1):
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
                f"{SEED_YEAR}年",
            ]
        )
    writer.writerow([])
    writer.writerow([SIGNATURE])
    built.files.append((f"{SEED_YEAR}年单位信息登记表.csv", text.getvalue().encode("gb18030")))


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
    rng = _rng(seed, "finance-layout")
    # the district's own statements: no 单位 column, the unit on the 填报单位 line
    wb = _new_workbook()
    for year, lines in district.items():
        with_flow = year >= 2022
        header = ("序号", "科目", "年度", "预算数", "决算数") + (("收支类型",) if with_flow else ())
        rows = _finance_rows(lines, year, with_flow, 1, 2, None)
        _type_some_as_text(rng, rows, range(3, 5), 2, "元")
        _put_table(
            wb.create_sheet(f"{year}年"),
            _Table(
                title=f"{DISTRICT}{year}年度经费收支决算表",
                lines=(f"填报单位:{DISTRICT}  单位:元",),
                header=header,
                rows=rows,
                footer=("单位负责人:王建华  财务负责人:孙敏  制表人:赵琳",),
                widths=(6, 22, 8, 16, 16, 10),
            ),
        )
    built.add_workbook(f"{DISTRICT}经费收支决算表（2019-2024年）.xlsx", wb)

    # a few units' statements in 万元: the header says so, the importer multiplies by 10,000
    wb = _new_workbook()
    for unit, lines in units.items():
        sheet = unit.removesuffix("工会").removesuffix("有限公司")[:10]
        _put_table(
            wb.create_sheet(sheet),
            _Table(
                title=f"{SEED_YEAR}年度基层工会经费收支决算表",
                lines=("单位:万元",),
                header=("序号", "单位", "科目名称", "年度", "预算数(万元)", "决算数(万元)"),
                rows=_finance_rows(lines, SEED_YEAR, False, 10_000, 4, unit),
                footer=("单位负责人:  财务负责人:  制表人:",),
                widths=(6, 30, 20, 8, 14, 14),
            ),
        )
    built.add_workbook(f"{SEED_YEAR}年基层工会经费收支决算表（万元）.xlsx", wb)
