"""Writes about accounts: roles and their groups, passwords, two-factor devices, unlocking.

Each service runs in one transaction together with its audit record.
"""
import time

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEventType, AuditOutcome
from audit.services import audit_record

from .models import User
from .roles import ROLE_GROUPS, is_admin_role, role_grants, system_admin_manages
from .two_factor import TOTP_DIGITS, TOTP_STEP, totp_matches

# What a role change record shows of the account before and after.
ROLE_FIELDS = ("role", "region_id", "is_active", "is_staff", "is_superuser")


def _granted(role: str, permissions: list[Permission]) -> list[Permission]:
    return [permission for permission in permissions
            if role_grants(role, permission.content_type.app_label, permission.content_type.model, permission.codename)]


def _group_permissions(role: str) -> list[Permission]:
    return _granted(role, list(Permission.objects.select_related("content_type")))


def role_groups_sync(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the groups of the roles and give each exactly its permissions (``roles``), in ``using``.

    Runs after every migrate (of the database migrated), so permissions of models added later reach the
    groups; it creates the permissions first because apps after ``accounts`` have not had their own
    post-migrate yet.
    """
    with transaction.atomic(using=using):
        for app_config in global_apps.get_app_configs():
            create_permissions(app_config, verbosity=0, using=using)
        permissions = list(Permission.objects.using(using).select_related("content_type"))
        for role, name in ROLE_GROUPS.items():
            group, _created = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(_granted(role, permissions))


def _role_group(role: str) -> Group | None:
    name = ROLE_GROUPS.get(role)
    if name is None:
        return None
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.set(_group_permissions(role))
    return group


@transaction.atomic
def user_role_apply(*, user: User) -> None:
    """Make the account's Django groups and ``is_staff`` follow its role (and nothing else)."""
    user.is_staff = is_admin_role(user.role)
    User.objects.filter(pk=user.pk).update(is_staff=user.is_staff)
    group = _role_group(user.role)
    user.groups.set([group] if group else [])


def role_snapshot(user: User | None) -> dict:
    return {field: getattr(user, field) for field in ROLE_FIELDS} if user else {}


def refuse_admin_role_accounts(*, user: User, before: dict) -> None:
    """The 系统管理员 manages officers and reviewers only (三员分立): an account that is or would become an
    administrator, or a superuser, changes only through four-eyes requests (``accounts.four_eyes``)."""
    roles = {user.role, before.get("role") or user.role}
    if not all(system_admin_manages(role) for role in roles) or user.is_superuser or before.get("is_superuser"):
        raise PermissionDenied(_("管理员账号只能由安全管理员提出、另一位管理员确认后变更（双人审批）。"))


@transaction.atomic
def user_save_with_role(*, user: User, actor: User | None, before: dict) -> User:
    """Save an account edited by the 系统管理员, apply its role, and audit any role or permission change.

    ``before`` is ``role_snapshot`` of the stored account ({} for a new one). Only officers and
    reviewers: ``refuse_admin_role_accounts``.
    """
    refuse_admin_role_accounts(user=user, before=before)
    return _save_with_role(user=user, actor=actor, before=before)


def _save_with_role(*, user: User, actor: User | None, before: dict) -> User:
    user.save()
    user_role_apply(user=user)
    after = role_snapshot(user)
    changes = {field: [before.get(field), value] for field, value in after.items() if before.get(field) != value}
    if changes:
        audit_record(event=AuditEventType.ROLE_CHANGE, user=actor, obj=user,
                     details={"created": not before, "changes": changes})
    return user


@transaction.atomic
def admin_account_create(*, username: str, password: str, role: str, actor: User | None = None) -> User:
    """One personal account for an admin role (there are no default or shared admin accounts)."""
    if not is_admin_role(role):
        raise ValidationError({"role": _("只能用此方式创建系统管理员、安全管理员或审计管理员账号。")})
    user = User(username=username, role=role)
    user.set_password(password)
    user.full_clean()
    # Run from the server's shell by whoever operates it (create_admin_account), never from a page.
    return _save_with_role(user=user, actor=actor, before={})


@transaction.atomic
def account_password_change(*, user: User, new_password: str) -> None:
    """The user's own password change (validated by the form, history included)."""
    user.set_password(new_password)
    user.save()
    audit_record(event=AuditEventType.PASSWORD_CHANGE, user=user, obj=user)


@transaction.atomic
def two_factor_enrol(*, user: User, key_hex: str, token: str) -> TOTPDevice:
    """Confirm the pending secret with a first code and make it the user's only device."""
    step = totp_matches(key_hex, token, at=time.time())
    if step is None:
        raise ValidationError(_("验证码不正确，请核对手机上的 6 位数字（注意时间是否准确）后重试。"), code="invalid_token")
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=_("身份验证器"), key=key_hex, step=TOTP_STEP,
                                       digits=TOTP_DIGITS, confirmed=True, last_t=step)
    audit_record(event=AuditEventType.TWO_FACTOR_ENROL, user=user, obj=user)
    return device


@transaction.atomic
def two_factor_verify(*, user: User, token: str) -> TOTPDevice | None:
    """The user's device that accepts ``token`` (throttled by django-otp), recorded either way."""
    # Locked, as django_otp.verify_token does: two parallel guesses must not both escape the throttle.
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    verified = device is not None and device.verify_token(token)
    audit_record(event=AuditEventType.TWO_FACTOR_VERIFY, user=user, obj=user,
                 outcome=AuditOutcome.SUCCESS if verified else AuditOutcome.FAILURE)
    return device if verified else None


def _refuse_admin_target(user: User | None) -> None:
    if user is not None and (is_admin_role(user.role) or user.is_superuser):
        raise ValidationError(_("管理员账号须在“双人审批”页面提出，由另一位管理员确认后执行。"))


@transaction.atomic
def two_factor_reset(*, user: User, actor: User) -> int:
    """安全管理员: remove an officer's or reviewer's devices (lost phone); the user enrols again at the next
    login. An administrator's devices are reset by four eyes (``accounts.four_eyes``)."""
    if user.pk == actor.pk:
        raise ValidationError(_("不能重置自己的双因素认证，请联系另一位安全管理员。"))
    _refuse_admin_target(user)
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_record(event=AuditEventType.TWO_FACTOR_RESET, user=actor, obj=user, details={"devices": removed})
    return removed


def account_unlock_now(*, username: str) -> int:
    """Clear django-axes' failures for ``username`` (the caller audits)."""
    from axes.utils import reset

    return reset(username=username)


@transaction.atomic
def account_unlock(*, username: str, actor: User) -> int:
    """安全管理员: lift a django-axes lockout before it expires. Returns the attempts cleared.
    An administrator is unlocked by four eyes (``accounts.four_eyes``)."""
    target = User.objects.filter(username=username).first()
    _refuse_admin_target(target)
    cleared = account_unlock_now(username=username)
    audit_record(event=AuditEventType.ACCOUNT_UNLOCK, user=actor, obj=target,
                 details={"username": username, "attempts": cleared})
    return cleared
