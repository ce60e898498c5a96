"""Rule 6 of issue 14 in a real browser: an admin uploads a 揭西县 plan mid-period, reads the impact on the
confirmation page (a page type of its own: the admin's preview with its impact tables), which axe-core
finds accessible in Chinese and in English, and confirms it."""
import pytest

from plan_documents.excel_write import plan_template_workbook
from plans.models import Plan
from plumbing.xlsx import workbook_bytes
from tests.conftest import make_user
from tests.plans.test_plans_in_time import JIEXI, jiexi_document
from tests.reporting.test_dashboard import report

from .test_accessibility import BROWSER_LOCALES, axe_violations
from .test_entry_flow import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_reads_the_impact_and_confirms(live_server, portal_data, browser, tmp_path, language):
    make_user("admin", "admin", None)
    report(JIEXI, 2023, OH02=(95, 100))
    workbook = tmp_path / "jiexi.xlsx"
    workbook.write_bytes(workbook_bytes(plan_template_workbook(jiexi_document())))
    # axe is injected, which the Content-Security-Policy rightly refuses: this context alone bypasses it.
    context = browser.new_context(locale=BROWSER_LOCALES[language], bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, "admin")

    page.goto(f"{live_server.url}/admin/plans/excel/")
    page.set_input_files("input[type=file]", str(workbook))
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/plans/excel/confirm/")

    summary = page.locator("#impact-summary").inner_text()
    expected = {"zh-hans": "将改变 1 个地区 5 个年度的适用规划或目标；1 份已提交/已审核的报告判定将改变",
                "en": "changes the governing plan or target of 1 region(s) in 5 year(s); 1 submitted or approved report(s)"}
    assert expected[language] in summary
    assert "2021–2024" in page.locator("#impact-changes").inner_text()
    assert page.locator("#impact-reports tbody tr").count() == 1
    assert axe_violations(page) == []

    page.click("input[type=submit].default")
    plan = Plan.objects.get(region__code=JIEXI)
    page.wait_for_url(f"{live_server.url}/admin/plans/plan/{plan.pk}/change/")
    context.close()
