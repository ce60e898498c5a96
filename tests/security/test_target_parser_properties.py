"""parse_target / parse_baseline on any text: a ParsedTarget or TargetParseError, never anything else
(a plan upload, the plan API and the fixtures all rely on catching TargetParseError alone)."""
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.targets import (
    DECREASE_WORDS,
    INCREASE_WORDS,
    NO_TARGET_TEXTS,
    ParsedTarget,
    TargetParseError,
    parse_baseline,
    parse_target,
)

from .conftest import examples

COMPARATORS = ["", "≥", ">=", "＞", ">", "≤", "<=", "＜", "<", "=", "≥ ", "> ", "达到", "不低于", "不少于", "至少",
               "控制在", "不高于", "不超过", "低于", "高于", "比2020年下降", "提高", "较基线降低"]
UNITS = ["", "%", "％", "‰", "人", "万元", "元", "家", "个", "万", "亿", "万人", " %", "个百分点", "人次"]
SUFFIXES = ["", "以上", "及以上", "以下", "以内", "左右", "*", "※", "①", "–90%", "~95%", "的企业"]
# Texts that start like a target: a comparator word, or a number followed by a unit.
TARGET_STARTS = [c for c in COMPARATORS if c.strip()]
NUMBER_UNITS = ["%", "％", "‰", "人", "万元", "元", "家", "个", "人次"]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["90", "0.5", "00", "1.", ".5", "1e5", "1,000", "９０", "-5", "NaN", "Infinity", "٩٠"]),
)
target_like = st.tuples(st.sampled_from(COMPARATORS), numbers, st.sampled_from(UNITS), st.sampled_from(SUFFIXES)).map("".join)
long_numbers = st.integers(min_value=10**18, max_value=10**40).map(str)  # the overflow once found here
any_text = st.one_of(
    target_like,
    st.sampled_from(sorted(NO_TARGET_TEXTS | set(INCREASE_WORDS) | set(DECREASE_WORDS) | {"全覆盖"})),
    st.text(max_size=30),
    st.text(alphabet="≥><=＞＜≤0123456789.%％‰万亿元人家个以上下内及 稳步提升有所下降全覆盖达到不低于控制在*※①~–/—-",
            max_size=15),
    st.tuples(st.sampled_from(COMPARATORS), long_numbers, st.sampled_from(UNITS)).map("".join),
)


def parses_or_refuses(parse, text: str) -> ParsedTarget | None:
    try:
        parsed = parse(text)
    except TargetParseError as error:
        assert str(error)  # the message is shown to whoever loads the plan
        return None
    assert isinstance(parsed, ParsedTarget) and parsed.text == text
    assert parsed.comparator in {"", ">=", ">", "<=", "<", "=", "increase", "decrease"}
    assert parsed.relative in {"", "percent", "points"}
    if parsed.value is not None:
        assert isinstance(parsed.value, Decimal) and parsed.value.is_finite() and parsed.value >= 0
    return parsed


@settings(max_examples=examples(400))
@given(text=any_text)
@example(text="≥90%")
@example(text="90%以上")
def test_parse_target_returns_a_target_or_raises_target_parse_error(text):
    parses_or_refuses(parse_target, text)


@settings(max_examples=examples(200))
@given(text=any_text)
def test_parse_baseline_returns_a_value_or_raises_target_parse_error(text):
    parses_or_refuses(parse_baseline, text)


@settings(max_examples=examples(100))
@given(comparator=st.sampled_from(["≥", ">=", ""]), value=st.integers(min_value=0, max_value=10**9))
def test_a_printed_percentage_target_keeps_its_number(comparator, value):
    parsed = parse_target(f"{comparator}{value}%")
    assert (parsed.comparator, parsed.value, parsed.unit) == (">=", value, "%")


@pytest.mark.parametrize("text", ["1" + "0" * 30, "9" * 29 + "%", "≥" + "1" * 25 + "亿", "999999 亿"])
def test_a_number_too_long_for_any_plan_is_refused_as_unreadable(text):
    """A 29+ digit number once raised decimal.InvalidOperation (a 500 on a plan upload); numbers are
    bounded so that every target fits the database column."""
    with pytest.raises(TargetParseError):
        parse_target(text)


starts_like_a_target = st.one_of(
    st.tuples(st.sampled_from(TARGET_STARTS), st.text(max_size=12)).map("".join),
    st.tuples(numbers, st.sampled_from(NUMBER_UNITS), st.text(max_size=12)).map("".join),
)


@settings(max_examples=examples(400))
@given(text=starts_like_a_target)
@example(text="达到85%以上")
@example(text="至少1家")
@example(text="90%的重点企业")
def test_a_text_that_starts_like_a_target_is_read_or_refused_never_another_measure(text):
    """Nothing is dropped silently: such a text is either compared or refused with its place at import."""
    for parse in (parse_target, parse_baseline):
        parsed = parses_or_refuses(parse, text)
        assert parsed is None or not parsed.other_measure


@settings(max_examples=examples(200))
@given(text=any_text)
def test_parse_target_never_returns_another_measure(text):
    parsed = parses_or_refuses(parse_target, text)
    assert parsed is None or not parsed.other_measure
