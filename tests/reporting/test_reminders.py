"""催报: a reviewer reminds one or all unsubmitted counties; send_reminders (cron) sends the automatic
reminders before and after the due date, never the same one twice."""
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditEventType
from lifecycle.models import SubmissionStatus
from notifications.models import Notification, NotificationKind
from reporting.models import Submission
from reporting.reminders import automatic_reminders_send
from seasons.models import ReminderSent
from seasons.services import window_set
from tests.conftest import make_user, region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
YANGJIANG_COUNTIES = ["441702", "441704", "441721", "441781"]


@pytest.fixture
def officers(yangchun_officer):
    """An officer in each 阳江 county; 阳西县 (441721) has already submitted."""
    others = [make_user(f"officer_{code}", "officer", code) for code in YANGJIANG_COUNTIES if code != "441781"]
    Submission.objects.create(region=region("441721"), year=2024, status=SubmissionStatus.SUBMITTED,
                              submitted_at=timezone.now())
    return {user.region.code: user for user in [yangchun_officer, *others]}


def season(admin, due_in_days: int):
    window_set(region=region("441700"), year=2024, opens_on=TODAY - 30 * DAY, due_on=TODAY + due_in_days * DAY,
               closes_on=TODAY + (due_in_days + 30) * DAY, user=admin)


def reminded_codes():
    return sorted(Notification.objects.values_list("user__region__code", flat=True))


def test_a_reviewer_reminds_one_county(client, yangjiang_reviewer, officers):
    client.force_login(yangjiang_reviewer)
    response = client.post(reverse("dashboard:remind", args=["441700", 2024]), {"region": ["441781"]}, follow=True)
    assert "已向 1 个地区发送催报：阳春市" in response.content.decode()
    assert reminded_codes() == ["441781"]
    assert Notification.objects.get().kind == NotificationKind.REMINDER
    assert AuditEvent.objects.filter(event=AuditEventType.REMINDER, user=yangjiang_reviewer).count() == 1


def test_a_reviewer_reminds_all_unsubmitted_counties(client, yangjiang_reviewer, officers):
    client.force_login(yangjiang_reviewer)
    client.post(reverse("dashboard:remind", args=["441700", 2024]), {"all": "1"})
    assert reminded_codes() == ["441702", "441704", "441781"]  # not 阳西县, which submitted


def test_a_submitted_or_foreign_county_is_refused_and_nothing_is_sent(client, yangjiang_reviewer, officers):
    client.force_login(yangjiang_reviewer)
    for codes in (["441721"], ["440114"], []):
        response = client.post(reverse("dashboard:remind", args=["441700", 2024]), {"region": codes}, follow=True)
        assert response.status_code == 200
        assert "未发送催报" in response.content.decode() or "请选择要催报的地区" in response.content.decode()
    assert not Notification.objects.exists() and not ReminderSent.objects.exists()


def test_automatic_reminders_are_sent_once(portal_admin, officers):
    season(portal_admin, due_in_days=2)
    # 3 indicator reports (阳西县 submitted) and 4 key-action reports (none submitted), each reminded apart.
    assert automatic_reminders_send() == 3 + 4
    assert automatic_reminders_send() == 0  # the same day again: nothing new
    assert automatic_reminders_send(on=TODAY + DAY) == 0  # still "before the deadline": already sent
    assert {n.kind for n in Notification.objects.all()} == {NotificationKind.DEADLINE}
    # The day after the deadline: the overdue reminder, once.
    assert automatic_reminders_send(on=TODAY + 3 * DAY) == 3 + 4
    assert automatic_reminders_send(on=TODAY + 4 * DAY) == 0
    assert Notification.objects.filter(user=officers["441781"]).count() == 2 * 2
    assert "已于" in Notification.objects.filter(kind=NotificationKind.REMINDER).first().message


def test_send_reminders_command_is_idempotent(portal_admin, officers, capsys):
    season(portal_admin, due_in_days=1)
    call_command("send_reminders")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert "7 reminder(s) sent" in out and "0 reminder(s) sent" in out  # 3 indicator, 4 key-action reports
    assert ReminderSent.objects.count() == 7


def test_no_automatic_reminder_far_from_the_deadline(portal_admin, officers):
    season(portal_admin, due_in_days=20)
    assert automatic_reminders_send() == 0
