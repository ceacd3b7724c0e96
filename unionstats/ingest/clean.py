"""Cleaning cell values: numbers, periods, names, yes/no and categories (contract §1, §3).

Every function takes a pandas Series of raw cells (object dtype: None, str, int, float,
bool, datetime) and returns cleaned values plus a boolean Series marking cells that hold
something that is not a valid value (to be rejected or warned by ``validate``). Missing
cells (empty, `—`, `-`, `/`, `无`) are never "bad": they are missing.

Text cells are parsed once per distinct value (``per_value``), so a column of a million
rows with a few hundred distinct texts costs a few hundred parses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from unionstats.rules import activities as activity_rules
from unionstats.rules import competitions as comp_rules
from unionstats.rules import dues as dues_rules
from unionstats.rules import finance as fin_rules
from unionstats.rules import welfare as welfare_rules
from unionstats.rules.personal import mask_personal
from unionstats.rules.values import (
    MISSING_FIGURE_TOKENS,
    MISSING_TOKENS,
    MULTIPLIERS,
    NO_PREFIXES,
    NO_WORDS,
    NUMBER_SUFFIXES,
    YES_PREFIXES,
    YES_WORDS,
)

_SPACES = re.compile(r"\s+")


def fold(value: object) -> str:
    """NFKC-fold and strip a cell's text (full-width digits and letters → half-width)."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_missing_text(text: str) -> bool:
    return _SPACES.sub("", text).lower() in MISSING_TOKENS


def per_value(series: pd.Series, parse: Callable[[object], object]) -> pd.Series:
    """Apply ``parse`` once per distinct cell value (hashable cells) and map back."""
    answers = distinct_answers(series, parse)
    if answers is None:  # unhashable cells: parse each
        return series.map(parse)
    codes, table = answers
    return pd.Series(table[codes], index=series.index, dtype=object)


def distinct_answers(series: pd.Series, parse: Callable[[object], object]) -> tuple[np.ndarray, np.ndarray] | None:
    """``parse`` of every distinct cell, as (codes, answers): cell i's answer is
    ``answers[codes[i]]``; None when a cell is unhashable (or the column is of a dtype
    other than object, bool or numbers).

    Equal values share one answer, as in a dict (1, 1.0 and True are one value: every parse
    here gives numbers the same answer whatever their type). Missing cells (None, NaN, NaT)
    are parsed once per type. The caller derives what it needs from the distinct answers and
    takes it by ``codes``: a 100,000-row column is not looped over in Python."""
    if series.dtype != object and series.dtype.kind not in "biuf":
        return None  # datetimes, categories: rare here, parsed one by one
    values = series.to_numpy()
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:
        return None
    table = np.empty(len(uniques), dtype=object)
    for i, value in enumerate(uniques):
        table[i] = parse(value)  # one by one: an answer may be a tuple
    missing = np.flatnonzero(codes < 0)
    if len(missing):
        codes = codes.copy()
        grown = list(table[: len(uniques)])
        for positions in _missing_by_type(values[missing]):
            codes[missing[positions]] = len(grown)
            grown.append(parse(values[missing[positions[0]]]))
        table = np.empty(len(grown), dtype=object)
        for i, answer in enumerate(grown):
            table[i] = answer
    return codes, table


def _missing_by_type(missing: np.ndarray) -> list[np.ndarray]:
    """Positions of the missing cells (None, NaN, NaT …) grouped by the cell's type."""
    if missing.dtype != object:
        return [np.arange(len(missing))]  # NaN of a float column
    nones = np.equal(missing, None)
    groups: dict[type, list[int]] = {}
    for i in np.flatnonzero(~nones).tolist():
        groups.setdefault(type(missing[i]), []).append(i)
    found = [np.asarray(positions) for positions in groups.values()]
    return [np.flatnonzero(nones), *found] if nones.any() else found


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and is_missing_text(fold(value))


# ---------------------------------------------------------------- numbers
_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, NUMBER_SUFFIXES)) + ")$")
_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$")
_BAD = object()
# 3.2万元 and 3.2万 read as 32,000; 千元 counts in headers and title lines only
_FIGURE_SCALES = tuple((m.word, m.factor) for m in MULTIPLIERS if m.after_figure)


