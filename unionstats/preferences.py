"""The user's own settings (设置), stored in the store and merged over ``unionstats.rules``.

Targets, welfare standards, column aliases, welfare category rules and activity type rules. Every save
validates all rows first and raises ``UsageError`` with one Chinese sentence naming the
row (第N行, counted from 1 as the 设置 table shows it); nothing is stored then. This is
the one place the user's rules are read back and merged over the defaults: the pages
show them from here and ``unionstats.importer.parse_options`` imports with them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from sqlalchemy import Engine

from unionstats.access import Viewer
from unionstats.errors import UsageError
from unionstats.ingest.header import normalise_header
from unionstats.rules.activities import STANDARD_TYPES, TYPE_RULES
from unionstats.rules.columns import COLUMNS, KIND_LABELS, KINDS, Column
from unionstats.rules.messages import message
from unionstats.rules.metrics import METRIC_BY_ID, RATE
from unionstats.rules.targets import TARGETS
from unionstats.rules.welfare import CATEGORY_RULES, OTHER_CATEGORY, WELFARE_STANDARDS
from unionstats.store.settings import (
    ACTIVITY_RULES_SETTING,
    ALIASES_SETTING,
    CATEGORY_RULES_SETTING,
    STANDARDS_SETTING,
    TARGETS_SETTING,
    get_setting,
    set_setting,
)

# The standard welfare categories (contract §3.3), in the order of the rules, 其他 last.
STANDARD_CATEGORIES: tuple[str, ...] = tuple(name for name, _ in CATEGORY_RULES) + (OTHER_CATEGORY,)
# Keywords of one rule may be written in one cell, separated by these.
_KEYWORD_SEPARATORS = re.compile(r"[、,，;；\s]+")


def targets(engine: Engine) -> dict[str, float]:
    """Targets per rate metric id (fractions, 0.95): the user's over the defaults."""
    return {**TARGETS, **get_setting(engine, TARGETS_SETTING, {})}


def save_targets(engine: Engine, wanted: dict[str, float | None], *, viewer: Viewer | None = None) -> None:
    """Store targets (fractions between 0 and 2); a None value removes a target."""
    for metric, value in wanted.items():
        if metric not in METRIC_BY_ID or METRIC_BY_ID[metric].value_unit != RATE:
            raise UsageError(f"「{metric}」不是比率指标,不能设置目标。")
        if value is not None and not 0 <= value <= 2:
            raise UsageError(f"{METRIC_BY_ID[metric].label}的目标应在0%到200%之间。")
    set_setting(engine, TARGETS_SETTING, {m: v for m, v in wanted.items() if v is not None}, viewer=viewer)


# --- welfare standards (caps per category, 元) ------------------------------------------


def welfare_standards(engine: Engine) -> dict[str, float]:
    """Caps per standard welfare category in 元: the user's over the defaults."""
    return {**WELFARE_STANDARDS, **get_setting(engine, STANDARDS_SETTING, {})}


def save_welfare_standards(engine: Engine, caps: Mapping[str, float | None], *, viewer: Viewer | None = None) -> None:
    """Store the caps (元, ≥ 0) per standard category; None (or blank) keeps the default.

    Only caps that differ from the defaults are stored, so a later change of a default
    still reaches the user. Raises UsageError for an unknown category or a bad cap.
    """
    stored: dict[str, float] = {}
    for category, cap in caps.items():
        if category not in STANDARD_CATEGORIES:
            raise UsageError(f"「{category}」不是标准慰问类别,可选:{'、'.join(STANDARD_CATEGORIES)}。")
        value = _number(cap, f"「{category}」的慰问标准")
        if value is None:
            continue
        if value < 0:
            raise UsageError(f"「{category}」的慰问标准不能为负数(填写的是{value:g}元)。")
        if WELFARE_STANDARDS.get(category) != value:
            stored[category] = value
    set_setting(engine, STANDARDS_SETTING, stored, viewer=viewer)


# --- column aliases ---------------------------------------------------------------------


