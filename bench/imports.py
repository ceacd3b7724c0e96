"""Import side by side (issue 6, item 2), each measurement a fresh process on the same file.

(a) ``pandas.read_excel(path, engine="openpyxl", sheet_name=None)`` reading alone — what a
    typical Streamlit dashboard does; (b) python-calamine reading every sheet alone
    (``to_python()``) — the reader's limit; (c) ``python -m unionstats import FILE`` into a
    fresh SQLite store — read, clean, validate and store.

And many one-unit files: ``python -m unionstats import f1 … fN`` in one call, against N
calls of one file each into one store (fresh before the first; what a user importing the
files one at a time does).
"""

from __future__ import annotations

import compileall
import json
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path

import unionstats
from bench.measure import Run, python, run_child, summarise

# Targets of issue 6, raised by issue 18
PANDAS_OVER_UNIONSTATS_TARGET = 5.0  # (a)/(c) at least (issue 18; issue 6 asked 4)
UNIONSTATS_OVER_CALAMINE_TARGET = 2.0  # (c)/(b) at most
RSS_TARGET_MB = 1024.0  # (c) on the largest ledger, MiB

READ_WITH_PANDAS = "import sys, pandas; pandas.read_excel(sys.argv[1], engine='openpyxl', sheet_name=None)"
READ_WITH_CALAMINE = (
    "import sys, python_calamine\n"
    "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
    "for name in book.sheet_names:\n"
    "    book.get_sheet_by_name(name).to_python()\n"
)


def compile_unionstats() -> None:
    """Write the bytecode of ``unionstats/`` before (c) is timed, as an installed package has it.

    pandas, openpyxl and calamine are measured with their compiled bytecode (pip writes it);
    without ours every (c) run would first compile the whole package from source — 0.2–0.5 s
    on the bench machine, where PYTHONDONTWRITEBYTECODE=1 keeps Python from caching it.
    Python still reads bytecode that exists, and compileall writes it whatever that setting."""
    compileall.compile_dir(Path(unionstats.__file__).parent, quiet=1)


def pandas_read(path: Path) -> Run:
    return run_child(python("-c", READ_WITH_PANDAS, path))


def calamine_read(path: Path) -> Run:
    return run_child(python("-c", READ_WITH_CALAMINE, path))


def unionstats_import(paths: Sequence[Path], db_file: Path) -> tuple[Run, dict]:
    """``python -m unionstats import … --json`` into ``db_file``; the run and its report."""
    run = run_child(python("-m", "unionstats", "import", *paths, "--db", f"sqlite:///{db_file}", "--json"))
    return run, json.loads(run.stdout)


def stored_rows(report: dict) -> dict:
    """Rows stored / rejected / warned, and files by status, of an import report."""
    sheets = [s for f in report["files"] for s in f["sheets"]]
    statuses: dict[str, int] = {}
    for f in report["files"]:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    return {
        "stored": sum(s["stored"] for s in sheets),
        "rejected": sum(s["rejected"] for s in sheets),
        "warned": sum(s["warned"] for s in sheets),
        "files": statuses,
    }


def side_by_side(path: Path, expected_rows: int, repeat: int, pandas_repeat: int, say) -> dict:
    """(a), (b) and (c) on one ledger file, each ``repeat`` times (pandas ``pandas_repeat``)."""
    compile_unionstats()
    result: dict = {"file": path.name, "bytes": path.stat().st_size, "rows": expected_rows}
    runs: dict[str, list[Run]] = {"pandas_openpyxl": [], "calamine": [], "unionstats": []}
    counts = None
    with tempfile.TemporaryDirectory(prefix="bench-import-") as scratch:
        for attempt in range(max(repeat, pandas_repeat)):
            if attempt < pandas_repeat:
                runs["pandas_openpyxl"].append(pandas_read(path))
                say(f"    (a) pandas+openpyxl  {runs['pandas_openpyxl'][-1].seconds:8.2f} s")
            if attempt < repeat:
                runs["calamine"].append(calamine_read(path))
                say(f"    (b) calamine         {runs['calamine'][-1].seconds:8.2f} s")
                db_file = Path(scratch) / f"store-{attempt}.db"
                run, report = unionstats_import([path], db_file)
                db_file.unlink()
                runs["unionstats"].append(run)
                counts = stored_rows(report)
                say(f"    (c) unionstats       {run.seconds:8.2f} s  ({counts['stored']:,} 行入库)")
    for name, measured in runs.items():
        result[name] = summarise(measured)
    result["unionstats"]["import"] = counts
    a, b, c = (result[name]["seconds"] for name in ("pandas_openpyxl", "calamine", "unionstats"))
    result["ratios"] = {"pandas_over_unionstats": round(a / c, 2), "unionstats_over_calamine": round(c / b, 2)}
    result["targets"] = {
        "pandas_over_unionstats": a / c >= PANDAS_OVER_UNIONSTATS_TARGET,
        "unionstats_over_calamine": c / b <= UNIONSTATS_OVER_CALAMINE_TARGET,
        "unionstats_rss": result["unionstats"]["peak_rss_mb"] <= RSS_TARGET_MB,
        "rows_stored": counts is not None and counts["stored"] == expected_rows and counts["rejected"] == 0,
    }
    return result


def many_files(paths: Sequence[Path], expected_rows: int, repeat: int, single_repeat: int, say) -> dict:
    """All ``paths`` in one call (``repeat`` times, each into a fresh store) against the
    sum of one call per file (``single_repeat`` times), the calls of a round sharing one
    store, fresh before its first call."""
    result: dict = {
        "files": len(paths),
        "rows": expected_rows,
        "single_calls_store": "one store for the whole round, fresh before its first call",
    }
    with tempfile.TemporaryDirectory(prefix="bench-files-") as scratch:
        together = []
        for attempt in range(repeat):
            db_file = Path(scratch) / f"together-{attempt}.db"
            run, report = unionstats_import(paths, db_file)
            db_file.unlink()
            together.append(run)
            counts = stored_rows(report)
            say(f"    一次导入 {len(paths)} 个文件  {run.seconds:8.2f} s  ({counts['stored']:,} 行入库)")
        result["one_call"] = summarise(together)
        result["one_call"]["import"] = counts

        rounds = []
        for attempt in range(single_repeat):
            db_file = Path(scratch) / f"single-{attempt}.db"
            calls = []
            stored = 0
            for path in paths:
                run, report = unionstats_import([path], db_file)
                calls.append(run)
                stored += stored_rows(report)["stored"]
            db_file.unlink()
            total = sum(r.seconds for r in calls)
            rounds.append(
                {"seconds": round(total, 4), "peak_rss_mb": round(max(r.peak_rss_mb for r in calls), 1), "stored": stored}
            )
            say(f"    逐个导入 {len(paths)} 次之和  {total:8.2f} s  ({stored:,} 行入库)")
    result["single_calls"] = {
        "seconds": round(statistics.median(r["seconds"] for r in rounds), 4),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in rounds),
        "rounds": rounds,
    }
    result["single_over_one_call"] = round(result["single_calls"]["seconds"] / result["one_call"]["seconds"], 2)
    result["rows_stored"] = counts["stored"] == expected_rows and all(r["stored"] == expected_rows for r in rounds)
    return result
