"""Reads for data entry and review."""
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from actions.models import ActionReport
from indicators.display import value_text
from indicators.models import ValueKind
from indicators.resolution import ResolvedTarget, effective_targets, obligations
from lifecycle.levels import queue_statuses
from lifecycle.models import COUNTED_STATUSES, ReportLifecycle, SubmissionStatus
from lifecycle.selectors import province_confirms
from plans.period import PLAN_YEARS, is_baseline_year
from regions.models import Region, RegionLevel, in_subtree

from .models import EvaluationSection, IndicatorValue, Submission
from .obligations import answered_codes

# Every kind of yearly report a reviewer decides on.
REPORT_MODELS = (Submission, ActionReport)


@dataclass(frozen=True)
class EntryRow:
    resolved: ResolvedTarget
    current: IndicatorValue | None
    previous: IndicatorValue | None  # last year's submitted/approved value

    @property
    def indicator(self):
        return self.resolved.indicator

    @property
    def code(self) -> str:
        return self.resolved.indicator.code

    @property
    def previous_text(self) -> str:
        """Last year's value as the officer reads it beside the input (是/否, 86.2%, 无法填报, —)."""
        if self.previous is None:
            return "—"
        return value_text(self.indicator.value_kind, self.previous.value, not_applicable=self.previous.not_applicable)

    @property
    def current_rate_text(self) -> str:
        """The stored rate shown beside its numerator and denominator."""
        return value_text(ValueKind.RATE, self.current.value if self.current else None)


def submission_for(region: Region, year: int) -> Submission | None:
    return Submission.objects.filter(region=region, year=year).select_related("updated_by", "reviewed_by").first()


def reportable_targets(region: Region, year: int, *, answered: set[str] | None = None) -> list[ResolvedTarget]:
    """The indicators ``region`` must report for ``year`` (``indicators.resolution.obligations``): those of
    the documents in force that year entered at the region's level — and, once its report is submitted,
    no more than it ``answered`` (``reporting.obligations.answered_codes``)."""
    if is_baseline_year(year):
        return baseline_targets(region)
    return list(obligations(effective_targets(region, year), level=region.level, answered=answered).values())


def baseline_targets(region: Region) -> list[ResolvedTarget]:
    """The 2020 基线值 a region may enter: every indicator it reports in some plan year (no plan governs
    2020 itself), shown with the target of the latest year that lists it (four queries per plan year)."""
    by_code = {resolved.indicator.code: resolved for plan_year in PLAN_YEARS
               for resolved in reportable_targets(region, plan_year)}
    return [by_code[code] for code in sorted(by_code)]


def values_by_code(region: Region, year: int, *, counted_only: bool = False) -> dict[str, IndicatorValue]:
    values = (IndicatorValue.objects.filter(submission__region=region, submission__year=year)
              .select_related("indicator", "submission"))
    if counted_only:
        values = values.filter(submission__status__in=COUNTED_STATUSES)
    return {value.indicator.code: value for value in values}


def entry_rows(region: Region, year: int) -> list[EntryRow]:
    """One row per indicator to report, with this year's value and last year's (fixed query count).

    A submitted report keeps the rows it answered: a document loaded since adds none to it."""
    current = values_by_code(region, year)
    previous = values_by_code(region, year - 1, counted_only=True)
    report = next(iter(current.values())).submission if current else None
    answered = answered_codes(report, current.values())
    return [EntryRow(resolved, current.get(resolved.indicator.code), previous.get(resolved.indicator.code))
            for resolved in reportable_targets(region, year, answered=answered)]


def pending_reviews(reviewer) -> list[ReportLifecycle]:
    """待审核: every report awaiting the reviewer's level (``lifecycle.levels``) — indicator reports and
    key-action reports alike — strictly below the reviewer's region, oldest submission first (one query for
    the province setting, one per kind of report)."""
    below, directly_below = queue_statuses(province_confirms=province_confirms(reviewer.region),
                                           reviewer_is_province=reviewer.region.level == RegionLevel.PROVINCE)
    awaiting = Q(status__in=below) | Q(status__in=directly_below, region__parent=reviewer.region)
    pending = []
    for model in REPORT_MODELS:
        pending += (model.objects.filter(awaiting, in_subtree("region__path", reviewer.region.path))
                    .exclude(region=reviewer.region).select_related("region", "submitted_by", "city_reviewed_by"))
    return sorted(pending, key=lambda report: (report.submitted_at is None, report.submitted_at, report.kind_label))


def officer_submissions(officer) -> list[Submission]:
    """An officer's own reports, returned ones first (they need her), then newest year first."""
    submissions = Submission.objects.filter(region=officer.region).select_related("reviewed_by")
    return sorted(submissions, key=lambda s: (s.status != SubmissionStatus.RETURNED, -s.year))


def submission_history(submission: Submission) -> dict:
    """State changes of the submission and every value change, newest first (two queries)."""
    values = list(IndicatorValue.history.filter(submission_id=submission.pk)
                  .select_related("history_user", "indicator").order_by("-history_date"))
    for record in values:
        record.value_text = value_text(record.indicator.value_kind, record.value, not_applicable=record.not_applicable)
    return {"states": list(submission.history.select_related("history_user").order_by("-history_date")),
            "values": values}


def region_submissions(region: Region) -> QuerySet[Submission]:
    """A region's yearly indicator reports, newest year first (the region page)."""
    return Submission.objects.filter(region=region).select_related("updated_by").order_by("-year")


def evaluation_section_history(region: Region, year: int) -> dict[str, list]:
    """Every saved version of the report's sections, newest first, by section key (1 query)."""
    history: dict[str, list] = {}
    for record in (EvaluationSection.history.filter(region=region, year=year).select_related("history_user")
                   .order_by("-history_date", "-history_id")):
        history.setdefault(record.key, []).append(record)
    return history
