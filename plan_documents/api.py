"""Public JSON of plan documents (主动公开): the list, and one plan as printed."""
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from indicators.display import json_number
from plans.selectors import plan_list

from .selectors import plan_document_queryset


def _target_json(target) -> dict:
    return {"text": target.text, "comparator": target.comparator or None, "value": json_number(target.value),
            "relative": target.relative or None, "reading": target.reading, "reading_note": target.reading_note or None}


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
            "target_value": json_number(final.value) if final else None,
            "target_relative": (final.relative or None) if final else None,
            "target_reading": final.reading if final else None,
            "target_reading_note": (final.reading_note or None) if final else None,
            "no_comparison_reason": row.no_comparison_reason or None,
            "unit": (final.unit if final and final.unit else row.indicator.unit),
            "nature": row.nature or None, "remark": row.remark or None,
            "yearly_targets": {str(year): _target_json(target) for year, target in sorted(targets.items())},
            "baselines": [{"region_code": b.region.code, "region_name": b.region.name, "year": b.year, "text": b.text,
                           "value": json_number(b.value)} for b in row.baselines.all()],
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


