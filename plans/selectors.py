"""Reads of plan documents."""
from django.db.models import Count, QuerySet

from .models import Plan


def plan_list() -> QuerySet[Plan]:
    """Plans with their region and row counts, in one query."""
    return (Plan.objects.select_related("region")
            .annotate(indicator_count=Count("indicator_rows", distinct=True),
                      action_count=Count("key_actions", distinct=True))
            .order_by("region__code"))


def plan_document_queryset() -> QuerySet[Plan]:
    """Everything a plan page or the plan API shows, in a fixed number of queries (rows and
    actions come in their printed order through the models' default ordering).

    Relations are named by their reverse accessors so the plans app imports nothing above it.
    """
    return Plan.objects.select_related("region").prefetch_related(
        "indicator_rows__indicator",
        "indicator_rows__targets",
        "indicator_rows__baselines__region",
        "key_actions__items",
    )
