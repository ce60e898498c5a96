"""Who may read the audit log: the 审计管理员 alone.

The audit app sits below accounts, so it decides by the Django permissions the auditor's group holds
rather than by role; ``accounts.roles`` grants ``audit.view_auditevent`` to that group only.
"""
from django.core.exceptions import PermissionDenied

# ``accounts.models.Role.AUDITOR``'s stored value (accounts sits above audit and cannot be imported here).
# Checked besides the permission: a permission granted by hand to another group must not open the log.
AUDITOR_ROLE = "auditor"


def can_read_audit_log(user) -> bool:
    """The 审计管理员 alone: the permission comes only with the auditor's group (``accounts.roles``), and a
    superuser — who holds every permission implicitly — is excluded by name (三员分立)."""
    return (user.is_authenticated and user.is_active and not user.is_superuser
            and getattr(user, "role", None) == AUDITOR_ROLE and user.has_perm("audit.view_auditevent"))


def can_export_audit_log(user) -> bool:
    return can_read_audit_log(user) and user.has_perm("audit.export_auditevent")


def audit_log_for_reading(user) -> None:
    """403 unless the user may read the audit log (the page names no region: nothing to hide by 404)."""
    if not can_read_audit_log(user):
        raise PermissionDenied("auditors only")


def audit_log_for_export(user) -> None:
    if not can_export_audit_log(user):
        raise PermissionDenied("auditors only")
