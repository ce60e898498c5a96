"""Issue acceptance: an officer fills one key action with evidence and submits; the reviewer sees it."""
import pytest

from actions.models import ActionReport, KeyAction
from lifecycle.models import SubmissionStatus
from tests.conftest import make_user

from .conftest import screenshot
from .test_entry_flow import log_in

pytestmark = pytest.mark.browser


def test_officer_reports_an_action_with_evidence(live_server, portal_data, browser, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    make_user("yangchun", "officer", "441781")
    make_user("yangjiang", "reviewer", "441700")
    evidence = tmp_path / "帮扶工作总结.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    actions = list(KeyAction.objects.filter(plan__region__code="441700").order_by("seq").prefetch_related("items"))

    page = browser.new_context(locale="zh-CN").new_page()
    log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/actions/441781/2024/")
    first = actions[0]
    for item in first.items.all():
        page.select_option(f'select[name="i{item.pk}-status"]', "done")
        page.fill(f'textarea[name="i{item.pk}-description"]', "已完成帮扶")
    page.fill(f'textarea[name="a{first.pk}-narrative"]', "全年帮扶中小微企业 12 家")
    page.fill(f'input[name="a{first.pk}-metric-0-label"]', "帮扶企业数")
    page.fill(f'input[name="a{first.pk}-metric-0-value"]', "12")
    page.fill(f'input[name="a{first.pk}-metric-0-unit"]', "家")
    page.set_input_files(f'input[name="a{first.pk}-evidence"]', str(evidence))
    for action in actions[1:]:
        for item in action.items.all():
            page.select_option(f'select[name="i{item.pk}-status"]', "in_progress")
    confirmations = []
    page.once("dialog", lambda dialog: (confirmations.append(dialog.message), dialog.accept()))
    page.click("button[name=submit]")
    page.wait_for_selector("text=已提交，等待审核")
    assert "表单随即锁定" in confirmations[0]  # the submit confirmation says what happens
    assert page.get_by_role("link", name="帮扶工作总结.pdf").is_visible()
    assert ActionReport.objects.get(region__code="441781", year=2024).status == SubmissionStatus.SUBMITTED

    reviewer = browser.new_context(locale="zh-CN").new_page()
    log_in(reviewer, live_server, "yangjiang")
    reviewer.goto(f"{live_server.url}/dashboard/441700/2024/actions/")
    row = reviewer.locator('#action-matrix tr[data-region="441781"]')
    assert "已提交" in row.inner_text()
    assert row.locator('[data-progress="done"]').count() == 1
    assert row.locator('[data-progress="in_progress"]').count() == len(actions) - 1
    screenshot(reviewer, "action-matrix")
