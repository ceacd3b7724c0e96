"""unionstats.store.users: accounts, argon2 passwords, lockout, sessions and each user's scope.

Every test runs on SQLite and PostgreSQL. Hashing uses the cheapest argon2 settings
(fixture ``cheap_passwords``); one test checks the real default is argon2id.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.workbooks import xlsx
from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.cli.main import main
from unionstats.errors import AccessDeniedError, UsageError
from unionstats.importer import import_bytes
from unionstats.store import users
from unionstats.store.audit import list_entries
from unionstats.store.schema import login_failures, sessions
from unionstats.store.schema import users as users_table

pytestmark = pytest.mark.usefixtures("cheap_passwords")

T0 = dt.datetime(2025, 3, 1, 9, 0, 0)
PASSWORD = "correct-horse-1"


def membership(*rows: tuple[str, int, int, str | None]) -> bytes:
    """A membership table of (unit, employees, members, 上级工会) for 2024."""
    return xlsx([["单位名称", "年度", "职工人数", "会员人数", "上级工会"], *[[u, 2024, e, m, p] for u, e, m, p in rows]])


@pytest.fixture
def tree(engine):
    """区 → 东城街道总工会 → 华新工会 → 华新一车间工会; 西城街道总工会 → 启明工会."""
    rows = [
        ("东城街道总工会", 10, 9, None),
        ("华新工会", 100, 90, "东城街道总工会"),
        ("华新一车间工会", 40, 30, "华新工会"),
        ("启明工会", 50, 45, "西城街道总工会"),
    ]
    report, _ = import_bytes(engine, membership(*rows), "会员.xlsx", today=dt.date(2024, 12, 31))
    assert report["status"] == "imported"
    return engine


def test_add_user_stores_an_argon2_hash_never_the_password(engine):
    users.add_user(engine, "张敏", PASSWORD, role=ADMIN, now=T0)
    with engine.connect() as conn:
        stored = conn.execute(select(users_table.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert users.get_user(engine, "张敏").role == ADMIN


def test_the_default_hasher_is_argon2id_with_real_cost():
    from argon2 import PasswordHasher, Type

    default = PasswordHasher()
    assert default.type is Type.ID and default.memory_cost >= 65536 and default.time_cost >= 2


@pytest.mark.parametrize(
    ("name", "role", "unit", "password", "says"),
    [
        ("", ADMIN, None, PASSWORD, "请填写用户名"),
        ("有 空格", ADMIN, None, PASSWORD, "不可用"),
        ("李", "boss", None, PASSWORD, "不认识的角色"),
        ("李", ADMIN, "华新工会", PASSWORD, "不需要填写所属单位"),
        ("李", UNIT, None, PASSWORD, "必须填写所属单位"),
        ("李", OBSERVER, None, "short", "密码太短"),
    ],
)
def test_bad_users_are_refused_in_chinese(engine, name, role, unit, password, says):
    with pytest.raises(UsageError, match=says):
        users.add_user(engine, name, password, role=role, unit=unit)


def test_a_name_is_used_once(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER)
    with pytest.raises(UsageError, match="已被使用"):
        users.add_user(engine, "王", PASSWORD, role=OBSERVER)


def test_only_an_admin_manages_users(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER)
    for viewer in (Viewer("赵", UNIT, frozenset({"华新工会"})), Viewer("钱", OBSERVER)):
        with pytest.raises(AccessDeniedError):
            users.add_user(engine, "新", PASSWORD, role=ADMIN, by=viewer)
        with pytest.raises(AccessDeniedError):
            users.set_password(engine, "王", "another-pass-2", by=viewer)
        with pytest.raises(AccessDeniedError):
            users.list_users(engine, by=viewer)
    users.add_user(engine, "新", PASSWORD, role=ADMIN, by=Viewer("管理员", ADMIN))


def test_authenticate_answers_the_same_for_an_unknown_name_and_a_wrong_password(engine):
    users.add_user(engine, "张敏", PASSWORD, role=ADMIN)
    assert users.authenticate(engine, "张敏", PASSWORD, now=T0).name == "张敏"
    assert users.authenticate(engine, "张敏", "wrong-password", now=T0) is None
    assert users.authenticate(engine, "没有这个人", "wrong-password", now=T0) is None
    assert users.authenticate(engine, "", "", now=T0) is None


OFFICE, ATTACKER = "10.0.0.8", "203.0.113.9"  # the user's usual place, a guesser's


def failed_places(engine) -> dict[str, tuple[int, dt.datetime | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(login_failures.c.source, login_failures.c.failures, login_failures.c.blocked_until))
        return {source: (failures, until) for source, failures, until in rows}


def test_wrong_passwords_hold_back_their_source_for_a_growing_time(engine):
    users.add_user(engine, "张敏", PASSWORD, role=ADMIN)
    now = T0
    for _ in range(users.FREE_FAILURES - 1):
        assert users.authenticate(engine, "张敏", "wrong-password", source=ATTACKER, now=now) is None
    assert failed_places(engine) == {ATTACKER: (users.FREE_FAILURES - 1, None)}
    assert users.authenticate(engine, "张敏", "wrong-password", source=ATTACKER, now=now) is None  # the 5th
    held = now + users.LOCKOUT_FIRST
    assert failed_places(engine)[ATTACKER] == (users.FREE_FAILURES, held)
    # while it waits, even the right password from there is refused, like any refusal
    assert users.authenticate(engine, "张敏", PASSWORD, source=ATTACKER, now=now + dt.timedelta(seconds=10)) is None
    # after the wait, one more wrong try holds it back twice as long
    now = held + dt.timedelta(seconds=1)
    assert users.authenticate(engine, "张敏", "wrong-password", source=ATTACKER, now=now) is None
    assert failed_places(engine)[ATTACKER] == (users.FREE_FAILURES + 1, now + 2 * users.LOCKOUT_FIRST)
    # the right password after the wait signs in and clears the counts
    now = now + 2 * users.LOCKOUT_FIRST + dt.timedelta(seconds=1)
    assert users.authenticate(engine, "张敏", PASSWORD, source=ATTACKER, now=now) is not None
    assert users.get_user(engine, "张敏").failed_logins == 0 and failed_places(engine)[ATTACKER] == (0, None)


def test_a_source_held_back_does_not_stop_another_source(engine):
    # issue 17, finding 7: five wrong tries from anywhere locked the account for everyone
    users.add_user(engine, "张敏", PASSWORD, role=ADMIN)
    for second in range(3 * users.FREE_FAILURES):  # the tries while it waits are not even counted
        users.authenticate(engine, "张敏", "wrong-password", source=ATTACKER, now=T0 + dt.timedelta(seconds=second))
    now = T0 + dt.timedelta(seconds=20)
    assert failed_places(engine)[ATTACKER][1] > now
    assert users.authenticate(engine, "张敏", PASSWORD, source=OFFICE, now=now).name == "张敏"
    assert users.authenticate(engine, "张敏", PASSWORD, source=ATTACKER, now=now) is None
    # no address known (localhost, a proxy): one source of its own
    assert users.authenticate(engine, "张敏", PASSWORD, source=None, now=now) is not None
    assert users.UNKNOWN_SOURCE in failed_places(engine)


def test_guesses_spread_over_many_sources_meet_the_accounts_ceiling(engine):
    users.add_user(engine, "张敏", PASSWORD, role=ADMIN)
    users.authenticate(engine, "张敏", PASSWORD, source=OFFICE, now=T0 - dt.timedelta(days=1))  # a known place
    now = T0
    # every source stays under its own limit, yet together they reach the account's ceiling
    guessers = [f"198.51.100.{n}" for n in range(users.ACCOUNT_FREE_FAILURES)]
    for address in guessers:
        assert users.authenticate(engine, "张敏", "wrong-password", source=address, now=now) is None
    account = users.get_user(engine, "张敏")
    assert account.failed_logins == users.ACCOUNT_FREE_FAILURES and account.locked_until == now + users.LOCKOUT_FIRST
    # the user list says what holds, and only while it holds (设置 and `user list`)
    assert account.state_label(now) == f"新来源暂停至 {account.locked_until:%H:%M}"
    assert account.state_label(account.locked_until) == "正常"
    # a new source must wait now, even with the right password; its try is not counted
    later = now + dt.timedelta(seconds=5)
    assert users.authenticate(engine, "张敏", PASSWORD, source="198.51.100.250", now=later) is None
    assert "198.51.100.250" not in failed_places(engine)
    # the delay grows with the next failure after it
    now = account.locked_until + dt.timedelta(seconds=1)
    assert users.authenticate(engine, "张敏", "wrong-password", source="198.51.100.251", now=now) is None
    assert users.get_user(engine, "张敏").locked_until == now + 2 * users.LOCKOUT_FIRST
    # the place the user signed in from before is not held back by the ceiling
    assert users.authenticate(engine, "张敏", PASSWORD, source=OFFICE, now=now + dt.timedelta(seconds=1)) is not None


def test_lockout_doubles_up_to_the_maximum():
    assert users.lockout_for(users.FREE_FAILURES - 1) is None
    assert users.lockout_for(users.FREE_FAILURES) == users.LOCKOUT_FIRST
    assert users.lockout_for(users.FREE_FAILURES + 1) == 2 * users.LOCKOUT_FIRST
    assert users.lockout_for(users.FREE_FAILURES + 20) == users.LOCKOUT_MAX
    assert users.lockout_for(10**6) == users.LOCKOUT_MAX
    ceiling = users.ACCOUNT_FREE_FAILURES
    assert (
        users.lockout_for(ceiling - 1, free=ceiling) is None and users.lockout_for(ceiling, free=ceiling) == users.LOCKOUT_FIRST
    )


def test_a_disabled_user_cannot_sign_in_and_a_new_password_unlocks(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER)
    users.set_disabled(engine, "王")
    assert users.authenticate(engine, "王", PASSWORD) is None
    users.set_disabled(engine, "王", False)
    for _ in range(users.FREE_FAILURES):
        users.authenticate(engine, "王", "wrong-password", now=T0)
    users.set_password(engine, "王", "brand-new-pass")
    assert failed_places(engine) == {}
    assert users.authenticate(engine, "王", "brand-new-pass", now=T0 + dt.timedelta(seconds=1)) is not None


def test_sessions_end_when_idle_or_too_old_and_only_their_hash_is_stored(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER)
    token = users.start_session(engine, "王", now=T0)
    with engine.connect() as conn:
        assert token not in conn.execute(select(sessions.c.token_hash)).scalars().all()
    assert users.resume_session(engine, token, now=T0 + dt.timedelta(minutes=29)).name == "王"
    # kept alive by use, but never beyond the absolute limit
    moment = T0
    while moment + dt.timedelta(minutes=20) < T0 + users.SESSION_ABSOLUTE:
        moment += dt.timedelta(minutes=20)
        assert users.resume_session(engine, token, now=moment) is not None
    assert users.resume_session(engine, token, now=T0 + users.SESSION_ABSOLUTE + dt.timedelta(minutes=1)) is None
    idle = users.start_session(engine, "王", now=T0)
    assert users.resume_session(engine, idle, now=T0 + users.SESSION_IDLE + dt.timedelta(minutes=1)) is None
    assert users.resume_session(engine, "made-up-token") is None
    assert users.resume_session(engine, None) is None


def test_sign_out_disable_and_new_password_end_sessions(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER)
    now = dt.datetime.now().replace(microsecond=0)
    first, second, third = (users.start_session(engine, "王", now=now) for _ in range(3))
    users.end_session(engine, first)
    assert users.resume_session(engine, first, now=now) is None
    users.set_password(engine, "王", "brand-new-pass")
    assert users.resume_session(engine, second, now=now) is None
    token = users.start_session(engine, "王", now=now)
    users.set_disabled(engine, "王")
    assert users.resume_session(engine, token, now=now) is None and third


def test_a_unit_user_sees_their_unit_and_every_unit_below_it(tree):
    users.add_user(tree, "东城", PASSWORD, role=UNIT, unit="东城街道总工会")
    users.add_user(tree, "华新", PASSWORD, role=UNIT, unit="华新工会")
    users.add_user(tree, "观察", PASSWORD, role=OBSERVER)
    users.add_user(tree, "观察华新", PASSWORD, role=OBSERVER, unit="华新工会")
    users.add_user(tree, "管理", PASSWORD, role=ADMIN)
    assert users.viewer_for(tree, "东城").units == {"东城街道总工会", "华新工会", "华新一车间工会"}
    assert users.viewer_for(tree, "华新").units == {"华新工会", "华新一车间工会"}
    assert users.viewer_for(tree, "观察").units is None
    assert users.viewer_for(tree, "观察华新") == Viewer("观察华新", OBSERVER, frozenset({"华新工会", "华新一车间工会"}))
    assert users.viewer_for(tree, "管理").units is None
    # a unit without data yet: the scope is that unit alone
    assert users.unit_scope(tree, "新成立工会") == {"新成立工会"}


def test_a_session_follows_a_changed_role_at_once(tree):
    users.add_user(tree, "华新", PASSWORD, role=UNIT, unit="华新工会")
    token = users.start_session(tree, "华新")
    assert users.resume_session(tree, token).units == {"华新工会", "华新一车间工会"}
    users.set_role(tree, "华新", role=OBSERVER, unit="启明工会")
    assert users.resume_session(tree, token) == Viewer("华新", OBSERVER, frozenset({"启明工会"}))


def test_an_admin_cannot_lock_themself_out(engine):
    admin = Viewer("管理", ADMIN)
    users.add_user(engine, "管理", PASSWORD, role=ADMIN)
    with pytest.raises(UsageError):
        users.set_disabled(engine, "管理", by=admin)
    with pytest.raises(UsageError):
        users.set_role(engine, "管理", role=OBSERVER, by=admin)


def test_user_changes_and_sign_ins_are_audited(engine):
    users.add_user(engine, "王", PASSWORD, role=OBSERVER, by=Viewer("管理", ADMIN))
    users.authenticate(engine, "王", "wrong-password")
    users.authenticate(engine, "王", PASSWORD)
    actions = [(e["user"], e["action"]) for e in reversed(list_entries(engine))]
    assert actions == [("管理", "user_add"), ("王", "login_failed"), ("王", "login")]


def test_district_mode_is_off_unless_the_environment_says(monkeypatch):
    monkeypatch.delenv(users.DISTRICT_MODE_ENV, raising=False)
    assert not users.district_mode()
    for value in ("on", "1", "TRUE", "yes"):
        monkeypatch.setenv(users.DISTRICT_MODE_ENV, value)
        assert users.district_mode()
    monkeypatch.setenv(users.DISTRICT_MODE_ENV, "off")
    assert not users.district_mode()


# --- the command line ------------------------------------------------------------------------


def test_cli_creates_the_first_admin_and_manages_users(store_url, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", "张敏", "--role", "admin", "--password-stdin", "--db", store_url]) == 0
    assert "已新建用户「张敏」(区总工会管理员)" in capsys.readouterr().out
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "unit-pass-123")
    assert main(["user", "add", "华新", "--role", "unit", "--unit", "华新工会", "--db", store_url]) == 0
    assert main(["user", "list", "--db", store_url]) == 0
    listed = capsys.readouterr().out
    assert "张敏  区总工会管理员  全部单位  正常" in listed and "华新  基层工会  华新工会  正常" in listed
    assert main(["user", "disable", "华新", "--db", store_url]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("new-pass-4567\n"))
    assert main(["user", "passwd", "张敏", "--password-stdin", "--db", store_url]) == 0
    from unionstats.store import open_store

    engine = open_store(store_url)
    assert users.authenticate(engine, "张敏", "new-pass-4567") is not None
    assert users.get_user(engine, "华新").disabled


def test_cli_says_what_is_wrong_in_chinese(store_url, monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": pytest.fail("asked for a password before checking the role"))
    assert main(["user", "add", "华新", "--role", "unit", "--db", store_url]) == 1
    assert "必须填写所属单位" in capsys.readouterr().err
    answers = iter(["first-pass-1", "other-pass-2"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["user", "add", "李", "--role", "observer", "--db", store_url]) == 1
    assert "两次输入的密码不一致" in capsys.readouterr().err
    assert main(["user", "passwd", "没有这个人", "--password-stdin", "--db", store_url]) == 1
