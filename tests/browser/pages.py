"""Helpers of the browser tests: waiting for a page, its visible text, screenshots of a whole page."""

from __future__ import annotations

import re
from pathlib import Path

from tests.paths import SCREENSHOTS

# (url path, title shown) of every page in the navigation
PAGES = [
    ("", "概览"),
    ("membership", "会员"),
    ("dues", "经费"),
    ("welfare", "帮扶慰问"),
    ("competitions", "竞赛"),
    ("activities", "活动"),
    ("compare", "单位对比"),
    ("report", "报告"),
    ("imports", "数据导入"),
    ("settings", "设置"),
]


def screenshot(page, name: str) -> Path:
    """A full-page screenshot under test-output/screenshots/NAME.png.

    Streamlit scrolls inside its main block, not the document, so the window is made as
    tall as that block for the picture, then set back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=stMain]');"
        " return main ? main.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(size["height"], height + 40), 16_000)})
    page.wait_for_timeout(1200)  # charts re-layout to the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def settle(page, *, quiet_ms: int = 1200, timeout_ms: int = 180_000) -> None:
    """Wait until the script run is over (no running icon for ``quiet_ms``) and every chart is drawn."""
    page.evaluate("() => { window.__busySince = undefined; }")  # quiet from now on, not since an earlier wait
    page.wait_for_function(
        """(quiet) => {
            const running = document.querySelector('[data-testid=stStatusWidgetRunningIcon]');
            const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
            const drawn = charts.every(c => c.querySelector('.main-svg'));
            const now = Date.now();
            if (running || !drawn) { window.__busySince = now; return false; }
            if (window.__busySince === undefined) { window.__busySince = now; }
            return now - window.__busySince >= quiet;
        }""",
        arg=quiet_ms,
        timeout=timeout_ms,
        polling=200,
    )


def open_expander(page, label: str, *, quiet_ms: int = 800, timeout_ms: int = 120_000) -> None:
    """Open the expander ``label`` and wait until what it holds is drawn and has stopped moving.

    Its table is drawn a moment after the rest and pushes the buttons below it down: a click
    aimed before that lands on whatever slid under the pointer (on a loaded machine, the
    table's page numbers instead of 下载 CSV).
    """
    expander = page.locator("[data-testid=stExpander]").filter(has=page.get_by_text(label, exact=True)).first
    expander.get_by_text(label, exact=True).click()
    settle(page)
    page.wait_for_function(
        """([expander, quiet]) => {
            const details = expander.querySelector('[data-testid=stExpanderDetails]');
            const tables = [...expander.querySelectorAll('[data-testid=stDataFrame]')];
            const drawn = details && details.offsetHeight > 0
                && tables.every(t => t.querySelector('[data-testid=data-grid-canvas]'));
            const box = expander.getBoundingClientRect();
            const now = Date.now(), shape = `${box.top} ${box.height}`;
            if (!drawn || expander.__shape !== shape) { expander.__shape = shape; expander.__steadySince = now; return false; }
            return now - expander.__steadySince >= quiet;
        }""",
        arg=[expander.element_handle(), quiet_ms],
        timeout=timeout_ms,
        polling=100,
    )


# The text a reader sees: text nodes with a box of their own, in no hidden, clipped (the
# screen readers' 1-pixel live regions) or zero-sized font ancestor, icons' ligature names left
# out; and the placeholder of every visible empty input.
VISIBLE_TEXT_JS = """() => {
  const hidden = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility !== 'visible' || parseFloat(s.fontSize) === 0) return true;
      if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return true;
      const r = a.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && s.overflow === 'hidden') return true;
    }
    return false;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest('[data-testid=stIconMaterial], noscript, script, style')) continue;
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || hidden(el)) continue;
    texts.push(node.textContent.trim());
  }
  document.querySelectorAll('input, textarea').forEach(i => {
    if (i.placeholder && !i.value && !hidden(i) && i.getBoundingClientRect().width > 1) texts.push(i.placeholder);
  });
  return texts;
}"""
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def visible_text(page) -> list[str]:
    """The texts of the page a reader sees (VISIBLE_TEXT_JS)."""
    return page.evaluate(VISIBLE_TEXT_JS)


def english_words(page, allowed: set[str]) -> dict[str, str]:
    """Every English word of the visible text not in ``allowed``, with the text it stands in."""
    return {word: text for text in visible_text(page) for word in ENGLISH_WORD.findall(text) if word not in allowed}


def open_page(page, server_url: str, path: str, title: str) -> None:
    """Open a page by its URL path, wait for its title and the run to finish; never a traceback."""
    page.goto(f"{server_url}/{path}")
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=120_000)
    settle(page)
    assert page.locator("[data-testid=stException]").count() == 0, f"{title}: a traceback reached the page"
