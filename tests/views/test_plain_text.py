"""User text is shown as written wherever Streamlit reads Markdown (security finding 3):
views.common.plain_markdown, and every page of a store whose names are hostile Markdown and
HTML (tests/planted.py) scanned element by element."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.planted import (
    ACTIVITY_TYPE,
    CATEGORY,
    EVIL,
    FILE_STEM,
    ID_NUMBER,
    MASKED_ID,
    PARENT,
    PLANTED,
    SHEET,
    TWO_IDS_SHOWN,
    UNIT,
    USER,
    plant_store,
)
from tests.views.streamlit_markdown import PLAIN_TOKENS, literal_text, markup, shown_text
from tests.workbooks import xlsx
from unionstats.store import close_store, open_store, users
from views.common import plain_markdown

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- the helper ---------------------------------------------------------------------------------

WRITTEN = [
    "[点此重新登录](http://evil.invalid/phish)![b](http://evil.invalid/beacon.png).csv",
    "<img src=http://evil.invalid/i onerror=alert(1)>",
    "<a href='http://evil.invalid/a'>链接</a>",
    "**粗**_斜_`码`~~删~~",
    "3302**********1234",
    "138****5678 和 3302**********1234",
    ":red[红色]:blue-background[蓝]:material/home::smile::+1::streamlit:",
    "$x^2$ 与 $$y$$ 和 \\(z\\)",
    "# 标题",
    "- 列表",
    "1. 编号",
    "> 引用",
    "| 表 | 格 |\n|---|---|\n| a | b |",
    "---",
    "http://evil.invalid/p www.evil.invalid a@evil.invalid <http://evil.invalid/q>",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "&lt;b&gt; &amp; &#60;",
    "第一行\n第二行",
    "    缩进四格",
    "[ref]\n\n[ref]: http://evil.invalid/r",
    "行末反斜杠\\",
    "脚注[^1]\n\n[^1]: http://evil.invalid/f",
]


@pytest.mark.parametrize("text", WRITTEN)
def test_escaped_text_reads_as_written_and_draws_nothing(text):
    escaped = plain_markdown(text)
    assert markup(escaped) == []
    assert shown_text(escaped) == "\n".join(line.strip(" \t") for line in text.split("\n") if line.strip(" \t"))


def test_masked_numbers_keep_their_stars():
    two = f"李某{MASKED_ID}、王某3302**********5678"
    assert shown_text(plain_markdown(two)) == two
    # unescaped, two numbers' stars pair up as emphasis and vanish (the finding)
    assert shown_text(two) == "李某33021234、王某33025678"


# user text as it comes: any character, Markdown's and Streamlit's punctuation often
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.punctuation + " \t\n\r" + "ab1_:/@w"),
        st.characters(blacklist_categories=("Cs", "Cc")),
    ),
    max_size=60,
)


@given(TEXT)
def test_any_text_escaped_is_shown_as_written(text):
    escaped = plain_markdown(text)
    assert markup(escaped) == []
    assert shown_text(escaped).split() == text.split()  # every character, the spaces as HTML shows them


# --- every page of a store of hostile names -------------------------------------------------

# string fields of an element that Streamlit draws as Markdown (a selectbox's or multiselect's
# options, a dataframe's cells, st.text and st.code are plain text)
MARKDOWN_FIELDS = {"body", "label", "help", "text", "title", "caption"}
PLAIN_ELEMENTS = {"text", "code", "json", "html", "plotly_chart", "arrow_data_frame", "dataframe", "table"}
OWN_MARKUP = {"s_open", "s_close", "strong_open", "strong_close"}
MARKER = (EVIL, "斜")  # every planted text holds one: EVIL, or the sheet name's 斜


def markdown_texts(app) -> list[tuple[str, str]]:
    """(element type, source) of every text the page's elements hand Streamlit as Markdown."""
    found: list[tuple[str, str]] = []

    def walk_proto(kind: str, message) -> None:
        for field, value in message.ListFields():
            if field.type == field.TYPE_MESSAGE:
                for item in value if field.is_repeated else [value]:
                    walk_proto(kind, item)
            elif field.type == field.TYPE_STRING:
                values = list(value) if field.is_repeated else [value]
                if field.name in MARKDOWN_FIELDS or (field.name == "options" and kind == "radio"):
                    found.extend((kind, v) for v in values)

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if proto is not None and kind not in PLAIN_ELEMENTS:
            walk_proto(kind, proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


# what plotly writes on a chart, reading <a href>, <b>, <br> and entities in it (a category
# axis shows its ticktext, not the categories themselves)
CHART_TEXT_KEYS = {"text", "hovertext", "hovertemplate", "texttemplate", "ticktext", "name"}


def chart_texts(app) -> list[str]:
    """Every text that plotly draws on a figure of the page (titles, ticks, hovers, legends, labels)."""
    texts: list[str] = []

    def strings(value, key: str | None = None) -> None:
        if isinstance(value, str):
            if key in CHART_TEXT_KEYS:
                texts.append(value)
        elif isinstance(value, dict):
            for name, item in value.items():
                strings(item, name)
        elif isinstance(value, list):
            for item in value:
                strings(item, key)

    def walk(node) -> None:
        if getattr(node, "type", None) == "plotly_chart":
            strings(json.loads(node.proto.spec))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return texts


def assert_shown_as_written(app, where: str) -> int:
    """Every Markdown text of the page that holds planted text draws no link, image, HTML or
    code, none of Streamlit's rewrites, and shows the planted text literally (as far as it is
    shown: a sentence may quote a name's first characters); charts show tags as text. Returns
    how many texts held planted text."""
    assert not app.exception, f"{where}: {app.exception}"
    checked = 0
    for kind, source in markdown_texts(app):
        shown = shown_text(source)
        if not any(m in source or m in shown for m in MARKER):
            continue
        checked += 1
        # the page's own markup around the text (:gray[~~…~~] of an undone batch) is allowed
        bad = [t for t in markup(source, allowed=PLAIN_TOKENS | OWN_MARKUP) if t != "directive"]
        assert not bad, f"{where}: {kind} draws {bad}: {source!r}"
        literal = literal_text(source)
        for what, planted in PLANTED.items():
            head = planted[:6]
            start = shown.find(head)
            while start >= 0:
                length = 6
                while length < len(planted) and shown[start : start + length + 1] == planted[: length + 1]:
                    length += 1
                assert planted[:length] in literal, f"{where}: {kind} shows the {what} name as Markdown: {source!r}"
                start = shown.find(head, start + 1)
    for text in chart_texts(app):
        if EVIL in text:
            assert "<a " not in text.lower() and "<img" not in text.lower(), f"{where}: a chart reads {text!r} as HTML"
    return checked


PAGES = ["overview", "membership", "dues", "welfare", "competitions", "activities", "compare", "report", "imports", "settings"]


@pytest.fixture
def planted_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'planted.db'}"
    plant_store(url)
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    return url


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_hostile_names_as_written(planted_url, open_page, page):
    assert_shown_as_written(open_page(page), page)


