"""The error summary of the key-action form in a real browser: it counts the errors, each link leads to
a field on the page, focus starts on the summary (static/js/error_summary.js), and the strict CSP holds."""
import pytest

from actions.models import ActionReport, KeyAction
from tests.conftest import make_user

from .conftest import screenshot
from .test_content_security_policy import WATCH_VIOLATIONS
from .test_entry_flow import log_in

pytestmark = pytest.mark.browser


def test_an_invalid_save_shows_a_focused_summary_linking_each_field(live_server, portal_data, page):
    make_user("yangchun", "officer", "441781")
    first, second = KeyAction.objects.filter(plan__region__code="441700").order_by("seq")[:2]
    item = first.items.order_by("seq").first()
    page.add_init_script(WATCH_VIOLATIONS)
    log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/actions/441781/2024/")

    page.get_by_label(f"{first.label} {first.name} · 行动内容第 {item.seq} 条 · 状态").select_option("not_applicable")
    page.get_by_label(f"{first.label} {first.name} · 行动数据第 1 行 · 数值").fill("12")  # no name: an error
    page.get_by_label(f"{second.label} {second.name} · 行动数据第 2 行 · 名称").fill("培训人次")
    page.get_by_label(f"{second.label} {second.name} · 行动数据第 2 行 · 数值").fill("-5")
    page.click("button[name=save]")

    summary = page.locator("#form-errors")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert "有 3 处需要修改" in summary.get_by_role("heading").inner_text()
    links = summary.get_by_role("link")
    assert links.count() == 3
    hrefs = [links.nth(n).get_attribute("href") for n in range(3)]
    assert hrefs == [f"#id_i{item.pk}-reason", f"#id_a{first.pk}-metric-0-label", f"#id_a{second.pk}-metric-1-value"]
    for href in hrefs:
        assert page.locator(f'[id="{href[1:]}"]').count() == 1
    assert "选择“不适用”时必须说明原因" in links.nth(0).inner_text() and f"行动内容第 {item.seq} 条" in links.nth(0).inner_text()
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert not ActionReport.objects.exists()
    # What the officer typed is still there.
    assert page.get_by_label(f"{second.label} {second.name} · 行动数据第 2 行 · 名称").input_value() == "培训人次"
    screenshot(page, "action-error-summary")

    links.nth(1).click()
    assert page.evaluate("document.activeElement.id") == f"id_a{first.pk}-metric-0-label"
    assert page.evaluate("window.__cspViolations") == []
