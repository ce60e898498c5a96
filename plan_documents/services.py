"""Writes of plan documents from the admin: importing an uploaded plan, audited in its transaction."""
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEventType
from audit.services import audit_record
from indicators.targets import reading_text
from plans.models import Plan
from regions.models import Region

from .documents import read_row_target
from .impact import PlanImpact, measured_import


def plan_import_summary(document: dict) -> dict:
    """What the confirmation page shows about a validated document before it is saved."""
    indicators = document["indicators"]
    return {
        "region": Region.objects.filter(code=document["region_code"]).first(),
        "title": document["title"],
        "period": f"{document['period_start']}—{document['period_end']}",
        "indicator_count": len(indicators),
        "target_count": sum(1 + len(row["yearly_targets"]) for row in indicators),
        "baseline_count": sum(len(row["baselines"]) for row in indicators),
        "action_count": len(document["key_actions"]),
        "action_item_count": sum(len(action["content"]) for action in document["key_actions"]),
        "existing_plan": Plan.objects.filter(region__code=document["region_code"],
                                             period_start=document["period_start"]).select_related("region").first(),
        "applies_from": document.get("applies_from") or document["period_start"],
        "targets": parsed_targets(document),
    }


def parsed_targets(document: dict) -> list[dict]:
    """Every target of a validated document, the printed text beside what the grammar read, so that the
    admin confirms knowingly (a 不作比较 row shows its reason instead of a reading)."""
    lines = []
    for row in document["indicators"]:
        # Years arrive as strings from the session (JSON): compare them as numbers.
        targets = {int(year): text for year, text in row["yearly_targets"].items()} | {2025: row["target_2025"]}
        for year, text in sorted(targets.items()):
            parsed = read_row_target(text, row["no_comparison_reason"])
            lines.append({"seq": row["seq"], "code": row["code"], "printed_name": row["printed_name"], "year": year,
                          "text": text, "reading": reading_text(parsed.comparator, parsed.value, parsed.unit,
                                                                parsed.relative),
                          "note": parsed.note, "no_comparison_reason": row["no_comparison_reason"]})
    return lines


class ImpactChanged(Exception):
    """The impact measured when confirming is not the one the admin was shown: nothing was saved."""


@transaction.atomic
def plan_import_document(*, document: dict, user, impact_token: str) -> tuple[Plan, bool, PlanImpact]:
    """Save an uploaded plan, exactly as previewed: the impact is measured again in this transaction and
    must match ``impact_token`` (the preview's), else ``ImpactChanged`` rolls everything back (a report
    approved meanwhile, another plan imported). The admin history and the audit record, with the
    confirmed impact's summary, are written in the same transaction."""
    existed = Plan.objects.filter(region__code=document["region_code"], period_start=document["period_start"]).exists()
    plan, changed, impact = measured_import(document)
    if impact.token != impact_token:
        raise ImpactChanged
    if changed:
        LogEntry.objects.log_actions(
            user.pk, [plan], CHANGE if existed else ADDITION,
            change_message=_("由 Excel 规划模板导入"), single_object=True,
        )
    audit_record(event=AuditEventType.IMPORT, user=user, obj=plan,
                 details={"kind": "plan_excel", "changed": changed, "impact": impact.audit_summary()})
    return plan, changed, impact
