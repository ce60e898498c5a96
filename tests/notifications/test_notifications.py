"""Notifications: in the app (bell, centre, mark read) and by email through Django's mail framework
(locmem in tests), only to users with an address who did not switch the kind off."""
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from lifecycle.models import SubmissionStatus
from lifecycle.services import submission_approve, submission_return
from notifications.models import Notification, NotificationKind
from notifications.services import email_preferences_set, notify
from reporting.entry_rules import CleanEntry
from reporting.models import Submission
from reporting.services import submission_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(yangchun_officer):
    return Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                                     submitted_by=yangchun_officer)


def with_email(user, address):
    user.email = address
    user.save()
    return user


def test_a_returned_report_reaches_the_officer_in_the_app_and_by_email(
        django_capture_on_commit_callbacks, yangjiang_reviewer, yangchun_officer, submitted):
    with_email(yangchun_officer, "officer@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        submission_return(submission=submitted, reviewer=yangjiang_reviewer, comment="请核对分母")
    notification = Notification.objects.get(user=yangchun_officer)
    assert notification.kind == NotificationKind.RETURNED and "请核对分母" in notification.message
    assert notification.link == reverse("reporting:entry", args=["441781", 2024])
    assert User.objects.get(pk=yangchun_officer.pk).unread_notifications == 1
    assert [message.to for message in mail.outbox] == [["officer@example.cn"]]
    assert "请核对分母" in mail.outbox[0].body and "/reporting/441781/2024/" in mail.outbox[0].body


def test_the_preference_switches_email_off_but_not_the_bell(
        django_capture_on_commit_callbacks, yangjiang_reviewer, yangchun_officer, submitted):
    with_email(yangchun_officer, "officer@example.cn")
    email_preferences_set(user=yangchun_officer, email_kinds={NotificationKind.RETURNED})  # approvals: bell only
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=submitted, reviewer=yangjiang_reviewer)
    assert Notification.objects.filter(user=yangchun_officer, kind=NotificationKind.APPROVED).count() == 1
    assert mail.outbox == []


def test_no_address_no_email(django_capture_on_commit_callbacks, yangjiang_reviewer, yangchun_officer, submitted):
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=submitted, reviewer=yangjiang_reviewer)
    assert Notification.objects.filter(user=yangchun_officer).count() == 1 and mail.outbox == []


def test_submitting_tells_the_reviewers_above(django_capture_on_commit_callbacks, yangchun_officer,
                                               yangjiang_reviewer, huadu_officer):
    with_email(yangjiang_reviewer, "reviewer@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        # One row is enough for the service (an empty report is refused: nothing to enter, nothing to review).
        submission_save(region=yangchun_officer.region, year=2023, user=yangchun_officer,
                        entries={"OH01": CleanEntry(value=Decimal(1000))}, expected_version=0, submit=True)
    awaiting = Notification.objects.filter(kind=NotificationKind.AWAITING)
    assert [n.user for n in awaiting] == [yangjiang_reviewer]
    assert "等待您审核" in awaiting[0].message
    assert mail.outbox[0].to == ["reviewer@example.cn"]


def test_the_bell_counts_unread_and_the_centre_marks_them_read(client, yangchun_officer, huadu_officer):
    for text in ("一", "二"):
        notify(users=[yangchun_officer], kind=NotificationKind.REMINDER, message=f"催报{text}", link="/reporting/441781/2024/")
    notify(users=[huadu_officer], kind=NotificationKind.REMINDER, message="别人的", link="/")
    client.force_login(yangchun_officer)
    page = client.get(reverse("home")).content.decode()
    assert 'id="bell-count">2<' in page
    centre = client.get(reverse("notifications:index"))
    assert [n.message for n in centre.context["notifications"]] == ["催报二", "催报一"]
    first = Notification.objects.get(message="催报一")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/reporting/441781/2024/"
    assert User.objects.get(pk=yangchun_officer.pk).unread_notifications == 1
    client.post(reverse("notifications:read"))
    assert User.objects.get(pk=yangchun_officer.pk).unread_notifications == 0
    assert 'id="bell-count"' not in client.get(reverse("home")).content.decode()
    assert Notification.objects.get(message="别人的").read_at is None


def test_nobody_opens_or_reads_another_users_notification(client, yangchun_officer, huadu_officer):
    theirs = notify(users=[huadu_officer], kind=NotificationKind.REMINDER, message="别人的", link="/")[0]
    client.force_login(yangchun_officer)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_foreign_link_is_never_followed(client, yangchun_officer):
    stored = notify(users=[yangchun_officer], kind=NotificationKind.REMINDER, message="x", link="https://evil.example/")[0]
    client.force_login(yangchun_officer)
    assert client.post(reverse("notifications:open", args=[stored.pk]))["Location"] == reverse("notifications:index")


def test_preferences_are_saved_from_the_centre(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post(reverse("notifications:preferences"), {"email_kinds": ["returned", "reminder"]})
    page = client.get(reverse("notifications:index"))
    assert set(page.context["preferences"].initial["email_kinds"]) == {"returned", "reminder"}
    response = client.post(reverse("notifications:preferences"), {"email_kinds": ["nonsense"]}, follow=True)
    assert "设置未保存" in response.content.decode()
