"""Issue acceptance: a plan page renders every printed row in a real browser (screenshot kept)."""
import pytest

from plans.models import Plan

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_jianghai_plan_page_shows_its_wide_table(live_server, portal_data, page):
    plan = Plan.objects.get(region__code="440704")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    rows = page.locator("#indicator-table tbody tr")
    assert rows.count() == plan.indicator_rows.count() == 11
    headers = page.locator("#indicator-table thead th").all_inner_texts()
    assert "广东省 2020 年值" in headers and "2023 年目标值" in headers and "2025 年目标值" in headers
    assert "≥90%" in rows.nth(1).inner_text()
    assert page.locator(".action-box").count() == 4
    screenshot(page, "plan-jianghai")
