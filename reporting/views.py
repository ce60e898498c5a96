from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regions.access import can_edit_region, can_review_region, region_for_editing, region_for_review, region_for_viewing

from .forms import EntryForm, ReviewForm
from .models import PLAN_YEARS, ActionReport, Submission
from .selectors import entry_rows, pending_reviews, submission_for, submission_history
from .services import (InvalidTransition, SubmissionConflict, SubmissionLocked, submission_approve, submission_return,
                       submission_save, submission_withdraw_approval)


def plan_year_or_404(year: int) -> int:
    if year not in PLAN_YEARS:
        raise Http404("year outside the plan period")
    return year


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    year = plan_year_or_404(year)
    rows = entry_rows(region, year)
    submission = submission_for(region, year)
    version = submission.version if submission else 0
    conflict = None
    if request.method == "POST":
        region_for_editing(request.user, region_code)
        submit = "submit" in request.POST
        form = EntryForm(rows, version=version, data=request.POST, require_complete=submit)
        if form.is_valid():
            try:
                submission_save(region=region, year=year, user=request.user, entries=form.entries,
                                expected_version=form.posted_version(), submit=submit)
            except SubmissionConflict as error:
                conflict = error
            except SubmissionLocked:
                messages.error(request, _("该填报已提交或已审核，不能再修改。"))
                return redirect("reporting:entry", region_code=region.code, year=year)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已提交，等待审核。") if submit else _("草稿已保存。"))
                return redirect("reporting:entry", region_code=region.code, year=year)
    else:
        form = EntryForm(rows, version=version)
    editable = can_edit_region(request.user, region) and (submission is None or submission.is_editable)
    return render(request, "reporting/entry.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "form": form, "submission": submission,
        "editable": editable, "conflict": conflict, "can_review": can_review_region(request.user, region),
        "review_form": ReviewForm(), "version": conflict.submission.version if conflict else version,
    })


REVIEW_ACTIONS = {"approve": submission_approve, "return": submission_return, "withdraw": submission_withdraw_approval}


REVIEWED_REPORTS = {"indicators": (Submission, "reporting:entry"), "actions": (ActionReport, "actions:entry")}


@login_required
@require_POST
def review(request, region_code: str, year: int, kind: str = "indicators"):
    region = region_for_review(request.user, region_code)
    model, back = REVIEWED_REPORTS[kind]
    submission = get_object_or_404(model, region=region, year=plan_year_or_404(year))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无效的审核操作。"))
        return redirect(back, region_code=region.code, year=year)
    action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
    arguments = {"approve": {}, "return": {"comment": comment}, "withdraw": {"reason": comment}}[action]
    try:
        REVIEW_ACTIONS[action](submission=submission, reviewer=request.user,
                               expected_version=form.cleaned_data["version"], **arguments)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except InvalidTransition:
        messages.error(request, _("该填报当前状态为“%(status)s”，不能执行此操作（可能已被他人处理）。") % {
            "status": submission.get_status_display()})
    else:
        messages.success(request, dict(ReviewForm.ACTIONS)[action] + _("：已完成。"))
    return redirect(back, region_code=region.code, year=year)


@login_required
@require_GET
def review_queue(request):
    if not request.user.is_reviewer or request.user.region is None:
        raise PermissionDenied("reviewers only")
    return render(request, "reporting/review_queue.html", {"pending": pending_reviews(request.user)})


@login_required
@require_GET
def history(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    submission = get_object_or_404(Submission, region=region, year=plan_year_or_404(year))
    return render(request, "reporting/history.html", {"region": region, "year": year, "submission": submission,
                                                      **submission_history(submission)})
