from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("<str:region_code>/<int:year>/", views.entry, name="entry"),
]
