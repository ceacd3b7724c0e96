"""Every metric of the contract (§4): grouped SQL sums → ratios → one tidy table.

``compute_metrics`` returns one row per (metric, group, period, category) with the columns
of contract §6: metric, label, unit, period, category, value, numerator, denominator.
The metrics themselves (ids, labels, units) are the table ``unionstats.rules.metrics``.

How every figure is found:

- Sums are taken in the database, one query per kind (membership, dues, welfare,
  competitions, finance, units; welfare_per_member has its own), with SQLAlchemy Core
  that runs unchanged on SQLite and PostgreSQL. Python only divides the grouped sums.
- Rows: aggregate kinds count their current rows only (``is_current``), ledger kinds all
  rows; rows of undone batches are already gone from the store.
- Groups: ``by="all"`` → one group 全部; ``"unit"`` → each unit; ``"parent"`` → the unit's
  上级工会 (one per unit: the current units rows first, newest year; else membership's or
  dues' ``parent``, newest period), 未指定 when there is none — read from the store's unit
  tree (``schema.unit_parents``, what ``store.tree.parent_of`` derives, kept by every write).
- Periods: ``period="year"`` → '2023'; ``"month"`` → '2023-05' for a month row, the year
  for a year-only row. Finance and units have years only, so they stay by year.
- A rate is Σ numerator / Σ denominator over the rows that give both figures (pairwise
  complete, §4); a zero or missing denominator makes the value missing, never 0. The
  ``numerator`` and ``denominator`` columns hold those two sums; both are missing for a
  plain sum, whose total is ``value``.
- membership is a stock (§4): a unit's figure for a year is its row with the greatest
  ``period_sort`` in that year — the year row, else its latest month. new_members is a
  flow and, like dues, sums the year row when there is one, else the months of the year.
- welfare_per_member pairs each (unit, year)'s welfare total with that unit's membership
  stock for the year; only units with both enter. It is a year figure: it is left out
  when ``period="month"`` (a month's payments over a stock would be a different number).

Category (``None`` = over all categories): dues → fund type; welfare → standard category;
activities → standard type (培训, 文体活动 …);
competitions → level (未指定 for an entry without one) and, for awards, also the tier;
finance → account name, and for budget_execution_rate also the flow (收入 / 支出); an account
counts by its own row, or by its sub-accounts where it has none (never both, §3.6); the
balances (上年结余, 本年结余) are over all accounts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    Engine,
    Integer,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.expression import ColumnElement, FromClause, Select

from unionstats.access import Viewer, visible_units
from unionstats.errors import UsageError
from unionstats.metrics.roster import ROSTER_FIGURES
from unionstats.rules.competitions import NO_AWARD
from unionstats.rules.finance import (
    BALANCE,
    BALANCE_METRIC_ROLES,
    BALANCES,
    CLOSING,
    CUMULATIVE_CLOSING,
    EXPENSE,
    INCOME,
)
from unionstats.rules.metrics import ALL_UNITS, LABELS, METRIC_ORDER, UNSPECIFIED
from unionstats.rules.roster import AGE_BANDS, FEMALE, JOINED_STATUS, LEFT_STATUSES, MIGRANT_GROUP, TRANSFERRED_IN
from unionstats.store import schema

COLUMNS: tuple[str, ...] = (
    "metric",
    "label",
    "unit",
    "period",
    "category",
    "value",
    "numerator",
    "denominator",
)
BY_CHOICES: tuple[str, ...] = ("all", "unit", "parent")
PERIOD_CHOICES: tuple[str, ...] = ("year", "month")

# The membership rates: (metric id, numerator column, denominator column), contract §4.
MEMBERSHIP_RATES: tuple[tuple[str, str, str], ...] = (
    ("membership_rate", "members", "employees"),
    ("female_membership_rate", "female_members", "female_employees"),
    ("migrant_membership_rate", "migrant_members", "migrant_workers"),
    ("realname_rate", "realname_members", "members"),
    ("insurance_rate", "insured_members", "members"),
    ("checkup_rate", "checkup_count", "employees"),
)

# The flow of each income / expense metric (§3.6); 结余 rows are neither.
FINANCE_FLOWS: dict[str, str] = {INCOME: "income", EXPENSE: "expense"}
# The balance accounts summed by each balance metric (§3.6: 上年结余, 上年结转, 年初结余 …).
BALANCE_METRICS: dict[str, frozenset[str]] = {
    metric: frozenset(b.name for b in BALANCES if b.role in roles) for metric, roles in BALANCE_METRIC_ROLES.items()
}
_YEAR_END_ROWS = tuple(b.name for b in BALANCES if b.role == CUMULATIVE_CLOSING)
_SURPLUS_ROWS = tuple(b.name for b in BALANCES if b.role == CLOSING)


def compute_metrics(
    engine: Engine,
    *,
    by: str = "all",
    period: str = "year",
    years: tuple[str, str] | None = None,
    units: list[str] | None = None,
    parents: list[str] | None = None,
    fund_type: str | None = None,
    viewer: Viewer | None = None,
    only: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every metric of contract §4 as one tidy table, sorted.

    ``by``: "all" | "unit" | "parent"; ``period``: "year" | "month". Filters, applied to
    the rows before grouping: ``years`` an inclusive range of years ('2021', '2023'),
    either end may be None for open; ``units`` unit names; ``parents`` 上级工会 names
    (未指定 selects units without one); ``fund_type`` restricts the dues metrics.
    ``None`` means no filter, an empty list selects nothing. ``viewer`` restricts every
    row to the units the viewer may see (None: one-person mode, everything). ``only``
    metric ids: just their records, the same as in the whole table, and only the
    queries that give them are run (a page by unit asks for what it draws).

    Columns: metric, label, unit (全部, the unit or the parent), period ('2023' or
    '2023-05'), category (None over all categories) as strings; value, numerator,
    denominator as floats, NaN where missing (``records`` turns that into None).
    Sorted by metric (the order of ``rules.metrics.METRICS``), unit, period, category
    (None first).
    """
    if by not in BY_CHOICES:
        raise UsageError(f"不支持的分组方式「{by}」,请用 all、unit 或 parent。")
    if period not in PERIOD_CHOICES:
        raise UsageError(f"不支持的期间「{period}」,请用 year 或 month。")
    wanted = set(only) if only is not None else None
    if wanted is not None and not wanted <= set(METRIC_ORDER):
        unknown = "、".join(sorted(wanted - set(METRIC_ORDER)))
        raise UsageError(f"没有这些指标:{unknown}。")
    scope = _Scope(
        by=by,
        period=period,
        years=tuple(years) if years is not None else None,
        units=tuple(units) if units is not None else None,
        parents=tuple(parents) if parents is not None else None,
        fund_type=fund_type,
        visible=visible_units(viewer),
    )
    pieces: list[pd.DataFrame] = []
    with engine.connect() as conn:
        for query, to_records, gives in _FAMILIES:
            if wanted is not None and wanted.isdisjoint(gives):
                continue
            stmt = query(scope)
            if stmt is not None:
                if scope.by == "parent":
                    stmt = _to_parents(stmt)
                result = conn.execute(stmt)
                sums = _sums_frame(list(result.keys()), result.fetchall())
                pieces += to_records(scope, sums)
    if wanted is not None:
        pieces = [piece for piece in pieces if not piece.empty and piece["metric"].iat[0] in wanted]
    return _frame(pieces)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``compute_metrics``'s table as JSON-safe dicts (contract §6).

    Missing values (None, NaN, NA) become None, never NaN; numpy numbers become Python
    int / float.
    """
    clean = frame.replace([np.inf, -np.inf], np.nan)
    clean = clean.astype(object).where(clean.notna(), None)
    # to_dict boxes numpy scalars as Python int / float
    return clean.to_dict("records")


# --- what is asked: grouping, periods, filters -------------------------------------------


@dataclass(frozen=True)
class _Scope:
    """What ``compute_metrics`` was asked: grouping, period and filters."""

    by: str
    period: str
    years: tuple[str | None, str | None] | None
    units: tuple[str, ...] | None
    parents: tuple[str, ...] | None
    fund_type: str | None
    visible: tuple[str, ...] | None = None  # the viewer's units; None: all

    def row_filters(self, unit: ColumnElement, year: ColumnElement) -> list[ColumnElement]:
        """The filters on a row's own unit and year (not its parent)."""
        conditions: list[ColumnElement] = []
        if self.years is not None:
            first, last = self.years
            if first:
                conditions.append(year >= first)
            if last:
                conditions.append(year <= last)
        if self.units is not None:
            conditions.append(unit.in_(self.units))
        if self.visible is not None:
            conditions.append(unit.in_(self.visible))
        return conditions

    def narrow(
        self, source: FromClause, unit: ColumnElement, year: ColumnElement
    ) -> tuple[FromClause, list[ColumnElement], list[ColumnElement]]:
        """Join what grouping and filters need to ``source``.

        Returns the FROM clause, the group key (empty for "all", else the unit: by 上级工会
        the family's sums by unit are added up per parent afterwards, ``_to_parents``) and
        the filter conditions.
        """
        conditions = self.row_filters(unit, year)
        keys: list[ColumnElement] = [unit] if self.by in ("unit", "parent") else []
        if self.parents is not None:
            # every unit with rows is in the tree: an inner join, an index lookup per unit
            tree = schema.unit_parents
            source = source.join(tree, tree.c.unit == unit)
            named = [p for p in self.parents if p != UNSPECIFIED]
            wanted = tree.c.parent.in_(named)
            if UNSPECIFIED in self.parents:
                wanted = or_(wanted, tree.c.parent.is_(None))
            conditions.append(wanted)
        return source, keys, conditions

    def period_of(self, year: ColumnElement, month: ColumnElement | None = None) -> ColumnElement:
        """The period key: the year, or in month mode the month when the row has one."""
        if self.period == "month" and month is not None:
            return func.coalesce(month, year)
        return year


