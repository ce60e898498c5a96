"""JSON API: plans and the catalogue are public (主动公开); compliance needs a login and is scoped."""
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from indicators.models import Indicator
from plans.selectors import plan_document_queryset, plan_list
from regions.access import region_for_viewing

from .dashboard import compliance_matrix
from .views import plan_year_or_404


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value.normalize())


def _target_json(target) -> dict:
    return {"text": target.text, "comparator": target.comparator or None, "value": _number(target.value)}


@require_GET
def api_plan_list(request):
    return JsonResponse({"plans": [
        {"id": plan.pk, "region_code": plan.region.code, "region_name": plan.region.name, "title": plan.title or None,
         "doc_number": plan.doc_number or None, "issued_date": plan.issued_date_iso}
        for plan in plan_list()
    ]}, json_dumps_params={"ensure_ascii": False})


def plan_as_json(plan) -> dict:
    indicators = []
    for row in plan.indicator_rows.all():
        targets = {target.year: target for target in row.targets.all()}
        final = targets.get(plan.period_end)
        indicators.append({
            "seq": row.seq, "code": row.indicator.code, "printed_name": row.printed_name,
            "target_text": final.text if final else None,
            "comparator": (final.comparator or None) if final else None,
            "target_value": _number(final.value) if final else None,
            "unit": (final.unit if final and final.unit else row.indicator.unit),
            "nature": row.nature or None, "remark": row.remark or None,
            "yearly_targets": {str(year): _target_json(target) for year, target in sorted(targets.items())},
            "baselines": [{"region_code": b.region.code, "region_name": b.region.name, "year": b.year, "text": b.text,
                           "value": _number(b.value)} for b in row.baselines.all()],
        })
    return {
        "id": plan.pk, "region_code": plan.region.code, "region_name": plan.region.name, "title": plan.title or None,
        "issuer": plan.issuer or None, "doc_number": plan.doc_number or None, "issued_date": plan.issued_date_iso,
        "period_start": plan.period_start, "period_end": plan.period_end, "publication": plan.publication or None,
        "basis_documents": plan.basis_documents, "main_tasks": plan.main_tasks,
        "review_milestones": plan.review_milestones, "indicators": indicators,
        "key_actions": [
            {"seq": a.seq, "label": a.label, "name": a.name, "objective": a.objective or None,
             "principles": a.principles or None, "content": [item.text for item in a.items.all()],
             "expected_effect": a.expected_effect or None}
            for a in plan.key_actions.all()
        ],
    }


@require_GET
def api_plan_detail(request, pk: int):
    plan = get_object_or_404(plan_document_queryset(), pk=pk)
    return JsonResponse(plan_as_json(plan), json_dumps_params={"ensure_ascii": False})


@require_GET
def api_indicator_list(request):
    return JsonResponse({"indicators": [
        {"code": i.code, "name": i.name, "value_kind": i.value_kind, "unit": i.unit, "entry_level": i.entry_level,
         "rollup": i.rollup, "definition": i.definition, "numerator": i.numerator_label or None,
         "denominator": i.denominator_label or None, "higher_is_better": i.higher_is_better}
        for i in Indicator.objects.order_by("code")
    ]}, json_dumps_params={"ensure_ascii": False})


@login_required
@require_GET
def api_compliance(request, region_code: str, year: int):
    """Every catalogue indicator with a target or a value for the region and year (login, same scoping)."""
    region = region_for_viewing(request.user, region_code)
    matrix = compliance_matrix(region, plan_year_or_404(year))
    indicators = []
    for cell in matrix.own.cells:
        if cell.resolved is None and cell.value is None:
            continue
        target = cell.resolved.target if cell.resolved else None
        sums = cell.sums
        indicators.append({
            "code": cell.indicator.code,
            "printed_name": cell.resolved.row.printed_name if cell.resolved else cell.indicator.name,
            "value": _number(cell.value.quantize(Decimal("0.0001"))) if cell.value is not None else None,
            "numerator": _number(sums.numerator) if sums and sums.denominator else None,
            "denominator": _number(sums.denominator) if sums and sums.denominator else None,
            "target_text": target.text if target else None,
            "target_comparator": (target.comparator or None) if target else None,
            "target_value": _number(target.value) if target else None,
            "target_source": {"plan_id": cell.resolved.plan.pk, "region_code": cell.resolved.plan.region.code,
                              "seq": cell.resolved.row.seq} if cell.resolved else None,
            "status": cell.status, "explanation": cell.verdict.explanation,
            "reported_children": cell.reported, "expected_children": cell.expected,
        })
    return JsonResponse({"region_code": region.code, "year": year, "indicators": indicators},
                        json_dumps_params={"ensure_ascii": False})
