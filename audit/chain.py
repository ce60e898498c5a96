"""The audit log's hash chain: how a record's hash is computed and where a chain breaks.

Pure functions (no database): ``regions.audit`` feeds them model instances, the tests plain objects.
hash = sha256(prev_hash + canonical JSON of the record's fields). Editing a record changes its hash;
deleting one leaves its successor pointing at a hash that no longer precedes it.
"""
import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

GENESIS_HASH = "0" * 64
HASHED_FIELDS = ("created_at", "user_id", "username", "ip", "event", "object_type", "object_id", "object_repr",
                 "outcome", "details")


class ChainRecord(Protocol):
    pk: int
    prev_hash: str
    hash: str


def json_normalised(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (tuples become lists, dates and decimals text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds")


def canonical_json(record: Any) -> str:
    """The record's hashed fields as one canonical JSON text: sorted keys, UTC microsecond timestamp."""
    fields = {name: getattr(record, name) for name in HASHED_FIELDS}
    fields["created_at"] = _timestamp(fields["created_at"])
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def record_hash(record: Any, prev_hash: str) -> str:
    return hashlib.sha256((prev_hash + canonical_json(record)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    record_id: int | None
    message: str


def first_break(records: Iterable[Any], *, prune_anchors: Mapping[str, int], head_hash: str | None
                ) -> tuple[int, ChainBreak | None]:
    """Walk ``records`` in id order; return how many were checked and the first break, if any.

    ``prune_anchors`` maps the hash of the last record removed by ``prune_audit_log`` to its id: the
    first remaining record may chain to such a hash instead of the genesis. ``head_hash`` is the newest
    hash the writers remember: a mismatch with the last record means the newest records were deleted.
    """
    checked, previous = 0, None
    for record in records:
        if previous is None:
            anchored = record.prev_hash == GENESIS_HASH or prune_anchors.get(record.prev_hash, record.pk) < record.pk
            if not anchored:
                return checked, ChainBreak(record.pk, _("记录 #%(id)s 之前的记录被删除（链起点不符）。") % {
                    "id": record.pk})
        elif record.prev_hash != previous.hash:
            return checked, ChainBreak(record.pk, _("记录 #%(before)s 与 #%(id)s 之间的记录被删除，或 #%(before)s 被改写"
                                                    "（前序哈希不符）。") % {"before": previous.pk, "id": record.pk})
        if record_hash(record, record.prev_hash) != record.hash:
            return checked, ChainBreak(record.pk, _("记录 #%(id)s 的内容被修改（哈希不符）。") % {"id": record.pk})
        checked, previous = checked + 1, record
    last_hash = previous.hash if previous else None
    if head_hash is not None and head_hash != GENESIS_HASH and head_hash != last_hash:
        last_id = previous.pk if previous else None
        return checked, ChainBreak(last_id, _("最后一条记录（#%(id)s）之后的记录被删除（与链头哈希不符）。") % {
            "id": last_id})
    return checked, None


def head_signature(key: str, last_id: int | None, last_hash: str) -> str:
    """HMAC-SHA256 of the chain head under a key kept outside the database (``AUDIT_HMAC_KEY``).

    Whoever can write the database can rewrite records and recompute every hash and the head; without
    the key he cannot produce the head's signature, so ``verify_audit_log`` sees the rewrite.
    """
    message = f"{last_id or 0}:{last_hash}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
