"""Bulk review from the 待审核 queue: each report's verdict summary, so the reviewer sees what he approves,
and approving several at once — each one still version-checked, a report changed since it was shown
skipped and named."""
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import can_review_region
from actions.models import ActionProgress, ActionReport, ProgressStatus
from lifecycle.models import ReportLifecycle
from lifecycle.services import InvalidTransition, submission_approve
from plans.period import is_baseline_year
from seasons.selectors import report_timeliness, windows_for
from seasons.selectors import today as season_today
from seasons.windows import Timeliness

from .compliance import Status
from .dashboard import compliance_matrix
from .models import Submission

MODELS_BY_KEY = {"submission": Submission, "actionreport": ActionReport}
BASELINE_SUMMARY = gettext_lazy("基线值（十三五期末），不作达标判定")


def report_key(report: ReportLifecycle) -> str:
    """How the queue's form names a report: kind, id and the version the reviewer saw."""
    return f"{report._meta.model_name}:{report.pk}:{report.version}"


@dataclass(frozen=True)
class PendingItem:
    report: ReportLifecycle
    summary: str  # e.g. "达标 6 · 未达标 2 · 未填报 1" or "已完成 3 · 推进中 1"
    timeliness: Timeliness | None = None  # against the report's reporting window, when one is set

    @property
    def key(self) -> str:
        return report_key(self.report)


def _counts_text(counts: Counter, labels: dict) -> str:
    return " · ".join(f"{labels[status]} {counts[status]}" for status in labels if counts.get(status)) or "—"


def _indicator_summaries(submissions: list[Submission]) -> dict[int, str]:
    """Each submission's row of statuses, judged as on the dashboard (one matrix per parent region and
    year: a city reviewer's whole queue is usually one matrix)."""
    groups: dict[tuple[int, int], list[Submission]] = defaultdict(list)
    for submission in submissions:
        groups[(submission.region.parent_id, submission.year)].append(submission)
    labels = {status: str(label) for status, label in Status.choices if status != Status.NO_TARGET}
    summaries = {}
    for (_parent, year), members in groups.items():
        if is_baseline_year(year):  # a 2020 基线值 is judged against nothing: no plan governs 2020
            summaries.update({submission.pk: str(BASELINE_SUMMARY) for submission in members})
            continue
        matrix = compliance_matrix(members[0].region.parent, year)
        rows = {row.region.pk: row for row in matrix.children}
        for submission in members:
            row = rows.get(submission.region_id)
            counts = Counter(cell.status for cell in row.cells) if row else Counter()
            summaries[submission.pk] = _counts_text(counts, labels)
    return summaries


def _action_summaries(reports: list[ActionReport]) -> dict[int, str]:
    counts: dict[int, Counter] = defaultdict(Counter)
    # Only the progress on the key actions of the document the report answers (``actions.documents``).
    answered = Q(report__plan__isnull=True) | Q(action__plan=F("report__plan"))
    for row in (ActionProgress.objects.filter(answered, report__in=reports).values("report_id", "status")
                .annotate(n=Count("id")).order_by()):
        counts[row["report_id"]][row["status"]] = row["n"]
    labels = {status: str(label) for status, label in ProgressStatus.choices}
    return {report.pk: _counts_text(counts[report.pk], labels) for report in reports}


def with_verdicts(pending: list[ReportLifecycle]) -> list[PendingItem]:
    submissions = [report for report in pending if isinstance(report, Submission)]
    actions = [report for report in pending if isinstance(report, ActionReport)]
    summaries = {("submission", pk): text for pk, text in _indicator_summaries(submissions).items()}
    summaries.update({("actionreport", pk): text for pk, text in _action_summaries(actions).items()})
    windows = {year: windows_for([report.region for report in pending if report.year == year], year)
               for year in {report.year for report in pending}}  # two queries per year shown
    today = season_today()
    return [PendingItem(report, summaries[(report._meta.model_name, report.pk)],
                        report_timeliness(windows[report.year][report.region_id], report.counted_submitted_at, today))
            for report in pending]


@dataclass
class BulkOutcome:
    approved: list[ReportLifecycle]
    skipped: list[str]  # what was skipped and why, named for the reviewer


def _describe(report: ReportLifecycle) -> str:
    return _("%(region)s %(year)s 年度%(kind)s") % {"region": report.region.full_name, "year": report.year,
                                                   "kind": report.kind_label}


def reports_bulk_approve(*, reviewer, keys: list[str]) -> BulkOutcome:
    """Approve each report named by a queue key ("submission:12:3"), each in its own transaction and
    compare-and-swap on the version it was shown at: one that changed since (returned, edited,
    approved by a colleague) is skipped and named, the others are approved."""
    outcome = BulkOutcome([], [])
    for key in dict.fromkeys(keys):
        model_name, pk, version = key.split(":")
        report = MODELS_BY_KEY[model_name].objects.select_related("region__parent").filter(pk=int(pk)).first()
        if report is None or not can_review_region(reviewer, report.region):
            continue  # not the reviewer's to see: nothing to name either
        try:
            outcome.approved.append(submission_approve(submission=report, reviewer=reviewer, expected_version=int(version)))
        except InvalidTransition:
            outcome.skipped.append(_("%(report)s（查看后已有变化，当前状态：%(status)s）") % {
                "report": _describe(report), "status": report.get_status_display()})
    return outcome
