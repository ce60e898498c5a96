"""三员分立: the system, security and audit administrators, their groups, and what each may reach."""
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role, User
from accounts.roles import ROLE_GROUPS, requires_two_factor, role_grants, sees_region_data
from accounts.services import (
    admin_account_create,
    role_groups_sync,
    role_snapshot,
    user_role_apply,
    user_save_with_role,
)
from audit.models import AuditEvent, AuditEventType
from lifecycle.models import SubmissionStatus
from reporting.models import Submission
from tests.conftest import make_user, region
from tests.reporting.test_permissions import MATRIX

pytestmark = pytest.mark.django_db
STRONG = "Sicher-Passw0rt!"


# --- The rules -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, sees, two_factor", [
    (Role.OFFICER, True, False), (Role.REVIEWER, True, True), (Role.ADMIN, True, True),
    (Role.SECURITY_ADMIN, False, True), (Role.AUDITOR, False, True),
])
def test_what_each_role_sees_and_whether_it_needs_two_factor(role, sees, two_factor):
    assert (sees_region_data(role), requires_two_factor(role)) == (sees, two_factor)


@pytest.mark.parametrize("role, permission, granted", [
    (Role.ADMIN, ("accounts", "user", "change_user"), True),
    (Role.ADMIN, ("plans", "plan", "add_plan"), True),
    (Role.ADMIN, ("audit", "auditevent", "view_auditevent"), False),
    (Role.ADMIN, ("accounts", "user", "unlock_account"), False),
    (Role.ADMIN, ("axes", "accessattempt", "view_accessattempt"), False),
    (Role.SECURITY_ADMIN, ("accounts", "user", "unlock_account"), True),
    (Role.SECURITY_ADMIN, ("otp_totp", "totpdevice", "view_totpdevice"), True),
    (Role.SECURITY_ADMIN, ("accounts", "user", "change_user"), False),
    (Role.SECURITY_ADMIN, ("reporting", "submission", "view_submission"), False),
    (Role.AUDITOR, ("audit", "auditevent", "view_auditevent"), True),
    (Role.AUDITOR, ("audit", "auditevent", "export_auditevent"), True),
    (Role.AUDITOR, ("reporting", "submission", "view_submission"), False),
    (Role.OFFICER, ("reporting", "submission", "change_submission"), True),
    (Role.OFFICER, ("accounts", "user", "view_user"), False),
    (Role.OFFICER, ("plans", "plan", "change_plan"), False),
    (Role.REVIEWER, ("reporting", "submission", "change_submission"), True),
    (Role.REVIEWER, ("reporting", "indicatorvalue", "change_indicatorvalue"), False),
    (Role.REVIEWER, ("audit", "auditevent", "view_auditevent"), False),
])
def test_role_permission_rules(role, permission, granted):
    assert role_grants(role, *permission) is granted


def test_the_groups_hold_exactly_their_roles_permissions():
    role_groups_sync()
    auditor = set(Group.objects.get(name=ROLE_GROUPS[Role.AUDITOR]).permissions.values_list("codename", flat=True))
    assert {"view_auditevent", "export_auditevent"} <= auditor
    assert not {codename for codename in auditor if codename.split("_")[0] in ("add", "change", "delete")}
    system = set(Group.objects.get(name=ROLE_GROUPS[Role.ADMIN]).permissions.values_list("codename", flat=True))
    assert "change_submission" in system and "view_auditevent" not in system and "reset_two_factor" not in system


# --- Role → group --------------------------------------------------------------------------------