# --- SQL building blocks ------------------------------------------------------------------

# The keys of every family's statement (``_grouped``; finance adds its flow); every other
# column is a sum or a count.
_GROUP_KEYS: tuple[str, ...] = ("grp", "period", "category", "branch", "flow")


def _to_parents(by_unit: Select) -> Select:
    """A family's sums by unit added up per 上级工会 (``schema.unit_parents``; NULL for none).

    Each unit has one parent, so a sum (or a count of distinct units) over a parent's rows is
    the sum of its units' sums. Grouping the rows by unit first reads them in the order of the
    (unit, year) indexes; grouping them by a parent joined to each row made SQLite sort every
    row (a million dues rows: 5 s where all units take 1 s, issue 18).
    """
    sums = by_unit.subquery("by_unit")
    tree = schema.unit_parents
    keys = [column for column in sums.c if column.name in _GROUP_KEYS and column.name != "grp"]
    figures = [func.sum(column).label(column.name) for column in sums.c if column.name not in _GROUP_KEYS]
    return (
        select(tree.c.parent.label("grp"), *keys, *figures)
        .select_from(sums.join(tree, tree.c.unit == sums.c.grp))
        .group_by(tree.c.parent, *keys)
    )


def _grouped(
    source: FromClause,
    keys: Sequence[ColumnElement],
    period: ColumnElement,
    sums: Sequence[ColumnElement],
    where: Iterable[ColumnElement],
    *,
    category: ColumnElement | None = None,
    extra_keys: Sequence[ColumnElement] = (),
    branch: int = 0,
) -> Select:
    """SELECT [grp,] period, category, branch, extra keys, sums … GROUP BY the keys.

    GROUP BY names the expressions, never the output labels: PostgreSQL would read
    ``period`` as the table's own column.
    """
    if any(key.name not in _GROUP_KEYS for key in extra_keys):
        raise ValueError("a group key must be named in _GROUP_KEYS, or grouping by 上级工会 would add it up")
    columns = [keys[0].label("grp")] if keys else []
    columns += [
        period.label("period"),
        (category if category is not None else cast(null(), String)).label("category"),
        literal_column(str(int(branch)), Integer).label("branch"),
        *extra_keys,
        *sums,
    ]
    group_by = [*keys, period, *extra_keys]
    if category is not None:
        group_by.append(category)
    return select(*columns).select_from(source).where(*where).group_by(*group_by)


