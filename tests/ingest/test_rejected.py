"""unionstats.ingest.rejected — the rejected rows as an Excel file to fix and re-upload."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.workbooks import xlsx
from unionstats.ingest.parse import ParseOptions, parse_file
from unionstats.ingest.rejected import rejected_workbook

TODAY = dt.date(2024, 12, 31)


def parsed(data: bytes, name: str):
    return parse_file(data, name, ParseOptions(today=TODAY))


def test_nothing_rejected_gives_no_file():
    clean_sheet = xlsx([["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, 10, 9]])
    assert rejected_workbook([parsed(clean_sheet, "会员.xlsx")]) is None


def test_each_rejected_row_as_written_with_its_excel_row_and_reasons():
    rows = [
        ["2023年度会员统计表"],
        ["单位", "年度", "职工人数", "会员人数", "备注"],
        ["甲工会", 2023, 10, 9, None],
        ["乙工会", 2023, "暂缺", -1, "电话13812345678"],
        ['=HYPERLINK("http://x")', 2023, 5, 4.5, None],
    ]
    data = rejected_workbook([parsed(xlsx(("会员", rows)), "会员统计[2023].xlsx")])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["会员统计_2023_-会员"]  # [ and ] may not stand in a sheet title
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "来源:会员统计[2023].xlsx · 工作表「会员」 · 改正后可重新上传"
    assert cells[1] == ["Excel行号", "单位", "年度", "职工人数", "会员人数", "备注", "原因"]
    assert cells[2] == [
        4,
        "乙工会",
        2023,
        "暂缺",
        -1,
        "电话138****5678",  # §5: masked in the download too
        '第4行「职工人数」不是数字:"暂缺";第4行「会员人数」为负数:-1,人数不能为负',
    ]
    assert cells[3][:5] == [5, '=HYPERLINK("http://x")', 2023, 5, 4.5]
    assert sheet.cell(4, 2).data_type == "s"  # text, never a formula
    assert cells[3][6] == '第5行「会员人数」不是整数:"4.5"'
    assert len(cells) == 4  # the good row is not in it


def test_sheets_of_several_files_get_distinct_titles():
    rows = [["单位", "年度", "职工人数", "会员人数"], ["甲工会", 2023, "x", 9]]
    files = [parsed(xlsx(rows), "会员.xlsx"), parsed(xlsx(rows), "会员.xls")]
    book = load_workbook(io.BytesIO(rejected_workbook(files)))
    assert book.sheetnames == ["会员-Sheet1", "会员-Sheet1_2"]
