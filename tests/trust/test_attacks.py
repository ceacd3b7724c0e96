"""District mode under attack: what a hostile 基层工会 user or observer tried, and the
holes those tries found (issue 7). One regression test per hole, on SQLite and PostgreSQL.

- personal numbers written 3302 1119 9001 0112 34, 1380 013 8000 or in full-width digits
  were stored in clear, and so were numbers in file and sheet names (batches, its report
  JSON, the import report, the rejected-rows download);
- wrong passwords sent at the same moment were all checked before the lockout held;
- a failed sign-in with an unknown name left no audit entry;
- a unit user's unit was matched as typed, not as the store writes names (NFKC, spaces);
- a user row without unit, or with a role nobody knows, saw every unit;
- user names differing only in width or case could be created side by side.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
import unicodedata
import zipfile

import pytest
from argon2 import PasswordHasher
from openpyxl import Workbook
from sqlalchemy import MetaData, select, update

from tests.workbooks import xlsx
from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError, BusyError, UnionStatsError, UsageError
from unionstats.importer import import_bytes
from unionstats.ingest.rejected import rejected_workbook
from unionstats.metrics import compute as metrics
from unionstats.rules.personal import mask_personal
from unionstats.store import list_batches, set_setting, undo_batch, users
from unionstats.store.audit import list_entries
from unionstats.store.schema import login_failures
from unionstats.store.schema import users as users_table

TODAY = dt.date(2024, 12, 31)
PASSWORD = "correct-horse-1"

# --- personal numbers however they are written ----------------------------------------------

ID = "330211199001011234"
ID_X = "33021119900101123x"
PHONE = "13800138000"
PHONE_2 = "13900139000"

WRITTEN = [
    ("3302 1119 9001 0112 34", "3302**********1234"),
    ("3302-1119-9001-0112-34", "3302**********1234"),
    ("330 211 199 001 011 234", "3302**********1234"),
    ("33021119900101123x", "3302**********123x"),
    ("33021119900101123Ｘ", "3302**********123X"),
    ("３３０２１１１９９００１０１１２３４", "3302**********1234"),
    ("138-0013-8000", "138****8000"),
    ("1380 013 8000", "138****8000"),
    ("+86 13800138000", "+86 138****8000"),
    ("+86-138-0013-8000", "+86-138****8000"),
    ("１３８００１３８０００", "138****8000"),
    ("电话 138 0013 8000,身份证 3302 1119 9001 0112 34", "电话 138****8000,身份证 3302**********1234"),
    # not personal numbers: left alone (no birth date, not a mobile, figures in a list)
    ("100 200 300 400 500 600", "100 200 300 400 500 600"),
    ("2024-01-15 至 2024-12-31", "2024-01-15 至 2024-12-31"),
    ("会员统计表２０２４", "会员统计表２０２４"),
]


@pytest.mark.parametrize(("written", "shown"), WRITTEN)
def test_numbers_spaced_dashed_or_full_width_are_masked(written, shown):
    assert mask_personal(written) == shown


CLEAR = [
    re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9])"),
    re.compile(r"(?<![0-9])(?:86)?1[3-9]\d{9}(?![0-9])"),
]


def clear_numbers(text: str) -> list[str]:
    """Clear ID or mobile numbers in ``text``, however spaced, dashed or wide."""
    joined = re.sub(r"(?<=\d)[ \-](?=\d)", "", unicodedata.normalize("NFKC", text))
    return [m.group(0) for pattern in CLEAR for m in pattern.finditer(joined)] + [
        n for n in (ID, ID_X.upper(), PHONE, PHONE_2) if n in joined.upper()
    ]


def welfare_workbook() -> bytes:
    """A ledger whose sheet names, cells and notes carry numbers written every which way."""
    header = ["序号", "单位", "慰问对象", "身份证号", "联系电话", "日期", "类别", "金额", "备注"]
    rows = [
        [
            1,
            "华新工会",
            "王芳 3302 1119 9001 0112 34",
            ID_X,
            "138-0013-8000",
            "2024-01-15",
            "困难职工帮扶",
            2000,
            "电话 1380 013 8000",
        ],
        [
            2,
            "华新工会",
            "李强",
            "3302-1119-9001-0112-34",
            "+86 13900139000",
            "2024-02-01",
            "节日慰问",
            300,
            "１３８００１３８０００",
        ],
        # rejected (no amount): the rejected-rows download shows it
        [3, "华新工会", "赵敏 138 0013 8000", ID, PHONE, "2024-03-01", "节日慰问", "暂缺", "身份证 330 211 199 001 011 234"],
    ]
    book = Workbook()
    first = book.active
    first.title = f"王芳{PHONE}"
    second = book.create_sheet("3302 1119 9001 0112 34")
    for sheet in (first, second):
        sheet.append(["2024年帮扶慰问台账"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        rows = [[r[0], r[1], r[2], r[3], r[4], r[5].replace("2024-0", "2024-1"), *r[6:]] for r in rows]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def store_text(engine) -> str:
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as conn:
        return "\n".join(
            str(tuple(row))
            for table in tables.sorted_tables
            if table.name != "alembic_version"
            for row in conn.execute(select(table))
        )


def workbook_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_file_and_sheet_names_and_odd_writings_never_reach_the_store_or_an_export(engine):
    report, parsed = import_bytes(engine, welfare_workbook(), f"李强{PHONE_2} {ID}.xlsx", today=TODAY)
    assert report["status"] == "imported"
    assert sum(s["stored"] for s in report["sheets"]) == 4 and sum(s["rejected"] for s in report["sheets"]) == 2
    assert clear_numbers(str(report)) == []
    assert clear_numbers(store_text(engine)) == []  # every table: facts, batches (name, report JSON), audit
    assert clear_numbers(str(list_batches(engine))) == []
    rejected = rejected_workbook([parsed])
    assert rejected is not None and clear_numbers(workbook_text(rejected)) == []
    # the masked forms are there: the numbers were found, not dropped with the row
    assert "138****8000" in store_text(engine) and "3302**********1234" in store_text(engine)


# --- sign-in ---------------------------------------------------------------------------------


class SlowHasher(PasswordHasher):
    """A cheap argon2 that takes a moment to verify and counts checks of one hash."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.watched: str | None = None
        self.checked = 0
        self._lock = threading.Lock()

    def verify(self, hash, password):  # noqa: A002 - argon2's own parameter name
        if hash == self.watched:
            with self._lock:
                self.checked += 1
        time.sleep(0.05)
        return super().verify(hash, password)


