"""Ledgers of the report tests, written out as offices keep them, and the builders of small ones."""

from __future__ import annotations

import datetime as dt

from tests.workbooks import xlsx
from unionstats.importer import import_bytes

TODAY = dt.date(2025, 3, 1)  # the day the small ledgers are imported

# The seed: a company union's 2012 ledger, as an office keeps it (title, 填报单位 line, free-text
# categories, several rows per category, a 合计 row at the bottom).
LEDGER_2012 = [
    ["2012年职工帮扶慰问台账"],
    ["填报单位:华新机械有限公司工会", None, None, "单位:元"],
    ["序号", "发放日期", "慰问事由", "慰问对象", "人次", "金额(元)"],
    [1, "2012-01-15", "住院慰问", "张伟", 6, "1,500"],
    [2, "2012-03-02", "职工住院", "李娜", 10, 2500],
    [3, "2012-04-10", "生育慰问", "王芳", 3, 1500],
    [4, "2012-06-18", "产妇慰问", "赵敏", 2, 1000],
    [5, "2012-07-01", "丧葬慰问(父亲去世)", "刘洋", 1, 10000],
    [6, "2012-09-09", "职工家属病故", "陈静", 1, "10,000元"],
    [7, "2012-10-20", "退休慰问", "杨军", 2, 2000],
    [8, "2012-12-20", "困难职工帮扶", "周强", 4, 4000],
    [9, "2012-12-28", "特困救助", "吴磊", 2, 2000],
    ["合计", None, None, None, 31, 34500],
    ["填表人:孙丽", None, None, "审核人:钱进"],
]


def load(engine, rows, name: str) -> None:
    """Import ``rows`` as the workbook ``name``; it must be imported."""
    report, _ = import_bytes(engine, xlsx(rows), name, today=TODAY)
    assert report["status"] == "imported", report


def units_info(pairs, year=2024):
    """A 单位信息登记表 of (unit, parent) pairs: each 已建, with a 集体合同 and 工资集体协商."""
    header = ["序号", "单位", "上级工会", "单位类型", "建会情况", "集体合同", "工资集体协商", "年度"]
    return [
        ["单位信息登记表"],
        header,
        *([i + 1, unit, parent, "企业", "已建", "是", "是", year] for i, (unit, parent) in enumerate(pairs)),
    ]


def welfare(rows):
    """A welfare ledger of (单位, 年度, 慰问类别, 人次, 金额) rows."""
    return [["单位", "年度", "慰问类别", "人次", "金额"], *map(list, rows)]


def membership(rows):
    """A 会员统计表 of (单位, 上级工会, 年度, 职工人数, 会员人数) rows."""
    return [["单位", "上级工会", "年度", "职工人数", "会员人数"], *map(list, rows)]
