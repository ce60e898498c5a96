from django.shortcuts import get_object_or_404, render

from .models import Region
from .pages import region_sections
from .selectors import region_breadcrumbs, region_children, top_regions


def region_index(request):
    return render(request, "regions/index.html", {"roots": top_regions()})


def region_detail(request, code: str):
    region = get_object_or_404(Region, code=code)
    return render(request, "regions/detail.html", {
        "region": region,
        "breadcrumbs": region_breadcrumbs(region),
        "children": region_children(region),
        "sections": region_sections(request, region),
    })
