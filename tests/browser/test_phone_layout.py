"""Issue 17 acceptance: at phone size (390 px wide) the page never scrolls sideways. The entry form is
one card per indicator; wide tables scroll inside their own box with the first column in view.

Screenshots of the three pages are written to docs/screenshots/ (used by the README)."""
from pathlib import Path

import pytest

from plans.models import Plan
from tests.conftest import make_user

from .test_entry_flow import log_in
from .test_review_flow import submitted_2025_report

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PAGE_OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def keep_screenshot(page, name: str) -> None:
    DOCS_SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOTS / f"{name}.png"), full_page=False)


def test_entry_form_is_one_card_per_indicator_without_sideways_scrolling(live_server, portal_data, phone):
    make_user("yangchun", "officer", "441781")
    log_in(phone, live_server, "yangchun")
    phone.goto(f"{live_server.url}/reporting/441781/2025/")
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    card = phone.locator('tr[data-code="OH02"]')
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    # Each input sits within the card, under its column's label (the hidden header's text).
    numerator = card.locator('[data-role="numerator"]').bounding_box()
    assert numerator["x"] >= 0 and numerator["x"] + numerator["width"] <= PHONE["width"]
    label = card.locator("td[data-label]").first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "目标" in label
    keep_screenshot(phone, "phone-entry-form")
    card.locator('[data-role="numerator"]').fill("45")
    card.locator('[data-role="denominator"]').fill("50")
    assert card.locator('[data-role="percent"]').inner_text() == "90.00%"


def test_dashboard_matrix_scrolls_inside_its_box_with_the_region_column_in_view(live_server, portal_data, phone):
    submitted_2025_report(make_user("yangchun", "officer", "441781"))
    make_user("yangjiang", "reviewer", "441700")
    log_in(phone, live_server, "yangjiang")
    phone.goto(f"{live_server.url}/dashboard/441700/2025/")
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    box = phone.locator("div.table-wide", has=phone.locator("#compliance-matrix"))
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # the matrix is wider than the phone
    region_cell = phone.locator("#compliance-matrix tbody tr").first.locator("td").first
    assert region_cell.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert 0 <= region_cell.bounding_box()["x"] < 30  # still in view after scrolling to the far right
    keep_screenshot(phone, "phone-dashboard")


def test_plan_page_does_not_scroll_sideways(live_server, portal_data, phone):
    plan = Plan.objects.filter(region__code="441700").first()
    phone.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert phone.evaluate(PAGE_OVERFLOW) <= 0
    keep_screenshot(phone, "phone-plan")
