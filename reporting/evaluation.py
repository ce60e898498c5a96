"""The evaluation report of a region for a year: 中期评估 (2023), 终期评估 (2025), 年度评估 otherwise.

Nothing is judged here: every value, target and status comes from ``compliance_matrix`` (values rolled
up and judged by ``reporting/compliance.py``), the completeness from ``completeness_rows``, the key
actions from the plan as printed with the progress of every region the plan governs (counted reports
only). A fixed number of queries whatever the size of the subtree.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import (
    ActionItem,
    ActionMetric,
    ActionProgress,
    ActionReport,
    Evidence,
    KeyAction,
    ProgressStatus,
)
from actions.selectors import documents_for
from indicators.display import plain_number, value_text
from indicators.models import Baseline, PlanIndicator, ValueKind
from lifecycle.models import COUNTED_STATUSES
from plans.governing import governing_plan, plans_on_paths
from plans.models import Plan
from plans.period import ACTION_YEARS, PLAN_YEARS
from regions.models import Region, RegionLevel

from .baselines import baseline_label, entered_baselines
from .completeness import Completeness, CompletenessRow, completeness_rows, completeness_summary
from .compliance import ORDERING_COMPARATORS, Status, Verdict
from .compliance import Baseline as BaselineFact
from .dashboard import Cell, Matrix, compliance_matrix

# The plans require a mid-term evaluation in 2023 and a final one in 2025 (督查评估节点).
EVALUATION_KINDS = {2023: gettext_lazy("中期评估"), 2025: gettext_lazy("终期评估")}
ANNUAL_EVALUATION = gettext_lazy("年度评估")
NOT_REPORTED = gettext_lazy("未填报")
ACTION_PROGRESS_SCOPE = gettext_lazy("仅统计已提交和已审核的进展报告；草稿和已退回的报告按“未填报”显示。")
NO_ACTION_PROGRESS_YEAR = gettext_lazy("重大行动进展自 2022 年起按年度填报，%(year)s 年没有进展数据。")


def evaluation_kind(year: int) -> str:
    return str(EVALUATION_KINDS.get(year, ANNUAL_EVALUATION))


@dataclass(frozen=True)
class YearFigure:
    """One plan year of an indicator for the region: its rolled-up value and the target that applies."""

    year: int
    value: Decimal | None
    target_text: str
    target_printed_for_year: bool  # False when the final-year target stands in for an unprinted year
    target_value: Decimal | None = None  # the printed number, when the target is one a chart can draw
    value_display: str = "—"  # as the dashboards read it (Cell.value_text): "是", "3/4 是（75%）", "86.21%"
    is_yes_no: bool = False


@dataclass(frozen=True)
class IndicatorEvaluation:
    row: PlanIndicator
    baselines: list[Baseline]
    figures: list[YearFigure]
    verdict: Verdict  # for the report year
    reported: int = 0  # regions below that reported, for the report year
    expected: int = 0
    entered_baseline: BaselineFact | None = None  # the region's own 2020 基线值, once approved (rule 2)

    @property
    def code(self) -> str:
        return self.row.indicator.code

    @property
    def status(self) -> str:
        return self.verdict.status

    @property
    def baseline_text(self) -> str:
        """"2020年 78.0%" per printed baseline, as printed (口径不同 ones included), then the region's own
        approved 基线值 with its source; "—" when none."""
        texts = [_("%(year)s年 %(text)s") % {"year": b.year, "text": b.text} for b in self.baselines]
        return "；".join([*texts, *self._entered_text()]) or "—"

    @property
    def baseline_with_source(self) -> str:
        """The baselines as printed, each with the plan that printed it: "2020年 78.0%（阳江市规划）", and
        an entered one with its source: "2020年 62.50%（本地区填报的2020年基线值（已审核））"."""
        texts = [_("%(year)s年 %(text)s（%(source)s）") % {
            "year": b.year, "text": b.text, "source": b.source_row.plan.short_name} for b in self.baselines]
        return "；".join([*texts, *self._entered_text()]) or "—"

    def _entered_text(self) -> list[str]:
        entered = self.entered_baseline
        if entered is None:
            return []
        return [_("%(year)s年 %(text)s（%(source)s）") % {
            "year": entered.year, "text": value_text(self.row.indicator.value_kind, entered.value),
            "source": baseline_label(entered)}]

    @property
    def final_target_text(self) -> str:
        """The target printed for the end of the plan period, as printed ("" when none)."""
        last = self.figures[-1] if self.figures else None
        return last.target_text if last else ""

    def figure(self, year: int) -> YearFigure | None:
        return next((figure for figure in self.figures if figure.year == year), None)


@dataclass(frozen=True)
class ProgressCell:
    """One status of the action table: a content item's status (or, for an action printed without
    items, the action's own), from a counted report; "" when there is none (未填报)."""

    status: str
    reason: str = ""
    description: str = ""

    @property
    def label(self) -> str:
        return str(ProgressStatus(self.status).label) if self.status else str(NOT_REPORTED)

    @property
    def css_class(self) -> str:
        # The classes of the key-action matrix (templates/dashboard/actions.html).
        return f"progress-{self.status}" if self.status else "status-no_data"


