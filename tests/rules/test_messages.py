"""unionstats.rules.messages — one sentence per problem, filled by ``message(key, **fields)``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import unionstats
import unionstats.ingest
from unionstats.rules.messages import MESSAGES, MESSAGES_BY_KEY, message, placeholders

# Where the key of a sentence stands in the calls that log or format one.
KEY_ARGUMENT = {"reject": 2, "warn": 2, "reject_where": 3, "warn_where": 3, "log": 3, "categorise": 2, "message": 0}


@pytest.mark.parametrize(
    ("key", "fields", "text"),
    [
        # the contract's own example (§2)
        ("not_a_number", {"row": 12, "label": "实缴金额", "value": "暂缺"}, '第12行「实缴金额」不是数字:"暂缺"'),
        ("not_a_number_blanked", {"row": 3, "label": "工资总额", "value": "x"}, '第3行「工资总额」不是数字:"x",按空值处理'),
        (
            "bad_period",
            {"row": 2, "label": "年度", "value": "去年", "what": "年度或月份"},
            '第2行「年度」不是有效的年度或月份:"去年"',
        ),
        ("missing_value", {"row": 7, "label": "类别"}, "第7行「类别」为空"),
        (
            "greater_times",
            {"row": 5, "big": "实缴金额", "big_value": "130", "small": "应缴金额", "small_value": "100", "factor": "1.2"},
            "第5行「实缴金额」(130)大于「应缴金额」(100)的1.2倍,请核对",
        ),
        (
            "duplicate_key",
            {"row": 2, "later": 3, "what": "单位和期间"},
            "第2行与第3行的单位和期间相同,以第3行为准(第2行留作历史,不计入统计)",
        ),
        (
            "missing_columns_seen",
            {"kind": "会员统计", "found": "「单位」「职工人数」", "columns": "「会员人数」"},
            "看起来像会员统计表(已识别「单位」「职工人数」),但缺少必需的列「会员人数」;如表中有这些内容,请把表头改为这些名称,或在「设置」中添加别名",
        ),
        ("unnamed_column", {"column_number": 4}, "第4列"),
        ("empty_sheet", {}, "空表,没有数据"),
    ],
)
def test_message_fills_the_template_of_its_key(key, fields, text):
    assert message(key, **fields) == text


def test_a_value_with_braces_is_filled_in_as_written():
    assert message("missing_value", row=2, label="金额{x}") == "第2行「金额{x}」为空"


def test_an_unknown_key_or_a_missing_field_is_an_error():
    with pytest.raises(KeyError):
        message("no_such_sentence")
    with pytest.raises(KeyError):
        message("missing_value", row=2)


def test_placeholders_name_the_fields_a_sentence_takes():
    assert placeholders("not_a_number") == {"row", "label", "value"}
    assert placeholders("over_standard") == {"row", "category", "per_person", "standard"}
    assert placeholders("no_known_header") == frozenset()


def test_each_key_is_one_row_and_each_code_a_stable_id():
    assert len(MESSAGES_BY_KEY) == len(MESSAGES)
    for row in MESSAGES:
        assert re.fullmatch(r"[a-z_]+", row.key)
        assert row.code == "" or re.fullmatch(r"[a-z_]+", row.code), row
    # only the sentences shared by several checks leave the code to their caller
    assert {row.key for row in MESSAGES if not row.code} == {"greater", "greater_times"}


def test_a_sentence_about_a_row_names_the_row_first():
    for row in MESSAGES:
        if "row" in placeholders(row.key):
            assert row.template.startswith("第{row}行"), row.key
        if "number" in placeholders(row.key):  # a row of a form on 设置
            assert row.template.startswith("第{number}行:"), row.key


def _keys_used_by_the_library() -> set[str]:
    used: set[str] = set()
    for path in Path(unionstats.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            position = KEY_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            used |= {c.value for c in ast.walk(node.args[position]) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return used


def test_every_sentence_the_library_writes_is_in_the_table_and_every_row_is_used():
    used = _keys_used_by_the_library()
    assert used - set(MESSAGES_BY_KEY) == set()
    assert set(MESSAGES_BY_KEY) - used == set()


def test_no_sentence_is_written_inline_in_ingest():
    inline = []
    for path in Path(unionstats.ingest.__file__).parent.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"[\"']第\{", line):
                inline.append(f"{path.name}:{number}")
    assert inline == []


def test_no_row_sentence_is_written_inline_anywhere_in_the_library():
    """A 第N行 sentence shown to users is a row of the table (report text that ranks units —
    第3名, 第5届 — is not a problem message)."""
    inline = []
    for path in Path(unionstats.__file__).parent.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"Error\(f?[\"']第\{", line) or re.search(r"f[\"']第\{(row|number)", line):
                inline.append(f"{path.relative_to(Path(unionstats.__file__).parent)}:{number}")
    assert inline == []
