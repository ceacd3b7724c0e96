"""The one report model: every figure of a year's report for one scope, from ``compute_metrics``.

A scope is one unit, one 上级工会 or all units. ``build_report`` asks ``compute_metrics``
(the one implementation of every metric) for the scope over the last years, per unit of
the scope for the year, and per peer for the ranks; ``like_for_like`` for 较上年 over the
units of both years; for a group of units (a 上级工会, or a district of several units) who
was expected to report and who did (``catalog.reporting_status``); and the 获奖名单
(``ledgers.award_winners``, only units the viewer may see). The renderers (summary, pptx,
docx, xlsx, html) only read this model, so every format shows the dashboard's numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from unionstats import preferences
from unionstats.access import Viewer
from unionstats.errors import UsageError
from unionstats.formatting import change as change_text
from unionstats.formatting import count, metric_value, number_or_none, percent
from unionstats.metrics.catalog import reporting_status, unit_tree
from unionstats.metrics.comparison import below_target_units, ranking
from unionstats.metrics.compute import compute_metrics
from unionstats.metrics.kpis import LikeForLike, like_for_like
from unionstats.metrics.ledgers import award_winners
from unionstats.rules.competitions import LEVEL_RULES
from unionstats.rules.metrics import ALL_UNITS, LABELS, METRICS, RATE, SESSIONS, UNSPECIFIED
from unionstats.rules.roster import GROUP_ORDER
from unionstats.rules.sentences import (
    LIKE_FOR_LIKE_NOTE,
    NAMED_UNITS,
    NAMES_CUT,
    REPORTED_KINDS,
    WINNER_LEVELS,
    WINNER_PHRASE,
    WINNER_WITH_EVENT,
    WINNERS_NAMED,
)

TREND_YEARS = 5  # the deck's and the Word report's trends cover this many years up to the report's
DISTRICT = "全区"  # how a 工作总结 names the whole district

# The rates the units of a group are ranked by: a chart and a deck slide each.
RANKED_METRICS: tuple[str, ...] = ("membership_rate", "dues_collection_rate")

# The figures of the Word and HTML reports' 主要指标 table, in order.
MAIN_FIGURES: tuple[str, ...] = (
    "members",
    "new_members",
    "membership_rate",
    "female_membership_rate",
    "migrant_membership_rate",
    "realname_rate",
    "union_coverage_rate",
    "dues_due",
    "dues_collected",
    "dues_collection_rate",
    "income",
    "expense",
    "opening_balance",
    "closing_balance",
    "welfare_count",
    "welfare_amount",
    "welfare_per_member",
    "competition_entries",
    "competition_awards",
    "award_rate",
    # §3.8 activities
    "activity_sessions",
    "activity_participants",
    "activity_spend",
)


# The areas of a report in the order they are shown, with the metrics that say an area has data.
AREAS: dict[str, tuple[str, ...]] = {
    "membership": ("members", "membership_rate"),
    "units": ("union_coverage_rate",),
    "dues": ("dues_due", "dues_collected"),
    "finance": ("income", "expense", "opening_balance", "closing_balance"),
    "welfare": ("welfare_amount",),
    "competitions": ("competition_entries",),
    "activities": ("activity_sessions",),  # §3.8
}


class NoReportDataError(UsageError):
    """The year has no figure the report would show for the scope (a page shows it as information)."""


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: one ``unit``, one ``parent`` (上级工会), or neither (all units)."""

    unit: str | None = None
    parent: str | None = None

    @property
    def kind(self) -> str:
        """'unit', 'parent' or 'all'."""
        return "unit" if self.unit else "parent" if self.parent else "all"

    def query(self) -> dict:
        """The filter arguments of ``compute_metrics`` for this scope."""
        if self.unit:
            return {"units": [self.unit]}
        if self.parent:
            return {"parents": [self.parent]}
        return {}


