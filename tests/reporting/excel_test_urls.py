"""The project URLs plus the Excel entry URLs, for tests run before ``reporting/urls.py`` lists them."""
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from reporting import excel_views
from reporting.urls import urlpatterns as reporting_urlpatterns

reporting_with_excel = [
    *reporting_urlpatterns,
    path("<str:region_code>/<int:year>/excel/", excel_views.entry_download, name="entry_excel"),
    path("<str:region_code>/<int:year>/excel/upload/", excel_views.entry_upload, name="entry_excel_upload"),
]

urlpatterns = [
    path("reporting/", include((reporting_with_excel, "reporting"))),
    *[pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "reporting"],
]
