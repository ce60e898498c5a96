"""Stored targets were read by the old grammar: "达到85%以上" was kept as "other measure" and never compared.

Read every stored text again with today's grammar. A target it still cannot read is not dropped
silently: its row gets a 不作比较 reason, shown on every page, until the admin reloads the plan.
"""
from django.db import migrations

UNREADABLE_REASON = "升级时按新规则仍无法识别的目标，请核对后重新导入规划"


def reread(apps, schema_editor):
    # The grammar is imported (not copied) on purpose: the point is to store what today's rule reads.
    from indicators.targets import TargetParseError, parse_baseline, parse_target

    for model_name, parse in (("Target", parse_target), ("Baseline", parse_baseline)):
        model = apps.get_model("indicators", model_name)
        changed = []
        for fact in model.objects.order_by("pk"):
            try:
                parsed = parse(fact.text)
            except TargetParseError:
                fact.comparator, fact.value, fact.unit, fact.other_measure = "", None, "", True
                fact.relative, fact.reading_note = "", ""
                if model_name == "Target":
                    row = fact.row
                    row.no_comparison_reason = row.no_comparison_reason or UNREADABLE_REASON
                    row.save(update_fields=["no_comparison_reason"])
            else:
                fact.comparator, fact.value, fact.unit = parsed.comparator, parsed.value, parsed.unit
                fact.other_measure, fact.relative, fact.reading_note = parsed.other_measure, parsed.relative, parsed.note
            changed.append(fact)
        model.objects.bulk_update(changed, ["comparator", "value", "unit", "other_measure", "relative", "reading_note"],
                                  batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_target_readings_relative_and_no_comparison")]
    operations = [migrations.RunPython(reread, migrations.RunPython.noop)]
