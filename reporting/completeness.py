"""Reads for completeness (填报进度): which county-level regions are expected to report a year's indicator
report, and how far they got — the rows of the completeness page and its export, the aggregate the dashboards
show, and the per-child "n of m" of a matrix row. Moved out of ``dashboard.py`` (the 500-line limit).

Expected means: a county-level region that a plan applies to in that year and that exists in that year
(``regions.models.valid_in_year``: a 功能区 set up in 2026 is not expected in 2021, an abolished county not
after its 撤销 year — issue 14, rule 7).
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils.translation import gettext_lazy

from lifecycle.models import COUNTED_STATUSES, SubmissionStatus
from plans.governing import is_under_a_plan, plan_region_paths
from regions.models import Region, RegionLevel, in_subtree, valid_in_year
from seasons.selectors import report_timeliness, windows_for
from seasons.selectors import today as season_today
from seasons.windows import Lateness, Timeliness

from .dashboard import _unit_prefix_length
from .models import Submission

STATE_LABELS = {"not_started": gettext_lazy("未开始"), **dict(SubmissionStatus.choices)}


class ReportState:
    """What a completeness row of either report (indicators, key actions) says of its ``state``:
    "not_started" or a SubmissionStatus."""

    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def counts_as_submitted(self) -> bool:
        """Submitted or approved: not to be reminded (催报) any more."""
        return self.state in COUNTED_STATUSES


@dataclass(frozen=True)
class CompletenessRow(ReportState):
    region: Region
    city_name: str
    state: str  # "not_started" or a SubmissionStatus
    updated_at: object = None
    submitted_at: object = None
    reviewed_at: object = None
    review_comment: str = ""
    timeliness: Timeliness | None = None  # against the county's reporting window, when one is set


@dataclass(frozen=True)
class Completeness:
    expected: int
    by_state: dict[str, int]
    by_lateness: dict[str, int] = field(default_factory=dict)  # 逾期未报 / 逾期提交 … (rows only)

    @property
    def overdue(self) -> int:
        return self.by_lateness.get(Lateness.OVERDUE, 0)

    @property
    def late_submitted(self) -> int:
        return self.by_lateness.get(Lateness.LATE_SUBMITTED, 0)

    @property
    def submitted(self) -> int:
        return sum(self.by_state.get(status, 0) for status in COUNTED_STATUSES)

    @property
    def approved(self) -> int:
        return self.by_state.get(SubmissionStatus.APPROVED, 0)


def completeness_rows(region: Region, year: int) -> list[CompletenessRow]:
    """Every county-level region in the subtree that exists in ``year`` and that a plan applies to, with its
    submission and how it stands against its reporting window (4 queries; 5 when a window is set for the year)."""
    plan_paths = plan_region_paths(year)
    counties = [county for county in (Region.objects.subtree_of(region).filter(level=RegionLevel.COUNTY).valid_in(year)
                                      .select_related("parent").order_by("code"))
                if is_under_a_plan(county, plan_paths)]  # no plan applies: nothing is expected from the others
    submissions = {s.region_id: s for s in Submission.objects.filter(
        in_subtree("region__path", region.path), region__level=RegionLevel.COUNTY, year=year)}
    windows, today = windows_for(counties, year), season_today()
    rows = []
    for county in counties:
        submission = submissions.get(county.pk)
        submitted_at = submission.counted_submitted_at if submission else None
        rows.append(CompletenessRow(
            county, county.parent.name, submission.status if submission else "not_started",
            submission.updated_at if submission else None, submission.submitted_at if submission else None,
            submission.reviewed_at if submission else None, submission.review_comment if submission else "",
            report_timeliness(windows[county.pk], submitted_at, today),
        ))
    return rows


def _under_a_plan(region: Region, year: int) -> Q:
    """The regions of ``region``'s subtree that a plan applies to: all of them when a plan sits on the region
    or above it, else those whose path begins with the path of a plan region inside the subtree — one
    ``IN`` per path length (a plan sits on a province, a city or a county). An OR of one subtree range per
    plan made SQLite scan the subtree once per plan (8 ms of the 广东省 page, 40 ms of 全国)."""
    plan_paths = plan_region_paths(year)
    if is_under_a_plan(region, plan_paths):
        return Q()
    by_length: dict[int, list[str]] = defaultdict(list)
    for path in sorted(plan_paths):
        if path.startswith(region.path):
            by_length[len(path)].append(path)
    under = Q(pk__in=[])
    for length, paths in by_length.items():
        under |= Q(In(Substr("path", 1, length), paths))
    return under


def _expected_counties(region: Region, year: int):
    """The county-level regions of the subtree expected to report ``year``: under a plan and existing then."""
    return Region.objects.filter(in_subtree("path", region.path), _under_a_plan(region, year), valid_in_year(year),
                                 level=RegionLevel.COUNTY)


def completeness_summary_for(region: Region, year: int) -> Completeness:
    """The same counts as ``completeness_summary(completeness_rows(...))`` as one aggregate (2 queries):
    the dashboards need the numbers, not 3,000 county objects."""
    counts = (_expected_counties(region, year)
              .annotate(submission=FilteredRelation("submissions", condition=Q(submissions__year=year)))
              .values("submission__status").annotate(n=Count("id")).order_by())
    by_state = {row["submission__status"] or "not_started": row["n"] for row in counts}
    return Completeness(sum(by_state.values()), by_state)


def completeness_by_child(region: Region, year: int) -> dict[str, Completeness]:
    """Child path → its counties' submissions (the counties a plan applies to, as in the page's summary,
    so that one screen uses one denominator): a city row's 填报状态 is "n of m", not its own 未开始.
    One GROUP BY (plus the plan paths) whatever the number of children."""
    children = list(region.children.order_by("code")[:1])
    prefix_length = _unit_prefix_length(region, children)
    counts = (_expected_counties(region, year)
              .annotate(unit_path=Substr("path", 1, prefix_length),
                        submission=FilteredRelation("submissions", condition=Q(submissions__year=year)))
              .values("unit_path", "submission__status").annotate(n=Count("id")).order_by())
    by_child: dict[str, dict[str, int]] = defaultdict(dict)
    for row in counts:
        by_child[row["unit_path"]][row["submission__status"] or "not_started"] = row["n"]
    return {path: Completeness(sum(by_state.values()), by_state) for path, by_state in by_child.items()}


def completeness_summary(rows: list[CompletenessRow]) -> Completeness:
    counts: dict[str, int] = defaultdict(int)
    lateness: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.state] += 1
        if row.timeliness is not None:
            lateness[row.timeliness.lateness] += 1
    return Completeness(len(rows), dict(counts), dict(lateness))
