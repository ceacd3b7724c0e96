"""Cleaned cells of one sheet → the rows of its fact table, one function per kind.

Each ``build_<kind>`` takes a ``SheetData`` (the sheet's data rows by field, indexed by
Excel row number) and returns a DataFrame with the fact table's columns for the rows
that are not rejected; every rejection and warning goes to the sheet's ``ProblemLog``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from unionstats.ingest import clean, idcard
from unionstats.ingest.unit_names import apply_aliases
from unionstats.ingest.validate import ProblemLog, fmt_number, show
from unionstats.rules import activities as activity_rules
from unionstats.rules import competitions as comp_rules
from unionstats.rules import dues as dues_rules
from unionstats.rules import finance as fin_rules
from unionstats.rules import roster as roster_rules
from unionstats.rules.columns import (
    BLANK_COUNT_DEFAULTS,
    COLUMN_OF,
    EXTRA_COLUMNS,
    MEMBERSHIP_ORDER_CHECKS,
    SHIFTED_COLUMNS,
    columns_of,
)
from unionstats.rules.messages import message
from unionstats.rules.personal import guard_personal


@dataclass
class SheetData:
    """The data rows of one sheet, by field, with what is needed to clean them."""

    kind: str  # the id of contract §3 the sheet was recognised as
    cells: pd.DataFrame  # columns: field ids; index: Excel row numbers; raw cells
    labels: dict[str, str]  # field → header as written, for messages
    multipliers: dict[str, float]  # field → 10,000 for 万元 columns
    unit: pd.Series  # the unit of every row (None where unknown)
    extra: pd.Series  # JSON text of the columns no kind knows (None where empty)
    log: ProblemLog
    sheet: str
    default_year: str | None
    today: dt.date
    person_key_secret: bytes  # the HMAC key of the person keys (§5), never in the store
    welfare_standards: dict[str, float]
    category_rules: tuple[tuple[str, tuple[str, ...]], ...]
    # §3.8: activity types, the user's rules first (kept apart from welfare's category rules)
    type_rules: tuple[tuple[str, tuple[str, ...]], ...] = activity_rules.TYPE_RULES
    allowed_units: frozenset[str] | None = None  # district mode: the importing user's units
    unit_aliases: Mapping[str, str] = dataclasses.field(default_factory=dict)  # 单位名称对照 (issue 14)
    # district mode, a unit account: its units → 上级工会 today; and the years a registry row may take (issue 17)
    unit_parents: Mapping[str, str | None] | None = None
    registry_years: frozenset[str] | None = None
    # §3.3: the one welfare category the title, sheet or file name names (None: none or several)
    document_category: str | None = None
    filing_year: str | None = None  # §3.5: the year of a 填报日期: line above the header
    union_column: bool = False  # §3.5: the unit column is headed 工会名称 (a name there is a union)
    # rows of another kind the sheet also gives (a registry's membership rows, §3.5)
    derived: list[DerivedRows] = dataclasses.field(default_factory=list)

    @property
    def index(self) -> pd.Index:
        return self.cells.index

    def has(self, field: str) -> bool:
        return field in self.cells.columns

    def raw(self, field: str) -> pd.Series:
        if field in self.cells.columns:
            return self.cells[field]
        return pd.Series(None, index=self.index, dtype=object)

    def label(self, field: str) -> str:
        """The header of ``field`` as the sheet writes it, else its canonical name (§3)."""
        return self.labels.get(field, COLUMN_OF[self.kind, field].name)

    # -- typed readers; each logs its own problems -------------------------------------
    def number(self, field: str, *, required: bool, count: bool) -> pd.Series:
        """Numbers of one column, ×10,000 for 万元 columns; NaN where missing or bad.

        contract §2: a negative count is rejected, a negative amount stored with a warning.
        """
        raw = self.raw(field)
        label = self.label(field)
        values, bad = clean.parse_numbers(raw)
        values = values * self.multipliers.get(field, 1.0)
        # 1e309 reads as infinity, and a figure past 10^15 is no office's (nor does a count
        # that large fit the store's BIGINT): not stored, said like a bad number.
        huge = values.notna() & ~(values.abs() <= _LARGEST_FIGURE)
        if huge.any():
            values = values.where(~huge)
            log = self.log.reject_where if required else self.log.warn_where
            log(huge, raw, label, "too_large" if required else "too_large_blanked")
        fractional = pd.Series(False, index=values.index)
        if count:
            fractional = values.notna() & (values.round() != values)
            self.log.reject_where(fractional & ~bad, raw, label, "not_an_integer")
            values = values.where(~fractional)
            negative = values < 0
            self.log.reject_where(negative, raw, label, "negative_count")
        else:
            negative = values < 0
            self.log.warn_where(negative, raw, label, "negative_amount")
        if required:
            self.log.reject_where(bad, raw, label, "not_a_number")
            empty = values.isna() & ~bad & ~fractional & ~huge & self.has(field)
            self.log.reject_where(empty, raw, label, "missing_value")
        else:
            self.log.warn_where(bad, raw, label, "not_a_number_blanked")
        return values

    def period(self, field: str, *, required: bool, what: str = "年度或月份") -> pd.DataFrame:
        """year / month / date strings of one column; logs bad, missing and future periods.

        ``what`` names the expected value in messages (年度或月份, 日期)."""
        raw = self.raw(field)
        label = self.label(field)
        frame, bad = clean.parse_periods(raw, self.default_year)
        if required:
            self.log.reject_where(bad, raw, label, "bad_period", what=what)
            self.log.reject_where(frame["year"].isna() & ~bad, raw, label, "missing_value")
        else:
            self.log.warn_where(bad, raw, label, "bad_period_blanked", what=what)
        today = self.today
        future = (
            (frame["year"].fillna("0000") > f"{today.year:04d}")
            | (frame["month"].fillna("0000-00") > f"{today.year:04d}-{today.month:02d}")
            | (frame["date"].fillna("0000-00-00") > today.isoformat())
        )
        self.log.warn_where(future, raw, label, "future_period")
        return frame

    def text(self, field: str) -> pd.Series:
        return clean.clean_names(self.raw(field))

    def unit_names(self, field: str) -> pd.Series:
        """A column of unit names (上级工会, 单位名称 beside 工会名称): cleaned, and a name of the
        单位名称对照 as the unit it names."""
        return apply_aliases(self.text(field), self.unit_aliases)

    def parents(self) -> pd.Series:
        """The 上级工会 of every row (``unit_names``). A unit account (``unit_parents`` given)
        never changes the unit tree (issue 17): a row of its units naming another 上级工会 than
        the tree gives today, or one for a unit that has none, is rejected with the reason; a
        row naming none is stored under today's, so it cannot displace the row that gives it."""
        written = self.unit_names("parent")
        if self.unit_parents is None:
            return written
        tree = self.unit_parents
        theirs = self.unit.isin(list(tree))
        today = self.unit.map(lambda unit: tree.get(unit) if isinstance(unit, str) else None)
        moved = theirs & written.notna() & (written != today)
        for row in self.index[moved.to_numpy(dtype=bool)]:
            self.log.reject(
                int(row),
                self.label("parent"),
                "parent_changed" if today[row] else "parent_added",
                self.raw("parent")[row],
                label=self.label("parent"),
                given=written[row],
                unit=self.unit[row],
                parent=today[row],
            )
        return written.where(written.notna() | ~theirs, today)

    def categorise(self, field: str, mapper, key: str, skip: pd.Series | None = None) -> tuple[pd.Series, pd.Series]:
        """(text as written, standard value) of a column whose ``mapper`` returns
        (value, recognised); unrecognised cells are warned with the sentence ``key``.
        Cells where ``skip`` holds are read as empty (a rank under 名次)."""
        written = self.text(field)
        if skip is not None:
            written = written.where(~skip, None)
        pairs = clean.per_value(written, mapper)
        unknown = ~pairs.map(lambda p: p[1]).astype(bool)
        self.log.warn_where(unknown, written, self.label(field), key)
        return written, pairs.map(lambda p: p[0])

    def private_text(self, field: str) -> pd.Series:
        """Free text that may hold an ID or phone number: masked before it is stored (§5)."""
        return clean.clean_private_text(self.raw(field))

    def person_key(self) -> pd.Series:
        """A keyed hash (HMAC-SHA256, 32 hex digits) of the ID or phone number, to tell people
        apart (§5); never clear. The key is not in the store, so the store alone cannot
        recompute it from a guessed number."""
        keys = pd.Series(None, index=self.index, dtype=object)
        for field in ("id_number", "phone"):
            if not self.has(field):
                continue
            texts = clean.clean_names(self.raw(field)).map(
                # a masked number (3302**********1234, e.g. from a rejected-rows file sent back)
                # tells nobody apart: no key rather than one shared by many people
                lambda v: "".join(ch for ch in v.upper() if ch.isalnum()) or None if isinstance(v, str) and "*" not in v else None
            )
            hashed = texts.map(lambda v: person_key_of(self.person_key_secret, v) if isinstance(v, str) else None)
            keys = keys.where(keys.notna(), hashed)
        return keys

    def require_unit(self) -> pd.Series:
        """The unit of every row; rows without one, with a "name" that has no letter or
        Chinese character (a form's example row ``11``, §1), or (district mode) of a unit
        outside ``allowed_units``, are rejected with the reason (§3 yes*)."""
        nameless = self.unit.notna() & ~clean.per_value(self.unit, clean.has_letters).astype(bool)
        self.log.reject_where(nameless, self.unit, self.label("unit"), "unit_without_letters")
        if self.allowed_units is not None:
            outside = self.unit.notna() & ~nameless & ~self.unit.isin(self.allowed_units)
            self.log.reject_where(outside, self.unit, self.label("unit"), "outside_scope")
        missing = self.unit.isna()
        if self.has("unit"):
            self.log.reject_where(missing, self.raw("unit"), self.label("unit"), "missing_unit")
        else:
            for row in self.index[missing.to_numpy(dtype=bool)]:
                self.log.reject(int(row), None, "no_unit_column")
        return self.unit

    def finish(self, columns: dict[str, pd.Series | object]) -> pd.DataFrame:
        """The rows not rejected, with sheet, source_row, unit, extra and ``columns``."""
        frame = pd.DataFrame(
            {"sheet": self.sheet, "source_row": self.index.astype(int), "unit": self.unit, **columns}, index=self.index
        )
        frame["extra"] = self.extra
        keep = ~self.log.is_rejected(self.index)
        frame = frame.loc[keep]
        return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)


