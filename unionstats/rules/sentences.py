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
  as plain counts (5,108); ``{year}``, ``{title}`` — the report's year and scope name.

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
    # --- membership (§3.1, §4)
    Sentence("members", "membership", "{year}年,{title}共有职工{membership_rate_denominator}人、工会会员{members}{parts}。"),
    Sentence("members_change", "membership", ",会员人数较上年{members_change}", part_of="members"),
    Sentence("new_members", "membership", ",全年新发展会员{new_members}", part_of="members"),
    Sentence("membership_rate", "membership", "入会率{membership_rate}{parts}。"),
    Sentence("membership_rate_change", "membership", ",较上年{membership_rate_change}", part_of="membership_rate"),
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
    Sentence("realname", "membership", "会员实名制录入率{realname_rate}", part_of="membership_services"),
    Sentence("insurance", "membership", "职工互助保障参保率{insurance_rate}", part_of="membership_services"),
    Sentence("checkup", "membership", "职工健康体检率{checkup_rate}", part_of="membership_services"),
    # --- dues (§3.2, §4)
    Sentence("dues", "dues", "全年应收缴经费{dues_due},实际收缴{dues_collected},经费收缴率{dues_collection_rate}{parts}。"),
    Sentence("dues_change", "dues", ",较上年{dues_collection_rate_change}", part_of="dues"),
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
    # --- finance (§3.6, §4)
    Sentence("finance", "finance", "全年经费收入{income},经费支出{expense}{parts}。"),
    Sentence("income_execution", "finance", ",收入预算执行率{budget_execution_rate}", "收入", "finance"),
    Sentence("expense_execution", "finance", ",支出预算执行率{budget_execution_rate}", "支出", "finance"),
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
    "membership": "组织建设与会员发展",
    "units": "基层工会组建",
    "dues": "经费收缴",
    "finance": "经费收支",
    "welfare": "帮扶慰问",
    "competitions": "劳动竞赛与技能比武",
}

SENTENCE_BY_ID: dict[str, Sentence] = {s.id: s for s in SENTENCES}
