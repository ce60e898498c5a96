from decimal import Decimal

import pytest

from reporting.entry_rules import clean_entry


def rate(**raw):
    return clean_entry("rate", raw)


def test_rate_is_computed_on_the_server():
    entry, errors = rate(numerator="45", denominator="50")
    assert errors == {} and entry.value == Decimal("90.0000")


@pytest.mark.parametrize("raw, field, message", [
    ({"numerator": "abc", "denominator": "5"}, "numerator", "分子只能填写数字"),
    ({"numerator": "-1", "denominator": "5"}, "numerator", "分子不能为负数"),
    ({"numerator": "1", "denominator": "0"}, "denominator", "分母必须大于 0"),
    ({"numerator": "6", "denominator": "5"}, "numerator", "分子不能大于分母"),
    ({"numerator": "1.5", "denominator": "5"}, "numerator", "分子应为整数"),
    ({"numerator": "3"}, "denominator", "请同时填写分子和分母"),
    ({"numerator": "1", "denominator": "99999999999"}, "denominator", "超出合理范围"),
    ({"numerator": "NaN", "denominator": "5"}, "numerator", "只能填写数字"),
])
def test_rate_errors_name_the_field(raw, field, message):
    entry, errors = rate(**raw)
    assert entry is None and message in errors[field]


def test_counts_are_whole_and_amounts_have_two_decimals():
    assert "整数" in clean_entry("count", {"value": "10.5"})[1]["value"]
    assert clean_entry("count", {"value": "1,200"})[0].value == 1200
    assert "两位小数" in clean_entry("amount", {"value": "1.234"})[1]["value"]
    assert clean_entry("amount", {"value": "1.23"})[0].value == Decimal("1.23")


def test_yes_no_maps_to_100_and_0():
    assert clean_entry("yes_no", {"yes_no": "yes"})[0].value == 100
    assert clean_entry("yes_no", {"yes_no": "no"})[0].value == 0
    assert "是" in clean_entry("yes_no", {"yes_no": "maybe"})[1]["yes_no"]


def test_not_applicable_needs_a_reason_and_no_value():
    assert "原因" in clean_entry("count", {"not_applicable": "1"})[1]["reason"]
    assert "清空" in clean_entry("count", {"not_applicable": "1", "reason": "x", "value": "3"})[1]["not_applicable"]
    entry, errors = clean_entry("count", {"not_applicable": "1", "reason": "统计口径调整"})
    assert errors == {} and entry.is_filled and entry.value is None


def test_submit_requires_every_row():
    assert "提交前请填写" in clean_entry("rate", {}, require_complete=True)[1]["numerator"]
    assert clean_entry("rate", {})[1] == {}  # a draft may leave it empty


def test_a_jump_of_more_than_half_needs_a_note():
    _, errors = clean_entry("count", {"value": "160"}, previous_value=Decimal(100))
    assert "50%" in errors["note"]
    assert clean_entry("count", {"value": "150"}, previous_value=Decimal(100))[1] == {}
    assert clean_entry("count", {"value": "160", "note": "新增园区"}, previous_value=Decimal(100))[1] == {}
    assert "note" in clean_entry("count", {"value": "40"}, previous_value=Decimal(100))[1]
