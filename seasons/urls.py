from django.urls import path

from . import views

app_name = "seasons"
urlpatterns = [
    path("<str:region_code>/<int:year>/", views.window, name="window"),
    path("<str:region_code>/<int:year>/reopen/", views.reopen, name="reopen"),
]
