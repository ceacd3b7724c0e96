"""Reports on the stores real chairs and district unions have, not the tidy sample.

A unit with only a welfare ledger; a unit with only its 单位信息 row; the seed's 2012 ledger
for a unit and for its 上级工会; 40 units under one 上级工会 with ties, a formula-like and a
very long unit name; a 红字冲销 and a 1e9 元 figure; a first year without a previous one; no
browser for Word; the command line's wrong outputs. Every expected figure comes from
``compute_metrics`` for the same scope, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu
from streamlit.testing.v1 import AppTest

from tests.report.ledgers import LEDGER_2012, load, membership, units_info, welfare
from tests.workbooks import xlsx
from unionstats.cli.main import main
from unionstats.formatting import metric_value
from unionstats.importer import import_bytes
from unionstats.metrics.compute import compute_metrics
from unionstats.report import render
from unionstats.report.images import ChartImageError
from unionstats.report.model import NoReportDataError, build_report
from unionstats.report.pptx import RANKING_ROWS, write_pptx
from unionstats.report.summary import summary_text
from unionstats.report.xlsx import TOTAL_LABEL
from unionstats.store import close_store, open_store

ROOT = Path(__file__).resolve().parent.parent.parent
TODAY = dt.date(2025, 3, 1)
PARENT = "东城街道总工会"
ONLY_WELFARE = "只有慰问台账的公司工会"
LONG = "中国石油化工股份有限公司北京燕山分公司炼油厂第三联合车间暨储运部联合基层工会委员会"
FORMULA = '=HYPERLINK("http://evil.example","点我")'
INVENTED = ("nan", "None", "NaN", "—", "inf")


# --- stores ---------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    """(url, engine) of an empty SQLite store; ``load(engine, rows, name)`` fills it."""
    url = f"sqlite:///{tmp_path / 'edge.db'}"
    yield url, open_store(url)
    close_store(url)


def metrics_of(engine, year, **scope):
    """{(metric, category): value} of ``compute_metrics`` for the scope and year."""
    table = compute_metrics(engine, years=(str(year), str(year)), **scope)
    return {
        (r.metric, None if r.category is None or r.category != r.category else r.category): r.value for r in table.itertuples()
    }


def deck_of(model):
    return Presentation(io.BytesIO(write_pptx(model)))


def chart_series(deck):
    """[(slide title, {series name: {category: value}})] of every chart of the deck."""
    found = []
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                categories = list(plot.categories)
                values = {s.name: dict(zip(categories, s.values, strict=True)) for s in plot.series}
                found.append((texts[0] if texts else "", values))
    return found


def deck_texts(deck) -> list[str]:
    """The texts of the deck's text boxes (its coloured rectangles carry no text)."""
    return [
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
    ]


def assert_nothing_invented(text: str) -> None:
    for word in INVENTED:
        assert word not in text, word
    assert re.search(r"(?<![\d,.])0(\.0)?(人次|人|元|%|家)", text) is None, text  # no invented 0人次, 0元, 0.0%
    assert re.search(r"-\d", text) is None, text  # no "发放慰问金-5,000元"


# --- a unit with only a welfare ledger ----------------------------------------------------------


def test_a_unit_with_only_welfare_writes_only_welfare_everywhere(store):
    _, engine = store
    load(engine, units_info([(ONLY_WELFARE, PARENT), ("甲公司工会", PARENT), ("乙公司工会", PARENT)]), "单位信息登记表.xlsx")
    load(engine, membership([("甲公司工会", PARENT, 2024, 100, 90), ("乙公司工会", PARENT, 2024, 100, 80)]), "会员统计表.xlsx")
    load(
        engine,
        welfare([(ONLY_WELFARE, 2024, "住院慰问", 3, 1500), (ONLY_WELFARE, 2024, "困难帮扶", 2, 2000)]),
        "帮扶慰问台账.xlsx",
    )
    model = build_report(engine, 2024, unit=ONLY_WELFARE)
    expected = metrics_of(engine, 2024, units=[ONLY_WELFARE])

    text = summary_text(model)
    assert "一、帮扶慰问" in text and "二、" not in text
    for word in ("入会率", "会员", "经费", "较上年", "居"):
        assert word not in text.replace("人均慰问金", ""), word
    assert_nothing_invented(text)
    assert f"合计发放慰问金{metric_value('welfare_amount', expected[('welfare_amount', None)])}。" in text

    deck = deck_of(model)
    texts = deck_texts(deck)
    assert all(t.strip() for t in texts)  # no empty text box
    for t in texts:
        assert_nothing_invented(t)
    assert not [t for t in texts if "入会率" in t or "会员人数" in t]
    (welfare_chart,) = chart_series(deck)  # one chart, with data: no empty membership or dues chart
    assert welfare_chart[0] == "帮扶慰问"
    got = welfare_chart[1]["慰问金额(元)"]
    assert got == {c: expected[("welfare_amount", c)] for c in ("住院慰问", "困难帮扶")}

    book = load_workbook(io.BytesIO(render(model, "xlsx")))
    assert book.sheetnames == ["帮扶慰问", "建会情况"]  # its 单位信息 row is a 汇总表 row; no 会员 or 经费 sheet
    html = render(model, "html").decode("utf-8")
    assert "入会率" not in html.split("<body>")[1].split("<h2>图表</h2>")[0]


