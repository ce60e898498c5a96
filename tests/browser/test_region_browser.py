import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_clicking_down_from_the_region_index_to_a_town(live_server, portal_data, page):
    page.goto(f"{live_server.url}/regions/")
    page.get_by_role("link", name="阳江市", exact=True).click()
    page.wait_for_url("**/regions/441700/")
    page.get_by_role("link", name="阳春市", exact=True).click()
    page.wait_for_url("**/regions/441781/")
    assert page.get_by_text("按上级 阳江市 规划考核").is_visible()
    page.get_by_role("link", name="春城街道", exact=True).click()
    page.wait_for_url("**/regions/441781001/")
    crumbs = page.locator(".breadcrumb-item").all_inner_texts()
    assert [c.strip() for c in crumbs] == ["行政区划", "广东省", "阳江市", "阳春市", "春城街道"]
    screenshot(page, "region-town")
