"""Bulk approval from the queue: verdict summaries shown, each report approved at the version shown,
a report changed since skipped and named."""
import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionReport
from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from reporting.bulk_review import report_key
from reporting.models import Submission
from tests.conftest import region

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(yangchun_officer):
    submitted = {}
    for code in ("441781", "441702", "441704"):
        submission = Submission.objects.create(region=region(code), year=2024, status=SubmissionStatus.SUBMITTED,
                                               submitted_at=timezone.now())
        submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=45, denominator=50, value=90)
        submitted[code] = submission
    submitted["action"] = ActionReport.objects.create(region=region("441781"), year=2024, status=SubmissionStatus.SUBMITTED,
                                                      submitted_at=timezone.now())
    return submitted


def test_the_queue_shows_each_reports_verdict_summary(client, yangjiang_reviewer, queue):
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("reporting:review_queue"))
    summaries = {item.report.pk: item.summary for item in response.context["items"] if isinstance(item.report, Submission)}
    # OH02 filled in (90%, judged 推进中 in 2024 against its 2025 target), the other eight indicators not.
    assert set(summaries.values()) == {"推进中 1 · 未填报 8"}
    assert 'name="reports"' in response.content.decode()


def test_bulk_approval_skips_and_names_the_report_that_changed(client, yangjiang_reviewer, queue):
    client.force_login(yangjiang_reviewer)
    keys = [report_key(report) for report in queue.values()]
    # A colleague returns 江城区's report after the queue was shown.
    changed = queue["441702"]
    Submission.objects.filter(pk=changed.pk).update(status=SubmissionStatus.RETURNED, version=changed.version + 1)
    response = client.post(reverse("reporting:bulk_approve"), {"reports": keys}, follow=True)
    page = response.content.decode()
    assert "已审核通过 3 份填报" in page
    assert "已跳过" in page and "江城区 2024 年度年度指标填报" in page
    statuses = {code: Submission.objects.get(pk=report.pk).status for code, report in queue.items() if code != "action"}
    assert statuses == {"441781": "approved", "441702": "returned", "441704": "approved"}
    assert ActionReport.objects.get().status == "approved"


def test_a_stale_version_is_skipped_even_if_the_state_is_the_same(client, yangjiang_reviewer, queue):
    client.force_login(yangjiang_reviewer)
    key = report_key(queue["441781"])
    Submission.objects.filter(pk=queue["441781"].pk).update(version=queue["441781"].version + 2)  # returned, edited, resubmitted
    response = client.post(reverse("reporting:bulk_approve"), {"reports": [key]}, follow=True)
    assert "已审核通过 0 份填报" in response.content.decode()
    assert Submission.objects.get(pk=queue["441781"].pk).status == "submitted"


def test_bad_input_changes_nothing(client, yangjiang_reviewer, huadu_officer, queue):
    client.force_login(yangjiang_reviewer)
    for data in ({}, {"reports": ["submission:abc:1"]}, {"reports": ["user:1:1"]}):
        response = client.post(reverse("reporting:bulk_approve"), data, follow=True)
        assert response.status_code == 200
    assert not Submission.objects.filter(status="approved").exists()


def test_reports_outside_the_reviewers_subtree_are_not_approved(client, queue):
    from tests.conftest import make_user
    qingyuan = make_user("qingyuan", "reviewer", "441800")
    client.force_login(qingyuan)
    client.post(reverse("reporting:bulk_approve"), {"reports": [report_key(queue["441781"])]})
    assert Submission.objects.get(pk=queue["441781"].pk).status == "submitted"


def test_the_queue_shows_how_late_each_report_was_submitted(client, yangjiang_reviewer, queue, portal_admin):
    import datetime

    from seasons.services import window_set
    today, day = timezone.localdate(), datetime.timedelta(days=1)
    window_set(region=region("441700"), year=2024, opens_on=today - 30 * day, due_on=today - 2 * day,
               closes_on=today + 10 * day, user=portal_admin)
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("reporting:review_queue"))
    assert {item.timeliness.text for item in response.context["items"]} == {
        f"逾期提交 2 天（{(today - 2 * day).isoformat()} 截止）"}
    assert "逾期提交 2 天" in response.content.decode()
