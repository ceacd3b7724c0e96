"""The 职代会 deck (.pptx): 16:9, large type, native PowerPoint charts with their data inside.

Slides: title (a unit's for its 职工代表大会, a 上级工会's as its 工作报告), 主要指标 (较上年 like for
like, its basis said under the card), 会员, 会员趋势, 基层工会组建 (a 上级工会 or the district), 经费收缴,
经费收支 (when finance data exist), 帮扶慰问, 劳动竞赛, unit rankings (a 上级工会 or the
district), closing. An area without figures for the year has no slide. Charts are chart
shapes (editable in PowerPoint / WPS, data inside), never pictures; every run names its
Chinese font explicitly (微软雅黑, with the GB2312 charset so that PowerPoint and WPS fall
back to a Chinese font where it is missing); colours are the areas' of ``charts.AREA_COLORS``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from unionstats.formatting import WAN_YUAN_FROM, metric_value, number_or_none
from unionstats.formatting import change as change_text
from unionstats.metrics.comparison import ranking
from unionstats.output.charts import AREA_COLORS, shade
from unionstats.report.model import RANKED_METRICS, ReportModel
from unionstats.report.summary import summary_paragraphs
from unionstats.rules.activities import STANDARD_TYPES
from unionstats.rules.competitions import LEVELS
from unionstats.rules.metrics import DECK_CARD, LABELS, METRIC_BY_ID, UNSPECIFIED, headlines, rates_of
from unionstats.rules.sentences import MAKEUP_SENTENCES

FONT_LATIN = "Microsoft YaHei"
FONT_EAST_ASIAN = "微软雅黑"
FONT_PANOSE = "020B0503020204020204"  # 微软雅黑's PANOSE: lets PowerPoint pick a close substitute
GB2312_CHARSET = "-122"  # a:ea charset: PowerPoint / WPS substitute a Chinese font when 微软雅黑 is missing
SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5  # 16:9
TEXT_COLOR = "#222222"
LINE_HEIGHT = 1.15 * 1.25  # a text line's height in ems (line spacing 1.15 of a CJK font's 1.25 em line)
RANKING_ROWS = 20  # units on one ranking slide at most; more are split over several slides
RANKING_LABEL_EMS = 18  # a unit's name on a ranking chart, shortened beyond this
HEADER_TITLE_EMS = 16  # the scope's name in a slide's title band, shortened beyond this
MUTED_COLOR = "#666666"
WHITE = "#ffffff"

# The title slide's occasion: a unit presents to its 职工代表大会; a 上级工会 (or a district)
# gives its 工作报告 over its units, never a 职代会.
UNIT_OCCASION = "职工代表大会"
GROUP_SUBTITLE = "{year}年度工会工作报告"
GROUP_OCCASION = "所属{units}家单位"

# a figure shown as the note under another's card on the 主要指标 slide, not as a card of its own
NOTED_UNDER: dict[str, str] = {"welfare_count": "welfare_amount"}
KPI_CARDS: tuple[str, ...] = tuple(m for m in headlines(DECK_CARD) if m not in NOTED_UNDER)
CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


@dataclass(frozen=True)
class Box:
    """Where a shape sits on a slide, in inches from the top left corner."""

    x: float
    y: float
    width: float
    height: float


FULL_SLIDE = Box(0, 0, SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN)
CHART_AREA = Box(0.4, 1.3, 12.5, 5.9)  # under the title band, the whole width


@dataclass(frozen=True)
class TextStyle:
    """How a text box's runs look: size in pt, weight, colour, wrapping, alignment (left · center · right)."""

    size: float
    bold: bool = False
    color: str = TEXT_COLOR
    wrap: bool = True
    align: str = "left"


@dataclass(frozen=True)
class Series:
    """One chart series: its name, one value per category (None: no point) and colour."""

    name: str
    values: Sequence[float | None]
    color: str


