from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_index, name="index"),
    path("<str:code>/", views.indicator_detail, name="detail"),
]
