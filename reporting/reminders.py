"""催报: reminders to the regions that have not submitted a year's indicator report or key-action progress
report — sent by a reviewer (one region or all of them), or automatically before and after the due date
by ``send_reminders`` (cron), never the same automatic reminder twice for the same report
(``seasons.models.ReminderSent``'s constraint)."""
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from audit.models import AuditEventType
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import notify
from plans.period import ACTION_YEARS
from regions.models import Region
from seasons.models import ReminderKind, ReminderSent, ReportingWindow, ReportKind
from seasons.selectors import today as season_today
from seasons.selectors import windows_for
from seasons.windows import Window, automatic_reminder_due

from .action_completeness import action_completeness, action_completeness_in_subtree
from .completeness import completeness_rows

# What each report's reminder names and where it leads.
REPORT_TEXTS = {ReportKind.INDICATORS: gettext_noop("%(region)s %(year)s 年度指标填报"),
                ReportKind.ACTIONS: gettext_noop("%(region)s %(year)s 年度重大行动进展报告")}
REPORT_PAGES = {ReportKind.INDICATORS: "reporting:entry", ReportKind.ACTIONS: "actions:entry"}


def unsubmitted_regions(region: Region, year: int) -> list[Region]:
    """The county-level regions below ``region`` expected to report ``year`` that have not submitted."""
    return [row.region for row in completeness_rows(region, year) if not row.counts_as_submitted]


def _message(region: Region, year: int, window: Window | None, kind: str, report_kind: str) -> str:
    report = _(REPORT_TEXTS[report_kind]) % {"region": region.full_name, "year": year}
    if window is None:
        return _("催报：%(report)s 尚未提交，请尽快填报并提交。") % {"report": report}
    if kind == ReminderKind.BEFORE_DUE:
        return _("截止提醒：%(report)s 将于 %(due)s 截止，请按时提交。") % {"report": report, "due": window.due_on.isoformat()}
    return _("催报：%(report)s 已于 %(due)s 截止，尚未提交，请尽快补报（%(closes)s 前）。") % {
        "report": report, "due": window.due_on.isoformat(), "closes": window.closes_on.isoformat()}


def _remind(region: Region, year: int, window: Window | None, kind: str, sender: User | None,
            report: str = ReportKind.INDICATORS) -> None:
    officers = User.objects.filter(role=Role.OFFICER, region=region, is_active=True)
    notify(users=officers, kind=NotificationKind.DEADLINE if kind == ReminderKind.BEFORE_DUE else NotificationKind.REMINDER,
           message=_message(region, year, window, kind, report), link=reverse(REPORT_PAGES[report], args=[region.code, year]))
    sent = ReminderSent.objects.create(region=region, year=year, kind=kind, report=report, sent_by=sender)
    audit_record(event=AuditEventType.REMINDER, user=sender, obj=sent,
                 details={"region": region.code, "year": year, "kind": kind, "report": report})


def reminders_send(*, region: Region, year: int, codes: list[str] | None, sender: User) -> list[Region]:
    """A reviewer's 催报 to the regions below ``region`` that have not submitted their indicator report,
    those whose codes are given (all when None). Codes of regions that have submitted (or are not below) are
    ignored; returns the regions reminded."""
    return _manual_reminders_send(unsubmitted_regions(region, year), codes, year, sender, ReportKind.INDICATORS)


def action_reminders_send(*, region: Region, year: int, codes: list[str] | None, sender: User) -> list[Region]:
    """The same for the key-action progress reports (the key-action matrix's rows below ``region``)."""
    return _manual_reminders_send(action_completeness(region, year).unsubmitted, codes, year, sender,
                                  ReportKind.ACTIONS)


@transaction.atomic
def _manual_reminders_send(unsubmitted: list[Region], codes: list[str] | None, year: int, sender: User,
                           report: str) -> list[Region]:
    ticked = None if codes is None else set(codes)
    targets = unsubmitted if ticked is None else [target for target in unsubmitted if target.code in ticked]
    windows = windows_for(targets, year)
    for target in targets:
        _remind(target, year, windows[target.pk], ReminderKind.MANUAL, sender, report)
    return targets


def automatic_reminders_send(*, on: date | None = None) -> int:
    """The automatic reminders due ``on`` (today): N days before the due date and the day after it, to
    every unsubmitted region, each at most once per region, year, report (indicators, key actions) and
    kind. Safe to run as often as cron likes; returns how many reminders were sent."""
    on = on or season_today()
    sent = 0
    for year in ReportingWindow.objects.values_list("year", flat=True).distinct():
        for root in _top_window_regions(year):
            for report, targets in _unsubmitted_by_report(root, year).items():
                sent += _automatic_reminders_send(report, targets, year, on)
    return sent


def _unsubmitted_by_report(root: Region, year: int) -> dict[str, list[Region]]:
    """Who owes which report below ``root``: counties their indicators, cities and counties their key-action
    progress (reported from the plans' second year, ``ACTION_YEARS``)."""
    by_report = {ReportKind.INDICATORS: unsubmitted_regions(root, year)}
    if year in ACTION_YEARS:
        by_report[ReportKind.ACTIONS] = action_completeness_in_subtree(root, year).unsubmitted
    return by_report


def _automatic_reminders_send(report: str, targets: list[Region], year: int, on: date) -> int:
    windows = windows_for(targets, year)
    already = set(ReminderSent.objects.filter(year=year, report=report, region__in=targets)
                  .exclude(kind=ReminderKind.MANUAL).values_list("region_id", "kind"))
    sent = 0
    for target in targets:
        window = windows[target.pk]
        kind = automatic_reminder_due(window, on) if window else None
        if kind is None or (target.pk, kind) in already:
            continue
        try:
            with transaction.atomic():
                _remind(target, year, window, kind, None, report)
        except IntegrityError:
            continue  # a concurrent run sent it a moment ago: the constraint keeps it to one
        sent += 1
    return sent


def _top_window_regions(year: int) -> list[Region]:
    """The regions that set a window for ``year`` and have no window-setting region above them."""
    regions = list(Region.objects.filter(pk__in=ReportingWindow.objects.filter(year=year).values("region")))
    codes = {region.code for region in regions}
    return [region for region in regions if not any(code in codes for code in region.path_codes[:-1])]
