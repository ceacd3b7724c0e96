"""unionstats.ingest.unit_names — the comparison key of a unit's name and the known units a new
name is offered as (是否就是「…」?, issue 14); the rules are rows of ``rules/unit_names.py``."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from unionstats.ingest.unit_names import Suggestion, apply_aliases, comparison_key, resolve_alias, suggest_same
from unionstats.rules.unit_names import NAME_RULES
from unionstats.sample.city import CITY, city_units

# --- the key ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "registry"),
    [
        # the district scenario of issue 14
        ("杭州恒达电子有限公司工会", "恒达电子有限公司工会"),
        ("云溪建设集团有限公司工会委员会（盖章）", "云溪建设集团有限公司工会"),
        # a seal note in brackets of any width, or written after the name
        ("东城实验小学工会【公章】", "东城实验小学工会"),
        ("东城实验小学工会(章)", "东城实验小学工会"),
        ("东城实验小学工会盖章", "东城实验小学工会"),
        # 委员会 / 联合会 suffixes
        ("远航物流工会联合会", "远航物流工会"),
        ("远航物流联合工会", "远航物流工会"),
        # a city, district or province prefix, with or without 市/区/省
        ("杭州市滨江区恒达电子有限公司工会", "恒达电子有限公司工会"),
        ("浙江省恒达电子有限公司工会", "恒达电子有限公司工会"),
        ("滨江恒达电子有限公司工会", "恒达电子有限公司工会"),
        ("石家庄市恒达电子有限公司工会", "恒达电子有限公司工会"),
        # a place in brackets
        ("恒达电子（杭州）有限公司工会", "恒达电子有限公司工会"),
        # 有限公司 vs 公司, 有限责任公司, 股份有限公司
        ("恒达电子有限责任公司工会", "恒达电子公司工会"),
        ("恒达电子股份有限公司工会", "恒达电子有限公司工会"),
        # a union and its employer
        ("恒达电子有限公司", "恒达电子有限公司工会"),
        # widths and spaces (NFKC)
        ("ＡＢＣ科技有限公司 工会", "abc科技有限公司工会"),
    ],
)
def test_spellings_offices_write_for_one_unit_have_one_key(written, registry):
    assert comparison_key(written) == comparison_key(registry)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("恒达电子有限公司工会", "恒通电子有限公司工会"),
        ("东城街道总工会", "西城街道总工会"),
        ("甲工会", "乙工会"),
        ("恒达电子(集团)有限公司", "恒达电子有限公司"),  # a bracketed word that is no place stays
    ],
)
def test_other_units_keep_other_keys(one, other):
    assert comparison_key(one) != comparison_key(other)


def test_a_name_the_rules_would_empty_keeps_its_form():
    assert comparison_key("工会") == "工会"
    assert comparison_key("(盖章)") == "盖章"  # the brackets go, not all of it
    assert comparison_key("甲工会") == "甲工会"  # 工会 after one character is the name


def test_every_rule_row_has_a_key_and_an_example():
    assert len({rule.key for rule in NAME_RULES}) == len(NAME_RULES)
    assert all("→" in rule.example for rule in NAME_RULES)


# Chinese characters that form no word the rules know (公司, 工会, 委员会, 市/区/县/省, 章 …)
CORE = st.text(alphabet="恒达电子云溪建设集团远航物流东城实验小学新华书店光明乳业金", min_size=2, max_size=10)
ADDED = st.sampled_from(["", "杭州", "杭州市", "滨江区", "杭州市滨江区", "浙江省"])
FORM = st.sampled_from(["有限公司", "公司", "有限责任公司", "股份有限公司"])
UNION = st.sampled_from(["工会", "工会委员会", "工会联合会", "联合工会", ""])
NOTE = st.sampled_from(["", "(盖章)", "（盖章）", "【公章】", "(章)", "盖章"])


@given(name=st.text(max_size=40))
@settings(max_examples=300)
@example(name="R)¸")  # the bracket goes, and r with the cedilla's combining mark NFKC makes ŗ
def test_the_key_is_idempotent_for_any_text(name):
    assert comparison_key(comparison_key(name)) == comparison_key(name)


@given(core=CORE, prefix=ADDED, form=FORM, union=UNION, note=NOTE, spaces=st.booleans())
@settings(max_examples=300)
def test_the_key_ignores_what_offices_add_and_drop(core, prefix, form, union, note, spaces):
    written = f"{prefix}{' ' if spaces else ''}{core}{form}{union}{note}"
    assert comparison_key(written) == comparison_key(f"{core}有限公司工会")


@given(core=CORE, form=FORM, union=UNION, note=NOTE)
@settings(max_examples=200)
def test_the_key_of_a_written_name_is_idempotent(core, form, union, note):
    key = comparison_key(f"杭州市{core}{form}{union}{note}")
    assert comparison_key(key) == key


# --- suggestions ----------------------------------------------------------------------------------


def test_the_district_scenario_offers_both_registry_names():
    found = suggest_same(
        ["杭州恒达电子有限公司工会", "云溪建设集团有限公司工会委员会（盖章）", "滨江街道总工会"],
        ["恒达电子有限公司工会", "云溪建设集团有限公司工会", "滨江街道总工会"],
    )
    assert found == [
        Suggestion("杭州恒达电子有限公司工会", "恒达电子有限公司工会", 100.0),
        Suggestion("云溪建设集团有限公司工会委员会（盖章）", "云溪建设集团有限公司工会", 100.0),
    ]


@pytest.mark.parametrize(
    ("new", "known"),
    [
        ("恒通电子有限公司工会", "恒达电子有限公司工会"),  # one character changed: another firm
        ("恒达电子", "恒通电子"),
        ("西城街道总工会", "东城街道总工会"),
        ("西城街道", "东城街道"),
        ("宁波市恒达电子有限公司工会", "杭州市恒达电子有限公司工会"),  # two places: two units
        ("城西社区卫生服务中心", "城东社区卫生服务中心"),
        ("乙工会", "甲工会"),
        ("恒达", "恒达电子科技信息服务有限公司"),  # too little in common
        # from the city sample (10,000 units): a number, a group, a unit's office, a leading or
        # a trailing word, a place dropped on one side and another word on the other
        ("江东第十一小学工会", "江东第一小学工会"),
        ("胜利机关事业第2单位工会", "滨江机关事业第2单位工会"),
        ("达明建筑工程集团有限公司工会", "达明建筑工程有限公司工会"),
        ("中山街道机关工会", "中山街道总工会"),
        ("红旗第十小学工会", "滨江第十小学工会"),
        ("长居建筑工程有限公司工会", "嘉兴建筑工程有限公司工会"),
        ("和平锦绣社区工会", "滨江和平社区工会"),
        ("远中医院工会", "远宝中医医院工会"),
    ],
)
def test_names_of_other_units_are_not_offered(new, known):
    assert suggest_same([new], [known]) == []


def test_a_city_of_ten_thousand_units_offers_few_of_them_as_one_another():
    # every sample unit is a unit of its own: an offer between two of them is a false one
    names = sorted({u.name for u in city_units(7, CITY)} | {u.parent for u in city_units(7, CITY)})
    sample = random.Random(1).sample(names, 150)
    offered = [s for name in sample for s in suggest_same([name], [n for n in names if n != name])]
    assert len(offered) <= 5, offered  # those left: 有限公司 vs 股份有限公司 of one core name
    assert all(s.score == 100 for s in offered)


def test_every_variant_an_office_writes_of_a_city_unit_is_offered_as_that_unit():
    names = sorted({u.name for u in city_units(7, CITY)})
    rng = random.Random(2)
    for name in rng.sample(names, 100):
        prefix = rng.choice(["杭州市", "滨江区", "浙江省杭州市", ""])
        variant = prefix + name.replace("有限公司", "有限责任公司") + rng.choice(["委员会", "(盖章)", "【公章】"])
        [found] = suggest_same([variant], names)
        assert found.known == name, (variant, found)


def test_a_dropped_word_is_offered_below_a_full_match():
    found = suggest_same(["恒达电子科技有限公司工会"], ["恒达电子有限公司工会"])
    assert [(s.name, s.known) for s in found] == [("恒达电子科技有限公司工会", "恒达电子有限公司工会")]
    assert 85 <= found[0].score < 100


def test_a_known_name_is_not_offered_and_each_new_name_once():
    found = suggest_same(
        ["恒达电子有限公司工会", "杭州恒达电子有限公司工会", "杭州恒达电子有限公司工会"], ["恒达电子有限公司工会"]
    )
    assert [s.name for s in found] == ["杭州恒达电子有限公司工会"]
    assert suggest_same([], ["恒达电子有限公司工会"]) == []
    assert suggest_same(["恒达电子有限公司工会"], []) == []


def test_among_known_names_with_one_key_the_closest_spelling_is_offered():
    found = suggest_same(["杭州恒达电子有限公司工会"], ["恒达电子公司", "恒达电子有限公司工会"])
    assert found[0].known == "恒达电子有限公司工会"


# --- aliases at import -------------------------------------------------------------------------------


def test_aliases_map_names_and_leave_others_and_blanks():
    names = pd.Series(["杭州恒达", "乙工会", None], dtype=object)
    mapped = apply_aliases(names, {"杭州恒达": "恒达电子有限公司工会"})
    assert mapped.tolist() == ["恒达电子有限公司工会", "乙工会", None]
    assert apply_aliases(names, {}) is names
    assert resolve_alias("杭州恒达", {"杭州恒达": "恒达"}) == "恒达" and resolve_alias(None, {"a": "b"}) is None
