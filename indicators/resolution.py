"""Which target applies to a region, for an indicator and a year.

The plan is the one ``plans.governing.governing_plan`` names for the question "does the plan list this
indicator". Within that plan, the target printed for that year (江海区 prints 2023 and 2024), else the
plan's final-year target.
"""
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from plans.governing import governing_plan, plans_on_paths
from regions.models import Region

from .models import Indicator, PlanIndicator, Target


@dataclass(frozen=True)
class ResolvedTarget:
    indicator: Indicator
    row: PlanIndicator
    target: Target | None  # None when the plan row prints no target at all
    year: int
    printed_for_year: bool  # the plan prints a target for exactly this year (2025, or an interim year)

    @property
    def plan(self):
        return self.row.plan

    @cached_property
    def source_label(self) -> str:
        """"阳江市规划 附表1 第2项 >90%" — where the target comes from, as a person would cite it."""
        table = self.plan.indicator_table_label.replace(" ", "") or _("指标表")
        text = self.target.text if self.target else "—"
        suffix = "" if self.printed_for_year else _("（%(year)s年目标）") % {"year": self.target.year if self.target else ""}
        return _("%(plan)s %(table)s 第%(seq)s项 %(text)s%(suffix)s") % {
            "plan": self.plan.short_name, "table": table, "seq": self.row.seq, "text": text, "suffix": suffix}


def rows_governing(path_codes: list[str], plans_by_code, rows_by_plan: dict[int, dict[int, PlanIndicator]],
                   year: int) -> dict[int, PlanIndicator]:
    """For each indicator id, the row of the plan that governs the region for that indicator in ``year``."""
    indicator_ids = {indicator_id for code in path_codes for plan in plans_by_code.get(code, ())
                     for indicator_id in rows_by_plan.get(plan.pk, {})}
    chosen: dict[int, PlanIndicator] = {}
    for indicator_id in indicator_ids:
        plan = governing_plan(path_codes, plans_by_code, year,
                              covers=lambda candidate: indicator_id in rows_by_plan.get(candidate.pk, {}))
        if plan is not None:
            chosen[indicator_id] = rows_by_plan[plan.pk][indicator_id]
    return chosen


def pick_target(row: PlanIndicator, year: int, targets: dict[int, Target]) -> tuple[Target | None, bool]:
    """The target printed for ``year`` (``targets``: the row's targets by year), else the plan's final-year target."""
    if year in targets:
        return targets[year], True
    return targets.get(row.plan.period_end), False


def effective_targets_for(regions: list[Region], year: int) -> dict[int, dict[str, ResolvedTarget]]:
    """Resolved targets for many regions at once: region id → {indicator code → target}.

    Four queries whatever the number of regions: the plans on any of their paths, the catalogue, the
    plans' rows, their targets, and nothing per region.
    """
    return targets_and_governed_for(regions, year)[0]


def targets_and_governed_for(regions: list[Region], year: int) -> tuple[dict[int, dict[str, ResolvedTarget]], set[int]]:
    """``effective_targets_for`` and, with the same four queries, the ids of the regions some plan
    governs in ``year`` (``plans.governing.governing_plan`` with no question): a region outside that set
    has no applicable plan at all (``no_plan``), not merely no target for an indicator (``no_target``)."""
    plans_by_code = plans_on_paths(regions)
    # Regions under the same plans are governed alike: decided once per set of plan regions on the path.
    governing: dict[tuple[str, ...], bool] = {}
    governed = set()
    for region in regions:
        key = _plan_codes(region, plans_by_code)
        if key not in governing:
            governing[key] = governing_plan(list(key), plans_by_code, year) is not None
        if governing[key]:
            governed.add(region.pk)
    return _resolved_targets(regions, year, plans_by_code), governed


def _plan_codes(region: Region, plans_by_code) -> tuple[str, ...]:
    """The codes on the region's path (root first) that have a plan: all that deciding what governs it reads."""
    return tuple(code for code in region.path_codes if code in plans_by_code)


def _resolved_targets(regions: list[Region], year: int, plans_by_code) -> dict[int, dict[str, ResolvedTarget]]:
    plans = {plan.pk: plan for plan_list in plans_by_code.values() for plan in plan_list}
    indicators = Indicator.objects.in_bulk()
    rows = list(PlanIndicator.objects.filter(plan__in=plans.keys()).order_by("plan_id", "seq"))
    for row in rows:
        row.plan, row.indicator = plans[row.plan_id], indicators[row.indicator_id]
    targets: dict[int, dict[int, Target]] = {}
    for target in Target.objects.filter(row__in=[row.pk for row in rows]):
        targets.setdefault(target.row_id, {})[target.year] = target
    rows_by_plan: dict[int, dict[int, PlanIndicator]] = {}
    for row in rows:
        rows_by_plan.setdefault(row.plan_id, {})[row.indicator_id] = row
    # A plan row resolves the same way for every region that inherits it: one object per row, so that
    # its source label is worked out once per page, not once per cell.
    by_row: dict[int, ResolvedTarget] = {}
    for row in rows:
        target, printed = pick_target(row, year, targets.get(row.pk, {}))
        by_row[row.pk] = ResolvedTarget(row.indicator, row, target, year, printed)
    resolved: dict[int, dict[str, ResolvedTarget]] = {}
    # Regions under the same plans resolve alike: decide once per set of plan regions on the path.
    decided: dict[tuple[str, ...], dict[str, ResolvedTarget]] = {}
    for region in regions:
        key = _plan_codes(region, plans_by_code)
        if key not in decided:
            chosen = rows_governing(list(key), plans_by_code, rows_by_plan, year)
            decided[key] = {row.indicator.code: by_row[row.pk]
                            for row in sorted(chosen.values(), key=lambda r: r.indicator.code)}
        resolved[region.pk] = decided[key]
    return resolved


def effective_targets(region: Region, year: int) -> dict[str, ResolvedTarget]:
    """Every indicator that has a target for ``region`` in ``year``, keyed by code."""
    return effective_targets_for([region], year)[region.pk]


def effective_target(region: Region, indicator: Indicator, year: int) -> ResolvedTarget | None:
    return effective_targets(region, year).get(indicator.code)


def obligations(targets: dict[str, ResolvedTarget], *, level: int,
                answered: set[str] | None = None) -> dict[str, ResolvedTarget]:
    """The indicators a region of ``level`` must report for a year — the one rule for the entry page,
    its workbook, the upload, the value import, the review page and the dashboards' cells.

    ``targets`` are the region's resolved targets for that year (``effective_targets_for``): a document
    enters them only for the years it governs (``plans.governing.in_force``: from its 适用起始年, never
    before), so an indicator a new document brings (OH17 in a 2024 provincial 工作方案) is owed from the
    year that document applies from. Of those, the indicators entered at the region's own level.

    ``answered``: once the region's report for that year has been submitted, the codes it answered then
    (submitting requires an answer to every indicator owed at that moment, ``reporting.services``). A
    report that left the officer's hands owes nothing more: a document loaded afterwards never grows a
    未填报 cell in it. ``None`` while the report is open (no report, a draft, a returned report being
    reworked): it owes what the documents in force ask now.
    """
    return {code: resolved for code, resolved in targets.items()
            if resolved.indicator.entry_level == level and (answered is None or code in answered)}
