from django.shortcuts import get_object_or_404, render

from .access import can_see_region
from .models import Region
from .selectors import nearest_region_with_plan, region_breadcrumbs, region_children, top_regions


def region_index(request):
    return render(request, "regions/index.html", {"roots": top_regions()})


def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    plan_region = nearest_region_with_plan(region)
    return render(request, "regions/detail.html", {
        "region": region,
        "breadcrumbs": region_breadcrumbs(region),
        "children": region_children(region),
        "governing_plan": plan_region.plans.select_related("region").first() if plan_region else None,
        # Reports are not public: only users who may see the region get its submission history.
        "submissions": region.submissions.select_related("updated_by").order_by("-year")
        if can_see_region(request.user, region) else None,
    })
