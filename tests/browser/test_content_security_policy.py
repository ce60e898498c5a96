"""The strict Content-Security-Policy (config/settings/hardening.py) in a real browser: the main pages
and the admin load without a single violation. The header itself is tested in tests/security/."""
import pytest

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from plans.models import Plan
from regions.models import Region
from reporting.models import Submission
from tests.conftest import make_user

from .test_entry_flow import log_in

pytestmark = pytest.mark.browser

# Collects violations from the moment a document starts (an init script runs outside the page's CSP).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
                              `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class ViolationWatcher:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", lambda message: self.console.append(message.text)
                if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)

    def visit(self, url: str) -> list[str]:
        """Load ``url`` and return every violation it caused (console messages and events)."""
        self.console.clear()
        response = self.page.goto(url)
        assert response.status == 200, (url, response.status)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(150)  # violation events are dispatched asynchronously
        return self.console + self.page.evaluate("window.__cspViolations")


def approved_reports(officer) -> None:
    """阳春市 2023 and 2024 approved, so the dashboards and the chart draw real cells and lines."""
    for year, rate in ((2023, 88), (2024, 92)):
        submission = Submission.objects.create(region=Region.objects.get(code="441781"), year=year,
                                               status=SubmissionStatus.APPROVED, submitted_by=officer)
        for indicator in Indicator.objects.filter(code__in=["OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"]):
            submission.values.create(indicator=indicator, numerator=rate, denominator=100, value=rate)
        submission.values.create(indicator=Indicator.objects.get(code="OH01"), value=120000)
        submission.values.create(indicator=Indicator.objects.get(code="OH09"), value=100)


def test_the_watcher_sees_a_violation(live_server, portal_data, page):
    """The detector itself: an inline script added to a page is blocked and reported."""
    watcher = ViolationWatcher(page)
    assert watcher.visit(f"{live_server.url}/login/") == []
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(150)
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in page.evaluate("window.__cspViolations"))


def test_main_pages_load_without_any_csp_violation(live_server, portal_data, browser):
    officer = make_user("yangchun", "officer", "441781")
    make_user("yangjiang", "reviewer", "441700")
    approved_reports(officer)
    plan = Plan.objects.order_by("pk").first()
    pages = {
        "yangchun": ["/", "/regions/", f"/plans/{plan.pk}/", "/indicators/", "/indicators/OH02/",
                     "/reporting/441781/2024/", "/actions/441781/2024/", "/reporting/441781/2024/history/"],
        "yangjiang": ["/", "/dashboard/441700/2024/", "/dashboard/441700/indicator/OH02/",
                      "/dashboard/441700/2024/completeness/", "/dashboard/441700/2024/actions/", "/reporting/review/"],
    }
    violations = {}
    for username, urls in pages.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        log_in(page, live_server, username)
        watcher = ViolationWatcher(page)
        for url in urls:
            violations[f"{username} {url}"] = watcher.visit(f"{live_server.url}{url}")
            if "/indicator/" in url:
                # The chart's tooltip is HTML made on hover: it must not need inline styles either.
                page.hover("#trend-chart canvas", position={"x": 300, "y": 150})
                page.wait_for_timeout(200)
                violations[f"{username} {url} (tooltip)"] = page.evaluate("window.__cspViolations")
        context.close()

    assert {page: found for page, found in violations.items() if found} == {}


def test_the_admin_loads_without_any_csp_violation(live_server, portal_data, page):
    make_user("admin", "admin", None)
    log_in(page, live_server, "admin")
    watcher = ViolationWatcher(page)
    plan = Plan.objects.order_by("pk").first()
    urls = ["/admin/", "/admin/plans/plan/", f"/admin/plans/plan/{plan.pk}/change/", "/admin/plans/excel/",
            "/admin/regions/region/?level__exact=county", "/admin/indicators/indicator/",
            "/admin/indicators/planindicator/", "/admin/accounts/user/", "/admin/accounts/user/add/",
            "/admin/auth/group/add/", "/admin/actions/keyaction/"]

    violations = {url: watcher.visit(f"{live_server.url}{url}") for url in urls}

    assert {url: found for url, found in violations.items() if found} == {}