def group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_role_change_moves_the_account_to_the_right_group_and_is_audited(portal_admin):
    user = make_user("wang", Role.OFFICER, "441781")
    assert not user.is_staff and group_names(user) == {"填报员"}

    before = role_snapshot(User.objects.get(pk=user.pk))
    user.role, user.region = Role.REVIEWER, region("441700")
    user_save_with_role(user=user, actor=portal_admin, before=before)

    user = User.objects.get(pk=user.pk)
    assert not user.is_staff and group_names(user) == {"审核员"} and user.has_perm("reporting.change_submission")
    changes = [event.details["changes"] for event in AuditEvent.objects.filter(event=AuditEventType.ROLE_CHANGE,
                                                                               object_id=str(user.pk)).order_by("id")]
    assert changes[-1]["role"] == ["officer", "reviewer"] and changes[-1]["region_id"] == [
        region("441781").pk, region("441700").pk]


@pytest.mark.parametrize("from_role, to_role", [(Role.OFFICER, Role.AUDITOR), (Role.REVIEWER, Role.SECURITY_ADMIN),
                                                (Role.OFFICER, Role.ADMIN), (Role.AUDITOR, Role.OFFICER)])
def test_the_system_admins_save_refuses_any_admin_role(portal_admin, from_role, to_role):
    """三员分立: an admin role is granted or revoked only by four eyes (accounts.four_eyes), never by this save."""
    user = make_user("wang", from_role, None if from_role == Role.AUDITOR else "441781")
    before = role_snapshot(user)
    user.role, user.region = to_role, None if to_role != Role.OFFICER else region("441781")
    with pytest.raises(PermissionDenied):
        user_save_with_role(user=user, actor=portal_admin, before=before)
    assert User.objects.get(pk=user.pk).role == from_role


def test_only_admin_roles_are_created_as_admin_accounts():
    with pytest.raises(Exception, match="只能"):
        admin_account_create(username="li", password=STRONG, role=Role.OFFICER)


def test_security_and_audit_roles_never_hold_a_region():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.AUDITOR, region=region("441700"))


def test_a_plain_createsuperuser_gets_the_admin_role():
    assert User.objects.create_superuser("root", password=STRONG).role == Role.ADMIN


# --- The Django admin ------------------------------------------------------------------------------

@pytest.fixture
def system_admin(db):
    """A 系统管理员 as the admin creates one: group permissions, no superuser."""
    return admin_account_create(username="sysadmin", password=STRONG, role=Role.ADMIN)


def change_form(user: User, **changes) -> dict:
    data = {"username": user.username, "first_name": "", "last_name": "", "email": "", "role": user.role,
            "region": user.region_id or "", "is_active": "on"}
    return {**data, **changes}


def test_the_system_admin_changes_a_role_in_the_admin(client, system_admin, yangchun_officer):
    client.force_login(system_admin)
    url = reverse("admin:accounts_user_change", args=[yangchun_officer.pk])
    response = client.post(url, change_form(yangchun_officer, role=Role.REVIEWER))
    assert response.status_code == 302, response.content.decode()[:2000]
    yangchun_officer.refresh_from_db()
    assert yangchun_officer.role == Role.REVIEWER
    record = AuditEvent.objects.get(event=AuditEventType.ROLE_CHANGE, object_id=str(yangchun_officer.pk))
    assert record.user == system_admin and record.details["changes"]["role"] == ["officer", "reviewer"]


def test_the_admin_offers_only_officer_and_reviewer_and_refuses_a_forged_admin_role(client, system_admin):
    client.force_login(system_admin)
    target = make_user("zhao", Role.OFFICER, "441781")
    page = client.get(reverse("admin:accounts_user_change", args=[target.pk])).content.decode()
    assert 'value="officer"' in page and 'value="auditor"' not in page and 'value="admin"' not in page
    assert "is_superuser" not in page
    response = client.post(reverse("admin:accounts_user_change", args=[target.pk]),
                           change_form(target, role=Role.AUDITOR, region="", is_superuser="on"))
    assert response.status_code == 200  # the form refuses the choice
    target = User.objects.get(pk=target.pk)
    assert (target.role, target.is_staff, target.is_superuser) == (Role.OFFICER, False, False)


