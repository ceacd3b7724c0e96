"""Competitions (劳动竞赛): the district's and the city's contests, their ranked entries,
and the results tables, each contest writing its level and awards its own way."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from unionstats.sample.membership import MembershipFacts
from unionstats.sample.names import (
    DISTRICT,
    HOSPITAL,
    HUAXIN,
    SEED_YEAR,
    SOUTH,
    TIANCHENG,
    UNITS,
    YEARS,
    PersonNames,
    SampleUnit,
    seeded_rng,
    units_by_parent,
    units_of,
)
from unionstats.sample.sheets import SIGNATURE, BuiltFiles, Table, years_text


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
    names: PersonNames,
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


def district_competition_facts(seed: int, membership: MembershipFacts) -> list[CompetitionFact]:
    rng = seeded_rng(seed, "competitions")
    facts: list[CompetitionFact] = []
    for year in YEARS:
        active = {u.name for u in UNITS if (u.name, year) in membership}
        names = PersonNames(rng)

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
            teams = [u.name for u in units_of(SOUTH) if u.name in active]
            rng.shuffle(teams)
            for unit, tier in zip(teams, _podium(len(teams)), strict=True):
                facts.append(CompetitionFact(contest, when, unit, None, "团体赛", "区县级", tier, 3))
    return facts


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


def city_competition_facts(
    seed: int, membership: MembershipFacts, units: Sequence[SampleUnit], years: Sequence[int]
) -> list[CompetitionFact]:
    """A year's contests: the city's skills contest (its winners go on to the province),
    a teachers' contest, each 街道's team quiz, and the biggest firm's own 技能比武 in each 街道."""
    rng = seeded_rng(seed, "competitions")
    facts: list[CompetitionFact] = []
    by_parent = units_by_parent(units)
    for year in years:
        active = [u for u in units if (u.name, year) in membership]
        names = PersonNames(rng)

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


def add_competitions(
    built: BuiltFiles, seed: int, facts: list[CompetitionFact], filed_by: str = DISTRICT, years: Sequence[int] = YEARS
) -> None:
    """The earlier years' results in one sheet, the last year's in a workbook of its own."""
    rng = seeded_rng(seed, "competitions-layout")
    *before, last = years
    year_forms = {year: YEAR_FORMS[index % len(YEAR_FORMS)] for index, year in enumerate(before)}
    earlier = [f for f in facts if f.when.year < last]
    table = Table(
        title=f"{years_text(before, '—')}职工劳动竞赛和技能比武获奖情况",
        lines=(f"填报单位:{filed_by}",),
        header=("序号", "竞赛名称", "年度", "单位", "姓名", "工种", "级别", "获奖情况", "人数"),
        rows=_competition_rows(rng, earlier, lambda f: year_forms[f.when.year](f.when)),
        footer=("注:个人项目人数不填;团体项目填参赛人数。", SIGNATURE),
        widths=(6, 36, 12, 30, 10, 16, 10, 10, 8),
    )
    built.add_tables(f"劳动竞赛获奖情况（{years_text(before)}）.xlsx", [("获奖情况", table)], "competitions")

    def when_2024(f: CompetitionFact) -> date | str:
        return rng.choice((f.when, f.when, f"{f.when.year}年{f.when.month}月", f"{f.when.year}/{f.when.month}/{f.when.day}"))

    latest = [f for f in facts if f.when.year == last]
    inside = [f for f in latest if f.level == "单位内"]
    outside = [f for f in latest if f.level != "单位内"]
    header = ("序号", "比赛名称", "比赛日期", "参赛单位", "选手", "比赛项目", "竞赛级别", "名次", "参赛人数")
    sheets = []
    for sheet, rows in (("区级以上赛事", outside), ("单位内部比武", inside)):
        table = Table(
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
