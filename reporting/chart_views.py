from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.access import can_see_region, region_for_viewing
from indicators.models import Indicator
from plans.period import PLAN_YEARS
from regions.selectors import region_breadcrumbs

from .indicator_series import indicator_series, ranking_year_from


@login_required
@require_GET
def indicator(request, region_code: str, code: str):
    region = region_for_viewing(request.user, region_code)
    indicator = get_object_or_404(Indicator, code=code)
    series = indicator_series(region, indicator, PLAN_YEARS, ranking_year=ranking_year_from(request.GET.get("year")))
    return render(request, "dashboard/indicator.html", {
        "region": region, "indicator": indicator, "series": series, "years": PLAN_YEARS,
        "ranking_year": series["ranking"]["year"],
        # Ancestors above the user's own region are named but not linked (they would 404).
        "breadcrumbs": [(crumb, can_see_region(request.user, crumb)) for crumb in region_breadcrumbs(region)],
    })