def test_wrong_passwords_sent_at_once_cannot_pass_the_lockout(engine):
    hasher = SlowHasher()
    previous = users.use_hasher(hasher)
    try:
        users.add_user(engine, "华新", PASSWORD, role=UNIT, unit="华新工会")
        with engine.connect() as conn:
            hasher.watched = conn.execute(select(users_table.c.password_hash)).scalar_one()
        answers: list = []
        tries = [
            threading.Thread(target=lambda i=i: answers.append(users.authenticate(engine, "华新", f"guess-{i:04d}")))
            for i in range(16)
        ]
        for thread in tries:
            thread.start()
        for thread in tries:
            thread.join()
    finally:
        users.use_hasher(previous)
    assert answers == [None] * 16
    # before: all 16 guesses were checked against the real hash
    assert hasher.checked <= users.FREE_FAILURES
    assert users.get_user(engine, "华新").failed_logins == users.FREE_FAILURES
    with engine.connect() as conn:
        counted = conn.execute(select(login_failures.c.source, login_failures.c.failures)).all()
    assert counted == [(users.UNKNOWN_SOURCE, users.FREE_FAILURES)]
    assert users.authenticate(engine, "华新", PASSWORD) is None  # that source waits: even the right one


class CountingHasher(PasswordHasher):
    """A cheap argon2 that takes a while and notes how many verifications ran at once."""

    def __init__(self, pause: float):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.pause, self.running, self.most = pause, 0, 0
        self._lock = threading.Lock()

    def verify(self, hash, password):  # noqa: A002 - argon2's own parameter name
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.pause)
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.running -= 1


def sign_ins_at_once(engine, count: int) -> list:
    """``count`` sign-ins of 华新 from as many sources at once: each one's answer or error."""
    answers: list = []

    def sign_in(i: int) -> None:
        try:
            answers.append(users.authenticate(engine, "华新", "wrong-pass-1" if i % 2 else PASSWORD, source=f"10.9.0.{i}"))
        except UnionStatsError as error:
            answers.append(error)

    tries = [threading.Thread(target=sign_in, args=(i,)) for i in range(count)]
    for thread in tries:
        thread.start()
    for thread in tries:
        thread.join()
    return answers


def test_concurrent_sign_ins_verify_at_most_two_passwords_at_once(engine):
    # issue 17, finding 7: every sign-in at the same moment took argon2's 64 MiB at once
    previous = users.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    users.add_user(engine, "华新", PASSWORD, role=UNIT, unit="华新工会")
    hasher = CountingHasher(pause=0.1)
    users.use_hasher(hasher)
    try:
        answers = sign_ins_at_once(engine, 12)
    finally:
        users.use_hasher(previous)
    assert hasher.most == users.VERIFY_SLOTS == 2  # before: 12
    # everyone waited their turn (well within VERIFY_WAIT_S) and got a real answer
    assert sorted(a.name if a else "refused" for a in answers) == ["refused"] * 6 + ["华新"] * 6


