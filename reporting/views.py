from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import can_edit_region, can_review_region, region_for_editing, region_for_viewing
from audit.selectors import audit_events_for
from lifecycle.forms import ReviewForm
from lifecycle.services import SubmissionConflict, SubmissionLocked
from plans.period import BASELINE_YEAR, PLAN_YEARS, is_baseline_year, report_year_or_404
from seasons.selectors import Season, season_for

from .bulk_review import reports_bulk_approve, with_verdicts
from .forms import BulkApproveForm, EntryForm
from .models import Submission
from .review import review_summary
from .selectors import entry_rows, pending_reviews, submission_for, submission_history
from .services import submission_save


def _save_entry(request, region, year: int, form: EntryForm, submit: bool):
    """Save the posted entry; the redirect after success (or a locked report), else the conflict or None."""
    try:
        submission_save(region=region, year=year, user=request.user, entries=form.entries,
                        expected_version=form.posted_version(), submit=submit)
    except SubmissionConflict as error:
        return error
    except SubmissionLocked:
        messages.error(request, _("该填报已提交或已审核，不能再修改。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    else:
        messages.success(request, _("已提交，等待审核。") if submit else _("草稿已保存。"))
    return redirect("reporting:entry", region_code=region.code, year=year)


def _season_of(region, year: int, submission: Submission | None) -> Season:
    """The report's season; the 2020 基线值 has none (no window applies to it, whatever is set for 2020),
    as ``submission_save`` does not ask ``entry_window_check`` about it."""
    if is_baseline_year(year):
        return Season(None, year)
    return season_for(region, year, submission.counted_submitted_at if submission else None)


@login_required
@require_http_methods(["GET", "POST"])
def entry(request, region_code: str, year: int):
    region, year = region_for_viewing(request.user, region_code), report_year_or_404(year)
    rows, submission = entry_rows(region, year), submission_for(region, year)
    season = _season_of(region, year, submission)
    version = submission.version if submission else 0
    form, conflict = EntryForm(rows, version=version), None
    if request.method == "POST":
        region_for_editing(request.user, region_code)
        submit = "submit" in request.POST
        form = EntryForm(rows, version=version, data=request.POST, require_complete=submit)
        if form.is_valid():
            outcome = _save_entry(request, region, year, form, submit)
            if outcome is not None and not isinstance(outcome, SubmissionConflict):
                return outcome
            conflict = outcome
    can_review = can_review_region(request.user, region)
    return render(request, "reporting/entry.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "baseline_year": BASELINE_YEAR, "form": form,
        "submission": submission,
        "editable": can_edit_region(request.user, region) and (submission is None or submission.is_editable)
        and season.entry_allowed, "season": season,
        "conflict": conflict, "can_review": can_review, "review": review_summary(submission, rows) if can_review else None,
        "review_form": ReviewForm(), "version": conflict.submission.version if conflict else version,
    })


@login_required
@require_GET
def review_queue(request):
    if not request.user.is_reviewer or request.user.region is None:
        raise PermissionDenied("reviewers only")
    pending = pending_reviews(request.user)
    return render(request, "reporting/review_queue.html", {"pending": pending, "items": with_verdicts(pending)})


@login_required
@require_POST
def bulk_approve(request):
    """批量审核通过 from the queue: each ticked report at the version shown; changed ones skipped and named."""
    if not request.user.is_reviewer or request.user.region is None:
        raise PermissionDenied("reviewers only")
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()))
        return redirect("reporting:review_queue")
    outcome = reports_bulk_approve(reviewer=request.user, keys=form.keys)
    messages.success(request, _("已审核通过 %(n)s 份填报。") % {"n": len(outcome.approved)})
    if outcome.skipped:
        messages.warning(request, _("以下填报已跳过：") + "；".join(outcome.skipped))
    return redirect("reporting:review_queue")


@login_required
@require_GET
def history(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    submission = get_object_or_404(Submission, region=region, year=report_year_or_404(year))
    return render(request, "reporting/history.html", {"region": region, "year": year, "submission": submission,
                                                      "season": season_for(region, year, submission.counted_submitted_at),
                                                      **submission_history(submission),
                                                      "audit_events": audit_events_for(submission)})
