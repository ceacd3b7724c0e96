"""The dashboard at city scale (issue 6, item 3): 概览's first paint and its rerun after a
filter change, the other main pages, and 单位对比 at 10,000 units, timed two ways.

    python -m bench.dashboard                  # the city: 10,000 units, 50 上级工会, 5 years
    python -m bench.dashboard --scale tiny     # seconds: checks that it runs

- **AppTest** (``streamlit.testing``), in a fresh child process: ``run()`` of a new
  session is the first paint (cold: the process's first, with its imports and every query;
  warm: a second session on the caches the first one filled). AppTest (Streamlit 1.67) runs
  the entry script only on a session's first run, so a filter change is a new session whose
  filter widgets are preset (what the user's choice leaves in ``st.session_state``) after a
  session with the default filters filled the caches. AppTest costs about a fifth of a
  second around any script, even an empty one; ``harness_seconds`` says how much here.
- **Browser**: ``streamlit run dashboard.py`` on a free port and Debian's Chromium
  (``/usr/bin/chromium``, driven by Playwright): the time from opening the address to the
  KPI cards and to the last chart drawn, and from a choice in the sidebar to the page
  redrawn. The server is ended by its PID.

Both use a private copy of the city's store (``bench.stores.city_store``: the generated
city imported once and cached under ``bench/out/``). ``run(scale, out_dir)`` returns the
numbers (``python -m bench`` puts them in results.json under "dashboard") and, at city
scale, saves 单位对比 as docs/screenshots/compare-city.png (else in ``out_dir``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.measure import REPO_ROOT, python, run_child
from bench.scales import BENCH_SCALES
from bench.stores import city_store

TARGETS = {"first_paint_seconds": 3.0, "rerun_seconds": 0.3}
# the main pages after 概览: (file in views/, url path, title)
PAGES = (
    ("membership", "会员"),
    ("dues", "经费"),
    ("welfare", "帮扶慰问"),
    ("competitions", "竞赛"),
    ("compare", "单位对比"),
    ("report", "报告"),
)
CHROMIUM = "/usr/bin/chromium"
SERVER_START_TIMEOUT = 120  # seconds
# 概览 leaves out a card without figures for the scope (issue 16): the cards are there once
# the first one is and the run is idle
CARDS = 1
PAGE_TIMEOUT_MS = 180_000  # one wait in the browser; a city's first 单位对比 takes seconds, not minutes
SCREENSHOT = REPO_ROOT / "docs" / "screenshots" / "compare-city.png"


def run(scale: str = "city", out_dir: Path | None = None) -> dict:
    """Measure the dashboard on ``scale``'s city (a name of ``bench.scales.BENCH_SCALES``)."""
    city = BENCH_SCALES[scale].city
    store = city_store(city)
    shot = SCREENSHOT if scale == "city" else Path(out_dir or tempfile.gettempdir()) / "compare-city.png"
    result = {
        "scale": city.key,
        "units": city.units,
        "parents": city.parents,
        "years": city.years,
        "store_mb": round(store.stat().st_size / 1e6, 1),
        "targets": TARGETS,
    }
    for part in ("apptest", "browser"):
        with private_copy(store) as url:
            extra = ("--screenshot", str(shot)) if part == "browser" else ()
            done = run_child(python("-m", "bench.dashboard", "--child", part, "--db", url, *extra), env=_env())
            result[part] = json.loads(done.stdout.strip().splitlines()[-1])
            result[part]["peak_rss_mb"] = round(done.peak_rss_mb, 1)
    result["screenshot"] = _shown(shot)
    result["verdict"] = verdict(result)
    return result


def verdict(result: dict) -> dict:
    """Each target against the browser's and AppTest's numbers: met, or missed by how much."""
    rows = {}
    checks = {
        "first_paint_browser": (result["browser"]["first_paint"]["cards_seconds"], TARGETS["first_paint_seconds"]),
        "first_paint_apptest": (result["apptest"]["first_paint"]["cold_seconds"], TARGETS["first_paint_seconds"]),
        "rerun_browser": (result["browser"]["rerun"]["year_seconds"], TARGETS["rerun_seconds"]),
        "rerun_browser_parent": (result["browser"]["rerun"]["parent_seconds"], TARGETS["rerun_seconds"]),
        "rerun_apptest": (result["apptest"]["rerun"]["years_seconds"], TARGETS["rerun_seconds"]),
    }
    for name, (seconds, target) in checks.items():
        rows[name] = {
            "seconds": seconds,
            "target": target,
            "met": seconds <= target,
            "over_by": round(max(0.0, seconds - target), 3),
        }
    return rows


# --- AppTest (runs in the child) -----------------------------------------------------------


