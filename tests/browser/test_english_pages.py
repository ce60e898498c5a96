"""Issue 17 acceptance: in English, no Chinese UI string is left on the entry form, the dashboard and
the navigation bar, including the entry form's JavaScript messages. Data (region and indicator names,
plan text) stays Chinese and is marked lang="zh-Hans" so that screen readers pronounce it right."""
import pytest

from indicators.models import Indicator, PlanIndicator, Target
from plans.models import Plan
from regions.models import Region
from tests.conftest import make_user

from .test_entry_flow import log_in
from .test_review_flow import submitted_2025_report

pytestmark = pytest.mark.browser

# Every text node and user-facing attribute that still has Chinese characters once the data in it is
# taken out (an attribute such as an input's accessible name or a cell's "why" mixes English words
# with Chinese data), unless it sits inside an element marked as Chinese.
CHINESE_UI_TEXT = r"""(data) => {
  const chinese = /[\u3400-\u9fff]/;
  const found = [];
  const withoutData = (text) => data.reduce((rest, value) => rest.split(value).join(" "), text);
  const isData = (element) => element.closest('[lang="zh-Hans"], [lang="zh-hans"]') !== null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest('script, style')) continue;
    if (chinese.test(withoutData(node.textContent)) && !isData(parent)) found.push(parent.tagName + ': ' + node.textContent.trim());
  }
  for (const element of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
      const value = element.getAttribute(name);
      if (value && chinese.test(withoutData(value)) && !isData(element)) found.push(`${element.tagName}[${name}]: ${value}`);
    }
  }
  return found;
}"""


def chinese_data() -> list[str]:
    """What the portal shows as it was printed: region, plan and indicator names, targets, units."""
    values = set(Region.objects.values_list("name", flat=True)) | set(Region.objects.values_list("full_name", flat=True))
    values |= {plan.short_name for plan in Plan.objects.all()} | set(Plan.objects.values_list("indicator_table_label", flat=True))
    values |= set(Indicator.objects.values_list("name", flat=True)) | set(Indicator.objects.values_list("unit", flat=True))
    values |= set(PlanIndicator.objects.values_list("printed_name", flat=True)) | set(Target.objects.values_list("text", flat=True))
    values |= {label.replace(" ", "") for label in Plan.objects.values_list("indicator_table_label", flat=True)}
    return sorted((value for value in values if value), key=len, reverse=True)


def chinese_ui_text(page) -> list[str]:
    return page.evaluate(CHINESE_UI_TEXT, chinese_data())


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_entry_form_in_english_has_no_chinese_ui_text(live_server, portal_data, english_page):
    make_user("yangchun", "officer", "441781")
    log_in(english_page, live_server, "yangchun")
    english_page.goto(f"{live_server.url}/reporting/441781/2025/")
    row = english_page.locator('tr[data-code="OH02"]')
    row.locator('[data-role="numerator"]').fill("60")
    row.locator('[data-role="denominator"]').fill("50")
    # The browser-side hint comes from Django's JavaScript catalogue.
    assert row.locator(".client-error").inner_text() == "The numerator cannot be greater than the denominator"
    left = chinese_ui_text(english_page)
    assert left == [], '\n'.join(left)


def test_dashboard_in_english_has_no_chinese_ui_text(live_server, portal_data, english_page):
    submitted_2025_report(make_user("yangchun", "officer", "441781"))
    make_user("yangjiang", "reviewer", "441700")
    log_in(english_page, live_server, "yangjiang")
    english_page.goto(f"{live_server.url}/dashboard/441700/2025/")
    english_page.locator("#compliance-matrix details.cell-why summary").first.click()
    left = chinese_ui_text(english_page)
    assert left == [], '\n'.join(left)
