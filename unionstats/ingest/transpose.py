"""Tables as statistical yearbooks print them: indicators as rows, years as columns (§1).

``16-11 工会、妇联基本情况`` lists 职工人数(万人), #女职工人数, 会员人数(万人) … down its first
column and 1995 | 2000 | 2004 | 2005 across a header row. Such a sheet is read turned
round: each year column becomes a row whose period is that year, each indicator row a
column named as the sheet writes it — so ``#女职工人数`` after ``职工人数(万人)`` reads as a
part of it, in 万人 too, exactly as in an ordinary header. The rows above the header
(title, 单位: line) stay above it. Indicator rows whose names no kind knows are kept as
columns (nothing is lost: they go to ``extra``) and named once in a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unionstats.ingest.header import MAX_TITLE_ROWS, clean_label, fold, normalise_header
from unionstats.ingest.read import RawSheet

_YEAR_CELL = re.compile(r"^((?:19|20)\d{2})(?:年|年度|年末|年底)?$")
_MIN_YEARS = 2  # §1: a header row of at least two years
_MIN_KNOWN = 2  # … and a first column of known names
YEAR_HEADER = "年度"


@dataclass
class TurnedSheet:
    """A yearbook sheet turned round, and the indicator names no kind knows."""

    raw: RawSheet
    unknown: list[str]


def _year_of(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        value = str(int(value))
    if not isinstance(value, str):
        return None
    match = _YEAR_CELL.match(re.sub(r"\s+", "", fold(value)))
    return match.group(1) if match else None


def _label_column(rows: list[list[object]], below: int) -> int | None:
    """The column that names the indicators: the first holding text in the rows below."""
    for row in rows[below : below + 30]:
        for index, value in enumerate(row):
            if isinstance(value, str) and value.strip():
                return index
    return None


def turn_round(raw: RawSheet, known: frozenset[str] | set[str]) -> TurnedSheet | None:
    """``raw`` read with its year columns as rows, or None when it is no such table.

    ``known``: every normalised alias. The header row is the first of the first
    ``MAX_TITLE_ROWS + 1`` rows with two year cells or more right of the label column;
    below it, two or more indicator names must be known."""
    rows = raw.rows
    for top in range(min(len(rows), MAX_TITLE_ROWS + 1)):
        label_col = _label_column(rows, top + 1)
        if label_col is None:
            continue
        years = {c: y for c, v in enumerate(rows[top]) if c > label_col and (y := _year_of(v))}
        if len(years) < _MIN_YEARS:
            continue
        indicators = [r for r in rows[top + 1 :] if label_col < len(r) and isinstance(r[label_col], str) and r[label_col].strip()]
        keys = [normalise_header(r[label_col]).key for r in indicators]
        if sum(key in known for key in keys) < _MIN_KNOWN:
            return None
        return _turned(raw, top, label_col, years, indicators, keys, known)
    return None


def _turned(raw, top, label_col, years, indicators, keys, known) -> TurnedSheet:
    with_figures = [(row, key) for row, key in zip(indicators, keys, strict=True) if any(_filled(_at(row, c)) for c in years)]
    # a 计量单位 column between the names and the years (`职工人数 | 万人 | 612.45`): its
    # measure joins the name, where a header would have written 职工人数(万人)
    between = range(label_col + 1, min(years))
    header = [YEAR_HEADER, *(_named(row, label_col, between) for row, _ in with_figures)]
    body = [[year, *(_at(row, column) for row, _ in with_figures)] for column, year in years.items()]
    width = len(header)
    above = [list(r[:width]) + [None] * (width - len(r[:width])) for r in raw.rows[:top]]
    turned = RawSheet(
        name=raw.name,
        rows=[*above, header, *body],
        first_row=raw.first_row,
        first_col=raw.first_col,
        merged=[m for m in raw.merged if m[0] < top],
    )
    unknown = [clean_label(row[label_col]) for row, key in zip(indicators, keys, strict=True) if key not in known]
    return TurnedSheet(raw=turned, unknown=list(dict.fromkeys(unknown)))


def _named(row: list[object], label_col: int, between: range) -> str:
    name = str(row[label_col]).strip()
    for column in between:
        measure = _at(row, column)
        if isinstance(measure, str) and measure.strip() and not normalise_header(f"({measure.strip()})").key:
            return f"{name}({measure.strip()})"  # a measure only: (万人), (个), (元)
    return name


def _at(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else None


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
