"""The Excel plan template tools in the admin; included by ``config/urls.py`` before ``admin.site.urls``."""
from django.contrib import admin
from django.urls import path

from . import admin as plan_admin_views

app_name = "plan_excel"
urlpatterns = [
    path("", admin.site.admin_view(plan_admin_views.plan_workbook_upload), name="upload"),
    path("confirm/", admin.site.admin_view(plan_admin_views.plan_workbook_confirm), name="confirm"),
    path("download/", admin.site.admin_view(plan_admin_views.plan_workbook_download), name="download"),
]
