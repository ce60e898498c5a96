"""Two-factor login (TOTP): required for reviewers and admins when enforced, optional for officers."""
import binascii
import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import PENDING_KEY_SESSION, key_base32, provisioning_uri, totp_matches
from audit.models import AuditEvent, AuditEventType, AuditOutcome

pytestmark = pytest.mark.django_db
ENTRY = reverse("reporting:entry", args=["441781", 2024])
ENROL, VERIFY, QR = reverse("account:two_factor"), reverse("account:two_factor_verify"), reverse("account:two_factor_qr")
enforced = override_settings(TWO_FACTOR_REQUIRED=True)


def token_for(key_hex: str, offset_steps: int = 0) -> str:
    return f"{totp(binascii.unhexlify(key_hex), t0=-offset_steps * 30):06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def verified_client(client, user):
    client.force_login(user)
    device = device_for(user)
    assert client.post(VERIFY, {"token": token_for(device.key)}).status_code == 302
    return client


# --- Pure helpers ----------------------------------------------------------------------------------

def test_the_provisioning_uri_names_issuer_account_and_secret():
    uri = provisioning_uri(username="yangjiang", key_hex="00" * 20, issuer="门户:测试")
    assert uri.startswith("otpauth://totp/") and "yangjiang" in uri
    assert f"secret={key_base32('00' * 20)}" in uri and "digits=6" in uri and "period=30" in uri


def test_a_code_from_the_neighbouring_step_is_accepted_but_not_one_further_away():
    key = "3132333435363738393031323334353637383930"
    now = time.time()
    assert totp_matches(key, token_for(key), at=now) is not None
    assert totp_matches(key, token_for(key, offset_steps=1), at=now) is not None
    assert totp_matches(key, "12345", at=now) is None and totp_matches(key, "abcdef", at=now) is None
    far = f"{totp(binascii.unhexlify(key), t0=-5 * 30):06d}"
    assert totp_matches(key, far, at=now) is None


# --- Enforcement -----------------------------------------------------------------------------------

@enforced
def test_a_reviewer_without_a_device_is_sent_to_enrol_first(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = client.get(ENTRY)
    assert response.status_code == 302 and response.url.startswith(ENROL) and "next=" in response.url


@enforced
@pytest.mark.parametrize("fixture", ["portal_admin", "security_admin", "auditor"])
def test_every_admin_role_must_use_two_factor(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("home")).url.startswith(ENROL)


@enforced
def test_a_reviewer_with_a_device_is_sent_to_verify(client, yangjiang_reviewer):
    device_for(yangjiang_reviewer)
    client.force_login(yangjiang_reviewer)
    assert client.get(ENTRY).url.startswith(VERIFY)


@enforced
def test_an_officer_may_work_without_two_factor(client, yangchun_officer):
    client.force_login(yangchun_officer)
    assert client.get(ENTRY).status_code == 200


def test_an_officer_who_enrolled_verifies_even_without_enforcement(client, yangchun_officer):
    device_for(yangchun_officer)
    client.force_login(yangchun_officer)
    assert client.get(ENTRY).url.startswith(VERIFY)


@enforced
def test_logout_and_the_two_factor_pages_stay_reachable(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    assert client.get(ENROL).status_code == 200
    assert client.get(QR).status_code == 200
    assert client.post(reverse("logout")).url == reverse("login")


@enforced
def test_the_admin_site_requires_a_verified_session(client, portal_admin):
    client.force_login(portal_admin)
    assert client.get(reverse("admin:index")).url.startswith(ENROL)
    verified_client(client, portal_admin)
    assert client.get(reverse("admin:index")).status_code == 200


# --- Enrolment -------------------------------------------------------------------------------------

def test_the_qr_code_is_an_svg_from_our_own_origin(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    page = client.get(ENROL).content.decode()
    assert f'src="{QR}"' in page and "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    response = client.get(QR)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg") or b"<svg" in response.content[:200]
    assert "no-store" in response["Cache-Control"]


def test_the_qr_code_needs_an_enrolment_in_progress(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    assert client.get(QR).status_code == 404


@enforced
def test_enrolling_with_the_right_code_verifies_the_session(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    client.get(ENROL)
    key = client.session[PENDING_KEY_SESSION]

    refused = client.post(ENROL, {"token": "000000" if token_for(key) != "000000" else "111111"})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    response = client.post(ENROL, {"token": token_for(key), "next": ENTRY})

    assert response.status_code == 302 and response.url == ENTRY
    device = TOTPDevice.objects.get(user=yangjiang_reviewer)
    assert device.confirmed and device.key == key and PENDING_KEY_SESSION not in client.session
    assert client.get(ENTRY).status_code == 200
    assert AuditEvent.objects.filter(event=AuditEventType.TWO_FACTOR_ENROL, user=yangjiang_reviewer).exists()


def test_a_short_code_is_refused_with_a_chinese_message(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    client.get(ENROL)
    assert "6 位" in client.post(ENROL, {"token": "123"}).content.decode()


def test_replacing_a_device_needs_the_old_one_first(client, yangjiang_reviewer):
    device_for(yangjiang_reviewer)
    client.force_login(yangjiang_reviewer)
    assert client.get(ENROL).url.startswith(VERIFY)


# --- Verification ----------------------------------------------------------------------------------

@enforced
def test_a_valid_totp_code_verifies_the_session(client, yangjiang_reviewer):
    device = device_for(yangjiang_reviewer)
    client.force_login(yangjiang_reviewer)
    response = client.post(VERIFY, {"token": token_for(device.key), "next": ENTRY})
    assert response.status_code == 302 and response.url == ENTRY
    assert client.get(ENTRY).status_code == 200
    record = AuditEvent.objects.get(event=AuditEventType.TWO_FACTOR_VERIFY)
    assert (record.user, record.outcome) == (yangjiang_reviewer, AuditOutcome.SUCCESS)


@enforced
def test_a_wrong_or_reused_code_is_refused_and_recorded(client, yangjiang_reviewer):
    device = device_for(yangjiang_reviewer)
    client.force_login(yangjiang_reviewer)
    wrong = "000000" if token_for(device.key) != "000000" else "111111"
    assert "验证码不正确" in client.post(VERIFY, {"token": wrong}).content.decode()
    assert client.get(ENTRY).url.startswith(VERIFY)
    assert AuditEvent.objects.filter(event=AuditEventType.TWO_FACTOR_VERIFY, outcome=AuditOutcome.FAILURE).exists()


def test_an_outside_next_is_ignored(client, yangjiang_reviewer):
    device = device_for(yangjiang_reviewer)
    client.force_login(yangjiang_reviewer)
    response = client.post(VERIFY, {"token": token_for(device.key), "next": "https://evil.example/"})
    assert response.url == reverse("home")


@enforced
def test_a_password_login_then_a_code_is_the_whole_journey(client, yangjiang_reviewer):
    from tests.conftest import PASSWORD

    device = device_for(yangjiang_reviewer)
    login = client.post(reverse("login"), {"username": "yangjiang", "password": PASSWORD, "next": ENTRY})
    assert login.url == ENTRY
    bounced = client.get(ENTRY)
    assert bounced.url.startswith(VERIFY)
    assert client.post(bounced.url, {"token": token_for(device.key), "next": ENTRY}).url == ENTRY
    assert client.get(ENTRY).status_code == 200
