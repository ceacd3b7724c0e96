"""unionstats.store.users: the signed session cookie (``signed_token`` / ``token_in``).

The browser keeps ``token.expires.signature``; a reload or a second tab hands it back. The
signature and the end it carries are checked before the store is asked, the session row
(``resume_session``) says whether it is still live: a sign-out revokes it everywhere.
Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import pytest

from unionstats.access import UNIT
from unionstats.store import users

pytestmark = pytest.mark.usefixtures("cheap_passwords")

T0 = dt.datetime(2025, 3, 1, 9, 0, 0)


@pytest.fixture
def session(engine):
    """(token, signed cookie value) of a session of a unit user started at T0."""
    users.add_user(engine, "华新", "unit-pass-123", role=UNIT, unit="华新工会")
    token = users.start_session(engine, "华新", now=T0)
    return token, users.signed_token(engine, token, now=T0)


def test_the_cookie_carries_the_token_and_its_absolute_end(engine, session):
    token, signed = session
    carried, expires, signature = signed.split(".")
    assert carried == token
    assert int(expires) == int((T0 + users.SESSION_ABSOLUTE).timestamp())
    assert len(signature) == 64  # HMAC-SHA256, hex
    assert users.token_in(engine, signed, now=T0 + dt.timedelta(minutes=5)) == token


def test_a_cookie_past_its_end_is_refused(engine, session):
    _, signed = session
    end = T0 + users.SESSION_ABSOLUTE
    assert users.token_in(engine, signed, now=end - dt.timedelta(seconds=1)) is not None
    assert users.token_in(engine, signed, now=end) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t, e, s: f"{t}.{int(e) + 86400}.{s}",  # the end moved a day on
        lambda t, e, s: f"{t[:-1]}{'A' if t[-1] != 'A' else 'B'}.{e}.{s}",  # another token
        lambda t, e, s: f"{t}.{e}.{s[:-1]}{'0' if s[-1] != '0' else '1'}",  # the signature changed
        lambda t, e, s: f"{t}.{e}",  # no signature
        lambda t, e, s: t,  # the bare token
        lambda t, e, s: f"{t}.soon.{s}",
        lambda t, e, s: "",
    ],
    ids=["later_end", "other_token", "signature", "unsigned", "bare_token", "bad_end", "empty"],
)
def test_a_changed_cookie_is_refused(engine, session, tamper):
    token, signed = session
    assert users.token_in(engine, tamper(*signed.split(".")), now=T0) is None


def test_a_cookie_signed_with_another_key_is_refused(engine, session):
    token, _ = session
    expires = int((T0 + users.SESSION_ABSOLUTE).timestamp())
    forged = hmac.new(b"not the store's key", f"{token}.{expires}".encode(), hashlib.sha256).hexdigest()
    assert users.token_in(engine, f"{token}.{expires}.{forged}", now=T0) is None


def test_a_valid_cookie_of_a_signed_out_session_resumes_nothing(engine, session):
    token, signed = session
    later = T0 + dt.timedelta(minutes=5)
    assert users.resume_session(engine, users.token_in(engine, signed, now=later), now=later).name == "华新"
    users.end_session(engine, token, now=later)
    # the signature still holds, but the store no longer has the session: every tab is signed out
    assert users.token_in(engine, signed, now=later) == token
    assert users.resume_session(engine, users.token_in(engine, signed, now=later), now=later) is None


def test_the_cookie_keeps_the_idle_rule_of_the_store(engine, session):
    _, signed = session
    idle = T0 + users.SESSION_IDLE + dt.timedelta(minutes=1)
    assert users.token_in(engine, signed, now=idle) is not None  # within the cookie's 8 h …
    assert users.resume_session(engine, users.token_in(engine, signed, now=idle), now=idle) is None  # … but idle
