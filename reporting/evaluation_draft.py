"""The evaluation report as a document the office sends: five sections drafted from the data.

Nothing is judged or counted here that a dashboard does not already judge or count: the statuses and
values come from ``compliance_matrix`` (through ``evaluation_report``), the completeness from
``completeness_rows``, the key-action progress from ``action_evaluations``. This module only puts them
into sentences — one translated template per kind of sentence (``SENTENCES``) — and keeps the author's
edits (``EvaluationSection``) beside the text drafted now.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.models import ProgressStatus
from indicators.display import number_text
from lifecycle.models import COUNTED_STATUSES
from plans.governing import is_under_a_plan, plan_region_paths
from regions.models import Region

from .compliance import ORDERING_COMPARATORS, Status, Verdict
from .dashboard import Cell, Matrix, compliance_matrix
from .evaluation import NOT_REPORTED, ActionEvaluation, EvaluationReport, evaluation_report
from .models import EvaluationSection

Key = EvaluationSection.Key

# The statuses a report calls lagging: the target of the year is missed, or the linear path to the final
# target is (the plans' 督查评估 asks for both). Everything else is on its way or cannot be judged.
LAGGING_STATUSES = frozenset({Status.NOT_MET, Status.BEHIND})

# Sections 4 and 5 are opinions the office must own: drafted from the data, but marked for rewriting.
DRAFT_SECTIONS = (Key.PROBLEMS, Key.NEXT_STEPS)

LIST_SEPARATOR = "、"

SENTENCES = {
    "completeness": gettext_lazy("%(region)s应填报的县级单位共 %(expected)s 个，已提交 %(submitted)s 个，"
                                 "其中已审核 %(approved)s 个。"),
    "no_counties": gettext_lazy("%(region)s没有需要填报的县级单位。"),
    "status_total": gettext_lazy("%(plan)s共列主要指标 %(total)s 项，%(year)s 年%(counts)s。"),
    "status_count": gettext_lazy("%(label)s %(count)s 项"),
    "children_counts": gettext_lazy("下级地区按各自适用规划判断，共 %(total)s 项次，其中%(counts)s。"),
    "no_plan": gettext_lazy("%(region)s及其上级地区均未印发职业病防治规划，本级没有可评估的规划指标。"),
    "no_plan_children": gettext_lazy("下列 %(count)s 个下级地区没有适用的规划，未纳入评估：%(regions)s。"),
    "indicator_lagging": gettext_lazy("“%(name)s”%(year)s 年为 %(value)s，%(status)s（%(explanation)s）。"),
    "lagging_children": gettext_lazy("“%(name)s”滞后的下级地区：%(regions)s。"),
    "lagging_child": gettext_lazy("%(region)s %(value)s（%(status)s，差距 %(gap)s）"),
    "lagging_child_no_gap": gettext_lazy("%(region)s %(value)s（%(status)s）"),
    "no_lagging": gettext_lazy("%(year)s 年没有未达标或进度滞后的指标。"),
    "no_actions": gettext_lazy("适用规划未列重大行动。"),
    "action_summary": gettext_lazy("%(label)s“%(name)s”：%(regions)s 个地区中 %(reported)s 个报送了进展。"),
    "action_item": gettext_lazy("内容 %(seq)s：%(counts)s。"),
    "action_own": gettext_lazy("行动状态：%(counts)s。"),
    "progress_count": gettext_lazy("%(label)s %(count)s 个"),
    "action_metrics": gettext_lazy("报送数据合计：%(metrics)s；佐证材料 %(evidence)s 份。"),
    "action_evidence": gettext_lazy("佐证材料 %(evidence)s 份。"),
    "draft_marker": gettext_lazy("【草稿：本节根据数据自动生成，请核实并改写。】"),
    "problem_lagging": gettext_lazy("%(count)s 项指标未达标或进度滞后：%(indicators)s。"),
    "problem_missing": gettext_lazy("%(count)s 个县级单位尚未提交 %(year)s 年度报告：%(regions)s。"),
    "problem_not_started": gettext_lazy("%(label)s 内容 %(seq)s 在 %(count)s 个地区尚未启动：%(regions)s。"),
    "problem_none": gettext_lazy("数据未显示明显问题，请结合实际情况补充。"),
    "next_lagging": gettext_lazy("针对“%(name)s”，督促%(regions)s查找原因、制定整改措施，确保按期完成规划目标。"),
    "next_missing": gettext_lazy("督促%(regions)s尽快提交 %(year)s 年度报告，提高数据报送的完整性和及时性。"),
    "next_not_started": gettext_lazy("推动%(regions)s尽快启动%(label)s 内容 %(seq)s。"),
    "next_default": gettext_lazy("持续跟踪各项指标和重大行动进展，巩固已取得的成效，为规划终期目标的实现打好基础。"),
}


def sentence(kind: str, **values) -> str:
    """One generated sentence: the template of its kind, translated, filled with ``values``."""
    return str(SENTENCES[kind]) % values


def listed(names: list[str]) -> str:
    return LIST_SEPARATOR.join(names)


def shortfall(value: Decimal | None, verdict: Verdict, target_value: Decimal | None, comparator: str) -> Decimal | None:
    """How far a lagging value is from where it should be: from the linear-path value when behind, from
    the printed target when not met. None when there is no number to measure against (稳步提升, 是/否
    without a number, no value)."""
    if value is None:
        return None
    if verdict.status == Status.BEHIND and verdict.expected is not None:
        return abs(verdict.expected - value)
    if verdict.status == Status.NOT_MET and target_value is not None and comparator in ORDERING_COMPARATORS:
        return abs(target_value - value)
    return None


def cell_shortfall(cell: Cell) -> Decimal | None:
    target = cell.resolved.target if cell.resolved else None
    return shortfall(cell.value, cell.verdict, target.value if target else None, target.comparator if target else "")


@dataclass(frozen=True)
class LaggingIndicator:
    """An indicator lagging at the region's own level, or in some of its subordinate regions."""

    code: str
    name: str
    own: Cell | None  # the region's own cell when it lags there
    children: list[Cell]


