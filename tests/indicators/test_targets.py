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


# Wordings collected from real Chinese occupational-health plans and work programmes (省/市/县 规划 and
# 工作方案, 2021–2025): printed text → (comparator, value, unit, relative). The number of a relative target
# is the change from the region's baseline.
REAL_WORDINGS = [
    ("≥90%", ">=", "90", "%", ""),
    (">85%", ">", "85", "%", ""),
    ("80%", ">=", "80", "%", ""),
    ("90%以上", ">=", "90", "%", ""),
    ("95%及以上", ">=", "95", "%", ""),
    ("达到85%以上", ">=", "85", "%", ""),
    ("达到90%", ">=", "90", "%", ""),
    ("达90%", ">=", "90", "%", ""),
    ("不低于85%", ">=", "85", "%", ""),
    ("不少于1家", ">=", "1", "家", ""),
    ("至少1家", ">=", "1", "家", ""),
    ("至少确定1家", None, None, None, None),  # a verb after 至少: unreadable, must be marked 不作比较
    ("保持100%", ">=", "100", "%", ""),
    ("高于90%", ">", "90", "%", ""),
    ("超过80%", ">", "80", "%", ""),
    ("控制在5%以内", "<=", "5", "%", ""),
    ("5%以内", "<=", "5", "%", ""),
    ("不高于5%", "<=", "5", "%", ""),
    ("不超过3%", "<=", "3", "%", ""),
    ("低于5%", "<", "5", "%", ""),
    ("5%以下", "<=", "5", "%", ""),
    ("≤5%", "<=", "5", "%", ""),
    ("＜3%", "<", "3", "%", ""),
    ("稳步提升", "increase", None, "", ""),
    ("进一步提高", "increase", None, "", ""),
    ("显著提升", "increase", None, "", ""),
    ("逐步提高", "increase", None, "", ""),
    ("持续提高", "increase", None, "", ""),
    ("有所提高", "increase", None, "", ""),
    ("有所下降", "decrease", None, "", ""),
    ("逐年下降", "decrease", None, "", ""),
    ("持续下降", "decrease", None, "", ""),
    ("下降", "decrease", None, "", ""),
    ("降低", "decrease", None, "", ""),
    ("明显降低", "decrease", None, "", ""),
    ("全覆盖", ">=", "100", "%", ""),
    ("实现全覆盖", ">=", "100", "%", ""),
    ("≥90%*", ">=", "90", "%", ""),
    ("≥ 90 %※", ">=", "90", "%", ""),
    ("85%①", ">=", "85", "%", ""),
    ("5‰", ">=", "0.5", "%", ""),
    ("≤3‰", "<=", "0.3", "%", ""),
    ("85%–90%", ">=", "85", "%", ""),
    ("85%~90%", ">=", "85", "%", ""),
    ("85-90%", ">=", "85", "%", ""),
    ("比2020年下降10%", "<=", "10", "", "percent"),
    ("较2020年下降10%", "<=", "10", "", "percent"),
    ("下降10%", "<=", "10", "", "percent"),
    ("提高5个百分点", ">=", "5", "%", "points"),
    ("比2020年提高5个百分点", ">=", "5", "%", "points"),
    ("较基线降低2个百分点", "<=", "2", "%", "points"),
    ("90％以上", ">=", "90", "%", ""),
    ("1.5万人", ">=", "15000", "人", ""),
    ("/", "", None, "", ""),
    ("——", "", None, "", ""),
    ("90%左右", None, None, None, None),
    ("达到5%以下", None, None, None, None),
    ("争取更好", None, None, None, None),
]


@pytest.mark.parametrize("text, comparator, value, unit, relative", REAL_WORDINGS)
def test_real_plan_wordings(text, comparator, value, unit, relative):
    if comparator is None:
        with pytest.raises(TargetParseError):
            parse_target(text)
        return
    parsed = parse_target(text)
    assert parsed.text == text  # printed text kept as printed, footnote marks and all
    assert (parsed.comparator, parsed.value, parsed.unit, parsed.relative) == (
        comparator, None if value is None else Decimal(value), unit, relative)
    assert not parsed.other_measure


def test_real_wordings_table_is_large_enough():
    assert len(REAL_WORDINGS) >= 40


@pytest.mark.parametrize("text, note", [
    ("85%–90%", "区间目标，取下限 85%"),
    ("≥90%*", "脚注标记“*”不影响比较"),
    ("5‰", "千分率 5‰ 按 0.5% 比较"),
    ("全覆盖", "全覆盖按 ≥100% 比较"),
    ("比2020年下降10%", "相对2020年基线的目标"),
])
def test_what_the_grammar_did_is_said_in_the_note(text, note):
    assert parse_target(text).note == note


@pytest.mark.parametrize("text, reading", [
    ("控制在5%以内", "≤ 5%"), ("达到85%以上", "≥ 85%"), ("有所下降", "比上期下降"), ("稳步提升", "比上期提升"),
    ("比2020年下降10%", "≤ 基线 × 90%"), ("提高5个百分点", "≥ 基线 + 5 个百分点"), ("/", "无"),
])
def test_reading_text_says_what_will_be_compared(text, reading):
    from indicators.targets import reading_text
    parsed = parse_target(text)
    assert reading_text(parsed.comparator, parsed.value, parsed.unit, parsed.relative) == reading


@pytest.mark.parametrize("text", ["达到85%以上", "不低于85%", "控制在5%以内", "至少1家", "≥90%以上的企业"])
def test_a_target_is_never_silently_another_measure(text):
    """These once loaded as "other measure" and were never compared; now they read, or refuse."""
    try:
        parsed = parse_target(text)
    except TargetParseError:
        return
    assert not parsed.other_measure and parsed.comparator