@dataclass
class DerivedRows:
    """Rows of another kind one sheet also gives (a registry's 职工人数 and 会员人数 as
    membership rows, §3.5), with their own problems: a row rejected there stays stored here."""

    kind: str
    rows: pd.DataFrame
    log: ProblemLog
    name: str  # Chinese: the sheet as the import report names these rows ("单位名册(会员统计)")


def person_key_of(secret: bytes, number: str) -> str:
    """The person key of a normalised ID or phone number (§5): HMAC-SHA256 with ``secret``
    (``unionstats.store.keys.person_key_secret``), its first 32 hex digits."""
    return hmac.new(secret, number.encode(), hashlib.sha256).hexdigest()[:32]


def add_to_extra(extra: pd.Series, additions: dict[str, pd.Series]) -> pd.Series:
    """``extra`` (JSON text per row, None where empty) with ``additions`` (header → value
    per row) merged in; a missing value adds nothing."""
    if not additions:
        return extra
    merged = []
    for row, text in extra.items():
        kept = json.loads(text) if isinstance(text, str) else {}
        for label, values in additions.items():
            value = values.get(row)
            if value is not None and not (isinstance(value, float) and np.isnan(value)):
                kept[label] = value
        merged.append(json.dumps(kept, ensure_ascii=False, default=show) if kept else None)
    return pd.Series(merged, index=extra.index, dtype=object)


# Largest figure read from a cell (see SheetData.number).
_LARGEST_FIGURE = 1e15


def _ints(values: pd.Series) -> pd.Series:
    return values.astype("Int64")