@dataclass(frozen=True)
class NotStartedItem:
    label: str  # 专栏 label
    seq: int | None  # the content item; None for an action printed without items
    regions: list[Region]


@dataclass
class DraftSection:
    key: str
    generated: str  # drafted from the data now
    stored: EvaluationSection | None = None

    @property
    def title(self) -> str:
        return str(Key(self.key).label)

    @property
    def is_draft(self) -> bool:
        return self.key in DRAFT_SECTIONS

    @property
    def text(self) -> str:
        return self.stored.text if self.stored else self.generated

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @property
    def version(self) -> int:
        return self.stored.version if self.stored else 0


@dataclass
class EvaluationDraft:
    report: EvaluationReport
    matrix: Matrix
    lagging: list[LaggingIndicator]
    missing_reports: list[Region]
    not_started: list[NotStartedItem]
    no_plan_children: list[Region]
    sections: list[DraftSection] = field(default_factory=list)

    @property
    def region(self) -> Region:
        return self.report.region

    @property
    def year(self) -> int:
        return self.report.year

    def section(self, key: str) -> DraftSection:
        return next(section for section in self.sections if section.key == key)


def _counts_text(counts: list[tuple[str, int]], kind: str) -> str:
    return listed([sentence(kind, label=label, count=count) for label, count in counts if count])


def lagging_indicators(report: EvaluationReport, matrix: Matrix) -> list[LaggingIndicator]:
    """Indicators lagging at the region's own level or in a subordinate region, in the plan's order."""
    printed = {item.code: item.row.printed_name for item in report.indicators}
    order = [item.code for item in report.indicators] + sorted(
        indicator.code for indicator in matrix.indicators if indicator.code not in printed)
    by_code = {indicator.code: indicator for indicator in matrix.indicators}
    lagging = []
    for code in order:
        own = matrix.own.cell(code)
        children = [cell for row in matrix.children if (cell := row.cell(code)) and cell.status in LAGGING_STATUSES]
        own_lags = own is not None and own.status in LAGGING_STATUSES
        if own_lags or children:
            name = printed.get(code) or by_code[code].name
            lagging.append(LaggingIndicator(code, name, own if own_lags else None, children))
    return lagging


def not_started_items(actions: list[ActionEvaluation]) -> list[NotStartedItem]:
    found = []
    for entry in actions:
        for index, item in enumerate(entry.items or [None]):
            regions = [row.region for row in entry.regions if row.cells[index].status == ProgressStatus.NOT_STARTED]
            if regions:
                found.append(NotStartedItem(entry.action.label, item.seq if item else None, regions))
    return found


