from django.shortcuts import get_object_or_404, render

from .models import Indicator
from .selectors import indicator_baselines, indicator_list, indicator_plan_rows


def indicator_index(request):
    return render(request, "indicators/index.html", {"indicators": indicator_list()})


def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    rows = list(indicator_plan_rows(indicator))
    years = sorted({target.year for row in rows for target in row.targets.all()})
    comparison = [
        {"row": row, "targets": [next((t for t in row.targets.all() if t.year == year), None) for year in years]}
        for row in rows
    ]
    return render(request, "indicators/detail.html", {
        "indicator": indicator, "comparison": comparison, "years": years, "baselines": indicator_baselines(indicator),
    })
