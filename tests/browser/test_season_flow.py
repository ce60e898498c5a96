"""Issue 20 acceptance: a reviewer sends a reminder; the officer sees the bell, opens the report and
submits; the city approves; the province confirms; completeness shows the report on time."""
import datetime

import pytest
from django.utils import timezone

from lifecycle.models import ProvinceReview, SubmissionStatus
from regions.models import Region
from reporting.models import Submission
from seasons.services import window_set
from tests.conftest import make_user

from .conftest import screenshot
from .test_entry_flow import log_in
from .test_review_flow import submitted_2025_report

pytestmark = pytest.mark.browser


def test_reminder_bell_submit_city_approves_province_confirms_on_time(live_server, portal_data, browser):
    officer = make_user("yangchun", "officer", "441781")
    make_user("yangjiang", "reviewer", "441700")
    make_user("guangdong", "reviewer", "440000")
    guangdong = Region.objects.get(code="440000")
    ProvinceReview.objects.create(province=guangdong, confirms=True)
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    window_set(region=guangdong, year=2025, opens_on=today - 30 * day, due_on=today + 5 * day,
               closes_on=today + 30 * day, user=None)
    draft = submitted_2025_report(officer)
    Submission.objects.filter(pk=draft.pk).update(status=SubmissionStatus.DRAFT)  # filled in, not yet submitted
    city = browser.new_context(locale="zh-CN").new_page()
    county = browser.new_context(locale="zh-CN").new_page()
    province = browser.new_context(locale="zh-CN").new_page()

    # 阳江市's reviewer reminds 阳春市 from the completeness page.
    log_in(city, live_server, "yangjiang")
    city.goto(f"{live_server.url}/dashboard/441700/2025/completeness/")
    city.check('input[name=region][value="441781"]')
    city.click("#remind-selected")
    city.wait_for_selector("text=已向 1 个地区发送催报：阳春市")

    # The officer sees the bell, opens the reminder, lands on her report and submits it.
    log_in(county, live_server, "yangchun")
    assert county.locator("#bell-count").inner_text() == "1"
    county.click("#notification-bell")
    county.click(".notification-unread .notification-open")
    county.wait_for_url(f"{live_server.url}/reporting/441781/2025/")
    assert "还剩 5 天" in county.locator("#season").inner_text()
    county.once("dialog", lambda dialog: dialog.accept())  # the submit confirmation (issue 16)
    county.click("button[name=submit]")
    county.wait_for_selector("text=已提交，等待审核")
    assert county.locator("#bell-count").count() == 0  # the reminder was read when opened

    # The city approves from its queue: first level.
    city.goto(f"{live_server.url}/reporting/review/")
    city.locator("#pending-reviews tr", has_text="阳春市").get_by_role("link", name="审核").click()
    city.fill("#id_comment", "市级已核对")
    city.click("button[value=approve]")
    city.wait_for_selector("text=审核通过：已完成")
    assert "省级复核：待复核" in city.locator("#review-levels").inner_text()

    # The province is notified, confirms, and the county's report is approved with both levels shown.
    log_in(province, live_server, "guangdong")
    assert province.locator("#bell-count").inner_text() == "1"
    province.goto(f"{live_server.url}/reporting/review/")
    province.locator("#pending-reviews tr", has_text="阳春市").get_by_role("link", name="审核").click()
    province.click("button[value=approve]")
    province.wait_for_selector("text=审核通过：已完成")
    levels = province.locator("#review-levels").inner_text()
    assert "市级审核通过" in levels and "市级已核对" in levels and "省级复核通过" in levels

    # Completeness: approved, on time.
    province.goto(f"{live_server.url}/dashboard/441700/2025/completeness/")
    row = province.locator("#completeness-table tr", has_text="阳春市")
    assert row.get_attribute("data-state") == "approved"
    assert row.locator(".timeliness").get_attribute("data-lateness") == "on_time"
    assert "按时提交" in row.inner_text()
    screenshot(province, "season-flow-completeness")


def test_the_province_sets_the_season_the_city_a_stricter_one_and_the_officer_sees_the_due_date(
        live_server, portal_data, browser):
    make_user("guangdong", "reviewer", "440000")
    make_user("yangjiang", "reviewer", "441700")
    make_user("yangchun", "officer", "441781")
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    province = browser.new_context(locale="zh-CN").new_page()
    city = browser.new_context(locale="zh-CN").new_page()
    county = browser.new_context(locale="zh-CN").new_page()

    # 广东省's reviewer sets the province's window from its completeness page.
    log_in(province, live_server, "guangdong")
    province.goto(f"{live_server.url}/dashboard/440000/2025/completeness/")
    province.click("#set-window")
    province.fill("#id_opens_on", (today - 10 * day).isoformat())
    province.fill("#id_due_on", (today + 10 * day).isoformat())
    province.fill("#id_closes_on", (today + 30 * day).isoformat())
    province.click("#window-save")
    province.wait_for_selector("text=已保存 广东省 2025 年度填报期限")

    # 阳江市's reviewer sees it, may not loosen it, and sets a stricter due date for its counties.
    log_in(city, live_server, "yangjiang")
    city.goto(f"{live_server.url}/dashboard/441700/2025/completeness/")
    city.click("#set-window")
    assert (today + 10 * day).isoformat() in city.locator("#window-above").inner_text()
    city.fill("#id_due_on", (today + 12 * day).isoformat())
    city.click("#window-save")
    assert "填报截止日不能晚于上级规定的" in city.locator("#id_due_on-error").inner_text()
    city.fill("#id_due_on", (today + 4 * day).isoformat())
    city.click("#window-save")
    city.wait_for_selector("text=已保存 阳江市 2025 年度填报期限")
    screenshot(city, "season-city-window")

    # 阳春市's officer sees the city's due date on the home page and on the report.
    log_in(county, live_server, "yangchun")
    assert "还剩 4 天" in county.locator("#season").inner_text()
    county.goto(f"{live_server.url}/reporting/441781/2025/")
    season = county.locator("#season").inner_text()
    assert (today + 4 * day).isoformat() in season and "还剩 4 天" in season