def aliases(engine: Engine) -> list[tuple[str, str, str]]:
    """The user's own column aliases as (kind id, field id, alias) rows, in the order saved.

    A stored row that is not (a known kind, field, alias) is left out (a value written by
    an older version or by hand); the importer merges these over the default aliases.
    """
    return [
        (row[0], row[1], row[2])
        for row in get_setting(engine, ALIASES_SETTING, [])
        if isinstance(row, list | tuple) and len(row) == 3 and row[0] in KINDS
    ]


def save_aliases(engine: Engine, rows: Iterable[Sequence[object]], *, viewer: Viewer | None = None) -> None:
    """Store alias rows (kind, column, alias), replacing the earlier ones.

    ``kind`` may be an id (``membership``) or its label (会员统计); the column a field id
    (``members``) or its canonical name (会员人数). Rows that are wholly blank are skipped
    (the empty last row of a table being edited). Raises UsageError for an unknown kind
    or column, an empty alias, or an alias that already names another column of the kind.
    """
    stored: list[list[str]] = []
    taken: dict[tuple[str, str], str] = {}  # (kind, normalised alias) → field, within these rows
    for number, row in enumerate(rows, start=1):
        kind_text, field_text, alias_text = (_text(v) for v in (list(row) + [None, None, None])[:3])
        if not (kind_text or field_text or alias_text):
            continue
        kind = _kind_id(kind_text, number)
        column = _column_of(kind, field_text, number)
        key = normalise_header(alias_text).key if alias_text else ""
        if not key:
            raise UsageError(message("setting_empty_alias", number=number, column=column.name))
        meant = _DEFAULT_ALIASES[kind].get(key)
        if meant is not None and meant.field != column.field:
            raise UsageError(
                message(
                    "setting_alias_names_another_column",
                    number=number,
                    alias=alias_text,
                    kind=KIND_LABELS[kind],
                    other=meant.name,
                    column=column.name,
                )
            )
        earlier = taken.setdefault((kind, key), column.field)
        if earlier != column.field:
            raise UsageError(message("setting_alias_taken", number=number, alias=alias_text, kind=KIND_LABELS[kind]))
        stored.append([kind, column.field, alias_text])
    set_setting(engine, ALIASES_SETTING, stored, viewer=viewer)


def column_names(kind: str) -> list[str]:
    """The canonical column names of a kind (for choosing the column an alias stands for)."""
    return [c.name for c in COLUMNS if c.kind == kind and c.dtype != "secret"]


# --- welfare category rules -------------------------------------------------------------


def category_rules(engine: Engine) -> list[tuple[str, tuple[str, ...]]]:
    """The user's own category rules (standard category, keywords), tried before the defaults."""
    return [(name, tuple(words)) for name, words in get_setting(engine, CATEGORY_RULES_SETTING, [])]


def category_rules_in_order(engine: Engine) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every category rule in the order the importer tries them: the user's, then the defaults."""
    return tuple(category_rules(engine)) + CATEGORY_RULES


def save_category_rules(engine: Engine, rows: Iterable[Sequence[object]], *, viewer: Viewer | None = None) -> None:
    """Store category rules (standard category, keywords), replacing the earlier ones.

    Keywords are a list or one text separated by 、 , ; or spaces. Wholly blank rows are
    skipped. Raises UsageError for an unknown category or a rule without keywords.
    """
    choices = "、".join(STANDARD_CATEGORIES)
    stored = _keyword_rules(
        rows,
        STANDARD_CATEGORIES,
        unknown=lambda number, shown: message("setting_unknown_category", number=number, shown=shown, choices=choices),
    )
    set_setting(engine, CATEGORY_RULES_SETTING, stored, viewer=viewer)


# --- activity type rules (§3.8) ----------------------------------------------------------


def activity_type_rules(engine: Engine) -> list[tuple[str, tuple[str, ...]]]:
    """The user's own activity type rules (standard type, keywords), tried before the defaults."""
    return [(name, tuple(words)) for name, words in get_setting(engine, ACTIVITY_RULES_SETTING, [])]


def activity_type_rules_in_order(engine: Engine) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every activity type rule in the order the importer tries them: the user's, then the defaults."""
    return tuple(activity_type_rules(engine)) + TYPE_RULES


