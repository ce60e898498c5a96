"""Completeness of the key-action progress reports (重大行动进展): which cities and counties below a region
owe one for a year, whether they submitted, and how each stands against its reporting window (逾期未报 /
逾期提交 with days, by ``seasons.windows`` — the rule the indicator completeness uses too).

A key-action report is expected from every city- and county-level region that a plan applies to (each
city reports its own actions, as the key-action matrix shows); towns never report."""
from dataclasses import dataclass

from django.db.models import QuerySet

from actions.models import ActionReport
from plans.governing import is_under_a_plan, plan_region_paths
from regions.models import Region, RegionLevel
from seasons.selectors import report_timeliness, windows_for
from seasons.selectors import today as season_today
from seasons.windows import Lateness, Timeliness

from .completeness import ReportState

ACTION_REPORTING_LEVELS = (RegionLevel.CITY, RegionLevel.COUNTY)


@dataclass(frozen=True)
class ActionCompletenessRow(ReportState):
    region: Region
    state: str  # "not_started" or a SubmissionStatus
    submitted_at: object = None
    timeliness: Timeliness | None = None  # against the region's reporting window, when one is set


@dataclass(frozen=True)
class ActionCompleteness:
    rows: list[ActionCompletenessRow]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(row.counts_as_submitted for row in self.rows)

    def _late(self, lateness: Lateness) -> int:
        return sum(1 for row in self.rows if row.timeliness is not None and row.timeliness.lateness == lateness)

    @property
    def overdue(self) -> int:
        return self._late(Lateness.OVERDUE)

    @property
    def late_submitted(self) -> int:
        return self._late(Lateness.LATE_SUBMITTED)

    @property
    def has_window(self) -> bool:
        return any(row.timeliness is not None for row in self.rows)

    @property
    def unsubmitted(self) -> list[Region]:
        return [row.region for row in self.rows if not row.counts_as_submitted]


def _rows(regions: list[Region], year: int) -> ActionCompleteness:
    """The rows of the regions a plan applies to in ``year`` (3 queries: plans, reports, windows)."""
    plan_paths = plan_region_paths(year)
    regions = [region for region in regions if is_under_a_plan(region, plan_paths)]
    reports = {report.region_id: report for report in
               ActionReport.objects.filter(region__in=regions, year=year).only("region_id", "status", "submitted_at")}
    windows, today = windows_for(regions, year), season_today()
    rows = []
    for region in regions:
        report = reports.get(region.pk)
        submitted_at = report.counted_submitted_at if report else None
        rows.append(ActionCompletenessRow(
            region, report.status if report else "not_started", submitted_at,
            report_timeliness(windows[region.pk], submitted_at, today)))
    return ActionCompleteness(rows)


def _reporting(regions: QuerySet[Region], year: int) -> list[Region]:
    """The cities and counties among ``regions`` that exist in ``year`` (a zone set up later owes nothing)."""
    return list(regions.valid_in(year).filter(level__in=ACTION_REPORTING_LEVELS).order_by("code"))


def action_completeness(region: Region, year: int) -> ActionCompleteness:
    """The key-action matrix's rows below ``region`` (its child cities or counties), 4 queries."""
    return _rows(_reporting(region.children.all(), year), year)


def action_completeness_in_subtree(region: Region, year: int) -> ActionCompleteness:
    """Every city and county below ``region`` (the automatic reminders' scope), 4 queries."""
    return _rows(_reporting(Region.objects.subtree_of(region, include_self=False), year), year)
