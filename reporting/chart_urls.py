from django.urls import path

from . import chart_views

urlpatterns = [
    path("<str:region_code>/indicator/<str:code>/", chart_views.indicator, name="indicator"),
]
