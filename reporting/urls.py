from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("<str:region_code>/<int:year>/", views.entry, name="entry"),
    path("<str:region_code>/<int:year>/review/", views.review, name="review"),
    path("<str:region_code>/<int:year>/history/", views.history, name="history"),
]
