"""The audit log (安全审计): appending records, verifying the chain, pruning.

``audit_record`` is the only writer. Call it inside the transaction of the change it records, so the
record and the change commit or roll back together. The client's IP comes from the current request
(``audit.middleware.AuditContextMiddleware``), so services need not pass the request around.
"""
import datetime
import hmac
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import GENESIS_HASH, ChainBreak, first_break, head_signature, json_normalised, record_hash
from .models import AuditChainHead, AuditEvent, AuditEventType, AuditOutcome

HEAD_PK = 1
VERIFY_CHUNK = 2000
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)


def client_ip(request: HttpRequest | None) -> str:
    """The client address as django-axes sees it (the same address as in its lockout records)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return (get_client_ip_address(request) or "")[:45]


def _object_fields(obj) -> dict:
    if obj is None:
        return {}
    return {"object_type": obj._meta.label_lower, "object_id": str(obj.pk)[:64], "object_repr": str(obj)[:200]}


def _lock_head() -> AuditChainHead:
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_PK, defaults={"last_hash": GENESIS_HASH})
    return head


@transaction.atomic
def audit_record(*, event: str, user=None, username: str = "", obj=None, outcome: str = AuditOutcome.SUCCESS,
                 details: dict | None = None, request: HttpRequest | None = None) -> AuditEvent:
    """Append one record to the audit log, chained to the previous one.

    ``user`` is the acting user (an anonymous user counts as none; then ``username`` names who tried),
    ``obj`` the model instance acted on. Writers are serialised on the chain head row; on SQLite the
    database serialises writers anyway.
    """
    request = request or current_request.get()
    if not getattr(user, "is_authenticated", False):
        user = None
    head = _lock_head()
    record = AuditEvent(
        created_at=timezone.now(), user=user, username=(user.get_username() if user else username or "")[:150],
        ip=client_ip(request), event=event, outcome=outcome, details=json_normalised(details or {}),
        prev_hash=head.last_hash, **_object_fields(obj),
    )
    record.hash = record_hash(record, record.prev_hash)
    record.save()
    head.last_id, head.last_hash = record.pk, record.hash
    head.signature = head_signature(settings.AUDIT_HMAC_KEY, head.last_id, head.last_hash)
    head.save(update_fields=["last_id", "last_hash", "signature"])
    return record


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken: ChainBreak | None
    head_id: int | None
    head_hash: str
    head_signature: str = ""


def _prune_anchors() -> dict[str, int]:
    anchors = {}
    for details in AuditEvent.objects.filter(event=AuditEventType.AUDIT_PRUNE).values_list("details", flat=True):
        if isinstance(details, dict) and details.get("last_deleted_hash"):
            anchors[details["last_deleted_hash"]] = int(details.get("last_deleted_id") or 0)
    return anchors


def audit_chain_verify() -> ChainReport:
    """Recompute every hash in id order and report the first edited or deleted record."""
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    records = AuditEvent.objects.order_by("id").iterator(chunk_size=VERIFY_CHUNK)
    checked, broken = first_break(records, prune_anchors=_prune_anchors(), head_hash=head.last_hash if head else None)
    if broken is None and head is not None and not hmac.compare_digest(
            head.signature, head_signature(settings.AUDIT_HMAC_KEY, head.last_id, head.last_hash)):
        broken = ChainBreak(head.last_id, _("链头签名与密钥不符：审计日志可能被整体重新计算过（或 AUDIT_HMAC_KEY 被更换）。"))
    return ChainReport(checked, broken, head.last_id if head else None, head.last_hash if head else GENESIS_HASH,
                       head.signature if head else "")


def retention_limit(now: datetime.datetime | None = None) -> datetime.datetime:
    """Records younger than this are kept whatever anybody asks (等保: at least 180 days)."""
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


@transaction.atomic
def audit_prune(*, before: datetime.datetime, user=None) -> int:
    """Delete the records older than ``before``; refuses any ``before`` inside the retention period.

    The prune itself is recorded first, naming the last deleted record's id and hash, so that
    ``verify_audit_log`` accepts the new start of the chain (and nothing else). Returns the count.
    """
    if before > retention_limit():
        raise ValidationError(_("只能清理 %(days)s 天以前的审计记录（%(date)s 之前）。") % {
            "days": settings.AUDIT_RETENTION_DAYS, "date": timezone.localdate(retention_limit()).isoformat()})
    _lock_head()
    doomed = AuditEvent.objects.filter(created_at__lt=min(before, retention_limit()))
    last = doomed.order_by("-id").values("id", "hash").first()
    if last is None:
        return 0
    doomed = doomed.filter(id__lte=last["id"])
    count = doomed.count()
    audit_record(event=AuditEventType.AUDIT_PRUNE, user=user, details={
        "before": before.isoformat(), "deleted": count, "last_deleted_id": last["id"],
        "last_deleted_hash": last["hash"]})
    # The one deletion path for audit records: the queryset's own delete() refuses.
    models.QuerySet.delete(doomed)
    return count
