"""The evaluation report as a document: the draft page with its per-section editor, and the Word file."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import can_write_evaluation, region_for_evaluation_writing, region_for_viewing
from plans.period import PLAN_YEARS, plan_year_or_404
from regions.selectors import region_breadcrumbs

from .evaluation_docx import evaluation_docx_response
from .evaluation_draft import action_table_rows, evaluation_draft, indicator_table_rows
from .evaluation_forms import SectionRegenerateForm, SectionTextForm
from .evaluation_services import SectionConflict, evaluation_section_regenerate, evaluation_section_save
from .selectors import evaluation_section_history

CONFLICT = 409


def _draft_page(request, region, year: int, *, failed: SectionTextForm | None = None, status: int = 200):
    """The draft page; ``failed`` is a posted section form shown again with its errors and the author's text."""
    draft = evaluation_draft(region, year)
    forms = {section.key: SectionTextForm(initial={"key": section.key, "version": section.version,
                                                   "text": section.text}) for section in draft.sections}
    if failed is not None and failed.data.get("key") in forms:
        forms[failed.data["key"]] = failed
    elif failed is not None:  # no section to show it under: say it at the top of the page
        messages.error(request, " ".join(error for errors in failed.errors.values() for error in errors))
    history = evaluation_section_history(region, year)
    return render(request, "dashboard/report_draft.html", {
        "region": region, "year": year, "years": PLAN_YEARS, "draft": draft, "report": draft.report,
        "sections": [(section, forms[section.key], history.get(section.key, [])) for section in draft.sections],
        "indicator_table": indicator_table_rows(draft),
        "action_tables": [(entry, *action_table_rows(entry)) for entry in draft.report.actions],
        "can_write": can_write_evaluation(request.user, region), "breadcrumbs": region_breadcrumbs(region),
    }, status=status)


@login_required
@require_GET
def draft(request, region_code: str, year: int):
    return _draft_page(request, region_for_viewing(request.user, region_code), plan_year_or_404(year))


@login_required
@require_POST
def section_save(request, region_code: str, year: int):
    region, year = region_for_evaluation_writing(request.user, region_code), plan_year_or_404(year)
    form = SectionTextForm(request.POST)
    if not form.is_valid():
        return _draft_page(request, region, year, failed=form, status=400)
    try:
        evaluation_section_save(region=region, year=year, key=form.cleaned_data["key"], text=form.cleaned_data["text"],
                                expected_version=form.cleaned_data["version"], user=request.user)
    except ValidationError as error:
        form.add_error("text", error)
        return _draft_page(request, region, year, failed=form, status=400)
    except SectionConflict:
        form.add_error(None, _("保存失败：该章节已被他人修改。下方保留了您的文字，请复制后刷新页面再合并。"))
        return _draft_page(request, region, year, failed=form, status=CONFLICT)
    messages.success(request, _("章节已保存。"))
    anchor = f"#section-{form.cleaned_data['key']}"
    return redirect(reverse("dashboard:report_draft", args=[region.code, year]) + anchor)


@login_required
@require_POST
def section_regenerate(request, region_code: str, year: int):
    region, year = region_for_evaluation_writing(request.user, region_code), plan_year_or_404(year)
    form = SectionRegenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("dashboard:report_draft", region_code=region.code, year=year)
    try:
        evaluation_section_regenerate(region=region, year=year, key=form.cleaned_data["key"],
                                      expected_version=form.cleaned_data["version"], user=request.user)
    except SectionConflict:
        messages.error(request, _("未重新生成：该章节已被他人修改，请查看最新内容后再操作。"))
    else:
        messages.success(request, _("已按最新数据重新生成该章节，其他章节不受影响。"))
    return redirect("dashboard:report_draft", region_code=region.code, year=year)


@login_required
@require_GET
def report_docx(request, region_code: str, year: int):
    region = region_for_viewing(request.user, region_code)
    return evaluation_docx_response(request, evaluation_draft(region, plan_year_or_404(year)))
