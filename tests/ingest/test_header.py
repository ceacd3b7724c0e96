"""unionstats.ingest.header — title lines, one- and two-row headers, units and years above them."""

from __future__ import annotations

import pytest

from unionstats.ingest.header import (
    combine_header,
    find_header,
    multiplier_from_titles,
    normalise_header,
    unit_from_titles,
    year_from_text,
)
from unionstats.ingest.kinds import AliasTable

ALIASES = AliasTable.build()
KNOWN = set(ALIASES.known)


def header_of(rows, merged=()):
    return find_header(rows, list(merged), ALIASES.score, KNOWN)


@pytest.mark.parametrize(
    ("written", "key", "multiplier"),
    [
        ("实缴金额（万元）", "实缴金额", 10_000.0),  # full-width brackets
        ("金额(单位:万元)", "金额", 10_000.0),  # 万元 inside a longer unit
        ("金额(万)", "金额", 10_000.0),  # 万 alone
        ("金额/千元", "金额", 1_000.0),  # a unit after a slash
        ("金额【元】", "金额", 1.0),
        ("职工人数(人)", "职工人数", 1.0),
        ("会员人数(万人)", "会员人数", 10_000.0),  # §1: 612.45 万人 is 6,124,500 people
        ("(个)", "", 1.0),  # a header row giving only the measure: no name
        ("比武开始时间（2021-01-20）", "比武开始时间", 1.0),  # an example in brackets
        ("出生日期（格式：yyyy/MM/dd）", "出生日期", 1.0),
        ("【必填】姓名", "姓名", 1.0),
        ("证件号码\n(填写18位身份证)", "证件号码", 1.0),  # an instruction line
        ('是否农民工会员\n填写"是"或"否"', "是否农民工会员", 1.0),
        ("职工人数\nNumber of Staff and Workers", "职工人数", 1.0),  # a translation line
        ("法 人\n单位数", "法人单位数", 1.0),  # a name over two lines of one cell
        ("金额\n(万元)", "金额", 10_000.0),  # the unit on a line of its own
        ("#女职工", "女职工", 1.0),
        ("  会员 人数 ", "会员人数", 1.0),
        ("ＡＢＣ金额", "abc金额", 1.0),  # full-width letters fold and lower-case
        ("(其中女)", "其中女", 1.0),  # all brackets: a name, not a unit
    ],
)
def test_normalise_header_strips_units_and_keeps_their_multiplier(written, key, multiplier):
    name = normalise_header(written)
    assert (name.key, name.multiplier) == (key, multiplier)


@pytest.mark.parametrize(("written", "child"), [("#女职工", True), ("其中:女", True), ("＃女会员", True), ("女职工", False)])
def test_a_leading_hash_or_qizhong_marks_a_part_of_the_column_before(written, child):
    assert normalise_header(written).child is child


@pytest.mark.parametrize(
    ("header", "keys"),
    [
        (
            ["单位", "年度", "会员人数", "#女会员", "职工人数", "#女职工"],
            ["单位", "年度", "会员人数", "女会员", "职工人数", "女职工"],
        ),
        (["地区", "年度", "就业人数", "#加入工会人数"], ["地区", "年度", "就业人数", "加入工会人数"]),
        (["单位", "年度", "职工人数", "会员人数", "其中:女"], ["单位", "年度", "职工人数", "会员人数", "女会员人数"]),
        # two parts in a row both belong to the last whole column
        (
            ["单位", "年度", "职工人数", "#女职工", "#农民工", "会员人数"],
            ["单位", "年度", "职工人数", "女职工", "农民工职工人数", "会员人数"],
        ),
    ],
)
def test_a_marked_column_is_named_under_the_column_before_it(header, keys):
    layout = header_of([header, ["甲工会", 2023, 10, 9, 8, 7][: len(header)]])
    assert [n.key for n in layout.names] == keys


@pytest.mark.parametrize(
    ("header", "female"),
    [
        (["单位名称", "年度", "职工总数", "其中：女", "会员总数", "其中：女"], ["女职工人数", "女会员人数"]),
        (["单位名称", "年度", "在岗职工人数", "其中女", "工会会员数", "#女"], ["女职工人数", "女会员人数"]),
    ],
)
def test_a_part_under_a_column_written_as_an_alias_takes_the_canonical_name(header, female):
    # the alias table maps each alias to its column's canonical name: 职工总数 is 职工人数
    layout = find_header([header, ["甲工会", 2024, 100, 40, 90, 35]], [], ALIASES.score, ALIASES.canonical)
    assert [layout.names[3].key, layout.names[5].key] == female


def test_a_name_split_over_three_header_rows_with_its_measure_below():
    rows = [
        ["地 区", "法 人", "#已成立", "就业", "#加入"],
        [None, "单位数", "工会单位数", "人数", "工会人数"],
        [None, "(个)", "(个)", "(万人)", "(万人)"],
        ["东城区", 120, 90, 3.5, 3.1],
    ]
    layout = header_of(rows)
    assert (layout.top, layout.bottom) == (0, 2)
    assert [n.key for n in layout.names] == ["地区", "法人单位数", "已成立工会单位数", "就业人数", "加入工会人数"]
    assert [n.multiplier for n in layout.names] == [1.0, 1.0, 1.0, 10_000.0, 10_000.0]


