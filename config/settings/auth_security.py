"""Identity settings: separated admin roles, two-factor login, password ageing, audit log.

Imported at the end of ``base.py``; it extends base's lists in place (the apps and middleware it
needs) rather than restating them. See docs/security.md.
"""
from .base import AUTH_PASSWORD_VALIDATORS, DEMO_MODE, INSTALLED_APPS, MIDDLEWARE, env_bool

# Two-factor login (TOTP): django-otp and its TOTP device.
INSTALLED_APPS.insert(INSTALLED_APPS.index("regions"), "django_otp")
INSTALLED_APPS.insert(INSTALLED_APPS.index("regions"), "django_otp.plugins.otp_totp")

_AUTH = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE.insert(_AUTH + 1, "django_otp.middleware.OTPMiddleware")
MIDDLEWARE.insert(_AUTH + 2, "regions.security.AuditContextMiddleware")
# After the messages middleware: it tells the user why they were sent to the 2FA or password page.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "regions.security.AccountPolicyMiddleware")

# Reviewers and the three admin roles must log in with a second factor (officers may). On by default
# wherever the demo is off; the test settings switch it off so that tests can use force_login.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEMO_MODE)
OTP_TOTP_ISSUER = "职业病防治规划监测门户"
# The security admin may see who has a device, never the secret itself.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password ageing (等保 level 3): change every 90 days; none of the last 5 again.
PASSWORD_MAX_AGE_DAYS = 90
AUTH_PASSWORD_VALIDATORS.append(
    {"NAME": "regions.password_policy.PasswordHistoryValidator", "OPTIONS": {"keep": 5}}
)

# Audit records are kept at least this long; prune_audit_log refuses anything younger.
AUDIT_RETENTION_DAYS = 180
AUDIT_PAGE_SIZE = 50