def apptest_child(url: str) -> dict:
    """AppTest timings of 概览, the filters, the pages and 单位对比 on the store at ``url``."""
    os.environ["UNIONSTATS_DB_URL"] = url
    from streamlit.testing.v1 import AppTest

    def session(**widgets) -> tuple[AppTest, float]:
        app = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=900)
        for key, value in widgets.items():
            app.session_state[key] = value
        started = time.perf_counter()
        app.run()
        seconds = time.perf_counter() - started
        _check(app, "概览")
        return app, round(seconds, 3)

    def timed(step, what: str) -> float:
        started = time.perf_counter()
        app = step()
        seconds = time.perf_counter() - started
        _check(app, what)
        return round(seconds, 3)

    out: dict = {}
    _, cold = session()  # the process's first: its imports, the store opened, every query
    _, warm = session()
    out["first_paint"] = {"cold_seconds": cold, "warm_seconds": warm}

    from unionstats.metrics.catalog import fund_types, unit_tree, years
    from unionstats.store import open_store

    engine = open_store(url)
    all_years, tree, funds = years(engine), unit_tree(engine), fund_types(engine)
    last = all_years[-1]
    parent = sorted(tree["parent"].unique())[0]
    unit = tree["unit"].iloc[len(tree) // 2]
    shorter = (all_years[max(0, len(all_years) - 5)], all_years[-2]) if len(all_years) > 1 else (last, last)
    rerun = {
        "years_seconds": session(filter_years=shorter)[1],
        "parent_seconds": session(filter_parents=[parent])[1],
        "unit_seconds": session(filter_units=[unit])[1],
    }
    if len(funds) > 1:
        rerun["fund_type_seconds"] = session(filter_fund_type=funds[-1])[1]
    rerun["parent_again_seconds"] = session(filter_parents=[parent])[1]
    out["rerun"] = rerun
    out["rerun_filters"] = {"years": list(shorter), "parent": parent, "unit": unit, "fund_type": funds[-1] if funds else None}

    pages = {}
    for name, title in PAGES:
        first = timed(lambda name=name: session()[0].switch_page(f"views/{name}.py").run(), title)
        again = timed(lambda name=name: session()[0].switch_page(f"views/{name}.py").run(), title)
        pages[name] = {"first_seconds": first, "again_seconds": again}
    out["pages"] = pages

    compare: dict = {}
    app = session()[0].switch_page("views/compare.py").run()
    compare["grouping_shown_first"] = app.radio(key="compare_by").value
    compare["by_unit_first_seconds"] = timed(lambda: app.radio(key="compare_by").set_value("按单位").run(), "单位对比 按单位")
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    compare["ranking_rows_shown"] = len(ranking)
    compare["charts"] = len(app.get("plotly_chart"))
    compare["by_unit_again_seconds"] = timed(lambda: app.run(), "单位对比 按单位")
    search = unit[2:5]
    compare["search_seconds"] = timed(lambda: app.text_input(key="ranking_search").input(search).run(), "单位对比 查找")
    compare["search_cleared_seconds"] = timed(lambda: app.text_input(key="ranking_search").input("").run(), "单位对比 查找")
    out["compare"] = compare

    empty = AppTest.from_string("import streamlit as st\nst.title('空')", default_timeout=60)
    started = time.perf_counter()
    empty.run()
    out["harness_seconds"] = round(time.perf_counter() - started, 3)
    return out


def _check(app, what: str) -> None:
    if app.exception:
        raise RuntimeError(f"{what}: {app.exception[0].value}")


# --- the browser (runs in the child) -------------------------------------------------------


def browser_child(url: str, screenshot: Path | None) -> dict:
    """Chromium against ``streamlit run dashboard.py`` on the store at ``url``."""
    from playwright.sync_api import sync_playwright

    from unionstats.metrics.catalog import unit_tree
    from unionstats.store import close_store, open_store

    parents = sorted(unit_tree(open_store(url))["parent"].unique())[:2]
    close_store(url)
    out: dict = {}
    with streamlit_server(url) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        try:
            # cold: the server's first session and a browser that has never loaded Streamlit;
            # warm: new sessions (tabs) of a browser that has, on the caches the first filled
            context, _ = _new_page(chromium)
            cold = _first_paint(context, base)
            warm = [_first_paint(context, base) for _ in range(3)]
            context.close()
            out["first_paint"] = {
                "cards_seconds": cold["cards"],
                "drawn_seconds": cold["drawn"],
                "warm_cards_seconds": _median([w["cards"] for w in warm]),
                "warm_drawn_seconds": _median([w["drawn"] for w in warm]),
            }
            context, page = _new_page(chromium)
            page.goto(base)
            _wait_drawn(page)
            # each 上级工会 the first time (its figures asked of the database), then again (cached)
            first = []
            for parent in parents:
                first.append(_choose_parent(page, parent))
                _clear_parent(page, parent)
            again = []
            for parent in parents:
                again.append(_choose_parent(page, parent))
                again.append(_clear_parent(page, parent))
            years = [_move_year(page, "ArrowLeft" if i % 2 == 0 else "ArrowRight") for i in range(6)]
            out["rerun"] = {
                "parent_seconds": _median(first),
                "parent_again_seconds": _median(again),
                "year_seconds": _median(years),
                "runs": {"parent": first, "parent_again": again, "year": years},
            }
            context.close()
            out["compare"] = _compare(chromium, base, screenshot)
        finally:
            chromium.close()
    return out


@contextmanager
def streamlit_server(store_url: str, *, script: str = "dashboard.py", cwd: Path = REPO_ROOT) -> Iterator[str]:
    """`streamlit run dashboard.py` (or ``script``, run in ``cwd``) on a free port against
    ``store_url``; ended by its PID."""
    port = _free_port()
    env = {**_env(), "UNIONSTATS_DB_URL": store_url}
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", script,
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"streamlit did not start:\n{log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _new_page(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    return context, page


_IDLE = (
    "() => { const s = document.querySelector('[data-testid=stStatusWidget]'); return !s || !s.innerText.includes('Running'); }"
)


def _first_paint(context, base: str) -> dict:
    """Seconds from opening 概览 in a new tab (a new session) to its KPI cards, and to its last chart."""
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        started = time.perf_counter()
        page.goto(base)
        page.wait_for_function(f"() => document.querySelectorAll('[data-testid=stMetric]').length >= {CARDS}", polling="raf")
        page.wait_for_function(_IDLE, polling="raf")
        cards = time.perf_counter() - started
        _wait_drawn(page)
        drawn = time.perf_counter() - started
        return {"cards": round(cards, 3), "drawn": round(drawn, 3)}
    finally:
        page.close()


def _wait_drawn(page) -> None:
    """The script run has finished and every chart of 概览 is drawn."""
    page.wait_for_function(_IDLE, polling="raf")
    page.wait_for_function(
        "() => { const charts = document.querySelectorAll('[data-testid=stPlotlyChart]');"
        " return charts.length > 0 && [...charts].every(c => c.querySelector('.main-svg')); }",
        polling="raf",
    )


def _caption(page) -> str:
    return page.locator("[data-testid=stMain] [data-testid=stCaptionContainer]").first.inner_text()


def _redrawn(page, before: str, started: float) -> float:
    """Seconds since ``started`` until the run is over and the cards no longer read ``before``
    (there may be none: 概览 leaves out the cards a scope has no figures for)."""
    page.wait_for_function(
        "([before, idle]) => { const s = document.querySelector('[data-testid=stStatusWidget]');"
        " const running = s && s.innerText.includes('Running');"
        " const cards = [...document.querySelectorAll('[data-testid=stMetric]')].map(c => c.innerText).join('|');"
        " return !running && cards !== before"
        " && !document.querySelector('[data-stale=true]'); }",
        arg=[before, None],
        polling="raf",
    )
    return round(time.perf_counter() - started, 3)


def _cards(page) -> str:
    return page.evaluate("() => [...document.querySelectorAll('[data-testid=stMetric]')].map(c => c.innerText).join('|')")


def _choose_parent(page, parent: str) -> float:
    """Pick ``parent`` in the sidebar's 上级工会 list; seconds from the pick to 概览 redrawn."""
    page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
    option = page.get_by_role("option", name=parent, exact=True)
    option.wait_for()
    before = _cards(page)
    started = time.perf_counter()
    option.click()
    seconds = _redrawn(page, before, started)
    page.keyboard.press("Escape")
    page.wait_for_function(_IDLE, polling="raf")
    return seconds


def _clear_parent(page, parent: str) -> float:
    """Remove the chosen 上级工会 again (back to all); seconds to 概览 redrawn."""
    before = _cards(page)
    remove = page.locator("[data-testid=stSidebar]").get_by_role("button", name=f"Remove {parent}")
    started = time.perf_counter()
    remove.click()
    seconds = _redrawn(page, before, started)
    page.wait_for_function(_IDLE, polling="raf")
    return seconds


def _move_year(page, key: str) -> float:
    """Move the year range's upper end one year (``key`` ArrowLeft / ArrowRight); seconds to 概览 redrawn."""
    thumbs = page.locator("[data-testid=stSidebar] input[type=range]")
    thumbs.last.focus()
    before = _cards(page)
    started = time.perf_counter()
    page.keyboard.press(key)
    return _redrawn(page, before, started)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def _compare(chromium, base: str, screenshot: Path | None) -> dict:
    """单位对比: the first visit (上级工会 at city scale), then 按单位 with its ranking; a screenshot."""
    context, page = _new_page(chromium)
    try:
        page.goto(base)
        _wait_drawn(page)
        started = time.perf_counter()
        page.locator("[data-testid=stSidebarNav]").get_by_text("单位对比", exact=True).click()
        page.get_by_role("heading", name="单位对比", exact=True).first.wait_for()
        page.wait_for_function(_IDLE, polling="raf")
        page.locator("[data-testid=stPlotlyChart] .main-svg").first.wait_for()
        out = {"first_seconds": round(time.perf_counter() - started, 3)}
        # the other grouping: 按单位 when the page opened on the 上级工会 (a city), else back
        opened_on_parents = page.get_by_role("tab", name="上级工会详情").count() > 0
        other, tab = ("按单位", "单位详情") if opened_on_parents else ("按上级工会", "上级工会详情")
        started = time.perf_counter()
        page.get_by_text(other, exact=True).click()
        page.get_by_role("tab", name=tab).wait_for()
        page.wait_for_function(_IDLE, polling="raf")
        page.locator("[data-testid=stPlotlyChart] .main-svg").first.wait_for()
        out["opened_on"] = "按上级工会" if opened_on_parents else "按单位"
        out["other_grouping_seconds"] = round(time.perf_counter() - started, 3)
        if not opened_on_parents:  # the screenshot shows the units
            page.get_by_text("按单位", exact=True).click()
            page.get_by_role("tab", name="单位详情").wait_for()
            page.wait_for_function(_IDLE, polling="raf")
        if screenshot is not None:
            _screenshot(page, screenshot)
        return out
    finally:
        context.close()


def _screenshot(page, path: Path) -> None:
    """The whole main block (Streamlit scrolls inside it, not the document)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height + 40), 16_000)})
    page.wait_for_timeout(1500)  # charts re-layout to the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


# --- helpers ---------------------------------------------------------------------------------


@contextmanager
def private_copy(store: Path) -> Iterator[str]:
    """A copy of ``store`` in a temporary folder, as a store URL (the app may write to it)."""
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as scratch:
        copy = Path(scratch) / "store.db"
        shutil.copyfile(store, copy)
        yield f"sqlite:///{copy}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def table(result: dict) -> str:
    """The numbers as a few lines of text."""
    a, b = result["apptest"], result["browser"]
    lines = [
        f"单位 {result['units']:,} · 上级工会 {result['parents']} · {result['years']} 年 · 库 {result['store_mb']} MB",
        f"概览首屏  浏览器 {b['first_paint']['cards_seconds']:.2f} s(图表画完 {b['first_paint']['drawn_seconds']:.2f} s)"
        f"  AppTest 冷 {a['first_paint']['cold_seconds']:.2f} s / 热 {a['first_paint']['warm_seconds']:.2f} s",
        f"筛选后重绘  浏览器 上级工会 {b['rerun']['parent_seconds']:.2f} s · 年度 {b['rerun']['year_seconds']:.2f} s"
        f"  AppTest 年度 {a['rerun']['years_seconds']:.2f} s · 上级工会 {a['rerun']['parent_seconds']:.2f} s"
        f"(AppTest 自身约 {a['harness_seconds']:.2f} s)",
    ]
    for name, title in PAGES:
        page = a["pages"][name]
        lines.append(f"{title:6s} 首次 {page['first_seconds']:.2f} s · 再次 {page['again_seconds']:.2f} s")
    c = a["compare"]
    lines.append(
        f"单位对比 按单位 首次 {c['by_unit_first_seconds']:.2f} s · 再次 {c['by_unit_again_seconds']:.2f} s · 查找 {c['search_seconds']:.2f} s"
        f"  浏览器 {b['compare']['first_seconds']:.2f} s / 换分组 {b['compare']['other_grouping_seconds']:.2f} s"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard", description="看板在城市规模下的速度")
    parser.add_argument("--scale", choices=sorted(BENCH_SCALES), default="city")
    parser.add_argument("--out", type=Path, help="结果 JSON 写到此目录(默认只打印)")
    parser.add_argument("--child", choices=("apptest", "browser"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "apptest":
        print(json.dumps(apptest_child(args.db)))
        return 0
    if args.child == "browser":
        print(json.dumps(browser_child(args.db, args.screenshot)))
        return 0
    result = run(args.scale, args.out)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "dashboard.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
