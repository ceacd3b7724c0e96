"""Rejected rows and warnings, each with its Excel row, column and a Chinese reason (§2).

Every problem of a sheet is collected (never stop at the first) into a ``ProblemLog``;
the import report, the rejected-rows download and the CLI's ``--json`` are views of it.
Each problem is logged by the key of its sentence in ``rules.messages`` (which also gives
its code), e.g. 第12行「实缴金额」不是数字:"暂缺" is ``not_a_number``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from unionstats.ingest.model import REJECTED, WARNING, Problem
from unionstats.rules.messages import MESSAGES_BY_KEY, message
from unionstats.rules.personal import mask_personal


def fmt_number(value: float) -> str:
    """1234.0 → '1,234'; 12.5 → '12.5' (for messages)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def show(value: object) -> str:
    """A raw cell as it reads in a message (text without its surrounding spaces)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: object) -> str | None:
    return None if value is None else mask_personal(show(value))


@dataclass
class ProblemLog:
    """All problems of one sheet; rows are Excel row numbers."""

    sheet: str
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)

    def reject(
        self, row: int | None, column: str | None, key: str, value: object = None, *, code: str | None = None, **fields: object
    ) -> None:
        """Reject ``row`` (None: the whole sheet) with the sentence ``key`` of ``rules.messages``.

        ``fields`` fill its placeholders besides {row}; ``value`` is the cell the problem is
        about; ``code`` names the problem where the table leaves it to the caller."""
        self._add(REJECTED, row, column, key, value, code, {"row": row, **fields})

    def warn(
        self, row: int | None, column: str | None, key: str, value: object = None, *, code: str | None = None, **fields: object
    ) -> None:
        """Warn about ``row`` (None: the whole sheet), as ``reject`` does; the row is kept."""
        self._add(WARNING, row, column, key, value, code, {"row": row, **fields})

    def reject_where(self, mask: pd.Series, raw: pd.Series, column: str, key: str, **fields: object) -> None:
        """Reject every row where ``mask``; the sentence gets {row}, {label}, {value} and ``fields``."""
        self._add_where(REJECTED, mask, raw, column, key, fields)

    def warn_where(self, mask: pd.Series, raw: pd.Series, column: str, key: str, **fields: object) -> None:
        """Warn about every row where ``mask``, as ``reject_where`` does."""
        self._add_where(WARNING, mask, raw, column, key, fields)

    def _add_where(self, level: str, mask: pd.Series, raw: pd.Series, column: str, key: str, fields: dict) -> None:
        for row in mask.index[mask.to_numpy(dtype=bool)]:
            value = raw.get(row)
            self._add(level, int(row), column, key, value, None, {"row": row, "label": column, "value": show(value), **fields})

    def _add(
        self, level: str, row: int | None, column: str | None, key: str, value: object, code: str | None, fields: dict
    ) -> None:
        code = code or MESSAGES_BY_KEY[key].code
        if not code:
            raise ValueError(f"message {key!r} needs the caller to name its code")
        text = mask_personal(message(key, **fields))
        self.problems.append(Problem(self.sheet, row, column, level, code, text, _shown(value)))
        if level == REJECTED and row is not None:
            self.rejected_rows.add(row)

    def is_rejected(self, index: pd.Index) -> np.ndarray:
        return index.isin(list(self.rejected_rows))


def check_totals(
    data: pd.DataFrame,
    totals: pd.DataFrame,
    labels: dict[str, str],
    log: ProblemLog,
) -> None:
    """Warn where a 合计/小计 row disagrees with the rows above it (contract §1).

    ``data`` and ``totals`` hold the parsed numeric columns, indexed by Excel row. A
    totals row is right when it equals the sum of the data rows since the previous
    totals row (a 小计), since the top of the sheet (a 合计, 累计), or — in statements
    that put 一、收入合计 above its accounts — down to the next totals row; else a
    warning.
    """
    if totals.empty or data.empty:
        return
    columns = [c for c in totals.columns if c in data.columns]
    rows = list(totals.index)
    for number, (row, total) in enumerate(totals.iterrows()):
        previous = rows[number - 1] if number else -1
        following = rows[number + 1] if number + 1 < len(rows) else float("inf")
        since_start = data.loc[data.index < row, columns].sum(min_count=1)
        group = data.loc[(data.index < row) & (data.index > previous), columns]
        since_last = group.sum(min_count=1)
        until_next = data.loc[(data.index > row) & (data.index < following), columns].sum(min_count=1)
        for column in columns:
            expected = total[column]
            if pd.isna(expected):
                continue
            candidates = [v for v in (since_last[column], since_start[column], until_next[column]) if not pd.isna(v)]
            if len(group) and pd.isna(since_last[column]):
                candidates.insert(0, 0.0)  # every row since the last totals row left it empty (—): a 小计 of 0 is right
            if not candidates:
                continue
            tolerance = max(0.01, abs(expected) * 1e-9)
            if all(abs(expected - v) > tolerance for v in candidates):
                label = labels.get(column, column)
                log.warn(
                    int(row),
                    label,
                    "total_mismatch",
                    expected,
                    label=label,
                    total=fmt_number(expected),
                    expected=fmt_number(candidates[0]),
                )
