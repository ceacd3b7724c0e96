"""``python -m unionstats`` with progress markers, for ``test_crash.py``.

Run as ``python -m tests.trust.crash_child import FILE --db URL``. It drops a marker
file in ``UNIONSTATS_TEST_MARKERS`` when the first fact row is sent to the database
(``inserting``) and just before that transaction commits (``committing``); there it
sleeps, so the parent can kill it with everything written but nothing committed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

MARKERS = Path(os.environ["UNIONSTATS_TEST_MARKERS"])
_state = {"inserting": False}


def _mark(name: str) -> None:
    (MARKERS / name).touch()


@event.listens_for(Engine, "before_cursor_execute")
def _before_execute(conn, cursor, statement, parameters, context, executemany) -> None:
    if not _state["inserting"] and statement.lstrip().upper().startswith("INSERT INTO WELFARE"):
        _state["inserting"] = True
        _mark("inserting")


@event.listens_for(Engine, "commit")
def _before_commit(conn) -> None:
    if _state["inserting"]:
        _mark("committing")
        time.sleep(600)  # the parent kills us here


if __name__ == "__main__":
    from unionstats.cli.main import main

    sys.exit(main(sys.argv[1:]))
