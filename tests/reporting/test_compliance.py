"""The compliance rule on the seed plans' own targets."""
from decimal import Decimal as D

import pytest

from reporting.compliance import (
    Baseline,
    Status,
    TargetSpec,
    judge,
    meets,
    path_value,
    previous_value,
    rollup_rate,
    rollup_share_yes,
)


def spec(text, comparator, value, year=2025, **kwargs):
    return TargetSpec(text, comparator, None if value is None else D(value), year, **kwargs)


HUADU_OH02 = spec(">90%", ">", 90)           # 花都区 附表1 第2项 (strict)
JIEYANG_OH02 = spec("≥90%", ">=", 90)        # 揭阳市 (inclusive)
QINGYUAN_OH09 = spec("75%", ">=", 75)        # 清远市 bare percentage: inclusive
JIANGHAI_OH02_2023 = spec("60%", ">=", 60, year=2023)
INCREASE = spec("稳步提升", "increase", None)


def test_strict_comparator_fails_on_the_boundary():
    assert judge(value=D("90.0"), year=2025, target=HUADU_OH02).status == Status.NOT_MET
    assert judge(value=D("90.01"), year=2025, target=HUADU_OH02).status == Status.MET


def test_inclusive_comparators_pass_on_the_boundary():
    assert judge(value=D(90), year=2025, target=JIEYANG_OH02).status == Status.MET
    assert judge(value=D(75), year=2025, target=QINGYUAN_OH09).status == Status.MET
    assert judge(value=D("74.99"), year=2025, target=QINGYUAN_OH09).status == Status.NOT_MET


def test_a_printed_interim_target_is_judged_met_or_not_met():
    assert judge(value=D(61), year=2023, target=JIANGHAI_OH02_2023).status == Status.MET
    assert judge(value=D(59), year=2023, target=JIANGHAI_OH02_2023).status == Status.NOT_MET


def test_interim_year_already_meeting_the_final_target_is_met():
    assert judge(value=D(95), year=2023, target=JIEYANG_OH02).status == Status.MET


def test_interim_year_without_baseline_is_in_progress_never_not_met():
    verdict = judge(value=D(50), year=2023, target=JIEYANG_OH02)
    assert verdict.status == Status.IN_PROGRESS and "无基线" in verdict.explanation


def test_interim_year_with_baseline_follows_the_linear_path():
    baseline = Baseline(2020, D("78.0"))  # 广东省 2020 OH02, printed in 江海区's plan
    # 2023 on the line 78 → 90 over 2020–2025: 78 + 12 × 3/5 = 85.2
    assert path_value(baseline, D(90), 2025, 2023) == D("85.2")
    on_track = judge(value=D("85.2"), year=2023, target=JIEYANG_OH02, baseline=baseline)
    assert on_track.status == Status.ON_TRACK and on_track.expected == D("85.2")
    assert judge(value=D(85), year=2023, target=JIEYANG_OH02, baseline=baseline).status == Status.BEHIND


def test_increase_targets_compare_with_the_previous_value():
    assert judge(value=D(101), year=2024, target=INCREASE, previous=D(100)).status == Status.MET
    assert judge(value=D(100), year=2024, target=INCREASE, previous=D(100)).status == Status.NOT_MET
    assert judge(value=D(100), year=2021, target=INCREASE).status == Status.UNDETERMINED


def test_previous_value_prefers_last_year_then_earlier_then_baseline():
    baseline = Baseline(2020, D(117810))
    assert previous_value({2023: D(5), 2021: D(3)}, 2024, baseline)[0] == D(5)
    assert previous_value({2021: D(3)}, 2024, baseline)[0] == D(3)
    assert previous_value({}, 2024, baseline) == (D(117810), "2020年基线")
    assert previous_value({}, 2024, None) == (None, "")
    assert previous_value({2024: D(9)}, 2024, None) == (None, "")


def test_no_value_is_no_data_and_no_target_is_no_target():
    assert judge(value=None, year=2024, target=JIEYANG_OH02).status == Status.NO_DATA
    assert judge(value=D(1), year=2024, target=None).status == Status.NO_TARGET
    assert judge(value=D(1), year=2024, target=spec("/", "", None)).status == Status.NO_TARGET
    other = spec("重点行业职业病危害定期检测率 99%", "", None, other_measure=True)
    assert "口径不同" in judge(value=D(1), year=2024, target=other).explanation


def test_every_verdict_explains_itself_with_value_target_and_source():
    verdict = judge(value=D("90.0"), year=2025, target=spec(">90%", ">", 90, source="阳江市规划 附表1 第2项"))
    assert verdict.explanation.startswith("阳江市规划 附表1 第2项：") and "90" in verdict.explanation
    assert ">90%" in verdict.explanation


@pytest.mark.parametrize("comparator, value, expected", [(">", 90, False), (">=", 90, True), ("<", 89, True), ("=", 90, True)])
def test_meets(comparator, value, expected):
    assert meets(D(value), comparator, D(90)) is expected


def test_rate_rollup_is_ratio_of_sums_not_mean_of_percentages():
    # County A: 1/1 = 100 %, county B: 80/100 = 80 %. Mean of % = 90 % (would meet ≥90%);
    # ratio of sums = 81/101 = 80.2 % (does not).
    rolled = rollup_rate(D(81), D(101))
    assert rolled.quantize(D("0.01")) == D("80.20")
    assert judge(value=rolled, year=2025, target=JIEYANG_OH02).status == Status.NOT_MET
    assert rollup_rate(D(0), D(0)) is None


def test_yes_no_share_against_qingyuan_75_percent():
    assert rollup_share_yes(6, 8) == D(75)
    assert judge(value=rollup_share_yes(6, 8), year=2025, target=QINGYUAN_OH09).status == Status.MET
    assert judge(value=rollup_share_yes(5, 8), year=2025, target=QINGYUAN_OH09).status == Status.NOT_MET
    assert rollup_share_yes(0, 0) is None
