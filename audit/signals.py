"""Login, logout, failed logins and lockouts go to the audit log.

These happen inside django.contrib.auth and django-axes, not in a service of ours, so their signals
are the one place to hear about them. Connected in ``RegionsConfig.ready``.
"""
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .models import AuditEventType, AuditOutcome
from .services import audit_record


def record_login(sender, request, user, **kwargs):
    audit_record(event=AuditEventType.LOGIN, user=user, request=request)


def record_login_failure(sender, credentials, request=None, **kwargs):
    audit_record(event=AuditEventType.LOGIN, username=str(credentials.get("username") or ""), request=request,
                 outcome=AuditOutcome.FAILURE)


def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event=AuditEventType.LOGOUT, user=user, request=request)


def record_lockout(sender, request, username, ip_address, **kwargs):
    audit_record(event=AuditEventType.LOCKOUT, username=str(username or ""), request=request,
                 outcome=AuditOutcome.FAILURE)


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid="audit_login")
    user_login_failed.connect(record_login_failure, dispatch_uid="audit_login_failed")
    user_logged_out.connect(record_logout, dispatch_uid="audit_logout")
    user_locked_out.connect(record_lockout, dispatch_uid="audit_lockout")
