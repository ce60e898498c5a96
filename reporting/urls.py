from django.urls import path

from lifecycle.views import review

from . import excel_views, views
from .models import Submission

app_name = "reporting"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("review/approve/", views.bulk_approve, name="bulk_approve"),
    path("<str:region_code>/<int:year>/", views.entry, name="entry"),
    path("<str:region_code>/<int:year>/review/", review, {"model": Submission, "back": "reporting:entry"}, name="review"),
    path("<str:region_code>/<int:year>/history/", views.history, name="history"),
    path("<str:region_code>/<int:year>/excel/", excel_views.entry_download, name="entry_excel"),
    path("<str:region_code>/<int:year>/excel/upload/", excel_views.entry_upload, name="entry_excel_upload"),
]
