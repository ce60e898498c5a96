from decimal import Decimal

import pytest

from indicators.targets import TargetParseError, parse_baseline, parse_target


@pytest.mark.parametrize("text, comparator, value, unit", [
    ("≥90%", ">=", Decimal(90), "%"),
    (">90%", ">", Decimal(90), "%"),
    ("＞85%", ">", Decimal(85), "%"),
    ("80%", ">=", Decimal(80), "%"),
    ("100%", ">=", Decimal(100), "%"),
    ("75%", ">=", Decimal(75), "%"),
    ("90%以上", ">=", Decimal(90), "%"),
    ("≤5%", "<=", Decimal(5), "%"),
    ("95 %", ">=", Decimal(95), "%"),
])
def test_numeric_targets(text, comparator, value, unit):
    parsed = parse_target(text)
    assert (parsed.comparator, parsed.value, parsed.unit, parsed.text) == (comparator, value, unit, text)
    assert parsed.is_numeric


def test_strict_and_inclusive_comparators_stay_distinct():
    assert parse_target(">90%").comparator != parse_target("≥90%").comparator


@pytest.mark.parametrize("text", ["稳步提升", "稳步提高"])
def test_increase_targets_have_no_number(text):
    parsed = parse_target(text)
    assert (parsed.comparator, parsed.value) == ("increase", None)
    assert not parsed.is_numeric


def test_slash_means_no_target():
    parsed = parse_target("/")
    assert (parsed.comparator, parsed.value, parsed.other_measure) == ("", None, False)


@pytest.mark.parametrize("text, value, unit", [
    ("3866 万人", Decimal(38_660_000), "人"),
    ("109.29 万人", Decimal(1_092_900), "人"),
    ("11.781 万人", Decimal(117_810), "人"),
    ("0", Decimal(0), ""),
    ("78.0%", Decimal(78), "%"),
    ("10.34%", Decimal("10.34"), "%"),
])
def test_baselines_are_facts(text, value, unit):
    parsed = parse_baseline(text)
    assert (parsed.comparator, parsed.value, parsed.unit) == ("=", value, unit)


@pytest.mark.parametrize("text", ["重点行业职业病危害定期检测率 99%", "放射诊疗单位放射工作人员剂量监测率为 100%"])
def test_a_cell_naming_another_measure_is_kept_as_text_and_flagged(text):
    parsed = parse_baseline(text)
    assert parsed.other_measure and parsed.value is None and parsed.text == text


@pytest.mark.parametrize("text", ["abc", "九成", "≥", "90%%", "≥≥90%"])
def test_unreadable_texts_are_errors_that_quote_the_text(text):
    with pytest.raises(TargetParseError, match="无法识别"):
        parse_target(text)
