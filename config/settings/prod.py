"""Production settings: everything strict, nothing defaulted that could be insecure.

Runs behind nginx terminating TLS (docs/deploy.md); ``manage.py check --deploy`` passes with no
warnings (tests/security/test_deploy_check.py keeps it that way).
"""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import LOGGING, env_bool, env_list

DEBUG = False
DEMO_MODE = False
# base.py computed these from DEBUG before it was switched off here: static files are collected
# (collectstatic) and never looked up or re-scanned per request in production.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("生产环境必须通过环境变量 SECRET_KEY 提供至少 50 个字符的密钥。")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS。")

# nginx terminates TLS and sets X-Forwarded-Proto; it must overwrite any such header from the client.
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# 等保 level 3: every account logs in with a second factor (regions/, config/settings/auth_security.py).
TWO_FACTOR_REQUIRED = True

# Notification emails through the organisation's SMTP server; without EMAIL_HOST they are not sent
# (in-app notifications still are).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.dummy.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 10
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Errors and security events (refused hosts, oversized requests, CSRF failures) go to the console,
# which gunicorn's systemd unit hands to the journal; stack traces stay there, never in a response.
LOGGING = {
    **LOGGING,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        **LOGGING.get("loggers", {}),
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
    },
}
