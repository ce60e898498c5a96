"""Issue 17 acceptance: the portal works without a mouse. An officer fills and submits the entry form
with Tab, typing and Enter; a reviewer opens a matrix cell's "why" with Tab and Enter."""
import pytest

from lifecycle.models import SubmissionStatus
from reporting.models import Submission
from tests.conftest import PASSWORD, make_user

from .test_entry_flow import RATE_CODES
from .test_review_flow import submitted_2025_report

pytestmark = pytest.mark.browser

MAX_TABS = 300


def tab_to(page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector`` (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def keyboard_log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_officer_fills_and_submits_the_entry_form_with_the_keyboard_only(live_server, portal_data, page):
    make_user("yangchun", "officer", "441781")
    keyboard_log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/reporting/441781/2024/")

    tab_to(page, 'input[name="OH01-value"]')
    page.keyboard.type("120000")
    for code in RATE_CODES:
        tab_to(page, f'input[name="{code}-numerator"]')
        page.keyboard.type("95")
        page.keyboard.press("Tab")  # straight on to the denominator
        page.keyboard.type("100")
    tab_to(page, 'select[name="OH09-yes_no"]')
    page.keyboard.press("ArrowDown")  # — → 是
    assert page.locator('select[name="OH09-yes_no"]').input_value() == "yes"
    tab_to(page, "button[name=submit]")
    page.once("dialog", lambda dialog: dialog.accept())  # the confirmation says what 提交 does (issue 16)
    page.keyboard.press("Enter")

    page.wait_for_selector("text=已提交，等待审核")
    submission = Submission.objects.get(region__code="441781", year=2024)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.values.get(indicator__code="OH02").value == 95
    assert submission.values.get(indicator__code="OH01").value == 120000


def test_reviewer_reads_a_cells_why_with_the_keyboard_only(live_server, portal_data, page):
    submitted_2025_report(make_user("yangchun", "officer", "441781"))
    make_user("yangjiang", "reviewer", "441700")
    keyboard_log_in(page, live_server, "yangjiang")
    page.goto(f"{live_server.url}/dashboard/441700/2025/")

    row = page.locator("#compliance-matrix tr", has_text="阳春市")
    why = row.locator('td:has([data-status]) details.cell-why').nth(1)  # OH02 (after OH01)
    panel = why.locator(".cell-why-text")
    assert not panel.is_visible()
    why.locator("summary").evaluate("summary => summary.dataset.target = 'oh02'")
    tab_to(page, 'summary[data-target="oh02"]')
    page.keyboard.press("Enter")
    assert why.evaluate("details => details.open")
    assert panel.is_visible()
    # The same words as the hover title: the status and why, judged against 阳江's target.
    assert panel.inner_text() == row.locator('[data-status]').nth(1).get_attribute("title")
    assert panel.inner_text() == "达标｜阳江市规划 附表1 第2项 >90%：92 > 90，满足“>90%”"
    page.keyboard.press("Enter")  # and closes again
    assert not why.evaluate("details => details.open")
