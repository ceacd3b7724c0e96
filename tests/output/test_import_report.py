"""unionstats.output.import_report: the import report in words, as the 数据导入 page shows it."""

from __future__ import annotations

import pytest

from unionstats.output.import_report import file_report_text, period_text, summary_sentence, where_text


def sheet(stored: int, rejected: int = 0, warned: int = 0) -> dict:
    return {"sheet": "Sheet1", "kind": "welfare", "skipped": None, "stored": stored, "rejected": rejected, "warned": warned}


@pytest.mark.parametrize(
    ("reports", "sentence"),
    [
        (
            [
                {"file": "a.xlsx", "status": "imported", "batch": 1, "sheets": [sheet(120, 2, 5)]},
                {"file": "b.xlsx", "status": "duplicate", "batch": None, "sheets": [sheet(0)]},
            ],
            "共2个文件:已导入1个,重复1个;入库120行,拒收2行,警告5行。",
        ),
        (
            # a readable file without any table: "imported" by the contract, but no success
            [
                {"file": "a.xlsx", "status": "imported", "batch": 1, "sheets": [sheet(3)]},
                {"file": "说明.csv", "status": "imported", "batch": None, "sheets": []},
                {"file": "坏.xlsx", "status": "unreadable", "batch": None, "sheets": []},
            ],
            "共3个文件:已导入1个,未入库任何数据1个,无法读取1个;入库3行,拒收0行,警告0行。",
        ),
    ],
)
def test_the_summary_sentence_counts_files_and_rows(reports, sentence):
    assert summary_sentence(reports) == sentence


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
