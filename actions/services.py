"""Writes for key-action progress: same life cycle, versioning and history as indicator reports."""
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEventType
from audit.services import audit_record
from lifecycle.change_reasons import DRAFT_SAVED, SUBMITTED
from lifecycle.services import SubmissionConflict, SubmissionLocked, claim_version, submit_fields
from plans.governing import governing_plan_for
from regions.models import Region
from seasons.services import entry_window_check

from .documents import report_document
from .models import ActionMetric, ActionProgress, ActionReport, Evidence, ItemProgress, KeyAction, ProgressStatus
from .rules import ActionEntry, derived_status


def _save_history(instance, user: User) -> None:
    instance._history_user = user
    instance.full_clean()
    instance.save()


def _store_evidence(progress: ActionProgress, uploads, user: User, written: list[str]) -> None:
    """Write each file and record it; ``written`` collects the stored names so that a save that fails
    later removes them again (``action_report_save``)."""
    for name, data, sniffed in uploads:
        evidence = Evidence(progress=progress, original_name=name[:200], content_type=sniffed.content_type,
                            extension=sniffed.extension, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            uploaded_by=user)
        evidence.file.save("upload", ContentFile(data), save=False)
        written.append(evidence.file.name)
        evidence.save()
        audit_record(event=AuditEventType.EVIDENCE_UPLOAD, user=user, obj=evidence,
                     details={"report": progress.report_id, "size": evidence.size, "sha256": evidence.sha256,
                              "type": evidence.content_type})


def _delete_evidence(report: ActionReport, evidence_ids: list[int], user: User) -> None:
    doomed = list(Evidence.objects.filter(progress__report=report, pk__in=evidence_ids))
    for evidence in doomed:
        audit_record(event=AuditEventType.EVIDENCE_DELETE, user=user, obj=evidence,
                     details={"report": report.pk, "sha256": evidence.sha256})
        evidence.delete()
        # The file goes only once the deletion is committed: a rolled-back save keeps its files.
        transaction.on_commit(lambda stored=evidence.file: stored.delete(save=False))


def _follow_document(report: ActionReport, document, user: User) -> None:
    """A draft follows the document that governs now (``actions.documents``): the progress it held on
    the old document's key actions goes (kept in the model history; evidence files leave on commit)."""
    stale = list(report.actions.exclude(action__plan=document).prefetch_related("evidence"))
    _delete_evidence(report, [evidence.pk for progress in stale for evidence in progress.evidence.all()], user)
    for progress in stale:
        progress._history_user = user
        progress.delete()
    report.plan = document


def action_report_save(**arguments) -> ActionReport:
    """Save (and with ``submit``, submit) a region's key-action progress for ``year``.

    Refused outside the region's reporting window (``seasons.services.EntryWindowClosed``).
    A save based on an older version raises ``SubmissionConflict`` and writes nothing. Files follow
    the transaction: evidence written during a save that then fails (a conflict, a refused submit, a
    database error) is removed from disk again, and deleted evidence leaves the disk only on commit.
    Arguments as ``_action_report_save``.
    """
    written: list[str] = []
    try:
        return _action_report_save(written=written, **arguments)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


@transaction.atomic
def _action_report_save(*, region: Region, year: int, user: User, actions: list[KeyAction],
                        entries: dict[int, ActionEntry], uploads: dict[int, list], delete_evidence: list[int],
                        expected_version: int, written: list[str], submit: bool = False) -> ActionReport:
    entry_window_check(region=region, year=year)
    governing = governing_plan_for(region, year)
    report, created = ActionReport.objects.get_or_create(region=region, year=year,
                                                         defaults={"updated_by": user, "plan": governing})
    if not report.is_editable:
        raise SubmissionLocked()
    if not claim_version(report, 1 if created and expected_version == 0 else expected_version):
        raise SubmissionConflict(report, [])
    document = report_document(report, governing)
    if any(action.plan_id != (document.pk if document else None) for action in actions):
        # The page was opened before the document changed: nothing it posted is saved.
        raise ValidationError(_("本年度适用的规划已变更，请刷新页面后按新规划填写。"))
    if report.plan_id != (document.pk if document else None):
        _follow_document(report, document, user)

    existing = {p.action_id: p for p in report.actions.prefetch_related("items")}
    for action in actions:
        entry = entries[action.pk]
        progress = existing.get(action.pk) or ActionProgress(report=report, action=action)
        item_statuses = [item_entry.status for item_entry in entry.items.values()]
        progress.status = derived_status(item_statuses) if entry.items else entry.own.status
        progress.reason = entry.own.reason
        if entry.items and progress.status == ProgressStatus.NOT_APPLICABLE:
            # Every item is 不适用: the action is too, for the reasons its items give.
            progress.reason = "；".join(dict.fromkeys(e.reason for e in entry.items.values()))[:300]
        elif entry.items:
            progress.reason = ""
        progress.narrative = entry.own.text
        _save_history(progress, user)
        stored_items = {p.item_id: p for p in progress.items.all()}
        for item_id, item_entry in entry.items.items():
            item_progress = stored_items.get(item_id) or ItemProgress(progress=progress, item_id=item_id)
            item_progress.status, item_progress.reason, item_progress.description = (
                item_entry.status, item_entry.reason, item_entry.text)
            _save_history(item_progress, user)
        progress.metrics.all().delete()
        for metric in entry.metrics:
            _save_history(ActionMetric(progress=progress, label=metric.label, value=metric.value, unit=metric.unit), user)
        _store_evidence(progress, uploads.get(action.pk, []), user, written)
    _delete_evidence(report, delete_evidence, user)

    report.updated_by = user
    if submit:
        if any(not p.status for p in report.actions.all()) or report.actions.count() < len(actions):
            raise ValidationError(_("提交前请为每项行动及其每条内容选择状态。"))
        submit_fields(report, user)
    report._history_user = user
    report._change_reason = SUBMITTED if submit else DRAFT_SAVED  # stored in Chinese, shown translated
    report.save()
    return report
