"""The public JSON API (/api/…), one namespace over the apps that own each resource."""
from django.urls import path

from indicators.api import api_indicator_list
from plan_documents.api import api_plan_detail, api_plan_list
from reporting.api import api_compliance

app_name = "api"
urlpatterns = [
    path("plans/", api_plan_list, name="plans"),
    path("plans/<int:pk>/", api_plan_detail, name="plan"),
    path("indicators/", api_indicator_list, name="indicators"),
    path("compliance/<str:region_code>/<int:year>/", api_compliance, name="compliance"),
]
