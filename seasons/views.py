"""The season pages: a province's or city's reviewers set its reporting window for a year; the level above
a city or county reopens its entry. Fetched through ``accounts.access``, written through the services."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import region_for_reopening, region_for_window_setting
from plans.period import PLAN_YEARS, plan_year_or_404

from .forms import ReopeningForm, WindowForm
from .selectors import Season, reopenings_in, window_above, window_for, window_set_by, windows_set_below
from .services import window_reopen, window_set


def _written(form, service, **arguments) -> bool:
    """Call the service with the form's data; a refusal it raises goes next to the field, nothing written."""
    try:
        service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def window(request, region_code: str, year: int):
    region, year = region_for_window_setting(request.user, region_code), plan_year_or_404(year)
    above, own = window_above(region, year), window_set_by(region, year)
    form = WindowForm(request.POST or None, above=above, initial=window_initial(own, above))
    if request.method == "POST" and form.is_valid() and _written(form, window_set, region=region, year=year,
                                                                 user=request.user):
        messages.success(request, _("已保存 %(region)s %(year)s 年度填报期限。") % {"region": region.name, "year": year})
        return redirect("seasons:window", region_code=region.code, year=year)
    return render(request, "seasons/window.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "form": form, "above": above, "own": own,
        "windows_below": windows_set_below(region, year), "reopenings": reopenings_in(region, year),
    })


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, region_code: str, year: int):
    region, year = region_for_reopening(request.user, region_code), plan_year_or_404(year)
    form = ReopeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _written(form, window_reopen, region=region, year=year,
                                                                 user=request.user):
        messages.success(request, _("已为 %(region)s 重新开放 %(year)s 年度填报，至 %(until)s。") % {
            "region": region.name, "year": year, "until": form.cleaned_data["until"].isoformat()})
        return redirect("seasons:reopen", region_code=region.code, year=year)
    return render(request, "seasons/reopen.html", {"region": region, "year": year, "form": form,
                                                   "season": Season(window_for(region, year), year),
                                                   "reopening": reopenings_in(region, year).filter(region=region).first()})


def window_initial(own, above) -> dict:
    """The form starts from the region's own window, else from the one above it (to tighten)."""
    source = own or above
    if source is None:
        return {}
    return {"opens_on": source.opens_on, "due_on": source.due_on, "closes_on": source.closes_on,
            "remind_days_before": source.remind_days_before, "remind_day_after": source.remind_day_after}
