"""Two-factor login (TOTP, django-otp): who needs it, what a session still owes, the enrolment QR code.

The QR code is drawn here, on the server, as SVG and served from the portal's own origin: the secret
never leaves for a third-party QR service, and no inline image or script is needed (strict CSP).
"""
import base64
import binascii
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.util import random_hex

from .password_policy import password_expired, password_set_at
from .roles import requires_two_factor

PENDING_KEY_SESSION = "two_factor_pending_key"
TOTP_DIGITS = 6
TOTP_STEP = 30
# Accept the previous and next 30-second step too: phone clocks drift.
TOTP_TOLERANCE = 1

ENROL, VERIFY, PASSWORD = "enrol", "verify", "password"


def next_account_step(user, *, enforce_two_factor: bool, now) -> str | None:
    """What a signed-in user must do before anything else: enrol, verify, change the password, or nothing.

    Anyone with a device verifies it (officers may enrol voluntarily); without a device, the roles in
    ``roles.TWO_FACTOR_ROLES`` must enrol when enforcement is on. An expired password comes after 2FA,
    so that nobody changes a password on the strength of the password alone.
    """
    if not user.is_verified():
        if user_has_device(user):
            return VERIFY
        if enforce_two_factor and requires_two_factor(user.role):
            return ENROL
    if password_expired(password_set_at(user), now=now, max_age_days=settings.PASSWORD_MAX_AGE_DAYS):
        return PASSWORD
    return None


def pending_key(session) -> str:
    """The secret being enrolled, kept in the session until the first code confirms it (hex)."""
    if not session.get(PENDING_KEY_SESSION):
        session[PENDING_KEY_SESSION] = random_hex(20)
    return session[PENDING_KEY_SESSION]


def key_base32(key_hex: str) -> str:
    """The secret as authenticator apps expect it typed in by hand."""
    return base64.b32encode(binascii.unhexlify(key_hex)).decode("ascii").rstrip("=")


def provisioning_uri(*, username: str, key_hex: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code (Key Uri Format)."""
    issuer = issuer.replace(":", "")
    params = urlencode({"secret": key_base32(key_hex), "issuer": issuer, "algorithm": "SHA1",
                        "digits": TOTP_DIGITS, "period": TOTP_STEP}, quote_via=quote)
    return f"otpauth://totp/{quote(f'{issuer}:{username}')}?{params}"


def qr_svg(data: str) -> bytes:
    """``data`` as a QR code in SVG (a single path: no styles, no scripts)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="utf-8")


def totp_matches(key_hex: str, token: str, *, at: float) -> int | None:
    """The time step at which ``token`` is valid for ``key_hex`` (within the tolerance), else None."""
    if not (token.isdigit() and len(token) == TOTP_DIGITS):
        return None
    totp = TOTP(binascii.unhexlify(key_hex), step=TOTP_STEP, digits=TOTP_DIGITS)
    totp.time = at
    if not totp.verify(int(token), tolerance=TOTP_TOLERANCE):
        return None
    return totp.t()
