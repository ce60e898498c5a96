from django.urls import path

from . import action_views, views

app_name = "actions"
urlpatterns = [
    path("evidence/<int:pk>/", action_views.evidence_download, name="evidence"),
    path("<str:region_code>/<int:year>/", action_views.action_entry, name="entry"),
    path("<str:region_code>/<int:year>/review/", views.review, {"kind": "actions"}, name="review"),
]