def save_activity_type_rules(engine: Engine, rows: Iterable[Sequence[object]], *, viewer: Viewer | None = None) -> None:
    """Store activity type rules (standard type, keywords), replacing the earlier ones.

    As ``save_category_rules``: keywords in a list or one text, wholly blank rows skipped;
    UsageError for a type that is not one of ``STANDARD_TYPES`` or a rule without keywords.
    """
    choices = "、".join(STANDARD_TYPES)
    stored = _keyword_rules(
        rows,
        STANDARD_TYPES,
        unknown=lambda number, shown: message("setting_unknown_activity_type", number=number, shown=shown, choices=choices),
    )
    set_setting(engine, ACTIVITY_RULES_SETTING, stored, viewer=viewer)


# --- small helpers ----------------------------------------------------------------------


def _keyword_rules(
    rows: Iterable[Sequence[object]], standards: Sequence[str], *, unknown: Callable[[int, str], str]
) -> list[list[object]]:
    """Rows (standard name, keywords) as stored: wholly blank rows skipped; UsageError for a name
    not in ``standards`` (the sentence ``unknown(row number, name as shown)``) or a rule without keywords."""
    stored: list[list[object]] = []
    for number, row in enumerate(rows, start=1):
        name, words = (list(row) + [None, None])[:2]
        name = _text(name)
        keywords = _keywords(words)
        if not name and not keywords:
            continue
        if name not in standards:
            shown = f"「{name}」" if name else "空白"
            raise UsageError(unknown(number, shown))
        if not keywords:
            raise UsageError(message("setting_no_keywords", number=number, category=name))
        stored.append([name, keywords])
    return stored


def _default_aliases() -> dict[str, dict[str, Column]]:
    """Normalised header → column per kind, as the importer reads the defaults (first wins)."""
    table: dict[str, dict[str, Column]] = {kind: {} for kind in KINDS}
    for column in COLUMNS:
        for text in (column.name, *column.aliases):
            table[column.kind].setdefault(normalise_header(text).key, column)
    return table


_DEFAULT_ALIASES = _default_aliases()
_KIND_BY_TEXT = {**{k: k for k in KINDS}, **{label: kind for kind, label in KIND_LABELS.items()}}


def _kind_id(text: str, number: int) -> str:
    kind = _KIND_BY_TEXT.get(text)
    if kind is None:
        shown = f"「{text}」" if text else "空白"
        raise UsageError(message("setting_unknown_kind", number=number, shown=shown, choices="、".join(KIND_LABELS.values())))
    return kind


def _column_of(kind: str, text: str, number: int) -> Column:
    for column in COLUMNS:
        if column.kind == kind and text in (column.field, column.name) and column.dtype != "secret":
            return column
    shown = f"「{text}」" if text else "空白"
    raise UsageError(
        message(
            "setting_unknown_column", number=number, kind=KIND_LABELS[kind], shown=shown, choices="、".join(column_names(kind))
        )
    )


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _keywords(value: object) -> list[str]:
    if isinstance(value, str) or value is None or (isinstance(value, float) and math.isnan(value)):
        parts = _KEYWORD_SEPARATORS.split(_text(value))
    else:
        parts = [_text(v) for v in value]
    return list(dict.fromkeys(p for p in parts if p))


def _number(value: object, what: str) -> float | None:
    """A number from a table cell: None / NaN / blank → None; text must parse."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace(",", "").strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{what}应是数字,填写的是「{value}」。") from None
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise UsageError(f"{what}应是有限的数字。")
    return number


# --- the defaults, as tables to show beside the user's own ------------------------------


def default_alias_rows() -> list[tuple[str, str, str]]:
    """The built-in aliases as (数据类别, 标准列名, 也可写作) rows, one per column (contract §3)."""
    return [(KIND_LABELS[c.kind], c.name, "、".join(c.aliases)) for c in COLUMNS if c.dtype != "secret"]


def default_category_rows() -> list[tuple[str, str]]:
    """The built-in category rules as (标准类别, 关键词) rows, in the order they are tried (contract §3.3)."""
    return [(name, "、".join(words)) for name, words in CATEGORY_RULES]


def default_activity_type_rows() -> list[tuple[str, str]]:
    """The built-in activity type rules as (标准类型, 关键词) rows, in the order they are tried (contract §3.8)."""
    return [(name, "、".join(words)) for name, words in TYPE_RULES]
