"""unionstats.ingest.kinds — the alias table and which kind a sheet is."""

from __future__ import annotations

from collections import defaultdict

import pytest

from unionstats.ingest.header import normalise_header
from unionstats.ingest.kinds import AliasTable, classify
from unionstats.rules.columns import COLUMNS, KINDS


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
