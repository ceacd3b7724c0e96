"""unionstats.store.audit: imports, undos, settings, exports and sign-ins leave one entry each,
written in the same transaction as the change; only admins read the log."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workbooks import xlsx
from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError
from unionstats.importer import import_bytes
from unionstats.store import audit, set_setting, undo_batch

MEMBERSHIP = xlsx([["单位名称", "年度", "职工人数", "会员人数"], ["华新工会", 2024, 100, 90]])


def test_import_undo_settings_and_export_are_recorded_with_who_and_what(engine, monkeypatch):
    monkeypatch.setenv("UNIONSTATS_USER", "办公室小李")
    report, _ = import_bytes(engine, MEMBERSHIP, "会员.xlsx", today=dt.date(2024, 12, 31))
    batch = report["batch"]
    undo_batch(engine, batch, viewer=Viewer("张敏", ADMIN))
    set_setting(engine, "targets", {"membership_rate": 0.9}, viewer=Viewer("张敏", ADMIN))
    audit.record(engine, user=None, action="export", detail={"what": "汇总表 2024年"})
    entries = list(reversed(audit.list_entries(engine)))
    operator = f"{audit.system_user()}(自称「办公室小李」)"  # issue 17: a claimed name is marked
    assert [(e["user"], e["action"]) for e in entries] == [
        (operator, "import"),
        ("张敏", "undo"),
        ("张敏", "settings"),
        (operator, "export"),
    ]
    assert entries[0]["detail"] == {"batch": batch, "file": "会员.xlsx", "kinds": ["membership"], "rows": 1, "units": 1}
    assert entries[1]["detail"] == {"batch": batch}
    assert entries[2]["detail"]["key"] == "targets"
    assert entries[3]["detail"] == {"what": "汇总表 2024年"}
    assert all(isinstance(e["at"], dt.datetime) for e in entries)


def test_a_refused_change_leaves_no_entry(engine):
    with pytest.raises(AccessDeniedError):
        set_setting(engine, "targets", {}, viewer=Viewer("华新", UNIT, frozenset({"华新工会"})))
    with pytest.raises(AccessDeniedError):
        import_bytes(engine, MEMBERSHIP, "会员.xlsx", viewer=Viewer("观察", OBSERVER))
    assert audit.list_entries(engine) == []


def test_the_log_is_filtered_by_user_action_and_time(engine):
    t0 = dt.datetime(2025, 1, 1, 8, 0)
    for minutes, (user, action) in enumerate([("甲", "login"), ("乙", "export"), ("甲", "export"), ("甲", "logout")]):
        audit.record(engine, user=user, action=action, now=t0 + dt.timedelta(minutes=minutes))
    assert [e["action"] for e in audit.list_entries(engine, user="甲")] == ["logout", "export", "login"]
    assert [e["user"] for e in audit.list_entries(engine, action="export")] == ["甲", "乙"]
    window = audit.list_entries(engine, since=t0 + dt.timedelta(minutes=1), until=t0 + dt.timedelta(minutes=2))
    assert [(e["user"], e["action_label"]) for e in window] == [("甲", "导出"), ("乙", "导出")]
    assert audit.list_entries(engine, limit=1)[0]["action"] == "logout"
    assert audit.users_in_log(engine) == sorted(["甲", "乙"])
    assert audit.count_entries(engine) == 4


def test_only_an_admin_reads_the_log(engine):
    audit.record(engine, user="甲", action="login")
    assert audit.list_entries(engine, viewer=Viewer("张敏", ADMIN))
    for viewer in (Viewer("华新", UNIT, frozenset({"华新工会"})), Viewer("观察", OBSERVER)):
        with pytest.raises(AccessDeniedError, match="只有区总工会管理员"):
            audit.list_entries(engine, viewer=viewer)


def test_personal_numbers_in_a_detail_are_masked(engine):
    audit.record(engine, user="甲", action="export", detail={"file": "张三330106199001011234.xlsx", "phones": ["13812345678"]})
    (entry,) = audit.list_entries(engine)
    assert entry["detail"] == {"file": "张三3301**********1234.xlsx", "phones": ["138****5678"]}
