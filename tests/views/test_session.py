"""views/session.py: the store's cache key, whose figures a run shows, and the sign-in state.

The pure helpers (``version_key``, ``viewer_in``) are called directly. What reads or
writes ``st.session_state`` runs inside a tiny AppTest script, ``session_script``: the
test sets ``action`` (and what it needs) in the session state, the script calls that
function of ``views.session`` and leaves its answer in ``result``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.workbooks import xlsx
from unionstats.access import OBSERVER, UNIT, Viewer
from unionstats.importer import import_bytes
from unionstats.store import open_store, undo_batch, users
from unionstats.store.audit import list_entries, system_user
from views.session import EXPIRED_KEY, NOBODY, TOKEN_KEY, VIEWER_KEY, store_version, version_key, viewer_in

HUAXIN = "华新机械有限公司工会"
HUAXIN_USER = Viewer(name="华新", role=UNIT, units=frozenset({HUAXIN}))


# --- the store's cache key -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "version", "key"),
    [
        ("sqlite:///store.db", "0:0", "sqlite:///store.db#0:0"),
        ("sqlite:///store.db", "12:1", "sqlite:///store.db#12:1"),
        ("postgresql+psycopg://u@127.0.0.1/unionstats", "3:0", "postgresql+psycopg://u@127.0.0.1/unionstats#3:0"),
    ],
)
def test_the_version_key_names_the_store_and_its_version(url, version, key):
    assert version_key(url, version) == key


def test_two_stores_at_the_same_version_never_share_a_key():
    assert version_key("sqlite:///a.db", "1:0") != version_key("sqlite:///b.db", "1:0")


def test_the_store_version_changes_on_every_import_and_undo(empty_url):
    engine = open_store(empty_url)
    before = store_version()
    assert before == version_key(empty_url, "0:0")
    rows = [["单位名称", "年度", "职工人数", "会员人数"], [HUAXIN, 2024, 100, 90]]
    report, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=dt.date(2024, 12, 31))
    imported = store_version()
    undo_batch(engine, report["batch"])
    undone = store_version()
    assert len({before, imported, undone}) == 3
    assert all(key.startswith(f"{empty_url}#") for key in (imported, undone))


# --- whose figures a run shows -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "signing_in", "expected"),
    [
        ({}, False, None),  # one person on localhost: everything
        ({VIEWER_KEY: HUAXIN_USER}, False, None),  # a viewer left from district mode changes nothing
        ({}, True, NOBODY),  # district mode, signed out: nothing
        ({VIEWER_KEY: None}, True, NOBODY),
        ({VIEWER_KEY: HUAXIN_USER}, True, HUAXIN_USER),
    ],
)
def test_the_viewer_of_a_run(state, signing_in, expected):
    assert viewer_in(state, signing_in=signing_in) == expected


def test_a_signed_out_viewer_sees_no_unit_not_every_unit():
    assert NOBODY.units == frozenset() and not NOBODY.sees_all
    assert NOBODY.role == OBSERVER and not NOBODY.can_import


# --- the sign-in state, in a running script ------------------------------------------------------


def session_script() -> None:
    """Call ``views.session.<action>`` with ``arguments`` and keep its answer as ``result``."""
    # AppTest runs this body as a script of its own: these are that script's imports
    import streamlit as st

    from views import session

    action = st.session_state.get("action")
    if action:
        st.session_state["result"] = getattr(session, action)(*st.session_state.get("arguments", ()))


def run(action: str, *arguments, state: dict | None = None, app: AppTest | None = None) -> AppTest:
    """Run ``session_script`` (in ``app`` when given, keeping its session state) for ``action``."""
    app = app or AppTest.from_function(session_script, default_timeout=60)
    for key, value in {**(state or {}), "action": action, "arguments": arguments}.items():
        app.session_state[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.fixture
def district(empty_url, monkeypatch, cheap_passwords):
    """District mode on an empty store with one 基层工会 user, 华新."""
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    engine = open_store(empty_url)
    users.add_user(engine, "华新", "unit-pass-123", role=UNIT, unit=HUAXIN)
    return engine


def test_current_viewer_follows_the_sign_in_switch(empty_url, monkeypatch):
    monkeypatch.delenv("UNIONSTATS_AUTH", raising=False)
    assert run("current_viewer", state={VIEWER_KEY: HUAXIN_USER}).session_state["result"] is None
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    assert run("current_viewer").session_state["result"] == NOBODY
    assert run("current_viewer", state={VIEWER_KEY: HUAXIN_USER}).session_state["result"] == HUAXIN_USER


def test_a_wrong_password_starts_no_session(district):
    app = run("sign_in", "华新", "wrong-password")
    assert app.session_state["result"] is False
    assert TOKEN_KEY not in app.session_state


def test_signing_in_resuming_and_signing_out(district):
    app = run("sign_in", "华新", "unit-pass-123")
    assert app.session_state["result"] is True
    token = app.session_state[TOKEN_KEY]

    app = run("resume_viewer", app=app)
    viewer = app.session_state["result"]
    assert (viewer.name, viewer.role, viewer.units) == ("华新", UNIT, frozenset({HUAXIN}))
    assert app.session_state[VIEWER_KEY] == viewer
    assert run("current_user_name", app=app).session_state["result"] == "华新"

    app = run("sign_out", app=app)
    assert TOKEN_KEY not in app.session_state and VIEWER_KEY not in app.session_state
    assert users.resume_session(district, token) is None  # ended in the store, not only forgotten here
    app = run("resume_viewer", app=app)
    assert app.session_state["result"] is None
    assert run("session_expired", app=app).session_state["result"] is False  # signing out is no expiry


def test_an_expired_session_is_forgotten_and_said_once(district):
    old = users.start_session(district, "华新", now=dt.datetime.now() - users.SESSION_ABSOLUTE - dt.timedelta(minutes=1))
    app = run("resume_viewer", state={TOKEN_KEY: old, VIEWER_KEY: HUAXIN_USER})
    assert app.session_state["result"] is None
    assert TOKEN_KEY not in app.session_state and VIEWER_KEY not in app.session_state
    assert app.session_state[EXPIRED_KEY] is True
    assert run("session_expired", app=app).session_state["result"] is True
    assert run("session_expired", app=app).session_state["result"] is False


def test_an_export_is_noted_under_the_signed_in_user(district):
    run("note_export", "汇总表 2024年", state={VIEWER_KEY: HUAXIN_USER})
    (entry,) = list_entries(district, action="export")
    assert (entry["user"], entry["detail"]) == ("华新", {"what": "汇总表 2024年"})


def test_in_one_person_mode_an_export_is_noted_under_the_operator(empty_url, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_USER", "李会计")
    run("note_export", "数据表 CSV")
    (entry,) = list_entries(open_store(empty_url), action="export")
    assert (entry["user"], entry["detail"]) == (f"{system_user()}(自称「李会计」)", {"what": "数据表 CSV"})
