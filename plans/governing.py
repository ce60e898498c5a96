"""Which plan governs a region in a year — the one rule every page, export, report and API uses.

The rule (from the plans themselves): the region's own plan if it answers the question, else the
nearest ancestor's plan that does. "The question" depends on the caller: for a target it is "does the
plan list this indicator" (so 揭西县 has no OH06 target because 揭阳市's plan has none, even though
other cities' plans do); for key actions and the region page it is "is there a plan at all". A plan
answers only for the years of its period.

The rule itself is ``governing_plan`` (a plain function over plans already fetched); the helpers below
fetch what it needs in one query, whatever the number of regions.
"""
from collections.abc import Callable, Iterable

from regions.models import Region

from .models import Plan

PlansByRegionCode = dict[str, list[Plan]]


def in_force(plan: Plan, year: int | None) -> bool:
    """A plan governs only the years of its period, and only from its 适用起始年 (``year=None``: any year):
    a 2022–2025 方案 never judges 2021, a plan loaded with 适用起始年 2024 leaves 2021–2023 as they were."""
    return year is None or plan.first_governed_year <= year <= plan.period_end


def precedence(plan: Plan) -> tuple:
    """Between several documents of one region that answer the question: the one marked 优先, else the
    one that applies from the later year (a 工作方案 after the 规划), else the later period."""
    return (not plan.preferred, -plan.first_governed_year, -plan.period_start)


def governing_plan(path_codes: list[str], plans_by_code: PlansByRegionCode, year: int | None,
                   covers: Callable[[Plan], bool] | None = None) -> Plan | None:
    """The plan that governs the region whose path is ``path_codes`` (root first) in ``year``.

    Walks from the region up to the root and returns the first plan in force that ``covers`` the
    question (``None``: any plan); among a region's own documents, by ``precedence``. Pure:
    ``plans_by_code`` comes from ``plans_on_paths``.
    """
    for code in reversed(path_codes):
        for plan in sorted(plans_by_code.get(code, ()), key=precedence):
            if in_force(plan, year) and (covers is None or covers(plan)):
                return plan
    return None


def plans_on_paths(regions: Iterable[Region], *, defer_text: bool = True) -> PlansByRegionCode:
    """Every plan that sits on the path of any of ``regions``, by region code (one query).

    The plans' long JSON fields are deferred unless asked for: deciding who governs never reads them.
    """
    codes = {code for region in regions for code in region.path_codes}
    plans = Plan.objects.filter(region__code__in=codes).select_related("region").order_by("region__code", "-period_start")
    if defer_text:
        plans = plans.defer("basis_documents", "main_tasks", "review_milestones")
    by_code: PlansByRegionCode = {}
    for plan in plans:
        by_code.setdefault(plan.region.code, []).append(plan)
    return by_code


def governing_plan_for(region: Region, year: int | None = None) -> Plan | None:
    """The plan that governs ``region`` in ``year`` (any year when None), in one query."""
    return governing_plan(region.path_codes, plans_on_paths([region]), year)


def plan_region_paths(year: int | None = None) -> set[str]:
    """The paths of the regions that have a plan in force in ``year`` (one query, unordered on purpose:
    ordering made SQLite walk every region of the country to find the few dozen that have one)."""
    plans = (Plan.objects.select_related("region").only("region__path", "period_start", "period_end", "applies_from")
             .order_by())
    return {plan.region.path for plan in plans if in_force(plan, year)}


def is_under_a_plan(region: Region, plan_paths: set[str]) -> bool:
    """Some plan (from ``plan_region_paths``) sits on ``region`` or above it."""
    return any(region.path.startswith(path) for path in plan_paths)


def governing_plan_code(region: Region, plan_paths: set[str]) -> str | None:
    """The code of the nearest region on ``region``'s path that has a plan (``plan_region_paths``)."""
    prefixes = {path for path in plan_paths if region.path.startswith(path)}
    return max(prefixes, key=len).strip("/").rsplit("/", 1)[-1] if prefixes else None
