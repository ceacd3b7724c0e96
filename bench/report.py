"""The results of ``python -m bench`` as a plain-text table (what the runner prints)."""

from __future__ import annotations

from bench.app import table as app_table
from bench.imports import PANDAS_OVER_UNIONSTATS_TARGET, RSS_TARGET_MB, UNIONSTATS_OVER_CALAMINE_TARGET


def table(results: dict) -> str:
    """Every measured part of ``results`` (the runner's results.json) as text."""
    lines = [f"unionstats 性能基准 · scale {results['scale']} · {results['statistic']}"]
    m = results["machine"]
    lines.append(
        f"机器:{m['cpu']},{m['cores']} 核,{m['memory_gb']} GB;Python {m['python']},"
        f"pandas {m['packages'].get('pandas')},python-calamine {m['packages'].get('python-calamine')};"
        f"commit {str(m['commit'])[:10]}{'(有未提交的修改)' if m['worktree_changed'] else ''}"
    )
    for name, made in results.get("generation", {}).items():
        seconds = made.get("seconds")
        lines.append(
            f"生成 {name}:{made.get('files', made.get('rows'))} {'个文件' if 'files' in made else '行'},"
            f"{made['bytes'] / 1024**2:.1f} MB,用时 {seconds if seconds is not None else '?'} 秒"
        )
    if "imports" in results:
        lines += ["", _imports(results["imports"])]
    if "files" in results:
        lines += ["", _files(results["files"])]
    if "growth" in results:
        lines += ["", _growth(results["growth"])]
    if "app" in results:
        lines += ["", _app(results["app"])]
    for name in ("dashboard", "postgres"):
        if name in results:
            lines += ["", f"{name}: " + _short(results[name])]
    return "\n".join(lines)


def _imports(imports: dict) -> str:
    header = (
        f"{'台账行数':>10} {'文件MB':>7} | {'(a)pandas s':>11} {'RSS MB':>7} | {'(b)calamine s':>13} {'RSS MB':>7} | "
        f"{'(c)unionstats s':>15} {'RSS MB':>7} | {'a/c':>6} {'c/b':>6} | 目标"
    )
    rows = [header, "-" * len(header)]
    for rows_text, r in imports.items():
        a, b, c = r["pandas_openpyxl"], r["calamine"], r["unionstats"]
        targets = r["targets"]
        verdict = ", ".join(
            [
                f"a/c≥{PANDAS_OVER_UNIONSTATS_TARGET:g} {_yes(targets['pandas_over_unionstats'])}",
                f"c/b≤{UNIONSTATS_OVER_CALAMINE_TARGET:g} {_yes(targets['unionstats_over_calamine'])}",
                f"RSS≤{RSS_TARGET_MB:g}MB {_yes(targets['unionstats_rss'])}",
                f"行数 {_yes(targets['rows_stored'])}",
            ]
        )
        rows.append(
            f"{int(rows_text):>10,} {r['bytes'] / 1024**2:>7.1f} | {a['seconds']:>11.2f} {a['peak_rss_mb']:>7.0f} | "
            f"{b['seconds']:>13.2f} {b['peak_rss_mb']:>7.0f} | {c['seconds']:>15.2f} {c['peak_rss_mb']:>7.0f} | "
            f"{r['ratios']['pandas_over_unionstats']:>6.2f} {r['ratios']['unionstats_over_calamine']:>6.2f} | {verdict}"
        )
    return "\n".join(rows)


def _files(files: dict) -> str:
    one, single = files["one_call"], files["single_calls"]
    return (
        f"{files['files']} 个单位自报台账({files['rows']:,} 行):一次导入 {one['seconds']:.2f} s(RSS {one['peak_rss_mb']:.0f} MB),"
        f"逐个导入之和 {single['seconds']:.2f} s;之比 {files['single_over_one_call']:.1f} 倍"
        f"({files['single_calls_store']});行数 {_yes(files['rows_stored'])}"
    )


def _growth(growth: dict) -> str:
    lines = [f"{'规模':>16} | {'入库行数':>10} | {'导入 s':>9} | {'指标 s (全部/上级/单位)':>28} | {'RSS MB':>7}"]
    for point in growth["rows"] + growth["units"]:
        label = f"{point['rows']:,} 行台账" if "rows" in point else f"{point['units']:,} 个单位"
        by = point["metrics"]
        detail = "/".join(f"{by[g]['seconds']:.2f}" for g in ("all", "parent", "unit"))
        lines.append(
            f"{label:>16} | {point['stored']:>10,} | {point['import_seconds']:>9.2f} | "
            f"{point['metrics_seconds']:>8.2f} ({detail:>17}) | {point['peak_rss_mb']:>7.0f}"
        )
    lines.append(f"增长图:{growth.get('plot') or growth.get('plot_error')}")
    return "\n".join(lines)


def _app(app: dict) -> str:
    if "bare" not in app:  # skipped, or an error
        return "app: " + _short(app)
    return app_table(app)


def _yes(met: bool) -> str:
    return "达到" if met else "未达到"


def _short(outcome: dict) -> str:
    text = ", ".join(f"{k}={v}" for k, v in outcome.items() if not isinstance(v, (dict, list)))
    return text[:500]
