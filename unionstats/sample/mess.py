"""How offices type figures: numbers as text (``1,234``, ``１２３``, ``500元``), mixed date forms,
and the 合计 they add over them."""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import date

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _as_typed_text(rng: random.Random, value: int | float, suffix: str) -> str:
    """A number as offices sometimes type it: ``1,234``, ``１２３``, ``120人``, ``12,345.60``."""
    if isinstance(value, float):
        return f"{value:,.2f}" if rng.random() < 0.7 else f"{value:.2f}{suffix}"
    style = rng.choice(("comma", "full", "suffix"))
    if style == "comma" and value >= 1000:
        return f"{value:,}"
    if style == "full" or (style == "comma" and value < 1000):
        return str(value).translate(FULL_WIDTH_DIGITS)
    return f"{value}{suffix}"


def type_some_as_text(rng: random.Random, rows: list[list | None], columns: range, how_many: int, suffix: str) -> None:
    """Turn ``how_many`` numeric cells of data rows (first cell an int 序号) into text."""
    cells = [
        (i, c)
        for i, row in enumerate(rows)
        if row and isinstance(row[0], int)
        for c in columns
        if isinstance(row[c], (int, float)) and not isinstance(row[c], bool) and row[c] > 0
    ]
    for i, c in rng.sample(cells, min(how_many, len(cells))):
        rows[i][c] = _as_typed_text(rng, rows[i][c], suffix)


def written_date(rng: random.Random, day: date, weights: tuple[int, int, int, int]) -> date | str:
    """A date as a ledger holds it: an Excel date, 2023/5/12, 2023年5月12日 or just 2023.05."""
    form = rng.choices(("excel", "slash", "chinese", "dotted"), weights=weights)[0]
    if form == "excel":
        return day
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    if form == "chinese":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year}.{day.month:02d}"  # WPS keeps 2023.05 as text


def written_amount(rng: random.Random, amount: int, text_share: float = 0.06) -> int | str:
    """An amount as typed: half of ``text_share`` as ``500元``, half as ``1,200`` (an amount
    under 1,000 of that half stays a number)."""
    roll = rng.random()
    if roll < text_share / 2:
        return f"{amount}元"
    if roll < text_share and amount >= 1000:
        return f"{amount:,}"
    return amount


def column_sum(rows: list[list | None], column: int) -> float:
    """Sum of a column over data rows, numbers typed as text included (what an office's 合计 adds)."""
    total = 0.0
    for row in rows:
        if not row or not isinstance(row[0], int):
            continue
        value = row[column]
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).replace(",", "").removesuffix("元").removesuffix("人")
            value = float(text) if re.fullmatch(r"-?\d+(\.\d+)?", text) else None
        if isinstance(value, (int, float)):
            total += value
    return total
