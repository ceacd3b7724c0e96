"""A tidy metrics table written out by hand, shaped like ``compute_metrics``'s, for tests of what reads it."""

from __future__ import annotations

import pandas as pd

from unionstats.metrics.compute import COLUMNS
from unionstats.rules.metrics import LABELS


def tidy(*rows: tuple) -> pd.DataFrame:
    """(metric, unit, period, category, value, numerator, denominator) rows → a compute_metrics-shaped table."""
    frame = pd.DataFrame(
        [
            {"metric": m, "label": LABELS[m], "unit": u, "period": p, "category": c, "value": v, "numerator": n, "denominator": d}
            for m, u, p, c, v, n, d in rows
        ],
        columns=list(COLUMNS),
    )
    frame["category"] = frame["category"].astype(object).where(frame["category"].notna(), None)
    return frame