def _warn_greater(
    data: SheetData, big: pd.Series, small: pd.Series, big_name: str, small_name: str, code: str, factor: float = 1.0
) -> None:
    mask = big.notna() & small.notna() & (big > small * factor)
    for row in data.index[mask.to_numpy(dtype=bool)]:
        data.log.warn(
            int(row),
            big_name,
            "greater" if factor == 1.0 else "greater_times",
            big[row],
            code=code,
            big=big_name,
            big_value=fmt_number(big[row]),
            small=small_name,
            small_value=fmt_number(small[row]),
            factor=fmt_number(factor),
        )


def _warn_duplicate_keys(data: SheetData, keys: pd.DataFrame, what: str) -> None:
    """Two rows of one sheet with the same key: the later one wins (§2), say so."""
    valid = keys.notna().all(axis=1) & ~data.log.is_rejected(keys.index)
    kept = keys[valid]
    dup = kept.duplicated(keep="last")
    last_row = {k: r for r, k in zip(kept.index, kept.itertuples(index=False, name=None), strict=True)}
    for row, key in zip(kept.index, kept.itertuples(index=False, name=None), strict=True):
        if dup[row]:
            data.log.warn(int(row), None, "duplicate_key", later=last_row[key], what=what)


def _period_columns(period: pd.DataFrame, with_date: bool = False) -> dict[str, pd.Series]:
    """The store's period columns: ``period`` the finest the row gives, ``year``, ``month``
    (and ``date`` for ledgers)."""
    columns = {
        "period": period["month"].where(period["month"].notna(), period["year"]),
        "year": period["year"],
        "month": period["month"],
    }
    if with_date:
        columns["date"] = period["date"]
    return columns


def _period_sort(period: pd.DataFrame) -> pd.Series:
    return period["month"].where(period["month"].notna(), period["year"] + "-13")


# ---------------------------------------------------------------- §3.1 membership
# §3.1: the optional headcounts (女职工人数, 农民工人数 …), in table order
_MEMBERSHIP_OPTIONAL_COUNTS = tuple(c.field for c in columns_of("membership") if c.dtype == "count" and c.required == "no")


def build_membership(data: SheetData) -> pd.DataFrame:
    unit = data.require_unit()
    period = data.period("period", required=True)
    employees = data.number("employees", required=True, count=True)
    members = data.number("members", required=True, count=True)
    optional = {field: data.number(field, required=False, count=True) for field in _MEMBERSHIP_OPTIONAL_COUNTS}
    counts = {"employees": employees, "members": members, **optional}
    for big, small, code in MEMBERSHIP_ORDER_CHECKS:
        _warn_greater(data, counts[big], counts[small], data.label(big), data.label(small), code)
    sub_unit = _warn_repeats(data, pd.DataFrame({"u": unit, "p": period["month"].fillna(period["year"])}), "单位和期间")
    rows = data.finish(
        {
            **_period_columns(period),
            "period_sort": _period_sort(period),
            "parent": data.parents(),
            "employees": _ints(employees),
            "members": _ints(members),
            **{field: _ints(values) for field, values in optional.items()},
        }
    )
    return _sum_parts(data, rows, sub_unit, ("unit", "period"), tuple(counts))


# ---------------------------------------------------------------- §3.2 dues
def build_dues(data: SheetData) -> pd.DataFrame:
    unit = data.require_unit()
    period = data.period("period", required=True)
    paid = data.number("paid", required=True, count=False)
    wage = data.number("wage_total", required=False, count=False)
    raw_type = data.raw("fund_type")
    fund = clean.per_value(raw_type, clean.fund_type)
    data.log.reject_where(fund.isna(), raw_type, data.label("fund_type"), "unknown_fund_type")
    if data.has("due"):
        due = data.number("due", required=not data.has("wage_total"), count=False)
    else:
        due = pd.Series(np.nan, index=data.index)
    # contract §3.2: 工会经费 应缴 = 2% × 工资总额 when 应缴 is missing
    derived = due.isna() & wage.notna() & (fund == dues_rules.UNION_FUNDS)
    due = due.where(~derived, wage * dues_rules.UNION_FUNDS_RATE)
    no_due = due.isna() & ~data.log.is_rejected(data.index)
    for row in data.index[no_due.to_numpy(dtype=bool)]:
        data.log.reject(int(row), data.label("due"), "due_not_derivable", label=data.label("due"))
    _warn_greater(data, paid, due, data.label("paid"), data.label("due"), "overpaid", dues_rules.OVERPAID_FACTOR)
    sub_unit = _warn_repeats(
        data, pd.DataFrame({"u": unit, "p": period["month"].fillna(period["year"]), "f": fund}), "单位、期间和经费类别"
    )
    rows = data.finish(
        {
            **_period_columns(period),
            "fund_type": fund,
            "parent": data.parents(),
            "due": due,
            "paid": paid,
            "wage_total": wage,
            "remitted": data.number("remitted", required=False, count=False),
        }
    )
    return _sum_parts(data, rows, sub_unit, ("unit", "period", "fund_type"), ("due", "paid", "wage_total", "remitted"))


def _warn_repeats(data: SheetData, keys: pd.DataFrame, what: str) -> pd.Series | None:
    """Warn about true repeats of a key (§2: the later row wins); the sub-unit of every row
    (None without a 分会/车间 … column).

    Issue 13: rows of one unit and period under different 分会, 车间, 部门 … are parts of the
    unit, not repeats; only rows that also share their sub-unit repeat each other."""
    if not data.has("sub_unit"):
        _warn_duplicate_keys(data, keys, what)
        return None
    sub_unit = data.text("sub_unit")
    _warn_duplicate_keys(data, keys.assign(s=sub_unit.fillna("")), f"{what}及{data.label('sub_unit')}")
    return sub_unit


