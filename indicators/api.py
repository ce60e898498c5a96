"""Public JSON of the indicator catalogue."""
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .models import Indicator


@require_GET
def api_indicator_list(request):
    return JsonResponse({"indicators": [
        {"code": i.code, "name": i.name, "value_kind": i.value_kind, "unit": i.unit, "entry_level": i.entry_level,
         "rollup": i.rollup, "definition": i.definition, "numerator": i.numerator_label or None,
         "denominator": i.denominator_label or None, "higher_is_better": i.higher_is_better}
        for i in Indicator.objects.order_by("code")
    ]}, json_dumps_params={"ensure_ascii": False})
