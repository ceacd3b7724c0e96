"""Activities and training (活动与培训, contract §3.8): what the district's unions organised in
2023 and 2024, and the ledgers they keep of it — a district-wide list (one sheet per year, the
2024 one with a 活动类型 column written loosely) and the seed unit's own ledger (no 单位
column, the unit on the 填报单位 line, a merged 活动 over 名称 | 时间 | 类型). Small on purpose."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from unionstats.sample.mess import column_sum, type_some_as_text, written_date
from unionstats.sample.names import DISTRICT, SEED_UNIT, SEED_YEAR, UNITS, SampleUnit, seeded_rng
from unionstats.sample.sheets import SIGNATURE, BuiltFiles, Table

ACTIVITY_YEARS: tuple[int, ...] = (2023, 2024)
UNITS_PER_YEAR = 8  # grassroots unions in the district list each year; the seed unit sends its own file


# (name, standard type, how a 活动类型 cell may write it — None: left blank), per type
ACTIVITIES: tuple[tuple[str, str, tuple[str | None, ...]], ...] = (
    ("安全生产知识培训班", "培训", ("培训", "教育培训")),
    ("职业技能提升培训", "培训", ("培训", None)),
    ("消防安全知识讲座", "培训", ("讲座", "培训")),
    ("职工篮球赛", "文体活动", ("文体", "体育")),
    ("迎新春文艺演出", "文体活动", ("文体活动", "文艺")),
    ("健步走活动", "文体活动", ("体育", None)),
    ("职工书画摄影展", "文体活动", ("文体", None)),
    ("工会法宣讲", "宣传教育", ("宣传", "宣传教育")),
    ("职工读书分享会", "宣传教育", ("读书", None)),
    ("学雷锋志愿服务", "志愿服务", ("志愿服务", "志愿")),
    ("劳模疗休养", "关爱服务", ("关爱", "疗休养")),
    ("青年职工联谊会", "关爱服务", ("联谊", None)),
    ("职工代表座谈会", "其他", ("其他", None)),
)


@dataclass(frozen=True)
class ActivityFact:
    unit: str
    when: date
    name: str
    type: str  # standard type of rules/activities.py
    type_written: str | None  # as a 活动类型 cell writes it
    sessions: int
    participants: int
    spend: int | None  # 元; None when the ledger leaves it blank


def activity_facts(seed: int, units: Sequence[SampleUnit] = UNITS, years: Sequence[int] = ACTIVITY_YEARS) -> list[ActivityFact]:
    """Three to five activities per chosen unit and year; the seed unit's (its own file) in the last year only."""
    rng = seeded_rng(seed, "activities")
    facts = []
    for year in years:
        founded = [u for u in units if u.founded is not None and u.founded <= year and u.name != SEED_UNIT]
        chosen = [*([SEED_UNIT] if year == SEED_YEAR else []), *(u.name for u in rng.sample(founded, UNITS_PER_YEAR))]
        for unit in chosen:
            for name, kind, written in rng.sample(ACTIVITIES, 6 if unit == SEED_UNIT else rng.randint(3, 5)):
                when = date(year, rng.randint(1, 12), rng.randint(1, 28))
                sessions = rng.randint(1, 4) if kind == "培训" else 1
                per_session = rng.randint(15, 60) if kind == "培训" else rng.randint(20, 150)
                spend = None if rng.random() < 0.15 else sessions * rng.randint(5, 60) * 100
                facts.append(ActivityFact(unit, when, name, kind, rng.choice(written), sessions, sessions * per_session, spend))
    return sorted(facts, key=lambda f: (f.when, f.unit, f.name))


def _district_rows(rng: random.Random, facts: list[ActivityFact], with_type: bool) -> list[list | None]:
    rows: list[list | None] = []
    for number, f in enumerate(facts, start=1):
        when = written_date(rng, f.when, (50, 20, 20, 10))
        row = [number, f.unit, f.name, when, *([f.type_written] if with_type else []), f.sessions, f.participants, f.spend]
        rows.append(row)
    first_figure = 5 if with_type else 4
    type_some_as_text(rng, rows, range(first_figure + 1, first_figure + 3), 4, "人")
    total = ["合计", None, None, None, *([None] if with_type else [])]
    total += [round(column_sum(rows, c)) for c in range(first_figure, first_figure + 3)]
    return [*rows, total]


def add_activities(built: BuiltFiles, seed: int, facts: list[ActivityFact], filed_by: str = DISTRICT) -> None:
    """The district's list (a sheet per year, without the seed unit) and the seed unit's own
    ledger for the last year."""
    rng = seeded_rng(seed, "activities-layout")
    *_, last = ACTIVITY_YEARS
    sheets = []
    for year in ACTIVITY_YEARS:
        with_type = year == last
        rows = _district_rows(
            rng, [f for f in facts if f.when.year == year and (f.unit, year) != (SEED_UNIT, SEED_YEAR)], with_type
        )
        header = (
            "序号",
            "单位名称",
            "活动名称",
            "活动时间",
            *(("活动类型",) if with_type else ()),
            "场次",
            "参加人次",
            "活动经费（元）",
        )
        table = Table(
            title=f"{year}年职工活动与培训开展情况",
            lines=(f"填报单位:{filed_by}  单位:元",),
            header=header,
            rows=rows,
            footer=(SIGNATURE,),
            widths=(6, 30, 24, 14, *((10,) if with_type else ()), 8, 10, 14),
        )
        sheets.append((f"{year}年", table))
    built.add_tables(f"职工活动与培训开展情况（{ACTIVITY_YEARS[0]}-{last}年）.xlsx", sheets, "activities")

    own = [f for f in facts if (f.unit, f.when.year) == (SEED_UNIT, SEED_YEAR)]
    rows: list[list | None] = []
    for number, f in enumerate(own, start=1):
        when = rng.choice((f.when, f"{f.when.year}年{f.when.month}月{f.when.day}日", f"{f.when.month}月"))
        rows.append([number, f.name, when, f.type_written, f.sessions, f.participants, f.spend])
    type_some_as_text(rng, rows, range(5, 7), 2, "人")
    rows.append(["合计", None, None, None, *(round(column_sum(rows, c)) for c in (4, 5, 6))])
    table = Table(
        title=f"{SEED_YEAR}年职工活动与培训台账",
        lines=(f"填报单位:{SEED_UNIT}  单位:元",),
        header=("序号", ("活动", ("名称", "时间", "类型")), "场次", "参加人数", "经费（元）"),
        rows=rows,
        footer=("填表人:周敏  审核人:吴强",),
        widths=(6, 24, 16, 10, 8, 10, 12),
    )
    built.add_tables(f"{SEED_UNIT}{SEED_YEAR}年活动与培训台账.xlsx", [("活动台账", table)], "activities")
