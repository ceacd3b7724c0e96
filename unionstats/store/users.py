"""Users, passwords and sessions of district mode (product.md "Where it runs").

District mode is switched on by the environment: ``UNIONSTATS_AUTH=on``. Off (the
default) nobody signs in and the library is called with ``viewer=None`` (everything);
that is meant for one person on localhost only.

- Passwords are hashed with argon2id (argon2-cffi); verification is the library's
  constant-time check. The hash carries its own salt and cost, so stronger settings
  later rehash a password at its next sign-in.
- Lockout is per account *and source* (the client's address as Streamlit sees it; None,
  e.g. localhost or a proxy that passes no X-Forwarded-For, is the one source "unknown"), with
  growing delays instead of a hard lock (issue 17, finding 7). From the ``FREE_FAILURES``-th
  wrong password in a row from one source on, that source must wait ``LOCKOUT_FIRST``,
  doubling with every further failure up to ``LOCKOUT_MAX``; the right password from
  another source still signs in. Across all sources the account has a higher ceiling
  (``ACCOUNT_FREE_FAILURES``, then the same growing delays), so guesses spread over many
  addresses are slowed too; a source that signed in as this user within ``KNOWN_SOURCE``
  is not held back by that ceiling, only by its own count. ``authenticate`` answers the same
  (None) for an unknown name, a wrong password, a disabled account or a source that must
  wait, and verifies a dummy hash for unknown names so that timing does not tell.
- At most ``VERIFY_SLOTS`` argon2 computations (64 MiB each) run at once in a process; a
  sign-in that finds no free slot within ``VERIFY_WAIT_S`` is refused with ``BusyError``
  (登录的人较多,请稍后再试), nothing counted.
- A session is a random token held by the browser; the store keeps only its sha256 in
  ``sessions``. It ends after ``SESSION_IDLE`` without use or ``SESSION_ABSOLUTE`` after
  sign-in, when the user signs out, is disabled or gets a new password. The viewer is
  worked out again on every resume, so a changed role or unit applies at once.
- The browser keeps the token in a cookie, signed (``signed_token``): the token, the
  moment the session ends at the latest (``SESSION_ABSOLUTE`` after sign-in) and an HMAC of
  both, so a reload or a second tab resumes the session, a cookie changed or past its end is
  refused before the store is asked (``token_in``), and a sign-out (the row deleted) revokes
  it in every tab.
- ``viewer_for`` gives the library's ``Viewer``: an admin sees every unit; a unit user
  their unit and every unit below it (上级工会, resolved recursively); an observer reads
  only, every unit or one unit's tree.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from unionstats.access import ADMIN, DISTRICT_MODE_ENV, OBSERVER, ROLE_LABELS, UNIT, Viewer, switch
from unionstats.errors import AccessDeniedError, BusyError, StoreError, UsageError
from unionstats.ingest.clean import clean_name
from unionstats.store.audit import operator_name, record_in
from unionstats.store.engine import describe_error, local_now, reading
from unionstats.store.keys import signing_key
from unionstats.store.schema import login_failures, sessions, users
from unionstats.store.units import unit_scope

SESSION_ABSOLUTE = timedelta(hours=8)  # a session ends this long after sign-in
SESSION_IDLE = timedelta(minutes=30)  # … or after this long without use
_TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most this often

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 100
FREE_FAILURES = 5  # wrong passwords in a row from one source before it must wait
LOCKOUT_FIRST = timedelta(seconds=30)  # then 1 min, 2 min, … (doubling) …
LOCKOUT_MAX = timedelta(minutes=15)  # … up to this
# Across all sources: four sources' worth of free tries (a user mistyping at the office, at
# home and on a phone stays far below), then the same growing delays — a guesser with many
# addresses gets 20 guesses, then about four an hour. A known source is not held back by it.
ACCOUNT_FREE_FAILURES = 20
KNOWN_SOURCE = timedelta(days=30)  # a source that signed in this recently is known
UNKNOWN_SOURCE = "unknown"  # the source of a sign-in whose address is not known
MAX_SOURCE_LENGTH = 64

VERIFY_SLOTS = 2  # argon2 computations at once per process (64 MiB each)
VERIFY_WAIT_S = 5.0  # a sign-in waits this long for a slot, then is refused
BUSY = "登录的人较多,请稍后再试。"
_argon2_slots = threading.BoundedSemaphore(VERIFY_SLOTS)

ROLES = (ADMIN, UNIT, OBSERVER)

# argon2-cffi's defaults (RFC 9106 low-memory profile: 3 passes, 64 MiB). Tests swap in
# a cheap hasher with ``use_hasher``; never do that on a server.
_hasher = PasswordHasher()
_dummy_hash: str | None = None


def district_mode() -> bool:
    """True when ``UNIONSTATS_AUTH`` is on (on / 1 / true / yes): sign-in and roles apply;
    False when off (off / 0 / false / no / unset). Any other value raises ``ConfigError``:
    a mistyped switch never leaves a server without sign-in (``unionstats.switches``)."""
    return switch(DISTRICT_MODE_ENV)


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new passwords with ``hasher`` (tests: a cheap one); returns the one it replaces."""
    global _hasher, _dummy_hash
    previous, _hasher, _dummy_hash = _hasher, hasher, None
    return previous


