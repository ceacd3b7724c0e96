"""What every page needs: the store's engine and version, the sign-in state and the current viewer.

In one-person mode (the default, on localhost) nobody signs in and ``current_viewer`` is
None: the library then shows everything. With ``UNIONSTATS_AUTH=on`` (district mode) a
session token lives in ``st.session_state`` and, signed, in a browser cookie (so a reload or
a second tab stays signed in); ``resume_viewer`` checks it in the store on every run and
``current_viewer`` is then the signed-in user's ``Viewer`` — every library read keeps to
their units. The rules (passwords, lockout, expiry, scope, the cookie's signature) live in
``unionstats.store.users``; the sign-in form that uses this state is ``views/account.py``.

Nothing of one user reaches the next in the same tab: what a user reads, imports or writes
is kept in ``user_state()`` or in widgets, and when the session ends (sign-out, expiry, a
token that stopped working) or another session takes the tab, ``forget_user`` empties the
tab's whole session state but the sign-in keys and drops the files Streamlit holds for it
(download files, uploads), so their ``/media`` addresses answer 404.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy import Engine
from streamlit import runtime
from streamlit.runtime.download_data_util import convert_data_to_bytes_and_infer_mime
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from unionstats.access import OBSERVER, Viewer
from unionstats.errors import UnionStatsError
from unionstats.store import default_url, open_store
from unionstats.store import store_version as stored_version
from unionstats.store.audit import record
from unionstats.store.users import (
    SESSION_ABSOLUTE,
    authenticate,
    district_mode,
    end_session,
    resume_session,
    signed_token,
    start_session,
    token_in,
)

log = logging.getLogger(__name__)

TOKEN_KEY = "account_token"  # the session token (the store keeps only its hash)
VIEWER_KEY = "account_viewer"  # the viewer of this run, set by resume_viewer
EXPIRED_KEY = "account_expired"  # set when a token stopped working: the form says why
OWNER_KEY = "account_owner"  # whose session the tab's state belongs to: "name#session"
SIGNED_KEY = "account_signed"  # the signed cookie value of this tab's session
WRITE_COOKIE_KEY = "account_write_cookie"  # True: the browser has not got the cookie yet
DEAD_COOKIE_KEY = "account_dead_cookie"  # a cookie value the browser should forget
COOKIE_READ_KEY = "account_cookie_read"  # the browser's cookie was looked at (once per tab)
FILES_KEY = "account_files"  # ids of the download files Streamlit made for this tab
USER_STATE_PREFIX = "user_state:"
# what forget_user keeps: the sign-in state itself, never anything a user made
KEPT = frozenset({TOKEN_KEY, VIEWER_KEY, EXPIRED_KEY, SIGNED_KEY, WRITE_COOKIE_KEY, DEAD_COOKIE_KEY, COOKIE_READ_KEY})

SESSION_COOKIE = "unionstats_session"
_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_.-]+")  # what signed_token writes; anything else is not ours

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
    disabled user, a changed role, a sign-out in another tab) so a stale tab never keeps
    rights it lost; None when there is none. The tab's token, or else (once per tab: a
    reload, a second tab) the browser's signed cookie. When the session the tab's state
    belongs to is over or another took its place, the state is forgotten
    (``forget_user``). Raises ``UnionStatsError``."""
    state = st.session_state
    token = state.get(TOKEN_KEY)
    if token is None and not state.get(COOKIE_READ_KEY):
        state[COOKIE_READ_KEY] = True
        token = _token_from_cookie()
    viewer = resume_session(engine(), token)
    if viewer is not None:
        owner = _owner(viewer.name, token)
        if state.get(OWNER_KEY) not in (None, owner):  # another session took the tab (a cookie of another user)
            forget_user()
        state[TOKEN_KEY], state[OWNER_KEY], state[VIEWER_KEY] = token, owner, viewer
        return viewer
    if state.pop(TOKEN_KEY, None) or SIGNED_KEY in state:  # a session that stopped working
        state[EXPIRED_KEY] = True
        _forget_cookie()
    if OWNER_KEY in state:  # the session this tab's state belongs to is over (expiry, a sign-out elsewhere)
        forget_user()
    state.pop(VIEWER_KEY, None)
    return None


def sign_in(name: str, password: str) -> bool:
    """Start a session for ``name`` when the password matches; False when refused (a wrong
    password, a disabled account, a source that must wait). The source is the client's
    address (None on localhost: one source "unknown"). The tab starts empty for the new
    session, and the browser is given its signed cookie on the next run. Raises
    ``UnionStatsError``."""
    address = st.context.ip_address  # a str, or None; AppTest's stand-in client gives a mock
    user = authenticate(engine(), name, password, source=address if isinstance(address, str) else None)
    if user is None:
        return False
    token = start_session(engine(), user.name)
    forget_user()
    state = st.session_state
    state[TOKEN_KEY] = token
    state[OWNER_KEY] = _owner(user.name, token)
    state[SIGNED_KEY] = signed_token(engine(), token)
    state[WRITE_COOKIE_KEY] = True
    state.pop(DEAD_COOKIE_KEY, None)
    return True


def sign_out() -> None:
    """End this browser's session in the store (every tab holding it is signed out on its
    next run), forget its token, viewer and cookie, and everything the user had in the tab."""
    try:
        end_session(engine(), st.session_state.pop(TOKEN_KEY, None))
    except UnionStatsError:
        pass  # the token is gone from this browser either way; the row expires by itself
    _forget_cookie()
    forget_user()
    st.session_state.pop(VIEWER_KEY, None)