def _pair_sums(
    name: str, numerator: ColumnElement, denominator: ColumnElement, when: ColumnElement | None = None
) -> list[ColumnElement]:
    """Σ numerator and Σ denominator over the rows that give both (§4: pairwise complete)."""
    both = and_(numerator.is_not(None), denominator.is_not(None))
    if when is not None:
        both = and_(when, both)
    return [
        func.sum(case((both, numerator))).label(f"{name}_num"),
        func.sum(case((both, denominator))).label(f"{name}_den"),
    ]


def _sum(name: str, column: ColumnElement, when: ColumnElement | None = None) -> ColumnElement:
    """Σ column (over the rows where ``when`` holds), labelled ``name``."""
    return func.sum(case((when, column)) if when is not None else column).label(name)


def _shadowed_month(table, *same: str) -> ColumnElement:
    """EXISTS a current year row for this month row's unit, year (and ``same`` columns).

    True only for a month row (a year row never shadows itself). A year row has
    ``period`` = its year, so this probes the kind's key index; written without OR so
    that PostgreSQL can run NOT EXISTS as an anti-join.
    """
    year_row = table.alias(f"{table.name}_year_row")
    return exists().where(
        table.c.month.is_not(None),
        year_row.c.unit == table.c.unit,
        year_row.c.period == table.c.year,
        year_row.c.month.is_(None),
        year_row.c.is_current.is_(true()),
        *(year_row.c[column] == table.c[column] for column in same),
    )


def _flow_rows(table, scope: _Scope, *same: str) -> list[ColumnElement]:
    """In year mode a flow sums the year row when there is one, else the months (§4).

    A month row is left out when its (unit, year, ``same``) has a year row, so nothing
    is counted twice. In month mode every row is its own period.
    """
    if scope.period == "month":
        return []
    return [~_shadowed_month(table, *same)]


def _membership_latest(scope: _Scope) -> FromClause:
    """(unit, year, period_sort): the row reported for the year (§4 stock)."""
    m = schema.membership
    return (
        select(m.c.unit, m.c.year, func.max(m.c.period_sort).label("period_sort"))
        .where(m.c.is_current.is_(true()), *scope.row_filters(m.c.unit, m.c.year))
        .group_by(m.c.unit, m.c.year)
        .subquery("membership_latest")
    )


# --- grouped sums → records ------------------------------------------------------------------


