"""unionstats.rules.activities — the activity type table (§3.8), as the importer reads it
through ``ingest.clean.activity_type``: first match wins, 班组 is no class, a standard
name names itself."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionstats.ingest.clean import activity_type
from unionstats.rules.activities import IGNORED_WORDS, OTHER_TYPE, STANDARD_TYPES, TYPE_RULES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("安全生产培训班", "培训"),
        ("市总工会职工学校定制培训", "培训"),
        ("职业健康讲座", "培训"),
        ("职工篮球赛", "文体活动"),
        ("迎新春文艺演出", "文体活动"),
        ("健步走", "文体活动"),
        ("职工书画摄影展", "文体活动"),
        ("班组篮球友谊赛", "文体活动"),  # the 班 of 班组 is no class
        ("班组长培训班", "培训"),
        ("学习贯彻会议精神宣讲", "宣传教育"),
        ("职工读书分享会", "宣传教育"),
        ("学雷锋志愿服务", "志愿服务"),
        ("义务植树", "志愿服务"),
        ("劳模疗休养", "关爱服务"),
        ("青年职工联谊会", "关爱服务"),
        ("暑期爱心托管", "关爱服务"),
        ("职工健康体检", "关爱服务"),
        ("文体活动", "文体活动"),
        ("关爱服务", "关爱服务"),
        ("其他", None),
        ("座谈会", None),
        ("", None),
        (None, None),
        ("  培 训 ", "培训"),  # spaces typeset for alignment
        ("ＫＴＶ歌唱比赛", "文体活动"),
    ],
)
def test_types_of_names_and_type_cells(text, expected):
    assert activity_type(text) == expected


def test_first_match_wins_in_the_contract_order():
    # 培训 comes before 宣传教育: a 学习 class is a class; 比赛 of 文体 before 宣传
    assert activity_type("学习培训") == "培训"
    assert activity_type("宣传比赛") == "文体活动"
    assert [name for name, _ in TYPE_RULES] == ["培训", "文体活动", "宣传教育", "志愿服务", "关爱服务"]
    assert STANDARD_TYPES[-1] == OTHER_TYPE == "其他"


def test_user_rules_tried_first_name_their_type():
    rules = (("关爱服务", ("送清凉",)), *TYPE_RULES)
    assert activity_type("夏季送清凉", rules) == "关爱服务"
    assert activity_type("夏季送清凉") is None


_WORDS = [word for _, words in TYPE_RULES for word in words] + ["职工", "活动", "2023年", "第一期", "班组", "会"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=5))
def test_the_type_is_the_first_rule_with_a_keyword_in_the_text(parts):
    text = "".join(parts)
    found = activity_type(text)
    stripped = text
    for word in IGNORED_WORDS:
        stripped = stripped.replace(word, "")
    expected = next((name for name, words in TYPE_RULES if any(w in stripped for w in words)), None)
    if text in STANDARD_TYPES[:-1]:
        expected = text
    assert found == expected
    assert found is None or found in STANDARD_TYPES


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=20))
def test_any_text_gets_a_standard_type_or_none(text):
    assert activity_type(text) in (*STANDARD_TYPES[:-1], None)
