"""unionstats.ingest.parse — one test per rule of data contract §1–§3.

Each test builds the messy workbook an office would send and checks the stored rows,
the rejections (Excel row, column, Chinese reason) and the warnings.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.workbooks import csv_bytes, xls, xlsx
from unionstats.ingest.parse import ParseOptions, parse_file

TODAY = dt.date(2024, 12, 31)


def parse(data: bytes, name: str = "表.xlsx", **options):
    return parse_file(data, name, ParseOptions(today=TODAY, **options))


def only_sheet(data: bytes, name: str = "表.xlsx", **options):
    parsed = parse(data, name, **options)
    used = [s for s in parsed.sheets if s.kind]
    assert len(used) == 1, [(s.name, s.skipped) for s in parsed.sheets]
    return used[0]


def messages(sheet, level=None):
    return [p.message for p in sheet.problems if level is None or p.level == level]


MEMBERSHIP_HEADER = ["单位", "年度", "职工人数", "会员人数"]


# ------------------------------------------------------------------ §1 title rows, headers
def test_title_unit_and_date_lines_above_the_header_are_skipped():
    rows = [
        ["2023年度会员统计表"],
        ["填报单位:东城街道总工会  单位:人"],
        ["填报日期:2024年1月5日"],
        [],
        MEMBERSHIP_HEADER,
        ["华新公司工会", 2023, 100, 95],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.kind == "membership"
    assert sheet.rows.loc[0, ["unit", "year", "employees", "members"]].tolist() == ["华新公司工会", "2023", 100, 95]
    assert sheet.rows.loc[0, "source_row"] == 6  # the row number Excel shows


def test_ten_title_rows_is_the_limit_that_still_reads():
    rows = [[f"说明第{i}行"] for i in range(10)] + [MEMBERSHIP_HEADER, ["甲工会", 2023, 10, 9]]
    assert only_sheet(xlsx(rows)).stored == 1


@pytest.mark.parametrize("female", ["女", "其中女", "其中:女", "其中：女", "女性"])
def test_two_row_merged_header_reads_as_combined_names(female):
    rows = [
        ["序号", "单位名称", "年度", "职工人数", None, "会员人数", None],
        [None, None, None, "合计", female, "合计", female],
        [1, "甲工会", 2023, 200, 80, 190, 76],
    ]
    sheet = only_sheet(xlsx(rows, merged=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1"]))
    row = sheet.rows.iloc[0]
    assert (row["employees"], row["female_employees"], row["members"], row["female_members"]) == (200, 80, 190, 76)


def test_two_row_header_without_merge_information_from_csv():
    rows = [
        ["单位", "年度", "会员人数", "", "职工人数", ""],
        ["", "", "合计", "女", "合计", "女"],
        ["甲工会", "2023", "90", "40", "100", "45"],
    ]
    sheet = only_sheet(csv_bytes(rows), "会员.csv")
    assert sheet.rows.iloc[0][["members", "female_members", "employees", "female_employees"]].tolist() == [90, 40, 100, 45]


@pytest.mark.parametrize(
    "header",
    ["职工人数(人)", "职工人数（人）", " 职工 人数 ", "职工\u3000人数", "职工\n人数", "职工人数【人】"],
)
def test_header_text_is_normalised(header):
    rows = [["单位", "年度", header, "会员人数"], ["甲工会", 2023, 100, 90]]
    assert only_sheet(xlsx(rows)).rows.loc[0, "employees"] == 100


def test_full_width_letters_and_digits_in_headers_and_unit_names():
    rows = [["单位", "年度", "职工人数", "会员人数"], ["ＡＢＣ　科技  公司工会", "２０２３", "１００", "９０"]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert (row["unit"], row["year"], row["employees"], row["members"]) == (
        "ABC 科技公司工会",
        "2023",
        100,
        90,
    )  # §1: a space between two Chinese characters goes


def test_wan_yuan_header_multiplies_by_ten_thousand():
    rows = [["单位", "年度", "应缴金额(万元)", "实缴金额（万元）"], ["甲工会", 2023, 1.5, "1.2"]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert row["due"] == pytest.approx(15_000) and row["paid"] == pytest.approx(12_000)


def test_wan_yuan_in_the_title_line_applies_to_amount_columns():
    rows = [["2023年经费收缴表"], ["填报单位:甲工会  单位:万元"], ["年度", "应缴金额", "实缴金额"], [2023, 2, 1.8]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert (row["unit"], row["due"], row["paid"]) == ("甲工会", pytest.approx(20_000), pytest.approx(18_000))


def test_headers_match_the_whole_name_never_a_substring():
    # 会员人数占比 contains 会员人数 but is another column: the sheet lacks 会员人数
    rows = [["单位", "年度", "职工人数", "会员人数占比"], ["甲工会", 2023, 100, "90%"]]
    parsed = parse(xlsx(rows))
    assert parsed.sheets[0].kind != "membership"


# ------------------------------------------------------------------ §1 rows that are not data
@pytest.mark.parametrize("label", ["合计", "总计", "小计", "累计", "收入合计", "本月小计", "合  计"])
def test_totals_rows_are_not_data(label):
    rows = [MEMBERSHIP_HEADER, ["甲工会", 2023, 100, 90], ["乙工会", 2023, 50, 45], [label, None, 150, 135]]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["unit"].tolist() == ["甲工会", "乙工会"]
    assert sheet.rejected == 0 and sheet.warned == 0


def test_totals_row_that_does_not_add_up_is_warned():
    rows = [
        ["序号", "单位", "年度", "职工人数", "会员人数"],
        [1, "甲工会", 2023, 100, 90],
        [2, "乙工会", 2023, 50, 45],
        [None, "合计", None, 150, 140],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 2
    [warning] = [p for p in sheet.problems if p.code == "total_mismatch"]
    assert (warning.row, warning.column, warning.level) == (4, "会员人数", "warning")
    assert "140" in warning.message and "135" in warning.message


def test_subtotals_per_group_and_a_grand_total_are_checked_against_their_own_rows():
    rows = [
        ["单位", "年度", "职工人数", "会员人数"],
        ["甲", 2023, 10, 9],
        ["乙", 2023, 20, 18],
        ["小计", None, 30, 27],
        ["丙", 2023, 5, 5],
        ["小计", None, 5, 5],
        ["合计", None, 35, 32],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 3 and sheet.warned == 0


def test_a_subtotal_of_zero_over_rows_that_all_wrote_a_dash_is_right():
    """A group whose cells all say — (nothing) sums to 0: its 小计 of 0 is no mismatch,
    and a wrong 小计 after it is still caught."""
    rows = [
        ["单位", "年度", "职工人数", "会员人数", "农民工会员人数"],
        ["甲", 2023, 10, 9, "—"],
        ["乙", 2023, 20, 18, "—"],
        ["小计", None, 30, 27, 0],
        ["丙", 2023, 5, 5, 3],
        ["小计", None, 5, 5, 4],
        ["合计", None, 35, 32, 3],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 3
    [warning] = [p for p in sheet.problems if p.code == "total_mismatch"]
    assert warning.row == 6 and warning.column == "农民工会员人数"


def test_serial_column_blank_rows_and_footer_lines_are_ignored():
    rows = [
        ["序号", "单位", "年度", "职工人数", "会员人数"],
        [1, "甲工会", 2023, 100, 90],
        [None, None, None, None, None],
        [2, "乙工会", 2023, 50, 45],
        ["填表人:张三  审核人:李四  联系电话:0571-12345678"],
        ["注:以上数据截至12月31日"],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 2 and sheet.rejected == 0
    assert "序号" not in (sheet.rows.loc[0, "extra"] or "")


def test_unknown_columns_are_kept_as_extra_nothing_lost():
    rows = [["单位", "年度", "职工人数", "会员人数", "备注"], ["甲工会", 2023, 100, 90, "新建工会"]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert json.loads(row["extra"]) == {"备注": "新建工会"}


# ------------------------------------------------------------------ §1 numbers
@pytest.mark.parametrize(
    ("cell", "value"),
    [(1234, 1234), ("1,234", 1234), ("１２３４", 1234), ("500元", 500), ("120人", 120), (" 88 ", 88), ("1.5万", 15000)],
)
def test_numbers_written_as_text(cell, value):
    rows = [["单位", "年度", "应缴金额", "实缴金额"], ["甲工会", 2023, 100000, cell]]
    assert only_sheet(xlsx(rows)).rows.loc[0, "paid"] == pytest.approx(value)


@pytest.mark.parametrize("cell", ["—", "-", "/", "无", None, "  "])
def test_missing_markers_are_missing_not_zero(cell):
    rows = [["单位", "年度", "职工人数", "会员人数", "女职工人数"], ["甲工会", 2023, 100, 90, cell]]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows.loc[0, "female_employees"] is None and sheet.rejected == 0


def test_a_required_cell_that_is_not_a_number_rejects_the_row_with_excel_row_and_column():
    rows = [
        ["2023年度会费收缴台账"],
        ["单位", "年度", "应缴金额", "实缴金额"],
        ["甲工会", 2023, 1000, 1000],
        ["乙工会", 2023, 800, "暂缺"],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 1 and sheet.rejected == 1
    [problem] = sheet.problems
    assert (problem.row, problem.column, problem.level) == (4, "实缴金额", "rejected")
    assert problem.message == '第4行「实缴金额」不是数字:"暂缺"'
    rejected = sheet.rejected_rows
    assert rejected.loc[0, "实缴金额"] == "暂缺" and rejected.loc[0, "Excel行号"] == 4
    assert rejected.loc[0, "原因"] == problem.message


def test_negative_count_is_rejected_negative_amount_is_stored_with_a_warning():
    counts = only_sheet(xlsx([MEMBERSHIP_HEADER, ["甲工会", 2023, 100, -3]]))
    assert counts.stored == 0 and "为负数" in counts.problems[0].message
    amounts = only_sheet(xlsx([["单位", "年度", "应缴金额", "实缴金额"], ["甲工会", 2023, 1000, -200]]))
    assert amounts.stored == 1 and amounts.rows.loc[0, "paid"] == -200
    assert amounts.problems[0].level == "warning" and "红字冲销" in amounts.problems[0].message


# ------------------------------------------------------------------ §1 periods
@pytest.mark.parametrize(
    ("cell", "period"),
    [
        (2023, "2023"),
        ("2023", "2023"),
        ("2023年", "2023"),
        ("2023年度", "2023"),
        ("2023-05", "2023-05"),
        ("2023/5", "2023-05"),
        ("2023.05", "2023-05"),
        ("2023年5月", "2023-05"),
        ("202305", "2023-05"),
        (202305, "2023-05"),
        (dt.datetime(2023, 5, 12), "2023-05"),
        (dt.datetime(2023, 5, 12, 14, 30), "2023-05"),
        ("2023-05-12", "2023-05"),
        ("2023/5/12", "2023-05"),
        ("2023年5月12日", "2023-05"),
        ("2023.10", "2023-10"),
    ],
)
def test_period_forms(cell, period):
    rows = [["单位", "期间", "应缴金额", "实缴金额"], ["甲工会", cell, 100, 100]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert row["period"] == period and row["year"] == "2023"


def test_month_only_periods_take_the_year_from_the_title_line():
    rows = [
        ["2023年度工会经费收缴台账"],
        ["填报单位:甲工会"],
        ["月份", "应缴金额", "实缴金额"],
        ["1月", 100, 100],
        ["12月", 100, 90],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["period"].tolist() == ["2023-01", "2023-12"]
    assert set(sheet.rows["unit"]) == {"甲工会"}


def test_a_period_that_is_no_period_is_rejected_and_a_future_one_warned():
    rows = [["单位", "年度", "职工人数", "会员人数"], ["甲工会", "去年", 100, 90], ["乙工会", 2026, 100, 90]]
    sheet = only_sheet(xlsx(rows))
    assert messages(sheet, "rejected") == ['第2行「年度」不是有效的年度或月份:"去年"']
    assert [p.code for p in sheet.problems if p.level == "warning"] == ["future_period"]


# ------------------------------------------------------------------ §3 kinds
def test_each_sheet_is_classified_on_its_own_and_unknown_sheets_are_skipped_with_a_reason():
    data = xlsx(
        ("会员", [MEMBERSHIP_HEADER, ["甲工会", 2023, 100, 90]]),
        ("慰问", [["日期", "单位", "事由", "金额"], ["2023-05-01", "甲工会", "住院", 500]]),
        ("通知", [["关于做好2023年度工会统计工作的通知"], ["各基层工会:请于1月底前报送。"]]),
        ("空白", []),
    )
    sheets = {s.name: s for s in parse(data).sheets}
    assert sheets["会员"].kind == "membership" and sheets["慰问"].kind == "welfare"
    assert sheets["通知"].kind is None and "表头" in sheets["通知"].skipped
    assert sheets["空白"].kind is None and sheets["空白"].skipped


def test_units_kind_only_when_no_other_kind_fits():
    registry = only_sheet(xlsx([["单位", "上级工会", "是否建会"], ["甲工会", "东城街道总工会", "是"]]))
    assert registry.kind == "units"
    # 单位 + 年度 + 职工人数 + 会员人数 are membership's required columns: membership wins
    assert (
        only_sheet(xlsx([["单位", "上级工会", "年度", "职工人数", "会员人数"], ["甲", "东城", 2023, 10, 9]])).kind == "membership"
    )


def test_most_matched_columns_wins_between_kinds():
    # welfare (日期, 类别, 金额) and finance (项目→科目, 年度, 金额→决算数) both qualify here;
    # welfare matches more columns
    rows = [["日期", "单位", "项目", "金额", "人次", "慰问对象"], ["2023-03-08", "甲工会", "三八节慰问", 200, 1, "王芳"]]
    assert only_sheet(xlsx(rows)).kind == "welfare"


def test_a_sheet_missing_a_required_column_says_which():
    parsed = parse(xlsx([["单位", "日期", "慰问对象", "金额"], ["甲工会", "2023-01-01", "张三", 100]]))
    assert parsed.sheets[0].kind is None and "「类别」" in parsed.sheets[0].skipped


# ------------------------------------------------------------------ §3 yes*: the unit of a file
def test_unit_from_the_upload_form_wins_over_the_title_line():
    rows = [["填报单位:标题里的工会"], ["日期", "事由", "金额"], ["2023-05-01", "住院", 500]]
    assert only_sheet(xlsx(rows), unit="表单里的工会").rows.loc[0, "unit"] == "表单里的工会"
    assert only_sheet(xlsx(rows)).rows.loc[0, "unit"] == "标题里的工会"


@pytest.mark.parametrize(
    "line", ["填报单位:甲工会", "填报单位：甲工会", "单位名称:甲工会  填报日期:2024-01-05", "工会名称：  甲工会"]
)
def test_unit_lines_in_every_writing(line):
    rows = [[line], ["日期", "事由", "金额"], ["2023-05-01", "住院", 500]]
    assert only_sheet(xlsx(rows)).rows.loc[0, "unit"] == "甲工会"


def test_without_any_unit_the_rows_are_rejected_with_the_reason():
    sheet = only_sheet(xlsx([["日期", "事由", "金额"], ["2023-05-01", "住院", 500]]))
    assert sheet.stored == 0 and sheet.rejected == 1
    assert "填报单位" in sheet.problems[0].message and sheet.problems[0].row == 2


# ------------------------------------------------------------------ §3.1 warnings
def test_membership_warnings():
    rows = [["单位", "年度", "职工人数", "会员人数", "女会员人数"], ["甲工会", 2023, 100, 120, 10], ["乙工会", 2023, 100, 50, 60]]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 2
    assert [p.code for p in sheet.problems] == ["members_over_employees", "female_over_members"]


# ------------------------------------------------------------------ §3.2 dues
def test_dues_due_derived_from_wage_total_and_fund_types():
    rows = [
        ["单位", "年度", "经费类别", "工资总额", "实缴金额"],
        ["甲工会", 2023, "", 1_000_000, 20_000],
        ["甲工会", 2023, "拨缴经费(2%)", 500_000, 9_000],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["due"].tolist() == [pytest.approx(20_000), pytest.approx(10_000)]
    assert sheet.rows["fund_type"].tolist() == ["工会经费", "工会经费"]


def test_dues_overpaid_is_warned():
    sheet = only_sheet(xlsx([["单位", "年度", "应缴", "实缴"], ["甲工会", 2023, 1000, 1300]]))
    assert sheet.stored == 1 and sheet.problems[0].code == "overpaid"


# ------------------------------------------------------------------ §3.3 welfare
@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("父亲病故", "丧葬慰问"),
        ("女职工生育", "生育慰问"),
        ("职工住院慰问", "住院慰问"),
        ("生病", "住院慰问"),
        ("退休职工慰问", "退休慰问"),
        ("困难职工帮扶", "困难帮扶"),
        ("金秋助学", "金秋助学"),
        ("高温慰问", "夏送清凉"),
        ("生日蛋糕卡", "生日慰问"),
        ("新婚", "结婚慰问"),
        ("医疗互助金", "医疗互助"),
        ("春节送温暖", "节日慰问"),
        ("工会会员疗休养", "其他"),
    ],
)
def test_welfare_free_text_categories(text, category):
    sheet = only_sheet(xlsx([["日期", "单位", "事由", "金额"], ["2023-05-01", "甲工会", text, 100]]))
    assert (sheet.rows.loc[0, "category"], sheet.rows.loc[0, "category_raw"]) == (category, text)


def test_welfare_count_defaults_to_one_and_over_standard_is_warned():
    rows = [
        ["日期", "单位", "事由", "金额", "人次"],
        ["2023-05-01", "甲工会", "生日", 500, None],
        ["2023-06-01", "甲工会", "住院", 1500, 3],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["count"].tolist() == [1, 3]
    assert [p.code for p in sheet.problems] == ["over_standard"]  # 500 > 300 for 生日; 500 per person for 住院 is fine


def test_id_and_phone_numbers_are_never_stored_in_clear():
    rows = [
        ["日期", "单位", "事由", "金额", "姓名", "身份证号", "手机号", "备注"],
        ["2023-05-01", "甲工会", "住院", 500, "张三", "330201199001011234", "13812345678", "身份证330201199001011234"],
    ]
    sheet = only_sheet(xlsx(rows))
    stored = sheet.rows.to_json(force_ascii=False)
    assert "330201199001011234" not in stored and "13812345678" not in stored
    assert sheet.rows.loc[0, "person_key"] and "3302**********1234" in sheet.rows.loc[0, "extra"]


# ------------------------------------------------------------------ §3.4 competitions
@pytest.mark.parametrize(
    ("award", "tier"),
    [
        ("金奖", "一等奖"),
        ("第一名", "一等奖"),
        ("第1名", "一等奖"),
        ("冠军", "一等奖"),
        ("银奖", "二等奖"),
        ("亚军", "二等奖"),
        ("第二名", "二等奖"),
        ("铜奖", "三等奖"),
        ("季军", "三等奖"),
        ("第三名", "三等奖"),
        ("优胜奖", "优秀奖"),
        ("鼓励奖", "优秀奖"),
        (None, "未获奖"),
        ("参赛", "未获奖"),
        ("未获奖", "未获奖"),
    ],
)
def test_award_tiers(award, tier):
    rows = [["竞赛名称", "年度", "单位", "姓名", "奖项"], ["技能比武", 2023, "甲工会", "张三", award]]
    assert only_sheet(xlsx(rows)).rows.loc[0, "award"] == tier


@pytest.mark.parametrize(
    ("level", "standard"),
    [
        ("国家级", "全国"),
        ("省级", "省级"),
        ("市级", "市级"),
        ("区级", "区县级"),
        ("县级", "区县级"),
        ("集团内", "单位内"),
        ("公司", "单位内"),
        ("厂内", "单位内"),
        ("内部", "单位内"),
    ],
)
def test_contest_levels(level, standard):
    rows = [["竞赛名称", "年度", "单位", "级别", "人数"], ["技能比武", 2023, "甲工会", level, None]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert (row["level"], row["entries"]) == (standard, 1)


# ------------------------------------------------------------------ §3.5 units
def test_units_yes_no_and_year_of_import():
    rows = [
        ["单位", "上级工会", "是否建会", "集体合同", "工资集体协商", "法人资格登记"],
        ["甲", "东城", "是", "√", 1, "已登记"],
        ["乙", "东城", "否", "×", 0, "未登记"],
        ["丙", "西城", "已建", "不清楚", None, None],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["established"].tolist() == [True, False, True]
    assert sheet.rows["collective_contract"].tolist() == [True, False, None]
    assert sheet.rows["legal_person"].tolist() == [True, False, None]
    assert set(sheet.rows["year"]) == {"2024"}  # TODAY's year
    assert [p.code for p in sheet.problems] == ["not_yes_no"]


# ------------------------------------------------------------------ §3.6 finance
def test_finance_accounts_by_code_and_name_with_balance_check():
    rows = [
        ["2023年度工会经费收支决算表"],
        ["填报单位:甲工会"],
        ["科目", "年度", "预算数", "决算数"],
        ["上年结余", 2023, None, 1000],
        ["401 会费收入", 2023, 500, 480],
        ["拨缴经费收入", 2023, 2000, 2100],
        ["收入合计", None, 2500, 2580],
        ["501职工活动支出", 2023, 1500, 1400],
        ["其中:职工教育", 2023, 300, 280],
        ["行政支出", 2023, 200, 180],
        ["支出合计", None, 1700, 1580],
        ["本年结余", 2023, None, 2000],
    ]
    sheet = only_sheet(xlsx(rows))
    accounts = dict(zip(sheet.rows["account"], zip(sheet.rows["account_code"], sheet.rows["flow"], strict=False), strict=False))
    assert accounts == {
        "上年结余": (None, "结余"),
        "会费收入": ("401", "收入"),
        "拨缴经费收入": ("402", "收入"),
        "职工活动支出": ("501", "支出"),
        "行政支出": ("504", "支出"),
        "本年结余": (None, "结余"),
    }
    assert sheet.problems == []  # 其中 is a breakdown, not data; 1000 + 2580 - 1580 = 2000 holds

    rows[-1] = ["本年结余", 2023, None, 2500]
    assert "balance_mismatch" in [p.code for p in only_sheet(xlsx(rows)).problems]


# A university union's published 工会经费收支预算表 (§3.6): 编号 | 名称 under one merged 科目
# cell, five-digit sub-accounts, 上年结转 and 动用以前年度结余 rows, 上年决算数 | 本年预算数,
# and a 收入合计 that includes 上年结转 and 动用以前年度结余.
UNIVERSITY_BUDGET = [
    ["XX大学工会2024年工会经费收支预算表"],
    ["填报单位:XX大学工会", None, None, "单位:元"],
    ["科 目", None, "上年决算数", "本年预算数"],
    ["编号", "名称", None, None],
    ["401", "会费收入", 380000, 400000],
    ["402", "拨缴经费收入", 2500000, 2600000],
    ["403", "上级补助收入", 120000, 100000],
    ["40301", "回拨补助收入", 80000, 60000],
    ["40302", "专项补助收入", 40000, 40000],
    ["405", "行政补助收入", 300000, 300000],
    [None, "本年收入合计", 3300000, 3400000],
    [None, "上年结转", 200000, 150000],
    [None, "动用以前年度结余", None, 100000],
    [None, "收入总计", 3500000, 3650000],
    ["501", "职工活动支出", None, None],
    ["50101", "职工教育活动支出", 300000, 350000],
    ["50102", "文体活动支出", 1200000, 1300000],
    ["50103", "其他活动支出", 800000, 850000],
    ["503", "业务支出", 700000, 800000],
    ["505", "资本性支出", 200000, 250000],
    ["508", "其他支出", 50000, 100000],
    [None, "支出合计", 3250000, 3650000],
    [None, "年末滚存结余", 250000, 0],
]
UNIVERSITY_MERGES = ["A1:D1", "A3:B3", "C3:C4", "D3:D4"]


def test_a_university_budget_table_gives_last_years_actuals_and_this_years_budget():
    sheet = only_sheet(xlsx(UNIVERSITY_BUDGET, merged=UNIVERSITY_MERGES))
    rows = sheet.rows
    assert sheet.kind == "finance" and set(rows["unit"]) == {"XX大学工会"}
    actual = rows[rows["year"] == "2023"]
    budget = rows[rows["year"] == "2024"]
    assert actual["budget"].isna().all() and budget["actual"].isna().all()
    # 501 has no figure of its own: its line heads 50101–50103 and is not stored
    assert actual[["account", "sub_account", "account_code", "actual"]].values.tolist() == [
        ["会费收入", None, "401", 380000],
        ["拨缴经费收入", None, "402", 2500000],
        ["上级补助收入", None, "403", 120000],
        ["上级补助收入", "回拨补助收入", "40301", 80000],
        ["上级补助收入", "专项补助收入", "40302", 40000],
        ["行政补助收入", None, "405", 300000],
        ["上年结转", None, None, 200000],
        ["职工活动支出", "职工教育活动支出", "50101", 300000],
        ["职工活动支出", "文体活动支出", "50102", 1200000],
        ["职工活动支出", "其他活动支出", "50103", 800000],
        ["业务支出", None, "503", 700000],
        ["资本性支出", None, "505", 200000],
        ["其他支出", None, "508", 50000],
        ["年末滚存结余", None, None, 250000],
    ]
    assert len(budget) == 15  # the same accounts, and 动用以前年度结余 100,000 planned for 2024
    assert budget.loc[budget["account"] == "动用以前年度结余", "budget"].tolist() == [100000]
    # 本年收入合计 and 支出合计 add up the accounts (sub-accounts only where 501 has no row of
    # its own); 收入总计 adds 上年结转 and 动用以前年度结余 too; 200,000 + 3,300,000 −
    # 3,250,000 = 250,000 balances
    assert sheet.problems == []


def test_a_budget_table_whose_total_adds_up_neither_way_is_warned():
    rows = [list(r) for r in UNIVERSITY_BUDGET]
    rows[13] = [None, "收入总计", 3500000, 3600000]  # 3,400,000 alone, 3,650,000 with the balances
    sheet = only_sheet(xlsx(rows, merged=UNIVERSITY_MERGES))
    assert messages(sheet) == ["第14行合计行「本年预算数」为3,600,000,与上方明细之和3,400,000不符,请核对"]


def test_a_statement_headed_by_income_and_expense_lines_with_balances_that_do_not_hold():
    rows = [
        ["甲工会2023年度工会经费收支决算表"],
        ["项目", "预算数", "决算数"],
        ["一、上年结余", None, 500],
        ["二、本年收入", 3000, 3100],  # the sum of the accounts below: a totals row
        ["（一）会费收入", 1000, 1100],
        ["（二）拨缴经费收入", 2000, 2000],
        ["三、本年支出", 2800, 2900],
        ["（一）职工活动支出", 2000, 2100],
        ["（二）维权支出", 800, 800],
        ["四、年末结余", None, 700],
    ]
    sheet = only_sheet(xlsx(rows), unit="甲工会")
    assert sheet.rows[["account", "account_raw", "flow", "actual"]].values.tolist() == [
        ["上年结余", "一、上年结余", "结余", 500],  # as written, width-folded
        ["会费收入", "(一)会费收入", "收入", 1100],
        ["拨缴经费收入", "(二)拨缴经费收入", "收入", 2000],
        ["职工活动支出", "(一)职工活动支出", "支出", 2100],
        ["维权支出", "(二)维权支出", "支出", 800],
        ["年末结余", "四、年末结余", "结余", 700],
    ]
    assert sheet.problems == []  # 500 + 3,100 − 2,900 = 700

    rows[-1] = ["四、年末结余", None, 900]
    assert messages(only_sheet(xlsx(rows), unit="甲工会")) == ["第10行年末结余900元,与上年结余+收入−支出=700元不符,请核对"]


# ------------------------------------------------------------------ file formats
def test_csv_in_gb18030_utf8_and_bom_read_the_same():
    rows = [["单位", "年度", "职工人数", "会员人数"], ["华新机械有限公司工会", "2023年", "1,200", "1150"]]
    results = [
        only_sheet(csv_bytes(rows, enc), "会员.csv").rows.drop(columns="sheet") for enc in ("gb18030", "utf-8", "utf-8-sig")
    ]
    assert results[0].equals(results[1]) and results[1].equals(results[2])
    assert results[0].loc[0, "members"] == 1150


def test_xls_from_old_office_pcs_with_a_merged_header():
    rows = [
        ["2022年会员统计"],
        ["单位", "年度", "会员人数", None, "职工人数"],
        [None, None, "合计", "女", None],
        ["甲工会", 2022, 90, 40, 100],
    ]
    sheet = only_sheet(xls(rows, merged=[(1, 1, 2, 3), (1, 2, 0, 0), (1, 2, 1, 1), (1, 2, 4, 4)]), "会员.xls")
    row = sheet.rows.iloc[0]
    assert (row["members"], row["female_members"], row["employees"], row["source_row"]) == (90, 40, 100, 4)


def test_merged_unit_cell_over_several_ledger_rows_holds_for_each():
    rows = [
        ["单位", "日期", "事由", "金额"],
        ["甲工会", "2023-01-01", "住院", 500],
        [None, "2023-02-01", "生育", 600],
        ["乙工会", "2023-03-01", "住院", 500],
    ]
    sheet = only_sheet(xlsx(rows, merged=["A2:A3"]))
    assert sheet.rows["unit"].tolist() == ["甲工会", "甲工会", "乙工会"]


def test_data_starting_lower_right_keeps_excel_row_numbers():
    rows = [["单位", "年度", "应缴金额", "实缴金额"], ["甲工会", 2023, 100, "x"]]
    sheet = only_sheet(xlsx(rows, start="C5"))
    assert sheet.problems[0].row == 6


def test_dues_written_side_by_side_per_fund_type_become_one_row_each():
    rows = [
        ["2023年度工会经费和会费收缴情况表"],
        ["单位", "年度", "工会经费(元)", None, "会费(元)", None],
        [None, None, "应缴", "实缴", "应缴", "实缴"],
        ["甲工会", 2023, 20_000, 19_000, 1_200, "暂缺"],
        ["乙工会", 2023, 10_000, 10_000, 600, 600],
    ]
    sheet = only_sheet(xlsx(rows, merged=["A2:A3", "B2:B3", "C2:D2", "E2:F2"]))
    stored = {(r.unit, r.fund_type): (r.due, r.paid) for r in sheet.rows.itertuples()}
    assert stored == {
        ("甲工会", "工会经费"): (20_000, 19_000),
        ("乙工会", "工会经费"): (10_000, 10_000),
        ("乙工会", "会费"): (600, 600),
    }
    [problem] = sheet.problems
    assert problem.message == '第4行「会费实缴金额」不是数字:"暂缺"'


# ------------------------------------------------------------------ found by an outside tester
def test_a_blank_account_cell_in_a_finance_sheet_is_rejected_not_a_crash():
    sheet = only_sheet(
        xlsx([["单位", "年度", "科目", "决算数"], ["甲", 2023, "会费收入", 1], ["甲", 2023, None, 1], ["甲", 2023, "—", 1]])
    )
    assert sheet.stored == 1 and sheet.rejected == 2
    assert {p.code for p in sheet.problems} == {"missing_value"}


def test_blank_id_cells_in_a_ledger_are_fine():
    rows = [
        ["单位", "日期", "类别", "金额", "身份证号"],
        ["甲", "2023-01-01", "住院", 10, None],
        ["甲", "2023-01-02", "住院", 10, "330201198001011234"],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 2
    assert sheet.rows["person_key"].iloc[0] is None and len(sheet.rows["person_key"].iloc[1]) == 32


def test_personal_numbers_are_masked_in_every_stored_text():
    rows = [
        ["单位", "日期", "类别", "慰问对象", "金额", "手机", "备注"],
        ["甲", "2023-05-01", "住院", "张三 330201198001011234", 500, 13812345678, "电话 138 1234 5678"],
    ]
    sheet = only_sheet(xlsx(rows))
    stored = sheet.rows.to_json(force_ascii=False)
    for secret in ("330201198001011234", "13812345678", "138 1234 5678"):
        assert secret not in stored
    assert sheet.rows.loc[0, "recipient"] == "张三 3302**********1234"
    assert json.loads(sheet.rows.loc[0, "extra"]) == {"手机": "138****5678", "备注": "电话 138****5678"}


def test_an_id_number_in_a_bad_cell_is_masked_in_the_reason_too():
    sheet = only_sheet(xlsx([["单位", "日期", "类别", "金额"], ["甲", "2023-05-01", "住院", "330201198001011234"]]))
    assert "330201198001011234" not in sheet.problems[0].message + (sheet.problems[0].value or "")


def test_a_fractional_count_has_one_reason():
    sheet = only_sheet(xlsx([MEMBERSHIP_HEADER, ["甲工会", 2023, 100.5, 90]]))
    assert [p.message for p in sheet.problems] == ['第2行「职工人数」不是整数:"100.5"']


def test_totals_labelled_in_another_column_are_not_data():
    rows = [
        ["单位", "年度", "科目", "决算数"],
        ["甲", 2023, "会费收入", 90],
        ["甲", 2023, "拨缴经费收入", 210],
        ["甲", 2023, "收入合计", 300],
        ["甲", 2023, "职工活动支出", 100],
        ["甲", 2023, "支出合计", 100],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["account"].tolist() == ["会费收入", "拨缴经费收入", "职工活动支出"]
    assert sheet.problems == []
    ledger = [
        ["单位", "日期", "事由", "金额"],
        ["甲", "2023-05-01", "住院", 500],
        ["甲", "本月合计", None, 500],
        ["全区", "合计", None, 500],
    ]
    assert only_sheet(xlsx(ledger)).stored == 1


@pytest.mark.parametrize("month", ["1月", 1, "01", "2023-01", "一月"])
def test_a_period_written_as_separate_year_and_month_columns(month):
    rows = [
        ["单位", "年度", "月份", "应缴金额", "实缴金额"],
        ["甲", 2023, month, 100, 90],
        ["甲", 2023, "2月", 100, 80],
        ["甲", "2023年", None, 1200, 1000],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["period"].tolist() == ["2023-01", "2023-02", "2023"]
    assert sheet.problems == [] and "月份" not in (sheet.rows.loc[0, "extra"] or "")


def test_a_ledger_with_a_year_column_and_a_day_column():
    rows = [
        ["2023年慰问台账"],
        ["年度", "日期", "单位", "事由", "金额"],
        [2023, "5月12日", "甲", "住院", 500],
        [2023, dt.datetime(2023, 6, 1), "甲", "生育", 600],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["date"].tolist() == ["2023-05-12", "2023-06-01"]


def test_thousand_yuan_columns_and_a_sealed_unit_line():
    rows = [["填报单位:甲工会(盖章)"], ["年度", "应缴金额(千元)", "实缴金额(千元)"], [2023, 2, "1.5"]]
    row = only_sheet(xlsx(rows)).rows.iloc[0]
    assert (row["unit"], row["due"], row["paid"]) == ("甲工会", pytest.approx(2000), pytest.approx(1500))


def test_child_headers_that_name_another_kinds_column_still_read_as_the_parents_total():
    # 人数 is a welfare/competition column, but under 职工人数 it is 职工人数's total
    rows = [
        ["单位", "年度", "职工人数", None, "会员人数", None],
        [None, None, "人数", "女", "人数", "女"],
        ["甲", 2023, 100, 40, 90, 35],
    ]
    row = only_sheet(xlsx(rows, merged=["A1:A2", "B1:B2", "C1:D1", "E1:F1"])).rows.iloc[0]
    assert (row["employees"], row["female_employees"], row["members"], row["female_members"]) == (100, 40, 90, 35)


def test_three_row_headers():
    rows = [
        ["2023年会员情况"],
        ["单位", "年度", "人员情况", None, None, None],
        [None, None, "职工人数", None, "会员人数", None],
        [None, None, "合计", "女", "合计", "女"],
        ["甲", 2023, 100, 40, 90, 35],
    ]
    sheet = only_sheet(xlsx(rows, merged=["A2:A4", "B2:B4", "C2:F2", "C3:D3", "E3:F3"]))
    row = sheet.rows.iloc[0]
    assert (row["employees"], row["female_employees"], row["members"], row["female_members"]) == (100, 40, 90, 35)
    assert row["source_row"] == 5 and row["extra"] is None


def test_a_title_line_right_above_the_header_stays_a_title_line():
    rows = [["2023年度工会经费收缴台账"], ["月份", "应缴金额", "实缴金额"], ["1月", 100, 90]]
    sheet = only_sheet(xlsx(rows), unit="甲")
    assert sheet.rows.loc[0, "period"] == "2023-01"  # the year came from the title line


def test_rejected_rows_keep_the_headers_as_typed():
    rows = [["单位", "年度", "应缴金额（元）", "实缴\n金额（元）"], ["甲工会", 2023, 100, "暂缺"]]
    rejected = only_sheet(xlsx(rows)).rejected_rows
    assert list(rejected.columns) == ["Excel行号", "单位", "年度", "应缴金额（元）", "实缴\n金额（元）", "原因"]


# ------------------------------------------------------------------ found by the third outside tester
def test_a_unit_whose_name_starts_with_a_footer_word_is_data():
    rows = [
        MEMBERSHIP_HEADER,
        ["制表车间工会", 2023, 50, 48],
        ["审核科工会", 2023, 10, 9],
        ["填表人:张三  审核人:李四"],
        ["制表:王五"],
    ]
    assert only_sheet(xlsx(rows)).rows["unit"].tolist() == ["制表车间工会", "审核科工会"]


def test_a_lone_name_is_a_row_of_a_registry_but_a_note_elsewhere():
    # in a units registry a name alone is a complete row; in a table of figures a line
    # with one text and no figures is a group title or a note (东城街道, 单位:元, a date)
    registry = only_sheet(xlsx([["单位", "是否建会"], ["甲公司", "是"], ["乙公司", None]]))
    assert registry.rows["unit"].tolist() == ["甲公司", "乙公司"]
    rows = [
        MEMBERSHIP_HEADER,
        ["单位:人"],
        ["东城街道"],
        ["甲工会", 2023, 10, 9],
        ["乙工会未报"],
        ["数据来源:区总工会"],
        ["2023年12月31日"],
    ]
    membership = only_sheet(xlsx(rows))
    assert membership.stored == 1 and membership.problems == []


def test_column_number_and_measure_rows_of_official_forms_are_not_data():
    rows = [
        ["表号:工统1表", None, None, None, None, "制表机关:示范区总工会"],
        ["单位名称", "单位代码", "年度", "职工人数", "会员人数", "女会员人数"],
        ["甲", "乙", "丙", 1, 2, 3],
        [None, None, None, "人", "人", "人"],
        ["A厂工会", "001", 2023, 120, 110, 40],
        ["B厂工会", "002", 2023, 80, 75, 30],
        ["合计", None, None, 200, 185, 70],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 2 and sheet.problems == []


def test_a_second_table_beside_the_first_is_said_not_silently_dropped():
    rows = [
        ["单位", "年度", "职工人数", "会员人数", None, "单位", "年度", "应缴金额", "实缴金额"],
        ["甲", 2023, 10, 9, None, "甲", 2023, 100, 90],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.kind == "membership"
    [warning] = sheet.problems
    assert warning.code == "second_table" and "经费收缴" in warning.message and warning.row is None


def test_a_statement_with_the_year_only_in_its_title_and_totals_above_their_accounts():
    rows = [
        ["甲工会2023年度工会经费收支决算表"],
        ["科目", "预算数", "决算数"],
        ["一、收入合计", 2500, 2600],
        ["会费收入", 500, 600],
        ["拨缴经费收入", 2000, 2000],
        ["二、支出合计", 2000, 1900],
        ["职工活动支出", 2000, 1900],
    ]
    sheet = only_sheet(xlsx(rows), unit="甲工会")
    assert set(sheet.rows["year"]) == {"2023"} and sheet.stored == 3
    assert sheet.problems == []


def test_more_award_and_festival_words():
    rows = [["竞赛名称", "年度", "单位", "奖项"], ["比武", 2023, "甲", "金牌"], ["比武", 2023, "甲", "铜牌"]]
    assert only_sheet(xlsx(rows)).rows["award"].tolist() == ["一等奖", "三等奖"]
    rows = [["日期", "单位", "事由", "金额"], ["2023-10-01", "甲", "国庆慰问", 200], ["2023-10-23", "甲", "重阳节", 200]]
    assert set(only_sheet(xlsx(rows)).rows["category"]) == {"节日慰问"}


def test_web_exports_that_wrap_text_as_formulas_in_csv():
    data = '单位,年度,职工人数,会员人数\n甲工会,="2023",="100",="90"\n'.encode("utf-8-sig")
    row = only_sheet(data, "导出.csv").rows.iloc[0]
    assert (row["year"], row["employees"], row["members"]) == ("2023", 100, 90)


def test_duplicate_keys_name_the_row_that_wins():
    sheet = only_sheet(xlsx([MEMBERSHIP_HEADER, ["甲工会", 2023, 10, 9], ["甲工会", 2023, 12, 11]]))
    assert sheet.problems[0].message.startswith("第2行与第3行的单位和期间相同,以第3行为准")


# ------------------------------------------------------------------ found by the fourth outside tester
def test_a_year_range_or_a_filing_date_never_stands_in_for_the_year():
    # §1: the kind is clear, the year nowhere: the rows are rejected with that reason
    ranged = parse(xlsx([["2019-2023年会员统计汇总"], ["单位", "职工人数", "会员人数"], ["A厂", 100, 90]]), "汇总.xlsx")
    sheet = ranged.sheets[0]
    assert (sheet.kind, sheet.stored, sheet.rejected) == ("membership", 0, 1)
    assert sheet.problems[0].message == "第3行:表中没有「年度」列,标题、工作表名和文件名中也没有年份;请在导入时填写所属年度"
    filed = parse(
        xlsx([["会员统计表"], ["填报单位:A工会   填报日期:2024年1月10日"], ["职工人数", "会员人数"], [100, 90]]), "表.xlsx"
    )
    assert (filed.sheets[0].stored, filed.sheets[0].rejected) == (0, 1)


def test_the_year_named_at_upload_holds_where_the_sheet_gives_none():
    rows = [["会员统计表"], ["单位", "职工人数", "会员人数"], ["A厂", 100, 90]]
    sheet = only_sheet(xlsx(rows), year="2024")
    assert sheet.rows[["unit", "year", "members"]].values.tolist() == [["A厂", "2024", 90]]
    # a year in the title, sheet or file name beats the one named at upload
    titled = only_sheet(xlsx([["2023年会员统计表"], *rows[1:]]), year="2024")
    assert titled.rows["year"].tolist() == ["2023"]


def test_a_per_person_form_is_named_as_such():
    form = [
        ["工会会员入会申请书"],
        ["姓名", "张三", "性别", "男", "出生年月", "1990.01"],
        ["民族", "汉", "政治面貌", "群众", "文化程度", "大专"],
        ["工作单位", "某某公司", None, None, "职务", "技术员"],
        ["申请理由", "自愿加入工会"],
    ]
    sheet = parse(xlsx(form), "入会申请书.xlsx").sheets[0]
    assert sheet.kind is None and sheet.skipped.startswith("看起来是逐人填写的表格")


def test_a_skip_reason_names_the_columns_it_recognised():
    # 在册职工 is no name of 职工人数: the sheet is skipped, and told what was seen and what is missing
    rows = [["单位", "年度", "在册职工", "会员人数"], ["A厂", 2024, 100, 90]]
    sheet = parse(xlsx(rows), "表.xlsx").sheets[0]
    assert sheet.kind is None
    assert sheet.skipped.startswith("看起来像会员统计表(已识别「单位」「年度」「会员人数」),但缺少必需的列「职工人数」")
    lone = parse(xlsx([["说明"], ["会员人数", "备注"], [90, "无"]]), "表.xlsx").sheets[0]
    assert lone.skipped.startswith("只识别到「会员人数」列")


def test_a_title_year_does_not_turn_a_statement_into_a_ledger():
    rows = [["2023年工会经费收支决算表"], ["项目", "金额"], ["会费收入", 100], ["职工活动支出", 80]]
    sheet = only_sheet(xlsx(rows), unit="A")
    assert sheet.kind == "finance" and sheet.rows["flow"].tolist() == ["收入", "支出"]


def test_a_registry_with_headcounts_stays_a_registry():
    rows = [["2024年单位信息表"], ["单位名称", "上级工会", "是否建会", "职工人数", "会员人数"], ["A厂", "东城", "是", 100, 90]]
    registry, counts = parse(xlsx(rows)).sheets  # §3.5: its headcounts are membership rows as well
    assert registry.kind == "units" and registry.rows.loc[0, "established"] is True
    assert counts.kind == "membership" and counts.name == "Sheet1(会员统计)"
    assert counts.rows.loc[0, ["unit", "year", "employees", "members", "parent"]].tolist() == ["A厂", "2024", 100, 90, "东城"]


def test_names_that_start_like_notes_are_data_when_they_carry_figures():
    rows = [MEMBERSHIP_HEADER, ["以上海路店工会", 2023, 100, 90], ["本表厂工会", 2023, 5, 5], ["以上数据截至年底"]]
    assert only_sheet(xlsx(rows)).rows["unit"].tolist() == ["以上海路店工会", "本表厂工会"]


def test_figures_that_happen_to_run_one_two_three_are_data():
    sheet = only_sheet(xlsx([["2023年会员统计"], ["职工人数", "会员人数", "女职工人数"], [3, 4, 5], [5, 4, 3]]), unit="A")
    assert sheet.stored == 2


def test_columns_of_another_kind_left_uncounted_are_named():
    rows = [["单位", "年度", "职工人数", "会员人数", "应缴金额", "实缴金额"], ["甲", 2023, 10, 9, 100, 90]]
    sheet = only_sheet(xlsx(rows))
    assert sheet.kind == "membership"  # a tie of matched columns goes to the contract's order
    [warning] = sheet.problems
    assert warning.code == "unused_columns" and "「应缴金额」" in warning.message and "「实缴金额」" in warning.message


# ------------------------------------------------------------------ found by re-running every round
def test_a_registry_of_units_called_jia_and_yi_keeps_them():
    assert only_sheet(xlsx([["单位", "年度"], ["甲", 2023], ["乙", 2024]])).stored == 2
    assert only_sheet(xlsx([["单位名称", "上级工会"], ["甲", "乙"]])).stored == 1


def test_an_event_ending_in_a_total_word_is_data():
    rows = [
        ["日期", "单位", "竞赛名称", "组别", "奖项"],
        ["2023-05-01", "A厂", "技能大赛", "个人累计", "一等奖"],
        ["2023-05-01", "A厂", "技能大赛", "团体总计", "二等奖"],
    ]
    assert only_sheet(xlsx(rows)).stored == 2


def test_breakdown_rows_are_not_counted_again():
    rows = [
        MEMBERSHIP_HEADER,
        ["甲工会", 2023, 100, 90],
        ["乙工会", 2023, 50, 40],
        ["合计", None, 150, 130],
        ["其中:非公企业", None, 50, 40],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.rows["members"].sum() == 130 and sheet.problems == []


def test_column_code_rows_with_dashes_and_bracketed_measures():
    header = ["单位名称", "单位代码", "年度", "职工人数", "会员人数", "女会员人数"]
    for code_row in (["栏次", "—", "—", "1", "2", "3"], ["(全称)", None, None, "(人)", "(人)", "(人)"]):
        rows = [
            header,
            code_row,
            ["A厂", "001", 2023, 120, 110, 40],
            ["B厂", "002", 2023, 80, 75, 30],
            ["合计", None, None, 200, 185, 70],
        ]
        sheet = only_sheet(xlsx(rows))
        assert sheet.stored == 2 and sheet.problems == [], code_row


def test_pre_numbered_empty_rows_of_a_form_are_blank():
    rows = [
        ["序号", "单位", "年度", "职工人数", "会员人数"],
        [1, "甲工会", 2023, 10, 9],
        [2, None, None, None, None],
        [3, None, None, None, None],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.stored == 1 and sheet.problems == []


def test_a_bracketed_child_header_is_a_name():
    rows = [
        ["单位", "年度", "职工人数", None, "会员人数", None],
        [None, None, "合计", "(其中女)", "合计", "（其中女）"],
        ["甲", 2023, 100, 40, 90, 35],
    ]
    row = only_sheet(xlsx(rows, merged=["A1:A2", "B1:B2", "C1:D1", "E1:F1"])).rows.iloc[0]
    assert (row["female_employees"], row["female_members"], row["extra"]) == (40, 35, None)


def test_a_titled_registry_with_headcounts_is_not_called_a_second_table():
    rows = [["2024年单位信息表"], ["单位名称", "上级工会", "是否建会", "职工人数", "会员人数"], ["A厂", "东城", "是", 100, 90]]
    # §3.5: the headcounts are read (as membership rows), so neither a second table nor unused
    assert [sheet.problems for sheet in parse(xlsx(rows)).sheets] == [[], []]


@pytest.mark.parametrize(
    "title", ["2023年度工会经费收缴台账(单位:元)", "统计年度:2023年", "2023年收缴台账  填报单位:甲工会  填报日期:2024年1月10日"]
)
def test_the_year_of_a_title_with_labels_in_it(title):
    rows = [[title], ["月份", "应缴金额", "实缴金额"], ["1月", 100, 90]]
    assert only_sheet(xlsx(rows), unit="甲").rows.loc[0, "period"] == "2023-01"


def test_a_templates_fill_in_hints_under_the_header_are_no_data():
    # platform templates print how to fill each column right under the header
    rows = [
        ["单位名称", "年度", "职工人数", "会员人数"],
        ["(必填,填写全称)", "格式:2023", "请填写数字", "必填"],
        ["甲工会", 2023, 100, 90],
    ]
    sheet = only_sheet(xlsx(rows))
    assert (sheet.stored, sheet.rejected, sheet.problems) == (1, 0, [])


def test_a_tax_offices_list_of_collected_union_funds():
    # 工会经费 collected with the taxes: one row per payer and month, the month named by the
    # last day of the period, 计税依据 the wage total (应缴 = 2%)
    rows = [
        ["工会经费征收明细"],
        ["纳税人识别号", "纳税人名称", "征收项目", "税款所属期起", "税款所属期止", "计税依据", "征收率", "实缴金额(元)"],
        ["91330100AAAA", "甲机械有限公司", "工会经费", "2024-01-01", "2024-01-31", "500,000.00", "2%", "10,000.00"],
        ["91330100BBBB", "乙电子有限公司", "工会经费", "2024-01-01", "2024-01-31", "200,000.00", "2%", "3,000.00"],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.kind == "dues"
    got = sheet.rows[["unit", "period", "fund_type", "due", "paid"]].values.tolist()
    assert got == [
        ["甲机械有限公司", "2024-01", "工会经费", 10_000.0, 10_000.0],
        ["乙电子有限公司", "2024-01", "工会经费", 4_000.0, 3_000.0],
    ]


def test_headers_that_name_their_year_first():
    rows = [["单位名称", "2023年末职工人数", "2023年末会员人数"], ["甲工会", 100, 90]]
    sheet = only_sheet(xlsx(rows), "会员情况.xlsx")
    assert sheet.rows[["unit", "year", "employees", "members"]].values.tolist() == [["甲工会", "2023", 100, 90]]


def test_an_award_list_dated_by_its_award():
    # 获奖名单 forms: 获奖时间 dates the entry, 获奖等次 is its award, 参赛人次 its count
    rows = [
        ["2024年职工技能竞赛获奖名单"],
        ["序号", "姓名", "单位", "竞赛名称", "获奖等次", "获奖时间", "参赛人次"],
        [1, "张某", "甲工会", "全市焊工技能竞赛", "一等奖", "2024-10-12", None],
        [2, "李某", "乙工会", "全市焊工技能竞赛", "第二名", "2024年10月", 2],
    ]
    sheet = only_sheet(xlsx(rows))
    assert sheet.kind == "competitions"
    assert sheet.rows[["unit", "period", "award", "entries"]].values.tolist() == [
        ["甲工会", "2024-10", "一等奖", 1],
        ["乙工会", "2024-10", "二等奖", 2],
    ]


def test_a_statement_that_indents_its_sub_items_with_spaces():
    # no codes, no list markers: the sub-items of 职工活动支出 are indented (spaces or full-width)
    rows = [
        ["2024年工会经费收支决算表"],
        ["填报单位:甲工会"],
        ["项目", "预算数", "决算数"],
        ["会费收入", 100, 110],
        ["职工活动支出", 200, 180],
        ["    职工教育费", 50, 40],
        ["\u3000\u3000文体活动费", 150, 140],
        ["维权支出", 30, 20],
    ]
    sheet = only_sheet(xlsx(rows))
    assert (sheet.stored, sheet.rejected, sheet.problems) == (5, 0, [])
    got = sheet.rows[["account", "sub_account", "actual"]].values.tolist()
    assert got[1:4] == [
        ["职工活动支出", None, 180.0],
        ["职工活动支出", "职工教育费", 40.0],
        ["职工活动支出", "文体活动费", 140.0],
    ]


def test_a_member_roster_is_read_while_a_per_person_form_is_still_named_a_form():
    # §3.7: a roster was once skipped as a form; its labels stand in one header row
    roster = [
        ["会员花名册"],
        ["姓名", "性别", "出生年月", "入会时间", "所在工会"],
        ["张三", "男", "1990.01", "2015.03", "A厂工会"],
        ["李四", "女", "1992.05", "2018.07", "A厂工会"],
        ["王五", "男", "1988.11", "2024.02", "A厂工会"],
    ]
    sheet = parse(xlsx(roster), "会员名册.xlsx").sheets[0]
    assert (sheet.kind, sheet.stored, sheet.skipped) == ("roster", 3, None)
    assert sheet.rows["year"].tolist() == ["2024"] * 3  # the latest 入会 year
    form = [
        ["工会会员入会申请书"],
        ["姓名", "张三", "性别", "男", "出生年月", "1990.01"],
        ["民族", "汉", "政治面貌", "群众", "文化程度", "大专"],
        ["工作单位", "某某公司", "入会时间", "2024.01", "职务", "技术员"],
    ]
    skipped = parse(xlsx(form), "入会申请书.xlsx").sheets[0]
    assert skipped.kind is None and skipped.skipped.startswith("看起来是逐人填写的表格")
