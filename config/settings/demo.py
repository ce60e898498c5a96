"""The demo that `make run` serves: what users will see, on a laptop.

Production's way of serving (DEBUG off, so the designed Chinese 403/404/500 pages answer instead of
Django's technical pages; static files collected and served by whitenoise under hashed names; gunicorn),
with the demo data set switched on and plain HTTP on loopback (no TLS proxy in front, so no secure
cookies or HTTPS redirect).
"""
import os
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env_list

DEBUG = False
DEMO_MODE = True
# The demo logins need no authenticator app (base.py makes two-factor depend on DEMO_MODE).
TWO_FACTOR_REQUIRED = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

# As in production: `collectstatic` writes staticfiles/ with hashed, compressed copies and a manifest;
# pages link to the hashed names (cacheable forever) and whitenoise serves them from the app.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# base.py computed these from DEBUG before it was switched off here.
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