def test_a_sign_in_that_waits_too_long_for_a_slot_is_refused_in_chinese_and_not_counted(engine, monkeypatch):
    previous = users.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    users.add_user(engine, "华新", PASSWORD, role=UNIT, unit="华新工会")
    users.use_hasher(CountingHasher(pause=0.5))
    monkeypatch.setattr(users, "VERIFY_WAIT_S", 0.1)
    try:
        answers = sign_ins_at_once(engine, 6)
    finally:
        users.use_hasher(previous)
    busy = [a for a in answers if isinstance(a, BusyError)]
    assert busy and all(a.message == "登录的人较多,请稍后再试。" for a in busy)
    assert len(answers) == 6  # no thread died: a refusal, not a crash
    with engine.connect() as conn:
        tried = conn.execute(select(login_failures.c.source)).scalars().all()
    assert len(tried) == 6 - len(busy)  # a refused sign-in counted nowhere


@pytest.mark.usefixtures("cheap_passwords")
def test_every_failed_sign_in_is_logged_and_no_password_is(engine):
    users.add_user(engine, "华新", PASSWORD, role=UNIT, unit="华新工会")
    users.add_user(engine, "停用者", PASSWORD, role=OBSERVER)
    users.set_disabled(engine, "停用者")
    typed_as_name = "my-Secret-Pass-9"  # a password typed into the name field
    assert users.authenticate(engine, typed_as_name, "whatever-1") is None
    assert users.authenticate(engine, "华新", "wrong-pass-77") is None
    assert users.authenticate(engine, "停用者", PASSWORD) is None
    assert users.authenticate(engine, "华新", PASSWORD) is not None
    entries = list_entries(engine)
    failed = [(e["user"], e["detail"]["reason"]) for e in entries if e["action"] == "login_failed"]
    assert sorted(failed, key=str) == sorted([(None, "unknown_user"), ("华新", "password"), ("停用者", "disabled")], key=str)
    assert [e["user"] for e in entries if e["action"] == "login"] == ["华新"]
    logged = str(entries)
    assert all(secret not in logged for secret in (typed_as_name, "whatever-1", "wrong-pass-77", PASSWORD))


@pytest.mark.usefixtures("cheap_passwords")
def test_user_names_differing_in_width_or_case_are_one_name(engine):
    users.add_user(engine, "Zhang", PASSWORD, role=OBSERVER)
    for twin in ("zhang", "ZHANG", "Ｚｈａｎｇ", " Zhang "):
        with pytest.raises(UsageError, match="已被使用"):
            users.add_user(engine, twin, PASSWORD, role=ADMIN)
    wide = users.add_user(engine, "ｗａｎｇ２", PASSWORD, role=OBSERVER)
    assert wide.name == "wang2"
    assert users.authenticate(engine, "ｗａｎｇ２", PASSWORD).name == "wang2"
    assert users.authenticate(engine, "zhang", PASSWORD) is None  # case still counts at sign-in


# --- scope: names as the store writes them -----------------------------------------------------

# a space between a letter and a Chinese character is kept (between two Chinese characters it
# is typesetting and goes, §1): "ABC 公司工会" is another name
UNITS = ("ABC公司工会", "ABC公司工会二分厂", "ABC 公司工会", "XABC公司工会")


@pytest.fixture
def look_alikes(engine):
    """Units whose names are a prefix, a suffix or a space apart from one another."""
    rows = [["单位名称", "年度", "职工人数", "会员人数"], *[[u, 2024, 100 + i, 90 + i] for i, u in enumerate(UNITS)]]
    report, _ = import_bytes(engine, xlsx(rows), "会员.xlsx", today=TODAY)
    assert report["sheets"][0]["stored"] == len(UNITS)
    return engine


@pytest.mark.usefixtures("cheap_passwords")
@pytest.mark.parametrize(
    ("typed", "unit"),
    [("ＡＢＣ公司工会", "ABC公司工会"), (" ABC公司工会 ", "ABC公司工会"), ("ABC\u3000\u3000公司工会", "ABC 公司工会")],
)
def test_a_unit_users_unit_matches_exactly_as_the_store_writes_names(look_alikes, typed, unit):
    user = users.add_user(look_alikes, "甲", PASSWORD, role=UNIT, unit=typed)
    assert user.unit == unit
    viewer = users.viewer_for(look_alikes, user)
    assert viewer.units == {unit}
    shown = metrics.compute_metrics(look_alikes, by="unit", viewer=viewer)
    assert set(shown["unit"]) == {unit}
    # a row of their own unit imports; a look-alike's row is refused
    rows = [["单位名称", "年度", "职工人数", "会员人数"], [typed, 2023, 10, 9], *[[u, 2023, 10, 9] for u in UNITS if u != unit]]
    report, _ = import_bytes(look_alikes, xlsx(rows), "两年.xlsx", viewer=viewer, today=TODAY)
    (sheet,) = report["sheets"]
    assert (sheet["stored"], sheet["rejected"]) == (1, len(UNITS) - 1)


