from django.urls import path

from . import report_views

# Included by reporting.dashboard_urls under /dashboard/ (namespace "dashboard").
urlpatterns = [
    path("<str:region_code>/<int:year>/report/", report_views.report, name="report"),
    path("<str:region_code>/<int:year>/report.xlsx", report_views.report_xlsx, name="report_xlsx"),
]
