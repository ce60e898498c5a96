"""Reads of plan documents' facts."""
from django.db.models import QuerySet

from .models import Plan


def plan_list() -> QuerySet[Plan]:
    """Every plan with its region, in region-code order (one query)."""
    return Plan.objects.select_related("region").order_by("region__code", "period_start")