@dataclass(frozen=True)
class User:
    """A user as stored (without the password hash). ``unit`` None: every unit."""

    name: str
    role: str
    unit: str | None
    created_at: datetime
    disabled: bool
    failed_logins: int
    locked_until: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def state_label(self, now: datetime | None = None) -> str:
        """已停用, 正常, or — while the account's ceiling of wrong passwords across sources holds
        new sources back (``locked_until``; sources it signed in from go on) — 新来源暂停至 HH:MM."""
        if self.disabled:
            return "已停用"
        if self.locked_until is not None and self.locked_until > (now or local_now()):
            return f"新来源暂停至 {self.locked_until:%H:%M}"
        return "正常"


# --- managing users (admins, or the operator at the command line: by=None) ----------------


def add_user(
    engine: Engine,
    name: str,
    password: str,
    *,
    role: str,
    unit: str | None = None,
    by: Viewer | None = None,
    now: datetime | None = None,
) -> User:
    """Create a user. ``role``: admin | unit | observer; ``unit`` required for a unit user,
    optional for an observer (None: every unit), not allowed for an admin.

    ``by``: the signed-in admin doing it (None: the operator at the command line).
    Raises ``UsageError`` for a bad name, role, unit or short password or a name in use,
    ``AccessDeniedError`` when ``by`` is not an admin.
    """
    _require_admin(by)
    name, unit = check_user_fields(name, role, unit)
    _check_password(password)
    now = now or local_now()
    try:
        with engine.begin() as conn:
            # Admin and admin, or 张敏 and 张敏 typed twice, are one name to the eye: refused
            taken = {n.casefold() for n in conn.execute(select(users.c.name)).scalars()}
            if name.casefold() in taken:
                raise UsageError(f"用户名「{name}」已被使用,请换一个。")
            conn.execute(
                insert(users).values(
                    name=name,
                    password_hash=_hash(password),
                    role=role,
                    unit=unit,
                    created_at=now,
                    disabled=False,
                    failed_logins=0,
                    locked_until=None,
                )
            )
            record_in(conn, user=_actor(by), action="user_add", detail={"name": name, "role": role, "unit": unit}, now=now)
    except IntegrityError as exc:  # two admins adding the same name at once
        raise UsageError(f"用户名「{name}」已被使用,请换一个。") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"无法保存用户「{name}」:{describe_error(exc)}。") from exc
    return _get(engine, name)


def set_password(engine: Engine, name: str, password: str, *, by: Viewer | None = None, now: datetime | None = None) -> None:
    """Give ``name`` a new password; unlocks the account and ends its sessions."""
    _require_admin(by)
    _check_password(password)
    _change(
        engine,
        name,
        {"password_hash": _hash(password), "failed_logins": 0, "locked_until": None},
        action="user_password",
        detail={"name": name},
        by=by,
        now=now,
        end_sessions=True,
    )


