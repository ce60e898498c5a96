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


def parsed_spec(text, year=2025, **kwargs):
    """A target as the grammar reads the printed text — the way every page builds one."""
    from indicators.targets import parse_target
    parsed = parse_target(text)
    return TargetSpec(text, parsed.comparator, parsed.value, year, relative=parsed.relative, note=parsed.note, **kwargs)


def test_decrease_targets_mirror_increase():
    falling = parsed_spec("有所下降")
    assert judge(value=D(9), year=2024, target=falling, previous=D(10)).status == Status.MET
    assert judge(value=D(10), year=2024, target=falling, previous=D(10)).status == Status.NOT_MET
    assert judge(value=D(11), year=2024, target=falling, previous=D(10)).status == Status.NOT_MET
    assert judge(value=D(9), year=2021, target=falling).status == Status.UNDETERMINED
    assert "9 < 2023年值 10" in judge(value=D(9), year=2024, target=falling, previous=D(10),
                                      previous_label="2023年值").explanation


@pytest.mark.parametrize("text, value, status", [
    ("控制在5%以内", "5", Status.MET), ("控制在5%以内", "5.01", Status.NOT_MET), ("控制在5%以内", "4", Status.MET),
    ("低于5%", "5", Status.NOT_MET), ("低于5%", "4.99", Status.MET),
    ("不超过3‰", "0.3", Status.MET), ("不超过3‰", "0.31", Status.NOT_MET),
])
def test_caps_on_both_sides_of_the_line_in_the_final_year(text, value, status):
    assert judge(value=D(value), year=2025, target=parsed_spec(text)).status == status


def test_a_cap_draws_its_linear_path_downwards():
    """From 10% in 2020 to ≤5% in 2025: 2023 should be at 7%; 7 is on track, 7.5 behind."""
    cap, baseline = parsed_spec("控制在5%以内"), Baseline(2020, D(10))
    on_track = judge(value=D(7), year=2023, target=cap, baseline=baseline)
    assert (on_track.status, on_track.expected) == (Status.ON_TRACK, D(7))
    assert judge(value=D("7.5"), year=2023, target=cap, baseline=baseline).status == Status.BEHIND
    assert judge(value=D(4), year=2023, target=cap, baseline=baseline).status == Status.MET


def test_relative_targets_resolve_against_the_baseline():
    ten_percent_less = parsed_spec("比2020年下降10%")
    baseline = Baseline(2020, D(40))
    met = judge(value=D(36), year=2025, target=ten_percent_less, baseline=baseline)
    assert met.status == Status.MET and "≤ 36" in met.explanation and "2020 年基线 40" in met.explanation
    assert judge(value=D("36.1"), year=2025, target=ten_percent_less, baseline=baseline).status == Status.NOT_MET
    five_points_more = parsed_spec("提高5个百分点")
    assert judge(value=D(85), year=2025, target=five_points_more, baseline=Baseline(2020, D(80))).status == Status.MET
    assert judge(value=D(84), year=2025, target=five_points_more, baseline=Baseline(2020, D(80))).status == Status.NOT_MET
    # Halfway through, the path from 80 to 85 expects 82.5 in 2023 (3 of 5 years: 83).
    assert judge(value=D(83), year=2023, target=five_points_more, baseline=Baseline(2020, D(80))).status == Status.ON_TRACK


def test_a_relative_target_without_baseline_is_undetermined():
    verdict = judge(value=D(30), year=2025, target=parsed_spec("比2020年下降10%"))
    assert verdict.status == Status.UNDETERMINED and "没有基线值" in verdict.explanation


def test_the_reading_note_is_said_in_the_explanation():
    verdict = judge(value=D(86), year=2025, target=parsed_spec("85%–90%"))
    assert verdict.status == Status.MET and "区间目标，取下限 85%" in verdict.explanation


def test_a_row_marked_not_compared_says_why():
    target = spec("至少确定1家", "", None, other_measure=True, no_comparison_reason="以是否确定机构填报，见 OH09")
    verdict = judge(value=D(1), year=2025, target=target)
    assert verdict.status == Status.NO_TARGET
    assert verdict.explanation == "规划指标“至少确定1家”不作比较：以是否确定机构填报，见 OH09"
    readable_but_marked = spec("≥90%", ">=", 90, no_comparison_reason="口径与目录不同")
    assert judge(value=D(95), year=2025, target=readable_but_marked).status == Status.NO_TARGET


def test_interim_cells_show_the_gap_to_the_final_target_and_name_the_baseline():
    no_baseline = judge(value=D(70), year=2023, target=JIEYANG_OH02)
    assert no_baseline.status == Status.IN_PROGRESS and "距2025年目标 90 尚差 20" in no_baseline.explanation
    printed = Baseline(2020, D(80), source="揭阳市规划印发的")
    verdict = judge(value=D(85), year=2023, target=JIEYANG_OH02, baseline=printed)
    assert verdict.status == Status.BEHIND
    assert "按 揭阳市规划印发的2020 年基线 80" in verdict.explanation and "尚差 5" in verdict.explanation
    # A year equal to the baseline year has no path yet: still 推进中.
    assert judge(value=D(85), year=2020, target=JIEYANG_OH02, baseline=printed).status == Status.IN_PROGRESS