def _sum_parts(
    data: SheetData, rows: pd.DataFrame, sub_unit: pd.Series | None, key: tuple[str, ...], figures: tuple[str, ...]
) -> pd.DataFrame:
    """The parts of one unit (rows of one key under different sub-units) as one row each
    (issue 13): figures summed — rates then come out as ratios of sums — the first part's
    row number and other columns, the parts' names in ``extra``. Of a part written twice
    the later row counts (its earlier row was warned as a repeat). A figure some parts
    give and others leave empty is left empty, with a warning."""
    if sub_unit is None or rows.empty:
        return rows
    label = data.label("sub_unit")
    rows = rows.assign(_part=sub_unit.reindex(rows["source_row"]).fillna("").to_numpy())
    rows = rows.drop_duplicates([*key, "_part"], keep="last").sort_values("source_row", kind="stable")
    merged = []
    for _, group in rows.groupby(list(key), sort=False, dropna=False):
        first = group.iloc[0].copy()
        if len(group) == 1 and first["_part"]:
            kept = json.loads(first["extra"]) if isinstance(first["extra"], str) else {}
            first["extra"] = json.dumps({**kept, label: first["_part"]}, ensure_ascii=False)
        if len(group) > 1:
            for name in figures:
                values = group[name]
                given = values.notna()
                if given.all():
                    first[name] = values.sum()
                else:
                    first[name] = None
                    if given.any():
                        data.log.warn(
                            int(first["source_row"]),
                            data.label(name),
                            "sub_unit_partial",
                            unit=first["unit"],
                            parts=len(group),
                            sub=label,
                            label=data.label(name),
                        )
            parts = [part for part in group["_part"] if part]
            kept = {label: parts}
            details = [
                {label: part, **json.loads(text)} for part, text in zip(group["_part"], group["extra"], strict=True) if text
            ]
            if details:  # the parts' own extra columns, nothing lost
                kept["明细"] = details
            first["extra"] = json.dumps(kept, ensure_ascii=False)
        merged.append(first)
    summed = pd.DataFrame(merged).drop(columns="_part").reset_index(drop=True)
    return summed.astype(object).where(summed.notna(), None)


# ---------------------------------------------------------------- §3.3 welfare
def build_welfare(data: SheetData) -> pd.DataFrame:
    data.require_unit()
    period = data.period("date", required=True, what="日期")
    raw_category = data.raw("category_raw")
    category_raw = clean.clean_private_text(raw_category)
    if data.document_category:
        # §3.3: a ledger of one kind of payment (金秋助学补助清单): every row is its category,
        # and a category column holds sub-types (困难职工子女, 重病), kept as written
        category = pd.Series(data.document_category, index=data.index, dtype=object)
    else:
        data.log.reject_where(category_raw.isna(), raw_category, data.label("category_raw"), "missing_value")
        category = clean.per_value(category_raw, lambda text: clean.welfare_category(text, data.category_rules))
    amount = data.number("amount", required=True, count=False)
    count = data.number("count", required=False, count=True).fillna(BLANK_COUNT_DEFAULTS["welfare", "count"])
    recipient = data.private_text("recipient")
    _warn_over_standard(data, period, category, amount, count, recipient)
    return data.finish(
        {
            **_period_columns(period, with_date=True),
            "category": category,
            "category_raw": category_raw,
            "amount": amount,
            "count": _ints(count),
            "recipient": recipient,
            "person_key": data.person_key(),
            "fund_source": data.private_text("fund_source"),
        }
    )


def _warn_over_standard(data: SheetData, period, category, amount, count, recipient) -> None:
    """Warn where a payment per person (金额 ÷ 人次), or a person's year so far, exceeds the
    category's standard."""
    caps = category.map(data.welfare_standards).astype(float)
    per_person = amount / count.where(count > 0)
    over = caps.notna() & (per_person > caps)
    for row in data.index[over.to_numpy(dtype=bool)]:
        data.log.warn(
            int(row),
            data.label("amount"),
            "over_standard",
            amount[row],
            category=category[row],
            per_person=fmt_number(per_person[row]),
            standard=fmt_number(caps[row]),
        )
    # a person's year so far, per person: a group payment (全体会员 497人 149,100元) is 300 each
    named = recipient.notna() & caps.notna() & per_person.notna() & ~over
    if named.any():
        keys = pd.DataFrame({"u": data.unit, "r": recipient, "y": period["year"], "c": category})[named]
        running = per_person[named].groupby([keys["u"], keys["r"], keys["y"], keys["c"]]).cumsum()
        cumulative_over = running > caps[named]
        for row in running.index[cumulative_over.to_numpy(dtype=bool)]:
            data.log.warn(
                int(row),
                data.label("amount"),
                "over_standard_this_year",
                amount[row],
                recipient=recipient[row],
                category=category[row],
                total=fmt_number(running[row]),
                standard=fmt_number(caps[row]),
            )


# ---------------------------------------------------------------- §3.4 competitions
def build_competitions(data: SheetData) -> pd.DataFrame:
    data.require_unit()
    period = data.period("date", required=True, what="日期")
    raw_contest = data.raw("contest")
    contest = clean.clean_private_text(raw_contest)
    data.log.reject_where(contest.isna(), raw_contest, data.label("contest"), "missing_value")
    # §3.4: a plain number under 名次 is a rank, kept with the entry (extra) but no award
    rank = clean.per_value(data.text("award"), clean.plain_rank)
    is_rank = rank.notna()
    award_raw, award = data.categorise("award", clean.award_tier, "unknown_award", skip=is_rank)
    award = award.where(~is_rank, comp_rules.NO_AWARD)
    data.extra = add_to_extra(data.extra, {data.label("award"): rank.where(is_rank)} if is_rank.any() else {})
    level_raw, level = data.categorise("level", clean.contest_level, "unknown_level")
    entries = data.number("entries", required=False, count=True).fillna(BLANK_COUNT_DEFAULTS["competitions", "entries"])
    return data.finish(
        {
            **_period_columns(period, with_date=True),
            "contest": contest,
            "person": data.private_text("person"),
            "person_key": data.person_key(),
            "event": data.private_text("event"),
            "level": level,
            "level_raw": level_raw,
            "award": award,
            "award_raw": award_raw,
            "entries": _ints(entries),
        }
    )


# ---------------------------------------------------------------- §3.5 units
# 已建会, 签订集体合同 …: the yes/no columns of a registry, in table order
_UNIT_FLAGS = tuple(c.field for c in columns_of("units") if c.dtype == "yesno")


