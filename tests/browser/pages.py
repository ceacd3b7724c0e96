"""Helpers of the browser tests: screenshots of a whole page."""

from __future__ import annotations

from pathlib import Path

from tests.paths import SCREENSHOTS


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


def wait_until_idle(page) -> None:
    """Wait until the script run has finished and the charts have drawn."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')",
        timeout=120_000,
    )
    page.wait_for_timeout(1500)


def open_page(page, server_url: str, path: str, title: str) -> None:
    """Open a page by its URL path, wait for its title and the run to finish; never a traceback."""
    page.goto(f"{server_url}/{path}")
    page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=120_000)
    wait_until_idle(page)
    assert page.locator("[data-testid=stException]").count() == 0, f"{title}: a traceback reached the page"
