"""The store's tables (SQLAlchemy Core). Same schema on SQLite and PostgreSQL.

Every fact row belongs to one import batch. Periods are strings: ``year`` '2023',
``month`` '2023-05' or NULL, ``period`` the finest the row gives ('2023' or '2023-05').

Aggregate kinds (membership, dues, units, finance) are keyed by (unit, period[, fund
type or account]); ``is_current`` marks the value of the newest active batch for the
key, older values stay as history (contract §2). Ledger kinds (welfare, competitions)
append rows; all their rows count.

Changing a table means a new Alembic revision in ``store/migrations/versions``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

Money = Float(53)  # 元, unrounded; DOUBLE PRECISION on PostgreSQL

batches = Table(
    "batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", String(500), nullable=False),
    Column("content_hash", String(64), nullable=False),  # sha256 of the file's bytes
    Column("kinds", String(200), nullable=False, default=""),  # comma-separated kind ids
    Column("rows_stored", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    Column("rows_warned", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("created_by", String(100), nullable=True),
    # active | replaced (its rows wait in the replaced_* tables, replaced_by says by which
    # batch) | undone (its rows are gone)
    Column("status", String(20), nullable=False, default="active"),
    Column("undone_at", DateTime(timezone=False), nullable=True),
    Column("undone_by", String(100), nullable=True),
    # ledger overlap (§2), JSON: {kind: {"units": [...], "first": "YYYY-MM-DD",
    # "last": "YYYY-MM-DD"}} for each ledger kind in the batch
    Column("coverage", Text, nullable=True),
    Column("report", Text, nullable=True),  # JSON: the import report of this batch
    Column("replaced_by", Integer, nullable=True),  # the batch that replaced this one (status replaced)
    # JSON: the options named at upload, {"unit": str|None, "year": str|None} (NULL before 0006)
    Column("options", Text, nullable=True),
)
Index("ix_batches_hash", batches.c.content_hash)

# The file of each batch as uploaded, for 重新识别 (re-parse with today's rules): zlib-compressed
# and encrypted (Fernet, key from the store's secret, store.batches), since a ledger's cells may
# hold ID and phone numbers (contract §5). Dropped when the batch is undone.
batch_files = Table(
    "batch_files",
    metadata,
    Column("batch_id", Integer, ForeignKey("batches.id"), primary_key=True, autoincrement=False),
    Column("content", LargeBinary, nullable=False),
)

# Which units each batch holds rows of: who may list and undo it (district mode).
batch_units = Table(
    "batch_units",
    metadata,
    Column("batch_id", Integer, ForeignKey("batches.id"), primary_key=True),
    Column("unit", String(300), primary_key=True),
)
Index("ix_batch_units_unit", batch_units.c.unit)


def _fact(name: str, *columns: Column) -> Table:
    """A fact table: batch, origin (sheet, Excel row), unit, extra columns kept as JSON."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("batch_id", Integer, ForeignKey("batches.id"), nullable=False),
        Column("sheet", String(200), nullable=True),
        Column("source_row", Integer, nullable=True),  # row number as Excel shows it
        Column("unit", String(300), nullable=False),
        *columns,
        Column("extra", Text, nullable=True),  # JSON of unmatched columns (nothing lost)
    )


def _period_columns() -> list[Column]:
    return [
        Column("period", String(7), nullable=False),
        Column("year", String(4), nullable=False),
        Column("month", String(7), nullable=True),
    ]


membership = _fact(
    "membership",
    *_period_columns(),
    # 'YYYY-13' for a year row, 'YYYY-MM' for a month row: the max per (unit, year) is
    # the figure reported for the year (stock, §4).
    Column("period_sort", String(7), nullable=False),
    Column("parent", String(300), nullable=True),
    Column("employees", BigInteger, nullable=True),
    Column("members", BigInteger, nullable=True),
    Column("female_employees", BigInteger, nullable=True),
    Column("female_members", BigInteger, nullable=True),
    Column("migrant_workers", BigInteger, nullable=True),
    Column("migrant_members", BigInteger, nullable=True),
    Column("new_members", BigInteger, nullable=True),
    Column("realname_members", BigInteger, nullable=True),
    Column("insured_members", BigInteger, nullable=True),
    Column("checkup_count", BigInteger, nullable=True),
    # §3.1: an area's row gives its 单位数 and 建会单位数 (建会率 without a registry)
    Column("unit_count", BigInteger, nullable=True),
    Column("union_unit_count", BigInteger, nullable=True),
    Column("is_current", Boolean, nullable=False, default=True),
)