# §3.1 headcounts a registry may hold, stored as membership rows as well (§3.5)
_REGISTRY_COUNTS = tuple(c.field for c in EXTRA_COLUMNS if c.kind == "units" and c.dtype == "count")


def build_units(data: SheetData) -> pd.DataFrame:
    union = data.unit.notna() if data.union_column else pd.Series(False, index=data.index)
    employer = data.text("employer")
    if data.has("employer"):
        # §3.5: 工会名称 beside 单位名称: the unit is the union, the 单位名称 its employer; a
        # row that names no union is its employer, without a union
        data.unit = data.unit.where(data.unit.notna(), data.unit_names("employer"))
    unit = data.require_unit()
    year = _registry_year(data)
    parent = data.parents()
    flags = {}
    for field_id in _UNIT_FLAGS:
        raw = data.raw(field_id)
        values, bad = clean.parse_yesno(raw)
        data.log.warn_where(bad, raw, data.label(field_id), "not_yes_no")
        flags[field_id] = values
    founded = data.period("founded", required=False, what="日期") if data.has("founded") else None
    if not data.has("established") and (data.union_column or founded is not None):
        # §3.5: without 已建会, a row with a union's name or a 建会日期 has a union
        has_date = founded["year"].notna() if founded is not None else False
        flags["established"] = (union | has_date).astype(object)
    additions = {}
    if data.has("employer"):
        additions[data.label("employer")] = employer
    if founded is not None:
        additions[data.label("founded")] = founded["date"].fillna(founded["month"]).fillna(founded["year"])
    counts = [f for f in _REGISTRY_COUNTS if data.has(f)]
    if not (data.has("employees") and data.has("members")):
        # no membership rows without both: the counts are kept as written
        additions |= {data.label(f): data.raw(f) for f in counts}
    data.extra = add_to_extra(data.extra, additions)
    _warn_duplicate_keys(data, pd.DataFrame({"u": unit, "y": year}), "单位和年度")
    if data.has("employees") and data.has("members"):
        _registry_membership(data, year, counts)
    return data.finish({"year": year, "parent": parent, "unit_type": data.text("unit_type"), **flags})


def _registry_year(data: SheetData) -> pd.Series:
    """§3.5: a registry's year: its 年度 column, else the year of its title (or sheet or
    file name), else of its 填报日期: line, else of the import (§4)."""
    fallback = data.default_year or data.filing_year or f"{data.today.year:04d}"
    if data.has("year"):
        year = data.period("year", required=False)["year"].fillna(fallback)
    else:
        year = pd.Series(fallback, index=data.index, dtype=object)
    if data.registry_years is not None:
        # issue 17: a unit account's registry describes its units in a year the store holds;
        # it never opens one by itself (a later year would move everyone's default year)
        opened = ~year.isin(list(data.registry_years))
        data.log.reject_where(opened, year, data.label("year"), "registry_year_new")
    return year


def _registry_membership(data: SheetData, year: pd.Series, counts: list[str]) -> None:
    """§3.5: a registry's 职工人数 and 会员人数 as membership rows of the same units and year,
    checked as a membership table is (``data.derived``). Rows rejected as units, and rows that
    give no count, make none."""
    given = pd.Series(False, index=data.index)
    for field_id in counts:
        given |= clean.parse_numbers(data.raw(field_id))[0].notna() | clean.parse_numbers(data.raw(field_id))[1]
    rows = given & ~data.log.is_rejected(data.index)
    index = data.index[rows.to_numpy(dtype=bool)]
    cells = data.cells.loc[index, [f for f in (*counts, "parent") if data.has(f)]].copy()
    cells["period"] = year.loc[index]
    labels = {f: data.label(f) for f in cells.columns if f != "period"}
    labels["period"] = data.label("year") if data.has("year") else f"年度({year.iloc[0] if len(year) else ''}年)"
    log = ProblemLog(sheet=data.sheet)
    # the registry's own settings (today, salt, the importing user's units …), its rows as membership
    membership = dataclasses.replace(
        data,
        kind="membership",
        cells=cells,
        labels=labels,
        multipliers={f: data.multipliers.get(f, 1.0) for f in counts},
        unit=data.unit.loc[index],
        extra=pd.Series(None, index=index, dtype=object),
        log=log,
        derived=[],
        document_category=None,
        union_column=False,
    )
    name = message("registry_membership", sheet=data.sheet)
    data.derived.append(DerivedRows("membership", build_membership(membership) if len(index) else pd.DataFrame(), log, name))


# ---------------------------------------------------------------- §3.6 finance
_PRIOR_FIELD, _PRIOR_YEARS = "prior_actual", SHIFTED_COLUMNS["finance", "prior_actual"][1]


