"""Issue acceptance: a reviewer enrols a phone authenticator in a real browser, under the strict CSP."""
import base64
import binascii

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, AuditEventType
from tests.conftest import PASSWORD, make_user

from .conftest import screenshot

pytestmark = pytest.mark.browser


def code_for(secret_base32: str) -> str:
    padded = secret_base32 + "=" * (-len(secret_base32) % 8)
    return f"{totp(base64.b32decode(padded)):06d}"


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_reviewer_enrols_with_the_qr_code_then_verifies_at_the_next_login(live_server, portal_data, page):
    reviewer = make_user("yangjiang", "reviewer", "441700")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/login/?next=/reporting/review/")
    page.fill("#id_username", "yangjiang")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/account/2fa/?next=" in url)

    # The QR code is an image from our own origin, drawn without any inline script or style.
    page.wait_for_function("document.querySelector('#two-factor-qr').naturalWidth > 0")
    screenshot(page, "two-factor-enrol")
    secret = page.locator("#two-factor-secret").inner_text()
    page.fill("#id_token", code_for(secret))
    page.click("#two-factor-enrol button[type=submit]")
    page.wait_for_url(f"{live_server.url}/reporting/review/")
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert not [text for text in problems if "Content Security Policy" in text], problems

    # Next login: the password, then the code from the same device.
    page.click("nav form[action='/logout/'] button")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "yangjiang")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/account/2fa/verify/" in url)
    device = TOTPDevice.objects.get(user=reviewer)
    device.last_t = -1  # the enrolment used this 30-second step's code; a test need not wait for the next
    device.save()
    page.fill("#id_token", f"{totp(binascii.unhexlify(device.key)):06d}")
    page.click("#two-factor-verify button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert AuditEvent.objects.filter(event=AuditEventType.TWO_FACTOR_VERIFY, user=reviewer).exists()
