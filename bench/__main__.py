"""python -m bench: measure unionstats's import and metrics (issue 6) and write the results.

    python -m bench                          # the city scale: all parts (about an hour)
    python -m bench --scale tiny             # seconds: checks that everything runs
    python -m bench --only imports --repeat 5
    python -m bench --scale small --out /tmp/bench

Parts (``--only``, comma-separated): imports (ledgers side by side), files (one-unit files
together vs one by one), growth (import and metrics time against rows and units, with
the plot), app (start-up and page switch against a bare Streamlit app, ``bench/app.py``),
dashboard and postgres (``bench/dashboard.py`` / ``bench/postgres.py``; each of the three
``run(scale_name, out_dir) -> dict``, skipped with a note when the module is missing).

Writes ``results.json`` (after each part, so an interrupted run keeps what it measured)
and the growth plot: by default ``bench/results.json`` and ``docs/performance-growth.png``,
with ``--out DIR`` both in DIR. Every timing is the median of the repeats; peak RSS is the
largest of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

from bench import growth, imports, report
from bench.generate import city_dir, city_files, generation_seconds, ledger_file
from bench.measure import REPO_ROOT, machine
from bench.scales import BENCH_SCALES
from unionstats.sample import DEFAULT_SEED

PARTS = ("imports", "files", "growth", "app", "dashboard", "postgres")
HOOKS = ("app", "dashboard", "postgres")
DEFAULT_RESULTS = REPO_ROOT / "bench" / "results.json"
DEFAULT_PLOT = REPO_ROOT / "docs" / "performance-growth.png"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="unionstats 性能基准(issue 6)")
    parser.add_argument("--scale", choices=sorted(BENCH_SCALES), default="city", help="规模(默认 city)")
    parser.add_argument("--only", help=f"只运行这些部分,逗号分隔:{','.join(PARTS)}")
    parser.add_argument("--repeat", type=int, default=3, help="每项计时重复次数,取中位数(默认 3)")
    parser.add_argument(
        "--slow-repeat", type=int, default=1, help="最慢几项的重复次数:最大台账的 pandas 读取、逐个导入之和(默认 1)"
    )
    parser.add_argument("--out", type=Path, help="results.json 和增长图写到此目录(默认 bench/ 与 docs/)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    parts = PARTS if not args.only else tuple(p.strip() for p in args.only.split(",") if p.strip())
    unknown = set(parts) - set(PARTS)
    if unknown:
        build_parser().error(f"不认识的部分:{', '.join(sorted(unknown))}(可选 {', '.join(PARTS)})")
    if args.repeat < 1 or args.slow_repeat < 1:
        build_parser().error("--repeat 和 --slow-repeat 至少为 1")
    scale = BENCH_SCALES[args.scale]
    results_path = args.out / "results.json" if args.out else DEFAULT_RESULTS
    plot_path = args.out / "performance-growth.png" if args.out else DEFAULT_PLOT
    started = time.perf_counter()

    results: dict = {
        "schema": 1,
        "scale": scale.name,
        "seed": args.seed,
        "parts": list(parts),
        "started_at": dt.datetime.now().isoformat(timespec="seconds"),
        "statistic": f"wall time: median of {args.repeat} runs ({args.slow_repeat} for the slowest: pandas on the largest "
        "ledger, the one-by-one imports); peak RSS: the largest of the runs",
        "machine": machine(),
    }
    say = _printer()

    def save() -> None:
        results["seconds"] = round(time.perf_counter() - started, 1)
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    say(f"规模 {scale.name}:准备数据(已生成的从 bench/out/ 读取)")
    generation: dict = {}
    city = city_files(scale.city, args.seed)
    generation["city"] = {
        "scale": scale.city.key,
        "files": len(city.paths),
        "bytes": sum(p.stat().st_size for p in city.paths),
        "seconds": generation_seconds(city_dir(scale.city, args.seed)),
    }
    ledger_rows = sorted(set(scale.ledgers if "imports" in parts else ()) | set(scale.growth_rows if "growth" in parts else ()))
    ledgers = {}
    for rows in ledger_rows:
        ledgers[rows] = ledger_file(rows, args.seed, scale.city)
        generation[f"ledger_{rows}"] = {
            "rows": rows,
            "sheets": list(ledgers[rows].sheets),
            "bytes": ledgers[rows].path.stat().st_size,
            "seconds": generation_seconds(ledgers[rows].path),
        }
    results["generation"] = generation
    save()

    if "imports" in parts:
        results["imports"] = {}
        for rows in scale.ledgers:
            say(f"台账 {rows:,} 行:三种方式各在新进程中读取/导入同一文件")
            pandas_repeat = args.slow_repeat if rows == max(scale.ledgers) else args.repeat
            results["imports"][str(rows)] = imports.side_by_side(ledgers[rows].path, rows, args.repeat, pandas_repeat, say)
            save()

    if "files" in parts:
        say(f"{len(city.own_ledgers)} 个单位自报台账:一次导入 vs 逐个导入")
        rows_of = {f["file"]: f["rows"] for f in city.files}
        expected = sum(rows_of[p.name] for p in city.own_ledgers)
        results["files"] = imports.many_files(city.own_ledgers, expected, args.repeat, args.slow_repeat, say)
        save()

    if "growth" in parts:
        results["growth"] = _growth(scale, ledgers, args.seed, plot_path, say)
        save()

    for name in HOOKS:
        if name in parts:
            results[name] = _hook(name, scale.name, results_path.parent, say)
            save()

    save()
    print()
    print(report.table(results))
    say(f"结果已写入 {results_path}")
    return 0


def _growth(scale, ledgers, seed: int, plot_path: Path, say) -> dict:
    by_rows = []
    for rows in scale.growth_rows:
        point = growth.measure([ledgers[rows].path])
        point["rows"] = rows
        by_rows.append(point)
        say(f"  增长:台账 {rows:>9,} 行  导入 {point['import_seconds']:8.2f} s  指标 {point['metrics_seconds']:6.2f} s")
    by_units = []
    for units_scale in scale.growth_units:
        city = city_files(units_scale, seed)
        point = growth.measure(city.paths)
        point.update(
            units=units_scale.units,
            parents=units_scale.parents,
            years=units_scale.years,
            rows_expected=sum(f["rows"] for f in city.files),
        )
        by_units.append(point)
        say(
            f"  增长:{units_scale.units:>6,} 个单位  导入 {point['import_seconds']:8.2f} s  指标 {point['metrics_seconds']:6.2f} s"
        )
    result = {"rows": by_rows, "units": by_units, "plot": None}
    try:
        growth.plot(by_rows, by_units, plot_path)
        result["plot"] = _shown(plot_path)
    except Exception as error:  # no Chromium: the numbers still count
        result["plot_error"] = f"{type(error).__name__}: {error}"
        say(f"  增长图未生成:{error}")
    return result


def _hook(name: str, scale_name: str, out_dir: Path, say) -> dict:
    """Run ``bench.<name>.run(scale_name, out_dir)`` if that module exists."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"bench.{name}":
            raise
        say(f"跳过 {name}:没有 bench/{name}.py")
        return {"skipped": f"bench/{name}.py not found"}
    if not hasattr(module, "run"):
        say(f"跳过 {name}:bench/{name}.py 没有 run(scale, out_dir)")
        return {"skipped": f"bench/{name}.py has no run()"}
    say(f"运行 bench/{name}.py")
    started = time.perf_counter()
    try:
        outcome = module.run(scale_name, out_dir)
    except Exception:
        say(f"  bench/{name}.py 出错:\n{traceback.format_exc()}")
        return {"error": traceback.format_exc(limit=5)}
    return {"seconds": round(time.perf_counter() - started, 2), **(outcome or {})}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _printer():
    started = time.perf_counter()

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:7.1f}s] {text}", flush=True)

    return say


if __name__ == "__main__":
    sys.exit(main())