def build_finance(data: SheetData) -> pd.DataFrame:
    """One row per unit, year, account and sub-account (§3.6).

    A budget table's 上年决算数 | 本年预算数 (year Y) gives two sets of rows: the 决算数 of
    Y−1 and the 预算数 (and any 决算数) of Y. Sub-accounts (40301 under 403, or a name
    with a deeper list marker under an account) are stored under their parent account
    with their own name as ``sub_account``; a parent line without figures over its
    sub-accounts only heads them and is not stored."""
    read = _read_accounts(data)
    figures = [f for f in (_PRIOR_FIELD, "actual", "budget") if data.has(f)]
    empty = pd.concat([clean.parse_numbers(data.raw(f))[0].isna() for f in figures], axis=1).all(axis=1)
    # a parent's line without figures over its sub-accounts only heads them, and a line of
    # the chart left blank (404 政府补助收入 with no figure: the form prints every account)
    # says nothing: neither has a row of its own
    heading = empty & (read["has_subs"].astype(bool) & read["sub_account"].isna() | read["in_chart"].astype(bool))
    if heading.any():
        keep = ~heading
        data = dataclasses.replace(data, cells=data.cells[keep], unit=data.unit[keep], extra=data.extra[keep])
        read, empty = read[keep], empty[keep]
    data.require_unit()
    period = data.period("year", required=True)
    account, flow, code = read["account"], read["flow"], read["code"]
    raw_account = data.raw("account")
    label_account = data.label("account")
    named = account.notna()
    unknown = named & ~read["in_chart"].astype(bool)
    explicit_flow = clean.per_value(data.raw("flow"), clean.flow_of)
    guessed = account.map(lambda t: _flow_in_name(t) if isinstance(t, str) else None)
    flow = flow.where(~unknown, explicit_flow.where(explicit_flow.notna(), guessed))
    flow = flow.where(~(explicit_flow.notna() & (flow != fin_rules.BALANCE)), explicit_flow)
    data.log.reject_where(~named, raw_account, label_account, "missing_value")
    data.log.reject_where(unknown & flow.isna(), raw_account, label_account, "unknown_account")
    data.log.warn_where(unknown & flow.notna(), raw_account, label_account, "unlisted_account")

    two_years = data.has(_PRIOR_FIELD)
    # §3.6: the 决算数 is required, or in a budget table (上年决算数) any one figure of the row
    actual = data.number("actual", required=not two_years, count=False)
    budget = data.number("budget", required=False, count=False)
    prior = data.number(_PRIOR_FIELD, required=False, count=False)
    if two_years:
        data.log.reject_where(empty, data.raw(figures[0]), data.label(figures[0]), "missing_value")

    year = period["year"]
    prior_year = year.map(lambda y: f"{int(y) + _PRIOR_YEARS:04d}" if isinstance(y, str) else None)
    this_year = actual.notna() | budget.notna() | (not two_years)
    sets = [(year, actual, budget, this_year)]
    if two_years:
        sets.append((prior_year, prior, pd.Series(np.nan, index=data.index), prior.notna()))
    checked = pd.concat([pd.DataFrame({"y": y, "v": v, "row": data.index})[keep] for y, v, _b, keep in sets], ignore_index=True)
    _check_balance(data, checked, read.assign(flow=flow))
    _check_sub_accounts(data, checked, read)
    keys = pd.DataFrame({"u": data.unit, "y": year, "a": account, "s": read["sub_account"].fillna("")})
    _warn_duplicate_keys(data, keys, "单位、年度和科目")
    parts = []
    for y, v, b, keep in sets:
        built = data.finish(
            {
                "year": y,
                "account": account,
                "sub_account": read["sub_account"],
                "account_code": code,
                "account_raw": read["raw"],
                "flow": flow,
                "actual": v,
                "budget": b,
            }
        )
        kept_rows = set(data.index[keep.to_numpy(dtype=bool)].astype(int))
        parts.append(built[built["source_row"].isin(kept_rows)])
    rows = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    return rows.astype(object).where(rows.notna(), None)


def _read_accounts(data: SheetData) -> pd.DataFrame:
    """Each row's 科目 (code column and name column read as one) and its place in the
    statement: ``account``, ``code``, ``flow``, ``sub_account``, ``in_chart``, ``raw`` (the
    name as written), ``has_subs`` (sub-accounts follow it)."""
    codes = data.raw("account_code")
    names = data.raw("account")
    reads = [clean.read_account(c, n) for c, n in zip(codes, names, strict=True)]
    indents = [_indent(n) for n in names]
    # names-only sub-accounts: an account the chart does not know, written with a deeper list
    # marker than the chart account above it (（一）职工活动支出 → 1.职工教育支出), or indented
    # further (职工活动支出 → "    职工教育费": statements indent their sub-items with spaces)
    parent: tuple[int, clean.AccountRead] | None = None
    has_subs: dict[int, bool] = {}
    for i, read in enumerate(reads):
        if read.in_chart and read.sub_account is None and read.flow != fin_rules.BALANCE:
            parent = (i, read)
        elif read.in_chart and read.sub_account is not None:
            if parent is not None and parent[1].account == read.account:
                has_subs[parent[0]] = True
        elif read.flow == fin_rules.BALANCE or read.account is None:
            parent = None if read.flow == fin_rules.BALANCE else parent
        elif parent is not None and (
            (read.level is not None and read.level > (parent[1].level or 0)) or indents[i] > indents[parent[0]]
        ):
            head = parent[1]
            reads[i] = clean.AccountRead(
                head.account, read.code or head.code, head.flow, read.written, read.written, read.level, True
            )
            has_subs[parent[0]] = True
    frame = pd.DataFrame(
        {
            "account": [r.account for r in reads],
            "code": [r.code for r in reads],
            "flow": [r.flow for r in reads],
            "sub_account": [r.sub_account for r in reads],
            "in_chart": [r.in_chart for r in reads],
            "has_subs": [has_subs.get(i, False) for i in range(len(reads))],
        },
        index=data.index,
        dtype=object,
    )
    frame["raw"] = clean.clean_names(names)
    return frame


def _indent(value: object) -> int:
    """Leading spaces of a written name (a full-width space counts two); 0 for a non-text cell."""
    if not isinstance(value, str):
        return 0
    lead = value[: len(value) - len(value.lstrip(" \t\u3000"))]
    return len(lead) + lead.count("\u3000")


def _flow_in_name(text: str) -> str | None:
    """收入 or 支出 as an unlisted account's own name says (其他业务收入 → 收入), else None."""
    return next((flow for flow, words in fin_rules.FLOW_IN_NAME if any(word in text for word in words)), None)


def _counted(frame: pd.DataFrame) -> pd.Series:
    """Rows that count in a sum over accounts (§3.6): an account's own row, or its
    sub-accounts where the statement gives no row of the account itself — never both."""
    sub = frame["sub"].notna()
    parents = set(zip(frame.loc[~sub, "y"], frame.loc[~sub, "name"], strict=True))
    has_parent = pd.Series([(y, n) in parents for y, n in zip(frame["y"], frame["name"], strict=True)], index=frame.index)
    return ~sub | ~has_parent


def _statement(data: SheetData, checked: pd.DataFrame, read: pd.DataFrame) -> pd.DataFrame:
    """The figures the checks read: one row per stored (year, row), not rejected."""
    at = checked["row"]
    frame = checked.assign(
        u=data.unit.reindex(at).to_numpy(),
        name=read["account"].reindex(at).to_numpy(),
        flow=read["flow"].reindex(at).to_numpy(),
        sub=read["sub_account"].reindex(at).to_numpy(),
    )
    return frame[~data.log.is_rejected(pd.Index(at)) & frame["v"].notna()]