def test_a_parent_that_only_groups_columns_is_not_part_of_their_names():
    rows = [
        ["工会组织信息", None, None, "人员情况", None],
        ["单位名称", "工会名称", "联系电话", "职工人数", "会员人数"],
        ["甲公司", "甲公司工会", "13800000000", 10, 9],
    ]
    layout = header_of(rows, merged=[(0, 0, 0, 2), (0, 3, 0, 4)])
    assert [n.key for n in layout.names] == ["单位名称", "工会名称", "联系电话", "职工人数", "会员人数"]


def test_a_normalised_header_keeps_its_label_as_written_but_tidied():
    assert normalise_header("  会员 人数 ").label == "会员 人数"
    assert normalise_header("实缴金额（万元）").label == "实缴金额(万元)"


@pytest.mark.parametrize(
    ("parent", "child", "combined"),
    [
        ("会员人数", "女", "女会员人数"),
        ("会员人数", "其中女", "女会员人数"),
        ("会员人数", "女性", "女会员人数"),
        ("经费收缴", "应缴", "应缴"),  # the child alone is the known name
        ("职工人数", "人数", "职工人数"),  # a total word under a parent is the parent
        ("甲", "乙", "甲乙"),  # nothing known: joined
        ("", "会员人数", "会员人数"),
        ("会员人数", "", "会员人数"),
    ],
)
def test_combine_header_under_a_merged_parent(parent, child, combined):
    assert combine_header(parent, child, KNOWN) == combined


def test_title_lines_above_the_header_are_kept_and_skipped():
    rows = [
        ["2023年度会员统计表"],
        ["填报单位:东城街道总工会"],
        [None],
        ["单位", "年度", "职工人数", "会员人数"],
        ["甲工会", 2023, 10, 9],
    ]
    layout = header_of(rows)
    assert (layout.top, layout.bottom, layout.data_start) == (3, 3, 4)
    assert layout.title_lines == ["2023年度会员统计表", "填报单位:东城街道总工会"]
    assert [n.key for n in layout.names] == ["单位", "年度", "职工人数", "会员人数"]


def test_a_two_row_header_under_merged_parents_names_each_column():
    rows = [
        ["单位", "年度", "职工人数", None],
        [None, None, "合计", "女"],
        ["甲工会", 2023, 10, 5],
    ]
    layout = header_of(rows, merged=[(0, 2, 0, 3)])
    assert (layout.top, layout.bottom) == (0, 1)
    female = layout.names[3]
    assert (female.key, female.parent, female.label) == ("女职工人数", "职工人数", "职工人数/女")


def test_a_unit_above_a_two_row_header_holds_for_its_children():
    rows = [
        ["单位", "期间", "金额(万元)", None],
        [None, None, "应缴", "实缴"],
        ["甲工会", 2023, 1, 1],
    ]
    layout = header_of(rows, merged=[(0, 2, 0, 3)])
    assert [n.multiplier for n in layout.names[2:]] == [10_000.0, 10_000.0]


def test_no_header_among_the_first_rows_is_none():
    assert header_of([["foo", "bar"], [1, 2]]) is None
    assert header_of([[f"说明{i}"] for i in range(11)] + [["单位", "年度", "职工人数", "会员人数"]]) is None


@pytest.mark.parametrize(
    ("lines", "unit"),
    [
        (["填报单位:东城街道总工会  单位:人"], "东城街道总工会"),
        (["单位:华新工会(盖章)"], "华新工会"),
        (["单位:元"], None),  # a measure, not a unit
        (["2023年度报表"], None),
        ([], None),
    ],
)
def test_unit_from_titles(lines, unit):
    assert unit_from_titles(lines) == unit


@pytest.mark.parametrize(
    ("lines", "multiplier"),
    [
        (["单位:万元"], 10_000.0),
        (["金额单位:千元"], 1_000.0),
        (["单位:元", "单位:万元"], 10_000.0),  # 单位:元 says nothing; a later line still may
        (["填报单位:万元工会"], 1.0),  # the name of a unit, not a measure
        ([], 1.0),
    ],
)
def test_multiplier_from_titles(lines, multiplier):
    assert multiplier_from_titles(lines) == multiplier


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (("2023年度会费收缴台账",), "2023"),
        (("2019-2023年汇总", "2022年度"), "2022"),  # a range gives no single year
        (("填报日期:2024年1月10日",), None),  # when it was filled in, not its period
        (("填报日期:2024年1月10日 统计年度:2023年",), "2023"),
        (("会员统计", ""), None),
    ],
)
def test_year_from_text(texts, year):
    assert year_from_text(*texts) == year


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (["编制单位:  某某大学工会  年度:  2021", "编报日期:  2022年3月1日"], "2021"),  # the label's year, not the filing's
        (["收支表", "2023决算"], "2023"),  # a sheet named by its year
        (["收支表", "Sheet1", "2024 慰问台账"], "2024"),
        (["会费", "Sheet1", "202305会费"], None),  # a month, not a year
        (["附件2", "Sheet1", "2023.05台账"], None),
    ],
)
def test_year_from_a_label_line_or_a_leading_year(texts, year):
    assert year_from_text(*texts) == year
