"""Hardening settings shared by every environment: Content-Security-Policy, request size caps, upload
file handling. Imported last by ``base.py``, so the lists below are edited in place, by name, after
every other settings module has had its say (see docs/deploy.md for the production side).
"""
from csp import constants as csp

from .base import INSTALLED_APPS, MIDDLEWARE

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

INSTALLED_APPS.append("csp")  # its system checks catch a policy written in the django-csp 3 format
# Right after SecurityMiddleware: every response, including the 413 refusal below and error pages,
# carries the header.
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")

# --- Request size caps ----------------------------------------------------------------------------
# config.middleware.RequestSizeLimitMiddleware refuses a request by its Content-Length, before a byte
# of the body is read, with a Chinese 413 page. The forms keep their own, more precise checks
# (an Excel sheet over 2 MB, evidence over 10 MB each) and say so next to the field; these caps are
# the hard stop behind them, so they sit a little above: multipart framing and the other fields
# travel in the same body.
REQUEST_MAX_BYTES = 12 * 1024 * 1024  # evidence files: 10 MB each (reporting/uploads.py) plus the form
EXCEL_REQUEST_MAX_BYTES = 3 * 1024 * 1024  # Excel sheets: 2 MB (entry_excel.py, plan_excel.py) plus framing
REQUEST_SIZE_LIMITS = [
    # (path regular expression, cap in bytes): the first match wins, else REQUEST_MAX_BYTES.
    (r"^/reporting/[^/]+/\d+/excel/upload/$", EXCEL_REQUEST_MAX_BYTES),
    (r"^/admin/plans/excel/", EXCEL_REQUEST_MAX_BYTES),
]
# Nothing before it reads the body (sessions, CSRF and authentication look at cookies only), and
# placing it after authentication lets the 413 page show who is logged in.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "config.middleware.RequestSizeLimitMiddleware")

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
