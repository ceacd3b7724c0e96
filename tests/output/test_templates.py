"""Tests of unionstats.output.templates: the blank 标准模板 of every kind (contract §6)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from unionstats.errors import UsageError
from unionstats.ingest.parse import ParseOptions, parse_file
from unionstats.output.templates import write_template
from unionstats.rules.columns import KIND_LABELS, KINDS, columns_of
from unionstats.rules.competitions import AWARD_TIERS, LEVELS
from unionstats.rules.values import EXAMPLE_MARKERS
from unionstats.rules.welfare import CATEGORY_RULES, OTHER_CATEGORY

# (kind, header, the values its drop-down offers)
DROP_DOWNS = [
    ("dues", "经费类别", ("工会经费", "会费")),
    ("competitions", "级别", LEVELS),
    ("competitions", "奖项", AWARD_TIERS),
    ("units", "已建会", ("是", "否")),
    ("units", "签订集体合同", ("是", "否")),
    ("units", "开展工资集体协商", ("是", "否")),
    ("units", "法人资格登记", ("是", "否")),
    ("finance", "收支类型", ("收入", "支出")),
    ("welfare", "类别", tuple(name for name, _ in CATEGORY_RULES) + (OTHER_CATEGORY,)),
    ("activities", "类型", ("培训", "文体活动", "宣传教育", "志愿服务", "关爱服务", "其他")),  # §3.8
]


def template(kind: str) -> openpyxl.Workbook:
    out = io.BytesIO()
    write_template(kind, out)
    return openpyxl.load_workbook(io.BytesIO(out.getvalue()))


def header_row(ws) -> list[str]:
    return [c.value for c in ws[2] if c.value is not None]


@pytest.mark.parametrize("kind", KINDS)
def test_template_has_the_canonical_headers_after_a_title(kind):
    wb = template(kind)
    assert wb.sheetnames == [KIND_LABELS[kind], "说明"]
    ws = wb.worksheets[0]
    assert ws["A1"].value == f"{KIND_LABELS[kind]}表（标准模板）"
    # a secret column is left out, but a roster's 身份证号 (§3.7: 实名制 is the ID)
    expected = ["序号"] + [c.name for c in columns_of(kind) if c.dtype != "secret" or (kind, c.field) == ("roster", "id_number")]
    assert header_row(ws) == expected
    assert ws.freeze_panes == "A3"


@pytest.mark.parametrize("kind", KINDS)
def test_template_has_one_example_row_the_importer_skips(kind):
    ws = template(kind).worksheets[0]
    assert ws["A3"].value == "示例"
    assert ws["A3"].value in EXAMPLE_MARKERS
    assert ws.max_row == 3
    names = header_row(ws)
    for column in columns_of(kind):
        if column.required == "yes":
            assert ws.cell(3, names.index(column.name) + 1).value is not None, column.name


@pytest.mark.parametrize("kind", KINDS)
def test_required_headers_stand_out_without_changing_their_text(kind):
    ws = template(kind).worksheets[0]
    names = header_row(ws)
    for column in columns_of(kind):
        if column.dtype == "secret" and column.name not in names:
            continue
        cell = ws.cell(2, names.index(column.name) + 1)
        assert cell.value == column.name
        assert cell.font.bold == (column.required != "no"), column.name


@pytest.mark.parametrize("kind, header, values", DROP_DOWNS)
def test_category_columns_have_a_drop_down(kind, header, values):
    ws = template(kind).worksheets[0]
    letter = openpyxl.utils.get_column_letter(header_row(ws).index(header) + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if f"{letter}3" in dv.sqref]
    assert len(lists) == 1
    assert lists[0].type == "list"
    assert lists[0].formula1 == '"' + ",".join(values) + '"'
    assert f"{letter}500" in lists[0].sqref


def test_welfare_drop_down_still_accepts_free_text():
    ws = template("welfare").worksheets[0]
    (category,) = ws.data_validations.dataValidation
    assert category.errorStyle == "warning"


@pytest.mark.parametrize("kind", KINDS)
def test_notes_sheet_explains_every_column(kind):
    notes = template(kind)["说明"]
    listed = {row[0] for row in notes.iter_rows(min_row=3, values_only=True) if row[0]}
    for column in columns_of(kind):
        if column.dtype != "secret":
            assert column.name in listed
    text = "".join(str(v) for row in notes.iter_rows(values_only=True) for v in row if v)
    for must in ("合计", "示例", "2024年5月", "必填"):
        assert must in text


def test_templates_leave_out_secret_columns():
    assert "身份证号" not in header_row(template("welfare").worksheets[0])
    assert "联系电话" not in header_row(template("competitions").worksheets[0])


@pytest.mark.parametrize("kind", KINDS)
def test_same_template_same_bytes(kind, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(kind, first)
    write_template(kind, second)
    assert first.read_bytes() == second.read_bytes()


def test_unknown_kind_is_a_usage_error_in_chinese():
    with pytest.raises(UsageError) as raised:
        write_template("salaries", io.BytesIO())
    assert "salaries" in raised.value.message
    assert "会员统计" in raised.value.message


# --- §3.8 activities -------------------------------------------------------------------------


def test_the_activity_template_suggests_types_and_imports_back(tmp_path):
    ws = template("activities").worksheets[0]
    (types,) = ws.data_validations.dataValidation
    assert types.errorStyle == "warning"  # 体育, 讲座 … are kept as written and mapped by the rules
    out = tmp_path / "活动与培训模板.xlsx"
    write_template("activities", out)
    filled = openpyxl.load_workbook(out)
    sheet = filled.worksheets[0]
    sheet.append([1, "职工篮球赛", "2024-06-01", "体育", None, 60, 1500, "甲公司工会"])
    filled.save(out)
    parsed = parse_file(out.read_bytes(), out.name, ParseOptions(today=dt.date(2025, 1, 1)))
    (read,) = [s for s in parsed.sheets if s.kind]
    assert (read.kind, read.stored, read.rejected) == ("activities", 1, 0)  # the 示例 row skipped
    assert read.rows[["name", "type", "type_raw", "sessions", "participants"]].values.tolist() == [
        ["职工篮球赛", "文体活动", "体育", 1, 60]
    ]


def test_the_roster_template_asks_for_the_id_explains_what_is_kept_and_reads_back():
    """§3.7: the roster's template has the 身份证号 column, drop-downs for 性别, 会籍变化 and
    是否农民工, a 说明 on what is kept; its example row is skipped on import."""
    out = io.BytesIO()
    write_template("roster", out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    ws = wb.worksheets[0]
    names = header_row(ws)
    assert names[:4] == ["序号", "单位", "姓名", "身份证号"] and "手机号码" not in names
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    letter = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(names)}
    assert lists[f"{letter['性别']}3"] == '"女,男"'
    assert lists[f"{letter['会籍变化']}3"] == '"转出,退会,除名,转入,保留,入会,在册"'
    assert lists[f"{letter['是否农民工']}3"] == '"是,否"'
    notes = [c for row in wb["说明"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("不保存原文" in note and "住址" in note for note in notes)
    [sheet, _notes] = parse_file(out.getvalue(), "会员名册模板.xlsx").sheets
    assert (sheet.kind, sheet.stored, sheet.rejected) == ("roster", 0, 0)