def _sums_frame(names: list[str], rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """A family's grouped sums as a frame of Python objects, one column per name.

    Built column by column: pandas reading 10,000 units' rows one Row at a time costs
    seconds (city scale) where transposing them costs a fraction.
    """
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pd.DataFrame({name: _objects(values) for name, values in zip(names, columns, strict=True)}, dtype=object)


def _objects(values: Sequence[object]) -> np.ndarray:
    # assigned, not np.array(values): a value is never read as a nested sequence
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _floats(column: pd.Series) -> pd.Series:
    # PostgreSQL sums BIGINT as NUMERIC (Decimal); None → NaN
    return pd.to_numeric(column).astype("float64")


def _text(values, index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=object)


def _piece(
    scope: _Scope,
    sums: pd.DataFrame,
    metric: str,
    *,
    category: str | None = None,
    total: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
) -> pd.DataFrame:
    """The records of one metric, one per row of a family's grouped ``sums``.

    ``category`` names the column holding the category (None: over all categories).
    A plain sum gives ``total``, the column whose sum is the value (numerator and
    denominator missing); a rate gives the ``numerator`` and ``denominator`` columns and
    its value is missing where the denominator is zero or missing (§4).
    """
    index = sums.index
    if scope.by == "all":
        units = _text(ALL_UNITS, index)
    else:
        units = sums["grp"].where(sums["grp"].notna(), UNSPECIFIED).astype(object)
    if total is not None:
        value, num, den = _floats(sums[total]), pd.Series(np.nan, index=index), pd.Series(np.nan, index=index)
    else:
        num, den = _floats(sums[numerator]), _floats(sums[denominator])
        value = (num / den).where(den != 0)
    return pd.DataFrame(
        {
            "metric": _text(metric, index),
            "label": _text(LABELS[metric], index),
            "unit": units,
            "period": sums["period"].astype(object),
            "category": sums[category].astype(object) if category is not None else _text(None, index),
            "value": value,
            "numerator": num,
            "denominator": den,
        }
    )


def _frame(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    """One table of all records, sorted (metric order, unit, period, category: None first).

    Each piece holds one metric, so the metric's rank is known per piece; the other keys
    are sorted as integer codes (``np.lexsort`` is stable, as the sort by labels was).
    """
    pieces = [piece for piece in pieces if not piece.empty]
    if not pieces:
        empty = {name: pd.Series([], dtype=object) for name in COLUMNS[:5]}
        empty.update({name: pd.Series([], dtype="float64") for name in COLUMNS[5:]})
        return pd.DataFrame(empty, columns=list(COLUMNS))
    frame = pd.concat(pieces, ignore_index=True)
    rank = np.repeat([METRIC_ORDER[piece["metric"].iat[0]] for piece in pieces], [len(piece) for piece in pieces])
    has_category = frame["category"].notna().to_numpy()
    frame["category"] = frame["category"].where(has_category, None)
    order = np.lexsort(
        (
            _sort_codes(frame["category"].where(has_category, "")),
            has_category,
            _sort_codes(frame["period"]),
            _sort_codes(frame["unit"]),
            rank,
        )
    )
    return frame.iloc[order][list(COLUMNS)].reset_index(drop=True)


def _sort_codes(column: pd.Series) -> np.ndarray:
    """Integer codes in the sort order of the column's text values."""
    codes, _ = pd.factorize(column, sort=True)
    return codes


# --- the metric families: one query each, then the ratios ------------------------------------


def _membership_query(scope: _Scope) -> Select:
    """membership (§3.1): the rates and members from the stock, new_members as a flow."""
    m = schema.membership
    source: FromClause = m
    stock = flow = None
    if scope.period == "year":
        latest = _membership_latest(scope)
        source = m.join(latest, and_(latest.c.unit == m.c.unit, latest.c.year == m.c.year))
        stock = m.c.period_sort == latest.c.period_sort
        flow = _flow_rows(m, scope)[0]
    source, keys, where = scope.narrow(source, m.c.unit, m.c.year)
    sums = []
    for metric, numerator, denominator in MEMBERSHIP_RATES:
        sums += _pair_sums(metric, m.c[numerator], m.c[denominator], when=stock)
    sums += [_sum("members", m.c.members, when=stock), _sum("new_members", m.c.new_members, when=flow)]
    return _grouped(source, keys, scope.period_of(m.c.year, m.c.month), sums, [m.c.is_current.is_(true()), *where])


def _membership_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    rates = [
        _piece(scope, sums, metric, numerator=f"{metric}_num", denominator=f"{metric}_den") for metric, _, _ in MEMBERSHIP_RATES
    ]
    return [
        *rates,
        _piece(scope, sums, "members", total="members"),
        _piece(scope, sums, "new_members", total="new_members"),
    ]


def _dues_query(scope: _Scope) -> Select:
    """dues (§3.2): flows per fund type and over all fund types, no double counting."""
    d = schema.dues

    def branch(category: ColumnElement | None, number: int) -> Select:
        source, keys, where = scope.narrow(d, d.c.unit, d.c.year)
        where += [d.c.is_current.is_(true()), *_flow_rows(d, scope, "fund_type")]
        if scope.fund_type is not None:
            where.append(d.c.fund_type == scope.fund_type)
        sums = [
            _sum("due", d.c.due),
            _sum("paid", d.c.paid),
            _sum("remitted", d.c.remitted),
            *_pair_sums("collection", d.c.paid, d.c.due),
        ]
        period = scope.period_of(d.c.year, d.c.month)
        return _grouped(source, keys, period, sums, where, category=category, branch=number)

    return union_all(branch(None, 0), branch(d.c.fund_type, 1))


def _dues_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    return [
        _piece(
            scope,
            sums,
            "dues_collection_rate",
            category="category",
            numerator="collection_num",
            denominator="collection_den",
        ),
        _piece(scope, sums, "dues_due", category="category", total="due"),
        _piece(scope, sums, "dues_collected", category="category", total="paid"),
        _piece(scope, sums, "dues_remitted", category="category", total="remitted"),
    ]


def _welfare_query(scope: _Scope) -> Select:
    """welfare (§3.3), a ledger: amounts and 人次 by category and over all."""
    w = schema.welfare

    def branch(category: ColumnElement | None, number: int) -> Select:
        source, keys, where = scope.narrow(w, w.c.unit, w.c.year)
        sums = [_sum("amount", w.c.amount), _sum("count", w.c["count"])]
        period = scope.period_of(w.c.year, w.c.month)
        return _grouped(source, keys, period, sums, where, category=category, branch=number)

    return union_all(branch(None, 0), branch(w.c.category, 1))


def _welfare_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    return [
        _piece(scope, sums, "welfare_amount", category="category", total="amount"),
        _piece(scope, sums, "welfare_count", category="category", total="count"),
    ]


def _welfare_per_member_query(scope: _Scope) -> Select | None:
    """welfare_per_member: Σ 金额 / Σ 会员人数 over the (unit, year)s that give both.

    Each (unit, year)'s welfare total is joined with its membership stock for the year.
    Year mode only (see the module docstring). The group key and the filters are taken
    with the welfare rows, before their totals meet the stock: joined to the two totals
    instead, SQLite scanned one total once per unit (half a minute at 10,000 units).
    """
    if scope.period == "month":
        return None
    w, m = schema.welfare, schema.membership
    source, keys, where = scope.narrow(w, w.c.unit, w.c.year)
    group = [keys[0].label("grp")] if keys else []
    paid = (
        select(w.c.unit, w.c.year, *group, func.sum(w.c.amount).label("amount"))
        .select_from(source)
        .where(*where)
        .group_by(w.c.unit, w.c.year, *(key for key in keys if key is not w.c.unit))
        .subquery("welfare_by_unit")
    )
    latest = _membership_latest(scope)
    # members of the year's stock row, per (unit, year): an aggregate rather than a join
    # on period_sort, whose row count PostgreSQL would guess as 1 and plan badly around
    stock = (
        select(m.c.unit, m.c.year, _sum("members", m.c.members, when=m.c.period_sort == latest.c.period_sort))
        .join_from(m, latest, and_(latest.c.unit == m.c.unit, latest.c.year == m.c.year))
        .where(m.c.is_current.is_(true()))
        .group_by(m.c.unit, m.c.year)
        .subquery("membership_stock")
    )
    pairs = paid.join(stock, and_(stock.c.unit == paid.c.unit, stock.c.year == paid.c.year))
    sums = _pair_sums("per_member", paid.c.amount, stock.c.members)
    return _grouped(pairs, [paid.c.grp] if keys else [], paid.c.year, sums, [])


def _welfare_per_member_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    return [_piece(scope, sums, "welfare_per_member", numerator="per_member_num", denominator="per_member_den")]


_ALL, _BY_LEVEL, _BY_TIER = 0, 1, 2


def _competitions_query(scope: _Scope) -> Select:
    """competitions (§3.4), a ledger: entries and awards over all and by level; awards by tier."""
    c = schema.competitions
    awarded = c.c.award != NO_AWARD

    def branch(category: ColumnElement | None, number: int, *only: ColumnElement) -> Select:
        source, keys, where = scope.narrow(c, c.c.unit, c.c.year)
        sums = [_sum("entries", c.c.entries), func.sum(case((awarded, c.c.entries), else_=0)).label("awards")]
        period = scope.period_of(c.c.year, c.c.month)
        return _grouped(source, keys, period, sums, [*where, *only], category=category, branch=number)

    return union_all(
        branch(None, _ALL),
        branch(c.c.level, _BY_LEVEL),
        branch(c.c.award, _BY_TIER, awarded),
    )


def _competitions_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    by_tier = sums[sums["branch"] == _BY_TIER]
    by_level = sums[sums["branch"] != _BY_TIER].copy()
    # an entry without a 级别 forms its own level, never the row over all levels
    named = by_level["category"].notna() | (by_level["branch"] == _ALL)
    by_level["category"] = by_level["category"].where(named, UNSPECIFIED)
    return [
        _piece(scope, by_level, "competition_entries", category="category", total="entries"),
        _piece(scope, by_level, "competition_awards", category="category", total="awards"),
        _piece(scope, by_tier, "competition_awards", category="category", total="awards"),
        _piece(scope, by_level, "award_rate", category="category", numerator="awards", denominator="entries"),
    ]


_BY_ACCOUNT, _BY_FLOW = 0, 1


def _finance_query(scope: _Scope) -> Select:
    """finance (§3.6): income / expense by account and over all; budget execution by account and
    flow; the balance rows (上年结余 / 本年结余) by account, for their own metrics only."""
    f = schema.finance
    own = schema.finance.alias("own")
    # §3.6: an account counts by its own row when the statement gives one, else by the sum of
    # its sub-accounts — never both
    has_own_row = (
        exists()
        .where(own.c.unit == f.c.unit, own.c.year == f.c.year, own.c.account == f.c.account)
        .where(own.c.sub_account.is_(None), own.c.is_current.is_(true()))
    )

    # a 本年结余 beside a 年末滚存结余 may be the year's surplus alone: the year-end row counts
    year_end = schema.finance.alias("year_end")
    has_year_end_row = exists().where(
        year_end.c.unit == f.c.unit,
        year_end.c.year == f.c.year,
        year_end.c.account.in_(_YEAR_END_ROWS),
        year_end.c.is_current.is_(true()),
    )

    def branch(category: ColumnElement | None, number: int, flows: tuple[str, ...]) -> Select:
        source, keys, where = scope.narrow(f, f.c.unit, f.c.year)
        where += [f.c.is_current.is_(true()), f.c.flow.in_(flows)]
        where += [or_(f.c.sub_account.is_(None), ~has_own_row)]
        where += [or_(f.c.account.not_in(_SURPLUS_ROWS), ~has_year_end_row)]
        sums = [_sum("actual", f.c.actual), *_pair_sums("execution", f.c.actual, f.c.budget)]
        return _grouped(source, keys, f.c.year, sums, where, category=category, extra_keys=[f.c.flow], branch=number)

    flows = tuple(FINANCE_FLOWS)
    return union_all(branch(f.c.account, _BY_ACCOUNT, (*flows, BALANCE)), branch(None, _BY_FLOW, flows))


def _finance_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    pieces = []
    for flow, metric in FINANCE_FLOWS.items():
        pieces.append(_piece(scope, sums[sums["flow"] == flow], metric, category="category", total="actual"))
    by_account = sums[(sums["branch"] == _BY_ACCOUNT) & (sums["flow"] != BALANCE)]
    by_flow = sums[sums["branch"] == _BY_FLOW]
    for part, category in ((by_account, "category"), (by_flow, "flow")):
        pieces.append(
            _piece(
                scope,
                part,
                "budget_execution_rate",
                category=category,
                numerator="execution_num",
                denominator="execution_den",
            )
        )
    balances = sums[sums["flow"] == BALANCE]
    keys = [k for k in ("grp", "period") if k in balances.columns]
    for metric, accounts in BALANCE_METRICS.items():
        rows = balances[balances["category"].isin(accounts)]
        summed = rows.assign(actual=pd.to_numeric(rows["actual"])).groupby(keys, dropna=False, sort=False)["actual"]
        pieces.append(_piece(scope, summed.sum(min_count=1).reset_index(), metric, total="actual"))
    return pieces


def _units_query(scope: _Scope) -> Select:
    """units (§3.5): shares of distinct units per group and year; with the areas' counts.

    A registry counts its rows; an area's membership row (§3.1: a 街道 or a province in a
    census table) gives 单位数 and 建会单位数 instead. Both branches give the same sums;
    ``_units_records`` adds them per group and year (a ratio of sums, §4)."""
    u = schema.units
    established = u.c.established.is_(true())

    def units_where(condition: ColumnElement) -> ColumnElement:
        # a unit counts once per group and year
        return func.count(distinct(case((condition, u.c.unit))))

    sums = [
        units_where(established).label("coverage_num"),
        units_where(u.c.established.is_not(None)).label("coverage_den"),
    ]
    for name in ("collective_contract", "wage_bargaining"):
        sums += [
            units_where(and_(established, u.c[name].is_(true()))).label(f"{name}_num"),
            units_where(and_(established, u.c[name].is_not(None))).label(f"{name}_den"),
        ]
    source, keys, where = scope.narrow(u, u.c.unit, u.c.year)
    registry = _grouped(source, keys, u.c.year, sums, [u.c.is_current.is_(true()), *where])
    return union_all(registry, _area_counts_query(scope))


def _area_counts_query(scope: _Scope) -> Select:
    """Σ 建会单位数 / Σ 单位数 of the areas' membership rows (the figure reported for the year)."""
    m = schema.membership
    latest = _membership_latest(scope)
    source = m.join(latest, and_(latest.c.unit == m.c.unit, latest.c.year == m.c.year))
    both = and_(m.c.period_sort == latest.c.period_sort, m.c.unit_count.is_not(None), m.c.union_unit_count.is_not(None))
    source, keys, where = scope.narrow(source, m.c.unit, m.c.year)
    nothing = cast(null(), Integer)  # an area's row says nothing of contracts
    sums = [
        _sum("coverage_num", m.c.union_unit_count, when=both),
        _sum("coverage_den", m.c.unit_count, when=both),
        *(nothing.label(f"{name}_{part}") for name in ("collective_contract", "wage_bargaining") for part in ("num", "den")),
    ]
    return _grouped(source, keys, m.c.year, sums, [m.c.is_current.is_(true()), m.c.unit_count.is_not(None), *where])


def _units_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    keys = [k for k in ("grp", "period", "category", "branch") if k in sums.columns]
    figures = [c for c in sums.columns if c not in keys]
    if len(sums):
        numbers = sums[figures].apply(pd.to_numeric)
        sums = pd.concat([sums[keys], numbers], axis=1).groupby(keys, dropna=False, sort=False).sum(min_count=1).reset_index()
    return [
        _piece(scope, sums, "union_coverage_rate", numerator="coverage_num", denominator="coverage_den"),
        _piece(
            scope,
            sums,
            "contract_rate",
            numerator="collective_contract_num",
            denominator="collective_contract_den",
        ),
        _piece(
            scope,
            sums,
            "wage_bargaining_rate",
            numerator="wage_bargaining_num",
            denominator="wage_bargaining_den",
        ),
    ]


# --- §3.8 activities ---------------------------------------------------------------------------


def _activities_query(scope: _Scope) -> Select:
    """activities (§3.8), a ledger: 场次, 参加人次 and 经费 by type and over all types."""
    a = schema.activities

    def branch(category: ColumnElement | None, number: int) -> Select:
        source, keys, where = scope.narrow(a, a.c.unit, a.c.year)
        sums = [_sum("sessions", a.c.sessions), _sum("participants", a.c.participants), _sum("spend", a.c.spend)]
        period = scope.period_of(a.c.year, a.c.month)
        return _grouped(source, keys, period, sums, where, category=category, branch=number)

    return union_all(branch(None, 0), branch(a.c.type, 1))


def _activities_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    return [
        _piece(scope, sums, "activity_sessions", category="category", total="sessions"),
        _piece(scope, sums, "activity_participants", category="category", total="participants"),
        _piece(scope, sums, "activity_spend", category="category", total="spend"),
    ]


# --- §3.7 rosters: the figures they derive, merged with membership; members_by_group -----------


def _roster_member() -> ColumnElement:
    """A roster row that counts as a member at the end of its year: not 转出 / 退会 / 除名."""
    return schema.roster.c.status.not_in(LEFT_STATUSES)


def _roster_sums(scope: _Scope) -> FromClause:
    """(unit, year) → the figures of its current roster (§3.7): 会员人数 = members; 女会员人数 by
    sex; 农民工会员人数; 新发展会员人数 = 入会 (not 转入) in that year; 实名制录入人数 = an ID that
    passes its check digit. A figure the roster has no column for (no 性别 and no ID) is missing.
    ``metrics.roster.roster_figures`` counts one roster's rows before it is stored (the import
    preview) by the same rules: a change here is a change there."""
    r = schema.roster
    member = _roster_member()

    def counted(condition: ColumnElement, given: ColumnElement | None = None) -> ColumnElement:
        total = func.sum(case((and_(member, condition), 1), else_=0))
        return total if given is None else case((func.count(given) > 0, total))

    # 入会 (not 转入) in that year: a join dated that year, or a 入会 change the row leaves undated
    joined = or_(
        and_(r.c.status != TRANSFERRED_IN, r.c.joined_year == r.c.year),
        and_(r.c.status == JOINED_STATUS, r.c.joined_year.is_(None)),
    )
    dated = case((or_(r.c.joined_year.is_not(None), r.c.status == JOINED_STATUS), 1))
    return (
        select(
            r.c.unit,
            r.c.year,
            counted(true()).label("members"),
            counted(r.c.sex == FEMALE, r.c.sex).label("female_members"),
            counted(r.c.migrant.is_(true()), r.c.migrant).label("migrant_members"),
            counted(joined, dated).label("new_members"),
            counted(r.c.id_valid.is_(true())).label("realname_members"),
        )
        .where(r.c.is_current.is_(true()), *scope.row_filters(r.c.unit, r.c.year))
        .group_by(r.c.unit, r.c.year)
        .subquery("roster_sums")
    )


def _membership_stock(scope: _Scope) -> FromClause:
    """(unit, year) → the membership table's figures reported for the year: the stock row (year
    mode), or the year row (month mode, where a roster is a year figure)."""
    m = schema.membership
    names = {*(n for _, n, d in MEMBERSHIP_RATES), *(d for _, _, d in MEMBERSHIP_RATES), "new_members"}
    figures = [m.c[name] for name in names]
    if scope.period == "year":
        latest = _membership_latest(scope)
        source = m.join(latest, and_(latest.c.unit == m.c.unit, latest.c.year == m.c.year))
        which = m.c.period_sort == latest.c.period_sort
    else:
        source, which = m, m.c.month.is_(None)
    return (
        select(m.c.unit, m.c.year, *sorted(figures, key=lambda c: c.name))
        .select_from(source)
        .where(m.c.is_current.is_(true()), which)
        .subquery("membership_stock_for_roster")
    )


def _roster_fill_query(scope: _Scope) -> Select:
    """What rosters add to the membership sums (§3.7): where a membership table gives a figure
    for the same unit and year, the table's figure stands and the roster fills only what it
    lacks (always 实名制录入人数 when the table has none).

    Per (unit, year) the merged figure is the table's, else the roster's; this query gives the
    difference the merge makes to each sum of ``_membership_query`` — a plain sum gains the
    roster's figure where the table has none, a rate's pair gains the merged pair where the
    table alone gave no pair — so the two are added per group and period."""
    r = _roster_sums(scope)
    s = _membership_stock(scope)
    m = schema.membership

    def merged(name: str) -> ColumnElement:
        return func.coalesce(s.c[name], r.c[name]) if name in ROSTER_FIGURES else s.c[name]

    # per (unit, year) first — one row each, grouped so that SQLite materialises it before the
    # 上级工会 tree is joined (flattened, it ran the stock once per unit of the tree: minutes)
    deltas = []
    for metric, numerator, denominator in MEMBERSHIP_RATES:
        table_pair = and_(s.c[numerator].is_not(None), s.c[denominator].is_not(None))
        merged_pair = and_(~table_pair, merged(numerator).is_not(None), merged(denominator).is_not(None))
        deltas += [
            func.max(case((merged_pair, merged(numerator)))).label(f"{metric}_num"),
            func.max(case((merged_pair, merged(denominator)))).label(f"{metric}_den"),
        ]
    # new_members is a flow: the table's figure stands where any of its rows of the year gives one
    table_new = exists().where(
        m.c.unit == r.c.unit, m.c.year == r.c.year, m.c.is_current.is_(true()), m.c.new_members.is_not(None)
    )
    if scope.period == "month":
        table_new = s.c.new_members.is_not(None)
    deltas += [
        func.max(case((s.c.members.is_(None), r.c.members))).label("members"),
        func.max(case((~table_new, r.c.new_members))).label("new_members"),
    ]
    per_unit = (
        select(r.c.unit, r.c.year, *deltas)
        .select_from(r.join(s, and_(s.c.unit == r.c.unit, s.c.year == r.c.year), isouter=True))
        .group_by(r.c.unit, r.c.year)
        .subquery("roster_fill")
    )
    source, keys, where = scope.narrow(per_unit, per_unit.c.unit, per_unit.c.year)
    names = [c.name for c in per_unit.c if c.name not in ("unit", "year")]
    return _grouped(source, keys, per_unit.c.year, [_sum(name, per_unit.c[name]) for name in names], where, branch=1)


def _membership_and_roster_query(scope: _Scope) -> Select:
    """membership's sums and what rosters add to them, one row each per group and period."""
    return union_all(_membership_query(scope), _roster_fill_query(scope))


def _membership_and_roster_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    keys = [k for k in ("grp", "period") if k in sums.columns]
    figures = [c for c in sums.columns if c not in (*keys, "category", "branch")]
    if len(sums):
        numbers = sums[figures].apply(pd.to_numeric)
        added = pd.concat([sums[keys], numbers], axis=1).groupby(keys, dropna=False, sort=False).sum(min_count=1)
        sums = added.reset_index()
    return _membership_records(scope, sums)


def _age_band(age: ColumnElement) -> ColumnElement:
    """The 会员构成 age band of an age at the end of the year (§4)."""
    whens = [(age <= last, label) for _first, last, label in AGE_BANDS if last is not None]
    return case(*whens, else_=AGE_BANDS[-1][2])


def _members_by_group_query(scope: _Scope) -> Select:
    """members_by_group (§4): Σ members of the current rosters, over all and by 女 / 男,
    农民工 and the age bands (age at the end of the year: the year less the birth year)."""
    r = schema.roster
    member = _roster_member()
    age = cast(r.c.year, Integer) - r.c.birth_year

    def branch(category: ColumnElement | None, number: int, *only: ColumnElement) -> Select:
        source, keys, where = scope.narrow(r, r.c.unit, r.c.year)
        where += [r.c.is_current.is_(true()), member, *only]
        return _grouped(source, keys, r.c.year, [func.count().label("members")], where, category=category, branch=number)

    return union_all(
        branch(None, 0),
        branch(r.c.sex, 1, r.c.sex.is_not(None)),
        branch(cast(literal_column(f"'{MIGRANT_GROUP}'"), String), 2, r.c.migrant.is_(true())),
        branch(_age_band(age), 3, r.c.birth_year.is_not(None)),
    )


def _members_by_group_records(scope: _Scope, sums: pd.DataFrame) -> list[pd.DataFrame]:
    return [_piece(scope, sums, "members_by_group", category="category", total="members")]


# One query per family, in the order of contract §4: the query, its records, the metric ids they give.
_FAMILIES = (
    # §3.7: with what rosters add where the tables lack a figure
    (
        _membership_and_roster_query,
        _membership_and_roster_records,
        tuple(m for m, _, _ in MEMBERSHIP_RATES) + ("members", "new_members"),
    ),
    (_dues_query, _dues_records, ("dues_collection_rate", "dues_due", "dues_collected", "dues_remitted")),
    (_welfare_query, _welfare_records, ("welfare_amount", "welfare_count")),
    (_welfare_per_member_query, _welfare_per_member_records, ("welfare_per_member",)),
    (_competitions_query, _competitions_records, ("competition_entries", "competition_awards", "award_rate")),
    (_activities_query, _activities_records, ("activity_sessions", "activity_participants", "activity_spend")),
    (_finance_query, _finance_records, ("income", "expense", "budget_execution_rate", *BALANCE_METRICS)),
    (_units_query, _units_records, ("union_coverage_rate", "contract_rate", "wage_bargaining_rate")),
)
_FAMILIES += ((_members_by_group_query, _members_by_group_records, ("members_by_group",)),)  # §3.7, §4
