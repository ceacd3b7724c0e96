"""Helpers of the page tests that import through 数据导入: a ledger with rejected rows, and the
clicks that read and store it (the form's widgets by their keys, as a user fills them)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.workbooks import xlsx
from unionstats.importer import SAMPLE_DIR, TABLE_SUFFIXES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# the files of data/sample, each stored as one batch by 载入示例数据
SAMPLE_FILES = sum(p.suffix.lower() in TABLE_SUFFIXES for p in SAMPLE_DIR.iterdir())

# 测试机械厂工会's welfare ledger (a unit of no user's): two rows stored, two rejected (an
# amount 暂缺, a negative 人次), so an import of it has a 本次导入结果 and rejected rows.
REJECTING_LEDGER_NAME = "测试机械厂2024年慰问台账.xlsx"
REJECTING_LEDGER_UNIT = "测试机械厂工会"
REJECTING_LEDGER = xlsx(
    [
        ["2024年帮扶慰问台账"],
        [f"填报单位:{REJECTING_LEDGER_UNIT}"],
        ["序号", "慰问日期", "慰问事由", "慰问金额(元)", "人次"],
        [1, "2024-03-01", "职工住院", "500元", 1],
        [2, "2024-04-02", "春节慰问", "暂缺", 1],
        [3, "2024年5月3日", "父亲病故", 2000, -1],
        [4, "2024/6/4", "职工住院", 800, 1],
    ]
)


def upload(app: AppTest, files: list[tuple[str, bytes, str]]) -> AppTest:
    """Choose ``files`` (name, bytes, mime) on 数据导入, 读取并预览, then 确认导入."""
    app.file_uploader(key="upload_files").set_value(files)
    next(b for b in app.button if b.label == "读取并预览").click().run()
    return app.button(key="confirm_import").click().run()