@dataclass(frozen=True)
class ChartSpec:
    """A native chart: ``kind`` column | bar | line, one category per label, its series and number format.

    ``label_size`` the category labels' size in pt (data labels 2pt smaller); ``legend``
    False hides legend and title; ``reverse`` lists the categories top to bottom on a bar chart.
    """

    kind: str
    categories: Sequence[str]
    series: Sequence[Series]
    number_format: str
    label_size: int = 16
    legend: bool = True
    reverse: bool = False


def write_pptx(model: ReportModel) -> bytes:
    """The deck of ``model`` as .pptx bytes."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    paragraphs = {p.area: p.text for p in summary_paragraphs(model)}
    builder = _Deck(deck, model)
    builder.title_slide()
    builder.kpi_slide()
    if model.has("membership"):
        builder.membership_slide(paragraphs.get("membership"))
        builder.membership_trend_slide()
        builder.member_makeup_slide()  # §3.7: from the rosters, when there are
    if model.has("units") and model.scope.kind != "unit":
        builder.units_slide(paragraphs.get("units"))
    if model.has("dues"):
        builder.dues_slide(paragraphs.get("dues"))
    if model.has("finance"):
        builder.finance_slide(paragraphs.get("finance"))
    if model.has("welfare"):
        builder.welfare_slide(paragraphs.get("welfare"))
    if model.has("competitions"):
        builder.competitions_slide(paragraphs.get("competitions"))
    if model.has("activities"):
        builder.activities_slide(paragraphs.get("activities"))
    if model.scope.kind != "unit":
        for metric in RANKED_METRICS:
            builder.ranking_slides(metric)
    builder.closing_slide()
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


class _Deck:
    """Adds the slides of one report to a presentation."""

    def __init__(self, deck, model: ReportModel) -> None:
        self.deck = deck
        self.model = model
        self.blank = deck.slide_layouts[6]

    # --- slides -----------------------------------------------------------------------

    def title_slide(self) -> None:
        slide = self.deck.slides.add_slide(self.blank)
        _rect(slide, FULL_SLIDE, AREA_COLORS["membership"])
        # a long unit name gets smaller type and up to three lines; the line under it moves down with it
        size, lines = _title_fit(self.model.title, width=11.7)
        height = lines * size * LINE_HEIGHT / 72 + 0.15
        top = 3.0 - height
        _text(slide, self.model.title, Box(0.8, top, 11.7, height), TextStyle(size, bold=True, color=WHITE))
        subtitle, occasion = deck_title(self.model)
        _text(slide, subtitle, Box(0.8, 3.1, 11.7, 1.0), TextStyle(36, color=WHITE))
        meeting = f"{occasion} · {self.model.generated_on:%Y年%m月%d日}"
        _text(slide, meeting, Box(0.8, 5.6, 11.7, 0.6), TextStyle(20, color=WHITE))

    def kpi_slide(self) -> None:
        slide = self._slide(f"{self.model.year}年主要指标", "membership")
        cards = [(metric, METRIC_BY_ID[metric].kind) for metric in KPI_CARDS if self.model.value(metric) is not None]
        if self.model.scope.kind == "unit":
            cards = [(m, a) for m, a in cards if a != "units"]
        if not cards:
            _text(slide, "本年度暂无统计数据。", Box(0.6, 2.5, 12, 1), TextStyle(28))
            return
        columns = 3
        width, height = 3.9, 2.55
        for i, (metric, area) in enumerate(cards):
            x = 0.55 + (i % columns) * (width + 0.25)
            y = 1.45 + (i // columns) * (height + 0.25)
            _rect(slide, Box(x, y, width, height), shade(AREA_COLORS[area], 0.88))
            _rect(slide, Box(x, y, 0.12, height), AREA_COLORS[area])
            _text(slide, LABELS[metric], Box(x + 0.3, y + 0.15, width - 0.4, 0.55), TextStyle(22, color=MUTED_COLOR))
            value = metric_value(metric, self.model.value(metric))
            size = next((s for s in (40, 36, 32, 28, 24) if _ems(value) * s / 72 <= (width - 0.5) * 0.95), 20)
            _text(slide, value, Box(x + 0.3, y + 0.7, width - 0.4, 1.0), TextStyle(size, bold=True, color=AREA_COLORS[area]))
            note = self._kpi_note(metric)
            if note:
                _text(
                    slide,
                    note,
                    Box(x + 0.3, y + 1.72, width - 0.4, 0.78),
                    TextStyle(18 if "\n" not in note else 15, color=MUTED_COLOR),
                )

    def _kpi_note(self, metric: str) -> str | None:
        """Under a card: the figure noted under it (共1,234人次), else the change on last year, with
        its basis on a line of its own when it is taken over the units of both years."""
        noted = next((m for m, under in NOTED_UNDER.items() if under == metric), None)
        if noted is not None:
            figure = self.model.value(noted)
            return None if figure is None else f"共{metric_value(noted, figure)}"
        change = self.model.change(metric)
        if change is None:
            return None
        basis = self.model.basis(metric)
        return f"较上年{change_text(metric, change)}" + (f"\n{basis}" if basis else "")

    def membership_slide(self, paragraph: str | None) -> None:
        rates = [m for m in rates_of("membership") if self.model.value(m) is not None]
        series = self._year_pair(rates, AREA_COLORS["membership"])
        chart = ChartSpec("bar", [LABELS[m] for m in rates], series, "0.0%", reverse=True)
        self._area_slide("会员发展", "membership", paragraph, chart)

    def membership_trend_slide(self) -> None:
        years = self.model.years()
        labels = [f"{y}年" for y in years]
        color = AREA_COLORS["membership"]
        members = [Series("会员人数(人)", [self.model.value("members", year=y) for y in years], color)]
        rates = [Series("入会率", [self.model.value("membership_rate", year=y) for y in years], color)]
        charts = [
            (kind, series, fmt)
            for kind, series, fmt in (("column", members, "#,##0"), ("line", rates, "0.0%"))
            if _has_points(series)
        ]
        if not charts:
            return  # e.g. 会员 0 and no 职工人数: no trend to draw, no slide of empty charts
        slide = self._slide("会员发展趋势", "membership")
        width = 12.5 / len(charts) - (0.1 if len(charts) > 1 else 0)
        for i, (kind, series, fmt) in enumerate(charts):
            _chart(slide, ChartSpec(kind, labels, series, fmt), Box(0.4 + i * (width + 0.2), 1.3, width, 5.8))

    def member_makeup_slide(self) -> None:
        """会员构成 (§3.7): the rosters' members by sex, 农民工 and age band, beside its summary sentence."""
        groups = self.model.makeup()
        if not groups:
            return
        series = [Series("会员人数(人)", [value for _, value in groups], AREA_COLORS["membership"])]
        chart = ChartSpec("bar", [group for group, _ in groups], series, "#,##0", reverse=True)
        text = "".join(p.text for p in summary_paragraphs(self.model, MAKEUP_SENTENCES)) or None
        self._area_slide("会员构成", "membership", text, chart)

    def units_slide(self, paragraph: str | None) -> None:
        rates = [m for m in rates_of("units") if self.model.value(m) is not None]
        series = self._year_pair(rates, AREA_COLORS["units"])
        self._area_slide("基层工会组建", "units", paragraph, ChartSpec("column", [LABELS[m] for m in rates], series, "0.0%"))

    def dues_slide(self, paragraph: str | None) -> None:
        funds = sorted(self.model.categories("dues_due"))
        due = [self.model.value("dues_due", f) for f in funds]
        paid = [self.model.value("dues_collected", f) for f in funds]
        categories = list(funds)
        if len(funds) != 1 or (due[0], paid[0]) != (self.model.value("dues_due"), self.model.value("dues_collected")):
            # a 合计 bar only when it differs from the one fund's (one fund: the same two bars twice)
            categories.append("合计")
            due.append(self.model.value("dues_due"))
            paid.append(self.model.value("dues_collected"))
        divisor, unit = _money_scale([*due, *paid])
        color = AREA_COLORS["dues"]
        series = [
            Series(f"应缴({unit})", _scaled(due, divisor), shade(color, 0.55)),
            Series(f"实缴({unit})", _scaled(paid, divisor), color),
        ]
        self._area_slide("经费收缴", "dues", paragraph, ChartSpec("column", categories, series, _money_format(divisor)))

    def finance_slide(self, paragraph: str | None) -> None:
        accounts: list[str] = []
        for metric in ("income", "expense"):
            accounts += sorted(self.model.categories(metric))
        actual = [self._actual(a) for a in accounts]
        budget = [self._budget(a) for a in accounts]
        divisor, unit = _money_scale([*actual, *budget])
        color = AREA_COLORS["finance"]
        series = [Series(f"预算数({unit})", _scaled(budget, divisor), shade(color, 0.55))] if any(budget) else []
        series.append(Series(f"决算数({unit})", _scaled(actual, divisor), color))
        chart = ChartSpec("bar", accounts, series, _money_format(divisor), label_size=13, reverse=True)
        self._area_slide("经费收支:预算与决算", "finance", paragraph, chart)

    def _actual(self, account: str) -> float | None:
        value = self.model.value("income", account)
        return value if value is not None else self.model.value("expense", account)

    def _budget(self, account: str) -> float | None:
        """An account's 预算数: the denominator of its budget execution rate (§4)."""
        record = self.model.row("budget_execution_rate", account)
        if record is None or record["denominator"] is None or math.isnan(record["denominator"]):
            return None
        return float(record["denominator"])

    def welfare_slide(self, paragraph: str | None) -> None:
        categories = self.model.categories("welfare_amount")
        amounts = [self.model.value("welfare_amount", c) for c in categories]
        divisor, unit = _money_scale(amounts)
        series = [Series(f"慰问金额({unit})", _scaled(amounts, divisor), AREA_COLORS["welfare"])]
        chart = ChartSpec("bar", categories, series, _money_format(divisor), label_size=15, reverse=True)
        self._area_slide("帮扶慰问", "welfare", paragraph, chart)

    def competitions_slide(self, paragraph: str | None) -> None:
        levels = [lv for lv in (*reversed(LEVELS), UNSPECIFIED) if self.model.value("competition_entries", lv) is not None]
        color = AREA_COLORS["competitions"]
        series = [
            Series("参赛人次", [self.model.value("competition_entries", lv) for lv in levels], shade(color, 0.55)),
            Series("获奖人次", [self.model.value("competition_awards", lv) for lv in levels], color),
        ]
        self._area_slide("劳动竞赛与技能比武", "competitions", paragraph, ChartSpec("column", levels, series, "#,##0"))

    def activities_slide(self, paragraph: str | None) -> None:
        """§3.8: 场次 and 参与人次 by type (the types of the year, in the table's order)."""
        types = [t for t in STANDARD_TYPES if self.model.value("activity_sessions", t) is not None]
        color = AREA_COLORS["activities"]
        series = [
            Series("场次", [self.model.value("activity_sessions", t) for t in types], shade(color, 0.55)),
            Series("参与人次", [self.model.value("activity_participants", t) for t in types], color),
        ]
        self._area_slide("职工活动与培训", "activities", paragraph, ChartSpec("column", types, series, "#,##0"))

    def ranking_slides(self, metric: str) -> None:
        """Every unit of the scope ranked by ``metric``, at most RANKING_ROWS a slide (1/2, 2/2 …): none left out."""
        ranked = ranking(self.model.units, metric, self.model.year)  # the same ranking as 单位对比 (ties share a rank)
        rows = [(int(r.rank), str(r.unit), float(r.value)) for r in ranked.itertuples() if number_or_none(r.value) is not None]
        if len(rows) < 2:
            return
        area = METRIC_BY_ID[metric].kind
        pages = math.ceil(len(rows) / RANKING_ROWS)
        per_page = math.ceil(len(rows) / pages)
        for page in range(pages):
            shown = rows[page * per_page : (page + 1) * per_page]
            title = f"各单位{LABELS[metric]}排名" + (f"({page + 1}/{pages})" if pages > 1 else "")
            slide = self._slide(title, area)
            label_size = 14 if len(shown) <= 12 else 11
            series = [Series(LABELS[metric], [value for _, _, value in shown], AREA_COLORS[area])]
            labels = [f"{rank}. {_shorten(unit, RANKING_LABEL_EMS)}" for rank, unit, _ in shown]
            _chart(slide, ChartSpec("bar", labels, series, "0.0%", label_size=label_size, legend=False, reverse=True), CHART_AREA)
            if pages > 1:
                first = page * per_page + 1
                note = f"(第{first}–{first + len(shown) - 1}位,共{len(rows)}家)"
                _text(slide, note, Box(8.5, 1.1, 4.5, 0.4), TextStyle(14, color=MUTED_COLOR, align="right"))

    def closing_slide(self) -> None:
        slide = self.deck.slides.add_slide(self.blank)
        _rect(slide, FULL_SLIDE, AREA_COLORS["membership"])
        _text(slide, "谢谢!", Box(0.8, 2.6, 11.7, 1.3), TextStyle(54, bold=True, color=WHITE, align="center"))
        source = f"数据来源:{self.model.title}{self.model.year}年度统计台账"
        _text(slide, source, Box(0.8, 4.2, 11.7, 0.7), TextStyle(20, color=WHITE, align="center"))

    # --- pieces -----------------------------------------------------------------------

    def _slide(self, title: str, area: str):
        slide = self.deck.slides.add_slide(self.blank)
        _rect(slide, Box(0, 0, SLIDE_WIDTH_IN, 1.05), AREA_COLORS[area])
        _text(slide, title, Box(0.5, 0.14, 10.5, 0.8), TextStyle(32, bold=True, color=WHITE))
        # one line inside the band whatever the unit's name: a long one is shortened with …
        corner = f"{_shorten(self.model.title, HEADER_TITLE_EMS)} · {self.model.year}年"
        _text(slide, corner, Box(7.3, 0.3, 5.6, 0.5), TextStyle(16, color=WHITE, align="right"))
        return slide

    def _area_slide(self, title: str, area: str, paragraph: str | None, chart: ChartSpec) -> None:
        """An area's slide: its chart (series without any point left out) and its paragraph beside it.

        Without a point to chart the paragraph takes the whole slide; without either there is no
        slide (never an empty chart, which PowerPoint cannot even hold).
        """
        chart = replace(chart, series=[s for s in chart.series if _has_points([s])])
        if not chart.series and not paragraph:
            return
        slide = self._slide(title, area)
        if chart.series:
            _chart(slide, chart, self._chart_box(paragraph))
            self._side_text(slide, paragraph)
        else:
            size = _fitting_size(paragraph, width=12.2, height=5.7)
            _text(slide, paragraph, Box(0.55, 1.35, 12.2, 5.8), TextStyle(size))

    def _chart_box(self, paragraph: str | None) -> Box:
        """Left of the text column when there is a paragraph (narrower for a long one), else the whole slide."""
        if not paragraph:
            return CHART_AREA
        return replace(CHART_AREA, width=12.6 - _text_width(paragraph) - 0.3)

    def _side_text(self, slide, paragraph: str | None) -> None:
        if paragraph:
            width = _text_width(paragraph)
            size = _fitting_size(paragraph, width=width, height=5.7)
            _text(slide, paragraph, Box(13.0 - width, 1.35, width, 5.8), TextStyle(size))

    def _year_pair(self, metrics: list[str], color: str) -> list[Series]:
        """Last year (light) and this year (full colour) of ``metrics``; last year only when it has figures."""
        model = self.model
        before = [model.value(m, year=model.previous_year) for m in metrics]
        now = [model.value(m) for m in metrics]
        series = [Series(f"{model.previous_year}年", before, shade(color, 0.55))] if any(v is not None for v in before) else []
        return [*series, Series(f"{model.year}年", now, color)]