@dataclass(frozen=True)
class ReportModel:
    """Every figure of one year's report for one scope.

    ``trend``: ``compute_metrics(by="all")`` of the scope for the last ``TREND_YEARS``
    years; ``units``: ``by="unit"`` of the scope for the year (the 汇总表's rows);
    ``peers``: ``by="unit"`` (a unit scope: the units of its 上级工会) or ``by="parent"``
    (a 上级工会 scope) for the year, for the ranks, empty for all units; ``rank_group``
    names those peers. ``parents`` maps each unit of the scope to its 上级工会.
    ``like_for_like``: the basis of 较上年 (None: plain figures). ``is_group``: the scope is
    a group of units (a 上级工会, or all units of a store holding several), whose report
    says who reported and who is under target; ``reporting``: for a group, per kind of
    ``REPORTED_KINDS``, ``reporting_status`` of the units expected to report. ``winners``:
    ``award_winners`` of the year for the scope.
    """

    year: str
    scope: ReportScope
    title: str
    trend: pd.DataFrame
    units: pd.DataFrame
    peers: pd.DataFrame
    rank_group: str | None
    parents: dict[str, str]
    targets: dict[str, float]
    generated_on: dt.date = field(default_factory=dt.date.today)
    like_for_like: LikeForLike | None = None
    is_group: bool = False
    reporting: dict[str, pd.DataFrame] = field(default_factory=dict)
    winners: pd.DataFrame = field(default_factory=pd.DataFrame)
    # where each (metric, unit, period, category) of ``trend`` and ``units`` first stands, built on
    # first use: a report asks for hundreds of records, and a mask over the table per record
    # cost most of a summary's time (0.78 s → 0.05 s on the sample)
    _positions: dict[str, dict[tuple, int]] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def previous_year(self) -> str:
        return str(int(self.year) - 1)

    @property
    def heading(self) -> str:
        """'华新机械有限公司工会2024年度工会工作统计报告'."""
        return f"{self.title}{self.year}年度工会工作统计报告"

    # --- figures --------------------------------------------------------------------

    def row(self, metric: str, category: str | None = None, year: str | None = None) -> pd.Series | None:
        """The scope's record of ``metric`` (``category`` None: over all) for ``year`` (default the report's)."""
        return self._record("trend", metric, ALL_UNITS, year or self.year, category)

    def value(self, metric: str, category: str | None = None, year: str | None = None) -> float | None:
        """The scope's value of ``metric`` for ``year`` (default the report's); None when missing."""
        return _value(self.row(metric, category, year))

    def categories(self, metric: str, year: str | None = None) -> list[str]:
        """The categories ``metric`` has a value for in ``year``, largest value first."""
        rows = self.trend[
            (self.trend["metric"] == metric) & (self.trend["period"] == (year or self.year)) & self.trend["category"].notna()
        ]
        rows = rows[rows["value"].notna()].sort_values(["value", "category"], ascending=[False, True])
        return rows["category"].tolist()

    def years(self) -> list[str]:
        """The years of the trend that have any figure, ascending."""
        return sorted(self.trend.loc[self.trend["value"].notna(), "period"].unique().tolist())

    def has(self, area: str) -> bool:
        """True when the year has any figure of ``area`` (a key of AREAS)."""
        return any(self.value(metric) is not None for metric in AREAS[area])

    def areas(self) -> list[str]:
        """The areas the report shows for the year, in report order (基层工会组建 only for a group of units)."""
        return [area for area in AREAS if self.has(area) and not (area == "units" and self.scope.kind == "unit")]

    def change(self, metric: str, category: str | None = None) -> float | None:
        """This year's value minus last year's (a rate's change is in fractions); None when either is missing.

        Like for like: where the units that gave the figure differ between the two years, the
        change is taken over the units that gave it in both (``basis`` says so).
        """
        if self.like_for_like is not None and self.like_for_like.applies(metric):
            return self.like_for_like.change(metric, category)
        now, before = self.value(metric, category), self.value(metric, category, self.previous_year)
        return None if now is None or before is None else now - before

    def basis(self, metric: str) -> str | None:
        """'按两年均报送的21家单位计' when ``metric``'s change is taken over the units of both years, else None."""
        return None if self.like_for_like is None else self.like_for_like.note(metric)

    def basis_notes(self, metrics: list[str]) -> list[str]:
        """The notes under a table of 较上年 for ``metrics``: one per basis, naming its figures."""
        labels_by_basis: dict[str, list[str]] = {}
        for metric in metrics:
            basis = self.basis(metric)
            if basis is not None and self.change(metric) is not None:
                labels_by_basis.setdefault(basis, []).append(LABELS[metric])
        return [LIKE_FOR_LIKE_NOTE.format(labels="、".join(labels), basis=basis) for basis, labels in labels_by_basis.items()]

    def below_target(self, metric: str) -> tuple[list[str], int] | None:
        """(units under ``metric``'s target, lowest first; how many units have a value), or None
        without a target. The same ranking as 单位对比."""
        target = self.targets.get(metric)
        if target is None:
            return None
        ranked = ranking(self.units, metric, self.year, target=target)
        return below_target_units(ranked)[::-1], int(ranked["value"].notna().sum())

    def missing_reports(self, kind: str) -> list[str]:
        """The units expected to report ``kind`` for the year that did not (a group scope), by 上级工会 and name."""
        status = self.reporting.get(kind)
        if status is None:
            return []
        return status.loc[~status["reported"], "unit"].tolist()

    def rank(self, metric: str) -> tuple[int, int] | None:
        """(rank, number of peers) of the scope's ``metric`` among its peers, 1 the highest.

        None for all units, when the scope has no value, or when it has no peer to be
        ranked against (fewer than two with a value).
        """
        if self.peers.empty or self.scope.kind == "all":
            return None
        peers = self.peers[self.peers["unit"] != UNSPECIFIED] if self.scope.kind == "parent" else self.peers
        ranked = ranking(peers, metric, self.year)  # the same ranking as 单位对比 (ties share a rank)
        ranked = ranked[ranked["value"].notna()]
        own = ranked[ranked["unit"] == (self.scope.unit or self.scope.parent)]
        if own.empty or len(ranked) < 2:
            return None
        return int(own["rank"].iloc[0]), len(ranked)

    def unit_names(self) -> list[str]:
        """The units of the scope with figures for the year, by 上级工会 then name."""
        names = self.units.loc[self.units["value"].notna(), "unit"].unique().tolist()
        return sorted(names, key=lambda unit: (self.parents.get(unit, UNSPECIFIED), unit))

    def unit_value(self, unit: str, metric: str, category: str | None = None) -> float | None:
        """One unit's value of ``metric`` for the year; None when missing."""
        return _value(self._record("units", metric, unit, self.year, category))

    def unit_record(self, unit: str, metric: str, category: str | None = None) -> pd.Series | None:
        """One unit's record of ``metric`` for the year (value, numerator, denominator)."""
        return self._record("units", metric, unit, self.year, category)

    def _record(self, table_name: str, metric: str, unit: str, period: str, category: str | None) -> pd.Series | None:
        """The first record of ``metric`` for ``unit``, ``period`` and ``category`` (None: over all)
        in the table ``table_name`` ("trend" or "units"), or None."""
        table = getattr(self, table_name)
        positions = self._positions.get(table_name)
        if positions is None:
            positions = {}
            categories = (None if pd.isna(c) else c for c in table["category"])
            for position, key in enumerate(zip(table["metric"], table["unit"], table["period"], categories, strict=True)):
                positions.setdefault(key, position)
            self._positions[table_name] = positions
        position = positions.get((metric, unit, period, category))
        return None if position is None else table.iloc[position]

    def main_figures(self) -> list[tuple[str, float]]:
        """(metric, value) of the 主要指标 table: the figures that exist (建会率 only for a group of units)."""
        shown = [m for m in MAIN_FIGURES if not (self.scope.kind == "unit" and m == "union_coverage_rate")]
        return [(m, value) for m in shown if (value := self.value(m)) is not None]

    # --- figures as words -------------------------------------------------------------

    def facts(self, category: str | None = None) -> dict[str, str]:
        """The figures of the year as written in a 工作总结, by placeholder name (rules.sentences).

        Only figures that exist are present: a missing figure has no key, so a sentence
        naming it is left out rather than written with 0 or "nan".
        """
        facts: dict[str, str] = {"year": self.year, "title": self.title}
        if self.rank_group:
            facts["rank_group"] = self.rank_group
        for metric in METRICS:
            record = self.row(metric.id, category)
            value = _value(record)
            if value is None:
                continue
            facts[metric.id] = metric_value(metric.id, value)
            if metric.value_unit == SESSIONS:  # §3.8: 培训26期 — the count, its unit left to the sentence
                facts[f"{metric.id}_number"] = count(value)
            change = self.change(metric.id, category)
            if change is not None:
                facts[f"{metric.id}_change"] = change_text(metric.id, change)
            if metric.value_unit == RATE:
                for part in ("numerator", "denominator"):
                    amount = number_or_none(record[part])
                    if amount is not None:
                        facts[f"{metric.id}_{part}"] = count(amount)
                ranked = self.rank(metric.id) if category is None else None
                if ranked is not None:
                    facts[f"{metric.id}_rank"] = str(ranked[0])
                    facts[f"{metric.id}_peers"] = f"{ranked[1]}家" if self.scope.kind == "unit" else f"{ranked[1]}个上级工会"
            basis = self.basis(metric.id)
            if basis is not None and f"{metric.id}_change" in facts:
                facts[f"{metric.id}_basis"] = basis
        facts.update(self._makeup_facts(category))
        if category is None:
            facts.update(self._group_facts())
            winners = self._winners_text()
            if winners:
                facts["award_winners"] = winners
        return facts

    def makeup(self) -> list[tuple[str, float]]:
        """(group, members) of the year's 会员构成 from the rosters (§3.7), in GROUP_ORDER; [] without rosters."""
        return [(group, value) for group in GROUP_ORDER if (value := self.value("members_by_group", group)) is not None]

    def _makeup_facts(self, category: str | None) -> dict[str, str]:
        """§3.7: a group's share of the rosters' members ({members_by_group_share}); over all, the
        实名制录入率 beside the 会员构成 ({makeup_realname_rate}) where rosters give one, else among
        the services ({services_realname_rate})."""
        total = self.value("members_by_group")
        if category is None:
            rate = self.value("realname_rate")
            said = "makeup_realname_rate" if total else "services_realname_rate"  # said once, where it belongs
            return {} if rate is None else {said: metric_value("realname_rate", rate)}
        if not total:
            return {}
        part = self.value("members_by_group", category)
        return {} if part is None else {"members_by_group_share": percent(part / total)}

    def _group_facts(self) -> dict[str, str]:
        """A group's facts: under-target units by name per target, and who reported (product.md "Reports")."""
        if not self.is_group:
            return {}
        facts: dict[str, str] = {}
        for metric, target in self.targets.items():
            found = self.below_target(metric)
            if found is None or not found[1]:
                continue
            below, valued = found
            facts[f"{metric}_target"] = percent(target)
            if below:
                facts[f"{metric}_below"] = count(len(below))
                facts[f"{metric}_below_units"] = _names(below)
            else:
                facts[f"{metric}_met"] = count(valued)
        for kind, status in self.reporting.items():
            if status.empty:
                continue
            facts[f"expected_{kind}"] = count(len(status))
            if status["reported"].any():  # never "已报送0家": the missing ones are named instead
                facts[f"reported_{kind}"] = count(int(status["reported"].sum()))
            missing = self.missing_reports(kind)
            if missing:
                facts[f"missing_{kind}"] = _names(missing)
        return facts

    def _winners_text(self) -> str | None:
        """The 获奖名单 as words: 张三(焊工)、李四获市级技能比武一等奖;… (WINNER_PHRASE), None without a named winner."""
        if self.winners.empty:
            return None
        named = self.winners[self.winners["person"].notna() & self.winners["level"].isin(WINNER_LEVELS)]
        groups: dict[tuple[str, str, str], list[str]] = {}
        for row in named.itertuples():
            person = (
                row.person if not isinstance(row.event, str) else WINNER_WITH_EVENT.format(person=row.person, event=row.event)
            )
            groups.setdefault((row.level, row.contest, row.award), []).append(person)
        phrases, left = [], WINNERS_NAMED
        for (level, contest, award), names in groups.items():
            if left <= 0:
                break
            shown = contest if _names_level(contest, level) else f"{level}{contest}"
            phrases.append(WINNER_PHRASE.format(names="、".join(names[:left]), contest=shown, award=award))
            left -= len(names)
        if not phrases:
            return None
        return ";".join(phrases) + (NAMES_CUT if left < 0 or len(phrases) < len(groups) else "")