def test_a_unit_with_only_its_registration_row_has_no_report(store, capsys):
    url, engine = store
    load(engine, units_info([("仅登记的工会", "西城街道总工会"), ("有数据的工会", "西城街道总工会")]), "单位信息登记表.xlsx")
    load(engine, membership([("有数据的工会", "西城街道总工会", 2024, 100, 90)]), "会员统计表.xlsx")

    with pytest.raises(NoReportDataError, match="2024年没有「仅登记的工会」的统计数据"):
        build_report(engine, 2024, unit="仅登记的工会")  # its 建会 figures are not a unit's report: every file would be empty
    out = Path(url.removeprefix("sqlite:///")).parent / "x.pptx"
    assert (
        main(["report", "--year", "2024", "--unit", "仅登记的工会", "--format", "pptx", "--out", str(out), "--db", url]) == 1
    )  # a wrong input: exit 1 (2 is only for an unreadable file)
    err = capsys.readouterr().err
    assert err.startswith("错误:2024年没有") and err.count("\n") == 1
    assert not out.exists()


def test_the_page_says_a_year_without_figures_as_information(store, monkeypatch):
    url, engine = store
    load(engine, units_info([("仅登记的工会", "西城街道总工会"), ("有数据的工会", "西城街道总工会")]), "单位信息登记表.xlsx")
    load(engine, membership([("有数据的工会", "西城街道总工会", 2024, 100, 90)]), "会员统计表.xlsx")
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.session_state["filter_years"] = ("2024", "2024")
    app.session_state["filter_units"] = ["仅登记的工会"]
    app.run()
    app.switch_page("views/report.py").run()
    assert not app.exception
    assert any("2024年没有「仅登记的工会」的统计数据" in info.value for info in app.info)
    assert not app.error and not app.text_area  # information, not an error, and no empty report to download


# --- the seed's 2012 ledger, for a unit and for its 上级工会 -----------------------------------------


SEED_WELFARE = (
    "全年共看望住院职工16人次,发放慰问金4,000元;慰问生育职工5人次,发放慰问金2,500元;"
    "慰问去世职工家属2人次,发放慰问金20,000元;慰问退休职工2人次,发放慰问金2,000元;"
    "帮扶困难职工6人次,发放帮扶金6,000元;合计发放慰问金34,500元。"
)