def _overview(draft: EvaluationDraft) -> list[str]:
    report, summary = draft.report, draft.report.completeness
    region_name = report.region.name
    lines = [sentence("completeness", region=region_name, expected=summary.expected, submitted=summary.submitted,
                      approved=summary.approved) if summary.expected else sentence("no_counties", region=region_name)]
    if report.plan is None:
        lines.append(sentence("no_plan", region=region_name))
    else:
        counts = [(str(status.label), count) for status, count in report.status_counts]
        lines.append(sentence("status_total", plan=report.plan.display_title, total=len(report.indicators),
                              year=report.year, counts=_counts_text(counts, "status_count")))
    child_counts = [(str(status.label), draft.matrix.status_counts.get(status, 0)) for status in Status]
    if draft.matrix.children and sum(count for _label, count in child_counts):
        lines.append(sentence("children_counts", total=sum(count for _label, count in child_counts),
                              counts=_counts_text(child_counts, "status_count")))
    if draft.no_plan_children:
        lines.append(sentence("no_plan_children", count=len(draft.no_plan_children),
                              regions=listed([r.name for r in draft.no_plan_children])))
    return lines


def _child_text(cell: Cell) -> str:
    gap = cell_shortfall(cell)
    values = {"region": cell.region.name, "value": number_text(cell.value), "status": cell.verdict.label}
    return sentence("lagging_child", gap=number_text(gap), **values) if gap is not None \
        else sentence("lagging_child_no_gap", **values)


def _indicators(draft: EvaluationDraft) -> list[str]:
    lines = []
    for lagging in draft.lagging:
        if lagging.own is not None:
            verdict = lagging.own.verdict
            lines.append(sentence("indicator_lagging", name=lagging.name, year=draft.year,
                                  value=number_text(lagging.own.value), status=verdict.label,
                                  explanation=verdict.explanation))
        if lagging.children:
            lines.append(sentence("lagging_children", name=lagging.name,
                                  regions=listed([_child_text(cell) for cell in lagging.children])))
    return lines or [sentence("no_lagging", year=draft.year)]


def _actions(draft: EvaluationDraft) -> list[str]:
    report = draft.report
    if report.plan is None:
        return [sentence("no_plan", region=report.region.name)]
    if not report.key_actions:
        return [sentence("no_actions")]
    if not report.has_action_progress:
        return [report.action_progress_note]
    lines = [report.action_progress_note]
    for entry in report.actions:
        reported = sum(1 for row in entry.regions if row.report is not None)
        parts = [sentence("action_summary", label=entry.action.label, name=entry.action.name,
                          regions=len(entry.regions), reported=reported)]
        for index, item in enumerate(entry.items or [None]):
            statuses = [row.cells[index].status for row in entry.regions]
            counts = [(str(status.label), statuses.count(status)) for status in ProgressStatus]
            counts.append((str(NOT_REPORTED), statuses.count("")))
            counts_text = _counts_text(counts, "progress_count")
            parts.append(sentence("action_item", seq=item.seq, counts=counts_text) if item
                         else sentence("action_own", counts=counts_text))
        totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for row in entry.regions:
            for metric in row.metrics:
                totals[(metric.label, metric.unit)] += metric.value
        evidence = sum(len(row.evidence) for row in entry.regions)
        metrics = [f"{label} {number_text(total)} {unit}".strip() for (label, unit), total in totals.items()]
        parts.append(sentence("action_metrics", metrics=listed(metrics), evidence=evidence) if metrics
                     else sentence("action_evidence", evidence=evidence))
        lines.append("".join(parts))
    return lines


def _lagging_regions(lagging: LaggingIndicator, region: Region) -> list[str]:
    return [region.name] * (lagging.own is not None) + [cell.region.name for cell in lagging.children]


