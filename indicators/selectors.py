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
