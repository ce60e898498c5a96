"""Reads for the dashboards: the compliance matrix of a region and its children for a year, and the
county-level matrix of a region (every county below it) for the 区县明细 export.

A fixed number of queries whatever the size of the subtree: the rows below, the plans, the catalogue,
their rows and targets, one GROUP BY over the values below the region (grouped by the child each value
lies under, via a fixed-width prefix of the materialised path, or by the reporting county itself), one
count of the regions expected to report, the printed and entered baselines, and the rows' submissions.
"""
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr

from indicators.display import share_yes_text, value_text
from indicators.models import LOWEST_ENTRY_LEVEL, Indicator, ValueKind
from indicators.resolution import ResolvedTarget, targets_and_governed_for
from lifecycle.models import COUNTED_STATUSES
from plans.period import BASELINE_YEAR
from plumbing.collector import collector_paused
from plumbing.rows import rows_converted_once
from plumbing.wording import with_language_pinned
from regions.models import Region, RegionLevel, in_subtree, valid_in_year

from .baselines import Baselines, baselines_for, needs_first_counted
from .compliance import (
    DIRECTIONS,
    TargetSpec,
    Verdict,
    judge,
    like_for_like,
)
from .models import IndicatorValue, Submission
from .obligations import matrix_obligations
from .rollup import Sums, index_sums, rolled_value


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


_NO_SPEC = object()  # a plan row's spec not built yet (None is a spec: no target)


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


# A value counts as reported with a number or as 无法填报.
_REPORTED = Q(value__isnull=False) | Q(not_applicable=True)


def _as_sum(field: str) -> ExpressionWrapper:
    """One value as the sum of a group of one: not a column, so it converts as ``Sum`` does (on SQLite a
    float made a decimal, not also quantized to the column's places) and reads exactly like it."""
    return ExpressionWrapper(F(field), output_field=DecimalField())


