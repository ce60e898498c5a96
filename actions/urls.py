from django.urls import path

from lifecycle.views import review

from . import views
from .models import ActionReport

app_name = "actions"
urlpatterns = [
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("<str:region_code>/<int:year>/", views.action_entry, name="entry"),
    path("<str:region_code>/<int:year>/review/", review, {"model": ActionReport, "back": "actions:entry"}, name="review"),
]

# Included by reporting.dashboard_urls under /dashboard/<region>/<year>/ (namespace "dashboard"): the key-action
# matrix sits beside the indicator matrix on a region's dashboard.
dashboard_urlpatterns = [
    path("<str:region_code>/<int:year>/actions/", views.action_dashboard, name="actions"),
    path("<str:region_code>/<int:year>/actions.xlsx", views.action_dashboard_xlsx, name="actions_xlsx"),
]
