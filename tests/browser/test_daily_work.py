"""Issue 16 in a real browser: the reviewer judges what he approves (notes in full, verdicts, the diff
after a return), 是/否 reads as such on the entry page and in the history, and a city officer fills OH08
from the city's dashboard."""
import pytest

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.models import Submission
from tests.conftest import make_user

from .conftest import screenshot
from .test_entry_flow import RATE_CODES, log_in

pytestmark = pytest.mark.browser

LONG_NOTE = ("数据来源：阳春市卫生健康局2024年职业病危害项目申报系统导出，经与市场监管部门企业名录逐一核对后"
             "去除重复申报的企业，共核减17家；另有3家企业已注销，未计入分母。")


def fill_and_submit(page, live_server, *, oh03_denominator: str, note: str = ""):
    page.goto(f"{live_server.url}/reporting/441781/2024/")
    for code in RATE_CODES:
        page.locator(f'tr[data-code="{code}"] [data-role="numerator"]').fill("92")
        page.locator(f'tr[data-code="{code}"] [data-role="denominator"]').fill("100")
    page.locator('tr[data-code="OH03"] [data-role="denominator"]').fill(oh03_denominator)
    page.locator('tr[data-code="OH01"] [data-role="value"]').fill("120000")
    page.select_option('select[name="OH09-yes_no"]', "yes")
    if note:
        page.fill('input[name="OH02-note"]', note)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交，等待审核")


def test_the_review_page_shows_full_notes_verdicts_and_the_diff_after_a_return(live_server, portal_data, browser):
    make_user("yangchun", "officer", "441781")
    make_user("yangjiang", "reviewer", "441700")
    officer = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    reviewer = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    log_in(officer, live_server, "yangchun")
    fill_and_submit(officer, live_server, oh03_denominator="200", note=LONG_NOTE)

    log_in(reviewer, live_server, "yangjiang")
    reviewer.goto(f"{live_server.url}/reporting/441781/2024/")
    note = reviewer.locator('#review-rows tr[data-code="OH02"] [data-col="note"]')
    assert note.inner_text().strip() == LONG_NOTE
    assert note.evaluate("cell => cell.scrollWidth <= cell.clientWidth")  # wrapped, nothing cut off
    verdict = reviewer.locator('#review-rows tr[data-code="OH02"] [data-col="verdict"] [data-status]')
    assert verdict.get_attribute("data-status") == "met" and verdict.inner_text() == "达标"  # 92% against >90%
    assert reviewer.locator('#review-rows tr[data-code="OH03"] [data-col="verdict"] [data-status]').inner_text() == "推进中"  # 46%, 2025-only target
    assert reviewer.locator("#changes-since-return").count() == 0

    reviewer.fill("#id_comment", "请核对OH03的分母（监测点数）")
    reviewer.click("button[value=return]")
    reviewer.wait_for_selector("text=退回：已完成")

    officer.goto(f"{live_server.url}/reporting/441781/2024/")
    officer.locator('tr[data-code="OH03"] [data-role="denominator"]').fill("98")
    officer.once("dialog", lambda dialog: dialog.accept())
    officer.click("button[name=submit]")
    officer.wait_for_selector("text=已提交，等待审核")

    reviewer.goto(f"{live_server.url}/reporting/441781/2024/")
    box = reviewer.locator("#changes-since-return")
    assert "请核对OH03的分母（监测点数）" in box.inner_text()
    rows = [row.inner_text().split("\t") for row in box.locator("tbody tr").all()]
    assert rows == [["OH03", "分母", "200", "98"], ["OH03", "数值", "46%", "93.88%"]]
    screenshot(reviewer, "review-diff-after-return")
    reviewer.click("button[value=approve]")
    reviewer.wait_for_selector("text=审核通过：已完成")
    assert Submission.objects.get(year=2024).status == SubmissionStatus.APPROVED


def test_yes_no_reads_as_yes_or_no_on_the_entry_page_and_in_history(live_server, portal_data, page):
    officer = make_user("yangchun", "officer", "441781")
    last_year = Submission.objects.create(region=Region.objects.get(code="441781"), year=2023,
                                          status=SubmissionStatus.APPROVED, submitted_by=officer)
    last_year.values.create(indicator=Indicator.objects.get(code="OH09"), value=100)
    log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/reporting/441781/2024/")
    previous = page.locator('tr[data-code="OH09"] td').nth(2)
    assert previous.inner_text().strip() == "是"

    page.select_option('select[name="OH09-yes_no"]', "no")
    page.fill('input[name="OH09-note"]', "承担机构2024年撤销")  # a change against last year needs a reason
    page.click("button[name=save]")
    page.wait_for_selector("text=草稿已保存")
    page.click("text=查看修改历史")
    row = page.locator("#value-history tr", has_text="OH09")
    assert "否" in row.inner_text() and "100" not in row.inner_text() and "%" not in row.inner_text()


def test_a_city_officer_fills_oh08_from_the_city_dashboard(live_server, portal_data, page):
    make_user("yangjiang_city", "officer", "441700")
    log_in(page, live_server, "yangjiang_city")
    page.goto(f"{live_server.url}/dashboard/441700/2024/")
    page.click("#own-report-link")
    page.wait_for_url("**/reporting/441700/2024/")
    assert [code for code in page.locator("tr.entry-row").evaluate_all("rows => rows.map(r => r.dataset.code)")] == ["OH08"]
    page.select_option('select[name="OH08-yes_no"]', "yes")
    page.fill('input[name="OH08-note"]', "市职业病防治院承担职业病诊断工作")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交，等待审核")
    submission = Submission.objects.get(region__code="441700", year=2024)
    assert submission.status == SubmissionStatus.SUBMITTED and submission.values.get().value == 100

    # The city's own cell on its dashboard reads 是 (one region's value), not 100%.
    page.goto(f"{live_server.url}/dashboard/441700/2024/")
    own = page.locator("#own-row td").nth(["OH01", "OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH08"].index("OH08"))
    # (beside it the status symbol and, for screen readers, the status name: issue 17)
    assert own.locator("[data-status]").inner_text().split("\n")[-1] == "是"
