"""Rule 2 (issue 14), the pure part: which baseline draws an interim year's linear path, in which order,
and how the explanation names it (``reporting.baselines``; no database)."""
from decimal import Decimal

from reporting.baselines import BaselineKind, baseline_in_order, baseline_label, first_counted
from reporting.compliance import Baseline, Status, TargetSpec, judge

PRINTED = Baseline(2020, Decimal(78), "阳江市规划印发的", BaselineKind.PRINTED)
ENTERED = Baseline(2020, Decimal(50), "本地区填报并经审核的", BaselineKind.ENTERED)
VALUES = {2021: None, 2022: Decimal(40), 2023: Decimal(55), 2024: Decimal(70)}
FINAL = TargetSpec(">90%", ">", Decimal(90), 2025, "阳江市规划 附表1 第2项 >90%（2025年目标）")


def test_printed_beats_entered_beats_first_counted():
    assert baseline_in_order(printed=PRINTED, entered=ENTERED, values_by_year=VALUES, year=2024) is PRINTED
    assert baseline_in_order(printed=None, entered=ENTERED, values_by_year=VALUES, year=2024) is ENTERED
    fallback = baseline_in_order(printed=None, entered=None, values_by_year=VALUES, year=2024)
    assert (fallback.year, fallback.value, fallback.kind) == (2022, Decimal(40), BaselineKind.FIRST_COUNTED)


def test_first_counted_is_the_earliest_counted_plan_year_before_the_year():
    assert first_counted(VALUES, 2024).year == 2022  # 2021 has no counted value
    assert first_counted(VALUES, 2023).year == 2022
    assert first_counted(VALUES, 2022) is None  # the first counted year itself has nothing earlier
    # A value of 2020 (a baseline report) is not a plan year's value: never a "first counted" one.
    assert first_counted({2020: Decimal(10), 2023: Decimal(30)}, 2024).year == 2023


def test_a_relative_target_takes_only_a_printed_or_entered_baseline():
    """比2020年下降10% names its base year: a later first value would resolve it against the wrong year."""
    assert baseline_in_order(printed=None, entered=None, values_by_year=VALUES, year=2024, relative=True) is None
    assert baseline_in_order(printed=None, entered=ENTERED, values_by_year=VALUES, year=2024, relative=True) is ENTERED


def test_the_label_names_each_source():
    assert baseline_label(PRINTED) == "阳江市规划印发的2020年基线"
    assert baseline_label(ENTERED) == "本地区填报的2020年基线值（已审核）"
    assert baseline_label(first_counted(VALUES, 2024)) == "本地区2022年首个填报值"


def test_the_explanation_names_the_source_of_the_path():
    entered = judge(value=Decimal(60), year=2023, target=FINAL, baseline=ENTERED)
    assert entered.status == Status.BEHIND and entered.expected == Decimal(74)  # 50 + 40 × 3/5
    assert "按 本地区填报并经审核的2020 年基线 50" in entered.explanation
    fallback = judge(value=Decimal(75), year=2024, target=FINAL, baseline=first_counted(VALUES, 2024))
    assert fallback.status == Status.ON_TRACK  # 40 + 50 × 2/3 = 73.33 ≤ 75
    assert fallback.expected.quantize(Decimal("0.01")) == Decimal("73.33")
    assert "按 本地区首个填报值作为2022 年基线 40" in fallback.explanation
    assert "距2025年目标 90 尚差 15" in fallback.explanation  # every interim cell says its gap too


def test_a_year_equal_to_the_baseline_year_stays_in_progress():
    """The first counted year is the fallback's own year: no path can be drawn from a value to itself."""
    first = first_counted({2022: Decimal(40), 2023: Decimal(55)}, 2023)
    assert judge(value=Decimal(40), year=2022, target=FINAL, baseline=first).status == Status.IN_PROGRESS
    assert judge(value=Decimal(40), year=2022, target=FINAL,
                 baseline=first_counted({2022: Decimal(40)}, 2022)).status == Status.IN_PROGRESS
    same_year = Baseline(2022, Decimal(40), "", BaselineKind.FIRST_COUNTED)
    assert judge(value=Decimal(40), year=2022, target=FINAL, baseline=same_year).status == Status.IN_PROGRESS
