from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("plans/", api.api_plan_list, name="plans"),
    path("plans/<int:pk>/", api.api_plan_detail, name="plan"),
    path("indicators/", api.api_indicator_list, name="indicators"),
    path("compliance/<str:region_code>/<int:year>/", api.api_compliance, name="compliance"),
]
