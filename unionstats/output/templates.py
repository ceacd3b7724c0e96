"""Blank 标准模板 workbooks, one per kind (contract §6 ``template KIND``).

Sheet 1, named by ``KIND_LABELS``, holds a title row, the header (序号, then the kind's
canonical column names from ``rules/columns.py``), ONE example row whose 序号 is 示例 (the
importer skips it, ``rules/values.py`` EXAMPLE_MARKERS) and drop-down lists for the
category columns. Sheet 2 「说明」 explains every column. Required columns are marked by
colour and weight, never by changing the header text, so the header stays an exact match
of the aliases table.

``save_workbook_reproducibly`` is also used by ``unionstats.sample``: the same workbook
always gives the same bytes, so content hashes (the duplicate check of contract §2) are
stable between runs.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from unionstats.errors import UsageError
from unionstats.rules import roster as roster_rules
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.columns import KIND_LABELS, KINDS, REQUIRED_ALTERNATIVES, Column, columns_of
from unionstats.rules.competitions import AWARD_TIERS, LEVELS, NO_AWARD
from unionstats.rules.dues import DEFAULT_FUND_TYPE, FUND_TYPES, UNION_FUNDS_RATE
from unionstats.rules.finance import ACCOUNTS, CLOSING_BALANCE, EXPENSE, INCOME, OPENING_BALANCE
from unionstats.rules.values import TOTAL_WORDS
from unionstats.rules.welfare import CATEGORY_RULES, OTHER_CATEGORY

# Stamped into docProps/core.xml and every zip entry instead of the time of saving.
FIXED_TIMESTAMP = datetime(2024, 1, 1, 0, 0, 0)

EXAMPLE_MARKER = "示例"
TITLE_ROW, HEADER_ROW, EXAMPLE_ROW = 1, 2, 3
# Drop-downs cover this many rows below the header: enough for a year of any ledger.
VALIDATED_ROWS = 2000

YES_NO: tuple[str, ...] = ("是", "否")

# (kind, field) → the values of its drop-down list; every yes/no column gets YES_NO.
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("dues", "fund_type"): FUND_TYPES,  # §3.2
    ("welfare", "category_raw"): tuple(name for name, _ in CATEGORY_RULES) + (OTHER_CATEGORY,),  # §3.3
    ("competitions", "level"): LEVELS,  # §3.4
    ("competitions", "award"): AWARD_TIERS,  # §3.4
    ("finance", "flow"): (INCOME, EXPENSE),  # §3.6
    ("activities", "type_raw"): STANDARD_TYPES,  # §3.8
}
# Lists that only suggest: §3.3 keeps the original 事由 text, so free text stays allowed.
SUGGESTED_ONLY: frozenset[tuple[str, str]] = frozenset({("welfare", "category_raw"), ("activities", "type_raw")})

# The one example row of each kind, by field; a field not named here stays blank.
EXAMPLES: dict[str, dict[str, object]] = {
    "membership": {
        "unit": "示例机械有限公司工会",
        "period": "2024",
        "employees": 320,
        "members": 308,
        "female_employees": 86,
        "female_members": 84,
        "migrant_workers": 120,
        "migrant_members": 112,
        "new_members": 25,
        "realname_members": 290,
        "insured_members": 260,
        "checkup_count": 300,
        "parent": "示例街道总工会",
    },
    "dues": {
        "unit": "示例机械有限公司工会",
        "period": "2024-01",
        "due": 46080.00,
        "paid": 46080.00,
        "fund_type": DEFAULT_FUND_TYPE,
        "wage_total": 2304000.00,
        "remitted": 18432.00,
        "parent": "示例街道总工会",
    },
    "welfare": {
        "date": date(2024, 3, 15),
        "category_raw": "住院慰问",
        "amount": 500,
        "count": 1,
        "unit": "示例机械有限公司工会",
        "recipient": "张三",
        "fund_source": "工会经费",
    },
    "competitions": {
        "contest": "2024年职工职业技能大赛",
        "date": "2024-10",
        "unit": "示例机械有限公司工会",
        "person": "李四",
        "event": "数控车工",
        "level": "区县级",
        "award": "一等奖",
    },
    "units": {
        "unit": "示例机械有限公司工会",
        "parent": "示例街道总工会",
        "unit_type": "非公企业",
        "established": "是",
        "collective_contract": "是",
        "wage_bargaining": "是",
        "legal_person": "否",
        "year": "2024",
    },
    "finance": {
        "account": "401 会费收入",
        "year": "2024",
        "actual": 152000.00,
        "budget": 150000.00,
        "flow": INCOME,
        "unit": "示例机械有限公司工会",
    },
    # §3.8 activities
    "activities": {
        "name": "2024年安全生产知识培训班",
        "date": date(2024, 5, 20),
        "type_raw": "培训",
        "sessions": 2,
        "participants": 120,
        "spend": 6000.00,
        "unit": "示例机械有限公司工会",
    },
}

# 说明: how each dtype is written (rules/columns.py lists the dtypes).
DTYPE_FORMATS: dict[str, str] = {
    "text": "文字",
    "count": "整数(人、人次、个),不能为负数",
    "amount": "金额,单位元,可带两位小数;负数表示红字冲销",
    "period": "年度或月份,如 2024、2024年、2024-05、2024年5月",
    "date": "日期,如 2024-05-12、2024/5/12、2024年5月12日;只知道月份或年度时写 2024-05 或 2024年",
    "yesno": "是/否(也可写 √/×、1/0、已建/未建)",
    "secret": "18位数字,最后一位可以是X",  # only a roster's 身份证号 is in a template (§3.7)
}

# 说明: what to know about one column beyond its format.
COLUMN_NOTES: dict[tuple[str, str], str] = {
    ("membership", "period"): "统计年度;只有月度数据时,取当年最后一个月的数作为年度数",
    ("membership", "members"): "不应大于职工人数",
    ("membership", "female_members"): "不应大于女职工人数和会员人数",
    ("membership", "parent"): "所属的街道、乡镇或产业工会,用于按上级工会汇总",
    ("dues", "period"): "月份(2024-05)或年度(2024);表中只写「5月」时,年度取表头上方标题中的年份",
    ("dues", "due"): f"缺少应缴金额时可填工资总额,工会经费应缴按工资总额的{UNION_FUNDS_RATE:.0%}计算",
    ("dues", "paid"): "实缴超过应缴1.2倍时导入会提示",
    ("dues", "fund_type"): f"{'或'.join(FUND_TYPES)};不填按{DEFAULT_FUND_TYPE}",
    ("dues", "wage_total"): "全部职工工资总额",
    ("dues", "remitted"): "上解上级工会的金额",
    ("welfare", "date"): "发放或慰问的日期",
    ("welfare", "category_raw"): "可从下拉列表选标准类别,也可照原样写事由(如「父亲病故」),系统按关键词归入标准类别并保留原文",
    ("welfare", "amount"): "每行的慰问金额;超过慰问标准时导入会提示",
    ("welfare", "count"): "不填按1人次;一行登记多人时填人次",
    ("welfare", "recipient"): "受慰问职工姓名,只对有权查看本单位的用户显示",
    ("competitions", "date"): "比赛日期,或比赛的年月、年度",
    ("competitions", "level"): "单位内(公司、厂内部)、区县级(含街道)、市级、省级、全国",
    ("competitions", "award"): f"{'、'.join(AWARD_TIERS)};也可写金奖、第一名等,不填视为{NO_AWARD}",
    ("competitions", "entries"): "团体项目填参赛人数;个人项目不填,按1人计",
    ("units", "unit_type"): "企业、非公企业、机关事业、学校、医院、社区等",
    ("units", "established"): "本单位是否已建立工会",
    ("units", "year"): "不填时按导入当年计",
    ("finance", "account"): (
        "科目编码加名称(如 401 会费收入),或只写名称;"
        f"{OPENING_BALANCE}、{CLOSING_BALANCE}行会被读取并核对:{OPENING_BALANCE}+收入−支出={CLOSING_BALANCE}"
    ),
    ("finance", "year"): "决算年度,如 2024",
    ("finance", "actual"): "本年实际收入或支出",
    ("finance", "budget"): "年初预算",
    ("finance", "flow"): f"{INCOME}或{EXPENSE};不填时按科目编码(4开头为收入,5开头为支出)或名称判断",
    # §3.8 activities
    ("activities", "name"): "活动或培训班的名称,如「安全生产知识培训班」「职工篮球赛」",
    ("activities", "date"): "活动或开班的日期,或年月、年度;不填时取标题中的年份",
    ("activities", "type_raw"): (
        f"可从下拉列表选{'、'.join(STANDARD_TYPES)},也可照原样写;不填时按活动名称中的关键词归类(如「培训」「篮球」「志愿」)"
    ),
    ("activities", "sessions"): "同一活动举办的场次或培训班的期数;不填按1场计",
    ("activities", "participants"): "参加的职工人次",
    ("activities", "spend"): "活动或培训的经费支出",
}

# --- §3.7 roster: its example, drop-downs and notes ---------------------------------------
SHOWN_SECRETS: frozenset[tuple[str, str]] = frozenset({("roster", "id_number")})
CHOICES[("roster", "sex")] = (roster_rules.FEMALE, roster_rules.MALE)
CHOICES[("roster", "status")] = tuple(name for name, _ in roster_rules.STATUS_RULES)
CHOICES[("roster", "migrant")] = YES_NO
EXAMPLES["roster"] = {
    "unit": "示例机械有限公司工会",
    "name": "张三",
    "id_number": "11010519491231002X",  # GB 11643's own example number, no one's
    "sex": "女",
    "birth_date": date(1949, 12, 31),
    "joined": date(2024, 3, 1),
    "status": "入会",
    "migrant": "否",
    "year": "2024",
}
COLUMN_NOTES.update(
    {
        ("roster", "name"): "会员姓名;只用于区分各行,不入库",
        ("roster", "id_number"): (
            "18位公民身份号码;按国家标准校验位核对,通过的计入实名制录入人数。系统不保存身份证号原文,"
            "只保存无法还原的标识、性别和出生年份"
        ),
        ("roster", "sex"): "男或女;不填时按身份证号第17位判断",
        ("roster", "birth_date"): "不填时按身份证号中的出生日期;只保存出生年份",
        ("roster", "joined"): "入会或会籍变化的日期;年度内入会(不含转入)的计为新发展会员",
        ("roster", "status"): (
            f"{'、'.join(name for name, _ in roster_rules.STATUS_RULES)};"
            f"{'、'.join(roster_rules.LEFT_STATUSES)}的不计入会员人数;不填按{roster_rules.DEFAULT_STATUS}"
        ),
        ("roster", "migrant"): "是或否;也可填户籍类型,农业户口计为农民工",
        ("roster", "year"): "名册所属年度;不填时取标题、工作表名或文件名中的年份,或上传时填写的所属年度",
        ("roster", "unit"): "会员所在的基层工会;工作单位(用人单位)另列,不作为单位",
    }
)

GENERAL_NOTES: tuple[str, ...] = (
    "第2行是表头,请不要改动列名;列的顺序可以调整,不需要的选填列可以删除。",
    "红色加粗的列为必填列,灰色的列为选填列。",
    f"序号为「{EXAMPLE_MARKER}」的行是填写示例,导入时自动跳过,可以删除,也可以保留。",
    f"「{'」「'.join(TOTAL_WORDS)}」行不作为数据导入;合计数与上面各行之和不符时,导入报告会提示。",
    "期间、日期可写作:2024、2024年、2024年度、2024-05、2024/5、2024.05、2024年5月、202405、"
    "2024-05-12、2024/5/12、2024年5月12日,也可以直接用Excel日期。",
    "数字可以写成文字:1,234、500元、120人、95%;「—」「-」「/」「无」或空白表示没有数据。",
    "金额列的表头写成「金额(万元)」时,按万元换算成元。",
    "表头上方可以保留标题、「填报单位:xx工会」「单位:元」等说明行(最多10行);表格下方可以写填表人、审核人、联系电话。",
    "一个工作簿可以有多个工作表,每个工作表分别识别。",
)
UNIT_NOTE = "「必填*」的单位列:文件只含本单位数据时可以不要这一列,上传时指定单位,或在表头上方写「填报单位:xx工会」。"
SECRET_NOTE = "身份证号、联系电话不必填写;如果填写,系统只保存脱敏后的结果,不显示原文。"
# §3.7, §5: what a roster keeps of a person
ROSTER_NOTE = (
    "一行一名会员。姓名、身份证号、手机号码只在导入时读取,不保存原文:系统只保存无法还原的标识(用于发现重复登记)、"
    "性别、出生年份、是否农民工、入会年份和会籍变化;住址等其他个人信息不保存。"
)

REQUIRED_FONT = Font(bold=True, color="C00000")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
OPTIONAL_FONT = Font(bold=False, color="000000")
OPTIONAL_FILL = PatternFill("solid", fgColor="F2F2F2")
EXAMPLE_FONT = Font(italic=True, color="808080")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)

AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


def template_columns(kind: str) -> tuple[Column, ...]:
    """The columns a template of ``kind`` shows, in table order: secret ones are left out,
    but for the ID of a roster (§3.7: 实名制 is the ID, checked and kept only as a keyed hash)."""
    return tuple(c for c in columns_of(kind) if c.dtype != "secret" or (c.kind, c.field) in SHOWN_SECRETS)


def choices_of(column: Column) -> tuple[str, ...] | None:
    """The drop-down values of a category column, or None for a column without a list."""
    if column.dtype == "yesno":
        return YES_NO
    return CHOICES.get((column.kind, column.field))


def write_template(kind: str, out: Path | BinaryIO) -> None:
    """Write the blank 标准模板 of ``kind`` (an id of ``KINDS``) to a path or a binary stream.

    Raises UsageError for an unknown kind.
    """
    if kind not in KINDS:
        known = "、".join(f"{k}({KIND_LABELS[k]})" for k in KINDS)
        raise UsageError(f"没有「{kind}」这种模板,可用的种类有:{known}。")
    wb = Workbook()
    _fill_template_sheet(wb.active, kind)
    _fill_notes_sheet(wb.create_sheet("说明"), kind)
    wb.properties.creator = "unionstats"
    wb.properties.title = f"{KIND_LABELS[kind]}表（标准模板）"
    save_workbook_reproducibly(wb, out)


def _fill_template_sheet(ws, kind: str) -> None:
    columns = template_columns(kind)
    example = EXAMPLES.get(kind, {})
    ws.title = KIND_LABELS[kind]
    width = len(columns) + 1

    title = ws.cell(TITLE_ROW, 1, f"{KIND_LABELS[kind]}表（标准模板）")
    title.font = TITLE_FONT
    title.alignment = CENTER
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    ws.row_dimensions[TITLE_ROW].height = 30

    _put_header_cell(ws.cell(HEADER_ROW, 1, "序号"), required=False)
    marker = ws.cell(EXAMPLE_ROW, 1, EXAMPLE_MARKER)
    marker.font = EXAMPLE_FONT
    marker.border = BORDER
    ws.column_dimensions["A"].width = 8

    for index, column in enumerate(columns, start=2):
        letter = get_column_letter(index)
        _put_header_cell(ws.cell(HEADER_ROW, index, column.name), required=column.required != "no")
        cell = ws.cell(EXAMPLE_ROW, index, example.get(column.field))
        cell.font = EXAMPLE_FONT
        cell.border = BORDER
        cell.number_format = _number_format(column)
        ws.column_dimensions[letter].width = _column_width(column)
        choices = choices_of(column)
        if choices:
            ws.add_data_validation(_drop_down(column, choices, letter))

    ws.row_dimensions[HEADER_ROW].height = 24
    # contract §6: a frozen header, so it stays in view in long ledgers
    ws.freeze_panes = ws.cell(EXAMPLE_ROW, 1)


def _put_header_cell(cell, *, required: bool) -> None:
    cell.font = REQUIRED_FONT if required else OPTIONAL_FONT
    cell.fill = REQUIRED_FILL if required else OPTIONAL_FILL
    cell.alignment = CENTER
    cell.border = BORDER


def _drop_down(column: Column, choices: tuple[str, ...], letter: str) -> DataValidation:
    suggested = (column.kind, column.field) in SUGGESTED_ONLY
    listed = ",".join(choices)
    validation = DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning" if suggested else "stop",
        errorTitle=column.name,
        error=f"请从列表中选择:{listed}" + (";也可以照原样填写事由" if suggested else ""),
        showInputMessage=True,
        promptTitle=column.name,
        prompt=f"可选:{listed}",
    )
    validation.add(f"{letter}{EXAMPLE_ROW}:{letter}{EXAMPLE_ROW + VALIDATED_ROWS - 1}")
    return validation


def _number_format(column: Column) -> str:
    if column.dtype == "amount":
        return AMOUNT_FORMAT
    if column.dtype == "count":
        return COUNT_FORMAT
    if column.dtype == "date":
        return DATE_FORMAT
    if column.dtype == "period":
        # Excel turns a typed 2024-05 into a date; as text it stays what the user meant
        return TEXT_FORMAT
    return "General"


def _column_width(column: Column) -> float:
    if column.field in ("unit", "parent", "contest"):
        return 28
    if column.kind == "finance" and column.field == "account":
        return 22
    return max(12.0, 2.2 * len(column.name) + 2)


def _required_text(column: Column) -> str:
    if column.required == "no":
        return "选填"
    if column.required == "unit":
        return "必填*"
    alternatives = REQUIRED_ALTERNATIVES.get((column.kind, column.field))
    if alternatives:
        names = "、".join(c.name for c in columns_of(column.kind) if c.field in alternatives)
        return f"必填(或填{names})"
    return "必填"


def _fill_notes_sheet(ws, kind: str) -> None:
    columns = template_columns(kind)
    ws.cell(1, 1, f"{KIND_LABELS[kind]}表 填写说明").font = TITLE_FONT
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    headers = ("列名", "是否必填", "填写格式", "也可写作", "说明")
    for index, text in enumerate(headers, start=1):
        _put_header_cell(ws.cell(2, index, text), required=False)
        ws.cell(2, index).font = Font(bold=True)

    row = 3
    for column in columns:
        choices = choices_of(column)
        note = COLUMN_NOTES.get((column.kind, column.field), "")
        if choices and not note:
            note = "可选:" + "、".join(choices)
        values = (
            column.name,
            _required_text(column),
            DTYPE_FORMATS.get(column.dtype, ""),
            "、".join(column.aliases[:6]),
            note,
        )
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row, index, value)
            cell.alignment = WRAP
            cell.border = BORDER
        if column.required != "no":
            ws.cell(row, 1).font = REQUIRED_FONT
        row += 1

    row += 1
    ws.cell(row, 1, "填写须知").font = Font(bold=True)
    row += 1
    notes = list(GENERAL_NOTES)
    if any(c.required == "unit" for c in columns):
        notes.append(UNIT_NOTE)
    if kind == "roster":
        notes.append(ROSTER_NOTE)
    elif any(c.dtype == "secret" for c in columns_of(kind)):
        notes.append(SECRET_NOTE)
    if kind == "finance":
        codes = "、".join(f"{a.code} {a.name}" for a in ACCOUNTS)
        notes.append(f"科目编码:{codes}。")
    for number, text in enumerate(notes, start=1):
        ws.cell(row, 1, f"{number}. {text}").alignment = Alignment(wrap_text=False)
        row += 1

    for letter, width in zip("ABCDE", (16, 16, 36, 36, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"


def save_workbook_reproducibly(wb: Workbook, out: Path | BinaryIO, when: datetime = FIXED_TIMESTAMP) -> None:
    """Save ``wb`` to a path or a binary stream so that the same workbook gives the same bytes.

    openpyxl stamps the time of saving into docProps/core.xml (``modified``) and into
    every zip entry; both become ``when``, and ``created`` is set to it as well.
    """
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    packed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(item.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(packed.getvalue())
    else:
        out.write(packed.getvalue())
