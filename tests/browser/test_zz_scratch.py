import pytest
from actions.models import KeyAction
from tests.conftest import make_user
from .test_entry_flow import log_in
pytestmark = pytest.mark.browser

def test_shot(live_server, portal_data, page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "u"
    make_user("yangchun", "officer", "441781")
    first = KeyAction.objects.filter(plan__region__code="441700").order_by("seq").first()
    ev = tmp_path / "总结.pdf"; ev.write_bytes(b"%PDF-1.4\n%%EOF\n")
    log_in(page, live_server, "yangchun")
    page.goto(f"{live_server.url}/actions/441781/2024/")
    page.fill(f'input[name="a{first.pk}-metric-0-label"]', "帮扶企业数")
    page.fill(f'input[name="a{first.pk}-metric-0-value"]', "12")
    page.set_input_files(f'input[name="a{first.pk}-evidence"]', str(ev))
    page.click("button[name=save]")
    page.wait_for_selector("text=草稿已保存")
    page.fill(f'input[name="a{first.pk}-metric-0-value"]', "abc")
    page.click("button[name=save]")
    page.locator("#form-errors").wait_for()
    page.locator(f'[id="id_a{first.pk}-metric-0-label"]').scroll_into_view_if_needed()
    page.locator(".metric-row").first.screenshot(path="/tmp/metric.png")
    page.locator(".action-box").first.screenshot(path="/tmp/action-box.png")