@pytest.mark.parametrize("scope", [{"unit": "华新机械有限公司工会"}, {"parent": PARENT}], ids=["unit", "parent"])
def test_the_seed_ledger_in_every_format_for_a_unit_and_its_parent(store, scope):
    _, engine = store
    load(engine, units_info([("华新机械有限公司工会", PARENT), ("另一家工会", PARENT)], year=2012), "单位信息登记表.xlsx")
    report, _ = import_bytes(engine, xlsx(LEDGER_2012), "2012年帮扶慰问台账.xlsx", today=dt.date(2013, 3, 1))
    assert report["status"] == "imported", report
    model = build_report(engine, 2012, **scope)
    query = {"units": [scope["unit"]]} if "unit" in scope else {"parents": [scope["parent"]]}
    expected = metrics_of(engine, 2012, **query)
    categories = ["住院慰问", "生育慰问", "丧葬慰问", "退休慰问", "困难帮扶"]

    text = summary_text(model)
    assert SEED_WELFARE in text
    assert_nothing_invented(text)
    assert "较上年" not in text  # no 2011 figures: no change clause

    deck = deck_of(model)
    charts = dict(chart_series(deck))
    assert charts["帮扶慰问"]["慰问金额(元)"] == {c: expected[("welfare_amount", c)] for c in categories}
    assert "共31人次" in deck_texts(deck) and "34,500元" in deck_texts(deck)
    assert not [t for t in deck_texts(deck) if "较上年" in t]

    sheet = load_workbook(io.BytesIO(render(model, "xlsx")))["帮扶慰问"]
    headers = [c.value for c in sheet[3]]
    rows = {
        row[1] if row[0] != TOTAL_LABEL else TOTAL_LABEL: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=4, values_only=True)
    }
    assert rows[TOTAL_LABEL]["慰问金额"] == expected[("welfare_amount", None)] == 34500
    assert rows[TOTAL_LABEL]["慰问人次"] == expected[("welfare_count", None)] == 31
    assert rows["华新机械有限公司工会"]["住院慰问金额"] == expected[("welfare_amount", "住院慰问")]
    assert set(rows) == {"华新机械有限公司工会", TOTAL_LABEL}  # 另一家工会 has no welfare row, not a row of blanks

    html = render(model, "html").decode("utf-8")
    assert SEED_WELFARE in html


# --- 40 units under one 上级工会: ties, a formula-like name, a very long name ---------------------------


@pytest.fixture
def forty_units(store):
    url, engine = store
    names = [f"第{i:02d}号机械制造有限公司工会" for i in range(1, 39)] + [LONG, FORMULA]
    load(engine, units_info([(u, PARENT) for u in names]), "单位信息登记表.xlsx")
    rows = []
    for i, unit in enumerate(names):
        workers = 100 + i
        members = workers if i < 4 or unit == FORMULA else workers - (i % 13)  # five units tie at 100%
        rows += [(unit, PARENT, 2024, workers, members), (unit, PARENT, 2023, workers, members - 1)]
    load(engine, membership(rows), "会员统计表.xlsx")
    dues = [
        ["单位", "年度", "经费类别", "应缴金额", "实缴金额"],
        *([u, 2024, "工会经费", 10000 + i, 9000 + 20 * i] for i, u in enumerate(names)),
    ]
    load(engine, dues, "经费收缴台账.xlsx")
    return url, engine, names


def test_forty_units_are_all_ranked_over_readable_slides(forty_units):
    _, engine, names = forty_units
    deck = deck_of(build_report(engine, 2024, parent=PARENT))
    units = compute_metrics(engine, by="unit", years=("2024", "2024"), parents=[PARENT])
    for metric, label in (("membership_rate", "入会率"), ("dues_collection_rate", "经费收缴率")):
        rates = units[(units["metric"] == metric) & units["category"].isna() & units["value"].notna()].set_index("unit")["value"]
        pages = [values[label] for title, values in chart_series(deck) if title.startswith(f"各单位{label}排名")]
        assert len(pages) == math.ceil(len(names) / RANKING_ROWS) == 2
        assert all(len(page) <= RANKING_ROWS for page in pages)
        shown = [(category, value) for page in pages for category, value in page.items()]
        assert len(shown) == len(names)  # none left out: the last units are what a district wants to see
        ranks = [int(category.split(".")[0]) for category, _ in shown]
        values = [value for _, value in shown]
        assert values == sorted(values, reverse=True)
        by_rate = rates.sort_values(ascending=False)
        assert values == pytest.approx(by_rate.tolist())
        assert ranks == [int((rates > v).sum()) + 1 for v in values]  # ties share a rank
    first = next(values["入会率"] for title, values in chart_series(deck) if title.startswith("各单位入会率排名"))
    rates = units[(units["metric"] == "membership_rate") & units["category"].isna()]["value"]
    assert len([c for c in first if c.startswith("1. ")]) == (rates == rates.max()).sum() > 1  # the tied first