def _one_if(condition: Q) -> Case:
    """1 if the row meets ``condition``, else 0: a count over a group of one."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _grouped_sums(region: Region, year: int, prefix_length: int | None, compared_for: set[int],
                  first_counted_for: frozenset[int] | set[int] = frozenset(),
                  ) -> Iterator[tuple[tuple[str, int, int], Sums]]:
    """((group path, indicator id, year), summed counted values) pairs, streamed, for the region's subtree:
    ``year`` for every indicator; for those in ``compared_for`` (judged against an earlier value: 稳步提升, 有所下降) each
    reporting region's latest earlier counted year; for those in ``first_counted_for`` (whose interim path
    may start at the region's first counted value, rule 2) each reporting region's first counted plan year
    (both: every earlier plan year). The other indicators never look back, and their earlier years were
    most of the rows this query returned.

    Why one earlier year per reporting region is enough: a unit's comparison year is the latest year any of
    its children counted, and the children counted then are exactly those whose own latest counted year it
    is (compliance.like_for_like); likewise a unit's first counted year is the earliest of its children's,
    and the children counted then are exactly those whose own first year it is. So, of a unit's earlier
    years, the latest (like-for-like) or the earliest (a first counted value) is complete — the only one
    read. That left out half the rows of a national page.

    The group is the unit (a fixed-width prefix of the path) for most indicators, but the reporting region
    itself for those in ``compared_for``: comparing two years of a roll-up is done over the children
    counted in both (``compliance.like_for_like``), so their values stay per region (with its name).
    Earlier years are plan years only: a 2020 基线值 report is a baseline (``reporting.baselines``), not a year."""
    # The latest counted earlier year: a scalar subquery correlated on the region's path, not the submission's
    # region id — PostgreSQL then runs it after the subtree filter, not for the whole country (as an anti-join
    # it hashed the country's values for a province page: 53 → 161 ms). "Not the baseline year" rather than
    # "year ≥ 2021": a range made SQLite walk the year index nationwide instead of the subtree's path index.
    latest_counted = (IndicatorValue.objects
                      .filter(submission__region__path=OuterRef("submission__region__path"),
                              indicator=OuterRef("indicator"), submission__year__lt=year,
                              submission__status__in=COUNTED_STATUSES, value__isnull=False)
                      .exclude(submission__year=BASELINE_YEAR).order_by("-submission__year")
                      .values("submission__year")[:1])
    # The first counted year: a counted earlier row with no counted row of its region and indicator before it,
    # an anti-join on the submission's region. The scalar subquery it replaces ran for each of the 63,000
    # earlier rows of a national sheet and sorted that region's years each time (PostgreSQL 0.85 → 0.58 s for
    # the sheet's query, 58 → 47 ms for a province; SQLite −30 ms).
    counted_before = (IndicatorValue.objects
                      .filter(submission__region=OuterRef("submission__region"), indicator=OuterRef("indicator"),
                              submission__year__lt=OuterRef("submission__year"),
                              submission__status__in=COUNTED_STATUSES, value__isnull=False)
                      .exclude(submission__year=BASELINE_YEAR))
    first_counted = (Q(submission__year__lt=year, value__isnull=False) & ~Q(submission__year=BASELINE_YEAR)
                     & ~Exists(counted_before))
    both = set(compared_for) & set(first_counted_for)
    years = (Q(submission__year=year)
             | Q(indicator_id__in=set(compared_for) - both, submission__year=Subquery(latest_counted))
             | (Q(indicator_id__in=set(first_counted_for) - both) & first_counted)
             | (Q(submission__year__lt=year, indicator_id__in=both) & ~Q(submission__year=BASELINE_YEAR)))
    per_reporter = Q(indicator_id__in=compared_for)
    # "Up to the page's year" besides the years above: later reports (2025 on a 2024 page) are then skipped
    # by the (region, year) index instead of joined and tested — a sixth of a national sheet's query.
    counted = (IndicatorValue.objects
               .filter(years, in_subtree("submission__region__path", region.path), submission__year__lte=year,
                       submission__status__in=COUNTED_STATUSES)
               .annotate(unit_path=Case(When(per_reporter, then=F("submission__region__path")),
                                        default=_unit_path("submission__region__path", prefix_length),
                                        output_field=CharField()),
                         reporter_name=Case(When(per_reporter, then=F("submission__region__name")), default=Value(""),
                                            output_field=CharField()))
               .order_by())
    if prefix_length is None:
        # Each group is one value: grouped by the reporting region's own path, a region has one report a
        # year and a report one value per indicator (both unique in the database). So no GROUP BY — sorting
        # the national sheet's 60,000 groups was a third of its query — and each row's sums are its own.
        grouped = counted.annotate(numerator_sum=_as_sum("numerator"), denominator_sum=_as_sum("denominator"),
                                   value_sum=_as_sum("value"), value_count=_one_if(Q(value__isnull=False)),
                                   yes_count=_one_if(Q(value__gt=0)), reported=_one_if(_REPORTED))
    else:
        grouped = (counted.values("unit_path", "reporter_name", "indicator_id", "submission__year")
                   .annotate(numerator_sum=Sum("numerator"), denominator_sum=Sum("denominator"), value_sum=Sum("value"),
                             value_count=Count("value"), yes_count=Count("id", filter=Q(value__gt=0)),
                             reported=Count("id", filter=_REPORTED)))
    # Tuples, not dicts, streamed rather than all held at once: the national 区县明细 reads 60,000 rows.
    rows = rows_converted_once(grouped.values_list(
        "unit_path", "reporter_name", "indicator_id", "submission__year", "numerator_sum", "denominator_sum",
        "value_sum", "value_count", "yes_count", "reported"), chunk_size=5000)
    # ``rows_converted_once`` reads one object per distinct path and number: a county's path comes back with
    # each of its 20 groups, and the index holds them all.
    zero = Decimal(0)  # -0 too
    return (((path, indicator_id, value_year),
             Sums(numerator or zero, denominator or zero, value or zero, value_count, yes_count, reported, name))
            for path, name, indicator_id, value_year, numerator, denominator, value, value_count, yes_count, reported
            in rows)


def _expected_counts(region: Region, year: int, prefix_length: int | None) -> dict[tuple[str, int], int]:
    """(unit path, level) → how many regions of that level that exist in ``year`` lie in the unit — each
    child, and the region itself as the sum of its children (one GROUP BY)."""
    grouped = (Region.objects.filter(in_subtree("path", region.path), valid_in_year(year), level__gte=2, level__lte=3)
               .annotate(unit_path=_unit_path("path", prefix_length))
               .values("unit_path", "level").annotate(n=Count("id")).order_by())
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for row in grouped:
        if row["unit_path"] != region.path:  # the region's own row (a city page's city) is not one of its units
            counts[(row["unit_path"], row["level"])] += row["n"]
            counts[(region.path, row["level"])] += row["n"]
    return counts


def _counted(sums: Sums) -> bool:
    """One region's sums roll up to a value (``rolled_value`` is not None for a single region)."""
    return sums.value_count > 0


