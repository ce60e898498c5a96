import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from accounts.access import (
    can_remind_region,
    can_reopen_below,
    can_set_window,
    region_for_reminding,
    region_for_viewing,
)
from actions.exports import action_matrix_workbook
from actions.selectors import action_matrix
from audit.downloads import region_export_response
from plans.governing import governing_plan_for
from plans.period import ACTION_YEARS, PLAN_YEARS, action_year_or_404, plan_year_or_404
from plumbing.collector import collector_paused
from plumbing.numbers import small_int
from regions.selectors import region_breadcrumbs

from .action_completeness import action_completeness
from .completeness import completeness_by_child, completeness_rows, completeness_summary, completeness_summary_for
from .compliance import Status
from .dashboard import compliance_matrix, county_matrix, filter_matrix
from .dashboard_forms import MatrixFilterForm, ReminderForm
from .exports import completeness_workbook, matrix_workbook
from .reminders import reminders_send, unsubmitted_regions
from .tables import CellRenderer, compliance_table

MATRIX_PAGE_SIZE = 30


def _filtered_matrix(request, region, year, build=compliance_matrix):
    full = build(region, year)
    # The page's year is the one in its path, whatever the query says: a sort link or the redirect after
    # filtering carries other parameters but no year=, and the select must still show the page's year.
    query = request.GET.copy()
    query["year"] = str(year)
    form = MatrixFilterForm(query, indicators=full.indicators)
    return full, form, filter_matrix(full, form.to_filters())


@login_required
@require_GET
def matrix(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    year = plan_year_or_404(year)
    requested_year = request.GET.get("year")
    if small_int(requested_year or "") in PLAN_YEARS and small_int(requested_year) != year:
        query = request.GET.copy()
        query.pop("year")
        return redirect(f"{request.path.replace(f'/{year}/', f'/{requested_year}/')}?{query.urlencode()}")
    full, form, shown = _filtered_matrix(request, region, year)
    renderer = CellRenderer()
    table = compliance_table(shown, renderer, completeness_by_child(region, year))
    RequestConfig(request, paginate={"per_page": MATRIX_PAGE_SIZE}).configure(table)
    return render(request, "dashboard/matrix.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "action_years": ACTION_YEARS, "matrix": shown,
        "form": form, "table": table,
        "own_cells": [(cell, renderer.html(cell)) for cell in shown.own.cells], "completeness": completeness_summary_for(region, year),
        "status_summary": [(status, full.status_counts[status]) for status in Status if status in full.status_counts],
        "breadcrumbs": region_breadcrumbs(region), "section": {"region": region, "plan": governing_plan_for(region, year)},
        "own_entry_codes": full.own_entry_codes,
    })


# The collector paused over the whole export, not only while the matrix is built: the workbook's 125,000
# cells would otherwise start a collection that walks the million objects of the matrix (plumbing.collector).
@login_required
@require_GET
@collector_paused()
def matrix_xlsx(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    _full, _form, shown = _filtered_matrix(request, region, plan_year_or_404(year))
    return region_export_response(request, matrix_workbook(shown), region=region, year=year, label="达标情况")


@login_required
@require_GET
@collector_paused()
def counties_xlsx(request, region_code: str, year: int):
    """Every county-level region below the region in one sheet (区县明细), with the page's filters."""
    region = region_for_viewing(request.user, region_code)
    year = plan_year_or_404(year)
    _full, _form, shown = _filtered_matrix(request, region, year, build=county_matrix)
    return region_export_response(request, matrix_workbook(shown, parent_column=True), region=region, year=year,
                                  label="区县达标明细")


@login_required
@require_GET
def completeness(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    rows = completeness_rows(region, plan_year_or_404(year))
    return render(request, "dashboard/completeness.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "rows": rows, "summary": completeness_summary(rows),
        "breadcrumbs": region_breadcrumbs(region), "can_remind": can_remind_region(request.user, region),
        "can_set_window": can_set_window(request.user, region), "can_reopen": can_reopen_below(request.user, region),
    })


@login_required
@require_POST
def remind(request, region_code: str, year: int):
    """催报: notify the officers of the ticked (or all) unsubmitted counties below the region."""
    region, year = region_for_reminding(request.user, region_code), plan_year_or_404(year)
    send_posted_reminders(request, unsubmitted=unsubmitted_regions(region, year),
                          send=functools.partial(reminders_send, region=region, year=year),
                          sent=_("已向 %(n)s 个地区发送催报：%(names)s"))
    return redirect("dashboard:completeness", region_code=region.code, year=year)


def send_posted_reminders(request, *, unsubmitted, send, sent: str) -> None:
    """The ticked (or all) ``unsubmitted`` regions of a 催报 form reminded by ``send(codes=, sender=)``, and a
    message saying whom (``sent``: "%(n)s … %(names)s") or why not — for either kind of report."""
    form = ReminderForm(request.POST, codes=[region.code for region in unsubmitted])
    if form.is_valid():
        reminded = send(codes=form.codes, sender=request.user)
        messages.success(request, sent % {"n": len(reminded), "names": "、".join(r.name for r in reminded) or "—"})
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))


@login_required
@require_GET
def completeness_xlsx(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    rows = completeness_rows(region, plan_year_or_404(year))
    workbook = completeness_workbook(rows, completeness_summary(rows), region=region, year=year)
    return region_export_response(request, workbook, region=region, year=year, label="填报进度")


@login_required
@require_GET
def action_matrix_page(request, region_code: str, year: int):
    """Child regions × key actions (the key-action side of a region's dashboard)."""
    region, year = region_for_viewing(request.user, region_code), action_year_or_404(year)
    return render(request, "dashboard/actions.html", {"region": region, "year": year, "years": ACTION_YEARS,
                                                      **action_matrix(region, year),
                                                      "completeness": action_completeness(region, year),
                                                      "can_remind": can_remind_region(request.user, region),
                                                      "can_reopen": can_reopen_below(request.user, region)})


@login_required
@require_GET
def action_matrix_xlsx(request, region_code: str, year: int):
    region, year = region_for_viewing(request.user, region_code), action_year_or_404(year)
    return region_export_response(request, action_matrix_workbook(region, year, action_matrix(region, year)),
                                  region=region, year=year, label="重大行动进展")
