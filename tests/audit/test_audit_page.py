"""The 审计管理员's page: search by user, event, date range and outcome; paginated; exported (and audited)."""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent, AuditEventType, AuditOutcome
from audit.services import audit_record

pytestmark = pytest.mark.django_db
INDEX, EXPORT = reverse("audit:index"), reverse("audit:export")


@pytest.fixture
def log(auditor, yangchun_officer):
    audit_record(event=AuditEventType.LOGIN, username="=HYPERLINK(\"http://evil\")", outcome=AuditOutcome.FAILURE)
    audit_record(event=AuditEventType.EXPORT, user=yangchun_officer, details={"file": "达标情况"})
    audit_record(event=AuditEventType.LOGIN, user=yangchun_officer)


def shown(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


def test_the_auditor_searches_by_user_event_and_outcome(client, auditor, log):
    client.force_login(auditor)
    assert {event.username for event in shown(client.get(INDEX, {"username": "yangchun"}))} == {"yangchun"}
    assert [event.event for event in shown(client.get(INDEX, {"event": "export"}))] == ["export"]
    failures = shown(client.get(INDEX, {"outcome": "failure"}))
    assert len(failures) == 1 and failures[0].username.startswith("=HYPERLINK")


def test_the_date_range_is_inclusive_in_local_days(client, auditor, log):
    client.force_login(auditor)
    today = timezone.localdate()
    assert len(shown(client.get(INDEX, {"date_from": today, "date_to": today}))) == AuditEvent.objects.count()
    assert shown(client.get(INDEX, {"date_to": today - datetime.timedelta(days=1)})) == []
    response = client.get(INDEX, {"date_from": today, "date_to": today - datetime.timedelta(days=1)})
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_the_page_is_paginated_newest_first(client, auditor, settings):
    settings.AUDIT_PAGE_SIZE = 5
    for n in range(12):
        audit_record(event=AuditEventType.EXPORT, details={"n": n})
    client.force_login(auditor)
    first = client.get(INDEX, {"event": "export"})
    assert [event.details["n"] for event in shown(first)] == [11, 10, 9, 8, 7]
    assert "page=2" in first.content.decode()
    assert [event.details["n"] for event in shown(client.get(INDEX, {"event": "export", "page": 3}))] == [1, 0]


def test_the_export_is_an_xlsx_of_the_filtered_rows_and_is_itself_audited(client, auditor, log):
    client.force_login(auditor)
    response = client.get(EXPORT, {"event": "login"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == AuditEvent.objects.filter(event="login").count()
    usernames = [row[2] for row in rows]
    assert '=HYPERLINK("http://evil")' in usernames  # stored as text, not as a formula
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
    record = AuditEvent.objects.filter(event=AuditEventType.EXPORT, user=auditor).get()
    assert record.details["filters"]["event"] == "login" and record.details["rows"] == len(rows)


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"},
                                   {"date_from": "0001-01-01", "date_to": "9999-12-31"}, {"date_to": "1999-12-31"}])
def test_dates_outside_the_log_are_refused_with_a_message(client, auditor, log, query):
    client.force_login(auditor)
    exports = AuditEvent.objects.filter(event=AuditEventType.EXPORT).count()
    response = client.get(INDEX, query)
    assert response.status_code == 200
    assert "日期应在 2000-01-01 至 2099-12-31 之间" in response.content.decode()
    export = client.get(reverse("audit:export"), query)
    assert export.status_code == 302 and export.url.startswith(INDEX)
    assert AuditEvent.objects.filter(event=AuditEventType.EXPORT).count() == exports


def test_the_search_clamps_dates_whoever_builds_the_filters():
    from audit.selectors import AuditFilters, audit_events_search

    assert audit_events_search(AuditFilters(date_from=datetime.date.min, date_to=datetime.date.max)).count() >= 0
