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


# A small district for the 上级工会 report: 东城 has 甲 and 乙 (both years), 丁 (2023 only: it has
# not reported 2024) and 戊 (未建会: nothing to report); 西城 has 丙. 乙 is under the 入会率 and
# 经费收缴率 targets; 甲's 张三 won a city-level contest, 丙's 李四 a district one.
EAST, WEST = "东城街道总工会", "西城街道总工会"
A, B, C, D, N = "甲公司工会", "乙公司工会", "丙公司工会", "丁公司工会", "戊公司"
WINNER_A, WINNER_C = "张三", "李四"


def load_district(engine) -> None:
    """Import the small district above (2023 and 2024) through the importer."""
    registry = units_info([(A, EAST), (B, EAST), (C, WEST), (D, EAST)])
    registry.append([5, N, EAST, "企业", "未建", "否", "否", 2024])
    load(engine, registry, "单位信息登记表.xlsx")
    rows = [
        (A, EAST, 2023, 100, 90),
        (B, EAST, 2023, 200, 150),
        (C, WEST, 2023, 50, 50),
        (D, EAST, 2023, 80, 80),
        (A, EAST, 2024, 100, 96),
        (B, EAST, 2024, 200, 160),
        (C, WEST, 2024, 50, 45),
    ]
    load(engine, membership(rows), "会员统计表.xlsx")
    dues = [["单位", "年度", "应缴金额", "实缴金额"], [A, 2023, 1000, 900], [B, 2023, 2000, 1800], [C, 2023, 500, 500]]
    dues += [[A, 2024, 1000, 1000], [B, 2024, 2000, 1500]]
    load(engine, dues, "经费收缴台账.xlsx")
    contests = [
        ["单位", "年度", "竞赛名称", "姓名", "级别", "奖项", "人数"],
        [A, 2024, "技能比武", WINNER_A, "市级", "一等奖", 1],
        [A, 2024, "技能比武", "王五", "市级", "参赛", 1],
        [C, 2024, "全区焊工比武", WINNER_C, "区级", "二等奖", 1],
    ]
    load(engine, contests, "竞赛获奖情况.xlsx")