def cookie_script() -> str | None:
    """The ``<script>`` this run puts on the page for the session cookie: write it after a
    sign-in, delete it after a sign-out or expiry (only while it still holds the dead value:
    another tab may have signed in since); None when the browser has it right already.

    Path=/, SameSite=Strict, Max-Age the session's absolute lifetime, Secure over https. The
    value is ours (letters, digits, ``_-.``), checked before it goes into the script."""
    state = st.session_state
    signed = state.get(SIGNED_KEY)
    if state.get(WRITE_COOKIE_KEY) and signed and _COOKIE_VALUE.fullmatch(signed):
        max_age = int(SESSION_ABSOLUTE.total_seconds())
        return _cookie_js(
            f"document.cookie = {json.dumps(f'{SESSION_COOKIE}={signed}; Path=/; Max-Age={max_age}; SameSite=Strict')} + secure;"
        )
    dead = state.get(DEAD_COOKIE_KEY)
    if dead is None:
        return None
    gone = json.dumps(f"{SESSION_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict")
    if not _COOKIE_VALUE.fullmatch(dead):  # not a value we wrote: delete whatever is there
        return _cookie_js(f"document.cookie = {gone} + secure;")
    held = json.dumps(f"{SESSION_COOKIE}={dead}")
    return _cookie_js(f"if (document.cookie.split('; ').includes({held})) document.cookie = {gone} + secure;")


def _cookie_js(line: str) -> str:
    return f"<script>(() => {{ const secure = location.protocol === 'https:' ? '; Secure' : ''; {line} }})();</script>"


def _token_from_cookie() -> str | None:
    """The session token of the browser's signed cookie (None: none, or refused); a refused
    value is marked for the browser to forget."""
    signed = st.context.cookies.get(SESSION_COOKIE)
    if not signed or not isinstance(signed, str):  # (AppTest has no browser: no cookies)
        return None
    token = token_in(engine(), signed)
    st.session_state[SIGNED_KEY] = signed  # forgotten with the session when it turns out dead
    return token


def _forget_cookie() -> None:
    """The tab's session is over: the browser is told to drop its cookie."""
    signed = st.session_state.pop(SIGNED_KEY, None)
    st.session_state.pop(WRITE_COOKIE_KEY, None)
    if signed:
        st.session_state[DEAD_COOKIE_KEY] = signed


def _owner(name: str, token: str) -> str:
    """Whose the tab's state is: the user and their session (a hash of the token, never the token)."""
    return f"{name}#{hashlib.sha256(token.encode()).hexdigest()[:16]}"


# --- what a user made in this tab ------------------------------------------------------------


def user_state() -> dict:
    """What the signed-in user read, imported or wrote in this tab (previews, import results,
    failures, confirmations…), in a dict of their own session: another user or session of the
    tab gets another dict, and ``forget_user`` drops it."""
    return st.session_state.setdefault(USER_STATE_PREFIX + (st.session_state.get(OWNER_KEY) or ""), {})


def handed_files() -> set[str]:
    """The ids of the files Streamlit made for this tab's downloads (``note_handed_file``), to
    be deleted from its media store when the session ends. A plain set: written from the
    server thread that writes a download."""
    return st.session_state.setdefault(FILES_KEY, set())


def note_handed_file(files: set[str], data: bytes | str, mime: str, file_name: str) -> None:
    """Remember in ``files`` the media id Streamlit gives ``data`` (its content hash, the way
    ``MediaFileManager.execute_deferred`` stores a clicked download). From any thread."""
    content, _ = convert_data_to_bytes_and_infer_mime(data, unsupported_error=TypeError(type(data)))
    files.add(_calculate_file_id(content, mime, file_name))


def forget_user() -> None:
    """Empty the tab: every key of the session state but the sign-in keys (``KEPT``) — the
    user's state, filters, widgets (uploads, editors, typed text) — and the files Streamlit
    holds for this session: download files it made, callables of download buttons, uploads."""
    _drop_session_files(st.session_state.get(FILES_KEY) or set())
    for key in list(st.session_state.keys()):
        if key not in KEPT:
            del st.session_state[key]


def _drop_session_files(handed: set[str]) -> None:
    """Delete this session's files from Streamlit's media store (those no other session shows:
    two users' identical files are one), its download callables and its uploaded files, so
    an address copied before a sign-out answers 404. Streamlit has no public call for it;
    if its internals change the files are dropped by its own clean-up later, and we log it."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return
    rt = runtime.get_instance()
    manager = rt.media_file_mgr
    try:
        with manager._lock:
            shown_elsewhere = {
                file_id
                for session, by_place in manager._files_by_session_and_coord.items()
                if session != ctx.session_id
                for file_id in by_place.values()
            }
            manager._files_by_session_and_coord.pop(ctx.session_id, None)
            for file_id in set(handed) - shown_elsewhere:
                if file_id in manager._file_metadata:
                    manager._delete_file(file_id)
            for file_id in list(manager._deferred_ids_by_session.get(ctx.session_id, ())):
                manager._drop_deferred_id(file_id)
    except AttributeError:
        log.warning("Streamlit's media store changed: this session's files are left to its own clean-up", exc_info=True)
    rt.uploaded_file_mgr.remove_session_files(ctx.session_id)


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
