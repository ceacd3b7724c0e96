"""unionstats.output.import_report: the import report in words, as the 数据导入 page shows it."""

from __future__ import annotations

import datetime as dt

import pytest

from unionstats.output.import_report import batch_line, summary_sentence


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


def test_a_batch_line_says_a_replaced_batch_is_waiting_and_how_it_comes_back():
    batch = {
        "id": 9, "file_name": "2024慰问.xlsx", "kinds": ["welfare"], "rows_stored": 12, "rows_rejected": 0, "rows_warned": 1,
        "created_at": dt.datetime(2024, 3, 1, 9, 30), "created_by": "小李", "status": "replaced", "replaced_by": 12,
        "undone_at": None,
    }  # fmt: skip
    assert batch_line(batch) == (
        "#9 2024慰问.xlsx · 帮扶慰问 · 入库12行,拒收0行,警告1行 · 2024-03-01 09:30 · 小李 · 已被批次 #12 替换(撤销 #12 即可恢复)"
    )