def _rolled_parts(indicator: Indicator, parts: list[Sums]) -> Decimal | None:
    """The roll-up of some children's sums (the like-for-like set of a comparison with an earlier year)."""
    return rolled_value(indicator, Sums.total(parts)) if parts else None  # one child: its own sums


def _expected_in(expected: dict[tuple[str, int], int], unit: Region, level: int, year: int) -> int:
    """How many regions of the entry ``level`` are expected to report ``year`` within ``unit``."""
    if unit.level >= level:
        return int(unit.level == level and unit.is_valid_in(year))
    return expected.get((unit.path, level), 0)


def compares_with_earlier(resolved: ResolvedTarget) -> bool:
    """The target compares a value with an earlier one (稳步提升, 有所下降)."""
    return bool(resolved.target and resolved.target.comparator in DIRECTIONS)


def _distinct_targets(targets: dict[int, dict[str, ResolvedTarget]]) -> list[dict[str, ResolvedTarget]]:
    """The regions' target dictionaries, each once: regions under the same plans share one
    (``indicators.resolution``), so a national sheet's 2,976 regions have a few dozen."""
    return list({id(per_region): per_region for per_region in targets.values()}.values())


@dataclass(frozen=True)
class CellsLookingBack:
    """The (unit path, indicator id) cells of a page that read earlier years, and so the indicators whose
    earlier years its one GROUP BY reads (``_grouped_sums``)."""

    compared: set[tuple[str, int]]  # compared with an earlier value (稳步提升, 有所下降: like-for-like)
    first_counted: set[tuple[str, int]]  # whose baseline may be a first counted value (``needs_first_counted``)

    @property
    def compared_indicators(self) -> set[int]:
        return {indicator_pk for _path, indicator_pk in self.compared}

    @property
    def first_counted_indicators(self) -> set[int]:
        return {indicator_pk for _path, indicator_pk in self.first_counted}


def cells_looking_back(units: list[Region], targets: dict[int, dict[str, ResolvedTarget]], baselines: Baselines,
                       year: int) -> CellsLookingBack:
    """The cells of ``units`` (their resolved ``targets`` and ``baselines`` for ``year``) that read earlier years."""
    compared, first_counted = set(), set()
    compares: dict[int, bool] = {}  # per resolved target (one per plan row, shared by the regions it governs)
    for unit in units:
        for resolved in targets[unit.pk].values():
            if (looks_back := compares.get(id(resolved))) is None:
                looks_back = compares[id(resolved)] = compares_with_earlier(resolved)
            key = (unit.path, resolved.indicator.pk)
            if looks_back:
                compared.add(key)
            elif needs_first_counted(baselines, unit.pk, resolved, year):  # a direction is no linear path
                first_counted.add(key)
    return CellsLookingBack(compared, first_counted)


def compliance_matrix(region: Region, year: int) -> Matrix:
    """The region's own row (everything below it rolled up) and one row per child, rolled up likewise."""
    # A region that does not exist in ``year`` (a zone set up later, a county abolished) is not a row.
    children = list(region.children.valid_in(year).order_by("code"))
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
    counties = list(Region.objects.subtree_of(region, include_self=False).filter(level=RegionLevel.COUNTY).valid_in(year)
                    .select_related("parent").order_by("code"))
    return _judged_matrix(region, year, counties, prefix_length=None)