def set_role(
    engine: Engine, name: str, *, role: str, unit: str | None = None, by: Viewer | None = None, now: datetime | None = None
) -> None:
    """Change a user's role and unit (same rules as ``add_user``); applies at their next page."""
    _require_admin(by)
    unit = _check_role(role, unit)
    if by is not None and by.name == name and role != ADMIN:
        raise UsageError("不能取消自己的管理员角色,请由另一位管理员操作。")
    _change(
        engine,
        name,
        {"role": role, "unit": unit},
        action="user_role",
        detail={"name": name, "role": role, "unit": unit},
        by=by,
        now=now,
    )


def set_disabled(
    engine: Engine, name: str, disabled: bool = True, *, by: Viewer | None = None, now: datetime | None = None
) -> None:
    """Disable a user (they cannot sign in; their sessions end) or enable them again."""
    _require_admin(by)
    if disabled and by is not None and by.name == name:
        raise UsageError("不能停用自己的账号,请由另一位管理员操作。")
    _change(
        engine,
        name,
        {"disabled": disabled, "failed_logins": 0, "locked_until": None},
        action="user_disable" if disabled else "user_enable",
        detail={"name": name},
        by=by,
        now=now,
        end_sessions=disabled,
    )


def list_users(engine: Engine, *, by: Viewer | None = None) -> list[User]:
    """Every user, by name (admins only: the list names every unit)."""
    _require_admin(by)
    with reading(engine, "用户信息") as conn:
        rows = conn.execute(select(users).order_by(users.c.name)).mappings().all()
    return [_user(row) for row in rows]


def get_user(engine: Engine, name: str) -> User | None:
    """The user called ``name``, or None."""
    with reading(engine, "用户信息") as conn:
        row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
    return _user(row) if row else None


def count_admins(engine: Engine) -> int:
    """How many enabled admins there are (0: create the first with the command line)."""
    with reading(engine, "用户信息") as conn:
        found = conn.execute(select(users.c.id).where(users.c.role == ADMIN, users.c.disabled.is_(False))).all()
    return len(found)


# --- signing in ----------------------------------------------------------------------------


