"""JSON compliance API: needs a login and is scoped like the pages (``accounts.access``)."""
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from accounts.access import region_for_viewing
from audit.models import AuditEventType
from audit.services import audit_record
from indicators.display import json_number
from plans.period import plan_year_or_404

from .compliance import Status
from .dashboard import compliance_matrix


def _cell_json(cell) -> dict:
    """One indicator of the compliance API: value, sums, the target as printed and as read, the verdict."""
    target = cell.resolved.target if cell.resolved else None
    sums = cell.sums
    return {
        "code": cell.indicator.code,
        "printed_name": cell.resolved.row.printed_name if cell.resolved else cell.indicator.name,
        "value": json_number(cell.value.quantize(Decimal("0.0001"))) if cell.value is not None else None,
        "numerator": json_number(sums.numerator) if sums and sums.denominator else None,
        "denominator": json_number(sums.denominator) if sums and sums.denominator else None,
        "target_text": target.text if target else None,
        "target_comparator": (target.comparator or None) if target else None,
        "target_value": json_number(target.value) if target else None,
        "target_relative": (target.relative or None) if target else None,
        "target_reading": target.reading if target else None,
        "target_reading_note": (target.reading_note or None) if target else None,
        "no_comparison_reason": (cell.resolved.row.no_comparison_reason or None) if cell.resolved else None,
        "target_source": {"plan_id": cell.resolved.plan.pk, "region_code": cell.resolved.plan.region.code,
                          "seq": cell.resolved.row.seq} if cell.resolved else None,
        "status": cell.status, "explanation": cell.verdict.explanation,
        "reported_children": cell.reported, "expected_children": cell.expected,
    }


@login_required
@require_GET
def api_compliance(request, region_code: str, year: int):
    """Every catalogue indicator with a target or a value for the region and year, or that no loaded plan
    governs there (``no_plan``) — login, same scoping."""
    region = region_for_viewing(request.user, region_code)
    matrix = compliance_matrix(region, plan_year_or_404(year))
    indicators = [_cell_json(cell) for cell in matrix.own.cells
                  # an indicator of another region's plan is left out; "no plan applies here" is said
                  if cell.resolved is not None or cell.value is not None or cell.status == Status.NO_PLAN]
    audit_record(event=AuditEventType.API_READ, user=request.user, obj=region,
                 details={"api": "compliance", "year": year})
    return JsonResponse({"region_code": region.code, "year": year, "indicators": indicators},
                        json_dumps_params={"ensure_ascii": False})
