"""The evaluation report of a region for a year: 中期评估 (2023), 终期评估 (2025), 年度评估 otherwise.

Nothing is judged here: every value, target and status comes from ``compliance_matrix`` (values rolled
up and judged by ``reporting/compliance.py``), the completeness from ``completeness_rows``, the key
actions from the plan as printed. A fixed number of queries whatever the size of the subtree.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import ActionItem, KeyAction
from indicators.models import Baseline, PlanIndicator
from plans.models import Plan
from regions.models import Region
from regions.selectors import nearest_region_with_plan

from .compliance import Status, Verdict, fmt
from .dashboard import Cell, Completeness, CompletenessRow, compliance_matrix, completeness_rows, completeness_summary
from .models import PLAN_YEARS

# The plans require a mid-term evaluation in 2023 and a final one in 2025 (督查评估节点).
EVALUATION_KINDS = {2023: gettext_lazy("中期评估"), 2025: gettext_lazy("终期评估")}
ANNUAL_EVALUATION = gettext_lazy("年度评估")
NO_ACTION_PROGRESS = gettext_lazy("重大行动进展填报功能上线后在此显示各地进展")


def evaluation_kind(year: int) -> str:
    return str(EVALUATION_KINDS.get(year, ANNUAL_EVALUATION))


@dataclass(frozen=True)
class YearFigure:
    """One plan year of an indicator for the region: its rolled-up value and the target that applies."""

    year: int
    value: Decimal | None
    target_text: str
    target_printed_for_year: bool  # False when the final-year target stands in for an unprinted year

    @property
    def value_display(self) -> str:
        return fmt(self.value)


@dataclass(frozen=True)
class IndicatorEvaluation:
    row: PlanIndicator
    baselines: list[Baseline]
    figures: list[YearFigure]
    verdict: Verdict  # for the report year
    reported: int = 0  # regions below that reported, for the report year
    expected: int = 0

    @property
    def code(self) -> str:
        return self.row.indicator.code

    @property
    def status(self) -> str:
        return self.verdict.status

    @property
    def baseline_text(self) -> str:
        """"2020年 78.0%" per printed baseline, as printed (口径不同 ones included); "—" when none."""
        if not self.baselines:
            return "—"
        return "；".join(_("%(year)s年 %(text)s") % {"year": b.year, "text": b.text} for b in self.baselines)

    def figure(self, year: int) -> YearFigure | None:
        return next((figure for figure in self.figures if figure.year == year), None)


@dataclass
class EvaluationReport:
    region: Region
    year: int
    plan: Plan | None  # the region's own plan or its nearest ancestor's; None when no plan applies
    indicators: list[IndicatorEvaluation] = field(default_factory=list)
    completeness_rows: list[CompletenessRow] = field(default_factory=list)
    completeness: Completeness = field(default_factory=lambda: Completeness(0, {}))
    key_actions: list[KeyAction] = field(default_factory=list)

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
    def action_progress_note(self) -> str:
        return str(NO_ACTION_PROGRESS)


def applicable_plan(region: Region, year: int) -> Plan | None:
    """The plan covering ``year`` of the region itself or of its nearest ancestor that has one (2 queries)."""
    plan_region = nearest_region_with_plan(region)
    if plan_region is None:
        return None
    return (Plan.objects.select_related("region")
            .filter(region=plan_region, period_start__lte=year, period_end__gte=year).first())


def _figure(year: int, cell: Cell | None) -> YearFigure:
    if cell is None:
        return YearFigure(year, None, "", False)
    return YearFigure(year, cell.value, cell.target_text, bool(cell.resolved and cell.resolved.printed_for_year))


def evaluation_report(region: Region, year: int) -> EvaluationReport:
    """The report of ``region`` for ``year``.

    Queries: the applicable plan (2) and the completeness of the counties below (3), then — only when
    a plan applies — its rows (1), the region's baselines (1), ``compliance_matrix`` once per plan year
    (8 each) and the key actions with their items (2). None of them grows with the number of children.
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
                     .order_by("year", "pk")):
        # The same fact can be printed in two plans' tables: show it once.
        if (baseline.indicator_id, baseline.year, baseline.text) not in seen:
            seen.add((baseline.indicator_id, baseline.year, baseline.text))
            baselines.setdefault(baseline.indicator_id, []).append(baseline)
    matrices = {y: compliance_matrix(region, y) for y in PLAN_YEARS}

    for row in plan_rows:
        cells = {y: matrices[y].own.cell(row.indicator.code) for y in PLAN_YEARS}
        current = cells[year]
        verdict = current.verdict if current else Verdict(Status.NO_TARGET, _("适用规划未对本年度设定可比较的目标"))
        report.indicators.append(IndicatorEvaluation(
            row, baselines.get(row.indicator_id, []), [_figure(y, cells[y]) for y in PLAN_YEARS], verdict,
            current.reported if current else 0, current.expected if current else 0))
    report.key_actions = list(plan.key_actions.order_by("seq").prefetch_related(
        Prefetch("items", queryset=ActionItem.objects.order_by("seq"))))
    return report
