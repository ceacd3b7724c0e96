"""The sentences of the 年度工作总结 (product.md "Reports"), as one table of templates.

Each row is one sentence, or one part of a sentence. A template holds named placeholders,
filled from the report's figures (``unionstats.report.model.ReportModel.facts``), each
already written as an office writes it (96.3%, 4,000元, 3.2万元, 16人次):

- ``{membership_rate}``, ``{welfare_amount}`` … — a metric of contract §4 (its id) for the
  report's year, scope and the row's ``category`` (None: over all categories);
- ``{membership_rate_change}`` — its change against the previous year (提高1.2个百分点,
  增加12人, 持平);
- ``{membership_rate_rank}`` / ``{membership_rate_peers}`` — its rank among the scope's
  peers (units of the same 上级工会, or the 上级工会 of the district) and how many they are
  (18家); ``{rank_group}`` names the peers (全区, 东城街道总工会所属单位);
- ``{membership_rate_numerator}`` / ``{membership_rate_denominator}`` — a rate's two sums
  as plain counts (5,108); ``{year}``, ``{title}`` — the report's year and scope name;
- ``{members_basis}`` — "按两年均报送的21家单位计" when the change is taken over the units
  that reported in both years (their units differ: like for like), absent otherwise;
- for a 上级工会 or the district: ``{membership_rate_target}`` (95.0%), and either
  ``{membership_rate_below}`` (how many units are under it) with ``{membership_rate_below_units}``
  (their names, lowest first, at most NAMED_UNITS, then 等), or ``{membership_rate_met}``
  (how many units, all at or over it); ``{expected_membership}`` / ``{reported_membership}``
  (units expected to report a kind of REPORTED_KINDS for the year, and of those how many did,
  absent when none did) and
  ``{missing_membership}`` (who did not, by name);
- ``{activity_sessions_number}`` — a count of 场次 without its unit (26), for 培训 written in 期;
- ``{award_winners}`` — the 获奖名单 by name (WINNER_PHRASE per contest and award, the levels
  of WINNER_LEVELS, at most WINNERS_NAMED names), only from units the viewer may see.

A row is written only when every figure it names exists: a missing figure is never
written as 0, "nan" or "—"; the row is left out. A row with ``part_of`` is a part of
another row and fills that row's ``{parts}`` placeholder, joined by its ``joiner``, in
table order; a row whose ``min_parts`` is not reached is left out. A part with a
``category`` whose figures are all zero is left out too (nothing to list), and so is any
row naming a negative sum of money (a net 红字冲销 is no "发放慰问金-5,000元").
``scopes`` says for which report scopes (unit, parent, all) a row is meant.
Editing a sentence is editing one row here.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

# 较上年 over the units that reported in both years (product.md "Reports": like for like),
# said wherever such a change is shown: KPI cards, the deck, the summary's sentences.
LIKE_FOR_LIKE = "按两年均报送的{units}家单位计"
# under a table of 较上年 (Word, HTML): the figures whose change is like for like
LIKE_FOR_LIKE_NOTE = "注:{labels}的较上年变化{basis}。"

# product.md "Reports", a 上级工会 scope: who has (not) reported — the kinds every union files
# each year (ledgers such as 帮扶慰问 have no rows in a year without payments).
REPORTED_KINDS: dict[str, str] = {"membership": "会员统计", "dues": "经费收缴"}
NAMED_UNITS = 20  # units named in one sentence at most; more end in NAMES_CUT
NAMES_CUT = "等"

# The 获奖名单 of the summary (product.md pages 6): awards at these levels, named one by one.
WINNER_LEVELS: tuple[str, ...] = ("全国", "省级", "市级", "区县级")
WINNERS_NAMED = 12  # names in the summary at most; the 竞赛 page lists every winner
WINNER_PHRASE = "{names}获{contest}{award}"  # 张三、李四获市级技能比武一等奖
WINNER_WITH_EVENT = "{person}({event})"  # a winner with the 项目 / 工种 they won in

ALL_SCOPES: tuple[str, ...] = ("unit", "parent", "all")
GROUP_SCOPES: tuple[str, ...] = ("parent", "all")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or part of one) of the summary.

    ``area`` is the metric family (membership, dues, welfare, competitions, finance,
    units); ``category`` the category whose figures fill it (None: over all);
    ``part_of`` the id of the sentence it is a part of (None: a sentence of its own).
    """

    id: str
    area: str
    template: str
    category: str | None = None
    part_of: str | None = None
    joiner: str = ""
    min_parts: int = 0
    scopes: tuple[str, ...] = ALL_SCOPES

    @property
    def needs(self) -> tuple[str, ...]:
        """The figures the template names (its placeholders, without ``parts``)."""
        names = (field for _, field, _, _ in string.Formatter().parse(self.template) if field)
        return tuple(dict.fromkeys(name for name in names if name != "parts"))


