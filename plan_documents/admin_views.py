"""Admin views for the Excel plan template: download it (empty or filled), upload a plan, confirm it.

They are plain views wrapped in ``admin.site.admin_view`` (see ``plan_documents.urls``) rather than a
ModelAdmin of their own: the import is a tool on the Plan changelist, not a model.
"""
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import AuditEventType
from audit.services import audit_record
from plans.models import Plan
from plumbing.numbers import small_int
from plumbing.xlsx import XLSX_CONTENT_TYPE, workbook_bytes

from .documents import PlanDocumentError, normalize_document, plan_to_document
from .excel_read import read_plan_workbook
from .excel_write import plan_template_workbook
from .impact import plan_import_impact
from .services import ImpactChanged, plan_import_document, plan_import_summary

# The validated document waits here between upload and confirmation (JSON: years become string keys,
# which ``normalize_document`` reads back as integers).
IMPORT_SESSION_KEY = "plan_excel_import"
# An import may replace a region's plan, so it needs both permissions.
IMPORT_PERMISSIONS = ("plans.add_plan", "plans.change_plan")


class PlanWorkbookForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("规划模板文件（.xlsx）"),
                               help_text=gettext_lazy("不超过 2 MB；请使用本页可下载的规划模板填写。"))


def _admin_context(request, title: str, **extra) -> dict:
    return {**admin.site.each_context(request), "title": title, "opts": Plan._meta, **extra}


def _plan_from_query(request) -> Plan | None:
    plan_id = request.GET.get("plan")
    if plan_id is None:
        return None
    if small_int(plan_id) is None:
        raise Http404
    return get_object_or_404(Plan.objects.select_related("region"), pk=plan_id)


@require_GET
@permission_required("plans.add_plan", raise_exception=True)
def plan_workbook_download(request):
    """The empty template, or with ``?plan=<id>`` that plan as a filled template."""
    plan = _plan_from_query(request)
    document = plan_to_document(plan) if plan else None
    filename = _("%(region)s规划.xlsx") % {"region": plan.region.name} if plan else _("规划导入模板.xlsx")
    audit_record(event=AuditEventType.EXPORT, user=request.user, obj=plan, details={"file": str(filename)})
    return FileResponse(io.BytesIO(workbook_bytes(plan_template_workbook(document))), as_attachment=True,
                        filename=filename, content_type=XLSX_CONTENT_TYPE)


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def plan_workbook_upload(request):
    form = PlanWorkbookForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            document = normalize_document(read_plan_workbook(form.cleaned_data["workbook"]))
        except PlanDocumentError as error:
            errors = error.errors
        else:
            request.session[IMPORT_SESSION_KEY] = document
            return redirect("plan_documents:confirm")
    return render(request, "admin/plan_documents/plan_upload.html",
                  _admin_context(request, _("从 Excel 导入规划"), form=form, errors=errors))


def _confirm_page(request, document: dict):
    """The preview: every parsed target and the impact, measured in a savepoint that is rolled back."""
    return render(request, "admin/plan_documents/plan_confirm.html",
                  _admin_context(request, _("确认导入规划"), summary=plan_import_summary(document),
                                 impact=plan_import_impact(document)))


@require_http_methods(["GET", "POST"])
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
def plan_workbook_confirm(request):
    document = request.session.get(IMPORT_SESSION_KEY)
    if document is None:
        messages.warning(request, _("没有待确认的导入，请先上传规划模板。"))
        return redirect("plan_documents:upload")
    try:
        if request.method == "GET":
            return _confirm_page(request, document)
        plan, changed, _impact = plan_import_document(document=document, user=request.user,
                                                      impact_token=request.POST.get("impact_token", ""))
    except ImpactChanged:
        # The document stays in the session: the page shows the impact as it is now.
        messages.error(request, _("预览之后数据已有变化（例如有报告刚被审核，或另一份规划已导入），未保存任何内容。"
                                  "请核对下面重新计算的影响后再确认。"))
        return redirect("plan_documents:confirm")
    except PlanDocumentError as error:
        # The catalogue or the regions changed since the upload: nothing was saved.
        del request.session[IMPORT_SESSION_KEY]
        messages.error(request, _("导入失败，未保存任何内容：%(errors)s") % {"errors": "；".join(error.errors)})
        return redirect("plan_documents:upload")
    del request.session[IMPORT_SESSION_KEY]
    message = _("已导入规划“%(plan)s”。") if changed else _("规划“%(plan)s”与上传内容相同，未作改动。")
    messages.success(request, message % {"plan": plan})
    return redirect("admin:plans_plan_change", plan.pk)
