"""parse_target / parse_baseline on any text: a ParsedTarget or TargetParseError, never anything else
(a plan upload, the plan API and the fixtures all rely on catching TargetParseError alone)."""
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.targets import (
    INCREASE_WORDS,
    NO_TARGET_TEXTS,
    ParsedTarget,
    TargetParseError,
    parse_baseline,
    parse_target,
)

from .conftest import examples

COMPARATORS = ["", "≥", ">=", "＞", ">", "≤", "<=", "＜", "<", "=", "≥ ", "> "]
UNITS = ["", "%", "％", "人", "万元", "元", "家", "个", "万", "亿", "万人", " %"]
SUFFIXES = ["", "以上", "及以上", "以下", "左右"]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["90", "0.5", "00", "1.", ".5", "1e5", "1,000", "９０", "-5", "NaN", "Infinity", "٩٠"]),
)
target_like = st.tuples(st.sampled_from(COMPARATORS), numbers, st.sampled_from(UNITS), st.sampled_from(SUFFIXES)).map("".join)
long_numbers = st.integers(min_value=10**18, max_value=10**40).map(str)  # the overflow once found here
any_text = st.one_of(
    target_like,
    st.sampled_from(sorted(NO_TARGET_TEXTS | set(INCREASE_WORDS))),
    st.text(max_size=30),
    st.text(alphabet="≥><=＞＜≤0123456789.%％万亿元人家个以上下及 稳步提升/—-", max_size=15),
    st.tuples(st.sampled_from(COMPARATORS), long_numbers, st.sampled_from(UNITS)).map("".join),
)


def parses_or_refuses(parse, text: str) -> ParsedTarget | None:
    try:
        parsed = parse(text)
    except TargetParseError as error:
        assert str(error)  # the message is shown to whoever loads the plan
        return None
    assert isinstance(parsed, ParsedTarget) and parsed.text == text
    assert parsed.comparator in {"", ">=", ">", "<=", "<", "=", "increase"}
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
