"""三员分立 with four eyes: a change to an administrator account is proposed by a 安全管理员 and applied
only when another administrator confirms it. Both steps are written to the audit log in the same
transaction as the change.

The rules of who may propose and who may decide are ``roles.may_propose_admin_change`` and
``roles.may_decide_admin_change``; the 系统管理员 manages only officers and reviewers
(``roles.system_admin_manages``).
"""
import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEventType
from audit.services import audit_record

from .models import AdminAccountChange, AdminChangeKind, AdminChangeStatus, User
from .roles import ADMIN_ROLES, is_admin_role, may_decide_admin_change, may_propose_admin_change

# A password reset by four eyes must be changed at the next login: it counts as set long ago.
EXPIRED_PASSWORD_AT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _details(change: AdminAccountChange) -> dict:
    return {"request": change.pk, "kind": change.kind, "target": change.target.username, "role": change.role}


@transaction.atomic
def admin_change_propose(*, actor: User, target: User, kind: str, role: str = "",
                         temporary_password: str = "") -> AdminAccountChange:
    """A 安全管理员 proposes a change to an administrator account (or grants an admin role to any account).

    Raises ``PermissionDenied`` for anyone else or about oneself, ``ValidationError`` for a change that
    makes no sense (a role that is not an admin role, a weak temporary password, a non-admin target).
    """
    if not (actor.is_active and may_propose_admin_change(actor.role, on_self=actor.pk == target.pk)):
        raise PermissionDenied(_("只有安全管理员可以提出管理员账号变更，且不能针对自己的账号。"))
    if kind not in AdminChangeKind.values:
        raise ValidationError(_("未知的变更类型。"))
    if kind == AdminChangeKind.GRANT_ROLE:
        if role not in ADMIN_ROLES:
            raise ValidationError({"role": _("请选择系统管理员、安全管理员或审计管理员。")})
        if target.role == role and target.is_active:
            raise ValidationError({"role": _("该账号已是此角色。")})
    elif not is_admin_role(target.role):
        raise ValidationError(_("填报员和审核员的账号由系统管理员或安全管理员直接处理，无需双人审批。"))
    password_hash = ""
    if kind == AdminChangeKind.RESET_PASSWORD:
        validate_password(temporary_password, user=target)
        password_hash = make_password(temporary_password)
    if AdminAccountChange.objects.filter(target=target, status=AdminChangeStatus.PENDING).exists():
        raise ValidationError(_("该账号已有待确认的变更，请先确认或拒绝。"))
    change = AdminAccountChange.objects.create(kind=kind, target=target, role=role if kind == AdminChangeKind.GRANT_ROLE
                                               else "", password_hash=password_hash, proposed_by=actor)
    audit_record(event=AuditEventType.ADMIN_CHANGE_PROPOSE, user=actor, obj=target, details=_details(change))
    return change


def _pending_for_decision(*, actor: User, change_id: int) -> AdminAccountChange:
    change = (AdminAccountChange.objects.select_for_update().select_related("target", "proposed_by")
              .filter(pk=change_id).first())
    if change is None or change.status != AdminChangeStatus.PENDING:
        raise ValidationError(_("该变更已处理或不存在。"))
    if not (actor.is_active and may_decide_admin_change(actor.role, proposed_it=change.proposed_by_id == actor.pk,
                                                         is_target=change.target_id == actor.pk)):
        raise PermissionDenied(_("须由提出人以外的另一位管理员确认，且不能确认与自己账号有关的变更。"))
    return change


def _apply(change: AdminAccountChange) -> dict:
    """Carry the change out on the target account; returns what the audit record shows of it."""
    from .services import account_unlock_now, role_snapshot, user_role_apply

    target = change.target
    before = role_snapshot(target)
    if change.kind == AdminChangeKind.GRANT_ROLE:
        # Every admin role works without a region (the security and audit roles must have none).
        target.role, target.region, target.is_active = change.role, None, True
        target.save(update_fields=["role", "region", "is_active"])
        user_role_apply(user=target)
    elif change.kind == AdminChangeKind.REVOKE_ROLE:
        # Switched off, not demoted: an officer or reviewer needs a region, which the 系统管理员 then sets.
        target.is_active = False
        target.save(update_fields=["is_active"])
        TOTPDevice.objects.filter(user=target).delete()
    elif change.kind == AdminChangeKind.RESET_PASSWORD:
        target.password, target.password_changed_at = change.password_hash, EXPIRED_PASSWORD_AT
        target.save(update_fields=["password", "password_changed_at"])
    elif change.kind == AdminChangeKind.RESET_TWO_FACTOR:
        TOTPDevice.objects.filter(user=target).delete()
    elif change.kind == AdminChangeKind.UNLOCK:
        account_unlock_now(username=target.username)
    after = role_snapshot(target)
    return {field: [before[field], value] for field, value in after.items() if before[field] != value}


@transaction.atomic
def admin_change_confirm(*, actor: User, change_id: int) -> AdminAccountChange:
    """A second administrator confirms: the change is applied and both names are in the audit log."""
    change = _pending_for_decision(actor=actor, change_id=change_id)
    changes = _apply(change)
    change.status, change.decided_by, change.decided_at = AdminChangeStatus.CONFIRMED, actor, timezone.now()
    change.password_hash = ""
    change.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    audit_record(event=AuditEventType.ADMIN_CHANGE_CONFIRM, user=actor, obj=change.target,
                 details={**_details(change), "proposed_by": change.proposed_by.username, "changes": changes})
    if changes:
        audit_record(event=AuditEventType.ROLE_CHANGE, user=actor, obj=change.target,
                     details={"created": False, "changes": changes, "request": change.pk})
    return change


@transaction.atomic
def admin_change_reject(*, actor: User, change_id: int) -> AdminAccountChange:
    """Another administrator (or the proposer withdrawing it) refuses: nothing changes but the record."""
    change = AdminAccountChange.objects.select_for_update().filter(pk=change_id).first()
    if change is not None and change.status == AdminChangeStatus.PENDING and change.proposed_by_id == actor.pk:
        change.status, change.password_hash = AdminChangeStatus.REJECTED, ""  # withdrawn by its proposer
        change.save(update_fields=["status", "password_hash"])
    else:
        change = _pending_for_decision(actor=actor, change_id=change_id)
        change.status, change.decided_by, change.decided_at = AdminChangeStatus.REJECTED, actor, timezone.now()
        change.password_hash = ""
        change.save(update_fields=["status", "decided_by", "decided_at", "password_hash"])
    audit_record(event=AuditEventType.ADMIN_CHANGE_REJECT, user=actor, obj=change.target, details=_details(change))
    return change
