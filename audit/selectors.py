"""Reads of the audit log: the audit page's search and the records about one object."""
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    username: str = ""
    event: str = ""
    outcome: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


# Dates a search may name: the log cannot hold anything outside them, and the day after 9999-12-31 (or a
# time-zone shift before 0001-01-01) does not exist — such a filter overflowed into a 500.
EARLIEST_DATE, LATEST_DATE = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


def date_in_range(day: datetime.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the portal's time zone: a plain range keeps the created_at index usable."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events_search(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The audit page's rows, newest first (one query per page; the index on each filter serves it)."""
    events = AuditEvent.objects.all()
    if filters.username:
        events = events.filter(username__icontains=filters.username)
    if filters.event:
        events = events.filter(event=filters.event)
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    # Clamped again here, whoever builds the filters: the form refuses such dates with a message.
    if filters.date_from:
        events = events.filter(created_at__gte=_start_of(min(max(filters.date_from, EARLIEST_DATE), LATEST_DATE)))
    if filters.date_to:
        day_after = min(max(filters.date_to, EARLIEST_DATE), LATEST_DATE) + datetime.timedelta(days=1)
        events = events.filter(created_at__lt=_start_of(day_after))
    return events.order_by("-id")


def audit_events_for(obj, *, limit: int = 50) -> list[AuditEvent]:
    """The newest audit records about one object (e.g. a submission's approvals and imports)."""
    return list(AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
                .select_related("user").order_by("-id")[:limit])