def test_one_units_pages_name_it_as_written(planted_url, open_page):
    """The sidebar narrowed to the planted unit: the report names it in its title."""
    for page in ("report", "welfare", "compare"):
        assert_shown_as_written(open_page(page, filter_units=[UNIT]), f"{page} of {UNIT}")


def test_units_below_target_are_named_as_written(planted_url, open_page):
    """单位对比's warning lists the units, and 按上级工会 the 上级工会, below the target."""
    app = open_page("compare")
    assert assert_shown_as_written(app, "compare by unit")
    assert any(UNIT in shown_text(w.value) for w in app.warning)
    app.radio(key="compare_by").set_value("按上级工会").run()
    assert assert_shown_as_written(app, "compare by parent")
    assert any(PARENT in shown_text(w.value) for w in app.warning)


def test_an_import_of_hostile_files_is_reported_as_written(planted_url, open_page):
    """The preview, the report, 导入记录 and the undo confirmation name files, sheets and units as written."""
    app = open_page("imports")
    ledger = xlsx(
        (
            SHEET,
            [
                ["日期", "类别", "金额", "人次", "单位", "慰问对象"],
                ["2024-08-01", CATEGORY, 300, 1, UNIT, f"孙某{ID_NUMBER}"],
                ["2024-09-01", CATEGORY, "暂缺", 1, UNIT, f"周某{ID_NUMBER}"],  # rejected: no amount
            ],
        )
    )
    app.file_uploader(key="upload_files").set_value([(f"{FILE_STEM}2024年慰问补报.xlsx", ledger, XLSX)])
    app = next(b for b in app.button if b.label == "读取并预览").click().run()
    assert assert_shown_as_written(app, "import preview")
    app = app.button(key="confirm_import").click().run()
    assert assert_shown_as_written(app, "import report")
    assert any(FILE_STEM in shown_text(e.label) for e in app.expander)
    lines = [shown_text(m.value) for m in app.markdown]
    assert any(FILE_STEM in line for line in lines)  # 导入记录
    app = app.button(key="undo_1").click().run()
    assert assert_shown_as_written(app, "undo confirmation")
    assert any(FILE_STEM in shown_text(w.value) for w in app.warning)


