"""Reads for the dashboards: the compliance matrix of a region and its children for a year, and the
county-level matrix of a region (every county below it) for the 区县明细 export.

A fixed number of queries whatever the size of the subtree: the rows below, the plans, the catalogue,
their rows and targets, one GROUP BY over the values below the region (grouped by the child each value
lies under, via a fixed-width prefix of the materialised path, or by the reporting county itself), one
count of the regions expected to report, the baselines, and the rows' submissions.
"""
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, FilteredRelation, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.display import share_yes_text, value_text
from indicators.models import LOWEST_ENTRY_LEVEL, Baseline, Indicator, ValueKind
from indicators.resolution import ResolvedTarget, targets_and_governed_for
from lifecycle.models import COUNTED_STATUSES, SubmissionStatus
from plans.governing import is_under_a_plan, plan_region_paths
from regions.models import Region, RegionLevel, in_subtree
from seasons.selectors import today as season_today
from seasons.selectors import windows_for
from seasons.windows import Lateness, Timeliness, timeliness

from .compliance import (
    DIRECTIONS,
    Status,
    TargetSpec,
    Verdict,
    judge,
    like_for_like,
)
from .compliance import Baseline as BaselineFact
from .models import IndicatorValue, Submission
from .rollup import Sums, index_sums, rolled_value
from .wording import with_language_pinned


@dataclass(slots=True)  # 30,000 in a national export
class Cell:
    region: Region
    indicator: Indicator
    resolved: ResolvedTarget | None
    value: Decimal | None
    sums: Sums | None
    expected: int
    verdict: Verdict

    @property
    def status(self) -> str:
        return self.verdict.status

    @property
    def reported(self) -> int:
        return self.sums.reported if self.sums else 0

    @property
    def is_rollup(self) -> bool:
        """The value sums regions below the indicator's entry level (a city's cell of a county indicator)."""
        return self.region.level < self.indicator.entry_level

    @property
    def value_text(self) -> str:
        """How the cell's value reads (indicators.display): 是/否 for one region, "3/4 是（75%）" for a
        roll-up of a 是/否 indicator, "86.21%" for a rate, "12" for a count, "—" for none."""
        if self.indicator.value_kind == ValueKind.YES_NO and self.is_rollup:
            return share_yes_text(self.sums.yes_count, self.sums.value_count) if self.sums else "—"
        return value_text(self.indicator.value_kind, self.value)

    @property
    def target_text(self) -> str:
        return self.resolved.target.text if self.resolved and self.resolved.target else ""


@dataclass
class MatrixRow:
    region: Region
    is_self: bool
    cells: list[Cell]
    submission: Submission | None = None

    def cell(self, code: str) -> Cell | None:
        return next((cell for cell in self.cells if cell.indicator.code == code), None)

    @property
    def has_problem(self) -> bool:
        return any(cell.verdict.is_problem for cell in self.cells)


@dataclass
class Matrix:
    region: Region
    year: int
    indicators: list[Indicator]
    own: MatrixRow
    children: list[MatrixRow]
    status_counts: dict[str, int] = field(default_factory=dict)
    no_plan_count: int = 0  # rows below that no loaded plan governs this year (无适用规划)
    # Children below every indicator's entry level (a county's towns): not rows, they report nothing.
    hidden_children: int = 0

    @property
    def own_entry_codes(self) -> list[str]:
        """The indicators the page's region enters itself (a city's OH08): the page links its own report."""
        return [indicator.code for indicator in self.indicators if indicator.entry_level == self.region.level]

    @property
    def region_enters_nothing(self) -> bool:
        """The page's region is below every indicator's entry level (a town): its values are its county's."""
        return self.region.level > LOWEST_ENTRY_LEVEL

    @property
    def rows(self) -> list[MatrixRow]:
        return [self.own, *self.children]


def _target_spec(resolved: ResolvedTarget | None) -> TargetSpec | None:
    if resolved is None or resolved.target is None:
        return None
    target = resolved.target
    return TargetSpec(target.text, target.comparator, target.value, target.year, resolved.source_label,
                      target.other_measure, target.relative, target.reading_note, resolved.row.no_comparison_reason)


def _unit_prefix_length(region: Region, children: list[Region]) -> int:
    """Length of a child's path: the region's path + the child's code + "/" (codes have one width per level)."""
    width = len(children[0].code) if children else 6
    return len(region.path) + width + 1


