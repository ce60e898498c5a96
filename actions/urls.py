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