def parse_number_text(text: str) -> float | None | object:
    """One text cell → float, None (missing) or ``_BAD``.

    Accepts `1,234`, `１２３４`, `500元`, `120人`, `95%` (→ 0.95), `3.2万` / `3.2万元`
    (→ 32,000), a leading `¥`/`￥`, and parentheses for negatives as accountants write
    them (`(500)`).
    """
    folded = fold(text)
    if is_missing_text(folded) or _SPACES.sub("", folded).lower() in MISSING_FIGURE_TOKENS:
        return None
    s = _SPACES.sub("", folded).replace(",", "").replace("，", "").replace("\u2212", "-").lower()
    s = s.lstrip("¥￥$")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    factor = 1.0
    if s.endswith("%"):
        factor, s = 0.01, s[:-1]
    elif scale := next(((word, by) for word, by in _FIGURE_SCALES if s.endswith(word)), None):
        factor, s = scale[1], s.removesuffix(scale[0])
    else:
        s = _SUFFIX.sub("", s)
    if not _NUMBER.match(s):
        return _BAD
    value = float(s) * factor
    if not math.isfinite(value):
        return _BAD
    return -value if negative else value


def _number_cell(value: object) -> float | None | object:
    if value is None:
        return None
    if _is_number(value):
        number = float(value)
        return number if math.isfinite(number) else (None if math.isnan(number) else _BAD)
    if isinstance(value, str):
        return parse_number_text(value)
    return _BAD  # a date, a bool, an error cell


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells → (float values with NaN for missing/bad, bad mask)."""
    numeric = pd.to_numeric(series, errors="coerce") if series.dtype != object else None
    if numeric is not None and not series.map(lambda v: isinstance(v, str)).any():
        return numeric.astype(float), pd.Series(False, index=series.index)
    answers = distinct_answers(series, _number_cell)
    if answers is None:  # unhashable cells
        parsed = series.map(_number_cell)
        bad = parsed.map(lambda v: v is _BAD).astype(bool)
        values = parsed.map(lambda v: np.nan if v is None or v is _BAD else v).astype(float)
        return values, bad
    codes, table = answers
    bad_of = np.array([v is _BAD for v in table], dtype=bool)
    value_of = np.array([np.nan if v is None or v is _BAD else v for v in table], dtype=float)
    return pd.Series(value_of[codes], index=series.index), pd.Series(bad_of[codes], index=series.index)


# ---------------------------------------------------------------- periods and dates
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
    "元": 1,
    "正": 1,
}
# 2023, 2023年, 2023年度, and a whole year written as a range: 2023年1-12月, 2023年全年
_YEAR = re.compile(r"^(\d{4})(?:年度?|年份)?(?:(?:0?1|一)月?[-~至到—](?:12|十二)月(?:份)?|全年|全年度)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})(?:月份?|月)?$")
_YYYYMM = re.compile(r"^(\d{4})(\d{2})$")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[t ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YYYYMMDD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_ONLY = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3}|元|正)月份?$|^(\d{1,2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[月/.-](\d{1,2})日?$")
_AS_OF_PREFIX = re.compile(r"^(?:截至|截止到|截止|至)")
_END_SUFFIX = re.compile(r"(?<=[年月日])(?:末|底|止|止数)$")
MIN_YEAR, MAX_YEAR = 1950, 2100
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _period(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str | None, str | None] | object:
    """(year, month, date) strings, or ``_BAD`` when out of range or not a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _BAD
    if month is None:
        return (f"{year:04d}", None, None)
    if not 1 <= month <= 12:
        return _BAD
    if day is None:
        return (f"{year:04d}", f"{year:04d}-{month:02d}", None)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return _BAD
    return (f"{year:04d}", f"{year:04d}-{month:02d}", date.isoformat())


