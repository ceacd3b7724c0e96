"""The 年度工作总结 paragraphs: the sentence table (``rules.sentences``) filled from the report model.

A sentence is written only when every figure it names exists (see ``rules.sentences``);
so a missing figure is left out, never written as 0, "nan" or "—". A sentence naming a
negative sum of money (a net 红字冲销) is left out too.
"""

from __future__ import annotations

from dataclasses import dataclass

from unionstats.report.model import ReportModel
from unionstats.rules.metrics import METRIC_BY_ID, YUAN
from unionstats.rules.sentences import AREA_HEADINGS, SENTENCES, Sentence

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Paragraph:
    """One section of the summary: its area, numbered heading (一、会员发展) and text."""

    area: str
    heading: str
    text: str


def summary_paragraphs(model: ReportModel, sentences: tuple[Sentence, ...] = SENTENCES) -> list[Paragraph]:
    """One paragraph per area that has at least one sentence, in AREA_HEADINGS order."""
    facts_by_category: dict[str | None, dict[str, str]] = {}

    def facts(category: str | None) -> dict[str, str]:
        if category not in facts_by_category:
            facts_by_category[category] = model.facts(category)
        return facts_by_category[category]

    def render(sentence: Sentence) -> str | None:
        if model.scope.kind not in sentence.scopes:
            return None
        known = facts(sentence.category)
        if any(name not in known for name in sentence.needs):
            return None
        if sentence.part_of is not None and sentence.category is not None and _all_zero(model, sentence):
            return None  # nothing to list: a category without figures this year
        if _negative_money(model, sentence):
            return None  # "发放慰问金-5,000元" is no sentence: a net 红字冲销 figure stays in the tables only
        parts = [text for part in sentences if part.part_of == sentence.id and (text := render(part)) is not None]
        if len(parts) < sentence.min_parts:
            return None
        return sentence.template.format(**known, parts=sentence.joiner.join(parts))

    texts: dict[str, list[str]] = {}
    for sentence in sentences:
        if sentence.part_of is None and (text := render(sentence)) is not None:
            texts.setdefault(sentence.area, []).append(text)
    paragraphs = []
    for area, heading in AREA_HEADINGS.items():
        if area in texts:
            number = CHINESE_NUMERALS[len(paragraphs)] if len(paragraphs) < len(CHINESE_NUMERALS) else str(len(paragraphs) + 1)
            paragraphs.append(Paragraph(area, f"{number}、{heading}", "".join(texts[area])))
    return paragraphs


def summary_text(model: ReportModel) -> str:
    """The whole summary as plain text: a title line, then each heading and its paragraph."""
    lines = [f"{model.title}{model.year}年度工作统计数据"]
    paragraphs = summary_paragraphs(model)
    if not paragraphs:
        lines.append(f"{model.year}年暂无可写入总结的统计数据。")
    for paragraph in paragraphs:
        lines += ["", paragraph.heading, paragraph.text]
    return "\n".join(lines) + "\n"


def _negative_money(model: ReportModel, sentence: Sentence) -> bool:
    """True when a money figure (元) the sentence names is below zero for its category."""
    for name in sentence.needs:
        metric = METRIC_BY_ID.get(name)
        if metric is not None and metric.value_unit == YUAN:
            value = model.value(name, sentence.category)
            if value is not None and value < 0:
                return True
    return False


def _all_zero(model: ReportModel, sentence: Sentence) -> bool:
    """True when every metric the sentence names is 0 for its category (e.g. a level without awards)."""
    values = [model.value(name, sentence.category) for name in sentence.needs if name in METRIC_BY_ID]
    return bool(values) and all(value == 0 for value in values)