def test_the_admin_cannot_create_an_admin_role_account(client, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "fake_auditor", "password1": STRONG, "password2": STRONG, "usable_password": "true",
        "role": Role.AUDITOR, "region": ""})
    assert response.status_code == 200
    assert not User.objects.filter(username="fake_auditor").exists()


@pytest.mark.parametrize("fixture", ["auditor", "security_admin", "portal_admin"])
def test_admin_role_accounts_are_read_only_in_the_admin(client, request, system_admin, fixture):
    target = request.getfixturevalue(fixture)
    client.force_login(system_admin)
    url = reverse("admin:accounts_user_change", args=[target.pk])
    assert client.get(url).status_code == 200  # viewed, not changed
    assert client.post(url, change_form(target, role=Role.OFFICER, region="441781")).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[target.pk])
    assert client.post(password_url, {"password1": "Neu-Passw0rt!!", "password2": "Neu-Passw0rt!!",
                                      "usable_password": "true"}).status_code == 403
    assert User.objects.get(pk=target.pk).password == target.password


def test_nobody_sets_their_own_password_without_the_old_one(client, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("admin:auth_user_password_change", args=[system_admin.pk]),
                           {"password1": "Neu-Passw0rt!!", "password2": "Neu-Passw0rt!!", "usable_password": "true"})
    assert response.status_code == 403
    assert User.objects.get(pk=system_admin.pk).check_password(STRONG)


def test_a_password_set_by_the_admin_is_audited(client, system_admin, yangchun_officer):
    client.force_login(system_admin)
    response = client.post(reverse("admin:auth_user_password_change", args=[yangchun_officer.pk]),
                           {"password1": "Neu-Passw0rt!!", "password2": "Neu-Passw0rt!!", "usable_password": "true"})
    assert response.status_code == 302
    record = AuditEvent.objects.get(event=AuditEventType.PASSWORD_CHANGE, object_id=str(yangchun_officer.pk))
    assert record.user == system_admin and record.details == {"by_admin": True}


@pytest.mark.parametrize("fixture, url, expected", [
    ("system_admin", "admin:accounts_user_changelist", 200),
    ("system_admin", "admin:audit_auditevent_changelist", 403),
    ("system_admin", "admin:axes_accessattempt_changelist", 403),
    ("security_admin", "admin:axes_accessattempt_changelist", 200),
    ("security_admin", "admin:otp_totp_totpdevice_changelist", 200),
    ("security_admin", "admin:audit_auditevent_changelist", 403),
    ("security_admin", "admin:plans_plan_changelist", 403),
    ("auditor", "admin:audit_auditevent_changelist", 200),
    ("auditor", "admin:accounts_user_changelist", 403),
    ("auditor", "admin:plans_plan_changelist", 403),
    ("portal_admin", "admin:audit_auditevent_changelist", 403),  # a superuser is not an auditor
])
def test_admin_site_sections_per_role(client, request, fixture, url, expected):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse(url)).status_code == expected


def test_nobody_deletes_an_audit_record_or_an_account_in_the_admin(client, auditor, portal_admin):
    client.force_login(auditor)
    record = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_delete", args=[record.pk])).status_code == 403
    client.force_login(portal_admin)
    assert client.get(reverse("admin:accounts_user_delete", args=[auditor.pk])).status_code == 403


# --- The permission matrix, extended to the two roles without data ---------------------------------

NO_DATA_ROLES = ["security_admin", "auditor"]


@pytest.fixture
def submitted_2023(yangchun_officer):
    return Submission.objects.create(region=yangchun_officer.region, year=2023, status=SubmissionStatus.SUBMITTED)


@pytest.mark.parametrize("method, name, args, expected", MATRIX, ids=[f"{m} {n} {a}" for m, n, a, _ in MATRIX])
@pytest.mark.parametrize("role", NO_DATA_ROLES)
def test_security_and_audit_admins_see_what_an_outsider_sees(request, client, submitted_2023, method, name, args,
                                                             expected, role):
    """No region data at all: every row behaves as for the officer of another city (404, 403 or 405)."""
    client.force_login(request.getfixturevalue(role))
    data = {"version": "0", "action": "approve"} if method == "post" else {}
    assert getattr(client, method)(reverse(name, args=args), data).status_code == expected["huadu_officer"]


