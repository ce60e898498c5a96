"""What each role is: which roles see data, which need two-factor login, which Django permissions they hold.

三员分立 (等保 2.0 level 3): the 系统管理员 manages users, regions and plans; the 安全管理员 unlocks
accounts and resets two-factor devices; the 审计管理员 reads the audit log. None of them can do the
others' work, and the last two see no region data at all. Plain data and pure functions: the data
migration, ``account_services.role_groups_sync`` and the tests all read them from here.
"""
from .models import Role

ADMIN_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
# Roles that may look at region data at all (through ``accounts.access``).
DATA_ROLES = frozenset({Role.OFFICER, Role.REVIEWER, Role.ADMIN})
# Reviewers approve figures and admins hold keys: a stolen password alone must not be enough.
TWO_FACTOR_ROLES = frozenset({Role.REVIEWER, Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})

# Group names are data (they are stored), not interface text: fixed and untranslated.
ROLE_GROUPS = {Role.OFFICER: "填报员", Role.REVIEWER: "审核员",
               Role.ADMIN: "系统管理员", Role.SECURITY_ADMIN: "安全管理员", Role.AUDITOR: "审计管理员"}

# (app label, model or None for every model of the app, actions or None for every permission).
# An action is "add"/"change"/"delete"/"view" or a custom codename such as "unlock_account".
ROLE_PERMISSIONS: dict[str, tuple[tuple[str, str | None, frozenset[str] | None], ...]] = {
    # Officers and reviewers work in the portal, not the admin: their groups name what they do with
    # reports, while *which* reports is decided by region in ``accounts.access``.
    Role.OFFICER: (
        ("reporting", "submission", frozenset({"add", "change", "view"})),
        ("reporting", "indicatorvalue", frozenset({"add", "change", "view"})),
        ("actions", "actionreport", frozenset({"add", "change", "view"})),
        ("actions", "actionprogress", frozenset({"add", "change", "view"})),
        ("actions", "evidence", frozenset({"add", "delete", "view"})),
    ),
    Role.REVIEWER: (
        ("reporting", "submission", frozenset({"change", "view"})),
        ("reporting", "indicatorvalue", frozenset({"view"})),
        ("actions", "actionreport", frozenset({"change", "view"})),
        ("actions", "actionprogress", frozenset({"view"})),
        ("actions", "evidence", frozenset({"view"})),
    ),
    Role.ADMIN: (
        ("regions", "region", frozenset({"add", "change", "view"})),
        ("accounts", "user", frozenset({"add", "change", "view"})),
        ("plans", None, None),
        ("indicators", None, None),
        ("actions", None, None),
        ("reporting", None, None),
        ("seasons", None, None),
        ("lifecycle", "provincereview", None),
        ("admin", "logentry", frozenset({"view"})),
    ),
    Role.SECURITY_ADMIN: (
        ("accounts", "user", frozenset({"view", "unlock_account", "reset_two_factor"})),
        ("axes", None, frozenset({"view"})),
        ("otp_totp", "totpdevice", frozenset({"view"})),
    ),
    Role.AUDITOR: (
        ("audit", "auditevent", frozenset({"view", "export_auditevent"})),
        ("axes", "accesslog", frozenset({"view"})),
        ("axes", "accessfailurelog", frozenset({"view"})),
    ),
}


def is_admin_role(role: str) -> bool:
    """The three administrator roles work in the Django admin (``is_staff``)."""
    return role in ADMIN_ROLES


def requires_two_factor(role: str) -> bool:
    return role in TWO_FACTOR_ROLES


def sees_region_data(role: str) -> bool:
    return role in DATA_ROLES


# The 系统管理员 manages these accounts (create, edit, set a password, in the Django admin); every
# account in an admin role is changed only through the four-eyes requests of ``accounts.four_eyes``.
SYSTEM_ADMIN_MANAGED_ROLES = frozenset({Role.OFFICER, Role.REVIEWER})


def system_admin_manages(role: str) -> bool:
    """True for the roles whose accounts the 系统管理员 may create and change directly."""
    return role in SYSTEM_ADMIN_MANAGED_ROLES


def may_propose_admin_change(actor_role: str, *, on_self: bool) -> bool:
    """Granting or revoking an admin role, resetting an administrator's password or 2FA and unlocking
    one are the 安全管理员's proposals — never about his own account."""
    return actor_role == Role.SECURITY_ADMIN and not on_self


def may_decide_admin_change(actor_role: str, *, proposed_it: bool, is_target: bool) -> bool:
    """The second pair of eyes: any other administrator, not the proposer and not the account concerned."""
    return is_admin_role(actor_role) and not proposed_it and not is_target


def role_grants(role: str, app_label: str, model: str, codename: str) -> bool:
    """True when ``role``'s group holds the permission ``app_label.codename`` (on ``model``)."""
    for rule_app, rule_model, actions in ROLE_PERMISSIONS.get(role, ()):
        if rule_app != app_label or rule_model not in (None, model):
            continue
        if actions is None or codename in actions or any(codename == f"{action}_{model}" for action in actions):
            return True
    return False
