"""Account security pages (/account/…)."""
from django.urls import path

from . import views

app_name = "account"
urlpatterns = [
    path("2fa/", views.two_factor_enrol, name="two_factor"),
    path("2fa/qr.svg", views.two_factor_qr, name="two_factor_qr"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("password/", views.password_change, name="password"),
    path("security/", views.security_overview, name="security"),
    path("security/unlock/", views.account_unlock, name="unlock"),
    path("security/reset-2fa/", views.two_factor_reset, name="two_factor_reset"),
    path("admin-changes/", views.admin_changes, name="admin_changes"),
    path("admin-changes/propose/", views.admin_change_propose, name="admin_change_propose"),
    path("admin-changes/<int:change_id>/<str:decision>/", views.admin_change_decide, name="admin_change_decide"),
]
