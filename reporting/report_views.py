"""The evaluation report (中期/终期/年度评估) of a region and year, as a printable page and as Excel."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import region_for_viewing
from audit.downloads import region_export_response
from plans.period import PLAN_YEARS, plan_year_or_404
from regions.selectors import region_breadcrumbs

from .evaluation import evaluation_report
from .evaluation_export import evaluation_workbook


@login_required
@require_GET
def report(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    evaluation = evaluation_report(region, plan_year_or_404(year))
    return render(request, "dashboard/report.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "report": evaluation,
        "breadcrumbs": region_breadcrumbs(region),
    })


@login_required
@require_GET
def report_xlsx(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    evaluation = evaluation_report(region, plan_year_or_404(year))
    return region_export_response(request, evaluation_workbook(evaluation), region=region, year=year,
                                  label=evaluation.kind)
