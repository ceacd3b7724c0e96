"""Numbers as Chinese union offices write them (product.md "Conventions").

Rates as 96.3% (one decimal; values stay unrounded in the store and the metrics);
counts with thousands separators (1,234人); money in 元 with separators, in 万元 with
one decimal once it is large (3.2万元), in 亿元 with two decimals from 1亿元 on (1.25亿元);
changes of rates in 个百分点; periods as 2023年 / 2023年5月; moments as 2024-05-01 09:30. Used by pages, reports, metrics
and the command line alike. ``None`` (a missing value) is written as "—".
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd

from unionstats.errors import UsageError
from unionstats.rules.metrics import METRIC_BY_ID, PEOPLE, PERSON_TIMES, RATE, SESSIONS, YUAN

MISSING = "—"
WAN_YUAN_FROM = 100_000  # 元: from here on money is written in 万元
YI_YUAN_FROM = 100_000_000  # 元: from here on in 亿元 (a city federation's totals)
# (numerator, denominator) of a ratio that are money; every other part counts people or units
MONEY_PARTS: dict[str, tuple[bool, bool]] = {
    "dues_collection_rate": (True, True),
    "budget_execution_rate": (True, True),
    "welfare_per_member": (True, False),
}


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent(value: float | None) -> str:
    """0.9634 → '96.3%'."""
    return MISSING if _missing(value) else f"{value * 100:.1f}%"


def points(change: float | None) -> str:
    """A change of a rate: 0.012 → '提高1.2个百分点', -0.005 → '下降0.5个百分点'."""
    if _missing(change):
        return MISSING
    amount = abs(change) * 100
    if round(amount, 1) == 0:
        return "持平"
    return f"{'提高' if change > 0 else '下降'}{amount:.1f}个百分点"


def count(value: float | None, unit: str = "") -> str:
    """1234 → '1,234' (+ unit, e.g. '人次')."""
    return MISSING if _missing(value) else f"{value:,.0f}{unit}"


def yuan(value: float | None) -> str:
    """4000 → '4,000元'; 12345.6 → '12,345.60元'; 325000 → '32.5万元'; 1.25e8 → '1.25亿元'."""
    if _missing(value):
        return MISSING
    if abs(value) >= YI_YUAN_FROM:
        return f"{value / 100_000_000:,.2f}亿元"
    if abs(value) >= WAN_YUAN_FROM:
        return f"{value / 10_000:,.1f}万元"
    if float(value).is_integer():
        return f"{value:,.0f}元"
    return f"{value:,.2f}元"


def metric_value(metric_id: str, value: float | None) -> str:
    """A metric's value in its own unit (contract §4 ids)."""
    unit = METRIC_BY_ID[metric_id].value_unit
    if unit == RATE:
        return percent(value)
    if unit == YUAN:
        return yuan(value)
    if unit in (PEOPLE, PERSON_TIMES, SESSIONS):
        return count(value, unit)
    return count(value)


def period_label(period: str) -> str:
    """'2023' → '2023年'; '2023-05' → '2023年5月'."""
    if len(period) == 7 and period[4] == "-":
        return f"{period[:4]}年{int(period[5:])}月"
    return f"{period}年"


def parts_text(row: pd.Series | dict) -> tuple[str, str]:
    """A ratio row's numerator and denominator as shown: ('1,234', '1,281'), money as '3.2万元'."""
    money_numerator, money_denominator = MONEY_PARTS.get(row["metric"], (False, False))
    numerator = (yuan if money_numerator else count)(_number(row["numerator"]))
    denominator = (yuan if money_denominator else count)(_number(row["denominator"]))
    return numerator, denominator


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def number_or_none(value: object) -> float | None:
    """A table cell as a float; None for a missing or infinite value (None, NA, NaN, ±inf)."""
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


def change(metric_id: str, difference: float) -> str:
    """A change against last year in a metric's own unit: '提高1.2个百分点' for a rate,
    '增加12人' / '减少3.2万元' for a sum, '持平' when it rounds to nothing as written."""
    info = METRIC_BY_ID[metric_id]
    if info.value_unit == RATE:
        return points(difference)
    written = yuan(abs(difference)) if info.value_unit == YUAN else count(abs(difference), info.value_unit)
    if written in (yuan(0.0), count(0.0, info.value_unit)):
        return "持平"
    return f"{'增加' if difference > 0 else '减少'}{written}"


def when_text(moment: datetime | str) -> str:
    """A moment as the import history and its messages show it: 2024-05-01 09:30 (a text as it is)."""
    return moment.strftime("%Y-%m-%d %H:%M") if hasattr(moment, "strftime") else str(moment)


def upload_year(text: str | None) -> str | None:
    """The year a person names at upload (``--year``, the 所属年度 field): "2024", "2024年"
    or "2024年度" → "2024"; blank → None. ``UsageError`` with a Chinese sentence otherwise."""
    shown = (text or "").strip()
    if not shown:
        return None
    year = shown.removesuffix("年度").removesuffix("年").strip()
    if not (year.isascii() and year.isdigit() and len(year) == 4 and 1949 <= int(year) <= 2100):
        raise UsageError(f"所属年度「{shown}」不是年份,请写成 2024 这样的四位数字。")
    return year