def _check_balance(data: SheetData, checked: pd.DataFrame, read: pd.DataFrame) -> None:
    """§3.6: 上年结余 + 收入 − 支出 = 本年结余, else a warning on the closing row.

    动用以前年度结余 may be counted among the sources or already be inside the opening
    balance: either way is right. A 本年结余 beside a 年末(滚存)结余 may be the year's
    surplus alone (收入 − 支出)."""
    frame = _statement(data, checked, read)
    frame = frame[_counted(frame)]
    for (_unit, _yr), group in frame.groupby(["u", "y"], dropna=True):
        roles = group["name"].map(fin_rules.BALANCE_ROLE)
        opening = group[roles == fin_rules.OPENING]
        closing = group[roles.isin([fin_rules.CLOSING, fin_rules.CUMULATIVE_CLOSING])]
        if closing.empty or opening.empty:
            continue
        start = opening["v"].sum()
        drawn = group.loc[roles == fin_rules.DRAWN, "v"].sum()
        surplus = (
            group.loc[group["flow"] == fin_rules.INCOME, "v"].sum() - group.loc[group["flow"] == fin_rules.EXPENSE, "v"].sum()
        )
        cumulative = (roles == fin_rules.CUMULATIVE_CLOSING).any()
        opening_names = "+".join(dict.fromkeys(opening["name"]))
        formula = f"{opening_names}+收入−支出"
        for row, name, value in zip(closing["row"], closing["name"], closing["v"], strict=True):
            candidates = [start + surplus, start + drawn + surplus]
            if cumulative and fin_rules.BALANCE_ROLE[name] == fin_rules.CLOSING:
                candidates += [surplus, drawn + surplus]
            if all(abs(expected - value) > 0.01 + 1e-9 * abs(expected) for expected in candidates):
                data.log.warn(
                    int(row),
                    data.label("account"),
                    "balance_mismatch",
                    name=name,
                    closing=fmt_number(value),
                    formula=formula,
                    expected=fmt_number(candidates[0]),
                )


def _check_sub_accounts(data: SheetData, checked: pd.DataFrame, read: pd.DataFrame) -> None:
    """An account's own row that differs from the sum of its sub-accounts: a warning (§2)."""
    frame = _statement(data, checked, read)
    subs = frame[frame["sub"].notna()].groupby(["u", "y", "name"])["v"].sum()
    for row, unit, yr, name, value in frame.loc[frame["sub"].isna(), ["row", "u", "y", "name", "v"]].itertuples(index=False):
        expected = subs.get((unit, yr, name))
        if expected is not None and abs(expected - value) > 0.01 + 1e-9 * abs(expected):
            data.log.warn(
                int(row),
                data.label("account"),
                "sub_accounts_mismatch",
                account=name,
                total=fmt_number(value),
                expected=fmt_number(expected),
            )


# ---------------------------------------------------------------- §3.8 activities
def build_activities(data: SheetData) -> pd.DataFrame:
    """One row per activity or class (§3.8): its type from the 类型 cell when that names
    one (the text kept as written), else from the name, else 其他; 场次 blank → 1."""
    data.require_unit()
    period = data.period("date", required=True, what="日期")
    raw_name = data.raw("name")
    name = clean.clean_private_text(raw_name)
    data.log.reject_where(name.isna(), raw_name, data.label("name"), "missing_value")
    type_raw = clean.clean_private_text(data.raw("type_raw"))
    from_column = clean.per_value(type_raw, lambda text: clean.activity_type(text, data.type_rules))
    from_name = clean.per_value(name, lambda text: clean.activity_type(text, data.type_rules))
    kind = from_column.where(from_column.notna(), from_name).fillna(activity_rules.OTHER_TYPE)
    sessions = data.number("sessions", required=False, count=True).fillna(BLANK_COUNT_DEFAULTS["activities", "sessions"])
    return data.finish(
        {
            **_period_columns(period, with_date=True),
            "name": name,
            "type": kind,
            "type_raw": type_raw,
            "sessions": _ints(sessions),
            "participants": _ints(data.number("participants", required=False, count=True)),
            "spend": data.number("spend", required=False, count=False),
        }
    )


# ---------------------------------------------------------------- §3.7 roster
# the roster's columns kept in extra under their header (工作单位 is the employer, not the unit)
_ROSTER_KEPT = tuple(c.field for c in EXTRA_COLUMNS if c.kind == "roster")


def build_roster(data: SheetData) -> pd.DataFrame:
    """One row per member (§3.7), stored only as the metrics need it: the keyed hash of the
    ID (``person_key``), sex, birth year, 农民工, 入会 year, status and whether the ID passes
    its check digit (实名制录入). The name, ID and phone are read, never stored (§5)."""
    unit = data.require_unit()
    name = data.text("name")
    data.log.reject_where(name.isna(), data.raw("name"), data.label("name"), "missing_value")
    raw_id = data.raw("id_number")
    ids = clean.per_value(raw_id, idcard.normalise)
    valid = clean.per_value(raw_id, idcard.is_valid).astype(bool)
    given = clean.clean_names(raw_id).notna()
    data.log.warn_where(given & ~valid, raw_id, data.label("id_number"), "roster_bad_id")
    checked = ids.where(valid)  # sex and birth date are read from an ID that passes its check only
    sex = _roster_sex(data, checked)
    birth_year = _roster_birth_year(data, checked)
    joined = data.period("joined", required=False, what="日期")["year"] if data.has("joined") else _nothing(data)
    _, status = data.categorise("status", _roster_status, "roster_unknown_status")
    migrant = clean.per_value(data.text("migrant"), _roster_migrant)
    data.log.warn_where(
        migrant.map(lambda v: v is _UNKNOWN).astype(bool), data.raw("migrant"), data.label("migrant"), "not_yes_no"
    )
    migrant = migrant.map(lambda v: None if v is _UNKNOWN else v).astype(object)
    year = _roster_year(data, joined)
    same = pd.DataFrame({"u": unit, "y": year, "id": ids})
    same = same[same.notna().all(axis=1) & ~data.log.is_rejected(same.index)]
    first = same.assign(row=same.index).groupby(["u", "y", "id"])["row"].transform("first").to_numpy()
    for row, earlier in zip(same.index, first, strict=True):
        if row != earlier:
            data.log.warn(int(row), data.label("id_number"), "roster_same_person", first=int(earlier))
    data.extra = add_to_extra(data.extra, {data.label(f): data.private_text(f) for f in _ROSTER_KEPT if data.has(f)})
    return data.finish(
        {
            "year": year,
            "person_key": data.person_key(),
            "sex": sex,
            "birth_year": _ints(pd.to_numeric(birth_year)),
            "migrant": migrant,
            "joined_year": joined,
            "status": status.fillna(roster_rules.DEFAULT_STATUS),
            "id_valid": valid,
        }
    )


