"""Import one file in a process of its own and say what it cost, for ``test_hostile.py``.

``python -m tests.trust.hostile_child URL PATH NAME`` prints one JSON object: the
import report's status and message, the files' batch, whether the importer logged an
internal error, the seconds ``import_bytes`` took and the process's peak memory.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def main(url: str, path: str, name: str) -> None:
    from unionstats.errors import UnionStatsError
    from unionstats.importer import import_bytes
    from unionstats.store import open_store

    errors = _Errors()
    logging.getLogger("unionstats").addHandler(errors)
    engine = open_store(url)
    data = Path(path).read_bytes()
    started = time.monotonic()
    try:
        report, _ = import_bytes(engine, data, name)
        outcome = {"status": report["status"], "message": report["message"], "batch": report["batch"]}
    except UnionStatsError as error:
        outcome = {"status": "error", "message": error.message, "batch": None}
    seconds = time.monotonic() - started
    peak_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps({**outcome, "internal_errors": errors.records, "seconds": seconds, "peak_bytes": peak_bytes}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
