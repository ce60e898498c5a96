"""The permission matrix: every reporting URL × every role, and a foreign region.

Outsiders get 404 (they learn nothing), visible-but-read-only users 403, anonymous users the login page.
"""
import pytest
from django.urls import reverse

from lifecycle.models import SubmissionStatus
from reporting.models import Submission

pytestmark = pytest.mark.django_db

OWN, PARENT, FOREIGN = "441781", "441700", "440704"  # 阳春市, 阳江市, 江海区
FOREIGN_CITY = "440700"  # 江门市
ROLES = ["yangchun_officer", "yangjiang_reviewer", "huadu_officer", "portal_admin", "anonymous"]

# (method, url name, args, {role: expected status})
MATRIX = [
    ("get", "reporting:entry", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:entry", [OWN, 2024], {"yangchun_officer": 302, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "reporting:entry", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:entry", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "reporting:entry", [OWN, 2030], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    # The 2020 基线值 (rule 2 of issue 14): the same page, history and review as any year's report.
    ("get", "reporting:entry", [OWN, 2020], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:entry", [OWN, 2020], {"yangchun_officer": 302, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "reporting:entry", [OWN, 2019], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("get", "reporting:history", [OWN, 2020], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:review", [OWN, 2020], {"yangchun_officer": 403, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:matrix", [PARENT, 2020], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("get", "reporting:history", [OWN, 2023], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:review", [OWN, 2023], {"yangchun_officer": 403, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "reporting:review", [OWN, 2023], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    ("get", "reporting:review_queue", [], {"yangchun_officer": 403, "yangjiang_reviewer": 200, "huadu_officer": 403, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:matrix", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:matrix", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "dashboard:matrix", [PARENT, 2024], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    ("get", "dashboard:matrix_xlsx", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:counties_xlsx", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:counties_xlsx", [OWN, 2030], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("get", "dashboard:completeness", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:completeness_xlsx", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "api:compliance", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "api:compliance", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    # Key-action progress: same scoping as indicator reports.
    ("get", "actions:entry", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "actions:entry", [OWN, 2024], {"yangchun_officer": 302, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "actions:entry", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "actions:review", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:actions", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:actions_xlsx", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_xlsx", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    # The evaluation report as a document: read like the report, written by the region's reviewers (their
    # subtree) and, for their own county's report, its officers; admins read only.
    ("get", "dashboard:report_draft", [PARENT, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_draft", [OWN, 2023], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_draft", [FOREIGN, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_draft", [OWN, 2030], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("post", "dashboard:report_draft", [OWN, 2023], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    ("post", "dashboard:report_section_save", [OWN, 2023], {"yangchun_officer": 302, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:report_section_save", [PARENT, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:report_section_save", [FOREIGN, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:report_section_save", [OWN, 2023], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    ("post", "dashboard:report_section_regenerate", [OWN, 2023], {"yangchun_officer": 302, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:report_section_regenerate", [PARENT, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:report_docx", [PARENT, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_docx", [OWN, 2023], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:report_docx", [FOREIGN, 2023], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "dashboard:indicator", [PARENT, "OH02"], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "reporting:entry_excel", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "reporting:entry_excel_upload", [OWN, 2024], {"yangchun_officer": 200, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "reporting:bulk_approve", [], {"yangchun_officer": 403, "yangjiang_reviewer": 302, "huadu_officer": 403, "portal_admin": 403, "anonymous": 302}),
    ("get", "reporting:bulk_approve", [], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    # 催报: reviewers of the region or above; others 404 outside their subtree, 403 when they may only look.
    ("post", "dashboard:remind", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:remind", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:remind", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:remind", [PARENT, 2024], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    # 催报 for key-action reports, from the key-action matrix page: as for indicator reports.
    ("post", "dashboard:actions_remind", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:actions_remind", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 302, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:actions_remind", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "dashboard:actions_remind", [PARENT, 2021], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "dashboard:actions_remind", [PARENT, 2024], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    # The reporting window: set by a province's or city's own reviewers (and the 系统管理员); a county sets none.
    # A post with the matrix's data is invalid: the form again (200), nothing saved.
    ("get", "seasons:window", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "seasons:window", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "seasons:window", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("post", "seasons:window", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 403, "anonymous": 302}),
    ("get", "seasons:window", [FOREIGN_CITY, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "seasons:window", [FOREIGN_CITY, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "seasons:window", [PARENT, 2030], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("put", "seasons:window", [PARENT, 2024], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    # Reopening a city or county: the level above it (its reviewers, or the 系统管理员).
    ("get", "seasons:reopen", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "seasons:reopen", [OWN, 2024], {"yangchun_officer": 403, "yangjiang_reviewer": 200, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "seasons:reopen", [PARENT, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 403, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("post", "seasons:reopen", [FOREIGN, 2024], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 200, "anonymous": 302}),
    ("get", "seasons:reopen", [OWN, 2030], {"yangchun_officer": 403, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("put", "seasons:reopen", [OWN, 2024], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
    # Notifications: everybody has their own; another user's notification is not found.
    ("get", "notifications:index", [], {"yangchun_officer": 200, "yangjiang_reviewer": 200, "huadu_officer": 200, "portal_admin": 200, "anonymous": 302}),
    ("post", "notifications:read", [], {"yangchun_officer": 302, "yangjiang_reviewer": 302, "huadu_officer": 302, "portal_admin": 302, "anonymous": 302}),
    ("post", "notifications:preferences", [], {"yangchun_officer": 302, "yangjiang_reviewer": 302, "huadu_officer": 302, "portal_admin": 302, "anonymous": 302}),
    ("post", "notifications:open", [999999], {"yangchun_officer": 404, "yangjiang_reviewer": 404, "huadu_officer": 404, "portal_admin": 404, "anonymous": 302}),
    ("get", "notifications:open", [999999], {"yangchun_officer": 405, "yangjiang_reviewer": 405, "huadu_officer": 405, "portal_admin": 405, "anonymous": 302}),
]


@pytest.fixture
def submitted_2023(yangchun_officer):
    Submission.objects.create(region=yangchun_officer.region, year=2020, status=SubmissionStatus.SUBMITTED)
    return Submission.objects.create(region=yangchun_officer.region, year=2023, status=SubmissionStatus.SUBMITTED)


@pytest.mark.parametrize("method, name, args, expected", MATRIX, ids=[f"{m} {n} {a}" for m, n, a, _ in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(request, client, submitted_2023, method, name, args, expected, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    data = {"version": "0", "action": "approve", "key": "overview", "text": "本节文字"} if method == "post" else {}
    response = getattr(client, method)(reverse(name, args=args), data)
    assert response.status_code == expected[role]


def test_a_forged_post_writes_nothing(client, huadu_officer):
    client.force_login(huadu_officer)
    client.post(reverse("reporting:entry", args=[OWN, 2024]), {"version": "0", "OH02-numerator": "1", "OH02-denominator": "2"})
    assert not Submission.objects.filter(region__code=OWN, year=2024).exists()
