"""Start-up and page switch against a bare Streamlit app (issue 18, item 3).

    python -m bench.app                   # 3 server starts, 3 rounds over every page
    python -m bench.app --scale tiny      # one start, one round: checks that it runs
    python -m bench --only app

In one run, two apps are started with ``streamlit run`` on a free port and measured the same
way, in Debian's Chromium (``/usr/bin/chromium``, driven by Playwright; a browser is never
downloaded):

- **bare**: a Streamlit app with the same navigation as ``dashboard.py`` (its sections, page
  titles and icons, read from dashboard.py's ``PAGES``) whose pages only write their title,
  generated into a temporary folder with the project's ``.streamlit/config.toml``;
- **ours**: ``dashboard.py`` on a private store holding the sample data (``data/sample``
  through the normal importer, as ``载入示例数据`` and the page tests load it).

For each: the **first paint** from a just-started server (a new browser context: nothing
cached; from opening the address to the default page's script finished and its title on the
page), then **rounds** of clicking every page in the sidebar navigation, each click timed to
that page's script finished and its title shown; for ours also the **filter rerun** on 概览
(the year range's end moved one year → the script finished). "Script finished" is
Streamlit's own ``script_finished`` message (FINISHED_SUCCESSFULLY) read off the page's
websocket, together with the app root's ``data-test-script-state`` back at ``notRunning``
and no element left stale; ``drawn`` additionally waits for every visible plotly chart.
Servers are ended by their PID.

``run(scale_name, out_dir)`` returns the numbers (``python -m bench`` keeps them in
results.json under "app"); the ratios are ours / bare against issue 18's targets.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.dashboard import CHROMIUM, streamlit_server
from bench.measure import REPO_ROOT

# issue 18: ours / bare, and the filter rerun in seconds
TARGETS = {"switch_median_ratio": 2.0, "switch_slowest_ratio": 4.0, "first_paint_ratio": 1.5, "filter_rerun_seconds": 0.3}
ROUNDS = {"tiny": 1}  # rounds over every page; 3 unless named here
STARTS = {"tiny": 1}  # server starts, one first paint each; 3 unless named here
FILTER_RERUNS = {"tiny": 2}  # moves of the year range on 概览; 6 unless named here
NAV_LINKS = "[data-testid=stSidebarNav] [data-testid=stSidebarNavLink]"
WAIT_MS = 120_000  # one wait in the browser
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]

# the script has finished drawing the page titled ``title``: the app root says so, its title
# is there and nothing of the run before is left stale
_PAGE_DONE = """title => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid=stMain] [data-stale=true]')) return false;
  return [...document.querySelectorAll('[data-testid=stMain] h1')].some(h => h.innerText.trim() === title);
}"""
# every visible plotly chart has drawn its svg
_CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
  .filter(c => c.offsetParent !== null).every(c => c.querySelector('.main-svg'))"""


def run(scale_name: str = "city", out_dir: Path | None = None) -> dict:
    """Measure the bare app and ours in one run (``scale_name`` sets only the rounds: the store is the sample's)."""
    rounds, starts, reruns = ROUNDS.get(scale_name, 3), STARTS.get(scale_name, 3), FILTER_RERUNS.get(scale_name, 6)
    pages = navigation_pages()
    result: dict = {"rounds": rounds, "server_starts": starts, "pages": [title for _, title, _ in pages], "targets": TARGETS}
    with tempfile.TemporaryDirectory(prefix="bench-app-") as scratch:
        scratch = Path(scratch)
        bare_script = write_bare_app(scratch / "bare", pages)
        store_url, store_seconds = sample_store(scratch / "store")
        result["sample_store_seconds"] = store_seconds
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                for name, script, cwd, filter_reruns in (
                    ("bare", bare_script, bare_script.parent, 0),
                    ("ours", REPO_ROOT / "dashboard.py", REPO_ROOT, reruns),
                ):
                    result[name] = measure_app(
                        chromium, script, cwd, store_url, pages, starts=starts, rounds=rounds, filter_reruns=filter_reruns
                    )
            finally:
                chromium.close()
    result["ratios"] = ratios(result["bare"], result["ours"])
    result["verdict"] = verdict(result)
    return result


# --- the two apps ------------------------------------------------------------------------------


def navigation_pages(entry: Path = REPO_ROOT / "dashboard.py") -> list[tuple[str, str, dict]]:
    """(section, title, st.Page keywords) of every page of ``entry``'s ``PAGES``, in order."""
    module = ast.parse(entry.read_text(encoding="utf-8"))
    for node in module.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "PAGES" for t in node.targets):
            pages = []
            for section, listed in zip(node.value.keys, node.value.values, strict=True):
                for call in listed.elts:
                    keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
                    pages.append((ast.literal_eval(section), keywords["title"], keywords))
            return pages
    raise ValueError(f"{entry} has no PAGES")


