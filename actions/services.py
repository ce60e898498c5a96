"""Writes for key-action progress: same life cycle, versioning and history as indicator reports."""
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from lifecycle.change_reasons import DRAFT_SAVED, SUBMITTED
from lifecycle.services import SubmissionConflict, SubmissionLocked, claim_version, submit_fields
from regions.models import Region

from .models import ActionMetric, ActionProgress, ActionReport, Evidence, ItemProgress, KeyAction, ProgressStatus
from .rules import ActionEntry, derived_status


def _save_history(instance, user: User) -> None:
    instance._history_user = user
    instance.full_clean()
    instance.save()


def _store_evidence(progress: ActionProgress, uploads, user: User) -> None:
    for name, data, sniffed in uploads:
        evidence = Evidence(progress=progress, original_name=name, content_type=sniffed.content_type,
                            extension=sniffed.extension, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                            uploaded_by=user)
        evidence.file.save("upload", ContentFile(data), save=False)
        evidence.save()


def _delete_evidence(report: ActionReport, evidence_ids: list[int]) -> None:
    doomed = list(Evidence.objects.filter(progress__report=report, pk__in=evidence_ids))
    for evidence in doomed:
        evidence.delete()
        # The file goes only once the deletion is committed: a rolled-back save keeps its files.
        transaction.on_commit(lambda stored=evidence.file: stored.delete(save=False))


@transaction.atomic
def action_report_save(*, region: Region, year: int, user: User, actions: list[KeyAction],
                       entries: dict[int, ActionEntry], uploads: dict[int, list], delete_evidence: list[int],
                       expected_version: int, submit: bool = False) -> ActionReport:
    """Save (and with ``submit``, submit) a region's key-action progress for ``year``.

    A save based on an older version raises ``SubmissionConflict`` and writes nothing; files are
    written only inside the transaction that records them (a failed save leaves no database rows).
    """
    report, created = ActionReport.objects.get_or_create(region=region, year=year, defaults={"updated_by": user})
    if not report.is_editable:
        raise SubmissionLocked()
    if not claim_version(report, 1 if created and expected_version == 0 else expected_version):
        raise SubmissionConflict(report, [])

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
        _store_evidence(progress, uploads.get(action.pk, []), user)
    _delete_evidence(report, delete_evidence)

    report.updated_by = user
    if submit:
        if any(not p.status for p in report.actions.all()) or report.actions.count() < len(actions):
            raise ValidationError(_("提交前请为每项行动及其每条内容选择状态。"))
        submit_fields(report, user)
    report._history_user = user
    report._change_reason = SUBMITTED if submit else DRAFT_SAVED  # stored in Chinese, shown translated
    report.save()
    return report
