"""Worker processes of ``test_concurrency.py`` (module-level so ``spawn`` can import them).

Each worker opens the store itself, as a second user's browser session or a second
``python -m unionstats`` would, and reports every outcome on a queue: nothing is
asserted here, so a failure in a child is never lost.
"""

from __future__ import annotations

import traceback
from pathlib import Path


def import_files(url: str, paths: list[str], barrier, results, name: str) -> None:
    """Import ``paths`` one per round, all workers starting each round together."""
    from unionstats.errors import UnionStatsError
    from unionstats.importer import import_bytes
    from unionstats.store import open_store

    for number, path in enumerate(paths):
        barrier.wait(timeout=300)
        try:
            report, _ = import_bytes(open_store(url), Path(path).read_bytes(), Path(path).name, on_overlap="keep")
            results.put((name, number, report["status"], report["message"]))
        except UnionStatsError as error:
            results.put((name, number, "error", error.message))
        except BaseException:
            results.put((name, number, "crash", traceback.format_exc()))


def read_metrics(url: str, stop, results) -> None:
    """Compute the metrics again and again until ``stop`` is set; report each call."""
    from unionstats.errors import UnionStatsError
    from unionstats.metrics.compute import compute_metrics
    from unionstats.store import open_store

    while not stop.is_set():
        try:
            compute_metrics(open_store(url), by="unit", period="year")
            results.put(("reader", None, "ok", None))
        except UnionStatsError as error:
            results.put(("reader", None, "error", error.message))
        except BaseException:
            results.put(("reader", None, "crash", traceback.format_exc()))
