"""Writes for data entry: saving and submitting a region's yearly values.

Every write runs in one transaction together with its history records (django-simple-history).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.models import AuditEventType
from audit.services import audit_record
from indicators.display import field_text
from indicators.models import Indicator
from lifecycle.change_reasons import DRAFT_SAVED, SUBMITTED
from lifecycle.services import Change, SubmissionConflict, SubmissionLocked, claim_version, submit_fields
from plans.period import is_baseline_year
from regions.models import Region
from seasons.services import entry_window_check

from .entry_rules import CleanEntry
from .models import IndicatorValue, Submission

# Lazy: evaluated per request, in the user's language, not once at import.
FIELD_LABELS = {"numerator": gettext_lazy("分子"), "denominator": gettext_lazy("分母"), "value": gettext_lazy("数值"),
                "not_applicable": gettext_lazy("无法填报"),
                "not_applicable_reason": gettext_lazy("原因"), "note": gettext_lazy("说明")}

NOTHING_TO_ENTER = gettext_lazy("本地区本年度没有需要填报的指标（指标由地级和县级地区按适用规划填报），未保存任何数据。")


def _entry_fields(entry: CleanEntry) -> dict:
    return {"numerator": entry.numerator, "denominator": entry.denominator, "value": entry.value,
            "not_applicable": entry.not_applicable, "not_applicable_reason": entry.reason, "note": entry.note}


def _differences(existing: dict[str, IndicatorValue], entries: dict[str, CleanEntry]) -> list[Change]:
    kinds = dict(Indicator.objects.filter(code__in=list(entries)).values_list("code", "value_kind"))
    changes = []
    for code, entry in entries.items():
        stored = existing.get(code)
        for field, yours in _entry_fields(entry).items():
            theirs = getattr(stored, field) if stored else None
            if (theirs or None) != (yours or None):
                changes.append(Change(code, str(FIELD_LABELS[field]), field_text(field, theirs, kinds.get(code)),
                                      field_text(field, yours, kinds.get(code))))
    return changes


@transaction.atomic
def submission_save(*, region: Region, year: int, user: User, entries: dict[str, CleanEntry],
                    expected_version: int, submit: bool = False) -> Submission:
    """Save the entered values as the region's draft for ``year`` and, with ``submit``, submit it.

    Refused outside the region's reporting window (``seasons.services.EntryWindowClosed``).
    ``expected_version`` is the version the form was opened at (0 for a new submission); a save
    based on an older version raises ``SubmissionConflict`` listing what differs, and writes nothing.
    """
    if not entries:  # a town or a province enters no indicator (nor one without a plan): nothing to create
        raise ValidationError(NOTHING_TO_ENTER)
    if not is_baseline_year(year):  # the 2020 基线值 has no season: it is entered once, whenever the region has it
        entry_window_check(region=region, year=year)
    submission, created = Submission.objects.get_or_create(region=region, year=year, defaults={"updated_by": user})
    existing = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    if not submission.is_editable:
        raise SubmissionLocked()
    expected = 1 if created and expected_version == 0 else expected_version
    if not claim_version(submission, expected):
        raise SubmissionConflict(submission, _differences(existing, entries))

    indicators = Indicator.objects.in_bulk(list(entries), field_name="code")
    changed = []
    for code, entry in entries.items():
        stored = existing.get(code)
        if stored is None and entry.is_empty:
            continue
        stored = stored or IndicatorValue(submission=submission, indicator=indicators[code])
        fields = _entry_fields(entry)
        if stored.pk and all(getattr(stored, field) == value for field, value in fields.items()):
            continue
        for field, value in fields.items():
            setattr(stored, field, value)
        stored._history_user = user
        stored.full_clean()
        stored.save()
        changed.append(code)

    submission.updated_by = user
    if submit:
        missing = [code for code, entry in entries.items() if not entry.is_filled]
        if missing:
            raise ValidationError(_("以下指标尚未填写：%(codes)s") % {"codes": "、".join(missing)})
        submission.owed_codes = sorted(entries)  # every row it was asked for, each answered (reporting.obligations)
        submit_fields(submission, user)
    submission._history_user = user
    submission._change_reason = SUBMITTED if submit else DRAFT_SAVED  # stored in Chinese, shown translated
    submission.save()
    # Beside the model history (which keeps every value): who saved or submitted what, in the audit log.
    audit_record(event=AuditEventType.SUBMIT if submit else AuditEventType.VALUE_SAVE, user=user, obj=submission,
                 details={"version": submission.version, "changed": changed})
    return submission


