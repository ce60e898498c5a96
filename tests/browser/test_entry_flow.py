"""Issue acceptance: the 阳春市 officer fills 2024 in a real browser."""
import pytest

from lifecycle.models import SubmissionStatus
from reporting.models import IndicatorValue, Submission
from tests.conftest import PASSWORD, make_user

from .conftest import screenshot

pytestmark = pytest.mark.browser

RATE_CODES = ["OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def test_officer_enters_saves_and_submits_2024(live_server, portal_data, page):
    make_user("yangchun", "officer", "441781")
    log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/reporting/441781/2024/")

    # The targets beside the inputs are 阳江市's (阳春市 has no plan of its own).
    assert "阳江市规划 附表1 第2项 >90%" in page.locator('tr[data-code="OH02"] .target-source').inner_text()

    # The percentage appears as the officer types.
    row = page.locator('tr[data-code="OH02"]')
    row.locator('[data-role="numerator"]').fill("45")
    row.locator('[data-role="denominator"]').fill("50")
    assert row.locator('[data-role="percent"]').inner_text() == "90.00%"

    # A browser-side hint, then the server's own message next to the field.
    row.locator('[data-role="numerator"]').fill("60")
    assert "分子不能大于分母" in row.locator(".client-error").inner_text()
    page.click("button[name=save]")
    assert "分子不能大于分母" in page.locator('tr[data-code="OH02"] .server-error').first.inner_text()
    assert not Submission.objects.exists()

    # Fix it, fill every row, save a draft.
    page.locator('tr[data-code="OH02"] [data-role="numerator"]').fill("46")
    for code in RATE_CODES[1:]:
        page.locator(f'tr[data-code="{code}"] [data-role="numerator"]').fill("95")
        page.locator(f'tr[data-code="{code}"] [data-role="denominator"]').fill("100")
    page.locator('tr[data-code="OH01"] [data-role="value"]').fill("120000")
    page.select_option('select[name="OH09-yes_no"]', "yes")
    page.click("button[name=save]")
    page.wait_for_selector("text=草稿已保存")
    assert IndicatorValue.objects.get(indicator__code="OH02").value == 92

    # 提交 asks first, saying what happens; cancelling changes nothing.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.click("button[name=submit]")
    assert "送交审核员审核" in dialogs[0] and "不能再修改" in dialogs[0] and "阳春市 2024" in dialogs[0]
    assert page.locator("#submission-status").inner_text() == "草稿"
    assert Submission.objects.get().status == SubmissionStatus.DRAFT

    # Submit: the form locks.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交，等待审核")
    assert page.locator("#submission-status").inner_text() == "已提交"
    assert page.locator('tr[data-code="OH02"] [data-role="numerator"]').is_disabled()
    assert page.locator("button[name=save]").count() == 0
    assert Submission.objects.get(region__code="441781", year=2024).status == SubmissionStatus.SUBMITTED
    screenshot(page, "entry-submitted")
