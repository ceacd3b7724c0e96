"""A real browser against a real server: `streamlit run dashboard.py` on a free port and a
temporary store, driven by Playwright in Debian's Chromium (/usr/bin/chromium; a browser
is never downloaded). Screenshots land in test-output/screenshots/ for a human to look at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from unionstats.access import ADMIN, UNIT
from unionstats.importer import import_sample
from unionstats.store import close_store, open_store, users

CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:PORT
    store: str  # the store's URL, for reading what the app stored


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """`streamlit run dashboard.py` against an empty temporary store; ended by its PID
    (the same server the dashboard benchmark starts: ``bench.dashboard.streamlit_server``)."""
    from bench.dashboard import streamlit_server

    store_url = f"sqlite:///{tmp_path_factory.mktemp('browser-store') / 'store.db'}"
    with streamlit_server(store_url) as url:
        yield Server(url=url, store=store_url)


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory) -> Iterator[Server]:
    """`streamlit run dashboard.py` against a store holding the sample data (data/sample through
    the normal importer); ended by its PID."""
    from bench.dashboard import streamlit_server

    store_url = f"sqlite:///{tmp_path_factory.mktemp('browser-sample') / 'store.db'}"
    import_sample(open_store(store_url))
    close_store(store_url)
    with streamlit_server(store_url) as url:
        yield Server(url=url, store=store_url)


@pytest.fixture(scope="module")
def district_server(tmp_path_factory) -> Iterator[Server]:
    """Like ``sample_server``, in district mode (UNIONSTATS_AUTH=on), with an admin (张敏,
    admin-pass-123) and a unit user (华新 of 华新机械有限公司工会, unit-pass-123)."""
    from bench.dashboard import streamlit_server

    store_url = f"sqlite:///{tmp_path_factory.mktemp('browser-district') / 'store.db'}"
    engine = open_store(store_url)
    import_sample(engine)
    users.add_user(engine, "张敏", "admin-pass-123", role=ADMIN)
    users.add_user(engine, "华新", "unit-pass-123", role=UNIT, unit="华新机械有限公司工会")
    close_store(store_url)
    with pytest.MonkeyPatch.context() as patch:  # for the server's environment only
        patch.setenv("UNIONSTATS_AUTH", "on")
        with streamlit_server(store_url) as url:
            yield Server(url=url, store=store_url)


@pytest.fixture(scope="module")
def server_without_chrome(tmp_path_factory) -> Iterator[Server]:
    """Like ``sample_server``, on a machine where the charts of a Word report cannot be drawn:
    the server's kaleido looks for Chromium where there is none (BROWSER_PATH)."""
    from bench.dashboard import streamlit_server

    store_url = f"sqlite:///{tmp_path_factory.mktemp('browser-no-chrome') / 'store.db'}"
    import_sample(open_store(store_url))
    close_store(store_url)
    with contextlib.ExitStack() as stack:
        with pytest.MonkeyPatch.context() as patch:  # for the server's environment only
            patch.setenv("BROWSER_PATH", "/nonexistent/chromium")
            url = stack.enter_context(streamlit_server(store_url))
        yield Server(url=url, store=store_url)


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
