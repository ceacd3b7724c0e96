"""unionstats.rules.values — the scale words of amounts and the lookup derived from them."""

from __future__ import annotations

import pytest

from unionstats.rules.values import MULTIPLIERS, unit_multiplier


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("万元", 10_000.0),
        ("单位:万元", 10_000.0),
        ("万", 10_000.0),
        ("千元", 1_000.0),
        ("元", None),
        ("万人", 10_000.0),
        ("单位:万人", 10_000.0),
        ("", None),
    ],
)
def test_unit_multiplier(unit, factor):
    assert unit_multiplier(unit) == factor


def test_a_longer_scale_word_comes_before_its_part():
    words = [m.word for m in MULTIPLIERS]
    for i, word in enumerate(words):
        assert not any(word in longer for longer in words[i + 1 :] if longer != word), word
