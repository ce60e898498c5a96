"""Issue 17 acceptance: axe-core (WCAG 2.1 A and AA rules) finds nothing on any page type, as every
role that can see it, in Chinese and in English.

axe-core is vendored from the npm registry (tests/browser/vendor/axe-core/README.md). The portal's
Content-Security-Policy rightly refuses injected scripts, so only the axe run uses a browser context
that bypasses it; every other browser test keeps the policy on.
"""
from pathlib import Path

import pytest

from plans.models import Plan
from tests.conftest import make_user

from .test_entry_flow import log_in
from .test_review_flow import submitted_2025_report

pytestmark = pytest.mark.browser

AXE_SOURCE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BROWSER_LOCALES = {"zh-hans": "zh-CN", "en": "en-US"}

PUBLIC_PAGES = ["/", "/regions/", "/regions/441700/", "/plans/", "/plans/{plan}/", "/indicators/",
                "/indicators/OH02/"]
ACCOUNT_PAGES = ["/account/2fa/", "/account/password/"]
# Every page type, under the role(s) that can open it. Public pages are checked anonymously and as
# the officer (the navigation bar differs by role; every role's own pages carry its navigation bar).
PAGES_BY_ROLE = {
    "anonymous": PUBLIC_PAGES + ["/login/"],
    "officer": PUBLIC_PAGES + ACCOUNT_PAGES + [
        "/reporting/441781/2025/", "/reporting/441781/2025/history/", "/actions/441781/2025/"],
    "reviewer": ACCOUNT_PAGES + [
        "/", "/reporting/review/", "/reporting/441781/2025/", "/actions/441781/2025/",
        "/dashboard/441700/2025/", "/dashboard/441700/2025/completeness/", "/dashboard/441700/2025/actions/",
        "/dashboard/441700/indicator/OH02/", "/dashboard/441700/2025/report/",
        "/seasons/441700/2025/", "/seasons/441781/2025/reopen/"],
    "security_admin": ACCOUNT_PAGES + ["/", "/account/security/"],
    "auditor": ACCOUNT_PAGES + ["/", "/audit/"],
    "admin": ["/", "/admin/plans/excel/"],
}
# The key-action entry form is being rewritten on another branch (actions/forms.py and
# templates/actions/entry.html, with accessible names for its inputs); this branch must not touch it.
# Only these two rules are waived, only on that page, until the rewrite is merged: delete this then.
USERS = {"officer": ("yangchun", "441781"), "reviewer": ("yangjiang", "441700"),
         "security_admin": ("security", None), "auditor": ("auditor", None), "admin": ("admin", None)}


def axe_violations(page, waived: set[str] = frozenset()) -> list[str]:
    """One line per violated rule: its id, what it means, the first offending elements and why."""
    page.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_A_AA)
    return [f"{violation['id']} ({violation['help']}): "
            + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            + " — " + violation["nodes"][0]["failureSummary"].replace("\n", " ")
            for violation in result["violations"] if violation["id"] not in waived]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
def test_every_page_has_no_wcag_21_violations(live_server, portal_data, browser, role, language):
    officer = make_user("yangchun", "officer", "441781")
    for other_role, (username, region_code) in USERS.items():
        if other_role != "officer":
            make_user(username, other_role, region_code)
    submitted_2025_report(officer)  # the dashboards show statuses, the queue a submission
    plan = Plan.objects.filter(region__code="441700").first()

    context = browser.new_context(locale=BROWSER_LOCALES[language], bypass_csp=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    if role != "anonymous":
        log_in(page, live_server, USERS[role][0])
    found = {}
    for path in PAGES_BY_ROLE[role]:
        response = page.goto(live_server.url + path.format(plan=plan.pk))
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    context.close()
    assert not found, "\n".join(f"{path}:\n  " + "\n  ".join(lines) for path, lines in found.items())
