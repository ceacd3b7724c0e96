"""unionstats.formatting — numbers as offices write them."""

import pytest

from unionstats import formatting
from unionstats.errors import UsageError


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.9634, "96.3%"), (1.0, "100.0%"), (0.0, "0.0%"), (None, "—"), (float("nan"), "—")],
)
def test_percent(value, text):
    assert formatting.percent(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (4000, "4,000元"),
        (34500, "34,500元"),
        (12345.6, "12,345.60元"),
        (325_000, "32.5万元"),
        (16_986_754.8, "1,698.7万元"),
        (99_999_999, "10,000.0万元"),  # just under 1亿元
        (125_000_000, "1.25亿元"),
        (-1_000_000_000, "-10.00亿元"),
        (None, "—"),
    ],
)
def test_yuan(value, text):
    assert formatting.yuan(value) == text


@pytest.mark.parametrize(
    ("change", "text"), [(0.012, "提高1.2个百分点"), (-0.005, "下降0.5个百分点"), (0.0001, "持平"), (None, "—")]
)
def test_points(change, text):
    assert formatting.points(change) == text


def test_metric_values_in_their_units():
    assert formatting.metric_value("membership_rate", 0.9541) == "95.4%"
    assert formatting.metric_value("members", 5108.0) == "5,108人"
    assert formatting.metric_value("welfare_count", 16.0) == "16人次"
    assert formatting.metric_value("welfare_amount", 34500.0) == "34,500元"


@pytest.mark.parametrize(
    ("typed", "year"), [("2024", "2024"), (" 2024年 ", "2024"), ("2024年度", "2024"), ("", None), (None, None)]
)
def test_upload_year_reads_what_people_type(typed, year):
    assert formatting.upload_year(typed) == year


@pytest.mark.parametrize("typed", ["24", "二〇二四", "2024-05", "１９４８"])
def test_upload_year_refuses_what_is_no_year_in_chinese(typed):
    with pytest.raises(UsageError, match="不是年份"):
        formatting.upload_year(typed)
