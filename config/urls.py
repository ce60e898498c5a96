from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language

from accounts.views import PortalLoginView

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The messages of static/js/*.js in the user's language (locale/en/LC_MESSAGES/djangojs.po).
    path("i18n/js/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("regions/", include("regions.urls")),
    path("plans/", include("plans.urls")),
    path("indicators/", include("indicators.urls")),
    path("reporting/", include("reporting.urls")),
    path("dashboard/", include("reporting.dashboard_urls")),
    path("actions/", include("actions.urls")),
    path("api/", include("config.api_urls")),
    path("account/", include("accounts.urls")),
    path("notifications/", include("notifications.urls")),
    path("seasons/", include("seasons.urls")),
    path("audit/", include("audit.urls")),
    # Before admin.site.urls, whose catch-all would take it.
    path("admin/plans/excel/", include("plan_documents.urls")),
    # One password page for everybody: it applies the history rule and writes the audit record.
    path("admin/password_change/", RedirectView.as_view(pattern_name="account:password")),
    path("admin/", admin.site.urls),
]