# product.md "Reports": the register of a 工会工作总结; areas in the order of contract §4.
SENTENCES: tuple[Sentence, ...] = (
    # --- reporting (product.md "Reports"): a 上级工会 or the district, the kinds of REPORTED_KINDS
    Sentence(
        "reporting_membership",
        "reporting",
        "{year}年应报送会员统计的单位{expected_membership}家{parts}。",
        scopes=GROUP_SCOPES,
    ),
    Sentence("reported_membership", "reporting", ",已报送{reported_membership}家", part_of="reporting_membership"),
    Sentence("missing_membership", "reporting", ",尚未报送的有:{missing_membership}", part_of="reporting_membership"),
    Sentence("reporting_dues", "reporting", "应报送经费收缴数据的单位{expected_dues}家{parts}。", scopes=GROUP_SCOPES),
    Sentence("reported_dues", "reporting", ",已报送{reported_dues}家", part_of="reporting_dues"),
    Sentence("missing_dues", "reporting", ",尚未报送的有:{missing_dues}", part_of="reporting_dues"),
    # --- membership (§3.1, §4)
    Sentence("members", "membership", "{year}年,{title}共有职工{membership_rate_denominator}人、工会会员{members}{parts}。"),
    Sentence("members_change", "membership", ",会员人数较上年{members_change}{parts}", part_of="members"),
    Sentence("members_basis", "membership", "({members_basis})", part_of="members_change"),
    Sentence("new_members", "membership", ",全年新发展会员{new_members}", part_of="members"),
    Sentence("membership_rate", "membership", "入会率{membership_rate}{parts}。"),
    Sentence("membership_rate_change", "membership", ",较上年{membership_rate_change}{parts}", part_of="membership_rate"),
    Sentence("membership_rate_basis", "membership", "({membership_rate_basis})", part_of="membership_rate_change"),
    Sentence(
        "membership_rate_rank",
        "membership",
        ",居{rank_group}第{membership_rate_rank}位(共{membership_rate_peers})",
        part_of="membership_rate",
    ),
    Sentence("membership_groups", "membership", "其中{parts}。", joiner=",", min_parts=1),
    Sentence("female_rate", "membership", "女职工入会率{female_membership_rate}", part_of="membership_groups"),
    Sentence("migrant_rate", "membership", "农民工入会率{migrant_membership_rate}", part_of="membership_groups"),
    Sentence("membership_services", "membership", "{parts}。", joiner=",", min_parts=1),
    # {services_realname_rate}: the 实名制录入率 where no roster gives a 会员构成 (else it is said there, §3.7)
    Sentence("realname", "membership", "会员实名制录入率{services_realname_rate}", part_of="membership_services"),
    Sentence("insurance", "membership", "职工互助保障参保率{insurance_rate}", part_of="membership_services"),
    Sentence("checkup", "membership", "职工健康体检率{checkup_rate}", part_of="membership_services"),
    # §3.7 会员构成 from the rosters: {members_by_group_share} is a group's share of the rosters'
    # members; {makeup_realname_rate} the 实名制录入率, given only where rosters give a 会员构成
    Sentence("member_makeup", "membership", "会员中{parts}。", joiner=";", min_parts=2),
    Sentence("makeup_female", "membership", "女会员{members_by_group},占{members_by_group_share}", "女", "member_makeup"),
    Sentence("makeup_young", "membership", "35岁及以下会员占{members_by_group_share}", "35岁及以下", "member_makeup"),
    Sentence("makeup_realname", "membership", "实名制录入率{makeup_realname_rate}", part_of="member_makeup"),
    # a 上级工会 or the district: the units under each target, by name (product.md "Reports")
    Sentence(
        "membership_rate_below",
        "membership",
        "入会率低于目标({membership_rate_target})的单位有{membership_rate_below}家:{membership_rate_below_units}。",
        scopes=GROUP_SCOPES,
    ),
    Sentence(
        "membership_rate_met",
        "membership",
        "填报入会率的{membership_rate_met}家单位均达到目标({membership_rate_target})。",
        scopes=GROUP_SCOPES,
    ),
    Sentence(
        "realname_below",
        "membership",
        "实名制录入率低于目标({realname_rate_target})的单位有{realname_rate_below}家:{realname_rate_below_units}。",
        scopes=GROUP_SCOPES,
    ),
    # --- dues (§3.2, §4)
    Sentence("dues", "dues", "全年应收缴经费{dues_due},实际收缴{dues_collected},经费收缴率{dues_collection_rate}{parts}。"),
    Sentence("dues_change", "dues", ",较上年{dues_collection_rate_change}{parts}", part_of="dues"),
    Sentence("dues_basis", "dues", "({dues_collection_rate_basis})", part_of="dues_change"),
    Sentence(
        "dues_rank",
        "dues",
        ",居{rank_group}第{dues_collection_rate_rank}位(共{dues_collection_rate_peers})",
        part_of="dues",
    ),
    Sentence("dues_by_fund", "dues", "其中{parts}。", joiner=",", min_parts=2),
    Sentence("dues_fund", "dues", "工会经费收缴率{dues_collection_rate}", category="工会经费", part_of="dues_by_fund"),
    Sentence("dues_fees", "dues", "会费收缴率{dues_collection_rate}", category="会费", part_of="dues_by_fund"),
    Sentence("dues_remitted", "dues", "按规定向上级工会上解经费{dues_remitted}。"),
    Sentence(
        "dues_below",
        "dues",
        "经费收缴率低于目标({dues_collection_rate_target})的单位有{dues_collection_rate_below}家:"
        "{dues_collection_rate_below_units}。",
        scopes=GROUP_SCOPES,
    ),
    Sentence(
        "dues_met",
        "dues",
        "填报经费收缴的{dues_collection_rate_met}家单位收缴率均达到目标({dues_collection_rate_target})。",
        scopes=GROUP_SCOPES,
    ),
    # --- welfare (§3.3, §4): one part per standard category, in the order of a 工作总结
    Sentence("welfare", "welfare", "全年共{parts};合计发放慰问金{welfare_amount}。", joiner=";", min_parts=1),
    Sentence("welfare_hospital", "welfare", "看望住院职工{welfare_count},发放慰问金{welfare_amount}", "住院慰问", "welfare"),
    Sentence("welfare_birth", "welfare", "慰问生育职工{welfare_count},发放慰问金{welfare_amount}", "生育慰问", "welfare"),
    Sentence("welfare_funeral", "welfare", "慰问去世职工家属{welfare_count},发放慰问金{welfare_amount}", "丧葬慰问", "welfare"),
    Sentence("welfare_retired", "welfare", "慰问退休职工{welfare_count},发放慰问金{welfare_amount}", "退休慰问", "welfare"),
    Sentence("welfare_hardship", "welfare", "帮扶困难职工{welfare_count},发放帮扶金{welfare_amount}", "困难帮扶", "welfare"),
    Sentence("welfare_school", "welfare", "金秋助学资助{welfare_count},发放助学金{welfare_amount}", "金秋助学", "welfare"),
    Sentence("welfare_summer", "welfare", "夏送清凉慰问一线职工{welfare_count},发放{welfare_amount}", "夏送清凉", "welfare"),
    Sentence("welfare_festival", "welfare", "开展节日慰问{welfare_count},发放{welfare_amount}", "节日慰问", "welfare"),
    Sentence("welfare_birthday", "welfare", "为职工送上生日慰问{welfare_count},发放{welfare_amount}", "生日慰问", "welfare"),
    Sentence("welfare_wedding", "welfare", "慰问新婚职工{welfare_count},发放慰问金{welfare_amount}", "结婚慰问", "welfare"),
    Sentence("welfare_mutual", "welfare", "发放医疗互助补助{welfare_count},金额{welfare_amount}", "医疗互助", "welfare"),
    Sentence("welfare_other", "welfare", "其他慰问{welfare_count},发放{welfare_amount}", "其他", "welfare"),
    Sentence("welfare_per_member", "welfare", "按会员人数计,人均慰问金{welfare_per_member}。"),
    # --- competitions (§3.4, §4): awards by tier and by level
    Sentence("competitions", "competitions", "全年组织职工参加劳动竞赛和技能比武{competition_entries}{parts}。"),
    Sentence("competition_awards", "competitions", ",获奖{competition_awards}", part_of="competitions"),
    Sentence("award_rate", "competitions", ",获奖率{award_rate}", part_of="competitions"),
    Sentence("awards_by_tier", "competitions", "获奖人次中,{parts}。", joiner="、", min_parts=1),
    Sentence("tier_1", "competitions", "一等奖{competition_awards}", "一等奖", "awards_by_tier"),
    Sentence("tier_2", "competitions", "二等奖{competition_awards}", "二等奖", "awards_by_tier"),
    Sentence("tier_3", "competitions", "三等奖{competition_awards}", "三等奖", "awards_by_tier"),
    Sentence("tier_merit", "competitions", "优秀奖{competition_awards}", "优秀奖", "awards_by_tier"),
    Sentence("awards_by_level", "competitions", "按竞赛级别分,{parts}。", joiner="、", min_parts=1),
    Sentence("level_national", "competitions", "全国级获奖{competition_awards}", "全国", "awards_by_level"),
    Sentence("level_province", "competitions", "省级获奖{competition_awards}", "省级", "awards_by_level"),
    Sentence("level_city", "competitions", "市级获奖{competition_awards}", "市级", "awards_by_level"),
    Sentence("level_district", "competitions", "区县级获奖{competition_awards}", "区县级", "awards_by_level"),
    Sentence("level_unit", "competitions", "单位内部获奖{competition_awards}", "单位内", "awards_by_level"),
    Sentence("award_winners", "competitions", "其中,{award_winners}。"),
    # --- activities (§3.8, §4): one part per type, as a 工作总结 counts them (培训 in 期, the rest in 场)
    Sentence("activities", "activities", "全年{parts}。", joiner=";", min_parts=1),
    Sentence(
        "activities_training",
        "activities",
        "举办培训{activity_sessions_number}期,培训职工{activity_participants}",
        "培训",
        "activities",
    ),
    Sentence(
        "activities_sports",
        "activities",
        "开展文体活动{activity_sessions},参与职工{activity_participants}",
        "文体活动",
        "activities",
    ),
    Sentence(
        "activities_education",
        "activities",
        "开展宣传教育活动{activity_sessions},参与职工{activity_participants}",
        "宣传教育",
        "activities",
    ),
    Sentence(
        "activities_volunteer",
        "activities",
        "组织志愿服务{activity_sessions},参与职工{activity_participants}",
        "志愿服务",
        "activities",
    ),
    Sentence(
        "activities_care",
        "activities",
        "开展关爱服务活动{activity_sessions},服务职工{activity_participants}",
        "关爱服务",
        "activities",
    ),
    Sentence(
        "activities_other", "activities", "开展其他活动{activity_sessions},参与职工{activity_participants}", "其他", "activities"
    ),
    Sentence("activity_spend", "activities", "活动与培训经费支出{activity_spend}。"),
    # --- finance (§3.6, §4)
    Sentence("finance", "finance", "全年经费收入{income},经费支出{expense}{parts}。"),
    Sentence("income_execution", "finance", ",收入预算执行率{budget_execution_rate}", "收入", "finance"),
    Sentence("expense_execution", "finance", ",支出预算执行率{budget_execution_rate}", "支出", "finance"),
    Sentence("balances", "finance", "{parts}。", joiner=",", min_parts=1),
    Sentence("opening_balance", "finance", "上年结余{opening_balance}", part_of="balances"),
    Sentence("closing_balance", "finance", "本年结余{closing_balance}", part_of="balances"),
    # --- units (§3.5, §4): shares of units, for a 上级工会 or the district only
    Sentence(
        "union_coverage",
        "units",
        "{title}{union_coverage_rate_denominator}家单位中已建立工会{union_coverage_rate_numerator}家,建会率{union_coverage_rate}{parts}。",
        scopes=GROUP_SCOPES,
    ),
    Sentence("contract", "units", ",集体合同覆盖率{contract_rate}", part_of="union_coverage", scopes=GROUP_SCOPES),
    Sentence("bargaining", "units", ",工资集体协商覆盖率{wage_bargaining_rate}", part_of="union_coverage", scopes=GROUP_SCOPES),
)

# The headings of the summary's sections, one per area, in the order written; the
# summary numbers them (一、二、…) over the sections that have sentences.
AREA_HEADINGS: dict[str, str] = {
    "reporting": "数据报送情况",
    "membership": "组织建设与会员发展",
    "units": "基层工会组建",
    "dues": "经费收缴",
    "finance": "经费收支",
    "welfare": "帮扶慰问",
    "competitions": "劳动竞赛与技能比武",
    "activities": "职工活动与培训",
}

SENTENCE_BY_ID: dict[str, Sentence] = {s.id: s for s in SENTENCES}
# §3.7: the 会员构成 sentence and its parts (also the text of the deck's 会员构成 slide)
MAKEUP_SENTENCES: tuple[Sentence, ...] = tuple(s for s in SENTENCES if s.id == "member_makeup" or s.part_of == "member_makeup")
