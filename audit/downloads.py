"""Downloads that leave a trace: every export of region data is recorded in the audit log (等保 level 3)."""
from django.http import HttpResponse
from openpyxl import Workbook

from plumbing.xlsx import xlsx_response

from .models import AuditEventType
from .services import audit_record


def region_export_response(request, workbook: Workbook, *, region, year: int, label: str) -> HttpResponse:
    """A region's yearly export: recorded in the audit log, then sent as "<code>_<year>_<label>.xlsx"."""
    audit_record(event=AuditEventType.EXPORT, user=request.user, obj=region, details={"file": label, "year": year})
    return xlsx_response(workbook, f"{region.code}_{year}_{label}.xlsx")
