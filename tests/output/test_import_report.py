"""unionstats.output.import_report: the import report in words, as the 数据导入 page shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from unionstats.output.import_report import (
    batch_line,
    file_report_text,
    period_text,
    periods_text,
    preview_sentence,
    preview_table,
    preview_warning,
    sheet_table,
    summary_sentence,
    units_text,
    unstored_table,
    where_text,
)


def sheet(stored: int, rejected: int = 0, warned: int = 0, *, name: str = "Sheet1", kind: str | None = "welfare") -> dict:
    skipped = None if kind else "没有找到可识别的表头(如「单位」「会员人数」)。"
    return {"sheet": name, "kind": kind, "skipped": skipped, "stored": stored, "rejected": rejected, "warned": warned}


# one upload: a file that stored rows but skipped a sheet for a wrong header and read one whose
# every row was rejected, a duplicate, and a file with no table at all
UPLOAD = [
    {
        "file": "街道汇总.xlsx",
        "status": "imported",
        "batch": 7,
        "message": None,
        "sheets": [sheet(20), sheet(0, kind=None, name="会员(在册职工)"), sheet(0, 3, name="慰问")],
    },
    {"file": "旧.xlsx", "status": "duplicate", "batch": None, "message": "该文件已导入过(批次 #3)。", "sheets": []},
    {
        "file": "说明.xlsx",
        "status": "imported",
        "batch": None,
        "message": "未入库任何数据:文件中没有可识别的统计表。",
        "sheets": [],
    },
]


@pytest.mark.parametrize(
    ("reports", "sentence"),
    [
        (
            [
                {"file": "a.xlsx", "status": "imported", "batch": 1, "sheets": [sheet(120, 2, 5)]},
                {"file": "b.xlsx", "status": "duplicate", "batch": None, "sheets": [sheet(0)]},
            ],
            "共2个文件:1个入库了数据,1个未入库任何数据(重复1个);跳过工作表0个;入库120行,拒收2行,警告5行。",
        ),
        (
            # a readable file without any table: "imported" by the contract, but no success
            [
                {"file": "a.xlsx", "status": "imported", "batch": 1, "sheets": [sheet(3)]},
                {"file": "说明.csv", "status": "imported", "batch": None, "sheets": []},
                {"file": "坏.xlsx", "status": "unreadable", "batch": None, "sheets": []},
            ],
            "共3个文件:1个入库了数据,2个未入库任何数据(读取后无数据可入库1个、无法读取1个);跳过工作表0个;"
            "入库3行,拒收0行,警告0行。",
        ),
    ],
)
def test_the_summary_sentence_counts_files_and_rows(reports, sentence):
    assert summary_sentence(reports) == sentence


def test_the_summary_counts_files_that_stored_data_files_that_stored_nothing_and_skipped_sheets():
    assert summary_sentence(UPLOAD) == (
        "共3个文件:1个入库了数据,2个未入库任何数据(读取后无数据可入库1个、重复1个);跳过工作表1个;入库20行,拒收3行,警告0行。"
    )


def test_every_file_and_sheet_that_stored_nothing_is_listed_with_why():
    table = unstored_table(UPLOAD)
    assert table.values.tolist() == [
        ["街道汇总.xlsx", "会员(在册职工)", "已跳过", "没有找到可识别的表头(如「单位」「会员人数」)。"],
        ["街道汇总.xlsx", "慰问", "未入库", "未入库任何数据:3个数据行全部被拒收,原因见下方;改正后可重新导入。"],
        ["旧.xlsx", "", "重复文件,未导入", "该文件已导入过(批次 #3)。"],
        ["说明.xlsx", "", "未入库任何数据", "未入库任何数据:文件中没有可识别的统计表。"],
    ]
    assert unstored_table([]).empty and unstored_table([{**UPLOAD[0], "sheets": [sheet(5)]}]).empty


def test_each_sheet_says_what_became_of_it():
    assert sheet_table(UPLOAD[0])["结果"].tolist() == ["已入库", "已跳过", "未入库"]


# --- the preview ------------------------------------------------------------------------------


def test_units_and_periods_are_named_briefly():
    assert units_text(["甲", "乙"]) == "甲、乙"
    assert units_text(["甲", "乙", "丙", "丁", "戊"]) == "甲、乙、丙等5个单位"
    assert periods_text(["2024"]) == "2024年"
    assert periods_text(["2024-01", "2024-12"]) == "2024年1月至2024年12月"
    assert periods_text([]) == ""


PREVIEWED = [
    {
        "file": "慰问.xlsx",
        "status": "imported",
        "batch": None,
        "message": None,
        "sheets": [{**sheet(3), "units": ["甲工会"], "periods": ["2024-03", "2024-05"]}],
    },
    {
        "file": "无单位.xlsx",
        "status": "imported",
        "batch": None,
        "message": "未入库任何数据:2个数据行全部被拒收,原因见下方;改正后可重新导入。",
        "sheets": [
            {
                **sheet(0, 2),
                "units": [],
                "periods": [],
                "problems": [{"row": 2, "column": None, "level": "rejected", "message": "第2行缺少单位"}],
            }
        ],
    },
    {"file": "旧.xlsx", "status": "duplicate", "batch": None, "message": "该文件已导入过(批次 #3)。", "sheets": []},
]


def test_the_preview_says_per_sheet_where_rows_would_go_and_why_not():
    table = preview_table(PREVIEWED)
    assert table.values.tolist() == [
        ["慰问.xlsx", "Sheet1", "帮扶慰问", "甲工会", "2024年3月至2024年5月", 3, 0, 0, "将入库"],
        ["无单位.xlsx", "Sheet1", "帮扶慰问", "", "", 0, 2, 0, "不会入库。首个原因:第2行缺少单位"],
        ["旧.xlsx", "", "", "", "", 0, 0, 0, "重复文件:该文件已导入过(批次 #3)。"],
    ]
    assert preview_sentence(PREVIEWED) == (
        "共3个文件:1个将入库,2个不会入库(读取后无数据可入库1个、重复1个);跳过工作表0个;将入库3行,拒收0行,警告0行。"
    )
    assert preview_warning(PREVIEWED[1]) == "「无单位.xlsx」不会入库:2个数据行全部会被拒收。首个原因:第2行缺少单位"
    assert preview_warning(PREVIEWED[2]) == "「旧.xlsx」重复文件:该文件已导入过(批次 #3)。"


def test_a_file_waiting_for_an_overlap_choice_counts_its_rows():
    waiting = [{**PREVIEWED[0], "status": "overlap"}]
    assert preview_sentence(waiting).startswith("共1个文件:0个将入库,1个与已导入的批次重叠、待选择,0个不会入库;")
    assert "将入库3行" in preview_sentence(waiting)
    assert preview_table(waiting)["说明"].tolist() == ["与已导入的批次重叠,待选择"]


def test_a_sheet_says_the_units_and_periods_its_rows_go_under():
    assert where_text({"units": ["甲工会", "乙工会"], "periods": ["2024"]}) == "单位:甲工会、乙工会;期间:2024年"
    assert where_text({"units": [f"{n}号工会" for n in range(7)], "periods": ["2024-01", "2024-12"]}) == (
        "单位:0号工会、1号工会、2号工会、3号工会、4号工会等7个;期间:2024年1月至2024年12月"
    )
    assert where_text({"units": [], "periods": []}) == where_text({}) == ""
    assert (period_text("2024"), period_text("2024-05")) == ("2024年", "2024年5月")


def test_a_dry_run_report_says_nothing_was_stored_and_asks_about_look_alike_names():
    report = {
        "file": "恒达.xlsx",
        "status": "imported",
        "message": None,
        "batch": None,
        "suggestions": [{"name": "杭州恒达电子有限公司工会", "known": "恒达电子有限公司工会", "score": 100.0}],
        "sheets": [
            {**sheet(1), "kind": "membership", "units": ["杭州恒达电子有限公司工会"], "periods": ["2024"], "problems": []}
        ],
    }
    assert file_report_text(report, dry_run=True).splitlines() == [
        "文件「恒达.xlsx」:可以导入(试读,未入库)",
        "  工作表「Sheet1」:会员统计,可入库 1 行,拒收 0 行,警告 0 行",
        "    单位:杭州恒达电子有限公司工会;期间:2024年",
        "  「杭州恒达电子有限公司工会」可能就是「恒达电子有限公司工会」:"
        '如确认,运行 units merge "杭州恒达电子有限公司工会" "恒达电子有限公司工会" 合并(可撤销)。',
    ]
    # the same report after an import without a batch: nothing was stored
    assert file_report_text(report).splitlines()[0] == "文件「恒达.xlsx」:未入库任何数据"


def test_a_batch_line_says_a_replaced_batch_is_waiting_and_how_it_comes_back():
    batch = {
        "id": 9, "file_name": "2024慰问.xlsx", "kinds": ["welfare"], "rows_stored": 12, "rows_rejected": 0, "rows_warned": 1,
        "created_at": dt.datetime(2024, 3, 1, 9, 30), "created_by": "小李", "status": "replaced", "replaced_by": 12,
        "undone_at": None,
    }  # fmt: skip
    assert batch_line(batch) == (
        "#9 2024慰问.xlsx · 帮扶慰问 · 入库12行,拒收0行,警告1行 · 2024-03-01 09:30 · 小李 · 已被批次 #12 替换(撤销 #12 即可恢复)"
    )
