"""Writes every yearly report shares: compare-and-swap on the version, submitting, and the review
transitions (approve / return / withdraw), each atomic and audited in the same transaction.

Indicator submissions (``reporting.services``) and key-action reports (``actions.services``) call these;
the transitions take any ``ReportLifecycle`` subclass.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEventType
from audit.services import audit_record

from .change_reasons import APPROVED, approval_withdrawn_note, returned_note
from .models import ReportLifecycle, SubmissionStatus


@dataclass(frozen=True)
class Change:
    code: str
    field: str
    theirs: str
    yours: str


class SubmissionConflict(Exception):
    """Somebody saved this submission after the form was opened; nothing was written."""

    def __init__(self, submission: ReportLifecycle, changes: list[Change]):
        super().__init__("version conflict")
        self.submission = submission
        self.changes = changes


class SubmissionLocked(Exception):
    """The submission is submitted or approved: values cannot change until it is returned."""


def submit_fields(report: ReportLifecycle, user) -> None:
    report.status = SubmissionStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user


def claim_version(submission: ReportLifecycle, expected_version: int) -> bool:
    """Compare-and-swap on the version: atomic on SQLite and PostgreSQL alike."""
    claimed = type(submission).objects.filter(pk=submission.pk, version=expected_version).update(version=F("version") + 1)
    if claimed:
        submission.refresh_from_db()
    return bool(claimed)


class InvalidTransition(Exception):
    """The submission is not in the state this action starts from (e.g. approving a draft)."""


def _transition(*, submission: ReportLifecycle, user, from_status: str, to_status: str, reason: str,
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
def submission_approve(*, submission: ReportLifecycle, reviewer,
                       expected_version: int | None = None) -> ReportLifecycle:
    """审核通过: locks the values; they now count as approved."""
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.SUBMITTED,
                       to_status=SubmissionStatus.APPROVED, reason=APPROVED, expected_version=expected_version,
                       reviewed_by=reviewer,
                       reviewed_at=timezone.now(), review_comment="")


@transaction.atomic
def submission_return(*, submission: ReportLifecycle, reviewer, comment: str,
                      expected_version: int | None = None) -> ReportLifecycle:
    """退回: the officer sees the comment beside the form and can edit again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("退回时必须填写退回意见。")})
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.SUBMITTED,
                       to_status=SubmissionStatus.RETURNED, reason=returned_note(comment),
                       expected_version=expected_version,
                       reviewed_by=reviewer, reviewed_at=timezone.now(), review_comment=comment)


@transaction.atomic
def submission_withdraw_approval(*, submission: ReportLifecycle, reviewer, reason: str,
                                 expected_version: int | None = None) -> ReportLifecycle:
    """撤销审核: back to 已提交, awaiting review again; the reason stays in the history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("撤销审核时必须填写原因。")})
    return _transition(submission=submission, user=reviewer, from_status=SubmissionStatus.APPROVED,
                       to_status=SubmissionStatus.SUBMITTED, reason=approval_withdrawn_note(reason),
                       expected_version=expected_version,
                       reviewed_by=reviewer, reviewed_at=timezone.now(), review_comment=reason)
