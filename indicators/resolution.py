"""Which target applies to a region, for an indicator and a year.

The rule (from the plans themselves): the region's own plan if it lists the indicator, else the
nearest ancestor's plan that lists it — decided per indicator, so 揭西县 has no OH06 target because
揭阳市's plan has none, even though other cities' plans do. Within that plan, the target printed for
that year (江海区 prints 2023 and 2024), else the plan's final-year target.
"""
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from regions.models import Region

from plans.models import Plan

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


def pick_rows_per_indicator(rows_by_region_code: dict[str, list[PlanIndicator]], chain: list[str]) -> dict[int, PlanIndicator]:
    """For each indicator id, the row of the nearest plan along ``chain`` (region code first, root last)."""
    chosen: dict[int, PlanIndicator] = {}
    for code in chain:
        for row in rows_by_region_code.get(code, []):
            chosen.setdefault(row.indicator_id, row)
    return chosen


def pick_target(row: PlanIndicator, year: int, targets: dict[int, Target]) -> tuple[Target | None, bool]:
    """The target printed for ``year`` (``targets``: the row's targets by year), else the plan's final-year target."""
    if year in targets:
        return targets[year], True
    return targets.get(row.plan.period_end), False


def effective_targets_for(regions: list[Region], year: int) -> dict[int, dict[str, ResolvedTarget]]:
    """Resolved targets for many regions at once: region id → {indicator code → target}.

    Five queries whatever the number of regions: the plans on any of their paths, the catalogue, the
    plans' rows, their targets, and nothing per region.
    """
    codes = {code for region in regions for code in region.path_codes}
    # Each plan and each indicator is built once and shared by its rows (a national page reads 300+ rows
    # of 31 plans and 10 indicators; select_related built a plan, a region and an indicator per row), and
    # the plan's long JSON fields are not needed to resolve a target.
    plans = Plan.objects.filter(region__code__in=codes).select_related("region").defer(
        "basis_documents", "main_tasks", "review_milestones").in_bulk()
    indicators = Indicator.objects.in_bulk()
    rows = list(PlanIndicator.objects.filter(plan__in=plans.keys()).order_by("plan_id", "seq"))
    for row in rows:
        row.plan, row.indicator = plans[row.plan_id], indicators[row.indicator_id]
    targets: dict[int, dict[int, Target]] = {}
    for target in Target.objects.filter(row__in=[row.pk for row in rows]):
        targets.setdefault(target.row_id, {})[target.year] = target
    by_code: dict[str, list[PlanIndicator]] = {}
    for row in rows:
        by_code.setdefault(row.plan.region.code, []).append(row)
    # A plan row resolves the same way for every region that inherits it: one object per row, so that
    # its source label is worked out once per page, not once per cell.
    by_row: dict[int, ResolvedTarget] = {}
    for row in rows:
        target, printed = pick_target(row, year, targets.get(row.pk, {}))
        by_row[row.pk] = ResolvedTarget(row.indicator, row, target, year, printed)
    resolved: dict[int, dict[str, ResolvedTarget]] = {}
    for region in regions:
        chosen = pick_rows_per_indicator(by_code, list(reversed(region.path_codes)))
        resolved[region.pk] = {row.indicator.code: by_row[row.pk]
                               for row in sorted(chosen.values(), key=lambda r: r.indicator.code)}
    return resolved


def effective_targets(region: Region, year: int) -> dict[str, ResolvedTarget]:
    """Every indicator that has a target for ``region`` in ``year``, keyed by code."""
    return effective_targets_for([region], year)[region.pk]


def effective_target(region: Region, indicator: Indicator, year: int) -> ResolvedTarget | None:
    return effective_targets(region, year).get(indicator.code)