_UNKNOWN = object()  # a cell that says something, but not what the column asks


def _nothing(data: SheetData) -> pd.Series:
    return pd.Series(None, index=data.index, dtype=object)


def _roster_status(text: object) -> tuple[str, bool]:
    """(standard status, recognised) of a 会籍变化 cell; empty is 在册 (§3.7)."""
    if not isinstance(text, str):
        return roster_rules.DEFAULT_STATUS, True
    for status, words in roster_rules.STATUS_RULES:
        if any(word in text for word in words):
            return status, True
    return roster_rules.DEFAULT_STATUS, False


def _roster_migrant(text: object) -> object:
    """True / False / None of a 是否农民工 or 户籍类型 cell (农业户口 = 农民工, §3.7)."""
    if not isinstance(text, str):
        return None
    if any(word in text for word in roster_rules.MIGRANT_NO_WORDS):
        return False
    if any(word in text for word in roster_rules.MIGRANT_YES_WORDS):
        return True
    values, bad = clean.parse_yesno(pd.Series([text], dtype=object))
    return _UNKNOWN if bad.iat[0] else values.iat[0]


def _sex_word(text: object) -> object:
    if not isinstance(text, str):
        return None
    if roster_rules.FEMALE in text:
        return roster_rules.FEMALE
    if roster_rules.MALE in text:
        return roster_rules.MALE
    return roster_rules.SEX_CODES.get(text.strip().lower(), _UNKNOWN)


def _roster_sex(data: SheetData, checked: pd.Series) -> pd.Series:
    """性别 as written, else the ID's 17th digit; a written sex the ID contradicts is warned."""
    written = clean.per_value(data.text("sex"), _sex_word)
    unknown = written.map(lambda v: v is _UNKNOWN).astype(bool)
    data.log.warn_where(unknown, data.raw("sex"), data.label("sex"), "roster_unknown_sex")
    written = written.where(~unknown, None)
    from_id = checked.map(idcard.sex)
    differs = written.notna() & from_id.notna() & (written != from_id)
    for row in data.index[differs.to_numpy(dtype=bool)]:
        label = data.label("sex")
        data.log.warn(int(row), label, "roster_sex_mismatch", written[row], label=label, sex=written[row], id_sex=from_id[row])
    return written.where(written.notna(), from_id).astype(object)


def _roster_birth_year(data: SheetData, checked: pd.Series) -> pd.Series:
    """出生日期 as written (its year), else the ID's; a written date the ID contradicts is warned."""
    from_id = checked.map(idcard.birth_date)
    id_year = from_id.map(lambda d: f"{d.year:04d}" if d is not None else None)
    if not data.has("birth_date"):
        return id_year
    written = data.period("birth_date", required=False, what="日期")
    # the finest part the cell gives (a day, else a month, else a year) is compared
    finest = written["date"].fillna(written["month"]).fillna(written["year"])
    id_text = pd.Series(
        [d.isoformat()[: len(f)] if d is not None and isinstance(f, str) else None for d, f in zip(from_id, finest, strict=True)],
        index=data.index,
        dtype=object,
    )
    differs = finest.notna() & id_text.notna() & (finest != id_text)
    data.log.warn_where(differs, data.raw("birth_date"), data.label("birth_date"), "roster_birth_mismatch")
    return written["year"].where(written["year"].notna(), id_year).astype(object)


def _roster_year(data: SheetData, joined: pd.Series) -> pd.Series:
    """§3.7: the 年度 column, else the year of the title, sheet or file name or the one named at
    upload, else the latest 会籍变化 (入会) year of the sheet; rows without any are rejected."""
    year = data.period("year", required=False)["year"] if data.has("year") else _nothing(data)
    fallback = data.default_year or (joined.dropna().max() if joined.notna().any() else None)
    if fallback:
        year = year.fillna(fallback)
    data.log.reject_where(year.isna(), year, data.label("year"), "no_period_anywhere")
    return year.astype(object)


BUILDERS = {
    "membership": build_membership,
    "dues": build_dues,
    "welfare": build_welfare,
    "competitions": build_competitions,
    "units": build_units,
    "finance": build_finance,
    "activities": build_activities,
}
BUILDERS["roster"] = build_roster  # §3.7


def extra_json(cells: pd.DataFrame, labels: list[str]) -> pd.Series:
    """The columns no kind knows, per row, as JSON: nothing lost but what §5 forbids to keep —
    ID and phone numbers, other personal numbers and family members' names masked, addresses left out."""
    if cells.empty or not labels:
        return pd.Series(None, index=cells.index, dtype=object)

    def one(row) -> str | None:
        kept = {}
        for label, value in zip(labels, row, strict=False):
            if value is None or (isinstance(value, float) and np.isnan(value)) or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, (dt.date, dt.datetime, dt.time)):
                value = value.isoformat()
            # §5: an address is not kept; 医保号, 银行卡号 … and family members' names are masked
            keep, value = guard_personal(label, value)
            if not keep:
                continue
            kept[label] = value
        return json.dumps(kept, ensure_ascii=False, default=show) if kept else None

    return pd.Series([one(r) for r in cells.itertuples(index=False, name=None)], index=cells.index, dtype=object)