def authenticate(
    engine: Engine, name: str, password: str, *, source: str | None = None, now: datetime | None = None
) -> User | None:
    """The user when ``name`` and ``password`` match an enabled account and ``source`` (the
    client's address; None: ``UNKNOWN_SOURCE``) need not wait; else None.

    Every refusal looks the same to the caller (never whether the name exists) and takes
    the same work: a password hash is verified and one audit entry written. A try is
    counted *before* the password is checked, in one transaction with the delay it calls
    for (``_claim_try``), so many tries sent at the same moment cannot pass it: at most
    ``FREE_FAILURES`` wrong passwords from one source are checked before it must wait. A
    right password clears the count of its source and of the account. Raises ``BusyError``
    when no argon2 slot frees within ``VERIFY_WAIT_S`` (nothing counted), ``StoreError``.
    """
    now = now or local_now()
    source = _source(source)
    with _argon2_slot():
        raw = (name or "").strip()
        typed = {_typed_name(name), raw} - {""}  # the folded name, or one stored before names were folded
        row = None
        if typed:
            query = select(users).where(users.c.name.in_(typed)).order_by((users.c.name == raw).desc(), users.c.id)
            with reading(engine, "用户信息") as conn:
                row = conn.execute(query).mappings().first()
        name = row["name"] if row is not None else ""
        failures = None if row is None or row["disabled"] else _claim_try(engine, name, source, now)
        if failures is None:
            _verify_dummy(password)  # the same work as a real check: timing does not tell
            reason = "unknown_user" if row is None else ("disabled" if row["disabled"] else "locked")
            with _writing(engine) as conn:
                # an unknown name is not kept: it may be a password typed into the wrong field
                user = None if row is None else name
                record_in(conn, user=user, action="login_failed", detail={"reason": reason, "source": source}, now=now)
            return None
        try:
            _hasher.verify(row["password_hash"], password or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            with _writing(engine) as conn:
                detail = {"reason": "password", "failures": failures, "source": source}
                record_in(conn, user=name, action="login_failed", detail=detail, now=now)
            return None
        changes: dict = {"failed_logins": 0, "locked_until": None}
        if _hasher.check_needs_rehash(row["password_hash"]):
            changes["password_hash"] = _hasher.hash(password)
    with _writing(engine) as conn:
        conn.execute(update(users).where(users.c.name == name).values(**changes))  # first: the row's lock
        _note_success(conn, name, source, now)
        record_in(conn, user=name, action="login", detail={"source": source}, now=now)
    return _get(engine, name)


def _claim_try(engine: Engine, name: str, source: str, now: datetime) -> int | None:
    """Count one sign-in try of ``name`` from ``source`` as failed until it succeeds, and
    hold the source (and, past the ceiling, the account) back as long as the count calls
    for: the source's failures so far, or None when it must wait now (nothing counted).

    The first statement updates the user's row: it takes that row's write lock
    (PostgreSQL) or the database's (SQLite), so every try of one user, from any source,
    waits for the one before to be counted, then sees its delay.
    """
    with _writing(engine) as conn:
        conn.execute(update(users).where(users.c.name == name).values(failed_logins=users.c.failed_logins))
        account = conn.execute(select(users.c.failed_logins, users.c.locked_until).where(users.c.name == name)).one()
        here = (login_failures.c.user_name == name) & (login_failures.c.source == source)
        place = conn.execute(select(login_failures).where(here)).mappings().first()
        if place is not None and place["blocked_until"] is not None and place["blocked_until"] > now:
            return None
        known = place is not None and place["last_success"] is not None and now - place["last_success"] <= KNOWN_SOURCE
        if not known and account.locked_until is not None and account.locked_until > now:
            return None
        total = account.failed_logins + 1
        hold = lockout_for(total, free=ACCOUNT_FREE_FAILURES)
        conn.execute(
            update(users)
            .where(users.c.name == name)
            .values(failed_logins=total, locked_until=account.locked_until if hold is None else now + hold)
        )
        failures = 1 if place is None else place["failures"] + 1
        wait = lockout_for(failures)
        values = {"failures": failures, "last_try": now, "blocked_until": None if wait is None else now + wait}
        if place is None:
            conn.execute(insert(login_failures).values(user_name=name, source=source, **values))
        else:
            conn.execute(update(login_failures).where(here).values(**values))
    return failures


def _note_success(conn: Connection, name: str, source: str, now: datetime) -> None:
    """After a right password: the source's count cleared and the source known; places not
    heard from in ``KNOWN_SOURCE`` forgotten (the table stays small)."""
    here = (login_failures.c.user_name == name) & (login_failures.c.source == source)
    values = {"failures": 0, "blocked_until": None, "last_try": now, "last_success": now}
    if not conn.execute(update(login_failures).where(here).values(**values)).rowcount:
        conn.execute(insert(login_failures).values(user_name=name, source=source, **values))
    conn.execute(delete(login_failures).where(login_failures.c.user_name == name, login_failures.c.last_try < now - KNOWN_SOURCE))


def lockout_for(failures: int, *, free: int = FREE_FAILURES) -> timedelta | None:
    """How long to wait after ``failures`` wrong passwords in a row (None: not at all): none
    for the first ``free`` - 1, then ``LOCKOUT_FIRST`` doubling up to ``LOCKOUT_MAX``."""
    if failures < free:
        return None
    return min(LOCKOUT_FIRST * 2 ** min(failures - free, 32), LOCKOUT_MAX)


def _source(source: str | None) -> str:
    """A sign-in's source as stored: the address trimmed to 64 characters, or "unknown"."""
    source = (source or "").strip()[:MAX_SOURCE_LENGTH]
    return source or UNKNOWN_SOURCE


@contextmanager
def _argon2_slot() -> Iterator[None]:
    """One of the ``VERIFY_SLOTS`` argon2 slots of this process, or ``BusyError`` when none
    frees within ``VERIFY_WAIT_S``: many sign-ins at once cannot take 64 MiB each."""
    if not _argon2_slots.acquire(timeout=VERIFY_WAIT_S):
        raise BusyError(BUSY)
    try:
        yield
    finally:
        _argon2_slots.release()


def _hash(password: str) -> str:
    """A new password's argon2 hash, computed in one of the process's slots."""
    with _argon2_slot():
        return _hasher.hash(password)


def viewer_for(engine: Engine, user: User | str) -> Viewer:
    """The library's ``Viewer`` for a user: admins and all-unit observers see every unit
    (``units`` None); a unit user or a unit observer sees their unit and every unit below
    it. Raises ``UsageError`` for an unknown user name."""
    if isinstance(user, str):
        found = get_user(engine, user)
        if found is None:
            raise UsageError(f"用户「{user}」不存在。")
        user = found
    if user.role == ADMIN or (user.role == OBSERVER and user.unit is None):
        return Viewer(name=user.name, role=user.role, units=None)
    if user.role not in ROLES or user.unit is None:
        # a row edited by hand (a unit user without unit, a role we do not know): nothing,
        # never "every unit"
        return Viewer(name=user.name, role=user.role if user.role in ROLES else OBSERVER, units=frozenset())
    return Viewer(name=user.name, role=user.role, units=unit_scope(engine, user.unit))


# --- sessions ------------------------------------------------------------------------------


def start_session(engine: Engine, name: str, *, now: datetime | None = None) -> str:
    """A new session for a user who has just signed in: the token for the browser to keep."""
    now = now or local_now()
    token = secrets.token_urlsafe(32)
    with _writing(engine) as conn:
        conn.execute(insert(sessions).values(token_hash=_token_hash(token), user_name=name, created_at=now, last_seen=now))
        # sessions long over are cleared as others start: the table stays small
        conn.execute(delete(sessions).where(sessions.c.created_at < now - SESSION_ABSOLUTE))
    return token


def resume_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> Viewer | None:
    """The viewer of a live session, or None when the token is unknown, the session has
    expired (idle or absolute) or the user is disabled; a live session is kept alive."""
    if not token:
        return None
    now = now or local_now()
    key = _token_hash(token)
    with reading(engine, "用户信息") as conn:
        row = (
            conn.execute(
                select(sessions, users.c.disabled)
                .join(users, users.c.name == sessions.c.user_name)
                .where(sessions.c.token_hash == key)
            )
            .mappings()
            .first()
        )
    if row is None:
        return None
    if row["disabled"] or now - row["created_at"] > SESSION_ABSOLUTE or now - row["last_seen"] > SESSION_IDLE:
        _delete_session(engine, key)
        return None
    if now - row["last_seen"] >= _TOUCH_EVERY:
        with _writing(engine) as conn:
            conn.execute(update(sessions).where(sessions.c.token_hash == key).values(last_seen=now))
    user = get_user(engine, row["user_name"])
    return viewer_for(engine, user) if user is not None else None


def end_session(engine: Engine, token: str | None, *, now: datetime | None = None) -> None:
    """Sign out: forget the session (nothing happens for an unknown token)."""
    if not token:
        return
    key = _token_hash(token)
    with reading(engine, "用户信息") as conn:
        name = conn.execute(select(sessions.c.user_name).where(sessions.c.token_hash == key)).scalar()
    if name is None:
        return
    with _writing(engine) as conn:
        conn.execute(delete(sessions).where(sessions.c.token_hash == key))
        record_in(conn, user=name, action="logout", now=now)


def signed_token(engine: Engine, token: str, *, now: datetime | None = None) -> str:
    """The cookie value of a session just started: ``token.expires.signature`` — the token,
    when the session ends at the latest (Unix seconds, ``SESSION_ABSOLUTE`` after ``now``)
    and the HMAC-SHA256 of both under the store's signing key."""
    expires = int(((now or local_now()) + SESSION_ABSOLUTE).timestamp())
    body = f"{token}.{expires}"
    return f"{body}.{_signature(engine, body)}"


def token_in(engine: Engine, signed: str | None, *, now: datetime | None = None) -> str | None:
    """The session token a cookie value carries, when its signature holds and its end is
    still ahead; None for anything else (changed, cut, expired, not ours). Whether the
    session is still live (not signed out, not idle) is ``resume_session``'s to say."""
    if not isinstance(signed, str):
        return None
    token, _, rest = signed.partition(".")
    expires, _, signature = rest.partition(".")
    if not token or not expires.isdigit() or not signature:
        return None
    if not hmac.compare_digest(signature, _signature(engine, f"{token}.{expires}")):
        return None
    if int(expires) <= (now or local_now()).timestamp():
        return None
    return token


def _signature(engine: Engine, body: str) -> str:
    return hmac.new(signing_key(engine), body.encode(), hashlib.sha256).hexdigest()


# --- helpers -------------------------------------------------------------------------------


def _require_admin(by: Viewer | None) -> None:
    if by is not None and by.role != ADMIN:
        raise AccessDeniedError("只有区总工会管理员可以管理用户。")


def _actor(by: Viewer | None) -> str | None:
    if by is not None:
        return by.name
    return operator_name(None)


def check_user_fields(name: str, role: str, unit: str | None) -> tuple[str, str | None]:
    """(name, unit) cleaned, or ``UsageError`` when they or the role cannot be used
    (before asking for a password: a typo is told at once)."""
    return _check_name(name), _check_role(role, unit)


def _typed_name(name: str | None) -> str:
    """A user name as stored: NFKC (full-width letters and digits as ASCII), trimmed."""
    return unicodedata.normalize("NFKC", name or "").strip()


def _check_name(name: str) -> str:
    name = _typed_name(name)
    if not name:
        raise UsageError("请填写用户名。")
    if len(name) > MAX_NAME_LENGTH or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise UsageError(f"用户名「{name[:20]}」不可用:请用不超过{MAX_NAME_LENGTH}个字符、不含空格的名字。")
    return name


def _check_role(role: str, unit: str | None) -> str | None:
    if role not in ROLES:
        raise UsageError(f"不认识的角色「{role}」:只能是 admin(区总工会管理员)、unit(基层工会)或 observer(观察者)。")
    unit = clean_name(unit)  # as the store writes unit names: NFKC, spaces collapsed
    if role == ADMIN and unit is not None:
        raise UsageError("区总工会管理员可以看到所有单位,不需要填写所属单位。")
    if role == UNIT and unit is None:
        raise UsageError("基层工会用户必须填写所属单位(与台账中的单位名称一致)。")
    return unit


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UsageError(f"密码太短:至少需要{MIN_PASSWORD_LENGTH}个字符。")


def _verify_dummy(password: str) -> None:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_hex(16))
    try:
        _hasher.verify(_dummy_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass


def _change(
    engine: Engine,
    name: str,
    values: dict,
    *,
    action: str,
    detail: dict,
    by: Viewer | None,
    now: datetime | None,
    end_sessions: bool = False,
) -> None:
    now = now or local_now()
    with _writing(engine) as conn:
        changed = conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount
        if not changed:
            raise UsageError(f"用户「{name}」不存在。")
        if "failed_logins" in values:  # unlocked: every source may try again at once
            conn.execute(delete(login_failures).where(login_failures.c.user_name == name))
        if end_sessions:
            conn.execute(delete(sessions).where(sessions.c.user_name == name))
        record_in(conn, user=_actor(by), action=action, detail=detail, now=now)


def _delete_session(engine: Engine, key: str) -> None:
    with _writing(engine) as conn:
        conn.execute(delete(sessions).where(sessions.c.token_hash == key))


def _get(engine: Engine, name: str) -> User:
    user = get_user(engine, name)
    assert user is not None
    return user


def _user(row) -> User:
    return User(
        name=row["name"],
        role=row["role"],
        unit=row["unit"],
        created_at=row["created_at"],
        disabled=bool(row["disabled"]),
        failed_logins=int(row["failed_logins"] or 0),
        locked_until=row["locked_until"],
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@contextmanager
def _writing(engine: Engine) -> Iterator[Connection]:
    """One transaction; database errors become ``StoreError`` (the change is not kept)."""
    try:
        with engine.begin() as conn:
            yield conn
    except SQLAlchemyError as exc:
        raise StoreError(f"无法保存用户信息:{describe_error(exc)}。请检查数据库是否可用。") from exc
