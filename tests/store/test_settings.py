"""unionstats.store.settings: settings as JSON by key, only an admin changes them, each
change audited; the store's own values are made once and never audited.

Runs on SQLite and PostgreSQL (the ``engine`` fixture).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert

from unionstats.access import ADMIN, OBSERVER, UNIT, Viewer
from unionstats.errors import AccessDeniedError
from unionstats.store import audit
from unionstats.store.engine import local_now
from unionstats.store.schema import settings
from unionstats.store.settings import (
    ALIASES_SETTING,
    AUDITED_VALUE_CHARS,
    CATEGORY_RULES_SETTING,
    SALT_SETTING,
    STANDARDS_SETTING,
    TARGETS_SETTING,
    get_setting,
    set_setting,
    setting_once,
)


def test_settings_round_trip_as_json(engine):
    assert get_setting(engine, "targets") is None
    assert get_setting(engine, "targets", {}) == {}
    set_setting(engine, "targets", {"入会率": 0.95, "单位": ["甲", "乙"]})
    set_setting(engine, "targets", {"入会率": 0.9})
    assert get_setting(engine, "targets") == {"入会率": 0.9}


@pytest.mark.parametrize("value", [[["membership", "members", "在册会员"]], {"住院慰问": 800.5}, [], 0, "文字", True])
def test_any_json_value_comes_back_as_stored(engine, value):
    set_setting(engine, "any", value)
    assert get_setting(engine, "any", "unset") == value


def test_every_key_is_its_own_and_the_old_store_salt_is_hidden():
    keys = [TARGETS_SETTING, ALIASES_SETTING, STANDARDS_SETTING, CATEGORY_RULES_SETTING, SALT_SETTING]
    assert len(set(keys)) == len(keys)
    assert SALT_SETTING.startswith("_")  # not a user setting


@pytest.mark.parametrize("viewer", [Viewer("华新", UNIT, frozenset({"华新工会"})), Viewer("观察", OBSERVER)])
def test_only_an_admin_changes_a_setting(engine, viewer):
    set_setting(engine, "targets", {"membership_rate": 0.9})
    with pytest.raises(AccessDeniedError, match="只有区总工会管理员可以修改设置"):
        set_setting(engine, "targets", {"membership_rate": 0.1}, viewer=viewer)
    assert get_setting(engine, "targets") == {"membership_rate": 0.9}
    set_setting(engine, "targets", {"membership_rate": 0.8}, viewer=Viewer("张敏", ADMIN))
    assert get_setting(engine, "targets") == {"membership_rate": 0.8}


def test_a_change_is_audited_with_who_and_a_shortened_value(engine):
    long_text = "词" * (AUDITED_VALUE_CHARS * 2)
    set_setting(engine, "aliases", [long_text], viewer=Viewer("张敏", ADMIN))
    (entry,) = audit.list_entries(engine)
    assert (entry["user"], entry["action"], entry["detail"]["key"]) == ("张敏", "settings", "aliases")
    assert entry["detail"]["value"] == json.dumps([long_text], ensure_ascii=False)[:AUDITED_VALUE_CHARS] + "…"


def test_a_store_value_is_made_once_and_not_audited(engine):
    made = []

    def make():
        made.append(1)
        return f"salt-{len(made)}"

    assert setting_once(engine, SALT_SETTING, make) == "salt-1"
    assert setting_once(engine, SALT_SETTING, make) == "salt-1"
    assert made == [1]
    assert audit.list_entries(engine) == []


def test_when_another_process_stores_it_first_its_value_wins(engine):
    def make_while_another_stores_it():
        with engine.begin() as conn:  # the other process, between our look and our insert
            conn.execute(insert(settings).values(key=SALT_SETTING, value=json.dumps("theirs"), updated_at=local_now()))
        return "ours"

    assert setting_once(engine, SALT_SETTING, make_while_another_stores_it) == "theirs"
    assert get_setting(engine, SALT_SETTING) == "theirs"
