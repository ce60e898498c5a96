"""The review action every report shares: approve, return or withdraw, from the report's own page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import region_for_review
from plans.period import report_year_or_404

from .forms import ReviewForm
from .services import InvalidTransition, submission_approve, submission_return, submission_withdraw_approval

REVIEW_ACTIONS = {"approve": submission_approve, "return": submission_return, "withdraw": submission_withdraw_approval}


def _review_arguments(action: str, comment: str) -> dict:
    return {"approve": {"comment": comment}, "return": {"comment": comment}, "withdraw": {"reason": comment}}[action]


@login_required
@require_POST
def review(request, region_code: str, year: int, *, model, back: str):
    """``model``: the report class (from the URL pattern); ``back``: the URL name of its page."""
    region = region_for_review(request.user, region_code)
    # A plan year, or 2020: the region's 基线值 report is reviewed like any other.
    report = get_object_or_404(model, region=region, year=report_year_or_404(year))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("version", [])) or _("无效的审核操作。"))
        return redirect(back, region_code=region.code, year=year)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    try:
        REVIEW_ACTIONS[action](submission=report, reviewer=request.user, expected_version=form.cleaned_data["version"],
                               **_review_arguments(action, comment))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except InvalidTransition:
        messages.error(request, _("该填报当前状态为“%(status)s”，不能执行此操作（可能已被他人处理）。") % {
            "status": report.get_status_display()})
    else:
        messages.success(request, dict(ReviewForm.ACTIONS)[action] + _("：已完成。"))
    return redirect(back, region_code=region.code, year=year)
