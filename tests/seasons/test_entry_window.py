"""Entry through the season: refused before it opens and after it closes (nothing written, a clear
message), allowed while open, late, or reopened by an administrator; due date and lateness shown."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionReport
from actions.services import action_report_save
from audit.models import AuditEvent, AuditEventType
from lifecycle.models import SubmissionStatus
from reporting.models import Submission
from seasons.services import EntryWindowClosed, window_reopen, window_set
from tests.conftest import region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def season(admin, *, opens, due, closes, code="440000"):
    return window_set(region=region(code), year=2024, opens_on=TODAY + opens * DAY, due_on=TODAY + due * DAY,
                      closes_on=TODAY + closes * DAY, user=admin)


def post_draft(client):
    return client.post(reverse("reporting:entry", args=["441781", 2024]),
                       {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50"}, follow=True)


@pytest.mark.parametrize("opens, due, closes, saved, state", [
    (2, 10, 20, False, "before"),
    (-5, 10, 20, True, "open"),
    (-5, 0, 20, True, "open"),  # the due date itself
    (-20, -3, 20, True, "late"),
    (-30, -20, -1, False, "closed"),
])
def test_entry_follows_the_window(client, portal_admin, yangchun_officer, opens, due, closes, saved, state):
    season(portal_admin, opens=opens, due=due, closes=closes)
    client.force_login(yangchun_officer)
    response = post_draft(client)
    assert Submission.objects.filter(region__code="441781", year=2024).exists() == saved
    page = response.content.decode()
    assert f'data-state="{state}"' in page
    if not saved:
        assert "不能再填报" in page or "尚未开始" in page
        assert not response.context["editable"]


def test_a_reopened_region_enters_after_the_close(client, portal_admin, yangchun_officer):
    season(portal_admin, opens=-30, due=-20, closes=-1)
    window_reopen(region=yangchun_officer.region, year=2024, until=TODAY + 3 * DAY, reason="系统故障补报", user=portal_admin)
    client.force_login(yangchun_officer)
    response = post_draft(client)
    assert Submission.objects.filter(region__code="441781", year=2024).exists()
    assert 'data-state="reopened"' in response.content.decode()
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {AuditEventType.SEASON_SET, AuditEventType.SEASON_REOPEN} <= events


def test_a_city_window_is_stricter_for_its_counties(client, portal_admin, yangchun_officer, huadu_officer):
    season(portal_admin, opens=-30, due=10, closes=20)
    season(portal_admin, opens=-30, due=-10, closes=-2, code="441700")  # 阳江市 closed its counties' entry
    client.force_login(yangchun_officer)
    post_draft(client)
    assert not Submission.objects.filter(region__code="441781", year=2024).exists()
    client.force_login(huadu_officer)  # 广州市 set nothing: the province's window applies
    client.post(reverse("reporting:entry", args=["440114", 2024]), {"version": "0"})
    assert Submission.objects.filter(region__code="440114", year=2024).exists()


def test_key_action_saves_are_refused_outside_the_window(portal_admin, yangchun_officer):
    season(portal_admin, opens=3, due=10, closes=20)
    with pytest.raises(EntryWindowClosed):
        action_report_save(region=yangchun_officer.region, year=2024, user=yangchun_officer, actions=[], entries={},
                           uploads={}, delete_evidence=[], expected_version=0)
    assert not ActionReport.objects.exists()


def test_completeness_shows_overdue_and_late_submissions_with_days(client, portal_admin, yangjiang_reviewer, yangchun_officer):
    season(portal_admin, opens=-30, due=-4, closes=20)
    Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED,
                              submitted_by=yangchun_officer, submitted_at=timezone.now() - DAY)
    client.force_login(yangjiang_reviewer)
    response = client.get(reverse("dashboard:completeness", args=["441700", 2024]))
    rows = {row.region.code: row.timeliness for row in response.context["rows"]}
    assert (rows["441781"].lateness, rows["441781"].days) == ("late_submitted", 3)
    others = [t for code, t in rows.items() if code != "441781"]
    assert others and all((t.lateness, t.days) == ("overdue", 4) for t in others)
    page = response.content.decode()
    assert "逾期提交 3 天" in page and "逾期未报 4 天" in page
    assert f"逾期未报 {len(others)} 个，逾期提交 1 个" in page
    # The report's own pages say so too.
    for name in ("reporting:entry", "reporting:history"):
        report_page = client.get(reverse(name, args=["441781", 2024])).content.decode()
        assert 'data-lateness="late_submitted"' in report_page and "逾期提交 3 天" in report_page


def test_the_window_must_be_in_order(portal_admin):
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        season(portal_admin, opens=5, due=1, closes=20)


def test_an_excel_upload_outside_the_window_is_refused_with_the_reason(client, portal_admin, yangchun_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile
    season(portal_admin, opens=-30, due=-20, closes=-1)
    client.force_login(yangchun_officer)
    workbook = client.get(reverse("reporting:entry_excel", args=["441781", 2024]))
    assert workbook.status_code == 200  # downloading stays possible
    upload = SimpleUploadedFile("填报.xlsx", b"".join(workbook.streaming_content) if workbook.streaming else workbook.content)
    response = client.post(reverse("reporting:entry_excel_upload", args=["441781", 2024]), {"workbook": upload},
                           follow=True)
    assert "补报也已于" in response.content.decode()
    assert not Submission.objects.filter(region__code="441781", year=2024).exists()


@pytest.mark.parametrize("opens, due, closes, state, editable", [
    (-20, -3, 20, "late", True),
    (-30, -20, -1, "closed", False),
])
def test_the_key_action_page_shows_the_due_date_and_locks_outside_the_window(client, portal_admin, yangchun_officer,
                                                                               opens, due, closes, state, editable):
    season(portal_admin, opens=opens, due=due, closes=closes)
    client.force_login(yangchun_officer)
    response = client.get(reverse("actions:entry", args=["441781", 2024]))
    page = response.content.decode()
    assert f'data-state="{state}"' in page and (TODAY + due * DAY).isoformat() in page
    assert response.context["editable"] is editable


def test_the_officers_home_page_says_how_late_the_year_being_reported_is(client, portal_admin, yangchun_officer):
    from plans.period import default_reporting_year

    window_set(region=region("440000"), year=default_reporting_year(), opens_on=TODAY - 30 * DAY,
               due_on=TODAY - 4 * DAY, closes_on=TODAY + 20 * DAY, user=portal_admin)
    client.force_login(yangchun_officer)
    page = client.get(reverse("home")).content.decode()
    assert 'data-lateness="overdue"' in page and "4" in page.split('id="timeliness"')[1][:40]
