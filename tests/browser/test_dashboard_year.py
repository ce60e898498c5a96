"""Issue 16: the dashboard stays on the page's year through sorting and filtering (it used to jump to 2021)."""
import pytest

from tests.conftest import make_user

from .test_entry_flow import log_in

pytestmark = pytest.mark.browser


def test_sort_then_filter_keeps_the_year(live_server, portal_data, page):
    make_user("yangjiang", "reviewer", "441700")
    log_in(page, live_server, "yangjiang")
    page.goto(f"{live_server.url}/dashboard/441700/2024/")

    page.locator("#compliance-matrix th a", has_text="OH02").click()
    page.wait_for_url("**/dashboard/441700/2024/?sort=OH02")
    assert page.locator("#id_year").input_value() == "2024"

    page.select_option("#id_status", "no_data")
    page.click("#matrix-filters button[type=submit]")
    page.wait_for_url("**/dashboard/441700/2024/?*status=no_data*")
    assert page.locator("#id_year").input_value() == "2024"
    assert "2024 年度达标情况" in page.locator("h1").inner_text()

    # Changing the year goes to that year's page, which then shows that year.
    page.select_option("#id_year", "2023")
    page.click("#matrix-filters button[type=submit]")
    page.wait_for_url("**/dashboard/441700/2023/?*")
    assert page.locator("#id_year").input_value() == "2023"
