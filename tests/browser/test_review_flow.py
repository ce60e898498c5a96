"""Issue acceptance: return with a comment, fix, resubmit, approve — and the dashboard cell's colour."""
import pytest

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.models import Submission
from tests.conftest import make_user

from .conftest import screenshot
from .test_entry_flow import log_in

pytestmark = pytest.mark.browser


def submitted_2025_report(officer):
    """阳春市's complete 2025 report, OH02 at 92 % (阳江's target >90%: met once approved)."""
    submission = Submission.objects.create(region=Region.objects.get(code="441781"), year=2025,
                                           status=SubmissionStatus.SUBMITTED, submitted_by=officer, version=3)
    for indicator in Indicator.objects.filter(code__in=["OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"]):
        submission.values.create(indicator=indicator, numerator=92, denominator=100, value=92)
    submission.values.create(indicator=Indicator.objects.get(code="OH01"), value=120000)
    submission.values.create(indicator=Indicator.objects.get(code="OH09"), value=100)
    return submission


def test_return_fix_resubmit_approve(live_server, portal_data, browser):
    officer = make_user("yangchun", "officer", "441781")
    make_user("yangjiang", "reviewer", "441700")
    submitted_2025_report(officer)
    reviewer_page = browser.new_context(locale="zh-CN").new_page()
    officer_page = browser.new_context(locale="zh-CN").new_page()

    # The reviewer sees 阳春市's submission on the dashboard and opens it.
    log_in(reviewer_page, live_server, "yangjiang")
    reviewer_page.goto(f"{live_server.url}/dashboard/441700/2025/")
    assert "已提交" in reviewer_page.locator("#compliance-matrix tr", has_text="阳春市").inner_text()
    reviewer_page.get_by_role("link", name="阳春市").click()
    reviewer_page.fill("#id_comment", "请核对OH03的分母（监测点数）")
    reviewer_page.click("button[value=return]")
    reviewer_page.wait_for_selector("text=退回：已完成")

    # The officer sees the comment first on her home page, fixes and resubmits.
    log_in(officer_page, live_server, "yangchun")
    assert "请核对OH03的分母" in officer_page.locator(".returned-submission").inner_text()
    officer_page.click(".returned-submission a")
    assert "请核对OH03的分母" in officer_page.locator("#review-comment").inner_text()
    officer_page.locator('tr[data-code="OH03"] [data-role="denominator"]').fill("98")
    officer_page.once("dialog", lambda dialog: dialog.accept())  # 提交 asks for confirmation
    officer_page.click("button[name=submit]")
    officer_page.wait_for_selector("text=已提交，等待审核")

    # The reviewer approves; the matrix cell shows its status colour.
    reviewer_page.goto(f"{live_server.url}/reporting/441781/2025/")
    reviewer_page.click("button[value=approve]")
    reviewer_page.wait_for_selector("text=审核通过：已完成")
    reviewer_page.goto(f"{live_server.url}/dashboard/441700/2025/")
    row = reviewer_page.locator("#compliance-matrix tr", has_text="阳春市")
    assert "已审核" in row.inner_text()
    cell = row.locator('[data-status]').nth(1)  # OH02 (after OH01)
    assert cell.get_attribute("data-status") == "met"
    assert cell.evaluate("element => getComputedStyle(element).backgroundColor") == "rgb(25, 135, 84)"
    assert Submission.objects.get(region__code="441781", year=2025).status == SubmissionStatus.APPROVED
    screenshot(reviewer_page, "review-approved-matrix")
