"""What one 会员名册 gives, counted from its own rows before it is stored (the import preview,
issue 15): per unit and year the people it lists and the membership figures of contract §3.7.

The same rules as ``compute._roster_sums`` (the SQL the metrics use), applied to the rows of
one parsed sheet: 会员人数 = rows not 转出 / 退会 / 除名 (``rules/roster.LEFT_STATUSES``);
女会员人数 by 性别 (else the ID's, as read); 农民工会员人数; 新发展会员人数 = 入会 (not 转入) in that
year; 实名制录入人数 = members whose ID passes its check digit. A figure the roster has no
column for is None, as there. ``tests/metrics/test_roster.py`` holds the two to agreement.
"""

from __future__ import annotations

import pandas as pd

from unionstats.rules.roster import FEMALE, JOINED_STATUS, LEFT_STATUSES, TRANSFERRED_IN

# The membership figures a roster derives, per (unit, year) of its current rows (§3.7).
ROSTER_FIGURES: tuple[str, ...] = ("members", "female_members", "migrant_members", "new_members", "realname_members")
# The columns of a roster's rows (``ingest.build.build_roster``) the figures are counted from.
ROSTER_COLUMNS: tuple[str, ...] = ("unit", "year", "sex", "migrant", "joined_year", "status", "id_valid")


def _text(series: pd.Series) -> pd.Series:
    """Cells as text ('2024'), missing as None: a year read as a number compares as text too."""
    return series.map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)).astype(object)


def roster_figures(rows: pd.DataFrame) -> list[dict]:
    """Per (unit, year) of a roster's rows, sorted: {"unit", "year", "people" (rows listed),
    "members", "female_members", "migrant_members", "new_members", "realname_members"
    (ints; None where the roster has no column to count them by), "realname_rate"
    (实名制录入人数 / 会员人数; None with no member)}. ``rows``: at least ``ROSTER_COLUMNS``."""
    if rows.empty:
        return []
    status, year, joined = _text(rows["status"]), _text(rows["year"]), _text(rows["joined_year"])
    sex, migrant = rows["sex"], rows["migrant"]
    member = ~status.isin(LEFT_STATUSES)
    # 入会 (not 转入) in that year: a join dated that year, or a 入会 change the row leaves undated
    new = ((status != TRANSFERRED_IN) & joined.notna() & (joined == year)) | ((status == JOINED_STATUS) & joined.isna())
    frame = pd.DataFrame(
        {
            "unit": _text(rows["unit"]),
            "year": year,
            "people": 1,
            "members": member,
            "female_members": member & (sex == FEMALE),
            "migrant_members": member & migrant.map(lambda v: v is True or v == 1).astype(bool),
            "new_members": member & new,
            "realname_members": member & rows["id_valid"].map(lambda v: v is True or v == 1).astype(bool),
            # whether a figure can be counted at all: a column the roster gives (a value in any row)
            "has_sex": sex.notna(),
            "has_migrant": migrant.notna(),
            "has_joined": joined.notna() | (status == JOINED_STATUS),
        },
        index=rows.index,
    )
    found = []
    for (unit, at), group in frame.groupby(["unit", "year"], sort=True, dropna=False):
        figures = {name: int(group[name].sum()) for name in ("people", *ROSTER_FIGURES)}
        for name, given in (("female_members", "has_sex"), ("migrant_members", "has_migrant"), ("new_members", "has_joined")):
            if not group[given].any():
                figures[name] = None
        rate = _rate(figures["realname_members"], figures["members"])
        found.append({"unit": unit, "year": at, **figures, "realname_rate": rate})
    return found


def roster_totals(found: list[dict]) -> list[dict]:
    """``roster_figures`` of several units summed per year, sorted: {"year", "units" (how many),
    "people", the figures (Σ over the units that give one; None where none does),
    "realname_rate" (Σ 实名制录入人数 / Σ 会员人数, a ratio of sums as §4 says)}."""
    totals = []
    for year in sorted({r["year"] for r in found}):
        of_year = [r for r in found if r["year"] == year]
        total: dict = {"year": year, "units": len({r["unit"] for r in of_year})}
        for name in ("people", *ROSTER_FIGURES):
            given = [r[name] for r in of_year if r[name] is not None]
            total[name] = sum(given) if given else None
        total["realname_rate"] = _rate(total["realname_members"], total["members"])
        totals.append(total)
    return totals


def _rate(numerator: int | None, denominator: int | None) -> float | None:
    """实名制录入率: missing with no member (§4: a zero denominator is missing, not 0)."""
    return numerator / denominator if numerator is not None and denominator else None
