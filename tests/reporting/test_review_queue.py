"""One 待审核 queue: indicator reports and key-action reports alike, with their kind and who submitted."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionReport
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.models import Submission
from tests.conftest import sign_in_settled

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_kinds_submitted(yangchun_officer):
    earlier = timezone.now() - datetime.timedelta(days=2)
    action_report = ActionReport.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                                submitted_by=yangchun_officer, submitted_at=earlier)
    submission = Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                           submitted_by=yangchun_officer, submitted_at=timezone.now())
    Submission.objects.create(region=yangchun_officer.region, year=2023, status=SubmissionStatus.DRAFT)
    return action_report, submission


def test_key_action_reports_reach_the_queue_with_their_kind(client, yangjiang_reviewer, both_kinds_submitted):
    action_report, submission = both_kinds_submitted
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("reporting:review_queue"))
    assert response.context["pending"] == [action_report, submission]  # oldest submission first
    page = response.content.decode()
    assert "重大行动进展" in page and "年度指标填报" in page
    assert reverse("actions:entry", args=["441781", 2024]) in page
    assert reverse("reporting:entry", args=["441781", 2024]) in page


def test_the_queue_names_the_officer_who_submitted(client, yangjiang_reviewer, yangchun_officer, both_kinds_submitted):
    yangchun_officer.first_name = "阳春填报员甲"
    yangchun_officer.save()
    client.force_login(yangjiang_reviewer)
    page = client.get(reverse("reporting:review_queue")).content.decode()
    assert page.count("阳春填报员甲") == 2
    assert "yangjiang" not in page.split('id="pending-reviews"')[1]


def test_the_reviewers_home_shows_both_kinds(client, yangjiang_reviewer, both_kinds_submitted):
    client.force_login(yangjiang_reviewer)
    assert len(client.get(reverse("home")).context["pending"]) == 2


# The queue page: session and user (2), the province setting (1), one query per kind of report (2), the
# verdict summaries — one compliance matrix per parent region and year (10) and the key-action statuses (1) —
# the reporting windows of each year shown (1; their reopenings only when a window is set), and the page's
# own region lookups; whatever the number of reports.
QUEUE_QUERIES = 20


def test_the_queue_reads_a_fixed_number_of_queries(client, yangjiang_reviewer, both_kinds_submitted,
                                                   django_assert_max_num_queries):
    sign_in_settled(client, yangjiang_reviewer)
    ActionReport.objects.create(region_id=both_kinds_submitted[1].region.parent_id, year=2024,
                                status=SubmissionStatus.SUBMITTED)  # the reviewer's own region: not his to review
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("reporting:review_queue"))
    assert len(response.context["pending"]) == 2
    for code in ("441702", "441704", "441721"):  # more counties of the same city: no more queries
        Submission.objects.create(region=Region.objects.get(code=code), year=2024, status=SubmissionStatus.SUBMITTED)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("reporting:review_queue"))
    assert len(response.context["pending"]) == 5
