"""unionstats.ingest.transpose — yearbook tables (indicators as rows, years as columns) read turned round."""

from __future__ import annotations

from unionstats.ingest.kinds import AliasTable
from unionstats.ingest.read import RawSheet
from unionstats.ingest.transpose import YEAR_HEADER, turn_round

KNOWN = AliasTable.build().known


def raw(rows) -> RawSheet:
    return RawSheet(name="16-11", rows=[list(r) for r in rows], first_row=1, first_col=0, merged=[])


def test_each_year_column_becomes_a_row_and_each_indicator_a_column():
    rows = [
        ["工会基本情况"],
        [None, None, None, "单位:个"],
        ["项 目", 2004, "2005年", "2006年末"],
        ["工会基本情况"],  # a group title: no figures
        ["  职工人数(万人)", 930.2, 1010.6, 1100.0],
        ["   #女职工人数", 398.0, 424.0, None],
        ["  会员人数(万人)", 920.0, 1000.2, 1090.5],
        ["  妇联干部数(人)", 2430, 2530, "***"],
    ]
    turned = turn_round(raw(rows), KNOWN)
    assert turned is not None
    # the rows above the header stay above it, cut to the new width
    assert turned.raw.rows[:2] == [["工会基本情况", None, None, None, None], [None, None, None, "单位:个", None]]
    header, *body = turned.raw.rows[2:]
    assert header == [YEAR_HEADER, "职工人数(万人)", "#女职工人数", "会员人数(万人)", "妇联干部数(人)"]
    assert body == [
        ["2004", 930.2, 398.0, 920.0, 2430],
        ["2005", 1010.6, 424.0, 1000.2, 2530],
        ["2006", 1100.0, None, 1090.5, "***"],
    ]
    # names no kind knows are told once (the group title too), and kept as columns (nothing lost)
    assert turned.unknown == ["工会基本情况", "妇联干部数(人)"]


def test_an_ordinary_table_or_one_year_is_not_turned():
    ordinary = [["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2024, 100, 90]]
    assert turn_round(raw(ordinary), KNOWN) is None
    one_year = [["指标", "2024年"], ["职工人数", 100], ["会员人数", 90]]
    assert turn_round(raw(one_year), KNOWN) is None


def test_years_need_known_indicators_below_them():
    other = [["项目", 2023, 2024], ["粮食产量", 10, 11], ["棉花产量", 3, 4]]
    assert turn_round(raw(other), KNOWN) is None


def test_a_measure_column_between_the_names_and_the_years_joins_the_name():
    rows = [["指 标", "计量单位", "2022年", "2023年"], ["职工人数", "万人", 612.45, 620.0], ["会员人数", "万人", 600.1, 610.0]]
    turned = turn_round(raw(rows), KNOWN)
    assert turned.raw.rows[0] == [YEAR_HEADER, "职工人数(万人)", "会员人数(万人)"]
    assert turned.raw.rows[1] == ["2022", 612.45, 600.1]
