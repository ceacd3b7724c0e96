"""unionstats.metrics.catalog.reporting_status: which units have reported a kind for a period (报送情况);
reporting_reminders: the 催报 list, units × kinds.

Runs on SQLite and PostgreSQL (the ``engine`` fixture). The unit tree is every unit with
facts of any kind, so a unit known only from the 单位信息 registry shows as not reported.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.workbooks import xlsx
from unionstats.access import UNIT, Viewer
from unionstats.errors import UsageError
from unionstats.importer import import_bytes
from unionstats.metrics.catalog import MISSING, NOT_EXPECTED, REPORTED, reporting_reminders, reporting_status

TODAY = dt.date(2024, 12, 31)

MEMBERSHIP = [
    ["单位名称", "年度", "职工人数", "会员人数", "上级工会"],
    ["甲工会", "2023", 100, 95, "东城街道总工会"],
    ["甲工会", "2024", 110, 105, "东城街道总工会"],
    ["乙工会", "2023", 50, 40, "西城街道总工会"],
]
DUES = [
    ["单位", "期间", "应缴金额", "实缴金额"],
    ["甲工会", "2024-05", 1000, 1000],
    ["甲工会", "2024-06", 1000, 900],
    ["乙工会", "2024-06", 500, 500],
]
REGISTRY = [
    ["单位名称", "上级工会", "是否建会", "年度"],
    ["丙公司", "", "否", "2024"],
]


def load(engine, rows, name):
    report, _ = import_bytes(engine, xlsx(rows), name, today=TODAY)
    assert report["status"] == "imported", report


@pytest.fixture
def store(engine):
    load(engine, MEMBERSHIP, "会员.xlsx")
    load(engine, DUES, "经费.xlsx")
    load(engine, REGISTRY, "单位.xlsx")
    return engine


def as_rows(frame):
    return [tuple(r) for r in frame[["unit", "parent", "reported", "rows"]].itertuples(index=False, name=None)]


def test_a_year_lists_every_unit_of_the_tree_not_reported_first(store):
    status = reporting_status(store, "membership", "2024")
    assert as_rows(status) == [
        ("丙公司", "未指定", False, 0),  # known only from the registry, no 上级工会
        ("乙工会", "西城街道总工会", False, 0),
        ("甲工会", "东城街道总工会", True, 1),
    ]
    assert status["reported"].dtype == bool


def test_only_units_expected_to_report_are_missing(store):
    load(store, [["单位名称", "上级工会", "是否建会", "年度"], ["丁工会", "东城街道总工会", "是", "2024"]], "丁.xlsx")
    load(store, [["单位", "年度", "科目", "决算数"], ["区总工会", "2024", "会费收入", 100]], "收支.xlsx")
    status = reporting_status(store, "membership", "2024").set_index("unit")
    assert status["expected"].to_dict() == {
        "丙公司": False,  # 未建会: no union, nothing to report
        "区总工会": False,  # files only its own 经费收支, never a membership return
        "丁工会": True,  # 已建会 in the registry: expected although it never reported
        "乙工会": True,  # reported membership the year before: expected
        "甲工会": True,  # reported
    }
    assert status["expected"].dtype == bool
    # a unit that has never reported this kind before the year is not expected by its history
    assert not reporting_status(store, "membership", "2022").set_index("unit").loc["乙工会", "expected"]


def test_membership_and_dues_expect_only_units_with_a_union(store):
    # 戊工会 reported both kinds in 2023; the 2024 registry says its union is gone (否);
    # 己工会 was registered 否 for 2023 and 是 for 2024; 庚工会's 2025 否 does not reach back to 2024
    load(
        store,
        [
            ["单位名称", "年度", "职工人数", "会员人数"],
            ["戊工会", "2023", 30, 30],
            ["庚工会", "2023", 40, 38],
        ],
        "会员2023.xlsx",
    )
    load(store, [["单位", "期间", "应缴金额", "实缴金额"], ["戊工会", "2023-03", 100, 100]], "经费2023.xlsx")
    load(
        store,
        [
            ["单位名称", "是否建会", "年度"],
            ["戊工会", "否", "2024"],
            ["己工会", "否", "2023"],
            ["己工会", "是", "2024"],
            ["庚工会", "否", "2025"],
        ],
        "建会.xlsx",
    )
    for kind, period in (("membership", "2024"), ("dues", "2024"), ("dues", "2024-05")):
        expected = reporting_status(store, kind, period).set_index("unit")["expected"]
        assert not expected["戊工会"], (kind, period)  # 否 in the year's registry: no union, not chased
        assert expected["己工会"], (kind, period)  # 是 in 2024, although never reported
        assert not expected["丙公司"], (kind, period)  # 否
    assert reporting_status(store, "membership", "2024").set_index("unit")["expected"]["庚工会"]  # 2025 is later
    assert not reporting_status(store, "membership", "2023").set_index("unit")["expected"]["己工会"]  # 否 in 2023


def test_the_reminder_list_has_a_column_per_kind_and_only_units_that_owe_one(store):
    load(store, [["单位名称", "上级工会", "是否建会", "年度"], ["丁工会", "东城街道总工会", "是", "2024"]], "丁.xlsx")
    load(store, [["单位", "日期", "类别", "金额"], ["甲工会", "2024-03-01", "住院", 500]], "慰问.xlsx")
    reminders = reporting_reminders(store, "2024")
    assert list(reminders.columns) == ["unit", "parent", "membership", "dues", "welfare"]
    assert [tuple(r) for r in reminders.itertuples(index=False, name=None)] == [
        ("丁工会", "东城街道总工会", MISSING, MISSING, MISSING),  # 已建会, nothing reported
        # membership: reported the year before, so expected; dues paid in June; welfare never kept
        ("乙工会", "西城街道总工会", MISSING, REPORTED, NOT_EXPECTED),
    ]  # 甲 reported all three; 丙 has no union (否)


def test_the_reminder_list_of_a_month_and_of_a_narrower_scope(store):
    may = reporting_reminders(store, "2024-05")  # a month chases the dues only
    assert [tuple(r) for r in may.itertuples(index=False, name=None)] == [("乙工会", "西城街道总工会", MISSING)]
    assert list(may.columns) == ["unit", "parent", "dues"]  # 乙 paid for June only, 甲 for May
    finance = reporting_reminders(store, "2024", kinds=["finance"])
    assert list(finance.columns) == ["unit", "parent", "finance"]
    assert reporting_reminders(store, "2024", parents=["东城街道总工会"])["unit"].tolist() == []
    viewer = Viewer(name="乙工会主席", role=UNIT, units=frozenset({"乙工会"}))
    assert reporting_reminders(store, "2024", viewer=viewer)["unit"].tolist() == ["乙工会"]
    with pytest.raises(UsageError, match="单位信息只按年度报送"):
        reporting_reminders(store, "2024-05", kinds=["units"])


def test_a_year_counts_the_months_of_that_year(store):
    status = reporting_status(store, "dues", "2024").set_index("unit")
    assert status.loc["甲工会", "rows"] == 2 and status.loc["乙工会", "rows"] == 1
    assert not status.loc["丙公司", "reported"]


def test_a_month_counts_only_that_month(store):
    status = reporting_status(store, "dues", "2024-05").set_index("unit")
    assert status["reported"].to_dict() == {"乙工会": False, "丙公司": False, "甲工会": True}


def test_a_replaced_value_is_counted_once(store):
    load(store, [MEMBERSHIP[0], ["甲工会", "2024", 120, 118, "东城街道总工会"]], "会员更正.xlsx")
    status = reporting_status(store, "membership", "2024").set_index("unit")
    assert status.loc["甲工会", "rows"] == 1  # the earlier value is history, not a second report


def test_filters_by_parent_and_unit(store):
    western = reporting_status(store, "membership", "2023", parents=["西城街道总工会"])
    assert as_rows(western) == [("乙工会", "西城街道总工会", True, 1)]
    unspecified = reporting_status(store, "membership", "2023", parents=["未指定"])
    assert unspecified["unit"].tolist() == ["丙公司"]
    assert reporting_status(store, "membership", "2023", units=["甲工会"])["unit"].tolist() == ["甲工会"]


def test_a_viewer_sees_only_its_units(store):
    viewer = Viewer(name="乙工会主席", role=UNIT, units=frozenset({"乙工会"}))
    status = reporting_status(store, "membership", "2024", viewer=viewer)
    assert as_rows(status) == [("乙工会", "西城街道总工会", False, 0)]


@pytest.mark.parametrize(
    ("kind", "period", "says"),
    [
        ("payroll", "2024", "没有「payroll」这种数据"),
        ("membership", "2024年", "期间「2024年」的写法不对"),
        ("dues", "2024-13", "期间「2024-13」的写法不对"),
        ("units", "2024-05", "单位信息只按年度报送"),
    ],
)
def test_bad_requests_are_refused_in_chinese(store, kind, period, says):
    with pytest.raises(UsageError, match=says):
        reporting_status(store, kind, period)