def build_report(
    engine: Engine,
    year: str | int,
    *,
    unit: str | None = None,
    parent: str | None = None,
    viewer: Viewer | None = None,
    today: dt.date | None = None,
) -> ReportModel:
    """The report model of ``year`` for one ``unit``, one ``parent`` (上级工会) or all units.

    Every figure comes from ``compute_metrics``, with ``viewer`` so that a user sees only
    their units. Raises UsageError (a Chinese sentence) for an unknown unit or 上级工会,
    both given, or a year without any figure for the scope.
    """
    year = str(year).strip()
    if not (len(year) == 4 and year.isdigit()):
        raise UsageError(f"年度「{year}」不是四位数字的年份,请写成如 2024。")
    if unit and parent:
        raise UsageError("请只指定单位或上级工会中的一个。")
    scope = ReportScope(unit=unit or None, parent=parent or None)
    tree = unit_tree(engine, viewer=viewer)
    parents = dict(zip(tree["unit"], tree["parent"], strict=True))
    if scope.unit and scope.unit not in parents:
        raise UsageError(f"找不到单位「{scope.unit}」(或无权查看),请检查名称是否与台账中的单位名称一致。")
    if scope.parent and scope.parent not in set(parents.values()):
        raise UsageError(f"找不到上级工会「{scope.parent}」(或无权查看),请检查名称是否与单位信息表中的一致。")

    def metrics(by: str, first: str, **query) -> pd.DataFrame:
        return compute_metrics(engine, by=by, years=(first, year), viewer=viewer, **query)

    trend = metrics("all", str(int(year) - TREND_YEARS + 1), **scope.query())
    title = scope.unit or scope.parent or _district_title(parents)
    no_data = NoReportDataError(f"{year}年没有「{title}」的统计数据,请换一个年度,或先导入该年度的台账。")
    if not (trend["period"] == year).any():
        raise no_data
    units = metrics("unit", year, **scope.query())
    peers, rank_group = pd.DataFrame(columns=trend.columns), None
    if scope.kind == "unit":
        own_parent = parents[scope.unit]
        if own_parent == UNSPECIFIED:
            peers, rank_group = metrics("unit", year), DISTRICT
        else:
            peers, rank_group = metrics("unit", year, parents=[own_parent]), f"{own_parent}所属单位"
    elif scope.kind == "parent":
        peers, rank_group = metrics("parent", year), DISTRICT
    is_group = scope.kind == "parent" or (scope.kind == "all" and len(parents) > 1)
    reporting = {}
    if is_group:
        for kind in REPORTED_KINDS:
            status = reporting_status(engine, kind, year, viewer=viewer, parents=[scope.parent] if scope.parent else None)
            reporting[kind] = status[status["expected"]].reset_index(drop=True)
    model = ReportModel(
        year=year,
        scope=scope,
        title=title,
        trend=trend,
        units=units,
        peers=peers,
        rank_group=rank_group,
        parents={name: parents.get(name, UNSPECIFIED) for name in units["unit"].unique()},
        targets=preferences.targets(engine),
        generated_on=today or dt.date.today(),
        like_for_like=like_for_like(engine, year, viewer=viewer, **scope.query()),
        is_group=is_group,
        reporting=reporting,
        winners=award_winners(engine, years=(year, year), viewer=viewer, **scope.query()),
    )
    if not model.areas():  # e.g. a unit with only its 单位信息 row: every file would be empty
        raise no_data
    return model


def _names(names: list[str]) -> str:
    """Names as a 工作总结 lists them: 甲、乙、丙; beyond NAMED_UNITS the first ones and 等."""
    return "、".join(names[:NAMED_UNITS]) + (NAMES_CUT if len(names) > NAMED_UNITS else "")


def _names_level(contest: str, level: str) -> bool:
    """True when a contest's name already says its level (全市…大赛 is 市级): the level is not written twice."""
    words = dict(LEVEL_RULES).get(level, ())
    return any(word in contest for word in words)


def _district_title(parents: dict[str, str]) -> str:
    """All units: the one unit's name when the store holds one unit, else 全区."""
    return next(iter(parents)) if len(parents) == 1 else DISTRICT


def _value(record: pd.Series | None) -> float | None:
    return None if record is None else number_or_none(record["value"])
