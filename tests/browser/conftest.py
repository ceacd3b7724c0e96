"""A real browser against a real server: `streamlit run dashboard.py` on a free port and a
temporary store, driven by Playwright in Debian's Chromium (/usr/bin/chromium; a browser
is never downloaded). Screenshots land in test-output/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
SERVER_START_TIMEOUT = 90  # seconds, on a shared machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    store: str  # the store's URL, for reading what the app stored


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """`streamlit run dashboard.py` against an empty temporary store; ended by its PID."""
    store = tmp_path_factory.mktemp("browser-store") / "store.db"
    port = _free_port()
    store_url = f"sqlite:///{store}"
    env = {**os.environ, "UNIONSTATS_DB_URL": store_url}
    log = (tmp_path_factory.mktemp("browser-log") / "streamlit.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "dashboard.py",
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.5)
        yield Server(url=url, store=store_url)
    finally:
        # end the server (and anything it started) by its PID
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


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