def deck_title(model: ReportModel) -> tuple[str, str]:
    """(subtitle, occasion) of the title slide: a unit's 统计报告 for its 职工代表大会; a group's 工作报告 over its units."""
    if not model.is_group:
        return f"{model.year}年度工会工作统计报告", UNIT_OCCASION
    return GROUP_SUBTITLE.format(year=model.year), GROUP_OCCASION.format(units=len(model.unit_names()))


# --- python-pptx helpers ---------------------------------------------------------------------


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#"))


def set_cjk_font(font, size: float | None = None, *, bold: bool | None = None, color: str | None = None) -> None:
    """Name the Latin and the East Asian typeface of a run's or a chart's font (微软雅黑).

    python-pptx's ``font.name`` sets only ``a:latin``; PowerPoint takes Chinese glyphs from
    ``a:ea``, so that is written here, with the GB2312 charset as the fallback hint.
    """
    font.name = FONT_LATIN
    properties = font._element
    latin = properties.find(qn("a:latin"))
    for tag in ("a:ea", "a:cs"):
        element = properties.find(qn(tag))
        if element is None:
            element = properties.makeelement(qn(tag), {})
            latin.addnext(element) if tag == "a:ea" else properties.find(qn("a:ea")).addnext(element)
        element.set("typeface", FONT_EAST_ASIAN)
        element.set("panose", FONT_PANOSE)
        element.set("pitchFamily", "34")
        element.set("charset", GB2312_CHARSET)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = _rgb(color)


