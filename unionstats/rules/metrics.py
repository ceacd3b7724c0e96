"""The metrics of contract §4: one row per metric, in the order they are shown.

``unionstats.metrics.compute`` computes them, charts, reports, the CLI and the tests read this
table for ids, labels and units; the lookups below are derived from it, never written by
hand. A rate (``value_unit`` 率) is a fraction (0.963), Σ numerator / Σ denominator
over the units that give both figures; a plain sum has no denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

# Units of a metric's value.
RATE = "率"  # a fraction, shown as a percentage with one decimal (§4)
PEOPLE = "人"
YUAN = "元"
PERSON_TIMES = "人次"
SESSIONS = "场"  # 场次 of activities and classes (§3.8)

# Where a metric is a headline figure (product.md pages 1 and 7); the places are nested, so a
# metric at one level is also shown everywhere below it.
OVERVIEW_CARD = 1  # a card of 概览
DECK_CARD = 2  # also a card of the deck's 主要指标 slide
PRESENTED = 3  # also on the first page of the report's 演示模式

# Group names of the output's ``unit`` column (§4, §6).
ALL_UNITS = "全部"  # --by all: every unit together
UNSPECIFIED = "未指定"  # --by parent: units without a 上级工会; also a contest without 级别


@dataclass(frozen=True)
class Metric:
    """One metric of contract §4.

    ``value_unit`` is the unit of the value (率 · 人 · 元 · 人次); ``kind`` the fact
    table it is computed from; ``numerator`` and ``denominator`` say in Chinese what is
    summed, ``denominator`` None for a plain sum. ``headline`` where the metric is a
    headline figure (OVERVIEW_CARD · DECK_CARD · PRESENTED), 0 for nowhere.
    """

    id: str
    label: str
    value_unit: str
    kind: str
    numerator: str
    denominator: str | None
    headline: int = 0


METRICS: tuple[Metric, ...] = (
    # §4 membership: a stock, the figure reported for the year
    Metric("membership_rate", "入会率", RATE, "membership", "会员人数", "职工人数", headline=PRESENTED),
    Metric("female_membership_rate", "女职工入会率", RATE, "membership", "女会员人数", "女职工人数"),
    Metric("migrant_membership_rate", "农民工入会率", RATE, "membership", "农民工会员人数", "农民工人数"),
    Metric("realname_rate", "实名制录入率", RATE, "membership", "实名制录入人数", "会员人数"),
    Metric("insurance_rate", "互助保障参保率", RATE, "membership", "互助保障参保人数", "会员人数"),
    Metric("checkup_rate", "体检率", RATE, "membership", "体检人数", "职工人数"),
    Metric("members", "会员人数", PEOPLE, "membership", "会员人数", None, headline=PRESENTED),
    Metric("new_members", "新发展会员", PEOPLE, "membership", "新发展会员人数", None),
    # §4 dues: flows, per fund type and over all fund types
    Metric("dues_collection_rate", "经费收缴率", RATE, "dues", "实缴金额", "应缴金额", headline=PRESENTED),
    Metric("dues_due", "应缴", YUAN, "dues", "应缴金额", None),
    Metric("dues_collected", "实缴", YUAN, "dues", "实缴金额", None),
    Metric("dues_remitted", "上解金额", YUAN, "dues", "上解金额", None),
    # §4 welfare: by category and all
    Metric("welfare_amount", "慰问金额", YUAN, "welfare", "金额", None, headline=PRESENTED),
    Metric("welfare_count", "慰问人次", PERSON_TIMES, "welfare", "人次", None, headline=OVERVIEW_CARD),
    Metric("welfare_per_member", "人均慰问金", YUAN, "welfare", "慰问金额", "会员人数"),
    # §4 competitions: by level, awards also by tier
    Metric("competition_entries", "参赛人次", PERSON_TIMES, "competitions", "参赛人数", None),
    Metric("competition_awards", "获奖人次", PERSON_TIMES, "competitions", "获奖的参赛人数", None, headline=PRESENTED),
    Metric("award_rate", "获奖率", RATE, "competitions", "获奖人次", "参赛人次"),
    # §4 finance (§3.6): by account and over all accounts
    Metric("income", "经费收入", YUAN, "finance", "收入科目决算数", None),
    Metric("expense", "经费支出", YUAN, "finance", "支出科目决算数", None),
    Metric("budget_execution_rate", "预算执行率", RATE, "finance", "决算数", "预算数"),
    # §3.6 balance rows: neither income nor expense, read as the statement gives them
    Metric("opening_balance", "上年结余", YUAN, "finance", "上年结余", None),
    Metric("closing_balance", "本年结余", YUAN, "finance", "本年结余", None),
    # §4 units: distinct units per year
    Metric("union_coverage_rate", "建会率", RATE, "units", "已建会的单位数", "填报了是否建会的单位数", headline=DECK_CARD),
    Metric("contract_rate", "集体合同覆盖率", RATE, "units", "已建会且签订集体合同的单位数", "已建会且填报了集体合同的单位数"),
    Metric(
        "wage_bargaining_rate",
        "工资集体协商覆盖率",
        RATE,
        "units",
        "已建会且开展工资协商的单位数",
        "已建会且填报了工资协商的单位数",
    ),
    # §4 activities (§3.8): by type and all
    Metric("activity_sessions", "活动场次", SESSIONS, "activities", "场次", None),
    Metric("activity_participants", "活动参与人次", PERSON_TIMES, "activities", "参加人次", None, headline=OVERVIEW_CARD),
    Metric("activity_spend", "活动经费", YUAN, "activities", "经费", None),
)

# §3.7, §4: 会员构成 from the rosters (category 女 / 男 / 农民工 / the age bands; null over all)
METRICS += (Metric("members_by_group", "会员构成", PEOPLE, "roster", "会员名册中的会员人数", None),)

METRIC_BY_ID: dict[str, Metric] = {m.id: m for m in METRICS}
METRIC_ORDER: dict[str, int] = {m.id: i for i, m in enumerate(METRICS)}
LABELS: dict[str, str] = {m.id: m.label for m in METRICS}
RATE_METRICS: frozenset[str] = frozenset(m.id for m in METRICS if m.denominator is not None)


def metrics_of(kind: str) -> tuple[Metric, ...]:
    """The metrics computed from one fact table, in table order."""
    return tuple(m for m in METRICS if m.kind == kind)


def rates_of(kind: str) -> tuple[str, ...]:
    """The ids of the rates computed from one fact table, in table order."""
    return tuple(m.id for m in metrics_of(kind) if m.value_unit == RATE)


def headlines(level: int) -> tuple[str, ...]:
    """The ids of the headline figures shown at ``level`` (OVERVIEW_CARD · DECK_CARD · PRESENTED), in table order."""
    return tuple(m.id for m in METRICS if m.headline >= level)
