import dataclasses

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plumbing.xlsx import xlsx_bytes_response

from .access import audit_log_for_export, audit_log_for_reading, can_export_audit_log
from .export import audit_workbook
from .forms import AuditFilterForm
from .models import AuditEventType
from .selectors import audit_events_search
from .services import audit_record


@login_required
@require_GET
def audit_index(request):
    audit_log_for_reading(request.user)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(audit_events_search(form.filters()), settings.AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/index.html", {
        "form": form, "page": page, "can_export": can_export_audit_log(request.user)})


@login_required
@require_GET
def audit_export(request):
    """The filtered audit log as xlsx; the export is itself recorded in the log."""
    audit_log_for_export(request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():  # the page shows why; never export "everything" instead
        return redirect(f"{reverse('audit:index')}?{request.GET.urlencode()}")
    filters = form.filters()
    content, rows = audit_workbook(audit_events_search(filters).iterator(chunk_size=2000))
    filename = _("审计日志_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    audit_record(event=AuditEventType.EXPORT, user=request.user,
                 details={"file": filename, "rows": rows, "filters": dataclasses.asdict(filters)})
    return xlsx_bytes_response(content, filename)
