"""逐级审核: the level rule alone, then the two-level flow through the pages (city approves → province
confirms or returns → the county sees both comments), in the history, the audit log and the queues."""
import pytest
from django.urls import reverse

from audit.models import AuditEvent, AuditEventType
from indicators.models import Indicator
from lifecycle.levels import may_decide, queue_statuses, status_after_approval
from lifecycle.models import ProvinceReview, SubmissionStatus
from notifications.models import Notification, NotificationKind
from reporting.models import Submission
from tests.conftest import make_user, region

S, C, A = SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_APPROVED, SubmissionStatus.APPROVED


@pytest.mark.parametrize("status, confirms, province, parent_is_province, allowed", [
    (S, False, False, False, True), (S, False, True, False, True),  # one level: anybody above
    (C, False, True, False, True),  # left waiting when confirmation was switched off: still decidable
    (S, True, False, False, True), (S, True, True, False, False),  # the city first
    (S, True, True, True, True),  # a city's own report: the province is its first level
    (C, True, False, False, False), (C, True, True, False, True),
    (A, True, True, False, False), (SubmissionStatus.DRAFT, False, False, False, False),
])
def test_who_decides_at_which_level(status, confirms, province, parent_is_province, allowed):
    assert may_decide(status=status, province_confirms=confirms, reviewer_is_province=province,
                      report_parent_is_province=parent_is_province) == allowed


def test_where_an_approval_leads():
    assert status_after_approval(status=S, province_confirms=True, reviewer_is_province=False) == C
    assert status_after_approval(status=C, province_confirms=True, reviewer_is_province=True) == A
    assert status_after_approval(status=S, province_confirms=False, reviewer_is_province=False) == A
    assert status_after_approval(status=S, province_confirms=True, reviewer_is_province=True) == A


def test_queue_statuses_follow_the_same_rule():
    assert queue_statuses(province_confirms=True, reviewer_is_province=True) == ((C,), (S,))
    assert queue_statuses(province_confirms=True, reviewer_is_province=False) == ((S,), ())


@pytest.fixture
def two_levels(db, yangchun_officer):
    ProvinceReview.objects.create(province=region("440000"), confirms=True)
    submission = Submission.objects.create(region=yangchun_officer.region, year=2024, status=S, submitted_by=yangchun_officer)
    submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=45, denominator=50, value=90)
    return submission


@pytest.fixture
def province_reviewer(db):
    return make_user("guangdong", "reviewer", "440000")


def review(client, action, comment=""):
    """Decide as the review panel does: with the version the reviewer is looking at (required)."""
    version = Submission.objects.get(region__code="441781", year=2024).version
    return client.post(reverse("reporting:review", args=["441781", 2024]),
                       {"action": action, "comment": comment, "version": version})


@pytest.mark.django_db
def test_city_approves_then_the_province_confirms(client, two_levels, yangjiang_reviewer, province_reviewer):
    client.force_login(province_reviewer)
    assert client.get(reverse("reporting:review_queue")).context["pending"] == []  # the city first
    review(client, "approve")
    two_levels.refresh_from_db()
    assert two_levels.status == S  # refused: not the province's turn
    client.force_login(yangjiang_reviewer)
    review(client, "approve", "数据已核")
    two_levels.refresh_from_db()
    assert (two_levels.status, two_levels.city_reviewed_by, two_levels.city_comment) == (C, yangjiang_reviewer, "数据已核")
    assert client.get(reverse("reporting:review_queue")).context["pending"] == []
    assert Notification.objects.filter(user=province_reviewer, kind=NotificationKind.AWAITING).exists()
    client.force_login(province_reviewer)
    assert client.get(reverse("reporting:review_queue")).context["pending"] == [two_levels]
    page = client.get(reverse("reporting:entry", args=["441781", 2024])).content.decode()
    assert "省级复核：待复核" in page and "复核通过" in page
    review(client, "approve")
    two_levels.refresh_from_db()
    assert (two_levels.status, two_levels.reviewed_by, two_levels.city_reviewed_by) == (A, province_reviewer, yangjiang_reviewer)
    reasons = [state.history_change_reason for state in two_levels.history.order_by("history_date")]
    assert reasons[-2:] == ["市级审核通过，待省级复核：数据已核", "省级复核通过"]
    assert list(AuditEvent.objects.filter(event__in=[AuditEventType.APPROVE, AuditEventType.PROVINCE_CONFIRM])
                .order_by("pk").values_list("event", flat=True)) == [AuditEventType.APPROVE, AuditEventType.PROVINCE_CONFIRM]


@pytest.mark.django_db
def test_a_province_return_reaches_the_county_with_both_comments(client, two_levels, yangjiang_reviewer,
                                                                  province_reviewer, yangchun_officer):
    client.force_login(yangjiang_reviewer)
    review(client, "approve", "市级已核对来源")
    client.force_login(province_reviewer)
    review(client, "return", "省级：分母口径与上年不一致")
    two_levels.refresh_from_db()
    assert two_levels.status == SubmissionStatus.RETURNED
    client.force_login(yangchun_officer)
    response = client.get(reverse("reporting:entry", args=["441781", 2024]))
    page = response.content.decode()
    assert "市级已核对来源" in page and "省级：分母口径与上年不一致" in page and "省级复核退回" in page
    assert response.context["editable"]
    assert Notification.objects.filter(user=yangchun_officer, kind=NotificationKind.RETURNED).exists()
    assert AuditEvent.objects.filter(event=AuditEventType.RETURN, user=province_reviewer).exists()
