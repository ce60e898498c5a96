"""三员分立 with four eyes: changes to administrator accounts are proposed by a 安全管理员 and applied only
after another administrator confirms; the account-action matrix for the three admin roles."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.four_eyes import admin_change_confirm, admin_change_propose, admin_change_reject
from accounts.models import AdminAccountChange, AdminChangeKind, AdminChangeStatus, Role, User
from accounts.roles import may_decide_admin_change, may_propose_admin_change, system_admin_manages
from audit.models import AuditEvent, AuditEventType
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
TEMPORARY = "Temp-Passw0rt!9"


@pytest.fixture
def second_security_admin(db):
    return make_user("security2", Role.SECURITY_ADMIN, None)


@pytest.fixture
def system_admin(db):
    user = make_user("sysadmin", Role.ADMIN, None)
    User.objects.filter(pk=user.pk).update(is_superuser=False)  # a 系统管理员 as the admin creates one
    return User.objects.get(pk=user.pk)


# --- The rules -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, manages", [(Role.OFFICER, True), (Role.REVIEWER, True), (Role.ADMIN, False),
                                           (Role.SECURITY_ADMIN, False), (Role.AUDITOR, False)])
def test_the_system_admin_manages_officers_and_reviewers_only(role, manages):
    assert system_admin_manages(role) is manages


@pytest.mark.parametrize("role, on_self, allowed", [
    (Role.SECURITY_ADMIN, False, True), (Role.SECURITY_ADMIN, True, False), (Role.ADMIN, False, False),
    (Role.AUDITOR, False, False), (Role.REVIEWER, False, False), (Role.OFFICER, False, False)])
def test_who_may_propose(role, on_self, allowed):
    assert may_propose_admin_change(role, on_self=on_self) is allowed


@pytest.mark.parametrize("role, proposed_it, is_target, allowed", [
    (Role.ADMIN, False, False, True), (Role.AUDITOR, False, False, True), (Role.SECURITY_ADMIN, False, False, True),
    (Role.SECURITY_ADMIN, True, False, False), (Role.ADMIN, False, True, False), (Role.REVIEWER, False, False, False)])
def test_who_may_decide(role, proposed_it, is_target, allowed):
    assert may_decide_admin_change(role, proposed_it=proposed_it, is_target=is_target) is allowed


# --- The flow ---------------------------------------------------------------------------------------

def events(kind) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=kind).order_by("id"))


def test_granting_the_auditor_role_needs_a_second_administrator(security_admin, system_admin, yangjiang_reviewer):
    change = admin_change_propose(actor=security_admin, target=yangjiang_reviewer, kind=AdminChangeKind.GRANT_ROLE,
                                  role=Role.AUDITOR)
    target = User.objects.get(pk=yangjiang_reviewer.pk)
    assert target.role == Role.REVIEWER  # nothing happens on the proposal alone
    with pytest.raises(PermissionDenied):
        admin_change_confirm(actor=security_admin, change_id=change.pk)  # not by the proposer

    admin_change_confirm(actor=system_admin, change_id=change.pk)

    target = User.objects.get(pk=yangjiang_reviewer.pk)
    assert (target.role, target.region, target.is_staff) == (Role.AUDITOR, None, True)
    assert target.has_perm("audit.view_auditevent")
    proposed, confirmed = events(AuditEventType.ADMIN_CHANGE_PROPOSE)[-1], events(AuditEventType.ADMIN_CHANGE_CONFIRM)[-1]
    assert proposed.user == security_admin and confirmed.user == system_admin
    assert confirmed.details["proposed_by"] == "security" and confirmed.details["changes"]["role"] == [
        "reviewer", "auditor"]
    assert AdminAccountChange.objects.get(pk=change.pk).status == AdminChangeStatus.CONFIRMED


def test_a_password_reset_is_applied_on_confirmation_and_must_be_changed(security_admin, second_security_admin,
                                                                        auditor, client):
    change = admin_change_propose(actor=security_admin, target=auditor, kind=AdminChangeKind.RESET_PASSWORD,
                                  temporary_password=TEMPORARY)
    assert User.objects.get(pk=auditor.pk).check_password(PASSWORD)
    assert TEMPORARY not in change.password_hash
    admin_change_confirm(actor=second_security_admin, change_id=change.pk)
    auditor = User.objects.get(pk=auditor.pk)
    assert auditor.check_password(TEMPORARY)
    assert AdminAccountChange.objects.get(pk=change.pk).password_hash == ""
    client.force_login(auditor)
    response = client.get(reverse("audit:index"))
    assert response.status_code == 302 and reverse("account:password") in response.url  # changed at first use


def test_revoking_switches_the_account_off_and_2fa_and_unlock_follow_four_eyes(security_admin, system_admin,
                                                                               auditor):
    TOTPDevice.objects.create(user=auditor, name="phone", confirmed=True)
    change = admin_change_propose(actor=security_admin, target=auditor, kind=AdminChangeKind.RESET_TWO_FACTOR)
    admin_change_confirm(actor=system_admin, change_id=change.pk)
    assert not TOTPDevice.objects.filter(user=auditor).exists()
    change = admin_change_propose(actor=security_admin, target=auditor, kind=AdminChangeKind.REVOKE_ROLE)
    admin_change_confirm(actor=system_admin, change_id=change.pk)
    assert not User.objects.get(pk=auditor.pk).is_active


def test_a_rejected_change_changes_nothing(security_admin, system_admin, auditor):
    change = admin_change_propose(actor=security_admin, target=auditor, kind=AdminChangeKind.REVOKE_ROLE)
    admin_change_reject(actor=system_admin, change_id=change.pk)
    assert User.objects.get(pk=auditor.pk).is_active
    with pytest.raises(ValidationError):
        admin_change_confirm(actor=system_admin, change_id=change.pk)
    assert events(AuditEventType.ADMIN_CHANGE_REJECT)[-1].user == system_admin


@pytest.mark.parametrize("actor_fixture", ["system_admin", "auditor", "yangjiang_reviewer"])
def test_only_a_security_admin_proposes(request, actor_fixture, portal_admin):
    target = make_user("newauditor", Role.REVIEWER, "441700")
    with pytest.raises(PermissionDenied):
        admin_change_propose(actor=request.getfixturevalue(actor_fixture), target=target,
                             kind=AdminChangeKind.GRANT_ROLE, role=Role.AUDITOR)
    assert not AdminAccountChange.objects.exists()


def test_nobody_proposes_or_confirms_about_their_own_account(security_admin, second_security_admin):
    with pytest.raises(PermissionDenied):
        admin_change_propose(actor=security_admin, target=security_admin, kind=AdminChangeKind.GRANT_ROLE,
                             role=Role.AUDITOR)
    change = admin_change_propose(actor=second_security_admin, target=security_admin,
                                  kind=AdminChangeKind.RESET_TWO_FACTOR)
    with pytest.raises(PermissionDenied):
        admin_change_confirm(actor=security_admin, change_id=change.pk)


def test_the_database_refuses_a_change_decided_by_its_proposer(security_admin, auditor):
    change = admin_change_propose(actor=security_admin, target=auditor, kind=AdminChangeKind.UNLOCK)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminAccountChange.objects.filter(pk=change.pk).update(decided_by=security_admin)


def test_officers_are_handled_directly_not_by_four_eyes(security_admin, yangchun_officer):
    with pytest.raises(ValidationError):
        admin_change_propose(actor=security_admin, target=yangchun_officer, kind=AdminChangeKind.RESET_TWO_FACTOR)


def test_the_security_page_refuses_to_unlock_or_reset_an_administrator_directly(client, security_admin, auditor):
    TOTPDevice.objects.create(user=auditor, name="phone", confirmed=True)
    client.force_login(security_admin)
    client.post(reverse("account:two_factor_reset"), {"username": auditor.username})
    client.post(reverse("account:unlock"), {"username": auditor.username})
    assert TOTPDevice.objects.filter(user=auditor).exists()
    assert not AuditEvent.objects.filter(event__in=[AuditEventType.TWO_FACTOR_RESET, AuditEventType.ACCOUNT_UNLOCK],
                                         object_id=str(auditor.pk)).exists()


def test_the_four_eyes_pages_end_to_end(client, security_admin, system_admin, yangjiang_reviewer):
    client.force_login(security_admin)
    page = client.get(reverse("account:admin_changes"))
    assert page.status_code == 200 and 'id="propose-change"' in page.content.decode()
    response = client.post(reverse("account:admin_change_propose"), {
        "username": yangjiang_reviewer.username, "kind": AdminChangeKind.GRANT_ROLE, "role": Role.SECURITY_ADMIN})
    assert response.status_code == 302
    change = AdminAccountChange.objects.get()
    assert client.post(reverse("account:admin_change_decide", args=[change.pk, "confirm"])).status_code == 403
    assert User.objects.get(pk=yangjiang_reviewer.pk).role == Role.REVIEWER  # the proposer's confirm is refused

    client.force_login(system_admin)
    page = client.get(reverse("account:admin_changes")).content.decode()
    assert 'id="propose-change"' not in page and yangjiang_reviewer.username in page
    client.post(reverse("account:admin_change_decide", args=[change.pk, "confirm"]))
    assert User.objects.get(pk=yangjiang_reviewer.pk).role == Role.SECURITY_ADMIN


def test_a_bad_proposal_is_shown_again_with_a_message(client, security_admin):
    client.force_login(security_admin)
    response = client.post(reverse("account:admin_change_propose"), {
        "username": "nobody", "kind": AdminChangeKind.GRANT_ROLE, "role": ""})
    assert response.status_code == 400
    assert "没有这个用户名的账号" in response.content.decode() or "请选择角色" in response.content.decode()
    assert not AdminAccountChange.objects.exists()


# --- The account-action matrix: the three admin roles (and the others) × every account action ------

ACTORS = ["system_admin", "security_admin", "auditor", "yangjiang_reviewer", "yangchun_officer"]


def _account_actions(officer: User, admin_target: User) -> dict:
    """name → (method, url, data)."""
    new_password = {"password1": "Neu-Passw0rt!!", "password2": "Neu-Passw0rt!!", "usable_password": "true"}
    return {
        "admin: add account": ("get", reverse("admin:accounts_user_add"), {}),
        "admin: edit officer": ("post", reverse("admin:accounts_user_change", args=[officer.pk]), {
            "username": officer.username, "first_name": "", "last_name": "", "email": "", "role": Role.REVIEWER,
            "region": officer.region_id, "is_active": "on"}),
        "admin: set officer password": ("post", reverse("admin:auth_user_password_change", args=[officer.pk]),
                                        new_password),
        "admin: edit administrator": ("post", reverse("admin:accounts_user_change", args=[admin_target.pk]),
                                      {"username": admin_target.username, "role": Role.OFFICER}),
        "admin: set administrator password": (
            "post", reverse("admin:auth_user_password_change", args=[admin_target.pk]), new_password),
        "unlock officer": ("post", reverse("account:unlock"), {"username": officer.username}),
        "reset officer 2fa": ("post", reverse("account:two_factor_reset"), {"username": officer.username}),
        "four-eyes page": ("get", reverse("account:admin_changes"), {}),
        "propose": ("post", reverse("account:admin_change_propose"),
                    {"username": admin_target.username, "kind": AdminChangeKind.UNLOCK}),
        "audit log": ("get", reverse("audit:index"), {}),
        "audit export": ("get", reverse("audit:export"), {}),
    }


# Expected status per actor, in ACTORS order. 302 from a POST means "done"; the propose row's 302 is a
# recorded proposal, its 403 the refusal.
ACCOUNT_MATRIX = {
    "admin: add account": (200, 403, 403, 302, 302),
    "admin: edit officer": (302, 403, 403, 302, 302),
    "admin: set officer password": (302, 403, 403, 302, 302),
    "admin: edit administrator": (403, 403, 403, 302, 302),
    "admin: set administrator password": (403, 403, 403, 302, 302),
    "unlock officer": (403, 302, 403, 403, 403),
    "reset officer 2fa": (403, 302, 403, 403, 403),
    "four-eyes page": (200, 200, 200, 403, 403),
    "propose": (403, 302, 403, 403, 403),
    "audit log": (403, 403, 200, 403, 403),
    "audit export": (403, 403, 200, 403, 403),
}


@pytest.mark.parametrize("action", ACCOUNT_MATRIX)
@pytest.mark.parametrize("actor_index, actor", list(enumerate(ACTORS)))
def test_account_action_matrix(request, client, second_security_admin, action, actor_index, actor):
    officer = make_user("target_officer", Role.OFFICER, "441781")
    method, url, data = _account_actions(officer, second_security_admin)[action]
    client.force_login(request.getfixturevalue(actor))
    response = getattr(client, method)(url, data)
    expected = ACCOUNT_MATRIX[action][actor_index]
    # The admin site sends users without staff rights to its login page (302).
    assert response.status_code == expected, (action, actor, response.status_code)
    if action == "admin: set administrator password":
        assert User.objects.get(pk=second_security_admin.pk).check_password(PASSWORD)
    if action == "admin: edit officer":
        assert User.objects.get(pk=officer.pk).role == (Role.REVIEWER if actor == "system_admin" else Role.OFFICER)
