"""Real offices' forms (issue 13): each layout rebuilt from a public source
(tests/fixtures/real/README.md) is imported as an office would, and must read as the data
contract says (§1, §3, §6). The expected figures were written down by hand from the
rebuilt forms before any run; where the contract is silent the test says what the office
means and the docstring says so.

These are acceptance tests for the real-form rules: many fail until the importer implements
them.
"""

from __future__ import annotations

import pytest

from tests.fixtures.real import forms
from tests.fixtures.real.run import Imported, import_form

NO_HEADER = "没有可识别的表头"  # the old, wrong advice for a sheet whose header is there


@pytest.fixture
def load(tmp_path):
    def load(build) -> Imported:
        return import_form(build(), tmp_path)

    return load


def problems(sheet: dict, level: str) -> list[dict]:
    return [p for p in sheet["problems"] if p["level"] == level]


# --- registries (§1, §3.5) ------------------------------------------------------------------


def test_a_registry_of_unions_is_read_as_units_with_membership_rows(load):
    """单位名称 + 工会名称 + 职工人数 + 会员人数, no 已建会, no 年度: a list of unions (§3.5). The
    example row `11` is no unit; the year is the 填报日期 line's; the counts are membership rows."""
    done = load(forms.registry_of_unions)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["skipped"]) == ("units", None)
    assert sheet["rejected"] == 1
    assert [p["row"] for p in problems(sheet, "rejected")] == [4]  # the `11` example row
    coverage = done.record("union_coverage_rate", "2023")
    assert (coverage["numerator"], coverage["denominator"]) == (3, 4)  # 新桥餐饮店 has no 工会名称
    rate = done.record("membership_rate", "2023")
    assert (rate["numerator"], rate["denominator"]) == (264, 285)
    # the unit is the union, not the employer
    assert done.value("members", "2023", by="unit", unit="城南汽配有限公司工会") == 118
    assert "城南汽配有限公司" not in done.units("members")
    assert done.periods("members") == {"2023"}


def test_the_platform_union_organisation_template_with_its_instruction_headers(load):
    """海南省工会组织信息采集表: 附件 line, `填表单位（盖章）：` with nothing after it, `建会日期（格式：
    yyyy/MM/dd）`, a 填表说明 footer; --year 2023 (no year in the file)."""
    done = load(forms.hainan_union_organisations)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["rejected"], sheet["skipped"]) == ("units", 0, None)
    assert done.value("union_coverage_rate", "2023") == 1.0
    rate = done.record("membership_rate", "2023")
    assert (rate["numerator"], rate["denominator"]) == (441, 468)
    assert done.value("members", "2023", by="parent", unit="海口市美兰区总工会") == 441
    assert done.units("members") == {
        "海口椰风食品有限公司工会委员会",
        "海口蓝湾物业服务有限公司工会",
        "海南南渡江运输有限公司工会",
    }


def test_a_unit_template_without_union_names_counts_unions_by_their_founding_date(load):
    """单位名称 with 建会日期 blank for two units: 已建会 comes from 建会日期 (§3.5); 上级工会（企业）名称
    is 上级工会名称 with a note in brackets."""
    done = load(forms.lgjt_unit_template)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["rejected"]) == ("units", 0)
    coverage = done.record("union_coverage_rate", "2023")
    assert (coverage["numerator"], coverage["denominator"]) == (2, 4)
    assert done.value("union_coverage_rate", "2023", by="parent", unit="东湖区总工会") == 0.5


# --- welfare ledgers (§3.3) -------------------------------------------------------------------


def test_a_ledger_whose_title_names_several_kinds_takes_each_rows_category(load):
    """2019年…各类慰问补助一览表 (decides nothing): 慰问类别 per row, 慰问时间, 慰问金额（元）, unit at upload."""
    done = load(forms.gz_general_welfare)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"], sheet["warned"]) == ("welfare", 4, 0, 0)
    assert done.value("welfare_amount", "2019") == 2500
    assert done.value("welfare_count", "2019") == 4
    assert done.value("welfare_amount", "2019", category="丧葬慰问") == 1000
    assert done.value("welfare_amount", "2019", category="住院慰问") == 500
    assert done.units("welfare_amount") == {"公安局机关工会"}


