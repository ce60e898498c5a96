"""Reads of the reporting windows: the window that applies to a region (two queries) or to many."""
from dataclasses import replace
from datetime import date, datetime

from django.utils import timezone

from regions.models import Region, in_subtree

from .models import ReportingWindow, WindowReopening
from .windows import Timeliness, Window, WindowState, entry_refusal, strictest, timeliness, window_state


def _window(row: ReportingWindow) -> Window:
    return Window(row.opens_on, row.due_on, row.closes_on, remind_days_before=row.remind_days_before,
                  remind_day_after=row.remind_day_after)


def _applying(region: Region, by_code: dict[str, Window], reopened: dict[int, date]) -> Window | None:
    window = strictest([by_code[code] for code in region.path_codes if code in by_code])  # root first, nearest last
    if window is None:
        return None
    return replace(window, reopened_until=reopened.get(region.pk))


def window_for(region: Region, year: int) -> Window | None:
    """The window that applies to ``region`` for ``year`` (the strictest on its path, with its reopening)."""
    by_code = {row.region.code: _window(row) for row in
               ReportingWindow.objects.filter(region__code__in=region.path_codes, year=year).select_related("region")}
    if not by_code:
        return None
    reopened = dict(WindowReopening.objects.filter(region=region, year=year).values_list("region_id", "until"))
    return _applying(region, by_code, reopened)


def windows_for(regions: list[Region], year: int) -> dict[int, Window | None]:
    """The applying window of each region, by region id (two queries: the windows and reopenings of a
    year are a few hundred rows at most — one per province and city)."""
    by_code = {row.region.code: _window(row) for row in ReportingWindow.objects.filter(year=year).select_related("region")}
    reopened = dict(WindowReopening.objects.filter(year=year).values_list("region_id", "until")) if by_code else {}
    return {region.pk: _applying(region, by_code, reopened) for region in regions}


def window_above(region: Region, year: int) -> Window | None:
    """The window that applies to ``region`` itself, from the regions above it: what it may only tighten."""
    return window_for(region.parent, year) if region.parent_id else None


def window_set_by(region: Region, year: int) -> ReportingWindow | None:
    return ReportingWindow.objects.filter(region=region, year=year).select_related("updated_by").first()


def windows_set_below(region: Region, year: int):
    """The stricter windows the regions below ``region`` set for ``year`` (a province's cities)."""
    return (ReportingWindow.objects.filter(in_subtree("region__path", region.path), year=year)
            .exclude(region=region).select_related("region", "updated_by").order_by("region__code"))


def reopenings_in(region: Region, year: int):
    """The reopenings of ``year`` for ``region`` and the regions below it."""
    return (WindowReopening.objects.filter(in_subtree("region__path", region.path), year=year)
            .select_related("region", "granted_by").order_by("region__code"))


def today() -> date:
    return timezone.localdate()


def report_timeliness(window: Window | None, submitted_at: datetime | None, on: date) -> Timeliness | None:
    """``windows.timeliness`` of a report last submitted at ``submitted_at`` (None: not submitted), the
    moment read as a day of the portal's time zone (a report sent at 00:30 on 1 April Beijing time is
    late for a 31 March due date, though it is still 31 March in UTC)."""
    return timeliness(window, timezone.localdate(submitted_at) if submitted_at else None, on)


class Season:
    """What a report's page shows about its season: the window, its state today, the report's timeliness,
    and whether entry is allowed (with the reason when it is not)."""

    def __init__(self, window: Window | None, year: int, submitted_at=None, on: date | None = None):
        on = on or today()
        self.window = window
        self.state: WindowState | None = window_state(window, on) if window else None
        self.timeliness: Timeliness | None = report_timeliness(window, submitted_at, on)
        self.refusal = entry_refusal(window, on, year)

    @property
    def entry_allowed(self) -> bool:
        return self.refusal is None


def season_for(region: Region, year: int, submitted_at=None) -> Season:
    """The season of a region's report; ``submitted_at`` when the report counts as submitted
    (``ReportLifecycle.counted_submitted_at``)."""
    season = Season(window_for(region, year), year, submitted_at)
    season.refusal = region.validity_refusal(year) or season.refusal  # a region not existing that year enters nothing
    return season
