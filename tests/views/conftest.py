"""Page tests: AppTest runs of dashboard.py on the sample store and on an empty store.

The sample store is built once per session (the sample files through the normal
importer) and copied for every test, so a test that imports or changes settings never
disturbs another. ``open_page`` runs the entry script, then switches to one page, the
way a user clicks it in the navigation.

AppTest (streamlit 1.67) runs the entry script only on an AppTest's first run; later
runs execute the page alone. The sidebar filters live in the entry script, so a test
that wants other filters opens a fresh AppTest with the widgets' values preset
(``open_page("membership", filter_years=("2021", "2022"))``), exactly what a user's
choice leaves in ``st.session_state``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.paths import ROOT
from tests.views.accounts import ADMIN_PASSWORD, HUAXIN, UNIT_PASSWORD
from unionstats.access import ADMIN, UNIT
from unionstats.importer import import_sample
from unionstats.store import close_store, open_store, users

PAGE_TIMEOUT = 120  # seconds; generous for a shared, noisy machine


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample-store") / "sample.db"
    engine = open_store(f"sqlite:///{path}")
    import_sample(engine)
    close_store(engine)
    return path


@pytest.fixture
def sample_url(sample_db: Path, tmp_path: Path, monkeypatch) -> str:
    """A private copy of the sample store, set as the app's store."""
    copy = tmp_path / "store.db"
    for part in sample_db.parent.glob(sample_db.name + "*"):  # the database and its WAL
        shutil.copy(part, tmp_path / part.name.replace(sample_db.name, copy.name))
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


@pytest.fixture
def empty_url(tmp_path: Path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


@pytest.fixture
def open_page() -> Callable[[str], AppTest]:
    """open_page('membership', **widget values) → an AppTest that has run dashboard.py, then
    views/membership.py, with the sidebar widgets (keys filter_*) preset."""

    def run(page: str, **widgets) -> AppTest:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=PAGE_TIMEOUT)
        for key, value in widgets.items():
            app.session_state[key] = value
        app.run()
        if page != "overview":
            app.switch_page(f"views/{page}.py").run()
        return app

    return run


@pytest.fixture
def district(sample_url, monkeypatch):
    """District mode on the sample store, with an admin (张敏) and a unit user (华新)."""
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    engine = open_store(sample_url)
    users.add_user(engine, "张敏", ADMIN_PASSWORD, role=ADMIN)
    users.add_user(engine, "华新", UNIT_PASSWORD, role=UNIT, unit=HUAXIN)
    return engine
