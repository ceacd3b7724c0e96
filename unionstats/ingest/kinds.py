"""Which kind a sheet is, from its header (data contract §3).

A kind is recognised when its required columns are all present (the unit column may be
missing: it can come from the upload form or a 填报单位 line). When several kinds
qualify, the one with the most matched columns wins. A ``units`` registry is recognised
as §1 says: by a registry's own column (已建会, 建会日期 …) or a union's name beside its
employer's (both over a membership table's counts), by a union's name where no other kind
qualifies, else only when no other kind's own columns are there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from unionstats.ingest.header import HeaderName, normalise_header
from unionstats.rules.columns import (
    COLUMN_OF,
    COLUMNS,
    EXTRA_COLUMNS,
    IGNORED_HEADERS,
    KIND_LABELS,
    KINDS,
    REGISTRY_OWN_FIELDS,
    REQUIRED_ALTERNATIVES,
    TITLE_KIND_WORDS,
    UNION_NAME_HEADERS,
    Column,
)
from unionstats.rules.messages import message
from unionstats.rules.roster import LEDGER_FIELDS, LEDGER_HEADERS, LEDGER_TITLE_KINDS


@dataclass(frozen=True)
class AliasTable:
    """Normalised header → column, per kind; derived from ``rules.columns.COLUMNS`` (and
    ``EXTRA_COLUMNS``, the columns read but kept in ``extra``).

    ``extra`` holds the user's own aliases (from 设置) as (kind, field, alias) rows,
    merged over the defaults.
    """

    by_kind: dict[str, dict[str, Column]]
    known: frozenset[str]
    ignored: frozenset[str]
    # every alias → the normalised canonical name of its column (the first kind's), so a
    # header under a parent written as an alias finds its child (职工总数 | 其中:女 → 女职工人数)
    canonical: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, extra: tuple[tuple[str, str, str], ...] = ()) -> AliasTable:
        by_kind: dict[str, dict[str, Column]] = {k: {} for k in KINDS}
        for column in (*COLUMNS, *EXTRA_COLUMNS):
            for text in (column.name, *column.aliases):
                by_kind[column.kind].setdefault(normalise_header(text).key, column)
        for kind, field_id, alias in extra:
            column = COLUMN_OF.get((kind, field_id))
            if column is not None:
                by_kind[kind][normalise_header(alias).key] = column
        known = frozenset(k for table in by_kind.values() for k in table)
        ignored = frozenset(normalise_header(h).key for h in IGNORED_HEADERS)
        canonical: dict[str, str] = {}
        for table in by_kind.values():
            for key, column in table.items():
                canonical.setdefault(key, normalise_header(column.name).key)
        return cls(by_kind=by_kind, known=known, ignored=ignored, canonical=canonical)

    def fields(self, kind: str, keys: list[str]) -> dict[str, int]:
        """field → column index for one kind; the first column wins a field."""
        found: dict[str, int] = {}
        table = self.by_kind[kind]
        for index, key in enumerate(keys):
            column = table.get(key)
            if column is not None and column.field not in found:
                found[column.field] = index
        return found

    def score(self, keys: list[str]) -> int:
        """How many columns the best-matching kind recognises (for header finding)."""
        return max(len(self.fields(kind, keys)) for kind in KINDS)


def period_field(kind: str) -> str | None:
    """The required period or date column of a kind (年度, 期间, 日期), if it has one."""
    return next((c.field for c in COLUMNS if c.kind == kind and c.required == "yes" and c.dtype in ("period", "date")), None)


# Kinds whose period a title year may stand in for: yearly tables (会员统计表, 决算表) are
# written with the year only in the title; a welfare ledger of one kind of payment
# ("2023年金秋助学补助清单") may have no date column (§3.3). A contest list still needs its 日期.
TITLE_YEAR_KINDS: frozenset[str] = frozenset({"membership", "dues", "finance", "welfare", "activities"})
# §3.3: the column a category named by the title, sheet or file name stands in for.
TITLE_CATEGORY_FIELD = ("welfare", "category_raw")


def missing_required(kind: str, found: dict[str, int], year_known: bool = False, category_known: bool = False) -> list[Column]:
    """Required columns of ``kind`` absent from ``found`` (the unit column never counts).

    ``year_known``: the title, sheet name or file name gives the year ("2023年度经费收支
    决算表"), which then stands in for a missing 年度 column. ``category_known``: they name
    one welfare category ("金秋助学补助清单"), which stands in for a missing 类别 column.
    """
    missing = []
    for column in COLUMNS:
        if column.kind != kind or column.required != "yes" or column.field in found:
            continue
        if year_known and kind in TITLE_YEAR_KINDS and column.field == period_field(kind):
            continue
        if category_known and (kind, column.field) == TITLE_CATEGORY_FIELD:
            continue
        if any(alt in found for alt in REQUIRED_ALTERNATIVES.get((kind, column.field), ())):
            continue
        missing.append(column)
    return missing


@dataclass(frozen=True)
class KindMatch:
    kind: str
    fields: dict[str, int]  # field → column index


# Columns a units registry shares with other kinds: they say nothing about the kind
# (a 联系电话 is in registries as often as in ledgers, §1).
SHARED_FIELDS = frozenset({"unit", "parent", "period", "year", "date", "phone"})
_UNITS_OWN_FIELDS = REGISTRY_OWN_FIELDS | {"unit_type"}
_UNION_NAME_KEYS = frozenset(normalise_header(h).key for h in UNION_NAME_HEADERS)


def unit_is_union(keys: list[str], fields: dict[str, int]) -> bool:
    """Whether the unit column is headed as a union's name (工会名称, 基层工会): in a
    registry, then, a row with a name there has a union (§3.5)."""
    return "unit" in fields and keys[fields["unit"]] in _UNION_NAME_KEYS


def _union_and_employer(keys: list[str], aliases: AliasTable, found: dict[str, int]) -> dict[str, int]:
    """§3.5: with both a 单位名称 and a 工会名称 column, the unit is the union (工会名称) and
    the other column its employer; ``found`` otherwise unchanged."""
    table = aliases.by_kind["units"]
    named = [i for i, key in enumerate(keys) if (column := table.get(key)) is not None and column.field == "unit"]
    unions = [i for i in named if keys[i] in _UNION_NAME_KEYS]
    employers = [i for i in named if keys[i] not in _UNION_NAME_KEYS]
    if not unions or not employers or "employer" in found:
        return found
    return {**found, "unit": unions[0], "employer": employers[0]}


def _is_registry(units: KindMatch, others: list[KindMatch], keys: list[str]) -> bool:
    """§1: a registry whatever else it holds — by a column only a registry has (已建会,
    建会日期, 集体合同 …) or a union's name beside its employer's, so its 职工人数 and
    会员人数 do not make it a membership table (they become membership rows as well); by
    a 工会名称 column when no other kind qualifies. A ledger, dues or finance table that
    qualifies stays what it is."""
    if any(c.kind != "membership" for c in others):
        return False
    if set(units.fields) & REGISTRY_OWN_FIELDS or "employer" in units.fields:
        return True
    return not others and unit_is_union(keys, units.fields)


def _units_fit(keys: list[str], aliases: AliasTable, units: KindMatch) -> bool:
    """§3: else ``units`` only when no other kind's own columns are present.

    A welfare ledger that lacks its 类别 column still has 金额 and 日期: it must be told
    what it lacks, not be stored as a units registry. So a registry is recognised by a
    column of its own (是否建会, 集体合同, 单位类型 …), or by having no other kind's own
    columns at all (单位, 上级工会, 年度 are shared and do not count).
    """
    if set(units.fields) & _UNITS_OWN_FIELDS:
        return True  # 是否建会, 集体合同 … exist only in a units registry
    best_other = max(len(set(aliases.fields(kind, keys)) - SHARED_FIELDS) for kind in KINDS if kind != "units")
    return best_other == 0


def classify(
    names: list[HeaderName | None],
    aliases: AliasTable,
    year_known: bool = False,
    category_known: bool = False,
    title: str = "",
) -> tuple[KindMatch | None, str | None]:
    """The kind of a sheet with these header names, or (None, Chinese reason).

    ``year_known``: a year found in the title (or the sheet or file name) may stand in
    for a missing 年度 column of a yearly table or a welfare ledger; ``category_known``:
    the title (or sheet or file name) names one welfare category, standing in for a
    missing 类别 column (§3.3) — both only when no kind is recognised from the columns
    the sheet really has. ``title``: the title lines, sheet and file name; where two
    kinds recognise as many columns, the one it names wins.
    """
    match, reason = _classify(names, aliases, year_known=False, category_known=False, title=title)
    if match is None and (year_known or category_known):
        with_title, _ = _classify(names, aliases, year_known=year_known, category_known=category_known, title=title)
        if with_title is not None:
            return with_title, None
    return match, reason


def _classify(
    names: list[HeaderName | None], aliases: AliasTable, year_known: bool, category_known: bool, title: str = ""
) -> tuple[KindMatch | None, str | None]:
    keys = [n.key if n else "" for n in names]
    candidates: list[KindMatch] = []
    near: tuple[int, str, list[Column]] | None = None
    for kind in KINDS:
        found = aliases.fields(kind, keys)
        if kind == "units":
            found = _union_and_employer(keys, aliases, found)
        missing = missing_required(kind, found, year_known, category_known)
        if kind == "units" and "unit" not in found:
            missing = [COLUMN_OF["units", "unit"], *missing]
        if not missing:
            candidates.append(KindMatch(kind, found))
        elif near is None or len(found) > near[0]:
            near = (len(found), kind, missing)
    if any(c.kind == "roster" for c in candidates) and lists_a_ledger(keys, aliases, title):
        candidates = [c for c in candidates if c.kind != "roster"]  # §3.7: ledgers list people too
    others = [c for c in candidates if c.kind != "units"]
    if not category_known and len(others) > 1:
        # §3.3: a ledger without dates is one of one kind of payment, named by its title; a
        # "2023年…决算表" of 项目 | 金额 is a statement, not a ledger dated by its title
        others = [c for c in others if c.kind != "welfare" or period_field("welfare") in c.fields]
    units = next((c for c in candidates if c.kind == "units"), None)
    if units is not None and _is_registry(units, others, keys):
        return units, None
    if others:
        # most matched columns wins; on a tie the kind the title names, then the earlier
        # kind of the contract
        def rank(c: KindMatch) -> tuple[int, bool, int]:
            return len(c.fields), any(word in title for word in TITLE_KIND_WORDS[c.kind]), -KINDS.index(c.kind)

        return max(others, key=rank), None
    if units is not None and _units_fit(keys, aliases, units):
        return units, None
    if near and near[0] >= 2:
        kind, missing = near[1], near[2]
        return None, message(
            "missing_columns_seen", kind=KIND_LABELS[kind], found=_written(names, aliases, kind), columns=_listed(missing)
        )
    seen = [n.label for n in names if n is not None and n.key in aliases.known]
    if seen:
        return None, message("too_few_known_columns", found="".join(f"「{label}」" for label in seen[:5]))
    return None, message("no_known_header")


_LEDGER_KEYS = frozenset(normalise_header(h).key for h in LEDGER_HEADERS)


def lists_a_ledger(keys: list[str], aliases: AliasTable, title: str = "") -> bool:
    """§3.7: a sheet with a welfare amount, a contest name or an activity name is that ledger,
    not a roster, whatever people's columns it has; so is a list of people whose title names a
    ledger's words (困难职工帮扶名单)."""
    if _LEDGER_KEYS.intersection(keys):
        return True
    if any(word in title for kind in LEDGER_TITLE_KINDS for word in TITLE_KIND_WORDS.get(kind, ())):
        return True
    return any(kind in aliases.by_kind and field in aliases.fields(kind, keys) for kind, field in LEDGER_FIELDS)


def _listed(columns: list[Column]) -> str:
    return "".join(f"「{c.name}」" for c in columns)


def _written(names: list[HeaderName | None], aliases: AliasTable, kind: str) -> str:
    """The headers of ``kind`` the sheet has, as written: 「单位名称」「在册职工」."""
    found = aliases.fields(kind, [n.key if n else "" for n in names])
    return "".join(f"「{names[i].label}」" for i in sorted(found.values()))
