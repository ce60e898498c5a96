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

from accounts.models import Role, User
from audit.models import AuditEventType
from audit.services import audit_record
from notifications.models import NotificationKind
from notifications.services import notify
from regions.models import RegionLevel

from .change_reasons import (
    APPROVED,
    CITY_APPROVED,
    PROVINCE_CONFIRMED,
    approval_withdrawn_note,
    returned_note,
    with_comment,
)
from .levels import may_decide, status_after_approval
from .models import ReportLifecycle, SubmissionStatus
from .selectors import province_confirms


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


def _describe(report: ReportLifecycle) -> str:
    return _("%(region)s %(year)s 年度%(kind)s") % {"region": report.region.full_name, "year": report.year,
                                                   "kind": report.kind_label}


def reviewers_of(report: ReportLifecycle):
    """Who reviews a report: the reviewers of the region directly above it (a city for its counties)."""
    return User.objects.filter(role=Role.REVIEWER, region_id=report.region.parent_id, is_active=True)


def province_reviewers_of(report: ReportLifecycle):
    return User.objects.filter(role=Role.REVIEWER, region__code__in=report.region.path_codes,
                               region__level=RegionLevel.PROVINCE, is_active=True)


def officers_of(report: ReportLifecycle):
    return User.objects.filter(role=Role.OFFICER, region_id=report.region_id, is_active=True)


def submit_fields(report: ReportLifecycle, user) -> None:
    """Mark ``report`` submitted by ``user`` (the caller saves it in its transaction) and tell its reviewers.
    A resubmission after a return starts a new review: the last review's time, reviewer and 退回意见 — the
    city's decision under 省级复核 too — are cleared (they stay in the report's history), so completeness,
    the evaluation report and the entry page do not show an old verdict on the new version."""
    report.status = SubmissionStatus.SUBMITTED
    report.submitted_at, report.submitted_by = timezone.now(), user
    report.reviewed_at, report.reviewed_by, report.review_comment = None, None, ""
    report.city_reviewed_at, report.city_reviewed_by, report.city_comment = None, None, ""
    notify(users=reviewers_of(report), kind=NotificationKind.AWAITING, link=report.page_url(),
           message=_("%(report)s 已提交，等待您审核。") % {"report": _describe(report)})


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
    _notify_officers(submission, to_status)
    return submission


def _notify_officers(report: ReportLifecycle, to_status: str) -> None:
    """The region's officers hear when their report is approved or returned (with the comment)."""
    if to_status == SubmissionStatus.APPROVED:
        kind, message = NotificationKind.APPROVED, _("%(report)s 已审核通过。") % {"report": _describe(report)}
    elif to_status == SubmissionStatus.CITY_APPROVED:
        kind, message = NotificationKind.APPROVED, _("%(report)s 市级已审核，待省级复核。") % {"report": _describe(report)}
    elif to_status == SubmissionStatus.RETURNED:
        kind, message = NotificationKind.RETURNED, _("%(report)s 已被退回：%(comment)s") % {
            "report": _describe(report), "comment": report.review_comment}
    else:
        return
    notify(users=officers_of(report), kind=kind, message=message, link=report.page_url())


def _levels(report: ReportLifecycle, reviewer) -> dict:
    """The facts ``lifecycle.levels`` decides on (two queries: the province setting, the report's parent)."""
    reviewer_region = getattr(reviewer, "region", None)  # None: a system action (the demo, an import)
    return {"province_confirms": province_confirms(report.region),
            "reviewer_is_province": reviewer_region is not None and reviewer_region.level == RegionLevel.PROVINCE,
            "report_parent_is_province": report.region.parent is not None
            and report.region.parent.level == RegionLevel.PROVINCE}


def _decidable_levels(report: ReportLifecycle, reviewer) -> dict:
    """The level facts, when this reviewer may decide the report in its current state; else refused."""
    levels = _levels(report, reviewer)
    if not may_decide(status=report.status, **levels):
        raise InvalidTransition(report.status)
    return levels


@transaction.atomic
def submission_approve(*, submission: ReportLifecycle, reviewer, comment: str = "",
                       expected_version: int | None = None) -> ReportLifecycle:
    """审核通过 at the reviewer's level: final (locks the values as approved), or — where the province
    confirms — 市级已审核, waiting for the province (``lifecycle.levels``)."""
    levels, comment, now = _decidable_levels(submission, reviewer), comment.strip(), timezone.now()
    to_status = status_after_approval(status=submission.status, province_confirms=levels["province_confirms"],
                                      reviewer_is_province=levels["reviewer_is_province"])
    fields = {"reviewed_by": reviewer, "reviewed_at": now, "review_comment": comment}
    if to_status == SubmissionStatus.CITY_APPROVED:
        fields.update(city_reviewed_by=reviewer, city_reviewed_at=now, city_comment=comment)
    # Stored in the source language and translated when shown (lifecycle.change_reasons).
    reason = CITY_APPROVED if to_status == SubmissionStatus.CITY_APPROVED else (
        PROVINCE_CONFIRMED if submission.status == SubmissionStatus.CITY_APPROVED else APPROVED)
    approved = _transition(submission=submission, user=reviewer, from_status=submission.status, to_status=to_status,
                           reason=with_comment(reason, comment),
                           expected_version=expected_version, **fields)
    if to_status == SubmissionStatus.CITY_APPROVED:
        notify(users=province_reviewers_of(approved), kind=NotificationKind.AWAITING, link=approved.page_url(),
               message=_("%(report)s 市级已审核，等待您省级复核。") % {"report": _describe(approved)})
    return approved


@transaction.atomic
def submission_return(*, submission: ReportLifecycle, reviewer, comment: str,
                      expected_version: int | None = None) -> ReportLifecycle:
    """退回 at the reviewer's level: back to the county, which sees this comment beside the form (and, after
    a province return, the city's comment too) and can edit again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("退回时必须填写退回意见。")})
    _decidable_levels(submission, reviewer)
    return _transition(submission=submission, user=reviewer, from_status=submission.status,
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