def test_a_merge_of_hostile_names_is_asked_and_listed_as_written(planted_url, open_page):
    app = open_page("settings")
    app.selectbox(key="merge_old").select(UNIT)
    app.selectbox(key="merge_new").select("丙机械厂工会")
    app = app.button(key="FormSubmitter:merge_form-合并").click().run()
    assert assert_shown_as_written(app, "merge confirmation")
    assert any(UNIT in shown_text(w.value) for w in app.warning)
    app = app.button(key="merge_yes").click().run()
    assert assert_shown_as_written(app, "merge done")
    assert any(UNIT in shown_text(s.value) for s in app.success)


def test_a_hostile_user_name_is_shown_as_written(planted_url, open_page, monkeypatch):
    """District mode, signed in as the admin of the hostile name: the sidebar, 用户 and 操作记录."""
    monkeypatch.setenv("UNIONSTATS_AUTH", "on")
    engine = open_store(planted_url)
    try:
        token = users.start_session(engine, USER)
    finally:
        close_store(engine)
    app = open_page("settings", account_token=token)
    assert assert_shown_as_written(app, "settings as the hostile admin")
    assert any(USER in shown_text(c.value) for c in app.sidebar.caption)
    app.text_input(key="account_new_name").input(f"另一个{USER}")
    app.selectbox(key="account_new_role").select("admin")
    app.text_input(key="account_new_password").input("another-pass-123")
    app = app.button(key="FormSubmitter:account_add_user-新建").click().run()
    assert assert_shown_as_written(app, "a hostile user added")
    assert any(f"另一个{USER}" in shown_text(s.value) for s in app.success)


def test_tables_show_names_as_plain_text(planted_url, open_page):
    """Tables are plain text: activity types and welfare categories there carry no escaping backslashes."""
    cells = {str(v) for d in open_page("activities").dataframe for column in d.value.columns for v in d.value[column]}
    assert ACTIVITY_TYPE in cells
    cells = {str(v) for d in open_page("welfare").dataframe for column in d.value.columns for v in d.value[column]}
    assert CATEGORY in cells


def test_import_history_keeps_masked_numbers_and_strikes_undone_batches_through_as_written(planted_url, open_page):
    app = open_page("imports")
    lines = [shown_text(m.value) for m in app.markdown]
    assert any(TWO_IDS_SHOWN in line for line in lines)  # both numbers keep their stars
    undone = next(m.value for m in app.markdown if m.value.startswith(":gray[~~") and EVIL in shown_text(m.value))
    assert FILE_STEM in literal_text(undone) and "撤销" in shown_text(undone)
