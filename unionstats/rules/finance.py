"""经费收支 rules: the union accounting chart (§3.6).

Each account: code, standard name, flow (收入/支出) and the words that find it in a name
written without a code. Balance rows (上年结余 / 本年结余) are read and checked, never
counted as income or expense.
"""

from __future__ import annotations

from dataclasses import dataclass

INCOME = "收入"
EXPENSE = "支出"
BALANCE = "结余"


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    flow: str
    words: tuple[str, ...]


ACCOUNTS: tuple[Account, ...] = (
    Account("401", "会费收入", INCOME, ("会费收入", "会费")),
    # a university's or a company's 2% allocation is often written 工会经费收入 / 拨交工会经费
    Account("402", "拨缴经费收入", INCOME, ("拨缴经费收入", "拨缴经费", "拨缴", "拨交", "工会经费收入")),
    Account("403", "上级补助收入", INCOME, ("上级补助收入", "上级补助", "上级工会补助", "上级工会拨款")),
    Account("404", "政府补助收入", INCOME, ("政府补助收入", "政府补助", "财政补助", "财政拨款")),
    Account("405", "行政补助收入", INCOME, ("行政补助收入", "行政补助", "行政方补助", "行政经费补助")),
    Account("406", "事业收入", INCOME, ("事业收入",)),
    Account("407", "投资收益", INCOME, ("投资收益",)),
    Account("408", "其他收入", INCOME, ("其他收入",)),
    Account("501", "职工活动支出", EXPENSE, ("职工活动支出", "职工活动")),
    Account("502", "维权支出", EXPENSE, ("维权支出", "维权")),
    Account("503", "业务支出", EXPENSE, ("业务支出",)),
    Account("504", "行政支出", EXPENSE, ("行政支出",)),
    Account("505", "资本性支出", EXPENSE, ("资本性支出",)),
    Account("506", "补助下级支出", EXPENSE, ("补助下级支出", "补助下级")),
    Account("507", "事业支出", EXPENSE, ("事业支出",)),
    Account("508", "其他支出", EXPENSE, ("其他支出",)),
)

OPENING_BALANCE = "上年结余"
CLOSING_BALANCE = "本年结余"

# The part a balance row plays in 上年结余 + 收入 − 支出 = 本年结余 (§3.6).
OPENING = "opening"  # what the year started with: 上年结余, 上年结转, 年初结余
DRAWN = "drawn"  # reserves of earlier years spent this year: 动用以前年度结余
CLOSING = "closing"  # what the year ended with: 本年结余, 年末结余, 年末滚存结余
CUMULATIVE_CLOSING = "cumulative"  # 年末滚存结余 beside a 本年结余 that may be the year's surplus alone


@dataclass(frozen=True)
class Balance:
    """A balance row (§3.6): stored under ``name`` with flow 结余, never income or expense."""

    name: str
    role: str
    words: tuple[str, ...]


# First match wins: the longer names first (上年结余 is inside 上年结余结转).
BALANCES: tuple[Balance, ...] = (
    Balance("动用以前年度结余", DRAWN, ("动用以前年度结余", "动用历年结余", "使用以前年度结余", "动用上年结余", "动用结余")),
    Balance("年末滚存结余", CUMULATIVE_CLOSING, ("年末滚存结余", "滚存结余", "累计结余")),
    Balance("年末结余", CUMULATIVE_CLOSING, ("年末结余", "期末结余", "年末结转", "结转下年")),
    Balance("上年结转", OPENING, ("上年结转", "年初结转", "上年结余结转")),
    Balance("年初结余", OPENING, ("年初结余", "期初结余", "年初滚存结余")),
    Balance(OPENING_BALANCE, OPENING, ("上年结余", "以前年度结余", "历年结余")),
    Balance(CLOSING_BALANCE, CLOSING, ("本年结余", "当年结余", "本期结余", "收支结余")),
)
BALANCE_ROLE: dict[str, str] = {b.name: b.role for b in BALANCES}

# §3.6: a 收入合计 may include these balance rows (上年结转, 动用以前年度结余 are sources of
# the year's spending): a 合计 equal to the accounts with or without them is right.
TOTAL_MAY_INCLUDE: tuple[str, ...] = (OPENING, DRAWN)

# A sub-account's code is its parent's code and two or more digits (40301 under 403,
# 5010101 under 50101): the first three digits name the chart account.
CHART_CODE_LENGTH = 3

# Lines that only head the income or the expense part of a statement ("一、本年收入",
# "二、支出") carry the sum of the accounts below them: totals, not accounts. Compared
# with the name after its list marker and these leading words.
HEADING_LEADS: tuple[str, ...] = ("本年", "本期", "全年", "当年")
HEADINGS: tuple[str, ...] = ("收入", "支出", "收入总额", "支出总额", "经费收入", "经费支出", "收入类", "支出类")

# List markers in front of a name, from the outermost level in: 一、 / （一） / 1. / （1）.
# A name without a code under an account of an outer level is one of its sub-accounts.
MARKER_LEVELS: tuple[tuple[int, str], ...] = (
    (1, r"[一二三四五六七八九十]+[、.．]"),
    (2, r"[(（][一二三四五六七八九十]+[)）][、.]?"),
    (3, r"\d{1,2}[、.．](?!\d)"),
    (4, r"[(（]\d{1,2}[)）][、.]?"),
    (5, r"[①②③④⑤⑥⑦⑧⑨⑩]"),
)

# 收支类型 cells.
FLOW_WORDS: dict[str, str] = {"收入": INCOME, "收": INCOME, "支出": EXPENSE, "支": EXPENSE}

# An account written in the office's own words, not in the chart, tells its flow by these
# words in its name (收益 is income, 支出 expense); first match wins.
FLOW_IN_NAME: tuple[tuple[str, tuple[str, ...]], ...] = ((INCOME, ("收入", "收益")), (EXPENSE, ("支出",)))

# A statement's figures that a later batch leaves empty are kept from the row it replaces
# (contract §2 replaces a key's value; a budget table's 上年决算数 rows give only the
# 决算数 of last year and must not erase the 预算数 that year's own statement gave).
FIGURES_KEPT_WHEN_EMPTY: tuple[str, ...] = ("actual", "budget")

# The balance metrics (§4 上年结余 / 本年结余, shown on 收支 and in the report): the balance
# rows of each role. A 年末滚存结余 / 年末结余 is the year's end; a 本年结余 beside one may be
# the year's surplus alone, so it counts only where the statement gives no such row.
BALANCE_METRIC_ROLES: dict[str, tuple[str, ...]] = {
    "opening_balance": (OPENING,),
    "closing_balance": (CUMULATIVE_CLOSING, CLOSING),
}