def test_a_long_unit_name_stays_inside_the_title_slide_and_the_title_bands(forty_units):
    _, engine, _ = forty_units
    deck = deck_of(build_report(engine, 2024, unit=LONG))
    title_slide = deck.slides[0]
    boxes = {s.text_frame.text: s for s in title_slide.shapes if s.has_text_frame}
    name, year_line = boxes[LONG], boxes["2024年度工会工作统计报告"]
    size = name.text_frame.paragraphs[0].runs[0].font.size.pt
    assert size < 40
    per_line = Emu(name.width).inches * 72 / size
    lines = math.ceil(len(LONG) / per_line)
    assert name.top + Emu(int(lines * size * 1.4 / 72 * 914400)) <= year_line.top  # the name's lines end above the year's
    for slide in list(deck.slides)[1:-1]:
        corner = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.endswith(" · 2024年")]
        (box,) = corner
        text = box.text_frame.text
        assert "…" in text and text.startswith(LONG[:10])
        width = sum(1 if ord(ch) > 0x2E80 else 0.6 for ch in text) * 16 / 72  # inches at 16pt
        assert width <= Emu(box.width).inches  # one line inside the band

    document = Document(io.BytesIO(render(build_report(engine, 2024, unit=LONG), "docx")))
    title = document.paragraphs[0]
    assert title.text == f"{LONG}\n2024年度工会工作统计报告"  # the year's line whole, under the name


def test_formula_like_names_stay_text_and_figures_equal_the_metrics(forty_units):
    _, engine, names = forty_units
    model = build_report(engine, 2024, parent=PARENT)
    book = load_workbook(io.BytesIO(render(model, "xlsx")))
    sheet = book["会员"]
    headers = [c.value for c in sheet[3]]
    rows = {
        row[1] if row[0] != TOTAL_LABEL else TOTAL_LABEL: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=4, values_only=True)
    }
    assert "'" + FORMULA in rows and FORMULA not in rows
    assert all(c.data_type == "s" for r in sheet.iter_rows() for c in r if isinstance(c.value, str))
    scope = metrics_of(engine, 2024, parents=[PARENT])
    assert rows[TOTAL_LABEL]["入会率"] == pytest.approx(scope[("membership_rate", None)])  # Σ会员 / Σ职工
    assert rows[TOTAL_LABEL]["会员人数"] == scope[("members", None)]
    units = compute_metrics(engine, by="unit", years=("2024", "2024"), parents=[PARENT])
    rate = units[(units["metric"] == "membership_rate") & (units["unit"] == LONG)]["value"].iloc[0]
    assert rows[LONG]["入会率"] == pytest.approx(rate)

    html = render(build_report(engine, 2024, unit=FORMULA), "html").decode("utf-8")
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in html


def test_a_year_of_zero_workers_draws_no_empty_chart(store):
    _, engine = store
    load(
        engine,
        [["单位", "年度", "职工人数", "会员人数"], ["H公司工会", 2024, 0, 0], ["H公司工会", 2023, 10, 9]],
        "会员统计表.xlsx",
    )
    model = build_report(engine, 2024)  # 入会率 has no denominator: missing, not 0 — and no rate to chart
    deck = deck_of(model)  # was: ValueError "chart data contains no categories"
    for _, values in chart_series(deck):
        assert any(v is not None for series in values.values() for v in series.values())
    assert "会员发展" not in deck_texts(deck)  # no slide of an empty 入会率 chart
    assert_nothing_invented(summary_text(model))


# --- money: a 红字冲销 and a very large figure; a single fund -----------------------------------------


def test_a_negative_net_amount_is_not_written_as_paid_and_keeps_its_bar(store):
    _, engine = store
    rows = [("B公司工会", 2024, "住院慰问", 3, 4500), ("B公司工会", 2024, "困难帮扶", 2, -500)]
    load(engine, welfare(rows), "帮扶慰问台账.xlsx")
    model = build_report(engine, 2024)
    expected = metrics_of(engine, 2024)

    text = summary_text(model)
    assert "看望住院职工3人次,发放慰问金4,500元" in text
    assert "帮扶困难职工" not in text  # "发放帮扶金-500元" is no sentence
    assert "合计发放慰问金4,000元" in text
    assert_nothing_invented(text)

    deck = deck_of(model)
    (welfare_chart,) = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    values = dict(zip(welfare_chart.plots[0].categories, welfare_chart.plots[0].series[0].values, strict=True))
    assert values["困难帮扶"] == expected[("welfare_amount", "困难帮扶")] == -500  # the tables keep the true figure
    assert welfare_chart.value_axis.minimum_scale is None  # not cut at 0: the negative bar is drawn