@collector_paused()  # a million acyclic objects in a national export (plumbing.collector)
@with_language_pinned
def _judged_matrix(region: Region, year: int, rows_below: list[Region], prefix_length: int | None) -> Matrix:
    units = [region, *rows_below]
    targets, governed = targets_and_governed_for(units, year)
    indicators = sorted({resolved.indicator for per_region in _distinct_targets(targets)
                         for resolved in per_region.values()}, key=lambda indicator: indicator.code)
    baselines = baselines_for(units, year)  # rule 2's last source, a first counted value, reads earlier years
    looking_back = cells_looking_back(units, targets, baselines, year)
    compared = looking_back.compared
    # Indexed as the groups stream in, never held as a whole: a national export reads 60,000 of them.
    index = index_sums(_grouped_sums(region, year, prefix_length, looking_back.compared_indicators,
                                     looking_back.first_counted_indicators),
                       region_path=region.path, year=year, prefix_length=prefix_length, compared=compared,
                       first_counted_cells=looking_back.first_counted)
    expected = _expected_counts(region, year, prefix_length)
    submissions, not_owed_in = matrix_obligations(units, year, targets, index.reported, indicators)
    specs: dict[int, TargetSpec | None] = {}  # one per plan row: resolved targets are shared by the regions

    status_counts: dict[str, int] = defaultdict(int)
    rows = []
    # Looked up once, not per cell: a national export builds 29,760 cells (.pk is a property).
    indicator_facts = [(indicator, indicator.pk, indicator.code, indicator.entry_level) for indicator in indicators]
    entry_levels = {indicator.entry_level for indicator in indicators}
    this_year_index, earlier_index, by_reporter = index.this_year, index.earlier, index.by_reporter
    no_earlier: dict[int, Decimal | None] = {}
    for unit in units:
        unit_path, unit_pk = unit.path, unit.pk
        unit_targets, has_plan, is_region = targets[unit_pk], unit_pk in governed, unit_pk == region.pk
        not_owed = not_owed_in(unit)
        expected_at = {level: _expected_in(expected, unit, level, year) for level in entry_levels}
        cells = []
        for indicator, indicator_pk, code, entry_level in indicator_facts:
            key = (unit_path, indicator_pk)
            this_year = this_year_index.get(key)
            value = rolled_value(indicator, this_year)
            if (why_not_owed := not_owed.get(code)) is not None:
                # A county is not judged on what only its city reports (OH08), nor a submitted report on
                # an indicator a document loaded since brought (reporting.obligations).
                resolved, verdict = None, why_not_owed
            else:
                resolved = unit_targets.get(code)
                if (spec := specs.get(id(resolved), _NO_SPEC)) is _NO_SPEC:
                    spec = specs[id(resolved)] = _target_spec(resolved)
                earlier_parts = earlier_index.get(key)
                earlier_values = ({y: rolled_value(indicator, part) for y, part in earlier_parts.items()}
                                  if earlier_parts else no_earlier)
                baseline = baselines.for_cell(unit_pk, indicator_pk, earlier_values, year, resolved)
                earlier = (like_for_like(by_reporter.get(key, {}), year, functools.partial(_rolled_parts, indicator),
                                         index.names, baseline, is_counted=_counted)
                           if key in compared else None)
                verdict = judge(value=value, year=year, target=spec, baseline=baseline, earlier=earlier,
                                has_plan=has_plan)
            cells.append(Cell(unit, indicator, resolved, value, this_year, expected_at[entry_level], verdict))
            if not is_region:
                status_counts[verdict.status] += 1
        rows.append(MatrixRow(unit, is_region, cells, submissions.get(unit_pk)))
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
    if filters == MatrixFilters():
        return matrix  # nothing to narrow (an export of the whole country: 29,760 cells)
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