def test_a_dateless_plan_takes_the_title_year_and_the_title_category(load):
    """No date column: the title's 2019 beats the sheet name's 2017 (§1); 春节…送温暖 names one
    category for every row (§3.3). Contract-literal: the file name's 重困 does not override
    the title (see README)."""
    done = load(forms.gz_songwennuan_plan)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"]) == ("welfare", 3, 0)
    assert done.periods("welfare_amount") == {"2019"}
    assert done.value("welfare_amount", "2019", category="节日慰问") == 3500
    assert done.value("welfare_amount", "2019", by="unit", unit="南宁站派出所") == 2500
    assert done.value("welfare_count", "2019") == 3


def test_a_zhukun_ledger_is_hardship_aid_whatever_its_sub_type_says(load):
    """助困管理表: the file name says 助困 → 困难帮扶 for every row; 补助类型 重病 is a sub-type, not
    住院慰问, so no false over-standard warning (住院慰问's standard is 1000)."""
    done = load(forms.gz_zhukun_ledger)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"], sheet["warned"]) == ("welfare", 3, 0, 0)
    assert done.value("welfare_amount", "2023", category="困难帮扶") == 10000
    assert done.value("welfare_amount", "2023") == 10000
    assert done.value("welfare_amount", "2023", by="unit", unit="南宁站派出所") == 7000


def test_serious_illness_aid_is_hardship_aid_and_a_hospital_stay_is_not(load):
    """助医管理表: "困难帮扶（大病救助）" and "大病救助" → 困难帮扶 (救助 beats the bare 病); "住院慰问"
    and "生病住院" → 住院慰问; `时间（xxxx年xx月xx日）` is 时间; the file name decides nothing."""
    done = load(forms.gz_zhuyi_ledger)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"], sheet["warned"]) == ("welfare", 4, 0, 0)
    assert done.value("welfare_amount", "2022", category="困难帮扶") == 14000
    assert done.value("welfare_count", "2022", category="困难帮扶") == 2
    assert done.value("welfare_amount", "2022", category="住院慰问") == 1000
    assert done.value("welfare_count", "2022", category="住院慰问") == 2


def test_a_jinqiu_list_is_all_jinqiu_with_its_amounts(load):
    """金秋助学补助清单（第一批）: title in merged C2:O2, `单位：公安局 … 年 月 日` (no unit line: the
    rows have 单位), 资助类别 sub-types, `资助金额\\n（元）`; not 0 元."""
    done = load(forms.gz_jinqiu_list)
    sheet = done.sheet("sheet1")
    assert (sheet["kind"], sheet["stored"], sheet["rejected"]) == ("welfare", 3, 0)
    assert done.value("welfare_amount", "2023", category="金秋助学") == 6000
    assert done.value("welfare_amount", "2023") == 6000
    assert done.value("welfare_count", "2023", category="金秋助学") == 3
    assert done.value("welfare_amount", "2023", by="unit", unit="南宁站派出所") == 5000


def test_a_hardship_declaration_is_hardship_aid(load):
    """困难女警申报: the file name's 困难 → 困难帮扶; 补助类型 重病 / 单亲 kept as sub-types."""
    done = load(forms.gz_hard_policewoman)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["warned"]) == ("welfare", 2, 0)
    assert done.value("welfare_amount", "2023", category="困难帮扶") == 5000


def test_a_member_welfare_template_reads_its_item_and_date_columns(load):
    """会员福利信息: contract silent — 福利项目 is the category and 发生日期 the date as the office
    means them (neither is in §3.3's alias list); 慰问金（慰问品） is 慰问金 with a note."""
    done = load(forms.gz_member_welfare)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"]) == ("welfare", 3, 0)
    assert done.value("welfare_amount", "2023") == 1000
    assert done.value("welfare_amount", "2023", category="生日慰问") == 200
    assert done.value("welfare_amount", "2023", category="节日慰问") == 300


def test_group_payments_are_checked_per_person_and_counted_by_persons(load):
    """全体会员 春节慰问 497人 149,100元 is 300 per person: under 节日慰问's 2000, no warning;
    人数 is 人次; the 合计 row adds up."""
    done = load(forms.group_payments)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"], sheet["warned"]) == ("welfare", 3, 0, 0)
    assert done.value("welfare_amount", "2023", category="节日慰问") == 203100
    assert done.value("welfare_count", "2023") == 719
    assert done.units("welfare_amount") == {"江南理工大学工会"}


def test_a_total_row_counts_blank_person_counts_as_one(load):
    """人次 left blank on every row (1 each, §3.3): the 合计 row's 3 agrees, no warning."""
    done = load(forms.birthday_total_blank_counts)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["warned"]) == ("welfare", 3, 0)
    assert done.value("welfare_count", "2023", category="生日慰问") == 3
    assert done.value("welfare_amount", "2023") == 600


