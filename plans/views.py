from django.shortcuts import get_object_or_404, render

from .selectors import plan_document_queryset, plan_list


def plan_index(request):
    return render(request, "plans/index.html", {"plans": plan_list()})


def plan_detail(request, pk: int):
    plan = get_object_or_404(plan_document_queryset(), pk=pk)
    rows = list(plan.indicator_rows.all())
    # 江海区's wide table: baseline columns per region and interim-target years, as printed.
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
    return render(request, "plans/detail.html", {
        "plan": plan, "table": table, "baseline_columns": baseline_columns, "interim_years": interim_years,
        "has_nature": any(row.nature for row in rows), "has_remark": any(row.remark for row in rows),
    })
