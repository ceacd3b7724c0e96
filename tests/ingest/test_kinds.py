"""unionstats.ingest.kinds — the alias table and which kind a sheet is."""

from __future__ import annotations

from collections import defaultdict

import pytest

from unionstats.ingest.header import normalise_header
from unionstats.ingest.kinds import AliasTable, classify
from unionstats.rules.columns import COLUMNS, EXTRA_COLUMNS, KINDS


def test_no_alias_means_two_columns_of_one_kind():
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for column in COLUMNS:
        for text in (column.name, *column.aliases):
            seen[(column.kind, normalise_header(text).key)].add(column.field)
    clashes = {key: fields for key, fields in seen.items() if len(fields) > 1}
    assert clashes == {}


def test_user_aliases_are_merged_over_the_defaults():
    table = AliasTable.build((("membership", "members", "在册会员"),))
    names = [normalise_header(h) for h in ["单位", "年度", "职工人数", "在册会员"]]
    match, reason = classify(names, table)
    assert match.kind == "membership" and match.fields["members"] == 3
    assert classify(names, AliasTable.build())[0] is None


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (["单位名称", "统计年度", "职工总数", "会员总数"], "membership"),
        (["基层工会", "所属月份", "应交金额", "实交金额"], "dues"),
        (["发放日期", "受助人", "帮扶类型", "补助金额"], "welfare"),
        (["比赛名称", "年份", "参赛选手", "获奖等次", "赛事级别"], "competitions"),
        (["单位名称", "所属街道", "是否建立工会", "企业性质"], "units"),
        (["科目名称", "年度", "年初预算数", "本年决算"], "finance"),
    ],
)
def test_office_wordings_are_recognised(headers, kind):
    match, reason = classify([normalise_header(h) for h in headers], AliasTable.build())
    assert match is not None and match.kind == kind, reason


def test_every_kind_has_required_columns():
    for kind in KINDS:
        assert any(c.required in ("yes", "unit") for c in COLUMNS if c.kind == kind)


@pytest.mark.parametrize(
    ("headers", "kind", "unit", "employer"),
    [
        # §3.5: a union's name beside its employer's: a list of unions, whatever else it holds
        (["单位名称", "工会名称", "职工人数", "会员人数", "联系电话"], "units", 1, 0),
        (["单位名称", "工会名称", "年度", "职工人数", "会员人数"], "units", 1, 0),
        # a 工会名称 column and no other kind qualifies (no 年度): a registry, not a broken table
        (["工会名称", "职工人数", "会员人数", "联系电话"], "units", 0, None),
        # a registry's own column, over a membership table's counts
        (["单位", "年度", "职工人数", "会员人数", "是否建会"], "units", 0, None),
        (["单位名称", "建会日期", "会员人数"], "units", 0, None),
        (["单位名称", "工会状态"], "units", 0, None),
        # no registry sign: what it was
        (["工会名称", "年度", "职工人数", "会员人数"], "membership", 0, None),
        (["单位名称", "工会名称", "日期", "类别", "金额"], "welfare", None, None),  # a ledger stays a ledger
    ],
)
def test_registries_are_recognised_by_their_own_columns_or_a_union_beside_its_employer(headers, kind, unit, employer):
    match, reason = classify([normalise_header(h) for h in headers], AliasTable.build())
    assert match is not None and match.kind == kind, reason
    if unit is not None:
        assert (match.fields["unit"], match.fields.get("employer")) == (unit, employer)


def test_units_with_headcounts_and_no_union_name_still_need_a_year_to_be_membership():
    names = [normalise_header(h) for h in ["单位名称", "职工人数", "会员人数"]]
    match, reason = classify(names, AliasTable.build())
    assert match is None and reason.startswith(
        "看起来像会员统计表(已识别「单位名称」「职工人数」「会员人数」),但缺少必需的列「年度」"
    )
    assert classify(names, AliasTable.build(), year_known=True)[0].kind == "membership"