def _problems(draft: EvaluationDraft) -> list[str]:
    lines = [sentence("draft_marker")]
    if draft.lagging:
        lines.append(sentence("problem_lagging", count=len(draft.lagging),
                              indicators=listed([f"“{lagging.name}”" for lagging in draft.lagging])))
    if draft.missing_reports:
        lines.append(sentence("problem_missing", count=len(draft.missing_reports), year=draft.year,
                              regions=listed([r.name for r in draft.missing_reports])))
    for item in draft.not_started:
        lines.append(sentence("problem_not_started", label=item.label, seq=item.seq or "—", count=len(item.regions),
                              regions=listed([r.name for r in item.regions])))
    return lines if len(lines) > 1 else [*lines, sentence("problem_none")]


def _next_steps(draft: EvaluationDraft) -> list[str]:
    lines = [sentence("draft_marker")]
    for lagging in draft.lagging:
        lines.append(sentence("next_lagging", name=lagging.name,
                              regions=listed(_lagging_regions(lagging, draft.region))))
    if draft.missing_reports:
        lines.append(sentence("next_missing", year=draft.year, regions=listed([r.name for r in draft.missing_reports])))
    for item in draft.not_started:
        lines.append(sentence("next_not_started", label=item.label, seq=item.seq or "—",
                              regions=listed([r.name for r in item.regions])))
    lines.append(sentence("next_default"))
    return lines


def indicator_table_rows(draft: EvaluationDraft) -> tuple[list[str], list[list[str]]]:
    """The indicator table as the page shows it: the report's figures and verdicts, as text."""
    year = draft.year
    headers = [_("序号"), _("指标"), _("基线（来源）"), _("%(year)s年目标") % {"year": year}, _("终期目标"),
               _("%(year)s年数值") % {"year": year}, _("状态"), _("说明")]
    rows = []
    for item in draft.report.indicators:
        figure = item.figure(year)
        rows.append([str(item.row.seq), item.row.printed_name, item.baseline_with_source,
                     (figure.target_text if figure else "") or "—", item.final_target_text or "—",
                     figure.value_display if figure else "—", str(item.verdict.label), item.verdict.explanation])
    return headers, rows


def action_table_rows(entry: ActionEvaluation) -> tuple[list[str], list[list[str]]]:
    """Per content item, how many regions report each progress status (未填报 for no counted report)."""
    headers = [_("内容"), *(str(status.label) for status in ProgressStatus), str(NOT_REPORTED)]
    rows = []
    for index, item in enumerate(entry.items or [None]):
        statuses = [row.cells[index].status for row in entry.regions]
        rows.append([item.text if item else entry.action.name,
                     *(str(statuses.count(status)) for status in ProgressStatus), str(statuses.count(""))])
    return headers, rows


DRAFTERS = {Key.OVERVIEW: _overview, Key.INDICATORS: _indicators, Key.ACTIONS: _actions, Key.PROBLEMS: _problems,
            Key.NEXT_STEPS: _next_steps}


def generated_text(draft: EvaluationDraft, key: str) -> str:
    """The text of one section drafted from the data: one paragraph a line."""
    return "\n".join(DRAFTERS[Key(key)](draft))


def governed_anywhere(region: Region, plan_paths: set[str]) -> bool:
    """A plan applies to the region or to some region inside it (a city without a plan of its own whose
    district has one is still evaluated, through that district)."""
    return is_under_a_plan(region, plan_paths) or any(path.startswith(region.path) for path in plan_paths)


def evaluation_draft(region: Region, year: int) -> EvaluationDraft:
    """The report of ``region`` for ``year`` with every section's drafted text and the author's stored one.

    Queries: ``evaluation_report``, the dashboard matrix when no plan applies (the report has it
    otherwise), the regions with a plan (1) and the stored sections (1).
    """
    report = evaluation_report(region, year)
    matrix = report.matrix or compliance_matrix(region, year)
    plan_paths = plan_region_paths(year)
    no_plan_children = [row.region for row in matrix.children if not governed_anywhere(row.region, plan_paths)]
    draft = EvaluationDraft(
        report, matrix, lagging_indicators(report, matrix),
        missing_reports=[row.region for row in report.completeness_rows if row.state not in COUNTED_STATUSES],
        not_started=not_started_items(report.actions), no_plan_children=no_plan_children,
    )
    stored = {section.key: section for section in EvaluationSection.objects.filter(region=region, year=year)
              .select_related("updated_by")}
    draft.sections = [DraftSection(key, generated_text(draft, key), stored.get(key)) for key in Key.values]
    return draft
