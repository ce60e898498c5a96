"""Key-action progress reports in the season: the key-action matrix page shows each one's 逾期未报 / 逾期提交
with days late (``seasons.windows``, as for indicator reports), a reviewer sends 催报 for the missing ones
(one or all), and send_reminders covers them too — once per region, year, report and kind."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionReport
from audit.models import AuditEvent, AuditEventType
from lifecycle.models import SubmissionStatus
from notifications.models import Notification, NotificationKind
from reporting.action_completeness import action_completeness
from reporting.models import Submission
from reporting.reminders import automatic_reminders_send
from seasons.models import ReminderSent, ReportKind
from seasons.services import window_set
from tests.conftest import make_user, region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
NOW = timezone.now()
YANGJIANG_COUNTIES = ["441702", "441704", "441721", "441781"]  # 江城区, 阳东区, 阳西县, 阳春市


@pytest.fixture
def officers(yangchun_officer):
    """An officer in each 阳江 county. 阳西县 submitted its key-action report 2 days after the due date (below),
    江城区 on time; 阳东区 and 阳春市 have not."""
    others = [make_user(f"officer_{code}", "officer", code) for code in YANGJIANG_COUNTIES if code != "441781"]
    return {user.region.code: user for user in [yangchun_officer, *others]}


def season(user, due_in_days: int, year: int = 2024):
    window_set(region=region("441700"), year=year, opens_on=TODAY - 40 * DAY, due_on=TODAY + due_in_days * DAY,
               closes_on=TODAY + (due_in_days + 30) * DAY, user=user)


def action_report(code: str, status: str, submitted_days_ago: int | None, year: int = 2024) -> ActionReport:
    submitted_at = NOW - submitted_days_ago * DAY if submitted_days_ago is not None else None
    return ActionReport.objects.create(region=region(code), year=year, status=status, submitted_at=submitted_at)


@pytest.fixture
def late_and_on_time():
    action_report("441721", SubmissionStatus.SUBMITTED, 3)  # due 5 days ago: 2 days late
    action_report("441702", SubmissionStatus.APPROVED, 10)  # on time
    action_report("441704", SubmissionStatus.DRAFT, None)  # a draft is not submitted


def test_the_key_action_page_shows_lateness_with_days(client, portal_admin, yangjiang_reviewer, late_and_on_time):
    season(portal_admin, due_in_days=-5)
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("dashboard:actions", args=["441700", 2024]))
    page = response.content.decode()
    rows = {row.region.code: row for row in response.context["completeness"].rows}
    assert rows["441721"].timeliness.text == f"逾期提交 2 天（{(TODAY - 5 * DAY).isoformat()} 截止）"
    assert rows["441781"].timeliness.text == f"逾期未报 5 天（{(TODAY - 5 * DAY).isoformat()} 截止）"
    assert rows["441704"].timeliness.lateness == "overdue"  # its draft does not count
    assert rows["441702"].timeliness.lateness == "on_time"
    assert "逾期未报 2 个，逾期提交 1 个。" in page and "应报 4 个，已提交 2 个。" in page
    assert "逾期提交 2 天" in page and 'data-lateness="overdue"' in page
    # The city may reopen a county that missed the close, from its overdue row.
    assert reverse("seasons:reopen", args=["441781", 2024]) in page
    assert reverse("seasons:reopen", args=["441702", 2024]) not in page  # on time


def test_without_a_window_the_page_shows_no_lateness(client, yangjiang_reviewer, late_and_on_time):
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("dashboard:actions", args=["441700", 2024]))
    assert "应报 4 个，已提交 2 个。" in response.content.decode()
    assert 'id="action-lateness-summary"' not in response.content.decode()
    assert all(row.timeliness is None for row in response.context["completeness"].rows)


def test_the_province_page_lists_its_cities_own_reports(client, portal_admin):
    season(portal_admin, due_in_days=-5)
    completeness = action_completeness(region("440000"), 2024)
    assert {row.region.level for row in completeness.rows} == {2}  # cities
    assert "441700" in {row.region.code for row in completeness.rows}


def test_the_key_action_completeness_reads_in_a_fixed_number_of_queries(portal_admin, django_assert_num_queries):
    season(portal_admin, due_in_days=-5)
    city = region("441700")
    # children, plan paths, action reports, windows, reopenings
    with django_assert_num_queries(5):
        action_completeness(city, 2024)


def reminded():
    return sorted(Notification.objects.values_list("user__region__code", flat=True))


def test_a_reviewer_reminds_one_county_of_its_key_action_report(client, yangjiang_reviewer, officers,
                                                                late_and_on_time):
    client.force_login(yangjiang_reviewer)
    response = client.post(reverse("dashboard:actions_remind", args=["441700", 2024]), {"region": ["441781"]},
                           follow=True)
    assert "已就重大行动进展向 1 个地区发送催报：阳春市" in response.content.decode()
    notification = Notification.objects.get()
    assert notification.user == officers["441781"] and notification.kind == NotificationKind.REMINDER
    assert "2024 年度重大行动进展报告" in notification.message  # which report
    assert notification.link == reverse("actions:entry", args=["441781", 2024])
    sent = ReminderSent.objects.get()
    assert sent.report == ReportKind.ACTIONS and sent.sent_by == yangjiang_reviewer
    assert AuditEvent.objects.get(event=AuditEventType.REMINDER).details["report"] == "actions"


def test_a_reviewer_reminds_all_counties_missing_a_key_action_report(client, yangjiang_reviewer, officers,
                                                                     late_and_on_time):
    Submission.objects.create(region=region("441781"), year=2024, status=SubmissionStatus.SUBMITTED, submitted_at=NOW)
    client.force_login(yangjiang_reviewer)
    client.post(reverse("dashboard:actions_remind", args=["441700", 2024]), {"all": "1"})
    # 阳春市 submitted its indicators, not its key actions: it is reminded of the latter.
    assert reminded() == ["441704", "441781"]


def test_a_submitted_or_foreign_region_is_refused_and_nothing_is_sent(client, yangjiang_reviewer, officers,
                                                                     late_and_on_time):
    client.force_login(yangjiang_reviewer)
    for codes in (["441721"], ["440114"], []):
        response = client.post(reverse("dashboard:actions_remind", args=["441700", 2024]), {"region": codes},
                               follow=True)
        page = response.content.decode()
        assert "未发送催报" in page or "请选择要催报的地区" in page
    assert not Notification.objects.exists() and not ReminderSent.objects.exists()


def test_the_reminder_form_is_shown_to_reviewers_only(client, yangjiang_reviewer, portal_admin, late_and_on_time):
    client.force_login(yangjiang_reviewer)
    assert 'id="action-remind-form"' in client.get(reverse("dashboard:actions", args=["441700", 2024])).content.decode()
    client.force_login(portal_admin)
    assert 'id="action-remind-form"' not in client.get(reverse("dashboard:actions", args=["441700", 2024])).content.decode()


def test_automatic_reminders_cover_key_action_reports_once_per_kind(portal_admin, officers, late_and_on_time):
    for code in ("441702", "441704", "441721"):
        Submission.objects.create(region=region(code), year=2024, status=SubmissionStatus.SUBMITTED, submitted_at=NOW)
    season(portal_admin, due_in_days=2)
    # 阳春市: both reports missing; 阳东区: its key-action report (a draft) only.
    assert automatic_reminders_send() == 3
    sent = set(ReminderSent.objects.values_list("region__code", "report", "kind"))
    assert sent == {("441781", "indicators", "before_due"), ("441781", "actions", "before_due"),
                    ("441704", "actions", "before_due")}
    assert automatic_reminders_send() == 0
    assert automatic_reminders_send(on=TODAY + DAY) == 0
    messages = list(Notification.objects.filter(user=officers["441781"]).values_list("message", flat=True))
    assert any("年度指标填报" in m for m in messages) and any("年度重大行动进展报告" in m for m in messages)
    # The day after the due date: the overdue reminder of each report, once.
    assert automatic_reminders_send(on=TODAY + 3 * DAY) == 3
    assert automatic_reminders_send(on=TODAY + 4 * DAY) == 0
    assert ReminderSent.objects.filter(report=ReportKind.ACTIONS, kind="after_due").count() == 2


def test_a_manual_key_action_reminder_does_not_stop_the_automatic_one(client, yangjiang_reviewer, portal_admin,
                                                                     officers, late_and_on_time):
    season(portal_admin, due_in_days=2)
    client.force_login(yangjiang_reviewer)
    client.post(reverse("dashboard:actions_remind", args=["441700", 2024]), {"region": ["441781"]})
    automatic_reminders_send()
    assert ReminderSent.objects.filter(region__code="441781", report=ReportKind.ACTIONS).count() == 2


def test_no_key_action_reminder_for_a_year_without_key_action_reports(portal_admin, officers):
    season(portal_admin, due_in_days=2, year=2021)  # key actions are reported from 2022 on
    automatic_reminders_send()
    assert not ReminderSent.objects.filter(report=ReportKind.ACTIONS).exists()
    assert ReminderSent.objects.filter(report=ReportKind.INDICATORS).exists()