# --- competitions (§3.4) ----------------------------------------------------------------------


def test_individual_contest_results_are_entries_without_awards(load):
    """个人比武成绩: `比武开始时间（2021-01-20）` is the date; 个人排名 1…4 are ranks, 个人总成绩 a
    score; no award column → 未获奖 for all."""
    done = load(forms.gz_individual_results)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"]) == ("competitions", 4, 0)
    assert done.value("competition_entries", "2021") == 4
    award_rate = done.record("award_rate", "2021")
    assert (award_rate["numerator"], award_rate["value"]) == (0, 0)
    assert done.value("competition_entries", "2021", by="unit", unit="南宁站派出所") == 2


def test_team_contest_results_are_one_entry_per_team(load):
    """比武团体成绩: no 人数 → 1 per row; 排名 is no award."""
    done = load(forms.gz_team_results)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"]) == ("competitions", 3)
    assert done.value("competition_entries", "2021") == 3
    assert done.record("award_rate", "2021")["numerator"] == 0


# --- finance (§3.6) ---------------------------------------------------------------------------


def test_a_university_budget_table_reads_code_and_name_sub_accounts_and_two_years(load):
    """工会经费收支预算表 of 2021: 上年决算数 is 2020's 决算, 本年预算数 2021's 预算; 编号 | 名称
    under 科 目; 403's own row stands, its 403xx are not added again; 上年结转 and
    动用以前年度结余 are neither income nor expense; 本年收入合计 includes 动用以前年度结余 (no
    mismatch); the unit from `编制单位:` with the name in the next cell."""
    done = load(forms.university_budget)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["rejected"], sheet["warned"], sheet["skipped"]) == ("finance", 0, 0, None)
    assert done.value("income", "2020") == 2_900_000
    assert done.value("expense", "2020") == 2_670_000
    assert done.value("income", "2020", category="上级补助收入") == 500_000
    assert done.value("expense", "2020", category="职工活动支出") == 2_400_000
    assert done.units("income") == {"中国教育工会江南理工大学委员会"}
    # 本年预算数 is 2021's budget, not 2021's 决算: no 2021 income was spent or received yet
    assert not any(r["value"] for r in done.metrics["all"] if r["metric"] == "income" and r["period"] == "2021")


def test_final_accounts_in_wan_yuan_with_balance_rows(load):
    """工会经费收支决算表 with `单位：万元`: every amount × 10,000; 上年结余 + 收入 − 支出 = 本年结余
    holds (12.50 + 50.05 − 41.70 = 20.85), so no warning; the unit from `填报单位（盖章）：` whose
    name stands in the next cell."""
    done = load(forms.final_accounts_wanyuan)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["rejected"], sheet["warned"]) == ("finance", 0, 0)
    assert done.value("income", "2023") == pytest.approx(500_500)
    assert done.value("expense", "2023") == pytest.approx(417_000)
    assert done.value("income", "2023", category="会费收入") == pytest.approx(28_500)
    assert done.value("budget_execution_rate", "2023", category="收入") == pytest.approx(50.05 / 48.00)
    assert done.units("income") == {"城西机械厂工会"}


# --- statistical tables (§1, §3.1) ------------------------------------------------------------


def test_a_yearbook_table_by_year_with_english_lines_and_masked_years(load):
    """湖北统计年鉴 20-1 (.xls): header cells with English lines, the grouping parent's (万人)
    scales its children (contract silent on inheriting the unit; the office means it), `***`
    years carry nothing."""
    done = load(forms.hubei_yearbook_by_year)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"]) == ("membership", 3)
    assert done.periods("members") == {"2010", "2011", "2012"}
    assert done.value("members", "2012") == pytest.approx(10_603_000)
    rate = done.record("membership_rate", "2012")
    assert (rate["numerator"], rate["denominator"]) == (pytest.approx(10_603_000), pytest.approx(11_004_000))
    assert done.value("female_membership_rate", "2011") == pytest.approx(400 / 420)
    assert done.units("members") == {"湖北省总工会"}