@dataclass(frozen=True)
class RegionProgress:
    """One region's progress on one key action; ``report`` only when it counts (submitted or approved)."""

    region: Region
    report: ActionReport | None
    progress: ActionProgress | None
    cells: list[ProgressCell]

    @property
    def report_label(self) -> str:
        return self.report.get_status_display() if self.report else str(NOT_REPORTED)

    @property
    def narrative(self) -> str:
        return self.progress.narrative if self.progress else ""

    @property
    def metrics(self) -> list[ActionMetric]:
        return list(self.progress.metrics.all()) if self.progress else []

    @property
    def metric_texts(self) -> list[str]:
        """"帮扶企业数 12 家" per number the region reported, as the page and the Excel show it."""
        return [f"{metric.label} {plain_number(metric.value)} {metric.unit}".strip() for metric in self.metrics]

    @property
    def metrics_text(self) -> str:
        return "; ".join(self.metric_texts)

    @property
    def evidence(self) -> list[Evidence]:
        return list(self.progress.evidence.all()) if self.progress else []


@dataclass(frozen=True)
class ActionEvaluation:
    """A key action as printed, with one row per governed region (none for a year without progress)."""

    action: KeyAction
    items: list[ActionItem]  # empty: the action is printed without items and has one status of its own
    regions: list[RegionProgress]


@dataclass
class EvaluationReport:
    region: Region
    year: int
    plan: Plan | None  # the region's own plan or its nearest ancestor's; None when no plan applies
    indicators: list[IndicatorEvaluation] = field(default_factory=list)
    completeness_rows: list[CompletenessRow] = field(default_factory=list)
    completeness: Completeness = field(default_factory=lambda: Completeness(0, {}))
    key_actions: list[KeyAction] = field(default_factory=list)
    actions: list[ActionEvaluation] = field(default_factory=list)
    action_regions: list[Region] = field(default_factory=list)
    matrix: Matrix | None = None  # the dashboard's matrix of the report year (None when no plan applies)

    years = PLAN_YEARS

    @property
    def kind(self) -> str:
        return evaluation_kind(self.year)

    @property
    def inherits_plan(self) -> bool:
        return self.plan is not None and self.plan.region_id != self.region.pk

    @property
    def title(self) -> str:
        """"阳江市职业病防治“十四五”规划 2023 年中期评估", prefixed by the region when it follows an ancestor's plan."""
        if self.plan is None:
            return _("%(region)s %(year)s 年%(kind)s") % {"region": self.region.full_name, "year": self.year,
                                                          "kind": self.kind}
        title = _("%(plan)s %(year)s 年%(kind)s") % {"plan": self.plan.display_title, "year": self.year, "kind": self.kind}
        return f"{self.region.full_name} · {title}" if self.inherits_plan else title

    @property
    def status_counts(self) -> list[tuple[Status, int]]:
        counts = {status: sum(1 for i in self.indicators if i.status == status) for status in Status}
        return [(status, n) for status, n in counts.items() if n]

    @property
    def has_action_progress(self) -> bool:
        return self.year in ACTION_YEARS

    @property
    def action_progress_note(self) -> str:
        if not self.has_action_progress:
            return str(NO_ACTION_PROGRESS_YEAR) % {"year": self.year}
        return str(ACTION_PROGRESS_SCOPE)


def applicable_plan(region: Region, year: int) -> Plan | None:
    """The plan that governs ``region`` in ``year`` (``plans.governing``), with its printed texts (1 query)."""
    return governing_plan(region.path_codes, plans_on_paths([region], defer_text=False), year)


def _figure(year: int, cell: Cell | None) -> YearFigure:
    if cell is None:
        return YearFigure(year, None, "", False)
    target = cell.resolved.target if cell.resolved else None
    drawable = (target is not None and target.value is not None and not target.other_measure
                and target.comparator in ORDERING_COMPARATORS)
    return YearFigure(year, cell.value, cell.target_text, bool(cell.resolved and cell.resolved.printed_for_year),
                      target.value if drawable else None, cell.value_text,
                      cell.indicator.value_kind == ValueKind.YES_NO)


