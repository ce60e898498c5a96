"""Reads of plan documents."""
from django.db.models import QuerySet

from plans.models import Plan


def plan_document_queryset() -> QuerySet[Plan]:
    """Everything the plan API and the plan fixtures show, in a fixed number of queries (rows and actions
    come in their printed order through the models' default ordering)."""
    return Plan.objects.select_related("region").prefetch_related(
        "indicator_rows__indicator",
        "indicator_rows__targets",
        "indicator_rows__baselines__region",
        "key_actions__items",
    )