dues = _fact(
    "dues",
    *_period_columns(),
    Column("fund_type", String(20), nullable=False),  # 工会经费 | 会费
    Column("parent", String(300), nullable=True),
    Column("due", Money, nullable=True),
    Column("paid", Money, nullable=True),
    Column("wage_total", Money, nullable=True),
    Column("remitted", Money, nullable=True),
    Column("is_current", Boolean, nullable=False, default=True),
)

units = _fact(
    "units",
    Column("year", String(4), nullable=False),
    Column("parent", String(300), nullable=True),
    Column("unit_type", String(100), nullable=True),
    Column("established", Boolean, nullable=True),
    Column("collective_contract", Boolean, nullable=True),
    Column("wage_bargaining", Boolean, nullable=True),
    Column("legal_person", Boolean, nullable=True),
    Column("is_current", Boolean, nullable=False, default=True),
)

finance = _fact(
    "finance",
    Column("year", String(4), nullable=False),
    Column("account", String(200), nullable=False),  # standard name (会费收入) or as written
    # §3.6: a sub-account's own name (回拨补助收入 under 上级补助收入); NULL on the account's own row
    Column("sub_account", String(200), nullable=True),
    Column("account_code", String(10), nullable=True),  # 401 … 508, 40301 for a sub-account, NULL for balances
    Column("account_raw", String(300), nullable=True),  # the 科目 as written (（一）职工活动支出)
    Column("flow", String(10), nullable=False),  # 收入 | 支出 | 结余
    Column("actual", Money, nullable=True),
    Column("budget", Money, nullable=True),
    Column("is_current", Boolean, nullable=False, default=True),
)

welfare = _fact(
    "welfare",
    *_period_columns(),
    Column("date", String(10), nullable=True),  # 'YYYY-MM-DD' when the day is known
    Column("category", String(20), nullable=False),  # standard category (§3.3)
    Column("category_raw", String(300), nullable=True),  # as written
    Column("amount", Money, nullable=True),
    Column("count", BigInteger, nullable=False),  # 人次
    Column("recipient", String(100), nullable=True),  # name (personal data, §5)
    Column("person_key", String(64), nullable=True),  # keyed hash (HMAC) of ID/phone, key outside the store (§5)
    Column("fund_source", String(200), nullable=True),
)

competitions = _fact(
    "competitions",
    *_period_columns(),
    Column("date", String(10), nullable=True),
    Column("contest", String(300), nullable=False),
    Column("person", String(100), nullable=True),
    Column("person_key", String(64), nullable=True),
    Column("event", String(200), nullable=True),
    Column("level", String(20), nullable=True),  # 单位内 · 区县级 · 市级 · 省级 · 全国
    Column("level_raw", String(100), nullable=True),
    Column("award", String(20), nullable=False),  # 一等奖 … 未获奖
    Column("award_raw", String(100), nullable=True),
    Column("entries", BigInteger, nullable=False),  # 人数
)

# §3.8 活动与培训: a ledger, one row per activity or class
activities = _fact(
    "activities",
    *_period_columns(),
    Column("date", String(10), nullable=True),
    Column("name", String(300), nullable=False),  # 活动名称 as written (ID/phone masked)
    Column("type", String(20), nullable=False),  # standard type: 培训 · 文体活动 · 宣传教育 · 志愿服务 · 关爱服务 · 其他
    Column("type_raw", String(100), nullable=True),  # the 类型 cell as written
    Column("sessions", BigInteger, nullable=False),  # 场次 (1 when blank)
    Column("participants", BigInteger, nullable=True),  # 参加人次
    Column("spend", Money, nullable=True),  # 经费, 元
)

