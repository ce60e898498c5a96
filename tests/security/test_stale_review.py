"""A reviewer's decision is tied to the version she looked at.

Approve / return / withdraw move a report by its status only (``services._transition`` filters on
``status``), and the review form posts no version. So a reviewer who opened a submitted report,
while a colleague returned it and the officer changed the values and submitted again, still approves
— values she never saw. Every other write in the portal is a compare-and-swap on ``version``.

Suggested fix: a hidden ``version`` in templates/reporting/_partials/review_panel.html
(``<input type="hidden" name="version" value="{{ submission.version }}">``), an IntegerField ``version``
on ``ReviewForm``, passed as ``expected_version`` to the three services, and ``_transition`` filtering on
``version=expected_version`` as well as the status (raising InvalidTransition, whose message already
says “可能已被他人处理”). """
import pytest

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from reporting.models import Submission
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ENTRY, REVIEW = "/reporting/441781/2024/", "/reporting/441781/2024/review/"


def test_an_approval_from_a_page_opened_before_the_values_changed_is_refused(client, yangchun_officer, yangjiang_reviewer):
    submission = Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                           submitted_by=yangchun_officer)
    submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=45, denominator=50, value=90)
    client.force_login(yangjiang_reviewer)
    seen_version = client.get(ENTRY).context["version"]  # the reviewer reads 45/50 …

    # … meanwhile a colleague returns it, and the officer changes the value and submits again.
    colleague = make_user("yangjiang2", "reviewer", "441700")
    client.force_login(colleague)
    client.post(REVIEW, {"action": "return", "comment": "请核对", "version": submission.version})
    client.force_login(yangchun_officer)
    submission.refresh_from_db()
    data = {"version": submission.version, "OH01-value": "120000", "OH09-yes_no": "yes", "submit": "1"}
    for code in ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"):
        data[f"{code}-numerator"], data[f"{code}-denominator"] = ("10", "50") if code == "OH02" else ("95", "100")
    assert client.post(ENTRY, data).status_code == 302

    client.force_login(yangjiang_reviewer)
    client.post(REVIEW, {"action": "approve", "comment": "", "version": seen_version})

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED, "approved values the reviewer never saw (10/50)"


@pytest.mark.parametrize("version", [None, "", "abc", "0", "99999999999999999999"])
@pytest.mark.parametrize("action", ["approve", "return"])
def test_a_review_without_a_valid_version_is_refused(client, yangchun_officer, yangjiang_reviewer, version, action):
    submission = Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                           submitted_by=yangchun_officer)
    client.force_login(yangjiang_reviewer)
    data = {"action": action, "comment": "请核对"} | ({} if version is None else {"version": version})
    response = client.post(REVIEW, data, follow=True)
    assert response.status_code == 200
    assert "版本号" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