def test_a_transposed_yearbook_table_reads_each_year_column(load):
    """江苏统计年鉴 16-11: indicators as rows, years as columns; `#女职工人数` below 职工人数(万人) is
    女职工人数 in 万人 too (contract silent on the unit of a `#` row; the office means it); the
    `单位:个` line does not scale people; 妇联 rows are skipped."""
    done = load(forms.jiangsu_yearbook_transposed)
    sheet = done.sheet()
    assert sheet["kind"] == "membership"
    assert done.periods("members") == {"1995", "2000", "2004", "2005"}
    assert done.value("members", "2005") == pytest.approx(10_002_000)
    rate = done.record("membership_rate", "2000")
    assert (rate["numerator"], rate["denominator"]) == (pytest.approx(6_250_000), pytest.approx(6_905_000))
    assert done.value("female_membership_rate", "2004") == pytest.approx(386 / 398)


def test_a_census_table_by_region_with_split_header_and_a_national_total(load):
    """经济普查 1-21: names split over three rows, `#已成立工会单位数` / `#加入工会人数` children,
    就业人数 in 万人 (the child in 万人 too, as the office means), `全 国` is a totals row, `北 京`
    is 北京; the year named at upload (--year 2004)."""
    done = load(forms.census_by_region)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"], sheet["rejected"], sheet["warned"]) == ("membership", 3, 0, 0)
    assert done.units("members") == {"北京", "天津", "河北"}
    coverage = done.record("union_coverage_rate", "2004")
    assert (coverage["numerator"], coverage["denominator"]) == (106_000, 500_000)
    assert done.value("members", "2004") == pytest.approx(11_250_000)
    assert done.value("membership_rate", "2004") == pytest.approx(1125 / 1990)
    assert done.value("union_coverage_rate", "2004", by="unit", unit="北京") == pytest.approx(0.2)


def test_a_members_only_yearbook_table_is_skipped_naming_what_is_missing(load):
    """表15—4: 工会会员数(人) per year but no 职工人数: by §3.1 no membership table; the skip reason
    names the missing 职工人数 instead of "no header" (contract gap: see README)."""
    done = load(forms.city_yearbook_members_only)
    sheet = done.sheet()
    assert sheet["kind"] is None and sheet["stored"] == 0
    assert "职工人数" in sheet["skipped"] and NO_HEADER not in sheet["skipped"]
    assert done.file["message"] is not None and "未入库" in done.file["message"]


def test_a_national_series_with_a_wan_unit_line(load):
    """1952-2006年工会组织情况: `单位:万个、万人` above the header scales every count of people;
    blank female figures in 1952 leave that year out of the female rate only."""
    done = load(forms.national_series_wan)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["stored"]) == ("membership", 4)
    assert done.value("members", "2006") == pytest.approx(168_000_000)
    assert done.value("membership_rate", "1952") == pytest.approx(1000 / 1400)
    assert done.value("female_membership_rate", "2006") == pytest.approx(6200 / 6300)
    assert done.value("female_membership_rate", "1952") is None  # §4: missing, not 0


def test_membership_by_branch_sums_the_branches_of_one_unit(load):
    """Rows of one unit and year that differ by 分会 are parts of the unit: summed (not "the lower
    row wins"), and the 合计 row agrees."""
    done = load(forms.members_by_branch)
    sheet = done.sheet()
    assert (sheet["kind"], sheet["rejected"], sheet["warned"]) == ("membership", 0, 0)
    rate = done.record("membership_rate", "2023")
    assert (rate["numerator"], rate["denominator"]) == (386, 400)
    assert done.units("members") == {"江南理工大学工会"}


# --- forms the product does not read (§1 skip reasons) --------------------------------------


def test_a_membership_application_form_is_named_as_such_and_stores_nothing(load):
    """入会申请书 / 工会会员登记表: one person's label–value cells — skipped as a per-person form."""
    done = load(forms.application_form)
    assert done.file["batch"] is None and "未入库" in (done.file["message"] or "")
    register = done.sheet("工会会员登记表")
    assert register["kind"] is None
    assert any(word in register["skipped"] for word in ("申请", "登记表", "个人")), register["skipped"]
    assert NO_HEADER not in register["skipped"]


def test_a_grants_table_is_skipped_saying_what_it_recognised(load):
    """上级拨款表 is no kind of ours: the reason names the recognised 金额 and what is missing."""
    done = load(forms.grants_from_above)
    sheet = done.sheet()
    assert sheet["kind"] is None
    assert "金额" in sheet["skipped"] and NO_HEADER not in sheet["skipped"]
    assert done.file["batch"] is None and "未入库" in (done.file["message"] or "")