@pytest.mark.parametrize("url", ["/reporting/441781/2024/", "/dashboard/441700/2024/", "/reporting/441781/2023/history/"])
@pytest.mark.parametrize("role", NO_DATA_ROLES)
def test_region_pages_are_404_for_roles_without_data(request, client, submitted_2023, url, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 404


ACCOUNT_PAGES = {
    "audit:index": {"auditor": 200, "security_admin": 403, "portal_admin": 403, "yangjiang_reviewer": 403,
                    "yangchun_officer": 403, "anonymous": 302},
    "audit:export": {"auditor": 200, "security_admin": 403, "portal_admin": 403, "yangjiang_reviewer": 403,
                     "yangchun_officer": 403, "anonymous": 302},
    "account:security": {"auditor": 403, "security_admin": 200, "portal_admin": 403, "yangjiang_reviewer": 403,
                         "yangchun_officer": 403, "anonymous": 302},
}


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
@pytest.mark.parametrize("role", ["auditor", "security_admin", "portal_admin", "yangjiang_reviewer",
                                  "yangchun_officer", "anonymous"])
def test_audit_and_security_pages_per_role(request, client, name, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name)).status_code == ACCOUNT_PAGES[name][role]


@pytest.mark.parametrize("name", ["account:unlock", "account:two_factor_reset"])
@pytest.mark.parametrize("role, expected", [("auditor", 403), ("portal_admin", 403), ("yangjiang_reviewer", 403),
                                            ("security_admin", 302)])
def test_only_the_security_admin_unlocks_and_resets(request, client, yangchun_officer, name, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.post(reverse(name), {"username": "yangchun"}).status_code == expected
    assert client.get(reverse(name)).status_code == 405


# --- The demo --------------------------------------------------------------------------------------

@override_settings(DEMO_MODE=True)
def test_the_demo_has_one_account_per_admin_role_and_no_superuser():
    from operations.demo import demo_users_create

    demo_users_create()
    accounts = {user.username: user for user in User.objects.filter(username__startswith="demo_")}
    assert {name: user.role for name, user in accounts.items()} == {
        "demo_admin": Role.ADMIN, "demo_security_admin": Role.SECURITY_ADMIN, "demo_auditor": Role.AUDITOR}
    assert all(user.is_staff and not user.is_superuser for user in accounts.values())
    assert group_names(accounts["demo_auditor"]) == {"审计管理员"}


def test_no_demo_accounts_without_demo_mode():
    from django.core.exceptions import ImproperlyConfigured

    from operations.demo import demo_users_create

    with pytest.raises(ImproperlyConfigured):
        demo_users_create()
    assert not User.objects.filter(username__startswith="demo_").exists()


def test_applying_a_role_is_idempotent(yangchun_officer):
    user_role_apply(user=yangchun_officer)
    user_role_apply(user=yangchun_officer)
    assert not yangchun_officer.is_staff and group_names(yangchun_officer) == {"填报员"}


def test_admin_accounts_are_created_one_person_at_a_time(monkeypatch):
    import io

    from django.core.management import CommandError, call_command

    answers = iter([STRONG, STRONG, "weak", "weak"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out = io.StringIO()
    call_command("create_admin_account", "zhang", "--role", "security_admin", stdout=out)
    user = User.objects.get(username="zhang")
    assert (user.role, user.is_staff, user.is_superuser, group_names(user)) == (Role.SECURITY_ADMIN, True, False,
                                                                                 {"安全管理员"})
    assert "已创建安全管理员账号 zhang" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("create_admin_account", "qian", "--role", "auditor", stdout=io.StringIO())
    assert not User.objects.filter(username="qian").exists()
