"""What every page needs: the store's engine and version, the sign-in state and the current viewer.

In one-person mode (the default, on localhost) nobody signs in and ``current_viewer`` is
None: the library then shows everything. With ``UNIONSTATS_AUTH=on`` (district mode) a
session token lives in ``st.session_state``; ``resume_viewer`` checks it in the store on
every run and ``current_viewer`` is then the signed-in user's ``Viewer`` — every library
read keeps to their units. The rules (passwords, lockout, expiry, scope) live in
``unionstats.store.users``; the sign-in form that uses this state is ``views/account.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy import Engine

from unionstats.access import OBSERVER, Viewer
from unionstats.errors import UnionStatsError
from unionstats.store import default_url, open_store
from unionstats.store import store_version as stored_version
from unionstats.store.audit import record
from unionstats.store.users import authenticate, district_mode, end_session, resume_session, start_session

TOKEN_KEY = "account_token"  # the session token (the store keeps only its hash)
VIEWER_KEY = "account_viewer"  # the viewer of this run, set by resume_viewer
EXPIRED_KEY = "account_expired"  # set when a token stopped working: the form says why

# In district mode, a page reached without a live session sees nothing: an empty scope,
# never None (None would be "everything").
NOBODY = Viewer(name="", role=OBSERVER, units=frozenset())


# --- the store ---------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_store(url)


def engine() -> Engine:
    """The store's engine, one per URL for the whole server (UNIONSTATS_DB_URL or the default)."""
    return _engine(default_url())


def version_key(url: str, version: str) -> str:
    """The cache key of a store: its URL and version ('sqlite:///a.db#12:1'), so two stores
    (in tests) or two versions of one store never share a cached answer."""
    return f"{url}#{version}"


def store_version() -> str:
    """The store's URL and version: the first argument of every cached read, so an import
    or undo (and, in tests, another store) is never answered from an old cache."""
    return version_key(default_url(), stored_version(engine()))


# --- who is asking -----------------------------------------------------------------------------


def viewer_in(state: Mapping, *, signing_in: bool) -> Viewer | None:
    """The viewer that ``state`` (a run's session state) holds: None when ``signing_in`` is off
    (one person sees everything), else the signed-in viewer, or NOBODY when signed out."""
    if not signing_in:
        return None
    return state.get(VIEWER_KEY) or NOBODY


def current_viewer() -> Viewer | None:
    """The signed-in viewer, or None in one-person mode (NOBODY when signed out)."""
    return viewer_in(st.session_state, signing_in=district_mode())


def current_user_name() -> str | None:
    """The signed-in user's name for the audit log and batches; None in one-person mode
    (the library then writes the operating-system user)."""
    viewer = current_viewer()
    return viewer.name if viewer else None


# --- the sign-in state -------------------------------------------------------------------------


def resume_viewer() -> Viewer | None:
    """The viewer of this browser's live session, checked again in the store (expiry, a
    disabled user, a changed role) so a stale tab never keeps rights it lost; None when
    there is none, and the stale token is forgotten. Raises ``UnionStatsError``."""
    viewer = resume_session(engine(), st.session_state.get(TOKEN_KEY))
    if viewer is not None:
        st.session_state[VIEWER_KEY] = viewer
        return viewer
    if st.session_state.pop(TOKEN_KEY, None):
        st.session_state[EXPIRED_KEY] = True
    st.session_state.pop(VIEWER_KEY, None)
    return None


def sign_in(name: str, password: str) -> bool:
    """Start a session for ``name`` when the password matches; False when refused (a wrong
    password, a disabled account, a source that must wait). The source is the client's
    address (None on localhost: one source "unknown"). Raises ``UnionStatsError``."""
    address = st.context.ip_address  # a str, or None; AppTest's stand-in client gives a mock
    user = authenticate(engine(), name, password, source=address if isinstance(address, str) else None)
    if user is None:
        return False
    st.session_state[TOKEN_KEY] = start_session(engine(), user.name)
    return True


def sign_out() -> None:
    """End this browser's session in the store and forget its token and viewer."""
    try:
        end_session(engine(), st.session_state.pop(TOKEN_KEY, None))
    except UnionStatsError:
        pass  # the token is gone from this browser either way; the row expires by itself
    st.session_state.pop(VIEWER_KEY, None)


def session_expired() -> bool:
    """True once after a session stopped working (the form then says 登录已过期)."""
    return st.session_state.pop(EXPIRED_KEY, False)


def note_export(what: str) -> None:
    """Record in the audit log that the current user exported ``what`` (e.g. "汇总表 2024年")."""
    export_noter(what)()


def export_noter(what: str) -> Callable[[], None]:
    """``note_export`` for later and from any thread (a file handed over by Streamlit's server
    thread): the store and the signed-in user are this run's."""
    store, user = engine(), current_user_name()

    def note() -> None:
        try:
            record(store, user=user, action="export", detail={"what": what})
        except UnionStatsError:
            # the download itself must not fail because the log could not be written
            logging.getLogger(__name__).warning("export of %s not recorded in the audit log", what, exc_info=True)

    return note