def test_a_huge_amount_fits_its_kpi_card(store):
    _, engine = store
    load(engine, welfare([("C公司工会", 2024, "住院慰问", 3, 999_995_000)]), "帮扶慰问台账.xlsx")
    deck = deck_of(build_report(engine, 2024))
    written = metric_value("welfare_amount", metrics_of(engine, 2024)[("welfare_amount", None)])
    (card,) = [s for s in deck.slides[1].shapes if s.has_text_frame and s.text_frame.text == written]
    size = card.text_frame.paragraphs[0].runs[0].font.size.pt
    ems = sum(1 if ord(ch) > 0x2E80 else 0.6 for ch in written)
    assert ems * size / 72 <= Emu(card.width).inches  # one line in the card, not wrapped over its note


def test_one_fund_is_not_charted_twice_as_its_own_total(store):
    _, engine = store
    load(
        engine,
        [["单位", "年度", "经费类别", "应缴金额", "实缴金额"], ["D公司工会", 2024, "工会经费", 10000, 9000]],
        "经费收缴台账.xlsx",
    )
    (dues,) = [values for title, values in chart_series(deck_of(build_report(engine, 2024))) if title == "经费收缴"]
    assert dues == {"应缴(元)": {"工会经费": 10000}, "实缴(元)": {"工会经费": 9000}}


# --- Word without a browser --------------------------------------------------------------------------


def test_word_without_a_browser_fails_fast_in_chinese_instead_of_hanging(store, monkeypatch):
    _, engine = store
    load(engine, welfare([("E公司工会", 2024, "住院慰问", 3, 1500)]), "帮扶慰问台账.xlsx")
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # kaleido's sync server would wait forever here
    start = time.monotonic()
    with pytest.raises(ChartImageError, match="没有可用的 Chromium"):
        render(build_report(engine, 2024), "docx")
    assert time.monotonic() - start < 60


def test_the_page_offers_word_in_one_click_and_without_a_browser_says_why_in_chinese(store, monkeypatch):
    # the page writes the file when its button is clicked (Streamlit's own thread, which AppTest
    # does not run) and shows this sentence under the button: tests/browser/test_sample_pages.py
    url, engine = store
    load(engine, welfare([("E公司工会", 2024, "住院慰问", 3, 1500)]), "帮扶慰问台账.xlsx")
    monkeypatch.setenv("UNIONSTATS_DB_URL", url)
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.session_state["filter_years"] = ("2024", "2024")
    app.run()
    app.switch_page("views/report.py").run()
    assert not app.exception
    assert "下载Word 报告" in [d.proto.label for d in app.get("download_button")]
    with pytest.raises(ChartImageError, match="没有可用的 Chromium"):
        render(build_report(engine, "2024"), "docx")


# --- the command line ----------------------------------------------------------------------------------


def test_the_command_line_on_wrong_outputs(store, tmp_path, capsys):
    url, engine = store
    load(engine, welfare([("F公司工会", 2024, "住院慰问", 3, 1500)]), "帮扶慰问台账.xlsx")
    base = ["report", "--year", "2024", "--db", url]

    assert (
        main([*base, "--unit", "不存在的单位", "--format", "pptx", "--out", str(tmp_path / "x.pptx")]) == 1
    )  # exit 2 is only for a file that cannot be read (contract §6)
    err = capsys.readouterr().err
    assert err == "错误:找不到单位「不存在的单位」(或无权查看),请检查名称是否与台账中的单位名称一致。\n"

    nested = tmp_path / "新建文件夹" / "报告" / "职代会.pptx"
    assert main([*base, "--format", "pptx", "--out", str(nested)]) == 0  # a missing folder is made
    assert len(Presentation(str(nested)).slides) >= 3

    assert main([*base, "--format", "pptx", "--out", str(tmp_path)]) == 1  # a folder, not a file: a write failure, exit 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "这是一个文件夹" in err and not re.search(r"[A-Za-z]{3,}", err.split("」")[-1])

    assert main(base) == 0  # summary without --out: printed
    out = capsys.readouterr().out
    assert out.startswith("F公司工会2024年度工作统计数据") and "合计发放慰问金1,500元。" in out