def write_bare_app(folder: Path, pages: list[tuple[str, str, dict]]) -> Path:
    """A Streamlit app with ``pages``'s navigation whose pages only write their title; its entry script."""
    (folder / "pages_bare").mkdir(parents=True)
    (folder / ".streamlit").mkdir()
    shutil.copyfile(REPO_ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    sections: dict[str, list[str]] = {}
    for index, (section, title, keywords) in enumerate(pages):
        path = f"pages_bare/page{index}.py"
        (folder / path).write_text(f"import streamlit as st\n\nst.title({title!r})\n", encoding="utf-8")
        options = ", ".join(f"{key}={value!r}" for key, value in keywords.items())
        sections.setdefault(section, []).append(f"st.Page({path!r}, {options})")
    body = ",\n".join(f"    {section!r}: [{', '.join(listed)}]" for section, listed in sections.items())
    entry = folder / "app.py"
    entry.write_text(
        f"import streamlit as st\n\nst.set_page_config(page_title='bare', layout='wide')\nst.navigation({{\n{body}\n}}).run()\n",
        encoding="utf-8",
    )
    return entry


def sample_store(folder: Path) -> tuple[str, float]:
    """A new store holding data/sample (through the normal importer); its URL and the seconds it took."""
    from unionstats.importer import import_sample
    from unionstats.store import close_store, open_store

    folder.mkdir(parents=True)
    url = f"sqlite:///{folder / 'sample.db'}"
    started = time.perf_counter()
    engine = open_store(url)
    reports = import_sample(engine)
    close_store(url)
    failed = [r["file"] for r in reports if r["status"] != "imported"]
    if failed:
        raise RuntimeError(f"sample files not imported: {failed}")
    return url, round(time.perf_counter() - started, 2)


# --- measuring one app -------------------------------------------------------------------------


class Finished:
    """Streamlit's ``script_finished`` messages a page received over its websocket, with when."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.runs: list[float] = []
        self._message = ForwardMsg
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        message = self._message.FromString(payload)
        if message.WhichOneof("type") == "script_finished" and message.script_finished == self._message.FINISHED_SUCCESSFULLY:
            self.runs.append(time.perf_counter())

    def wait_after(self, page, seen: int) -> None:
        """Until a run more than ``seen`` has finished (the page keeps its event loop turning)."""
        while len(self.runs) <= seen:
            page.wait_for_timeout(5)


def measure_app(
    chromium, script: Path, cwd: Path, store_url: str, pages, *, starts: int, rounds: int, filter_reruns: int
) -> dict:
    """First paint on ``starts`` fresh servers; on the first, ``rounds`` over every page and the filter reruns."""
    titles = [title for _, title, _ in pages]
    default = next(title for _, title, keywords in pages if keywords.get("default")) if pages else titles[0]
    out: dict = {"first_paint": [], "first_paint_drawn": []}
    for start in range(starts):
        with streamlit_server(store_url, script=str(script), cwd=cwd) as base:
            context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
            try:
                page = context.new_page()
                page.set_default_timeout(WAIT_MS)
                finished = Finished(page)
                started = time.perf_counter()
                page.goto(base)
                out["first_paint"].append(_done(page, finished, 0, default, started))
                page.wait_for_function(_CHARTS_DRAWN, polling="raf")
                out["first_paint_drawn"].append(round(time.perf_counter() - started, 3))
                if start == 0:
                    shown = [text.split("\n")[-1].strip() for text in page.locator(NAV_LINKS).all_inner_texts()]
                    if shown != titles:  # (a link's text is its icon's name, then its title)
                        raise RuntimeError(f"the navigation shows {shown}, expected {titles}")
                    out["switch"] = _rounds(page, finished, titles, default, rounds)
                    if filter_reruns:
                        out["filter_rerun"] = [_move_year(page, finished, default, i) for i in range(filter_reruns)]
            finally:
                context.close()
    return summarise(out)


def _done(page, finished: Finished, seen: int, title: str, started: float) -> float:
    """Seconds since ``started`` until a run after ``seen`` has finished with ``title``'s page drawn."""
    page.wait_for_function(_PAGE_DONE, arg=title, polling="raf")
    finished.wait_after(page, seen)
    page.wait_for_function(_PAGE_DONE, arg=title, polling="raf")
    return round(time.perf_counter() - started, 3)


def _rounds(page, finished: Finished, titles: list[str], default: str, rounds: int) -> list[dict]:
    """Each round clicks every page once, starting after ``default`` and ending on it (every click a switch)."""
    order = titles[titles.index(default) + 1 :] + titles[: titles.index(default) + 1]
    links = page.locator(NAV_LINKS)
    clicks = []
    for round_ in range(rounds):
        for title in order:
            link = links.nth(titles.index(title))  # the navigation lists ``titles`` in order (checked)
            seen = len(finished.runs)
            started = time.perf_counter()
            link.click()
            seconds = _done(page, finished, seen, title, started)
            page.wait_for_function(_CHARTS_DRAWN, polling="raf")
            clicks.append({"round": round_, "page": title, "seconds": seconds, "drawn": round(time.perf_counter() - started, 3)})
    return clicks


def _move_year(page, finished: Finished, title: str, index: int) -> float:
    """Move the year range's upper end one year (left, then back right); seconds to the run finished."""
    thumbs = page.locator("[data-testid=stSidebar] input[type=range]")
    if thumbs.count() == 0:  # one year of data: no slider (the sample has several)
        raise RuntimeError("no year range in the sidebar")
    thumbs.last.focus()
    seen = len(finished.runs)
    started = time.perf_counter()
    page.keyboard.press("ArrowLeft" if index % 2 == 0 else "ArrowRight")
    return _done(page, finished, seen, title, started)


def summarise(out: dict) -> dict:
    """The raw timings with their medians and slowest."""
    clicks = out["switch"]
    by_page: dict[str, list[float]] = {}
    for click in clicks:
        by_page.setdefault(click["page"], []).append(click["seconds"])
    seconds = [c["seconds"] for c in clicks]
    summary = {
        "first_paint_seconds": _median(out["first_paint"]),
        "first_paint_drawn_seconds": _median(out["first_paint_drawn"]),
        "switch_median_seconds": _median(seconds),
        "switch_slowest_seconds": max(seconds),
        "switch_slowest_page": max(clicks, key=lambda c: c["seconds"])["page"],
        "switch_drawn_median_seconds": _median([c["drawn"] for c in clicks]),
        "page_median_seconds": {page: _median(values) for page, values in by_page.items()},
        "runs": out,
    }
    if out.get("filter_rerun"):
        summary["filter_rerun_median_seconds"] = _median(out["filter_rerun"])
    return summary


def ratios(bare: dict, ours: dict) -> dict:
    return {
        "first_paint": round(ours["first_paint_seconds"] / bare["first_paint_seconds"], 2),
        "switch_median": round(ours["switch_median_seconds"] / bare["switch_median_seconds"], 2),
        "switch_slowest": round(ours["switch_slowest_seconds"] / bare["switch_slowest_seconds"], 2),
    }


def verdict(result: dict) -> dict:
    """Each target: the measured ratio (or seconds), the target, met or not."""
    checks = {
        "switch_median_ratio": result["ratios"]["switch_median"],
        "switch_slowest_ratio": result["ratios"]["switch_slowest"],
        "first_paint_ratio": result["ratios"]["first_paint"],
        "filter_rerun_seconds": result["ours"].get("filter_rerun_median_seconds"),
    }
    return {
        name: {"measured": value, "target": TARGETS[name], "met": value is not None and value <= TARGETS[name]}
        for name, value in checks.items()
    }


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


# --- text ----------------------------------------------------------------------------------------


def table(result: dict) -> str:
    """The comparison as a few lines of text (what ``python -m bench`` prints for this part)."""
    bare, ours, ratio, verdicts = result["bare"], result["ours"], result["ratios"], result["verdict"]

    def said(name: str) -> str:
        v = verdicts[name]
        return f"≤{v['target']:g} {'达到' if v['met'] else '未达到'}"

    lines = [
        f"启动与切换页面 · 示例库 · 空应用(只写标题,同样的 {len(result['pages'])} 个页面)对比看板"
        f" · 首屏 {result['server_starts']} 次服务器启动的中位数,切换 {result['rounds']} 轮",
        f"{'':14} {'空应用 s':>9} {'看板 s':>9} {'看板/空':>8} | 目标",
        f"{'首屏':14} {bare['first_paint_seconds']:>9.2f} {ours['first_paint_seconds']:>9.2f} {ratio['first_paint']:>8.2f} | "
        f"{said('first_paint_ratio')}(图表画完 {ours['first_paint_drawn_seconds']:.2f} s)",
        f"{'切换页面 中位数':14} {bare['switch_median_seconds']:>9.2f} {ours['switch_median_seconds']:>9.2f} "
        f"{ratio['switch_median']:>8.2f} | {said('switch_median_ratio')}",
        f"{'切换页面 最慢':14} {bare['switch_slowest_seconds']:>9.2f} {ours['switch_slowest_seconds']:>9.2f} "
        f"{ratio['switch_slowest']:>8.2f} | {said('switch_slowest_ratio')}(最慢:{ours['switch_slowest_page']})",
    ]
    if "filter_rerun_median_seconds" in ours:
        v = verdicts["filter_rerun_seconds"]
        lines.append(
            f"{'概览改筛选重绘':14} {'':>9} {ours['filter_rerun_median_seconds']:>9.2f} {'':>8} | "
            f"≤{v['target']:g} s {'达到' if v['met'] else '未达到'}"
        )
    lines.append(
        "各页切换中位数(空 / 看板 s):"
        + ",".join(f"{p} {bare['page_median_seconds'][p]:.2f}/{ours['page_median_seconds'][p]:.2f}" for p in result["pages"])
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.app", description="启动与切换页面:空应用对比看板")
    parser.add_argument("--scale", default="city", help="tiny:一次启动、一轮(检查能跑);其余:3 次启动、3 轮")
    parser.add_argument("--out", type=Path, help="结果 JSON 写到此目录(默认只打印)")
    args = parser.parse_args(argv)
    result = run(args.scale, args.out)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "app.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
