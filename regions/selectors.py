"""Reads of the region tree."""
from django.db.models import Count, QuerySet

from .models import Region


def top_regions() -> QuerySet[Region]:
    """The roots of the tree (广东省; 全国 in a benchmark database), with their children."""
    return Region.objects.filter(parent__isnull=True).prefetch_related("children")


def region_children(region: Region) -> QuerySet[Region]:
    """Children of a region with how many regions each has below it (one query)."""
    return region.children.annotate(child_count=Count("children")).order_by("code")


def region_breadcrumbs(region: Region) -> list[Region]:
    """Root → … → region, in one query."""
    return list(Region.objects.ancestors_of(region, include_self=True))
