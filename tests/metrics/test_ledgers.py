"""unionstats.metrics.ledgers: welfare and contest listings on SQLite and PostgreSQL, within the viewer's scope."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.metrics.rows import add_rows
from unionstats.access import UNIT, Viewer
from unionstats.metrics import ledgers

SECRET_KEY = "9f2c" * 16  # a salted hash of an ID number, as the store keeps it


@pytest.fixture
def store(engine: Engine) -> Engine:
    # fmt: off
    add_rows(engine, "membership", [
        {"unit": "A", "period": "2023", "parent": "城西街道", "employees": 10, "members": 9},
        {"unit": "B", "period": "2023", "parent": "城南街道", "employees": 10, "members": 9},
    ])
    add_rows(engine, "welfare", [
        {"unit": "A", "period": "2023-03", "date": "2023-03-02", "category": "住院慰问", "category_raw": "职工住院",
         "amount": 500, "count": 1, "recipient": "张三", "person_key": SECRET_KEY},
        {"unit": "A", "period": "2023-05", "date": "2023-05-20", "category": "住院慰问", "category_raw": "生病住院",
         "amount": 800, "count": 1, "recipient": "李四"},
        {"unit": "A", "period": "2023-06", "date": None, "category": "住院慰问", "category_raw": "职工住院",
         "amount": 300, "count": 2, "recipient": "王五"},
        {"unit": "A", "period": "2022-01", "category": "节日慰问", "category_raw": "春节慰问", "amount": 200, "count": 1},
        {"unit": "B", "period": "2023-04", "date": "2023-04-01", "category": "住院慰问", "category_raw": "住院看望",
         "amount": 1000, "count": 1, "recipient": "赵六"},
    ])
    add_rows(engine, "competitions", [
        {"unit": "A", "period": "2023-06", "date": "2023-06-15", "contest": "技能比武", "level": "单位内",
         "award": "一等奖", "entries": 1, "person": "张三"},
        {"unit": "A", "period": "2023-06", "date": "2023-06-16", "contest": "技能比武", "level": "单位内",
         "award": "未获奖", "entries": 8},
        {"unit": "B", "period": "2023-10", "contest": "技能比武", "level": "单位内", "award": "二等奖", "entries": 2},
        {"unit": "B", "period": "2023-10", "contest": "全区技能大赛", "level": "区县级", "award": "三等奖", "entries": 3},
        {"unit": "A", "period": "2022", "contest": "技能比武", "level": None, "award": "优秀奖", "entries": 1},
    ])
    # fmt: on
    return engine


def test_categories_as_written_are_grouped_with_their_sums(store):
    written = ledgers.welfare_categories_as_written(store, category="住院慰问")
    assert written[["category_raw", "rows", "count", "amount"]].values.tolist() == [
        ["住院看望", 1, 1, 1000],
        ["生病住院", 1, 1, 800],  # equal amounts: by the text as written
        ["职工住院", 2, 3, 800],  # 500 + 300 元, 1 + 2 人次
    ]
    every = ledgers.welfare_categories_as_written(store, years=("2022", "2022"))
    assert every["category_raw"].tolist() == ["春节慰问"]


def test_categories_as_written_are_never_added_up_over_years(store):
    add_rows(store, "welfare", [{"unit": "A", "period": "2023-01", "category": "节日慰问", "category_raw": "春节慰问",
                                 "amount": 500, "count": 2}])  # fmt: skip
    written = ledgers.welfare_categories_as_written(store, category="节日慰问")
    # one row per year: 2023's 500 元 and 2022's 200 元, never 700 元 under one heading
    assert written[["year", "category_raw", "rows", "count", "amount"]].values.tolist() == [
        ["2023", "春节慰问", 1, 2, 500],
        ["2022", "春节慰问", 1, 1, 200],
    ]


def test_welfare_rows_newest_first_limited_and_without_id_hashes(store):
    rows = ledgers.welfare_rows(store, category="住院慰问")
    assert rows["recipient"].tolist() == ["王五", "李四", "赵六", "张三"]
    assert rows["period"].tolist() == ["2023-06", "2023-05", "2023-04", "2023-03"]
    assert "person_key" not in rows.columns
    assert SECRET_KEY not in rows.astype(str).to_numpy().ravel().tolist()
    assert len(ledgers.welfare_rows(store, category="住院慰问", limit=2)) == 2
    raw = ledgers.welfare_rows(store, category="住院慰问", category_raw="职工住院")
    assert raw["amount"].tolist() == [300, 500]


def test_filters_by_unit_parent_and_year(store):
    assert set(ledgers.welfare_rows(store, units=["B"])["unit"]) == {"B"}
    assert set(ledgers.welfare_rows(store, parents=["城西街道"])["unit"]) == {"A"}
    assert ledgers.welfare_rows(store, parents=["未指定"]).empty
    assert ledgers.welfare_rows(store, years=("2022", None))["period"].tolist()[-1] == "2022-01"
    assert ledgers.welfare_rows(store, years=(None, "2022"))["period"].tolist() == ["2022-01"]


def test_a_viewer_of_unit_a_never_gets_rows_of_unit_b(store):
    viewer = Viewer(name="a-chair", role=UNIT, units=frozenset({"A"}))
    rows = ledgers.welfare_rows(store, viewer=viewer)
    assert set(rows["unit"]) == {"A"}
    assert "赵六" not in rows["recipient"].tolist()
    written = ledgers.welfare_categories_as_written(store, viewer=viewer)
    assert "住院看望" not in written["category_raw"].tolist()
    contests = ledgers.contests(store, viewer=viewer)
    assert "全区技能大赛" not in contests["contest"].tolist()
    assert contests.loc[contests["year"] == "2023", "entries"].tolist() == [9]  # A's 1 + 8, not B's 2
    # even when asked for B by name
    assert ledgers.welfare_rows(store, units=["B"], viewer=viewer).empty
    assert ledgers.contests(store, units=["B"], viewer=viewer).empty
    nobody = Viewer(name="nobody", role=UNIT, units=frozenset())
    assert ledgers.welfare_rows(store, viewer=nobody).empty


def test_contests_one_row_per_year_contest_and_level(store):
    contests = ledgers.contests(store)
    listed = contests[["year", "contest", "level", "units", "entries", "awards", "first", "last"]].values.tolist()
    assert listed == [
        # 1 + 8 + 2 entries; 1 + 2 awarded; B's rows give a month only ("2023年10月"): the month
        ["2023", "技能比武", "单位内", 2, 11, 3, "2023-06-15", "2023-10"],
        ["2023", "全区技能大赛", "区县级", 1, 3, 3, "2023-10", "2023-10"],
        ["2022", "技能比武", None, 1, 1, 1, None, None],  # a year only: no date to show
    ]
    assert len(ledgers.contests(store, limit=1)) == 1


def test_an_empty_store_gives_empty_listings(engine):
    assert ledgers.award_winners(engine).empty
    assert ledgers.welfare_rows(engine).empty
    assert ledgers.welfare_categories_as_written(engine).empty
    assert ledgers.contests(engine).empty


def test_award_winners_by_name_highest_level_and_tier_first(store):
    add_rows(store, "competitions", [
        {"unit": "B", "period": "2023-11", "contest": "全市技能大赛", "event": "焊工", "level": "市级", "award": "三等奖",
         "entries": 1, "person": "钱七"},
        {"unit": "A", "period": "2023-11", "contest": "全市技能大赛", "event": "钳工", "level": "市级", "award": "一等奖",
         "entries": 1, "person": "孙八", "person_key": SECRET_KEY},
    ])  # fmt: skip
    winners = ledgers.award_winners(store, years=("2023", "2023"))
    listed = winners[["unit", "person", "contest", "level", "award", "entries"]].values.tolist()
    assert listed == [
        ["A", "孙八", "全市技能大赛", "市级", "一等奖", 1],
        ["B", "钱七", "全市技能大赛", "市级", "三等奖", 1],
        ["B", None, "全区技能大赛", "区县级", "三等奖", 3],  # a team entry: no name
        ["A", "张三", "技能比武", "单位内", "一等奖", 1],
        ["B", None, "技能比武", "单位内", "二等奖", 2],
    ]  # the 8 entries of A without an award are not winners
    assert "person_key" not in winners.columns
    assert winners.loc[0, "event"] == "钳工"
    assert ledgers.award_winners(store, levels=["市级"])["person"].tolist() == ["孙八", "钱七"]
    assert ledgers.award_winners(store, years=("2022", "2022"))["level"].tolist() == [None]  # no level: still a winner
    assert len(ledgers.award_winners(store, limit=2)) == 2


def test_award_winners_are_named_only_to_viewers_of_their_unit(store):
    a_chair = Viewer(name="a-chair", role=UNIT, units=frozenset({"A"}))
    winners = ledgers.award_winners(store, viewer=a_chair)
    assert set(winners["unit"]) == {"A"} and "张三" in winners["person"].tolist()
    assert ledgers.award_winners(store, units=["B"], viewer=a_chair).empty


# --- §3.8 activities -------------------------------------------------------------------------


def test_activity_rows_newest_first_by_type_and_within_the_viewers_units(engine):
    # fmt: off
    add_rows(engine, "activities", [
        {"unit": "A", "period": "2023-03", "date": "2023-03-02", "name": "安全培训班", "type": "培训", "sessions": 2,
         "participants": 80, "spend": 3000},
        {"unit": "A", "period": "2023-05", "name": "篮球赛", "type": "文体活动", "type_raw": "体育", "sessions": 1},
        {"unit": "B", "period": "2023-04", "date": "2023-04-09", "name": "技能培训", "type": "培训", "sessions": 1,
         "participants": 20},
    ])
    # fmt: on
    rows = ledgers.activity_rows(engine)
    assert rows[["period", "unit", "name", "type", "type_raw", "sessions"]].values.tolist() == [
        ["2023-05", "A", "篮球赛", "文体活动", "体育", 1.0],
        ["2023-04", "B", "技能培训", "培训", None, 1.0],
        ["2023-03", "A", "安全培训班", "培训", None, 2.0],
    ]
    assert rows["participants"].isna().tolist() == [True, False, False]
    assert ledgers.activity_rows(engine, activity_type="培训")["name"].tolist() == ["技能培训", "安全培训班"]
    viewer = Viewer(name="a-chair", role=UNIT, units=frozenset({"A"}))
    assert set(ledgers.activity_rows(engine, viewer=viewer)["unit"]) == {"A"}
    assert ledgers.activity_rows(engine, units=["B"], viewer=viewer).empty
    assert len(ledgers.activity_rows(engine, limit=1)) == 1
    assert ledgers.activity_rows(engine, years=("2024", None)).empty
