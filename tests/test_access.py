"""unionstats.access: what each role may do, the units a viewer reads, who may import which rows."""

from __future__ import annotations

import pytest

from unionstats.access import (
    ADMIN,
    DISTRICT_MODE_ENV,
    OBSERVER,
    ROLE_LABELS,
    UNIT,
    Viewer,
    check_may_import,
    check_switches,
    switch,
    visible_units,
)
from unionstats.errors import AccessDeniedError, ConfigError
from unionstats.store.users import district_mode

HUAXIN = Viewer("华新", UNIT, frozenset({"华新工会", "华新一车间工会"}))


@pytest.mark.parametrize(
    ("viewer", "sees_all", "can_import", "can_change_settings"),
    [
        (Viewer("张敏", ADMIN), True, True, True),
        (HUAXIN, False, True, False),
        (Viewer("观察", OBSERVER), True, False, False),
        (Viewer("观察华新", OBSERVER, frozenset({"华新工会"})), False, False, False),
    ],
)
def test_what_each_role_may_do(viewer, sees_all, can_import, can_change_settings):
    assert (viewer.sees_all, viewer.can_import, viewer.can_change_settings) == (sees_all, can_import, can_change_settings)


def test_every_role_has_a_chinese_label():
    assert ROLE_LABELS == {ADMIN: "区总工会管理员", UNIT: "基层工会", OBSERVER: "观察者"}


@pytest.mark.parametrize(
    ("viewer", "visible"),
    [
        (None, None),  # the one-person mode
        (Viewer("张敏", ADMIN), None),
        (HUAXIN, ("华新一车间工会", "华新工会")),  # sorted: the same SQL for the same scope
        (Viewer("空", UNIT, frozenset()), ()),  # a user without units sees nothing, never everything
    ],
)
def test_visible_units(viewer, visible):
    assert visible_units(viewer) == visible


@pytest.mark.parametrize(
    ("viewer", "units"),
    [
        (None, ["任何单位"]),
        (Viewer("张敏", ADMIN), ["任何单位"]),
        (HUAXIN, ["华新工会", "华新一车间工会"]),
        (HUAXIN, []),
    ],
)
def test_who_may_import_these_units(viewer, units):
    check_may_import(viewer, units)  # no error


def test_an_observer_never_imports_not_even_an_empty_file():
    for observer in (Viewer("观察", OBSERVER), Viewer("观察华新", OBSERVER, frozenset({"华新工会"}))):
        with pytest.raises(AccessDeniedError, match="观察者账号只能查看数据,不能导入文件"):
            check_may_import(observer)


def test_a_unit_user_is_told_how_many_other_units_the_file_holds():
    with pytest.raises(AccessDeniedError, match="文件中有2个其他单位的行,未导入"):
        check_may_import(HUAXIN, ["华新工会", "启明工会", "东城街道总工会", "启明工会"])


# --- the sign-in switch (issue 17, finding 7: UNIONSTATS_AUTH=enabled once meant "off") --------


@pytest.mark.parametrize("value", ["on", "1", "true", "yes", "ON", " True ", "Yes\n"])
def test_on_values_turn_district_mode_on(monkeypatch, value):
    monkeypatch.setenv(DISTRICT_MODE_ENV, value)
    assert switch(DISTRICT_MODE_ENV) and district_mode()


@pytest.mark.parametrize("value", ["off", "0", "false", "no", "", "  ", "OFF", " No "])
def test_off_values_and_unset_turn_it_off(monkeypatch, value):
    monkeypatch.setenv(DISTRICT_MODE_ENV, value)
    assert not district_mode()
    monkeypatch.delenv(DISTRICT_MODE_ENV)
    assert not district_mode()


@pytest.mark.parametrize("value", ["enabled", "enable", "y", "2", "n", "of", "on!", "真"])
def test_any_other_value_stops_with_one_chinese_line_naming_the_accepted_values(monkeypatch, value):
    monkeypatch.setenv(DISTRICT_MODE_ENV, value)
    for check in (district_mode, check_switches):
        with pytest.raises(ConfigError) as raised:
            check()
        message = raised.value.message
        assert "\n" not in message and "UNIONSTATS_AUTH" in message and "无法识别" in message
        assert all(word in message for word in ("on", "1", "true", "yes", "off", "0", "false", "no", "不设置"))
