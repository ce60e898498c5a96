import pytest
from django.urls import reverse

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from reporting.models import Submission
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(yangchun_officer):
    submission = Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                           submitted_by=yangchun_officer)
    submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=45, denominator=50, value=90)
    return submission


def review(client, action, comment="", code="441781", year=2024):
    """Post a decision with the version the reviewer's page shows (as the review panel does)."""
    version = Submission.objects.filter(region__code=code, year=year).values_list("version", flat=True).first() or 1
    return client.post(reverse("reporting:review", args=[code, year]),
                       {"action": action, "comment": comment, "version": version})


def test_reviewer_approves_and_the_values_lock(client, yangjiang_reviewer, submitted):
    client.force_login(yangjiang_reviewer)
    assert review(client, "approve").status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_by) == (SubmissionStatus.APPROVED, yangjiang_reviewer)
    assert not submitted.is_editable


def test_return_needs_a_comment_and_the_officer_sees_it(client, yangjiang_reviewer, yangchun_officer, submitted):
    client.force_login(yangjiang_reviewer)
    review(client, "return")
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED
    review(client, "return", "请核对分母")
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == (SubmissionStatus.RETURNED, "请核对分母")
    client.force_login(yangchun_officer)
    entry = client.get(reverse("reporting:entry", args=["441781", 2024]))
    assert "请核对分母" in entry.content.decode() and entry.context["editable"]
    home = client.get(reverse("home")).content.decode()
    assert "已被退回" in home and "请核对分母" in home


def test_a_resubmission_no_longer_shows_the_old_review(client, yangjiang_reviewer, yangchun_officer, submitted):
    """After 退回 → fix → 提交, completeness and the evaluation report show no 审核时间 or 退回意见 of the
    version that was returned; the history keeps them."""
    client.force_login(yangjiang_reviewer)
    review(client, "return", "请核对分母")
    client.force_login(yangchun_officer)
    data = {"version": str(Submission.objects.get().version), "submit": "1", "OH01-value": "120000",
            "OH09-yes_no": "yes", **{f"{code}-{term}": "95" if term == "numerator" else "100"
                                     for code in ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10")
                                     for term in ("numerator", "denominator")}}
    assert client.post(reverse("reporting:entry", args=["441781", 2024]), data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert (submitted.reviewed_at, submitted.reviewed_by, submitted.review_comment) == (None, None, "")
    assert "请核对分母" not in client.get(reverse("reporting:entry", args=["441781", 2024])).content.decode()

    client.force_login(yangjiang_reviewer)
    completeness = client.get(reverse("dashboard:completeness", args=["441700", 2024]))
    row = next(row for row in completeness.context["rows"] if row.region.code == "441781")
    assert (row.reviewed_at, row.review_comment) == (None, "")
    assert "请核对分母" not in completeness.content.decode()
    assert "请核对分母" not in client.get(reverse("dashboard:report", args=["441700", 2024])).content.decode()
    assert "请核对分母" in client.get(reverse("reporting:history", args=["441781", 2024])).content.decode()


def test_approval_can_be_withdrawn_with_a_reason(client, yangjiang_reviewer, submitted):
    client.force_login(yangjiang_reviewer)
    review(client, "approve")
    review(client, "withdraw")
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.APPROVED
    review(client, "withdraw", "数据来源有误")
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_every_transition_is_in_the_history(client, yangjiang_reviewer, submitted):
    client.force_login(yangjiang_reviewer)
    review(client, "return", "补充说明")
    reasons = [r.history_change_reason for r in submitted.history.order_by("history_date")]
    assert reasons[-1] == "退回：补充说明"
    page = client.get(reverse("reporting:history", args=["441781", 2024])).content.decode()
    assert "退回：补充说明" in page and "OH02" in page


def test_approving_a_draft_is_refused_with_a_message(client, yangjiang_reviewer, submitted):
    submitted.status = SubmissionStatus.DRAFT
    submitted.save()
    client.force_login(yangjiang_reviewer)
    response = review(client, "approve")
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.DRAFT
    assert "不能执行此操作" in client.get(response.url).content.decode()


def test_reviewer_cannot_act_outside_his_subtree(client, submitted):
    qingyuan = make_user("qingyuan_reviewer", "reviewer", "441800")
    client.force_login(qingyuan)
    assert review(client, "approve").status_code == 404


def test_officer_cannot_review(client, yangchun_officer, submitted):
    client.force_login(yangchun_officer)
    assert review(client, "approve").status_code == 403


def test_review_queue_lists_submitted_reports_of_the_subtree(client, yangjiang_reviewer, submitted):
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("reporting:review_queue"))
    assert list(response.context["pending"]) == [submitted]
    assert "待审核" in client.get(reverse("home")).content.decode()
