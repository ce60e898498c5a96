from django.shortcuts import get_object_or_404, render

from .models import Plan
from .pages import plan_counts, plan_sections
from .selectors import plan_list


def plan_index(request):
    plans = list(plan_list())
    count_labels, counts = plan_counts(plans)
    return render(request, "plans/index.html", {
        "rows": [(plan, counts[plan.pk]) for plan in plans], "count_labels": count_labels})


def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("region"), pk=pk)
    return render(request, "plans/detail.html", {"plan": plan, "sections": plan_sections(plan)})