def _unit_path(field: str, prefix_length: int | None):
    """The path of the unit a row of ``field`` counts in: a fixed-width prefix of it (the child of the
    page's region it lies under) or, with no prefix length, the path itself (the county-level matrix)."""
    return F(field) if prefix_length is None else Substr(field, 1, prefix_length)


def _sums_by_unit(region: Region, year: int, prefix_length: int | None,
                  history_for: set[int]) -> dict[tuple[str, int, int], Sums]:
    """(group path, indicator id, year) → summed counted values, for the region's subtree: ``year`` for every
    indicator, and the earlier years too for the indicators in ``history_for`` (those judged against an
    earlier value, 稳步提升) — the other indicators never look back, and their earlier years were most
    of the rows this query returned.

    The group is the unit (a fixed-width prefix of the path) for most indicators, but the reporting region
    itself for those in ``history_for``: comparing two years of a roll-up is done over the children
    counted in both (``compliance.like_for_like``), so their values stay per region (with its name)."""
    # Of a reporting region's earlier years only one is ever compared: the latest in which it counted. The
    # unit's comparison year is the latest year any of its children counted, and the children counted
    # then are exactly those whose own latest counted year it is (compliance.like_for_like) — so the SQL
    # leaves out the rest (half the rows of a national page). Correlated on the region's path, not the
    # submission's region id: PostgreSQL then runs it after the subtree filter, not for the whole country.
    latest_counted = (IndicatorValue.objects
                      .filter(submission__region__path=OuterRef("submission__region__path"), indicator=OuterRef("indicator"),
                              submission__year__lt=year, submission__status__in=COUNTED_STATUSES, value__isnull=False)
                      .order_by("-submission__year").values("submission__year")[:1])
    years = Q(submission__year=year) | Q(indicator_id__in=history_for, submission__year=Subquery(latest_counted))
    per_reporter = Q(indicator_id__in=history_for)
    grouped = (IndicatorValue.objects
               .filter(years, in_subtree("submission__region__path", region.path),
                       submission__status__in=COUNTED_STATUSES)
               .annotate(unit_path=Case(When(per_reporter, then=F("submission__region__path")),
                                        default=_unit_path("submission__region__path", prefix_length),
                                        output_field=CharField()),
                         reporter_name=Case(When(per_reporter, then=F("submission__region__name")), default=Value(""),
                                            output_field=CharField()))
               .values("unit_path", "reporter_name", "indicator_id", "submission__year")
               .annotate(numerator_sum=Sum("numerator"), denominator_sum=Sum("denominator"), value_sum=Sum("value"),
                         value_count=Count("value"), yes_count=Count("id", filter=Q(value__gt=0)),
                         reported=Count("id", filter=Q(value__isnull=False) | Q(not_applicable=True)))
               .order_by())
    # Tuples, not dicts, streamed rather than all held at once: the national 区县明细 reads 48,000 rows.
    rows = grouped.values_list("unit_path", "reporter_name", "indicator_id", "submission__year", "numerator_sum",
                               "denominator_sum", "value_sum", "value_count", "yes_count", "reported",
                               ).iterator(chunk_size=5000)
    zero = Decimal(0)
    return {(path, indicator_id, value_year): Sums(numerator or zero, denominator or zero, value or zero, *counts, name)
            for path, name, indicator_id, value_year, numerator, denominator, value, *counts in rows}


def _expected_counts(region: Region, prefix_length: int | None) -> dict[tuple[str, int], int]:
    """(unit path, level) → how many regions of that level lie in the unit — each child, and the region
    itself as the sum of its children (one GROUP BY)."""
    grouped = (Region.objects.filter(in_subtree("path", region.path), level__gte=2, level__lte=3)
               .annotate(unit_path=_unit_path("path", prefix_length))
               .values("unit_path", "level").annotate(n=Count("id")).order_by())
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in grouped:
        if row["unit_path"] != region.path:  # the region's own row (a city page's city) is not one of its units
            counts[(row["unit_path"], row["level"])] += row["n"]
            counts[(region.path, row["level"])] += row["n"]
    return counts


def _baselines(regions: list[Region], year: int) -> dict[tuple[int, int], BaselineFact]:
    """(region id, indicator id) → the latest numeric baseline before ``year``, with the plan that prints it."""
    facts = {}
    for baseline in (Baseline.objects.filter(region__in=regions, year__lt=year, value__isnull=False, other_measure=False)
                     .select_related("source_row__plan__region").order_by("year")):
        source = _("%(plan)s印发的") % {"plan": baseline.source_row.plan.short_name}
        facts[(baseline.region_id, baseline.indicator_id)] = BaselineFact(baseline.year, baseline.value, source)
    return facts