@pytest.mark.usefixtures("cheap_passwords")
def test_a_unit_user_row_without_unit_or_with_an_unknown_role_sees_nothing(look_alikes):
    users.add_user(look_alikes, "甲", PASSWORD, role=UNIT, unit="ABC公司工会")
    users.add_user(look_alikes, "乙", PASSWORD, role=OBSERVER, unit="ABC公司工会")
    with look_alikes.begin() as conn:  # rows edited by hand on the server
        conn.execute(update(users_table).where(users_table.c.name == "甲").values(unit=None))
        conn.execute(update(users_table).where(users_table.c.name == "乙").values(role="superuser", unit=None))
    for name in ("甲", "乙"):
        viewer = users.viewer_for(look_alikes, name)
        assert viewer.units == frozenset() and viewer.role != ADMIN
        assert metrics.compute_metrics(look_alikes, viewer=viewer).empty
    assert not users.viewer_for(look_alikes, "乙").can_import


# --- imports and undo aimed at another unit (guards that held) -----------------------------------


def test_a_unit_user_cannot_import_for_another_unit_by_form_title_or_rows(look_alikes):
    viewer = Viewer("甲", UNIT, frozenset({"ABC公司工会"}))
    no_unit_column = xlsx([["年度", "职工人数", "会员人数"], [2022, 10, 9]])
    titled = xlsx([["填报单位:ABC公司工会二分厂"], ["年度", "职工人数", "会员人数"], [2021, 10, 9]])
    for data, unit in ((no_unit_column, "ABC公司工会二分厂"), (titled, None), (no_unit_column, "ＡＢＣ公司工会 二分厂")):
        report, _ = import_bytes(look_alikes, data, "别人的.xlsx", unit=unit, viewer=viewer, today=TODAY)
        (sheet,) = report["sheets"]
        assert sheet["stored"] == 0 and "不在本账号的范围内" in sheet["problems"][0]["message"], report
    assert metrics.compute_metrics(look_alikes, years=("2021", "2022")).empty


def test_nobody_but_their_units_user_or_an_admin_undoes_a_batch_and_observers_write_nothing(look_alikes):
    (batch,) = list_batches(look_alikes)
    for viewer in (
        Viewer("甲", UNIT, frozenset({"ABC公司工会"})),  # the batch holds other units' rows too
        Viewer("乙", OBSERVER),
        Viewer("丙", OBSERVER, frozenset(UNITS)),
    ):
        with pytest.raises(AccessDeniedError):
            undo_batch(look_alikes, batch["id"], viewer=viewer)
        with pytest.raises(AccessDeniedError):
            set_setting(look_alikes, "targets", {"membership_rate": 0.1}, viewer=viewer)
    with pytest.raises(AccessDeniedError):
        import_bytes(
            look_alikes,
            xlsx([["单位名称", "年度", "会员人数"], ["ABC公司工会", 2020, 1]]),
            "x.xlsx",
            viewer=Viewer("乙", OBSERVER),
        )
    assert list_batches(look_alikes)[0]["status"] == "active"
    assert [e["action"] for e in list_entries(look_alikes)] == ["import"]  # refusals leave no entry


# --- the page: a viewer planted in the browser's session state ------------------------------------


@pytest.mark.usefixtures("cheap_passwords")
def test_a_planted_viewer_or_token_in_session_state_is_worth_nothing(sample_url, open_page, monkeypatch):
    from unionstats.store import open_store

    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    engine = open_store(sample_url)
    users.add_user(engine, "华新", PASSWORD, role=UNIT, unit="华新机械有限公司工会")
    planted = "attacker-knows-this-token"
    app = open_page("overview", account_viewer=Viewer("假管理员", ADMIN), account_token=planted)
    assert not app.exception
    assert app.title[0].value == "工会统计看板 · 登录" and "account_viewer" not in app.session_state
    app.text_input(key="account_name").input("华新")
    app.text_input(key="account_password").input(PASSWORD)
    app.button[0].click().run()
    token = app.session_state["account_token"]
    assert token != planted and users.resume_session(engine, planted) is None  # no fixation
    assert users.resume_session(engine, token).units == {"华新机械有限公司工会"}
