"""metrics: everything that reads the store — every metric of contract §4 (``compute``),
the catalog of units and years, ledger drill-downs, KPI cards and unit comparison.

``compute_metrics`` is the one implementation of each metric, used by pages, reports and CLI.
"""

from unionstats.metrics.compute import compute_metrics

__all__ = ["compute_metrics"]
