"""Writes that a page change cannot cut in half: the sample and a confirmed upload of several
files are stored whole when the user leaves while they run (views.common.WriteProgress).

Streamlit stops a script at its next call once the user opens another page or the tab goes;
here the progress bar's update raises that stop, as Streamlit's own check would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.elements.progress import ProgressMixin
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

from tests.views.uploading import SAMPLE_FILES, XLSX
from tests.workbooks import xlsx
from unionstats.store import list_batches, open_store


@pytest.fixture
def user_leaves(monkeypatch) -> Callable[[], list[int]]:
    """``user_leaves()``: at the second update of a progress bar the user has left (a
    StopException, as Streamlit raises at its next call); returns the updates asked for, counted."""

    def leave() -> list[int]:
        updates: list[int] = []
        shown = ProgressMixin.progress

        def progress(self, value, text=None):
            updates.append(1)
            if len(updates) == 2:
                raise StopException()
            return shown(self, value, text=text)

        monkeypatch.setattr(ProgressMixin, "progress", progress)
        return updates

    return leave


def test_the_sample_is_stored_whole_when_the_user_leaves_half_way(empty_url, open_page, user_leaves):
    app = open_page("overview")
    updates = user_leaves()
    app.button(key="load_sample").click().run()
    assert not app.exception
    assert len(updates) == 2  # the bar stopped updating once the user had left
    assert len(list_batches(open_store(empty_url))) == SAMPLE_FILES >= 20  # every file, not the first one


def ledger(unit: str) -> bytes:
    return xlsx(
        [
            ["2024年帮扶慰问台账"],
            [f"填报单位:{unit}"],
            ["序号", "慰问日期", "慰问事由", "慰问金额(元)", "人次"],
            [1, "2024-03-01", "职工住院", 500, 1],
        ]
    )


def test_a_confirmed_upload_is_stored_whole_and_its_report_kept(empty_url, open_page, user_leaves):
    files = [(f"{unit}2024年慰问台账.xlsx", ledger(unit), XLSX) for unit in ("甲厂工会", "乙厂工会", "丙厂工会")]
    app = open_page("imports")
    app.file_uploader(key="upload_files").set_value(files)
    next(b for b in app.button if b.label == "读取并预览").click().run()
    assert not app.exception

    updates = user_leaves()  # the user opens another page while the first file is stored
    app.button(key="confirm_import").click().run()
    assert not app.exception and len(updates) == 2
    assert sorted(b["file_name"] for b in list_batches(open_store(empty_url))) == sorted(name for name, _, _ in files)

    app.run()  # back on 数据导入: the report of all three files
    assert not app.exception
    labels = [e.label for e in app.expander]  # each file's line of the 本次导入结果
    assert all(
        any(name.removesuffix(".xlsx") in label.replace("\\", "") and "已导入" in label for label in labels)
        for name, _, _ in files
    )