def _rect(slide, box: Box, color: str):
    """A filled rectangle without outline or shadow."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_inches(box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(color)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _text(slide, text: str, box: Box, style: TextStyle):
    """A text box, one paragraph per line of ``text``, every run in the CJK font."""
    shape = slide.shapes.add_textbox(*_inches(box))
    frame = shape.text_frame
    frame.word_wrap = style.wrap
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.line_spacing = 1.15
        paragraph.space_after = Pt(4)
        if style.align != "left":
            paragraph.alignment = PP_ALIGN.CENTER if style.align == "center" else PP_ALIGN.RIGHT
        run = paragraph.add_run()
        run.text = line
        set_cjk_font(run.font, style.size, bold=style.bold, color=style.color)
    return shape


def _inches(box: Box) -> tuple[int, int, int, int]:
    """(left, top, width, height) of ``box`` in python-pptx's units."""
    return Inches(box.x), Inches(box.y), Inches(box.width), Inches(box.height)


def _has_points(series: Sequence[Series]) -> bool:
    """True when any series has a value to draw."""
    return any(v is not None for s in series for v in s.values)


def _ems(text: str) -> float:
    """The width of ``text`` in ems: a Chinese character one, a digit, Latin letter or sign about half."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)


def _shorten(text: str, ems: float) -> str:
    """``text`` cut to about ``ems`` ems, ending in … when cut."""
    if _ems(text) <= ems:
        return text
    kept, width = "", 0.0
    for ch in text:
        width += _ems(ch)
        if width > ems - 1:
            break
        kept += ch
    return kept + "…"


def _title_fit(text: str, *, width: float) -> tuple[int, int]:
    """(size in pt, lines) of the title slide's name: 40pt on one line down to 24pt on three."""
    for size in (40, 36, 32, 28, 24):
        per_line = width * 72 / size * 0.92
        lines = max(1, math.ceil(_ems(text) / per_line))
        if lines <= 2:
            return size, lines
    return 24, max(1, min(3, math.ceil(_ems(text) / (width * 72 / 24 * 0.92))))


