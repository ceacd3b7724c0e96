"""The pages under what real users feed them: a store of one kind and one year, a year range
or a unit without data of a page's kind, hostile and very long unit names, a unit of 0
职工, 200 units, targets of 0% and 150%, every batch undone, and bad uploads.

Whatever happens, a page shows Chinese sentences, never a traceback or English error text.
"""

from __future__ import annotations

import json
import os
import random

import pytest

from tests.views.streamlit_markdown import shown_text
from tests.workbooks import xlsx
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.preferences import save_targets
from unionstats.store import open_store

PAGES = ["overview", "membership", "dues", "welfare", "competitions", "compare", "imports", "settings"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LONG = "超长名称" * 15  # 60 characters
# "=1+1" alone is no unit name (no letter, §1): the formula-like name carries words
HOSTILE = ["<b>粗体</b>工会", "100%公司工会", "=1+1工会", LONG]


def fill(url: str, *files: tuple[str, bytes]) -> None:
    engine = open_store(url)
    for name, data in files:
        report, _ = import_bytes(engine, data, name)
        assert report["status"] == "imported", report


def assert_clean(app) -> None:
    """No exception element, no English error text anywhere on the page."""
    assert not app.exception, [e.value for e in app.exception]
    shown = [
        str(getattr(e, "value", ""))
        for kind in ("markdown", "caption", "info", "warning", "error", "success")
        for e in app.get(kind)
    ]
    assert not [t for t in shown if "Error" in t or "Traceback" in t or "nan" in t or "inf" in t], shown


def charts_of(app) -> dict[str, dict]:
    """The page's plotly figures by title (title text up to the first bracket)."""
    found = {}
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        title = ((spec["layout"].get("title") or {}).get("text")) or ""
        found[title] = spec
    return found


def welfare_only() -> bytes:
    return xlsx(
        [
            ["单位", "日期", "类别", "金额", "人次"],
            ["甲公司工会", "2023-03-05", "住院慰问", 500, 1],
            ["甲公司工会", "2023-05-05", "生日", 200, 1],
        ]
    )


def membership(units: list[tuple[str, str, int, int]], years=(2022, 2023, 2024)) -> bytes:
    rows = [["单位", "上级工会", "年度", "职工人数", "会员人数"]]
    rows += [[unit, parent, year, employees, members] for year in years for unit, parent, employees, members in units]
    return xlsx(rows)


@pytest.fixture
def odd_url(empty_url) -> str:
    """Hostile and long names, a unit of 0 职工, a 上级工会 with one unit; welfare only in 2022."""
    units = [(name, "东城总工会", 100 + i, 90 + i) for i, name in enumerate(HOSTILE)]
    units += [("零职工工会", "东城总工会", 0, 0), ("独苗公司工会", "独苗总工会", 105, 95)]
    welfare = xlsx([["单位", "日期", "类别", "金额", "人次"], ["<b>粗体</b>工会", "2022-03-05", "住院慰问", 500, 1]])
    fill(empty_url, ("会员.xlsx", membership(units)), ("慰问.xlsx", welfare))
    return empty_url


@pytest.fixture
def many_url(empty_url) -> str:
    """200 units with membership and dues in 2024."""
    rng = random.Random(1)
    units, dues = [], [["单位", "期间", "应缴金额", "实缴金额"]]
    for i in range(200):
        employees = rng.randint(20, 2000)
        units.append(
            (f"第{i:03d}号测试单位有限公司工会", f"街道{i % 3}总工会", employees, rng.randint(employees // 2, employees))
        )
        dues.append([f"第{i:03d}号测试单位有限公司工会", "2024", 10000 + i, 9000 + 7 * i])
    fill(empty_url, ("会员.xlsx", membership(units, years=(2024,))), ("经费.xlsx", xlsx(dues)))
    return empty_url


# --- one kind, one year ------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_a_store_of_one_welfare_ledger_and_one_year(empty_url, open_page, page):
    fill(empty_url, ("慰问.xlsx", welfare_only()))
    app = open_page(page)
    assert_clean(app)
    assert not app.error


def test_cards_without_any_figure_are_left_out_and_a_card_without_this_years_names_its_target(empty_url, open_page):
    # a store of one welfare ledger: the membership, dues, awards and 建会 cards would be empty
    fill(empty_url, ("慰问.xlsx", welfare_only()))
    app = open_page("overview")
    assert {m.label: m.value for m in app.metric} == {"慰问金额": "700元", "慰问人次": "2人次"}
    assert any(
        c.value == "所选范围没有入会率、会员人数、经费收缴率、获奖人次、建会率、活动参与人次的数据,未显示。" for c in app.caption
    )
    # membership figures of the year before only: the card stays, empty for this year, and
    # names its target (入会率 has a default of 95%: "未设目标" there was wrong)
    fill(empty_url, ("会员.xlsx", membership([("甲公司工会", "东城总工会", 100, 90)], years=(2022,))))
    app = open_page("overview")
    assert {m.label: m.value for m in app.metric}["入会率"] == "—"
    lines = [m.value for m in app.markdown if m.value.startswith(":")]
    assert ":gray[目标≥95.0%]" in lines


def test_only_dues_by_month_fills_the_month_chart(empty_url, open_page):
    rows = [["单位", "期间", "经费类别", "应缴金额", "实缴金额"]]
    rows += [["乙公司工会", f"2024-{m:02d}", "工会经费", 10000, 9000 + 100 * m] for m in range(1, 13)]
    fill(empty_url, ("经费.xlsx", xlsx(rows)))
    for page in PAGES:
        assert_clean(open_page(page))
    app = open_page("dues")
    assert any(title.startswith("2024年各月应缴") for title in charts_of(app))


# --- ranges, units and groups without data -------------------------------------------------


@pytest.mark.parametrize("page", ["welfare", "dues", "competitions"])
def test_a_year_range_without_the_pages_kind_says_so(odd_url, open_page, page):
    app = open_page(page, filter_years=("2023", "2024"))
    assert_clean(app)
    assert [i.value for i in app.info if i.value.startswith("所选范围内还没有")]


@pytest.mark.parametrize("page", ["welfare", "dues", "competitions", "overview", "compare"])
def test_a_unit_without_the_pages_kind(odd_url, open_page, page):
    assert_clean(open_page(page, filter_units=["=1+1工会"]))


def test_the_top_categories_fall_back_to_the_range_when_the_last_year_has_none(odd_url, open_page):
    app = open_page("welfare")  # 2022–2024, 慰问 only in 2022
    assert_clean(app)
    assert "各类别历年金额" in charts_of(app)
    assert "所选范围内暂无慰问数据。" not in [i.value for i in app.info]


def test_a_parent_of_one_unit_is_compared_as_the_selected_scope(odd_url, open_page):
    app = open_page("compare", filter_parents=["独苗总工会"])
    app.radio(key="compare_by").set_value("按上级工会").run()
    assert_clean(app)
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    assert ranking["上级工会"].tolist() == ["独苗总工会"] and ranking["入会率"].tolist() == ["90.5%"]
    assert [c.value for c in app.caption if c.value.startswith("所选范围2024年入会率:90.5%")]
    assert not [c.value for c in app.caption if c.value.startswith("全区")]


# --- names, zero employees --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_hostile_and_long_names_break_no_page(odd_url, open_page, page):
    assert_clean(open_page(page))


def test_names_are_literal_and_short_on_the_charts_and_whole_in_the_tables(odd_url, open_page):
    app = open_page("compare")
    assert_clean(app)
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    assert set(HOSTILE) <= set(ranking["单位"])
    chart = next(spec for title, spec in charts_of(app).items() if title.startswith("2024年入会率排名"))
    ticks = chart["layout"]["yaxis"]["ticktext"]
    assert any("&lt;b&gt;粗体&lt;/b&gt;工会" in t for t in ticks)
    assert max(len(t) for t in ticks) < 30  # the 60-character name is shortened


def test_a_unit_of_no_employees_has_no_rate(odd_url, open_page):
    app = open_page("compare")
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    row = ranking[ranking["单位"] == "零职工工会"].iloc[0]
    assert (row["排名"], row["入会率"], row["是否达标"]) == ("—", "—", "—")
    table = compute_metrics(open_store(odd_url), by="unit", units=["零职工工会"])
    assert table.loc[table["metric"] == "membership_rate", "value"].isna().all()
    app = open_page("overview", filter_units=["零职工工会"])
    assert_clean(app)
    # no 入会率 in any year: no card for it, said in one line
    shown = {m.label: m.value for m in app.metric}
    assert "入会率" not in shown and shown["会员人数"] == "0人"
    assert any(c.value.startswith("所选范围没有入会率") for c in app.caption)


# --- 200 units, one unit ---------------------------------------------------------------


@pytest.mark.parametrize(("page", "title"), [("membership", "各单位入会率"), ("dues", "各单位经费收缴率")])
def test_two_hundred_units_give_one_readable_chart(many_url, open_page, page, title):
    app = open_page(page)
    assert_clean(app)
    spec = next(spec for name, spec in charts_of(app).items() if name.startswith(title))
    assert len(spec["data"][0]["y"]) == 30 and spec["layout"]["height"] < 1200
    assert next(name for name in charts_of(app) if name.startswith(title)).endswith("(前15名与后15名,共200个)")


def test_two_hundred_units_compared(many_url, open_page):
    app = open_page("compare")
    assert_clean(app)
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    assert len(ranking) == 20  # one page of the table
    chart = next(spec for title, spec in charts_of(app).items() if "排名" in title)
    assert len(chart["data"][0]["y"]) == 20
    warning = next(shown_text(w.value) for w in app.warning if "低于目标" in w.value)
    assert warning.count("、") == 19  # the lowest twenty are named, the table flags the rest
    table = compute_metrics(open_store(many_url), by="unit", years=("2024", "2024"))
    rates = table[(table["metric"] == "membership_rate") & table["category"].isna()].sort_values("value")
    assert rates["unit"].iloc[0] in warning
    assert f"有{int((rates['value'] < 0.95).sum())}个" in warning


def test_a_single_unit_is_compared(empty_url, open_page):
    fill(empty_url, ("会员.xlsx", membership([("唯一工会", "某总工会", 100, 96)], years=(2024,))))
    app = open_page("compare")
    assert_clean(app)
    ranking = next(d.value for d in app.dataframe if "排名" in d.value.columns)
    assert ranking[["排名", "单位", "入会率"]].values.tolist() == [["1", "唯一工会", "96.0%"]]


# --- targets ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [0.0, 1.5])
def test_targets_of_0_and_150_percent_stay_in_view(odd_url, open_page, target):
    save_targets(open_store(odd_url), {"membership_rate": target})
    app = open_page("membership")
    assert_clean(app)
    spec = next(spec for title, spec in charts_of(app).items() if title.startswith("各单位入会率"))
    low, high = spec["layout"]["xaxis"]["range"]
    assert low <= target <= high
    cards = open_page("overview", filter_units=["独苗公司工会"])
    wanted = ":green[达标(目标≥0.0%)]" if target == 0 else ":red[未达标(目标≥150.0%)]"
    assert wanted in [m.value for m in cards.markdown]


# --- undo everything, bad uploads ------------------------------------------------------------


def test_undoing_every_batch_leaves_pages_that_greet(odd_url, open_page):
    app = open_page("imports")
    while undo := [b for b in app.button if b.key and b.key.startswith("undo_") and b.key[5:].isdigit()]:
        undo[0].click().run()
        next(b for b in app.button if b.key == "undo_yes").click().run()
        assert_clean(app)
    for page in PAGES:
        fresh = open_page(page)
        assert_clean(fresh)
        if page not in ("imports", "settings"):
            assert fresh.info[0].value.startswith("数据库里还没有数据")


def upload(app, files):
    """Read the files (the preview), then 确认导入 when anything would be stored."""
    app.file_uploader(key="upload_files").set_value(files)
    app = next(b for b in app.button if b.label == "读取并预览").click().run()
    confirm = next((b for b in app.button if b.key == "confirm_import"), None)
    return confirm.click().run() if confirm is not None and not confirm.disabled else app


def test_bad_uploads_are_explained_in_chinese(empty_url, open_page):
    import io
    import zipfile

    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    app = open_page("imports")
    for name, data in [("随机.xlsx", os.urandom(4000)), ("空.csv", b""), ("文档.xlsx", document.getvalue())]:
        app = upload(app, [(name, data, XLSX)])
        assert_clean(app)
        assert [e.value for e in app.error if f"「{name}」" in shown_text(e.value)]  # names escaped for Markdown
    good = welfare_only()
    app = upload(app, [("好.xlsx", good, XLSX), ("坏.xlsx", os.urandom(4000), XLSX), ("空白.csv", b"\xef\xbb\xbf", "text/csv")])
    assert_clean(app)
    assert "已导入2个,无法读取1个" in app.markdown[0].value or any("无法读取1个" in m.value for m in app.markdown)
    app = upload(app, [("好的副本.xlsx", good, XLSX)])
    assert_clean(app)
    assert [i.value for i in app.info if "未重复导入" in i.value]
