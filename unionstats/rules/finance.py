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
    Account("402", "拨缴经费收入", INCOME, ("拨缴经费收入", "拨缴经费", "拨缴")),
    Account("403", "上级补助收入", INCOME, ("上级补助收入", "上级补助")),
    Account("404", "政府补助收入", INCOME, ("政府补助收入", "政府补助", "财政补助")),
    Account("405", "行政补助收入", INCOME, ("行政补助收入", "行政补助", "行政方补助")),
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
BALANCE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (OPENING_BALANCE, ("上年结余", "年初结余", "期初结余", "上年结转", "年初结转")),
    (CLOSING_BALANCE, ("本年结余", "年末结余", "期末结余", "滚存结余", "年末结转")),
)

# 收支类型 cells.
FLOW_WORDS: dict[str, str] = {"收入": INCOME, "收": INCOME, "支出": EXPENSE, "支": EXPENSE}

# An account written in the office's own words, not in the chart, tells its flow by these
# words in its name (收益 is income, 支出 expense); first match wins.
FLOW_IN_NAME: tuple[tuple[str, tuple[str, ...]], ...] = ((INCOME, ("收入", "收益")), (EXPENSE, ("支出",)))
