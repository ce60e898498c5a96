"""Download a region's yearly entry as an Excel sheet, and upload it filled in (saved as the draft)."""
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.access import region_for_editing, region_for_viewing
from audit.models import AuditEventType
from audit.services import audit_record
from lifecycle.services import SubmissionConflict, SubmissionLocked
from plans.period import plan_year_or_404
from plumbing.xlsx import XLSX_CONTENT_TYPE, workbook_bytes
from seasons.services import EntryWindowClosed

from .entry_excel import entry_filename, entry_workbook
from .entry_upload import EntryWorkbookError, entry_workbook_import
from .selectors import entry_rows, submission_for


class EntryWorkbookForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("填好的填报表（.xlsx）"),
                               help_text=gettext_lazy("不超过 2 MB；请使用本页下载的填报表填写。"))


@login_required
@require_GET
def entry_download(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    year = plan_year_or_404(year)
    submission = submission_for(region, year)
    workbook = entry_workbook(region, year, entry_rows(region, year), version=submission.version if submission else 0)
    audit_record(event=AuditEventType.EXPORT, user=request.user, obj=region, details={"file": "填报表", "year": year})
    return FileResponse(io.BytesIO(workbook_bytes(workbook)), as_attachment=True,
                        filename=entry_filename(region, year), content_type=XLSX_CONTENT_TYPE)


@login_required
@require_POST
def entry_upload(request, region_code: str, year: int):
    region = region_for_editing(request.user, region_code)
    year = plan_year_or_404(year)
    form = EntryWorkbookForm(request.POST, request.FILES)
    errors, conflict = [], None
    if not form.is_valid():
        errors = form.errors.get("workbook", [])
    else:
        try:
            entry_workbook_import(file=form.cleaned_data["workbook"], region=region, year=year, user=request.user)
        except EntryWorkbookError as error:
            errors = error.errors
        except SubmissionConflict as error:
            conflict = error
        except SubmissionLocked:
            messages.error(request, _("该填报已提交或已审核，不能再修改。"))
            return redirect("reporting:entry", region_code=region.code, year=year)
        except EntryWindowClosed as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("reporting:entry", region_code=region.code, year=year)
        else:
            messages.success(request, _("已从 Excel 填报表导入，保存为草稿；请核对后在网页上提交。"))
            return redirect("reporting:entry", region_code=region.code, year=year)
    return render(request, "reporting/entry_upload_errors.html",
                  {"region": region, "year": year, "errors": errors, "conflict": conflict, "form": EntryWorkbookForm()})
