"""Reads for the 安全管理员's page: the policy in force, locked accounts, enrolled devices."""
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AdminAccountChange, AdminChangeStatus


def security_policy() -> dict:
    """The identity rules in force (deployment settings, shown read-only)."""
    min_length = next((validator.get("OPTIONS", {}).get("min_length") for validator in settings.AUTH_PASSWORD_VALIDATORS
                       if validator["NAME"].endswith("MinimumLengthValidator")), None)
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME * 60),
        "password_min_length": min_length,
        "password_max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
        "two_factor_required": settings.TWO_FACTOR_REQUIRED,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "audit_retention_days": settings.AUDIT_RETENTION_DAYS,
    }


def locked_attempts() -> QuerySet[AccessAttempt]:
    """Accounts at or over the failure limit, newest first (django-axes lifts them after the cool-off)."""
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")


def enrolled_devices() -> QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")


def pending_admin_changes():
    return (AdminAccountChange.objects.filter(status=AdminChangeStatus.PENDING)
            .select_related("target", "proposed_by").order_by("-proposed_at"))


def recent_admin_changes(limit: int = 20):
    return (AdminAccountChange.objects.exclude(status=AdminChangeStatus.PENDING)
            .select_related("target", "proposed_by", "decided_by").order_by("-id")[:limit])