def parse_period_cell(value: object, default_year: str | None = None) -> tuple[str, str | None, str | None] | None | object:
    """One cell → (year '2023', month '2023-05' or None, date '2023-05-12' or None).

    None for a missing cell, ``_BAD`` for text that is no period. Reads every form of
    contract §1: 2023, 2023年, 2023年度, 2023-05, 2023/5, 2023.05, 2023年5月, 202305,
    Excel dates and datetimes (also as serial numbers), 2023-05-12, 2023/5/12,
    2023年5月12日. A month or day without a year (`5月`, `5月12日`) takes
    ``default_year`` (from the title line, e.g. "2023年度会费收缴台账").
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _period(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _period(value.year, value.month, value.day)
    if _is_number(value):
        number = float(value)
        if math.isnan(number):
            return None
        if not math.isfinite(number):
            return _BAD
        if number.is_integer():
            n = int(number)
            if MIN_YEAR <= n <= MAX_YEAR:
                return _period(n)
            if 190001 <= n <= 210012:
                return _period(n // 100, n % 100)
            if 19000101 <= n <= 21001231:
                return _period(n // 10000, n // 100 % 100, n % 100)
            if 1 <= n <= 12 and default_year:
                return _period(int(default_year), n)
            if 18264 <= n <= 73051:  # an Excel serial date between 1950 and 2100
                date = _EXCEL_EPOCH + dt.timedelta(days=n)
                return _period(date.year, date.month, date.day)
            return _BAD
        if 18264 <= number <= 73051:  # an Excel serial datetime (a date with a time of day)
            date = _EXCEL_EPOCH + dt.timedelta(days=int(number))
            return _period(date.year, date.month, date.day)
        # a number typed as 2023.05 (Excel keeps 2023.1 for "2023.10": read as October)
        year = int(number)
        month = round((number - year) * 100)
        if MIN_YEAR <= year <= MAX_YEAR and abs((number - year) * 100 - month) < 1e-6:
            return _period(year, month)
        return _BAD
    if not isinstance(value, str):
        return _BAD
    text = _SPACES.sub("", fold(value)).lower()
    if is_missing_text(text):
        return None
    # 截至2023年12月31日 / 2023年末 / 2023年12月底: the period the figure stands for
    text = _AS_OF_PREFIX.sub("", text)
    text = _END_SUFFIX.sub("", text)
    for pattern, groups in ((_YEAR, 1), (_YEAR_MONTH, 2), (_YYYYMM, 2), (_DATE, 3), (_YYYYMMDD, 3)):
        match = pattern.match(text)
        if match:
            return _period(*(int(g) for g in match.groups()[:groups]))
    if default_year:
        match = _MONTH_ONLY.match(text)
        if match:
            token = match.group(1) or match.group(2)
            month = int(token) if token.isdigit() else _CN_DIGITS.get(token, 0)
            return _period(int(default_year), month)
        match = _MONTH_DAY.match(text)
        if match:
            return _period(int(default_year), int(match.group(1)), int(match.group(2)))
    return _BAD


def parse_periods(series: pd.Series, default_year: str | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Cells → (DataFrame year/month/date of strings or None, bad mask)."""
    answers = distinct_answers(series, lambda v: parse_period_cell(v, default_year))
    if answers is None:  # unhashable cells: parse each
        codes = np.arange(len(series))
        table = np.empty(len(series), dtype=object)
        for i, value in enumerate(series):
            table[i] = parse_period_cell(value, default_year)
    else:
        codes, table = answers
    bad_of = np.array([v is _BAD for v in table], dtype=bool)
    parts = {
        name: np.array([v[i] if isinstance(v, tuple) else None for v in table], dtype=object)[codes]
        for i, name in enumerate(("year", "month", "date"))
    }
    return pd.DataFrame(parts, index=series.index, dtype=object), pd.Series(bad_of[codes], index=series.index)


# ---------------------------------------------------------------- text
_TYPESET_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
_WHITESPACE = re.compile(r"\s")


def clean_name(value: object) -> str | None:
    """A name as written after NFKC, trimming and collapsing inner spaces (§1); None if empty."""
    if type(value) is str and not _WHITESPACE.search(value) and unicodedata.is_normalized("NFKC", value):
        # most names: nothing to fold, trim or collapse (the same steps as below, none acting)
        return None if value.lower() in MISSING_TOKENS else value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()
    text = _TYPESET_SPACE.sub("", text)  # §1: 北 京, 全 国 are spaced for alignment
    return None if is_missing_text(text) else text


def clean_names(series: pd.Series) -> pd.Series:
    return per_value(series, clean_name)


def has_letters(name: object) -> bool:
    """Whether a name holds a letter or a Chinese character (§1: `11`, `1`, `-` are no unit)."""
    return isinstance(name, str) and any(ch.isalpha() for ch in name)


# 填报日期:2024年1月10日 above a registry: the year it holds for when it gives none (§3.5)
_FILING_DATE_LINE = re.compile(r"(?:填报|填表|报送|制表|上报)(?:日期|时间)\s*:\s*((?:19|20)\d{2})")


def filing_year(lines: Iterable[str]) -> str | None:
    """The year of a `填报日期:` line among the lines above a header, or None."""
    for line in lines:
        match = _FILING_DATE_LINE.search(_SPACES.sub("", fold(line or "")))
        if match:
            return match.group(1)
    return None


# ---------------------------------------------------------------- yes / no
def _yesno_cell(value: object) -> bool | None | object:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = _SPACES.sub("", fold(value)).lower()
    if _is_number(value):
        text = str(int(value)) if float(value).is_integer() else text
    if text in YES_WORDS or text.startswith(YES_PREFIXES):
        return True
    if text in NO_WORDS or text.startswith(NO_PREFIXES):
        return False
    return _BAD


