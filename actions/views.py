from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import can_edit_region, can_review_region, region_for_editing, region_for_viewing
from audit.models import AuditEventType
from audit.services import audit_record
from lifecycle.forms import ReviewForm
from lifecycle.services import SubmissionConflict, SubmissionLocked
from plans.period import ACTION_YEARS, action_year_or_404
from plumbing.uploads import safe_download_name
from seasons.selectors import season_for

from .forms import ActionReportForm
from .models import Evidence
from .selectors import action_page, action_rows
from .services import action_report_save


@login_required
@require_http_methods(["GET", "POST"])
def action_entry(request, region_code: str, year: int):
    region, year = region_for_viewing(request.user, region_code), action_year_or_404(year)
    page = action_page(region, year)
    plan, report = page.plan, page.report
    rows, season = action_rows(plan, report), season_for(region, year, report.counted_submitted_at if report else None)
    form = ActionReportForm(rows)
    if request.method == "POST":
        region_for_editing(request.user, region_code)
        submit = "submit" in request.POST
        form = ActionReportForm(rows, data=request.POST, files=request.FILES, require_complete=submit, document=plan)
        if form.is_valid() and _saved(request, form, region=region, year=year, submit=submit):
            return redirect("actions:entry", region_code=region.code, year=year)
    return render(request, "actions/entry.html", {
        "region": region, "year": year, "years": ACTION_YEARS, "plan": plan, "report": report, "form": form,
        "previous_plan": page.previous_plan, "review_form": ReviewForm(),
        "can_review": can_review_region(request.user, region),
        "editable": can_edit_region(request.user, region) and (report is None or report.is_editable)
        and season.entry_allowed, "season": season, "version": report.version if report else 0,
    })


def _saved(request, form: ActionReportForm, *, region, year: int, submit: bool) -> bool:
    """Save a valid form through the service; a refusal becomes a message above the re-displayed form."""
    try:
        action_report_save(region=region, year=year, user=request.user, actions=form.actions, entries=form.entries,
                           uploads=form.uploads, delete_evidence=form.delete_evidence,
                           expected_version=form.posted_version(), submit=submit)
    except SubmissionConflict:
        messages.error(request, _("保存冲突：打开本页后，已有人保存了新的版本。您的输入未保存，请刷新后重新填写。"))
    except SubmissionLocked:
        messages.error(request, _("该进展报告已提交或已审核，不能再修改。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已提交，等待审核。") if submit else _("草稿已保存。"))
        return True
    return False


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("progress__report__region"), pk=pk)
    region_for_viewing(request.user, evidence.progress.report.region.code)
    audit_record(event=AuditEventType.EVIDENCE_DOWNLOAD, user=request.user, obj=evidence,
                 details={"report": evidence.progress.report_id, "sha256": evidence.sha256})
    name = safe_download_name(evidence.original_name, evidence.extension, fallback=_("佐证材料"))
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name,
                        content_type=evidence.content_type)