# §3.7 会员名册: one row per member, only what the metrics need — never the name, ID or phone (§5)
roster = _fact(
    "roster",
    Column("year", String(4), nullable=False),
    Column("person_key", String(64), nullable=True),  # keyed hash of the ID (else phone), §5
    Column("sex", String(2), nullable=True),  # 女 | 男 (性别, else the ID's 17th digit)
    Column("birth_year", Integer, nullable=True),
    Column("migrant", Boolean, nullable=True),  # 农民工 (户籍类型 农业户口 = 是)
    Column("joined_year", String(4), nullable=True),  # the year of 入会日期 / 会籍变化日期
    Column("status", String(10), nullable=False),  # 在册 · 入会 · 转入 · 保留 · 转出 · 退会 · 除名
    Column("id_valid", Boolean, nullable=False),  # the ID passes its check digit (实名制录入)
    Column("is_current", Boolean, nullable=False, default=True),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),  # JSON
    Column("updated_at", DateTime(timezone=False), nullable=False),
)

# --- district mode (unionstats.store.users, unionstats.store.audit) -----------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),  # argon2id, with its own salt
    Column("role", String(20), nullable=False),  # admin | unit | observer (unionstats.access)
    Column("unit", String(300), nullable=True),  # the unit whose tree they see; NULL: all
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),  # from every source, since the last success
    Column("locked_until", DateTime(timezone=False), nullable=True),
)

# Wrong passwords of one user from one source (the client's address, or "unknown"): that
# source is held back for a growing time while others still sign in (issue 17, finding 7).
# ``last_success``: the source signed in as this user then — a known place, not held back by
# the account's own ceiling (``users.failed_logins``).
login_failures = Table(
    "login_failures",
    metadata,
    Column("user_name", String(100), primary_key=True),
    Column("source", String(64), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),  # since the last success from here
    Column("blocked_until", DateTime(timezone=False), nullable=True),
    Column("last_try", DateTime(timezone=False), nullable=False),
    Column("last_success", DateTime(timezone=False), nullable=True),
)

# A signed-in browser session: only the sha256 of its random token is kept.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(100), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("last_seen", DateTime(timezone=False), nullable=False),
)
Index("ix_sessions_user", sessions.c.user_name)

# Who imported, undid, changed settings or users, signed in or exported what, when.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=False), nullable=False),
    Column("user_name", String(100), nullable=True),
    Column("action", String(40), nullable=False),
    Column("detail", Text, nullable=True),  # JSON
)
Index("ix_audit_at", audit.c.at)

# 单位名称对照 (issue 14): another spelling of a unit → the unit's name in the store. Applied at
# import (after the name is cleaned) to unit and 上级工会 names; a merge records one.
unit_aliases = Table(
    "unit_aliases",
    metadata,
    Column("alias", String(300), primary_key=True),
    Column("unit", String(300), nullable=False),
    Column("merge_id", Integer, ForeignKey("unit_merges.id"), nullable=True),  # the merge that made it
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("created_by", String(100), nullable=True),
)
Index("ix_unit_aliases_unit", unit_aliases.c.unit)