def parse_yesno(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Cells → (True / False / None, bad mask): 是/否, √/×, 1/0, 已建/未建 …"""
    parsed = per_value(series, _yesno_cell)
    bad = parsed.map(lambda v: v is _BAD).astype(bool)
    return parsed.map(lambda v: None if v is _BAD else v).astype(object), bad


# ---------------------------------------------------------------- categories
def _first_match(text: str, rules: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    for name, words in rules:
        if any(word in text for word in words):
            return name
    return None


def welfare_categories_named(text: str, rules=welfare_rules.CATEGORY_RULES, yields=welfare_rules.YIELDING_WORDS) -> list[str]:
    """Every standard category whose keywords occur in ``text``, in rule order (§3.3).

    A keyword of ``yields`` (the bare 病 of 住院慰问) counts only when no keyword of the
    category it yields to occurs: "大病救助" names 困难帮扶 alone. The words of a category
    once named are taken out of the text, so the 病 of 病故 names 丧葬慰问 only."""
    named: list[str] = []
    for name, words in rules:
        found = [word for word in words if word in text]
        if not found or name in named:
            continue
        yielding = {word for category, word, _ in yields if category == name}
        if all(word in yielding for word in found):
            winners = {winner for category, word, winner in yields if category == name and word in found}
            if any(any(w in text for w in other_words) for other, other_words in rules if other in winners):
                continue
        named.append(name)
        for word in sorted(found, key=len, reverse=True):
            text = text.replace(word, "")
    return named


def welfare_category(value: object, rules=welfare_rules.CATEGORY_RULES, yields=welfare_rules.YIELDING_WORDS) -> str:
    """Free-text 事由 → standard category, first match wins (§3.3); 其他 when none."""
    named = welfare_categories_named(clean_name(value) or "", rules, yields)
    return named[0] if named else welfare_rules.OTHER_CATEGORY


def document_category(texts: Iterable[str | None], rules=welfare_rules.CATEGORY_RULES) -> str | None:
    """The one standard category a welfare ledger's title, sheet name or file name names (§3.3).

    ``texts`` in order (title lines, sheet name, file name): the first that names any
    category decides — the category when it names one ("金秋助学补助清单", "助困管理表"),
    None when it names several. Words naming the whole kind ("帮扶慰问台账") name none."""
    for text in texts:
        folded = _SPACES.sub("", fold(text or ""))
        for word in welfare_rules.GENERIC_TITLE_WORDS:
            folded = folded.replace(word, "")
        named = welfare_categories_named(folded, rules)
        if named:
            return named[0] if len(named) == 1 else None
    return None


# ---------------------------------------------------------------- §3.8 activity types
def activity_type(value: object, rules=activity_rules.TYPE_RULES) -> str | None:
    """An activity's 类型 cell or name → its standard type, first match wins (§3.8); None
    when the text names none (the caller then tries the name, else 其他)."""
    text = _SPACES.sub("", fold(clean_name(value) or ""))
    if not text:
        return None
    for name, _words in rules:
        if text == name:
            return name  # the standard name itself (our template's 类型 list)
    for word in activity_rules.IGNORED_WORDS:
        text = text.replace(word, "")
    return _first_match(text, rules)


def award_tier(value: object) -> tuple[str, bool]:
    """奖项 → (tier, recognised). Empty → 未获奖; an unknown award counts as 优秀奖."""
    text = (clean_name(value) or "").replace(" ", "")
    if not text:
        return comp_rules.NO_AWARD, True
    tier = _first_match(text, comp_rules.AWARD_RULES)
    if tier is None:
        return comp_rules.UNKNOWN_AWARD_TIER, False
    return tier, True


def contest_level(value: object) -> tuple[str | None, bool]:
    """级别 → (standard level or None, recognised)."""
    text = (clean_name(value) or "").replace(" ", "")
    if not text:
        return None, True
    level = _first_match(text, comp_rules.LEVEL_RULES)
    return level, level is not None


def fund_type(value: object) -> str | None:
    """经费类别 → 工会经费 | 会费; empty → the default (工会经费); None when unknown."""
    text = (clean_name(value) or "").replace(" ", "")
    if not text:
        return dues_rules.DEFAULT_FUND_TYPE
    return _first_match(text, dues_rules.FUND_TYPE_RULES)


_ACCOUNT_CODE = re.compile(r"^\s*(\d{3,10})(?!\d)[\s.、:]*")
_BY_CODE = {a.code: a for a in fin_rules.ACCOUNTS}
_MARKERS = tuple((level, re.compile(r"^\s*" + pattern + r"\s*")) for level, pattern in fin_rules.MARKER_LEVELS)


@dataclass(frozen=True)
class AccountRead:
    """One 科目 as a statement writes it (§3.6), read against the accounting chart.

    ``account``: the chart's standard name (会费收入), a balance's name (上年结转), or the
    name as written for an account not in the chart; None when the cell is empty.
    ``code``: the code as written (40301), else the chart's code when found by name.
    ``flow``: 收入 / 支出 / 结余, None when neither the chart nor the name tells.
    ``sub_account``: the row's own name when it is a sub-account (a code longer than its
    chart account's: 40301 under 403), else None. ``written``: the name without its
    code and list marker (一、/（一）/1.). ``level``: the depth of that list marker (1 for
    一、, 2 for （一）, 3 for 1., …), None without one. ``in_chart``: found in the chart
    or among the balances (not merely guessed from its name).
    """

    account: str | None
    code: str | None
    flow: str | None
    sub_account: str | None = None
    written: str | None = None
    level: int | None = None
    in_chart: bool = False


def _code_text(value: object) -> str | None:
    """A 科目编码 cell → its digits (401, 40301), None when empty or not a code."""
    text = _SPACES.sub("", clean_name(value) or "")
    return text if text.isdigit() else None


def _strip_marker(text: str) -> tuple[str, int | None]:
    for level, pattern in _MARKERS:
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            return stripped, level
    return text, None


def _chart_by_words(text: str) -> tuple[str, str | None, str] | None:
    """(name, code, flow) of a balance or chart account named by its words, else None."""
    for balance in fin_rules.BALANCES:
        if any(word in text for word in balance.words):
            return balance.name, None, fin_rules.BALANCE
    for account in fin_rules.ACCOUNTS:
        if any(word in text for word in account.words):
            return account.name, account.code, account.flow
    return None


def read_account(code_cell: object, name_cell: object) -> AccountRead:
    """科目 from a 科目编码 cell and a 科目名称 cell (either may be empty) → ``AccountRead``.

    The code decides the chart account when there is one (in its own column or in front
    of the name: ``401 会费收入``, ``40301``); a longer code is a sub-account of the
    first three digits. Names without a code are matched to the chart by their words
    (一、会费收入 → 会费收入) after their list marker; 上年结转 and the other balance
    rows are balances. An account the chart does not know keeps its name as written.
    """
    name = _SPACES.sub("", clean_name(name_cell) or "")
    code = _code_text(code_cell)
    match = _ACCOUNT_CODE.match(name)
    if match and code is None:
        code, name = match.group(1), name[match.end() :]
    written, level = _strip_marker(name)
    written = written or None
    chart = _BY_CODE.get(code[: fin_rules.CHART_CODE_LENGTH]) if code else None
    if chart is not None:
        sub = (written or code) if len(code) > fin_rules.CHART_CODE_LENGTH else None
        return AccountRead(chart.name, code, chart.flow, sub, written, level, True)
    if written is None:
        return AccountRead(None, code, None, None, None, level)
    found = _chart_by_words(written)
    if found is not None:
        return AccountRead(found[0], code or found[1], found[2], None, written, level, True)
    return AccountRead(written, code, None, None, written, level)


def finance_account(value: object) -> tuple[str, str | None, str | None] | None:
    """科目 → (account name, code, flow 收入/支出/结余), or None for an unknown name.

    ``401 会费收入`` and ``401`` find the account by code; names without a code are
    matched by their words (会费 → 会费收入); 上年结余 / 本年结余 are balances.
    """
    read = read_account(None, value)
    if not read.in_chart or read.account is None:
        return None
    return read.account, read.code, read.flow


def is_flow_heading(value: object) -> bool:
    """A line that heads the income or expense part ("一、本年收入", "二、支出"): a total (§3.6)."""
    text, _ = _strip_marker(_SPACES.sub("", clean_name(value) or ""))
    for lead in fin_rules.HEADING_LEADS:
        text = text.removeprefix(lead)
    return text in fin_rules.HEADINGS


def flow_of(value: object) -> str | None:
    """收支类型 cell → 收入 / 支出, None when empty or unknown."""
    text = (clean_name(value) or "").replace(" ", "")
    return fin_rules.FLOW_WORDS.get(text)


def clean_private_text(series: pd.Series) -> pd.Series:
    """Free text kept in the store (names, 事由, notes): cleaned, with ID and phone numbers masked (§5)."""
    return per_value(series, lambda v: mask_personal(clean_name(v)))


def plain_rank(value: object) -> int | None:
    """A rank written as a plain whole number (1, 2, 3 … under 名次), else None (§3.4: a rank
    is no award; 第1名 is one)."""
    text = clean_name(value)
    if text is None or not text.isdigit():
        return None
    return int(text)
