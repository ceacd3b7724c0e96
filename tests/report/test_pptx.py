"""unionstats.report.pptx: the 职代会 deck, opened again with python-pptx.

Every chart is a native chart shape whose series hold the metrics of ``compute_metrics``
for the same scope; every KPI text is the metric formatted as the dashboard shows it.
"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from tests.report.ledgers import EAST, A, B
from tests.report.sample import PARENT, UNIT, YEAR
from unionstats.formatting import change, metric_value, percent
from unionstats.metrics.compute import compute_metrics
from unionstats.report.model import build_report
from unionstats.report.pptx import FONT_EAST_ASIAN, write_pptx


def open_deck(engine, **scope):
    return Presentation(io.BytesIO(write_pptx(build_report(engine, YEAR, **scope))))


def slide_titled(deck, title):
    for slide in deck.slides:
        if any(shape.has_text_frame and shape.text_frame.text == title for shape in slide.shapes):
            return slide
    raise AssertionError(f"no slide {title}")


def charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def series_values(chart):
    """{series name: {category: value}} of a chart."""
    categories = list(chart.plots[0].categories)
    return {s.name: dict(zip(categories, s.values, strict=True)) for s in chart.plots[0].series}


@pytest.mark.parametrize("scope", [{"parent": PARENT}, {"unit": UNIT}, {}], ids=["parent", "unit", "all"])
def test_a_16_9_deck_of_at_least_8_slides_with_native_charts_only(sample_engine, scope):
    deck = open_deck(sample_engine, **scope)
    assert len(deck.slides) >= 8
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    shapes = [shape for slide in deck.slides for shape in slide.shapes]
    assert sum(shape.has_chart for shape in shapes) >= 6
    assert not [shape for shape in shapes if shape.shape_type == 13]  # 13: picture
    # every text run names the Chinese font for East Asian text, large enough for a projector
    for shape in shapes:
        if shape.has_text_frame:
            for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                assert run.font._element.find(qn("a:ea")).get("typeface") == FONT_EAST_ASIAN
                assert run.font.size.pt >= 14
        if shape.has_chart:
            default = shape.chart.font._element
            assert default.find(qn("a:ea")).get("typeface") == FONT_EAST_ASIAN


def test_chart_series_hold_the_metrics_of_the_scope(sample_engine):
    deck = open_deck(sample_engine, parent=PARENT)
    scope = compute_metrics(sample_engine, years=("2023", YEAR), parents=[PARENT])

    def metric(metric_id, category=None, period=YEAR):
        rows = scope[(scope["metric"] == metric_id) & (scope["period"] == period)]
        rows = rows[rows["category"].isna()] if category is None else rows[rows["category"] == category]
        return rows["value"].iloc[0]

    (membership,) = charts(slide_titled(deck, "会员发展"))
    got = series_values(membership)
    assert got[f"{YEAR}年"]["入会率"] == pytest.approx(metric("membership_rate"))
    assert got[f"{YEAR}年"]["女职工入会率"] == pytest.approx(metric("female_membership_rate"))
    assert got["2023年"]["入会率"] == pytest.approx(metric("membership_rate", period="2023"))

    (dues,) = charts(slide_titled(deck, "经费收缴"))
    got = series_values(dues)
    assert got["应缴(万元)"]["合计"] == pytest.approx(metric("dues_due") / 10_000)
    assert got["实缴(万元)"]["工会经费"] == pytest.approx(metric("dues_collected", "工会经费") / 10_000)

    (welfare,) = charts(slide_titled(deck, "帮扶慰问"))
    got = series_values(welfare)["慰问金额(万元)"]
    assert got == pytest.approx({c: metric("welfare_amount", c) / 10_000 for c in got})
    assert set(got) == set(scope[(scope["metric"] == "welfare_amount") & (scope["period"] == YEAR)]["category"].dropna())

    (contests,) = charts(slide_titled(deck, "劳动竞赛与技能比武"))
    got = series_values(contests)
    assert got["获奖人次"] == {level: metric("competition_awards", level) for level in got["获奖人次"]}

    (finance,) = charts(slide_titled(deck, "经费收支:预算与决算"))
    got = series_values(finance)
    execution = scope[(scope["metric"] == "budget_execution_rate") & (scope["period"] == YEAR)].set_index("category")
    for account, actual in got["决算数(万元)"].items():
        flow = "income" if account.endswith("收入") else "expense"
        assert actual == pytest.approx(metric(flow, account) / 10_000)
        assert got["预算数(万元)"][account] == pytest.approx(execution.loc[account, "denominator"] / 10_000)


def test_the_ranking_slide_ranks_the_units_by_their_metric(sample_engine):
    deck = open_deck(sample_engine, parent=PARENT)
    (ranking,) = charts(slide_titled(deck, "各单位入会率排名"))
    got = {label.split(". ", 1)[1]: value for label, value in series_values(ranking)["入会率"].items()}  # "2. 华新…"
    units = compute_metrics(sample_engine, by="unit", years=(YEAR, YEAR), parents=[PARENT])
    rates = units[(units["metric"] == "membership_rate") & units["value"].notna()].set_index("unit")["value"]
    assert got == pytest.approx(rates.to_dict())
    assert list(got) == rates.sort_values(ascending=False).index.tolist()  # ranked, first on top


def test_the_kpi_slide_shows_the_formatted_metrics(sample_engine):
    deck = open_deck(sample_engine, unit=UNIT)
    texts = [shape.text_frame.text for shape in slide_titled(deck, f"{YEAR}年主要指标").shapes if shape.has_text_frame]
    table = compute_metrics(sample_engine, years=(YEAR, YEAR), units=[UNIT])
    overall = table[table["category"].isna()].set_index("metric")["value"]
    for metric in ("membership_rate", "members", "dues_collection_rate", "welfare_amount", "competition_awards"):
        assert metric_value(metric, overall[metric]) in texts, metric
    assert "34,500元" in texts and "共31人次" in texts
    assert "建会率" not in texts  # a unit has no 建会率 of its own


def title_texts(deck) -> list[str]:
    return [shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame]


def test_the_title_fits_the_scope_a_unit_presents_to_its_congress_a_parent_reports(sample_engine):
    unit = title_texts(open_deck(sample_engine, unit=UNIT))
    assert f"{YEAR}年度工会工作统计报告" in unit and any(t.startswith("职工代表大会 · ") for t in unit)
    for scope in ({"parent": PARENT}, {}):
        model = build_report(sample_engine, YEAR, **scope)
        texts = title_texts(Presentation(io.BytesIO(write_pptx(model))))
        assert not any("职工代表大会" in t for t in texts)  # a 街道 holds no 职代会 over its units
        assert f"{YEAR}年度工会工作报告" in texts
        assert any(t.startswith(f"所属{len(model.unit_names())}家单位 · ") for t in texts)


def test_a_kpi_change_over_the_units_of_both_years_says_so(district):
    deck = Presentation(io.BytesIO(write_pptx(build_report(district, 2024, parent=EAST))))
    texts = [shape.text_frame.text for shape in slide_titled(deck, "2024年主要指标").shapes if shape.has_text_frame]
    both = compute_metrics(district, years=("2023", "2024"), units=[A, B])  # 丁 reported 2023 only
    members = both[(both["metric"] == "members") & both["category"].isna()].set_index("period")["value"]
    assert f"较上年{change('members', members['2024'] - members['2023'])}\n按两年均报送的2家单位计" in texts
    assert "较上年下降6.7个百分点" in texts  # 经费收缴率: the same units both years, no note


# --- §3.8 activities -------------------------------------------------------------------------


def test_the_activity_slide_holds_sessions_and_participants_by_type(sample_engine):
    deck = open_deck(sample_engine)
    slide = slide_titled(deck, "职工活动与培训")
    (chart,) = charts(slide)
    got = series_values(chart)
    scope = compute_metrics(sample_engine, years=(YEAR, YEAR))
    by_type = scope[scope["category"].notna()]
    sessions = by_type[by_type["metric"] == "activity_sessions"].set_index("category")["value"]
    people = by_type[by_type["metric"] == "activity_participants"].set_index("category")["value"]
    assert got["场次"] == pytest.approx(sessions.to_dict())
    assert got["参与人次"] == pytest.approx(people.to_dict())
    assert list(got["场次"])[0] == "培训"  # the types in the table's order
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert any(text.startswith("全年举办培训") for text in texts)


def test_the_make_up_slide_charts_the_rosters_groups_beside_its_sentence(sample_engine):
    """§3.7: 会员构成 — the chart's bars are compute_metrics' members_by_group for the scope."""
    deck = open_deck(sample_engine, parent=PARENT)
    slide = slide_titled(deck, "会员构成")
    [chart] = charts(slide)
    drawn = series_values(chart)["会员人数(人)"]
    table = compute_metrics(sample_engine, years=(YEAR, YEAR), parents=[PARENT], only=["members_by_group"])
    expected = table[table["category"].notna()].set_index("category")["value"].to_dict()
    assert drawn == pytest.approx(expected)
    assert set(drawn) == {"女", "男", "35岁及以下", "36-45岁", "46-55岁", "56岁及以上"}  # 和平社区 has no 农民工
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    women, total = expected["女"], table.loc[table["category"].isna(), "value"].iloc[0]
    sentence = f"会员中女会员{metric_value('members_by_group', women)},占{percent(women / total)};"
    assert any(text.startswith(sentence) for text in texts)  # 和平社区工会's roster alone in 东城
    titles = [
        s.shapes[0].text_frame.text if s.shapes[0].has_text_frame else "" for s in open_deck(sample_engine, unit=UNIT).slides
    ]
    assert all("会员构成" not in t for t in titles)
