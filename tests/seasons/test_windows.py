"""The window rule, without the database: states, entry, timeliness, the strictest window, reminders."""
from datetime import date

import pytest

from seasons.windows import (
    Lateness,
    Window,
    WindowState,
    automatic_reminder_due,
    entry_refusal,
    reopening_errors,
    strictest,
    timeliness,
    window_setting_errors,
    window_state,
)

SEASON = Window(opens_on=date(2026, 1, 10), due_on=date(2026, 3, 31), closes_on=date(2026, 4, 30))


@pytest.mark.parametrize("day, state, allowed", [
    (date(2026, 1, 9), WindowState.BEFORE, False),
    (date(2026, 1, 10), WindowState.OPEN, True),
    (date(2026, 3, 31), WindowState.OPEN, True),  # the due date itself is still on time
    (date(2026, 4, 1), WindowState.LATE, True),
    (date(2026, 4, 30), WindowState.LATE, True),
    (date(2026, 5, 1), WindowState.CLOSED, False),
])
def test_state_and_entry_through_the_season(day, state, allowed):
    assert window_state(SEASON, day) == state
    assert (entry_refusal(SEASON, day, 2025) is None) == allowed


def test_refusals_say_when_and_what_to_do():
    assert "2026-01-10 开始填报" in entry_refusal(SEASON, date(2026, 1, 1), 2025)
    closed = entry_refusal(SEASON, date(2026, 6, 1), 2025)
    assert "2026-03-31 截止" in closed and "重新开放" in closed


def test_a_reopened_region_may_enter_until_the_reopening_ends():
    reopened = Window(SEASON.opens_on, SEASON.due_on, SEASON.closes_on, reopened_until=date(2026, 6, 15))
    assert window_state(reopened, date(2026, 6, 1)) == WindowState.REOPENED
    assert entry_refusal(reopened, date(2026, 6, 15), 2025) is None
    assert window_state(reopened, date(2026, 6, 16)) == WindowState.CLOSED


def test_without_a_window_entry_is_allowed_and_nothing_is_late():
    assert entry_refusal(None, date(2030, 1, 1), 2025) is None
    assert timeliness(None, None, date(2030, 1, 1)) is None


@pytest.mark.parametrize("submitted, today, lateness, days", [
    (None, date(2026, 3, 28), Lateness.NOT_DUE, 3),
    (date(2026, 3, 31), date(2026, 5, 1), Lateness.ON_TIME, 0),
    (date(2026, 4, 3), date(2026, 5, 1), Lateness.LATE_SUBMITTED, 3),
    (None, date(2026, 4, 10), Lateness.OVERDUE, 10),
])
def test_timeliness_counts_days_late(submitted, today, lateness, days):
    result = timeliness(SEASON, submitted, today)
    assert (result.lateness, result.days) == (lateness, days)


def test_texts_name_the_lateness_and_the_days():
    assert timeliness(SEASON, None, date(2026, 4, 10)).text == "逾期未报 10 天（2026-03-31 截止）"
    assert timeliness(SEASON, date(2026, 4, 3), date(2026, 5, 1)).text == "逾期提交 3 天（2026-03-31 截止）"


def test_a_city_window_can_only_make_the_provinces_stricter():
    city = Window(date(2026, 1, 1), date(2026, 3, 20), date(2026, 6, 30), remind_days_before=5)
    combined = strictest([SEASON, city])
    assert (combined.opens_on, combined.due_on, combined.closes_on) == (date(2026, 1, 10), date(2026, 3, 20), date(2026, 4, 30))
    assert combined.remind_days_before == 5  # the nearest window's reminder settings
    assert strictest([]) is None


@pytest.mark.parametrize("day, reminder", [
    (date(2026, 3, 27), None),
    (date(2026, 3, 28), "before_due"),  # three days before
    (date(2026, 3, 31), "before_due"),
    (date(2026, 4, 1), "after_due"),
    (date(2026, 4, 30), "after_due"),
    (date(2026, 5, 1), None),
])
def test_automatic_reminders_fall_due_before_and_after_the_deadline(day, reminder):
    assert automatic_reminder_due(SEASON, day) == reminder


@pytest.mark.parametrize("opens, due, closes, fields", [
    (date(2026, 1, 10), date(2026, 3, 31), date(2026, 4, 30), set()),  # the same as above: allowed
    (date(2026, 2, 1), date(2026, 3, 15), date(2026, 4, 15), set()),  # stricter in every date
    (date(2026, 1, 9), date(2026, 3, 15), date(2026, 4, 15), {"opens_on"}),  # opens earlier
    (date(2026, 2, 1), date(2026, 4, 1), date(2026, 4, 15), {"due_on"}),  # due later
    (date(2026, 2, 1), date(2026, 3, 15), date(2026, 5, 1), {"closes_on"}),  # closes later
    (date(2026, 3, 20), date(2026, 3, 15), date(2026, 4, 15), {"due_on"}),  # out of order
    (date(2026, 2, 1), date(2026, 3, 15), date(2026, 3, 14), {"closes_on"}),
])
def test_a_lower_level_may_only_set_a_stricter_window(opens, due, closes, fields):
    assert set(window_setting_errors(opens, due, closes, SEASON)) == fields


def test_without_a_window_above_only_the_order_counts():
    assert window_setting_errors(date(2025, 1, 1), date(2027, 1, 1), date(2027, 2, 1), None) == {}
    assert set(window_setting_errors(date(2026, 2, 1), date(2026, 1, 1), date(2025, 1, 1), None)) == {"due_on", "closes_on"}


def test_a_reopening_ends_today_or_later():
    assert reopening_errors(date(2026, 5, 1), date(2026, 5, 1)) == {}
    assert "until" in reopening_errors(date(2026, 4, 30), date(2026, 5, 1))


def test_a_submission_moment_counts_on_its_day_in_the_portals_time_zone():
    """16:30 UTC on 31 March is 00:30 on 1 April in Beijing: one day late, as the officer's clock says."""
    from datetime import datetime, timezone

    from seasons.selectors import report_timeliness

    late = report_timeliness(SEASON, datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc), date(2026, 5, 1))
    on_time = report_timeliness(SEASON, datetime(2026, 3, 31, 15, 30, tzinfo=timezone.utc), date(2026, 5, 1))
    assert (late.lateness, late.days) == (Lateness.LATE_SUBMITTED, 1)
    assert on_time.lateness == Lateness.ON_TIME
    assert report_timeliness(SEASON, None, date(2026, 4, 10)).lateness == Lateness.OVERDUE
