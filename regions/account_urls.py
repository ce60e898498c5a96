"""Account security (/account/…) and the audit log (/audit/…); both included by ``config/urls.py``."""
from django.urls import path

from . import account_views

app_name = "account"
urlpatterns = [
    path("2fa/", account_views.two_factor_enrol, name="two_factor"),
    path("2fa/qr.svg", account_views.two_factor_qr, name="two_factor_qr"),
    path("2fa/verify/", account_views.two_factor_verify, name="two_factor_verify"),
    path("password/", account_views.password_change, name="password"),
    path("security/", account_views.security_overview, name="security"),
    path("security/unlock/", account_views.account_unlock, name="unlock"),
    path("security/reset-2fa/", account_views.two_factor_reset, name="two_factor_reset"),
]

audit_urlpatterns = ([
    path("", account_views.audit_index, name="index"),
    path("export.xlsx", account_views.audit_export, name="export"),
], "audit")