# Each merge of two units (OLD's rows re-keyed to NEW): what it moved, so that undo puts back
# exactly those rows. ``moved`` is JSON: {table: {column: [row ids]}}, the batch_units rows
# re-keyed or dropped, the users re-bound and the ledger coverage it rewrote.
unit_merges = Table(
    "unit_merges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("old", String(300), nullable=False),
    Column("new", String(300), nullable=False),
    Column("rows", Integer, nullable=False, default=0),  # fact rows moved (unit or 上级工会)
    Column("moved", Text, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("created_by", String(100), nullable=True),
    Column("status", String(20), nullable=False, default="active"),  # active | undone
    Column("undone_at", DateTime(timezone=False), nullable=True),
    Column("undone_by", String(100), nullable=True),
)

# The unit tree as a dimension (issue 18): every unit with rows in a fact table and its 上级工会
# (NULL: none, 未指定), always what ``store.tree.parent_of`` derives from the facts. Kept by every
# write of facts, for the units it touched (``store.tree.refresh_unit_parents``), so that grouping
# and filtering by 上级工会 join this small table instead of ranking the facts in every query.
unit_parents = Table(
    "unit_parents",
    metadata,
    Column("unit", String(300), primary_key=True),
    Column("parent", String(300), nullable=True),
)
Index("ix_unit_parents_parent", unit_parents.c.parent, unit_parents.c.unit)

FACT_TABLES: dict[str, Table] = {
    "membership": membership,
    "dues": dues,
    "units": units,
    "finance": finance,
    "welfare": welfare,
    "competitions": competitions,
    "activities": activities,
}
FACT_TABLES["roster"] = roster  # §3.7


def _replaced_copy(table: Table) -> Table:
    """Where the rows of a replaced batch wait, out of every metric, until the batch that
    replaced it is undone: the fact table's columns; ``id`` the row's id in the fact table,
    unique within its batch only (SQLite gives a later row the id of one that left)."""
    columns = []
    for column in table.c:
        if column.name == "id":
            columns.append(Column("id", Integer, primary_key=True, autoincrement=False))
        elif column.name == "batch_id":
            columns.append(Column("batch_id", Integer, ForeignKey("batches.id"), primary_key=True))
        else:
            columns.append(Column(column.name, column.type, nullable=column.nullable))
    copy = Table(f"replaced_{table.name}", metadata, *columns)
    Index(f"ix_replaced_{table.name}_batch", copy.c.batch_id)
    return copy


# A fact table's column added later is added to its replaced_ copy in the same revision.
REPLACED_TABLES: dict[str, Table] = {kind: _replaced_copy(table) for kind, table in FACT_TABLES.items()}

# The key of each aggregate kind (contract §2): a later batch replaces the value.
AGGREGATE_KEYS: dict[str, tuple[str, ...]] = {
    "membership": ("unit", "period"),
    "dues": ("unit", "period", "fund_type"),
    "units": ("unit", "year"),
    "finance": ("unit", "year", "account"),
}
# §3.7: a later roster of a unit and year replaces the whole earlier one
AGGREGATE_KEYS["roster"] = ("unit", "year")

# Rows of one batch that share an aggregate key but are each kept (§3.6: the sub-accounts of
# an account are replaced with it, all together); the last row of such a row key wins.
ROW_KEYS: dict[str, tuple[str, ...]] = {**AGGREGATE_KEYS, "finance": (*AGGREGATE_KEYS["finance"], "sub_account")}
# §3.7: a roster has one row per member under its key, each kept
ROW_KEYS["roster"] = (*AGGREGATE_KEYS["roster"], "id")

# dues and welfare, the big tables: a unit's rows are read from (unit, year) alone, for the sums
# by unit or 上级工会 and of chosen units (migration 0003)
_UNIT_YEAR_COVERS: dict[str, tuple[str, ...]] = {
    "dues": ("fund_type", "is_current", "month", "due", "paid", "remitted"),
    "welfare": ("month", "category", "amount", "count"),
}
for _name, _table in FACT_TABLES.items():
    Index(f"ix_{_name}_batch", _table.c.batch_id)
    Index(f"ix_{_name}_unit_year", _table.c.unit, _table.c.year, *(_table.c[c] for c in _UNIT_YEAR_COVERS.get(_name, ())))
for _name, _key in AGGREGATE_KEYS.items():
    _t = FACT_TABLES[_name]
    Index(f"ix_{_name}_key", *(_t.c[k] for k in _key), _t.c.is_current)

# The metric queries at city scale (migration 0003 says which query uses which): the sums
# read from the index alone, year first; the year rows apart, for "is there a year row for
# this month's unit and year?"; the newest 上级工会 of each unit in order.
Index("ix_dues_metrics", *(dues.c[k] for k in ("year", "fund_type", "is_current", "month", "unit", "due", "paid", "remitted")))
Index("ix_welfare_metrics", *(welfare.c[k] for k in ("year", "category", "month", "unit", "amount", "count")))
Index(
    "ix_dues_year_rows",
    dues.c.unit,
    dues.c.period,
    dues.c.fund_type,
    dues.c.is_current,
    dues.c.month,  # always NULL here: one more equality, so SQLite prefers this to ix_dues_key
    sqlite_where=dues.c.month.is_(None),
    postgresql_where=dues.c.month.is_(None),
)
Index(
    "ix_membership_year_rows",
    membership.c.unit,
    membership.c.period,
    membership.c.is_current,
    membership.c.month,
    sqlite_where=membership.c.month.is_(None),
    postgresql_where=membership.c.month.is_(None),
)
Index("ix_dues_parent", *(dues.c[k] for k in ("unit", "parent", "is_current", "month", "year")))
