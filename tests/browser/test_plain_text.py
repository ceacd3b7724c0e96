"""Hostile names in a real browser (security finding 3): on a store whose unit, 上级工会, files,
sheet, categories, activity type, competition and user are named with Markdown links, images
and HTML pointing at evil.invalid (tests/planted.py), no page links to or loads anything from
there, and the names read as written — a masked number keeps its stars."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.pages import PAGES, open_page, screenshot, visible_text
from tests.planted import EVIL, FILE_STEM, PAYLOAD, TWO_IDS_SHOWN, UNIT, USER, plant_store

pytestmark = pytest.mark.browser

# every attribute through which a page links to or loads from an address
ADDRESSES_JS = """(evil) => [...document.querySelectorAll('*')].flatMap(e =>
    [...e.attributes]
        .filter(a => ['href', 'src', 'srcset', 'xlink:href', 'action', 'formaction', 'poster', 'data', 'style'].includes(a.name))
        .filter(a => a.value.includes(evil))
        .map(a => `<${e.tagName.toLowerCase()} ${a.name}="${a.value}">`))"""


@pytest.fixture(scope="module")
def planted_server(tmp_path_factory) -> Iterator[str]:
    """The URL of `streamlit run dashboard.py` (one-person mode) on the planted store; ended by its PID."""
    from bench.dashboard import streamlit_server

    store_url = f"sqlite:///{tmp_path_factory.mktemp('browser-planted') / 'store.db'}"
    plant_store(store_url)
    with streamlit_server(store_url) as url:
        yield url


@pytest.fixture(scope="module")
def planted_page(browser, planted_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(120_000)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.asked = asked
    yield page
    context.close()


def test_no_page_links_to_or_loads_from_a_planted_address(planted_page, planted_server):
    page = planted_page
    for path, title in PAGES:
        open_page(page, planted_server, path, title)
        for expander in page.locator("[data-testid=stExpander] details:not([open]) > summary").all():
            if expander.is_visible():
                expander.click()  # what is folded away is drawn too
        page.wait_for_timeout(500)
        assert page.evaluate(ADDRESSES_JS, EVIL) == [], f"{title} links to or loads from {EVIL}"
        assert not [url for url in page.asked if EVIL in url], f"{title} asked {EVIL} for something"
        screenshot(page, f"planted-{path or 'overview'}")


def test_hostile_names_read_as_written(planted_page, planted_server):
    """导入记录 names the files and the importing user as written, two masked numbers keep their
    stars; 单位对比's warning names the unit as written."""
    page = planted_page
    open_page(page, planted_server, "imports", "数据导入")
    text = "\n".join(visible_text(page)).replace("\u2060", "")  # the word joiners plain_markdown adds
    assert FILE_STEM in text and USER in text
    assert TWO_IDS_SHOWN in text
    open_page(page, planted_server, "compare", "单位对比")
    warning = page.locator("[data-testid=stAlertContentWarning]").first.inner_text()
    assert UNIT in warning.replace("\u2060", "") and PAYLOAD in UNIT
