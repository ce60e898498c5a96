"""Writes for reporting seasons: setting a window, reopening one region, and the entry check every
report's save runs first. Audited in the same transaction."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import AuditEventType
from audit.services import audit_record
from regions.models import Region

from .models import ReportingWindow, WindowReopening
from .selectors import today, window_above, window_for
from .windows import entry_refusal, reopening_errors, window_setting_errors


class EntryWindowClosed(ValidationError):
    """Entry is outside the region's reporting window: nothing was written."""


def entry_window_check(*, region: Region, year: int, on: date | None = None) -> None:
    """Refuse a save or a submission outside the window (before it opens, after late entry closes) unless
    an administrator reopened the region. Called first by every report's save service. A region that does
    not exist in ``year`` (its 设立 / 撤销 years) enters nothing for it, whatever the window."""
    refusal = region.validity_refusal(year) or entry_refusal(window_for(region, year), on or today(), year)
    if refusal:
        raise EntryWindowClosed(refusal)


@transaction.atomic
def window_set(*, region: Region, year: int, opens_on: date, due_on: date, closes_on: date, user,
               remind_days_before: int = 3, remind_day_after: bool = True) -> ReportingWindow:
    """Set (or change) the window ``region`` sets for the reports below it for ``year``: the dates in
    order and, under a window set above, only stricter (``seasons.windows.window_setting_errors``) —
    else ``ValidationError`` by field, and nothing is written."""
    errors = window_setting_errors(opens_on, due_on, closes_on, window_above(region, year))
    if errors:
        raise ValidationError(errors)
    window = ReportingWindow.objects.filter(region=region, year=year).first() or ReportingWindow(region=region, year=year)
    window.opens_on, window.due_on, window.closes_on = opens_on, due_on, closes_on
    window.remind_days_before, window.remind_day_after, window.updated_by = remind_days_before, remind_day_after, user
    window.full_clean()
    window.save()
    audit_record(event=AuditEventType.SEASON_SET, user=user, obj=window, details={
        "year": year, "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat(), "closes_on": closes_on.isoformat()})
    return window


@transaction.atomic
def window_reopen(*, region: Region, year: int, until: date, reason: str, user) -> WindowReopening:
    """Let one region enter again until ``until`` (the level above it decides, with its reason); an end
    date before today is refused (``ValidationError``) and nothing is written."""
    errors = reopening_errors(until, today())
    if errors:
        raise ValidationError(errors)
    reopening = WindowReopening.objects.filter(region=region, year=year).first() or WindowReopening(region=region, year=year)
    reopening.until, reopening.reason, reopening.granted_by = until, reason.strip(), user
    reopening.full_clean()
    reopening.save()
    audit_record(event=AuditEventType.SEASON_REOPEN, user=user, obj=reopening,
                 details={"year": year, "until": until.isoformat(), "reason": reopening.reason})
    return reopening
