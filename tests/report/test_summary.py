"""unionstats.report.summary and rules.sentences: the 工作总结 paragraphs, from the metrics.

The seed's own example (a 2012 welfare ledger) runs on SQLite and PostgreSQL; the rest on
the sample store. Expected figures are taken from ``compute_metrics`` and formatted with
``unionstats.formatting``, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from tests.report.ledgers import EAST, LEDGER_2012, WINNER_A, WINNER_C, A, B, C, D, N
from tests.report.sample import PARENT, UNIT, YEAR
from tests.workbooks import xlsx
from unionstats.access import UNIT as UNIT_ROLE
from unionstats.access import Viewer
from unionstats.errors import UsageError
from unionstats.formatting import change, count, metric_value, percent, points
from unionstats.importer import import_bytes
from unionstats.metrics.catalog import reporting_status
from unionstats.metrics.comparison import below_target_units, ranking
from unionstats.metrics.compute import compute_metrics
from unionstats.report.model import build_report
from unionstats.report.summary import summary_paragraphs, summary_text
from unionstats.rules.metrics import METRIC_BY_ID
from unionstats.rules.sentences import REPORTED_KINDS, SENTENCE_BY_ID, SENTENCES
from unionstats.rules.targets import TARGETS

TODAY = dt.date(2013, 3, 1)


def test_the_seed_welfare_ledger_becomes_one_paragraph_with_its_total(engine):
    report, _ = import_bytes(engine, xlsx(LEDGER_2012), "2012年帮扶慰问台账.xlsx", today=TODAY)
    assert report["status"] == "imported" and report["sheets"][0]["rejected"] == 0, report

    paragraphs = {p.area: p.text for p in summary_paragraphs(build_report(engine, 2012))}

    assert paragraphs["welfare"] == (
        "全年共看望住院职工16人次,发放慰问金4,000元;慰问生育职工5人次,发放慰问金2,500元;"
        "慰问去世职工家属2人次,发放慰问金20,000元;慰问退休职工2人次,发放慰问金2,000元;"
        "帮扶困难职工6人次,发放帮扶金6,000元;合计发放慰问金34,500元。"
    )
    # the same figures as the metric table, category by category
    table = compute_metrics(engine, years=("2012", "2012"))
    for category, phrase in (("住院慰问", "看望住院职工"), ("丧葬慰问", "慰问去世职工家属"), ("困难帮扶", "帮扶困难职工")):
        rows = table[table["category"] == category].set_index("metric")["value"]
        assert f"{phrase}{count(rows['welfare_count'], '人次')}" in paragraphs["welfare"]
        assert metric_value("welfare_amount", rows["welfare_amount"]) in paragraphs["welfare"]
    # only welfare was imported: no other section, and nothing invented
    assert list(paragraphs) == ["welfare"]


def test_missing_figures_leave_their_sentence_out(engine):
    rows = [
        ["单位", "年度", "竞赛名称", "级别", "奖项", "人数"],
        ["启明电子有限公司工会", 2023, "数控车工比武", "市级", "一等奖", 2],
        ["启明电子有限公司工会", 2023, "焊工比武", "区级", "参赛", 5],
    ]
    report, _ = import_bytes(engine, xlsx(rows), "竞赛.xlsx", today=TODAY)
    assert report["status"] == "imported", report

    text = summary_text(build_report(engine, 2023))

    assert "全年组织职工参加劳动竞赛和技能比武7人次,获奖2人次,获奖率28.6%。" in text
    assert "获奖人次中,一等奖2人次。" in text
    assert "按竞赛级别分,市级获奖2人次。" in text  # 区县级 had entries but no award: not listed as 0
    for absent in ("nan", "None", "—", "入会率", "经费", "慰问", "较上年", "居"):
        assert absent not in text, absent
    assert re.search(r"(?<![\d,.])0(\.0)?(人次|人|元|%)", text) is None  # no invented 0人次, 0元, 0.0%


def test_the_membership_sentence_has_rate_change_and_rank(sample_engine):
    model = build_report(sample_engine, YEAR, unit=UNIT)
    text = summary_text(model)

    table = compute_metrics(sample_engine, years=("2023", YEAR), units=[UNIT])
    rate = table[(table["metric"] == "membership_rate") & table["category"].isna()].set_index("period")["value"]
    peers = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), parents=[PARENT])
    peer_rates = peers[(peers["metric"] == "membership_rate") & peers["value"].notna()].set_index("unit")["value"]
    rank = int((peer_rates > peer_rates[UNIT]).sum()) + 1
    expected = (
        f"入会率{percent(rate[YEAR])},较上年{points(rate[YEAR] - rate['2023'])},"
        f"居{PARENT}所属单位第{rank}位(共{len(peer_rates)}家)。"
    )
    assert expected in text
    assert "入会率96.6%,较上年提高1.2个百分点,居东城街道总工会所属单位第2位(共7家)。" in text
    assert "合计发放慰问金34,500元。" in text


def test_a_rate_is_the_scopes_ratio_of_sums(sample_engine):
    text = summary_text(build_report(sample_engine, YEAR, parent=PARENT))
    table = compute_metrics(sample_engine, years=(YEAR, YEAR), parents=[PARENT])
    row = table[(table["metric"] == "dues_collection_rate") & table["category"].isna()].iloc[0]
    assert f"经费收缴率{percent(row['numerator'] / row['denominator'])}" in text
    coverage = table[table["metric"] == "union_coverage_rate"].iloc[0]
    assert f"{count(coverage['denominator'])}家单位中已建立工会{count(coverage['numerator'])}家" in text
    assert "nan" not in text and "—" not in text


def test_unknown_scope_and_empty_year_are_usage_errors(sample_engine):
    with pytest.raises(UsageError, match="找不到单位「不存在的工会」"):
        build_report(sample_engine, YEAR, unit="不存在的工会")
    with pytest.raises(UsageError, match="找不到上级工会"):
        build_report(sample_engine, YEAR, parent="北城街道总工会")
    with pytest.raises(UsageError, match="1999年没有"):
        build_report(sample_engine, 1999)
    with pytest.raises(UsageError, match="四位数字"):
        build_report(sample_engine, "24年")


def test_a_change_compares_the_units_of_both_years_and_says_so(district):
    text = summary_text(build_report(district, 2024, parent=EAST))
    # 丁 reported 2023 only: 较上年 over 甲 and 乙, the units of both years, from compute_metrics
    both = compute_metrics(district, years=("2023", "2024"), units=[A, B])
    members = both[(both["metric"] == "members") & both["category"].isna()].set_index("period")["value"]
    more = members["2024"] - members["2023"]
    assert f"会员人数较上年{change('members', more)}(按两年均报送的2家单位计)" in text
    assert "会员人数较上年增加16人(按两年均报送的2家单位计)" in text  # not the 64 fewer of 3 units against 2
    rate = both[(both["metric"] == "membership_rate") & both["category"].isna()].set_index("period")["value"]
    assert f"较上年{points(rate['2024'] - rate['2023'])}(按两年均报送的2家单位计)" in text
    # 甲 and 乙 paid dues both years: a plain change, no note
    assert re.search(r"经费收缴率83\.3%,较上年下降6\.7个百分点。", text)


def test_a_district_summary_says_who_reported_and_who_is_under_target(district):
    text = summary_text(build_report(district, 2024, parent=EAST))
    for kind, label in REPORTED_KINDS.items():
        status = reporting_status(district, kind, "2024", parents=[EAST])
        expected = status[status["expected"]]
        assert N not in set(expected["unit"])  # 未建会: not expected, never missing
        missing = expected.loc[~expected["reported"], "unit"].tolist()
        assert missing == [D]
        assert f"应报送{label}" in text
        assert f"{count(len(expected))}家,已报送{count(int(expected['reported'].sum()))}家,尚未报送的有:{D}" in text
    by_unit = compute_metrics(district, by="unit", years=("2024", "2024"), parents=[EAST])
    for metric, label in (("membership_rate", "入会率"), ("dues_collection_rate", "经费收缴率")):
        below = below_target_units(ranking(by_unit, metric, "2024", target=TARGETS[metric]))
        assert below == [B]
        assert f"{label}低于目标({percent(TARGETS[metric])})的单位有1家:{B}。" in text
    assert "一、数据报送情况" in text


def test_winners_are_named_in_the_summary_only_for_those_who_may_see_them(district):
    text = summary_text(build_report(district, 2024))
    assert f"其中,{WINNER_A}获市级技能比武一等奖;{WINNER_C}获全区焊工比武二等奖。" in text  # 全区…: no 区县级 twice
    c_chair = Viewer(name="丙工会主席", role=UNIT_ROLE, units=frozenset({C}))
    own = summary_text(build_report(district, 2024, viewer=c_chair))
    assert WINNER_C in own and WINNER_A not in own
    # one unit's own report is no district report: no 报送情况, no list of units under target
    assert "报送" not in own and "低于目标" not in own


def test_the_finance_paragraph_gives_the_balances(sample_engine):
    text = summary_text(build_report(sample_engine, YEAR, unit=UNIT))
    table = compute_metrics(sample_engine, years=(YEAR, YEAR), units=[UNIT])
    balance = table.set_index("metric")["value"]
    opening, closing = (
        metric_value("opening_balance", balance["opening_balance"]),
        metric_value("closing_balance", balance["closing_balance"]),
    )
    assert f"上年结余{opening},本年结余{closing}。" in text
    assert "上年结余12.7万元,本年结余13.7万元。" in text


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda s: s.id)
def test_every_template_names_known_figures(sentence):
    derived = ("_change", "_rank", "_peers", "_numerator", "_denominator", "_basis", "_target", "_below_units", "_below", "_met")
    derived += ("_number",)  # §3.8: 培训26期
    derived += ("_share",)  # §3.7: a group's share of members_by_group
    reporting = {f"{fact}_{kind}" for fact in ("expected", "reported", "missing") for kind in REPORTED_KINDS}
    for name in sentence.needs:
        base = next((name.removesuffix(s) for s in derived if name.endswith(s)), name)
        given = ("year", "title", "rank_group", "award_winners", "makeup_realname_rate", "services_realname_rate", *reporting)
        assert name in given or base in METRIC_BY_ID, name
    fields = [f for _, f, _, _ in string.Formatter().parse(sentence.template) if f is not None]
    assert ("parts" in fields) == any(s.part_of == sentence.id for s in SENTENCES)
    assert sentence.part_of is None or sentence.part_of in SENTENCE_BY_ID


# --- §3.8 activities -------------------------------------------------------------------------

ACTIVITY_LEDGER = [
    ["2024年职工活动与培训台账"],
    ["填报单位:市总工会职工学校"],
    ["序号", "活动名称", "活动时间", "期数", "参训人数", "活动经费（元）"],
    [1, "企业定制安全生产培训班", "2024-03", 10, "700人", "60,000"],
    [2, "职业技能提升培训", "2024年6月", 8, 612, 48000],
    [3, "班组长管理能力培训", "2024/9/10", "８", 500, 40000],
    [4, "职工篮球赛", "2024-05-01", 5, "1,400", 12000],
    [5, "迎新春文艺演出", "2024年1月20日", 7, 2000, 30000],
    ["合计", None, None, 38, 5212, 190000],
]


def test_activities_are_counted_as_a_work_report_counts_them(engine):
    report, _ = import_bytes(engine, xlsx(ACTIVITY_LEDGER), "活动台账.xlsx", today=dt.date(2025, 1, 10))
    assert report["status"] == "imported" and report["sheets"][0]["problems"] == [], report

    paragraphs = {p.area: (p.heading, p.text) for p in summary_paragraphs(build_report(engine, 2024))}

    heading, text = paragraphs["activities"]
    assert heading == "一、职工活动与培训"
    assert text == "全年举办培训26期,培训职工1,812人次;开展文体活动12场,参与职工3,400人次。活动与培训经费支出19.0万元。"
    # the same figures as the metric table
    table = compute_metrics(engine, years=("2024", "2024"))
    training = table[table["category"] == "培训"].set_index("metric")["value"]
    assert (training["activity_sessions"], training["activity_participants"]) == (26, 1812)
    spend = table[(table["metric"] == "activity_spend") & table["category"].isna()]["value"].iloc[0]
    assert metric_value("activity_spend", spend) in text


def test_a_type_without_participants_is_left_out_not_written_as_zero(engine):
    rows = [["单位", "活动名称", "年度", "参加人次"], ["甲工会", "健步走", 2024, None], ["甲工会", "志愿服务", 2024, 30]]
    report, _ = import_bytes(engine, xlsx(rows), "活动.xlsx", today=dt.date(2025, 1, 10))
    assert report["status"] == "imported", report
    text = summary_text(build_report(engine, 2024))
    assert "全年组织志愿服务1场,参与职工30人次。" in text
    assert "文体" not in text and "经费" not in text


def test_the_make_up_sentence_gives_the_rosters_groups_and_the_realname_rate(sample_engine):
    """§3.7: "会员中女会员1,210人,占46.2%;35岁及以下会员占38.5%;实名制录入率96.3%。" from the rosters."""
    table = compute_metrics(sample_engine, years=(YEAR, YEAR))
    groups = table[table["metric"] == "members_by_group"]
    total = groups.loc[groups["category"].isna(), "value"].iloc[0]
    female = groups.loc[groups["category"] == "女", "value"].iloc[0]
    young = groups.loc[groups["category"] == "35岁及以下", "value"].iloc[0]
    realname = table[(table["metric"] == "realname_rate") & table["category"].isna()]["value"].iloc[0]
    expected = (
        f"会员中女会员{metric_value('members_by_group', female)},占{percent(female / total)};"
        f"35岁及以下会员占{percent(young / total)};实名制录入率{metric_value('realname_rate', realname)}。"
    )
    assert total == 129 and female == 91  # the three rosters' members: 24 + 59 + 46, of them 91 women
    text = summary_text(build_report(sample_engine, YEAR))
    assert expected in text and text.count("实名制录入率") == 1 + text.count("实名制录入率低于目标")  # said once
    # a scope without rosters (华新机械 has none) has no such sentence
    assert "会员中女会员" not in summary_text(build_report(sample_engine, YEAR, unit=UNIT))
