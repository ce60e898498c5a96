"""Writes for data entry: saving and submitting a region's yearly values.

Every write runs in one transaction together with its history records (django-simple-history).
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from regions.audit import audit_record
from regions.models import AuditEventType, Region, User

from .entry_rules import CleanEntry, format_number
from .models import IndicatorValue, ReportLifecycle, Submission, SubmissionStatus

# Lazy: evaluated per request, in the user's language, not once at import.
FIELD_LABELS = {"numerator": gettext_lazy("分子"), "denominator": gettext_lazy("分母"), "value": gettext_lazy("数值"),
                "not_applicable": gettext_lazy("无法填报"),
                "not_applicable_reason": gettext_lazy("原因"), "note": gettext_lazy("说明")}


@dataclass(frozen=True)
class Change:
    code: str
    field: str
    theirs: str
    yours: str


class SubmissionConflict(Exception):
    """Somebody saved this submission after the form was opened; nothing was written."""

    def __init__(self, submission: Submission, changes: list[Change]):
        super().__init__("version conflict")
        self.submission = submission
        self.changes = changes


class SubmissionLocked(Exception):
    """The submission is submitted or approved: values cannot change until it is returned."""


def submit_fields(report: ReportLifecycle, user: User) -> None:
    report.status = SubmissionStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user


def _entry_fields(entry: CleanEntry) -> dict:
    return {"numerator": entry.numerator, "denominator": entry.denominator, "value": entry.value,
            "not_applicable": entry.not_applicable, "not_applicable_reason": entry.reason, "note": entry.note}


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return format_number(value) if not isinstance(value, str) else value


def _differences(existing: dict[str, IndicatorValue], entries: dict[str, CleanEntry]) -> list[Change]:
    changes = []
    for code, entry in entries.items():
        stored = existing.get(code)
        for field, yours in _entry_fields(entry).items():
            theirs = getattr(stored, field) if stored else None
            if (theirs or None) != (yours or None):
                changes.append(Change(code, str(FIELD_LABELS[field]), _display(theirs), _display(yours)))
    return changes


def claim_version(submission: ReportLifecycle, expected_version: int) -> bool:
    """Compare-and-swap on the version: atomic on SQLite and PostgreSQL alike."""
    claimed = type(submission).objects.filter(pk=submission.pk, version=expected_version).update(version=F("version") + 1)
    if claimed:
        submission.refresh_from_db()
    return bool(claimed)


@transaction.atomic
def submission_save(*, region: Region, year: int, user: User, entries: dict[str, CleanEntry],
                    expected_version: int, submit: bool = False) -> Submission:
    """Save the entered values as the region's draft for ``year`` and, with ``submit``, submit it.

    ``expected_version`` is the version the form was opened at (0 for a new submission); a save
    based on an older version raises ``SubmissionConflict`` listing what differs, and writes nothing.
    """
    submission, created = Submission.objects.get_or_create(region=region, year=year, defaults={"updated_by": user})
    existing = {value.indicator.code: value for value in submission.values.select_related("indicator")}
    if not submission.is_editable:
        raise SubmissionLocked()
    expected = 1 if created and expected_version == 0 else expected_version
    if not claim_version(submission, expected):
        raise SubmissionConflict(submission, _differences(existing, entries))

    indicators = Indicator.objects.in_bulk(list(entries), field_name="code")
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

    submission.updated_by = user
    if submit:
        missing = [code for code, entry in entries.items() if not entry.is_filled]
        if missing:
            raise ValidationError(_("以下指标尚未填写：%(codes)s") % {"codes": "、".join(missing)})
        submit_fields(submission, user)
    submission._history_user = user
    submission._change_reason = _("提交") if submit else _("保存草稿")
    submission.save()
    return submission


class InvalidTransition(Exception):
    """The submission is not in the state this action starts from (e.g. approving a draft)."""


def _transition(*, submission: ReportLifecycle, user: User, from_status: str, to_status: str, reason: str,
                expected_version: int | None = None, **fields) -> ReportLifecycle:
    """Move a report between states atomically: only one of two racing reviewers wins.

    With ``expected_version`` (the version the reviewer looked at) a report that changed since — returned
    by a colleague, edited and submitted again — is refused rather than approved unseen.
    """
    current = type(submission).objects.filter(pk=submission.pk, status=from_status)
    if expected_version is not None:
        current = current.filter(version=expected_version)
    moved = (current
             .update(status=to_status, version=F("version") + 1))
    if not moved:
        raise InvalidTransition(submission.status)
    submission.refresh_from_db()
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.updated_by = user
    submission._history_user = user
    submission._change_reason = reason
    submission.save()
    audit_record(event=AuditEventType.of_review(from_status, to_status), user=user, obj=submission, details={"reason": reason})
    return submission


@transaction.atomic
def submission_approve(*, submission: ReportLifecycle, reviewer: User,
                       expected_version: int | None = None) -> ReportLifecycle:
    """审核通过: locks the values; they now count as approved."""
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.SUBMITTED,
                       to_status=SubmissionStatus.APPROVED, reason=_("审核通过"), expected_version=expected_version,
                       reviewed_by=reviewer,
                       reviewed_at=timezone.now(), review_comment="")


@transaction.atomic
def submission_return(*, submission: ReportLifecycle, reviewer: User, comment: str,
                      expected_version: int | None = None) -> ReportLifecycle:
    """退回: the officer sees the comment beside the form and can edit again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("退回时必须填写退回意见。")})
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.SUBMITTED,
                       to_status=SubmissionStatus.RETURNED, reason=_("退回：%(comment)s") % {"comment": comment},
                       expected_version=expected_version,
                       reviewed_by=reviewer, reviewed_at=timezone.now(), review_comment=comment)


@transaction.atomic
def submission_withdraw_approval(*, submission: ReportLifecycle, reviewer: User, reason: str,
                                 expected_version: int | None = None) -> ReportLifecycle:
    """撤销审核: back to 已提交, awaiting review again; the reason stays in the history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("撤销审核时必须填写原因。")})
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.APPROVED,
                       to_status=SubmissionStatus.SUBMITTED, reason=_("撤销审核：%(reason)s") % {"reason": reason},
                       expected_version=expected_version,
                       reviewed_by=reviewer, reviewed_at=timezone.now(), review_comment=reason)