def _counted(sums: Sums) -> bool:
    """One region's sums roll up to a value (``rolled_value`` is not None for a single region)."""
    return sums.value_count > 0


def _rolled_parts(indicator: Indicator, parts: list[Sums]) -> Decimal | None:
    """The roll-up of some children's sums (the like-for-like set of a comparison with an earlier year)."""
    total = Sums()
    for part in parts:
        total.add(part)
    return rolled_value(indicator, total)


def _expected_in(expected: dict[tuple[str, int], int], unit: Region, level: int) -> int:
    """How many regions of the entry ``level`` are expected to report within ``unit``."""
    if unit.level >= level:
        return int(unit.level == level)
    return expected.get((unit.path, level), 0)


def indicators_judged_against_history(targets: dict[int, dict[str, ResolvedTarget]]) -> set[int]:
    """Ids of the indicators whose target, for any region of the page, compares with an earlier value
    (稳步提升, 有所下降): the only ones whose earlier years the page needs."""
    return {resolved.indicator.pk for per_region in targets.values() for resolved in per_region.values()
            if resolved.target and resolved.target.comparator in DIRECTIONS}


def compliance_matrix(region: Region, year: int) -> Matrix:
    """The region's own row (everything below it rolled up) and one row per child, rolled up likewise."""
    children = list(region.children.order_by("code"))
    # Towns enter no indicator (entry levels are 地级 and 县级): as rows they were all 无目标, 24 of them
    # on a county's page. They are counted for the page's note instead.
    reporting = [child for child in children if child.level <= LOWEST_ENTRY_LEVEL]
    matrix = _judged_matrix(region, year, reporting, _unit_prefix_length(region, children))
    matrix.hidden_children = len(children) - len(reporting)
    return matrix


def own_row(region: Region, year: int) -> MatrixRow:
    """The region alone, judged as its dashboard judges it (the review page's per-row verdicts)."""
    return _judged_matrix(region, year, [], prefix_length=None).own


def county_matrix(region: Region, year: int) -> Matrix:
    """The region's own row and one row per county-level region below it (区县明细), each county judged
    against its own target — the whole province or country in one sheet, with the same queries as a page.

    Values are entered by counties and cities only (no indicator is entered by towns), so grouping the
    values by the reporting region's own path puts each county's values in its row; a city's own values
    (OH08) count in the region's row only, as on the matrix page.
    """
    counties = list(Region.objects.subtree_of(region, include_self=False).filter(level=RegionLevel.COUNTY)
                    .select_related("parent").order_by("code"))
    return _judged_matrix(region, year, counties, prefix_length=None)


@with_language_pinned
def _judged_matrix(region: Region, year: int, rows_below: list[Region], prefix_length: int | None) -> Matrix:
    units = [region, *rows_below]
    targets, governed = targets_and_governed_for(units, year)
    indicators = sorted({resolved.indicator for per_region in targets.values() for resolved in per_region.values()},
                        key=lambda indicator: indicator.code)
    judged_against_history = indicators_judged_against_history(targets)
    sums = _sums_by_unit(region, year, prefix_length, judged_against_history)
    expected = _expected_counts(region, prefix_length)
    baselines = _baselines(units, year)
    submissions = {s.region_id: s for s in Submission.objects.filter(region__in=units, year=year)}

    compared = {(unit.path, resolved.indicator.pk) for unit in units for resolved in targets[unit.pk].values()
                if resolved.target and resolved.target.comparator in DIRECTIONS}
    index = index_sums(sums, region_path=region.path, year=year, prefix_length=prefix_length, compared=compared)
    del sums  # the index keeps what the cells need: a national export reads 48,000 groups
    specs: dict[int, TargetSpec | None] = {}  # one per plan row: resolved targets are shared by the regions

    @functools.cache
    def not_applicable_here(indicator: Indicator) -> Verdict:
        return Verdict(Status.NO_TARGET, _("本指标由%(level)s填报，不适用于本级") % {
            "level": indicator.get_entry_level_display()})

    status_counts: dict[str, int] = defaultdict(int)
    rows = []
    indicator_ids = [(indicator, indicator.pk) for indicator in indicators]  # .pk is a property: 300,000 calls
    for unit in units:
        unit_path, unit_pk = unit.path, unit.pk
        cells = []
        for indicator, indicator_pk in indicator_ids:
            this_year = index.this_year.get((unit_path, indicator_pk))
            baseline = baselines.get((unit.pk, indicator.pk))
            value = rolled_value(indicator, this_year)
            if unit.level > indicator.entry_level:
                # A county is not judged on what only its city reports (OH08).
                resolved, verdict = None, not_applicable_here(indicator)
            else:
                resolved = targets[unit_pk].get(indicator.code)
                if id(resolved) not in specs:
                    specs[id(resolved)] = _target_spec(resolved)
                earlier = (like_for_like(index.by_reporter.get((unit_path, indicator_pk), {}), year,
                                         functools.partial(_rolled_parts, indicator), index.names, baseline,
                                         is_counted=_counted)
                           if (unit_path, indicator_pk) in compared else None)
                verdict = judge(value=value, year=year, target=specs[id(resolved)], baseline=baseline,
                                earlier=earlier, has_plan=unit_pk in governed)
            n_expected = _expected_in(expected, unit, indicator.entry_level)
            cells.append(Cell(unit, indicator, resolved, value, this_year, n_expected, verdict))
            if unit_pk != region.pk:
                status_counts[verdict.status] += 1
        rows.append(MatrixRow(unit, unit.pk == region.pk, cells, submissions.get(unit.pk)))
    no_plan = sum(1 for unit in rows_below if unit.pk not in governed)
    return Matrix(region, year, indicators, rows[0], rows[1:], dict(status_counts), no_plan)