@pytest.mark.parametrize(
    ("headers", "year_known", "category_known", "kind"),
    [
        # §3.3: a date-less ledger of one kind of payment, named by its title
        (["姓名", "学校", "资助金额"], True, True, "welfare"),
        (["姓名", "补助类型", "补助金额"], True, False, "welfare"),  # the year of the title for its date
        (["姓名", "学校", "资助金额"], True, False, None),  # no category anywhere
        (["姓名", "学校", "资助金额"], False, True, None),  # no year anywhere
        (["项目", "金额"], True, False, "finance"),  # a statement dated by its title, not a ledger
    ],
)
def test_a_title_year_and_category_stand_in_for_a_welfare_ledgers_missing_columns(headers, year_known, category_known, kind):
    match, _ = classify([normalise_header(h) for h in headers], AliasTable.build(), year_known, category_known)
    assert (match.kind if match else None) == kind


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        (
            "welfare",
            [
                "补助类型",
                "补助类别",
                "资助类别",
                "帮扶类型",
                "补助金额",
                "资助金额",
                "补助金",
                "帮扶金额",
                "慰问时间",
                "补助时间",
                "发放时间",
            ],
        ),
        ("competitions", ["比武名称", "竞赛项目名称", "比武时间", "比武开始时间", "开始时间", "竞赛时间", "获奖情况"]),
        ("membership", ["分会", "部门", "车间", "班组", "科室", "支部"]),
        ("dues", ["分会", "部门", "车间", "班组", "科室", "支部"]),
        ("units", ["工会状态", "建会日期", "成立时间", "职工人数", "会员人数"]),
    ],
)
def test_the_new_office_wordings_are_aliases(kind, headers):
    table = AliasTable.build().by_kind[kind]
    assert [h for h in headers if normalise_header(h).key not in table] == []


def test_a_score_is_no_award():
    table = AliasTable.build().by_kind["competitions"]
    assert [h for h in ["成绩", "总成绩", "项目一", "排名", "个人排名"] if normalise_header(h).key in table] == []


def test_columns_kept_in_extra_share_no_alias_with_a_stored_column_of_their_kind():
    stored = {(c.kind, normalise_header(text).key) for c in COLUMNS for text in (c.name, *c.aliases)}
    clashes = [
        (c.kind, text) for c in EXTRA_COLUMNS for text in (c.name, *c.aliases) if (c.kind, normalise_header(text).key) in stored
    ]
    assert clashes == []


# ------------------------------------------------------------------ §3.8 activities
@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        # activity ledgers as offices write them
        (["序号", "活动名称", "活动时间", "活动类型", "场次", "参加人数", "活动经费"], "activities"),
        (["培训名称", "培训时间", "期数", "参训人数", "培训经费", "主办单位"], "activities"),
        (["活动名称", "时间", "类别", "人数", "金额"], "activities"),
        (["项目名称", "日期", "参与人次", "费用"], "activities"),
        # 活动名称 is a contest's name too (§3.4): a contest list stays a contest list
        (["活动名称", "比赛时间", "参赛单位", "选手", "获奖等级"], "competitions"),
        (["活动名称", "年度", "参赛人数", "奖项", "级别"], "competitions"),
        (["比赛名称", "时间", "姓名", "名次"], "competitions"),
        # welfare ledgers with 项目 / 类别 columns stay welfare (no activity name)
        (["慰问日期", "项目", "慰问金额", "人数", "单位"], "welfare"),
        (["日期", "类别", "金额", "人次", "姓名"], "welfare"),
        (["时间", "事由", "发放金额", "次数"], "welfare"),
    ],
)
def test_activities_and_the_kinds_sharing_its_words(headers, kind):
    match, reason = classify([normalise_header(h) for h in headers], AliasTable.build())
    assert match is not None and match.kind == kind, reason


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2023年职工活动开展情况", "activities"),
        ("2023年职工培训台账", "activities"),
        ("2023年劳动竞赛情况", "competitions"),
        ("", "competitions"),  # nothing said: the earlier kind of the contract
    ],
)
def test_a_tie_between_a_contest_and_an_activity_goes_to_the_kind_the_title_names(title, kind):
    names = [normalise_header(h) for h in ["活动名称", "时间", "人数"]]
    match, _ = classify(names, AliasTable.build(), title=title)
    assert match.kind == kind


def test_an_activity_ledger_without_dates_takes_the_title_year_only_when_nothing_else_reads():
    names = [normalise_header(h) for h in ["活动名称", "活动类型", "参加人数", "活动经费"]]
    assert classify(names, AliasTable.build())[0] is None
    match, _ = classify(names, AliasTable.build(), year_known=True)
    assert match.kind == "activities" and "date" not in match.fields
