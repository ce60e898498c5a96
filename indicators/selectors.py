"""Reads of the catalogue and of plan rows."""
from django.db.models import Count, QuerySet

from .models import Baseline, Indicator, PlanIndicator


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.annotate(plan_count=Count("plan_rows")).order_by("code")


def indicator_plan_rows(indicator: Indicator) -> QuerySet[PlanIndicator]:
    """Every plan row of one measure, with its targets, for the side-by-side comparison."""
    return (indicator.plan_rows.select_related("plan__region").prefetch_related("targets")
            .order_by("plan__region__code"))


def indicator_baselines(indicator: Indicator) -> QuerySet[Baseline]:
    return indicator.baselines.select_related("region", "source_row__plan__region").order_by("region__code", "year")


def plan_indicator_table(plan) -> dict:
    """A plan's indicator table as printed (江海区's wide form too: baseline columns per region and the
    interim-target years), in three queries."""
    rows = list(plan.indicator_rows.select_related("indicator").prefetch_related("targets", "baselines__region"))
    baseline_columns = sorted({(b.region.code, b.region.name, b.year) for row in rows for b in row.baselines.all()})
    interim_years = sorted({t.year for row in rows for t in row.targets.all() if t.year != plan.period_end})
    table = [
        {
            "row": row,
            "baselines": [next((b for b in row.baselines.all() if (b.region.code, b.year) == (code, year)), None)
                          for code, _name, year in baseline_columns],
            "interim": [next((t for t in row.targets.all() if t.year == year), None) for year in interim_years],
            "final": next((t for t in row.targets.all() if t.year == plan.period_end), None),
        }
        for row in rows
    ]
    return {"plan": plan, "table": table, "baseline_columns": baseline_columns, "interim_years": interim_years,
            "has_nature": any(row.nature for row in rows), "has_remark": any(row.remark for row in rows)}


def indicator_row_counts(plan_ids: list[int]) -> dict[int, int]:
    """How many indicator rows each plan prints (one query)."""
    return dict(PlanIndicator.objects.filter(plan__in=plan_ids).values("plan").annotate(n=Count("id"))
                .values_list("plan", "n"))