@dataclass(frozen=True)
class MatrixFilters:
    indicator_codes: tuple[str, ...] = ()
    status: str = ""
    nature: str = ""
    only_problems: bool = False


def filter_matrix(matrix: Matrix, filters: MatrixFilters) -> Matrix:
    """The same matrix with the columns and child rows the filters keep (statuses are computed, so
    this is done here rather than in SQL)."""
    indicators = matrix.indicators
    if filters.indicator_codes:
        indicators = [i for i in indicators if i.code in filters.indicator_codes]
    if filters.nature:
        natures = {cell.indicator.code: cell.resolved.row.nature for row in matrix.rows for cell in row.cells
                   if cell.resolved}
        indicators = [i for i in indicators if natures.get(i.code) == filters.nature]
    kept_codes = {i.code for i in indicators}

    def narrowed(row: MatrixRow) -> MatrixRow:
        return MatrixRow(row.region, row.is_self, [c for c in row.cells if c.indicator.code in kept_codes], row.submission)

    children = [narrowed(row) for row in matrix.children]
    if filters.status:
        children = [row for row in children if any(cell.status == filters.status for cell in row.cells)]
    if filters.only_problems:
        children = [row for row in children if row.has_problem]
    return Matrix(matrix.region, matrix.year, indicators, narrowed(matrix.own), children, matrix.status_counts,
                  matrix.no_plan_count, matrix.hidden_children)


STATE_LABELS = {"not_started": gettext_lazy("未开始"), **dict(SubmissionStatus.choices)}


@dataclass(frozen=True)
class CompletenessRow:
    region: Region
    city_name: str
    state: str  # "not_started" or a SubmissionStatus
    updated_at: object = None
    submitted_at: object = None
    reviewed_at: object = None
    review_comment: str = ""
    timeliness: Timeliness | None = None  # against the county's reporting window, when one is set

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def counts_as_submitted(self) -> bool:
        """Submitted or approved: not to be reminded (催报) any more."""
        return self.state in COUNTED_STATUSES


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
    """Every county-level region in the subtree that a plan applies to, with its submission and how it stands
    against its reporting window (4 queries; 5 when a window is set for the year)."""
    plan_paths = plan_region_paths(year)
    counties = [county for county in (Region.objects.subtree_of(region).filter(level=RegionLevel.COUNTY)
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
            timeliness(windows[county.pk], timezone.localdate(submitted_at) if submitted_at else None, today),
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


def completeness_summary_for(region: Region, year: int) -> Completeness:
    """The same counts as ``completeness_summary(completeness_rows(...))`` as one aggregate (2 queries):
    the dashboards need the numbers, not 3,000 county objects."""
    counts = (Region.objects.filter(in_subtree("path", region.path), _under_a_plan(region, year), level=RegionLevel.COUNTY)
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
    counts = (Region.objects.filter(in_subtree("path", region.path), _under_a_plan(region, year), level=RegionLevel.COUNTY)
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