def action_regions(region: Region, plan: Plan, year: int) -> list[Region]:
    """The region itself and the county-level regions below it that exist in ``year`` and whose key-action
    progress for ``year`` answers ``plan``: a counted report answers the document it was reported under, a region without one
    the document that governs it in ``year`` (``actions.documents.report_document``). So 揭西县's 2023
    report under 揭阳市's plan stays in 揭阳市's 2023 report after 揭西县's own plan is loaded, and is not
    shown as 未填报 against 揭西县's own plan (3 queries)."""
    counties = list(Region.objects.subtree_of(region, include_self=False).filter(level=RegionLevel.COUNTY)
                    .valid_in(year).order_by("code"))
    units = [region, *counties]
    reports = {report.region_id: report for report in ActionReport.objects.filter(
        region__in=[unit.pk for unit in units], year=year, status__in=COUNTED_STATUSES).select_related("plan")}
    documents = documents_for(units, year, reports)
    return [unit for unit in units if documents[unit.pk] == plan]


def _progress_cells(items: list[ActionItem], progress: ActionProgress | None) -> list[ProgressCell]:
    if progress is None:
        return [ProgressCell("") for _item in items or [None]]
    if not items:
        return [ProgressCell(progress.status, progress.reason)]
    stored = {item_progress.item_id: item_progress for item_progress in progress.items.all()}
    cells = []
    for item in items:
        item_progress = stored.get(item.pk)
        cells.append(ProgressCell(item_progress.status, item_progress.reason, item_progress.description)
                     if item_progress else ProgressCell(""))
    return cells


def action_evaluations(key_actions: list[KeyAction], regions: list[Region], year: int) -> list[ActionEvaluation]:
    """Each key action × region with the progress of the region's counted report for ``year``.

    Drafts and returned reports do not count: their regions show 未填报, like regions without a
    report. Queries: the counted reports (1), their actions, items, metrics and evidence (4) —
    none when no region reported, and never one per region.
    """
    reports = {report.region_id: report for report in ActionReport.objects.filter(
        region__in=[r.pk for r in regions], year=year, status__in=COUNTED_STATUSES,
    ).prefetch_related("actions__items", "actions__metrics", "actions__evidence")} if regions else {}
    progress = {(report.region_id, p.action_id): p for report in reports.values() for p in report.actions.all()}
    evaluations = []
    for action in key_actions:
        items = list(action.items.all())
        rows = []
        for region in regions:
            region_progress = progress.get((region.pk, action.pk))
            rows.append(RegionProgress(region, reports.get(region.pk), region_progress,
                                       _progress_cells(items, region_progress)))
        evaluations.append(ActionEvaluation(action, items, rows))
    return evaluations


def evaluation_report(region: Region, year: int) -> EvaluationReport:
    """The report of ``region`` for ``year``.

    Queries: the applicable plan (2) and the completeness of the counties below (4), then — only when
    a plan applies — its rows (1), the region's baselines (printed 1, entered 1), ``compliance_matrix``
    once per plan year (10 each), the key actions with their items (2) and, for a year with key-action
    progress, the governed regions (3) and their counted progress (5, see ``action_evaluations``). None of
    them grows with the number of children.
    """
    plan = applicable_plan(region, year)
    rows = completeness_rows(region, year)
    report = EvaluationReport(region, year, plan, completeness_rows=rows, completeness=completeness_summary(rows))
    if plan is None:
        return report

    plan_rows = list(plan.indicator_rows.select_related("indicator").order_by("seq"))
    baselines: dict[int, list[Baseline]] = {}
    seen = set()
    for baseline in (Baseline.objects.filter(region=region, indicator__in=[row.indicator_id for row in plan_rows])
                     .select_related("source_row__plan__region").order_by("year", "pk")):
        # The same fact can be printed in two plans' tables: show it once.
        if (baseline.indicator_id, baseline.year, baseline.text) not in seen:
            seen.add((baseline.indicator_id, baseline.year, baseline.text))
            baselines.setdefault(baseline.indicator_id, []).append(baseline)
    entered = entered_baselines([region])
    matrices = {y: compliance_matrix(region, y) for y in PLAN_YEARS}
    report.matrix = matrices[year]

    for row in plan_rows:
        cells = {y: matrices[y].own.cell(row.indicator.code) for y in PLAN_YEARS}
        current = cells[year]
        verdict = current.verdict if current else Verdict(Status.NO_TARGET, _("适用规划未对本年度设定可比较的目标"))
        report.indicators.append(IndicatorEvaluation(
            row, baselines.get(row.indicator_id, []), [_figure(y, cells[y]) for y in PLAN_YEARS], verdict,
            current.reported if current else 0, current.expected if current else 0,
            entered.get((region.pk, row.indicator_id))))
    report.key_actions = list(plan.key_actions.order_by("seq").prefetch_related(
        Prefetch("items", queryset=ActionItem.objects.order_by("seq"))))
    if report.has_action_progress:
        report.action_regions = action_regions(region, plan, year)
    report.actions = action_evaluations(report.key_actions, report.action_regions, year)
    return report
