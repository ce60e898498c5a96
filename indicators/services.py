"""Writes to the indicator catalogue."""
from django.db import transaction

from .models import Indicator

CATALOGUE_FIELDS = ("name", "value_kind", "unit", "entry_level", "rollup", "definition", "numerator_label",
                    "denominator_label")


@transaction.atomic
def indicator_catalogue_load(*, entries: list[dict]) -> int:
    """Create or update catalogue entries by code; returns how many changed."""
    changed = 0
    existing = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for entry in entries:
        values = {field: entry.get(field) or "" for field in CATALOGUE_FIELDS}
        indicator = existing.get(entry["code"])
        if indicator and all(getattr(indicator, field) == values[field] for field in CATALOGUE_FIELDS):
            continue
        indicator = indicator or Indicator(code=entry["code"])
        for field, value in values.items():
            setattr(indicator, field, value)
        indicator.full_clean()
        indicator.save()
        changed += 1
    return changed