def _text_width(paragraph: str) -> float:
    """The width (inches) of a slide's text column: wider for a long paragraph, so its type stays large."""
    return 4.7 if len(paragraph) <= 160 else 6.0


def _fitting_size(text: str, *, width: float, height: float) -> int:
    """The largest type size (pt, 14–24) at which ``text`` fills at most ``width`` × ``height`` inches."""
    for size in (24, 22, 20, 18, 16, 14):
        per_line = max(1, int(width * 72 / size * 0.95))  # a Chinese character is about one em wide
        lines = math.ceil(len(text) / per_line)
        if lines * size * 1.15 * 1.25 / 72 <= height:
            return size
    return 14


def _money_scale(values: Sequence[float | None]) -> tuple[float, str]:
    """(divisor, unit): money from 10万元 on is charted in 万元 and the series name says so."""
    present = [abs(v) for v in values if v is not None]
    return (10_000.0, "万元") if present and max(present) >= WAN_YUAN_FROM else (1.0, "元")


def _money_format(divisor: float) -> str:
    return "#,##0.0" if divisor > 1 else "#,##0"


def _scaled(values: Sequence[float | None], divisor: float) -> list[float | None]:
    return [None if v is None else v / divisor for v in values]


def _chart(slide, spec: ChartSpec, box: Box):
    """A native chart with data labels, fonts and colours set."""
    kind, series, number_format, label_size = spec.kind, spec.series, spec.number_format, spec.label_size
    data = CategoryChartData(number_format=number_format)
    data.categories = list(spec.categories)
    for s in series:
        data.add_series(s.name, list(s.values), number_format=number_format)
    frame = slide.shapes.add_chart(CHART_TYPES[kind], *_inches(box), data)
    chart = frame.chart
    set_cjk_font(chart.font, label_size, color=TEXT_COLOR)
    chart.has_title = len(series) == 1 and spec.legend
    if chart.has_title:
        chart.chart_title.text_frame.text = series[0].name
        set_cjk_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 18, bold=True, color=TEXT_COLOR)
    chart.has_legend = spec.legend and len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        set_cjk_font(chart.legend.font, 16)
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    set_cjk_font(labels.font, max(label_size - 2, 11), color=TEXT_COLOR)
    if kind in ("column", "bar"):
        plot.gap_width = 60
        plot.overlap = -10
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    else:
        labels.position = XL_LABEL_POSITION.ABOVE
    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("#dddddd")
    value_axis.tick_labels.number_format = number_format.replace(".0", "")  # whole ticks: 50, not 50.0
    value_axis.tick_labels.number_format_is_linked = False
    set_cjk_font(value_axis.tick_labels.font, 14, color=MUTED_COLOR)
    value_axis.format.line.fill.background()
    if all(v is None or v >= 0 for s in series for v in s.values):
        if kind != "line":
            value_axis.minimum_scale = 0  # bars start at 0
    else:  # a negative figure (红字冲销): its own part of the axis, the categories' names clear of its bar
        chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    set_cjk_font(chart.category_axis.tick_labels.font, label_size, color=TEXT_COLOR)
    if spec.reverse:
        chart.category_axis.reverse_order = True
    for plot_series, s in zip(plot.series, series, strict=True):
        if kind == "line":
            plot_series.format.line.color.rgb = _rgb(s.color)
            plot_series.format.line.width = Pt(3.5)
            plot_series.marker.format.fill.solid()
            plot_series.marker.format.fill.fore_color.rgb = _rgb(s.color)
            plot_series.smooth = False
        else:
            plot_series.format.fill.solid()
            plot_series.format.fill.fore_color.rgb = _rgb(s.color)
    return chart
