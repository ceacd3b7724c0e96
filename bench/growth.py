"""How cost grows (issue 6, item 4): import and metrics time against ledger rows and units.

Each point is a fresh child process (``python -m bench.growth FILE… --db URL``) that
imports the files into a fresh SQLite store with ``unionstats.importer.import_files`` and
then times ``unionstats.metrics.compute.compute_metrics`` by all, by parent and by unit; the
times are taken inside the child (``time.perf_counter``), so interpreter start-up is not
in them. ``plot`` draws both curves on log-log axes as a PNG.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.measure import python, run_child

METRIC_GROUPINGS = ("all", "parent", "unit")
SECONDS_TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def measure(paths: Sequence[Path]) -> dict:
    """Import ``paths`` into a fresh store in a child process; its timings and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="bench-growth-") as scratch:
        run = run_child(python("-m", "bench.growth", *paths, "--db", f"sqlite:///{Path(scratch) / 'store.db'}"))
    result = json.loads(run.stdout)
    result["peak_rss_mb"] = round(run.peak_rss_mb, 1)
    return result


def child(paths: Sequence[Path], url: str) -> dict:
    """Runs in the child: import, then every metric by each grouping; seconds of each."""
    from unionstats.importer import import_files
    from unionstats.metrics.compute import compute_metrics
    from unionstats.store import open_store

    engine = open_store(url)  # the empty store's migrations are not part of the import's time
    started = time.perf_counter()
    reports = import_files(paths, url=url)
    import_seconds = time.perf_counter() - started
    sheets = [s for r in reports for s in r["sheets"]]
    metrics = {}
    for by in METRIC_GROUPINGS:
        started = time.perf_counter()
        table = compute_metrics(engine, by=by)
        metrics[by] = {"seconds": round(time.perf_counter() - started, 4), "records": len(table)}
    return {
        "files": len(paths),
        "statuses": sorted({r["status"] for r in reports}),
        "stored": sum(s["stored"] for s in sheets),
        "rejected": sum(s["rejected"] for s in sheets),
        "warned": sum(s["warned"] for s in sheets),
        "import_seconds": round(import_seconds, 4),
        "metrics": metrics,
        "metrics_seconds": round(sum(m["seconds"] for m in metrics.values()), 4),
    }


def plot(by_rows: list[dict], by_units: list[dict], out: Path) -> Path:
    """Two log-log panels: seconds against ledger rows, and against units. Writes a PNG."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from unionstats.output.charts import FONT_FAMILY
    from unionstats.report.images import figure_png

    figure = make_subplots(
        rows=1, cols=2, subplot_titles=("帮扶慰问台账:单个文件的行数", "城市规模:单位数(全部文件)"), horizontal_spacing=0.1
    )
    series = (
        ("import_seconds", "导入(读取、清洗、校验、入库)", "#1f77b4"),
        ("metrics_seconds", "指标计算(全部/上级工会/单位)", "#d62728"),
    )
    for column, (points, x_key) in enumerate(((by_rows, "rows"), (by_units, "units")), start=1):
        for key, name, colour in series:
            figure.add_trace(
                go.Scatter(
                    x=[p[x_key] for p in points],
                    y=[p[key] for p in points],
                    name=name,
                    mode="lines+markers",
                    line={"color": colour},
                    showlegend=column == 1,
                ),
                row=1,
                col=column,
            )
        figure.update_xaxes(
            type="log",
            row=1,
            col=column,
            title_text="行数" if x_key == "rows" else "单位数",
            tickvals=[p[x_key] for p in points],
            ticktext=[f"{p[x_key]:,}" for p in points],
        )
        seconds = [p[key] for p in points for key, _, _ in series]
        ticks = [t for t in SECONDS_TICKS if min(seconds) / 2 <= t <= max(seconds) * 2]
        figure.update_yaxes(
            type="log",
            row=1,
            col=column,
            title_text="秒" if column == 1 else None,
            tickvals=ticks,
            ticktext=[f"{t:g}" for t in ticks],
        )
    figure.update_layout(
        title="unionstats 耗时随规模增长(SQLite,对数坐标;每点一个新进程、新库)",
        font={"family": FONT_FAMILY, "size": 13},
        legend={"orientation": "h", "y": -0.2},
        width=1000,
        height=460,
        margin={"l": 60, "r": 20, "t": 80, "b": 90},
        template="plotly_white",
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(figure_png(figure, width=1000, height=460, scale=2))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.growth", description="一个增长测量点(由 python -m bench 调用)")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--db", required=True)
    args = parser.parse_args(argv)
    print(json.dumps(child(args.files, args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
