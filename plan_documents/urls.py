"""The Excel plan template tools in the admin (/admin/plans/excel/…).

Included by ``config/urls.py`` before ``admin.site.urls``, whose catch-all would otherwise take them.
"""
from django.contrib import admin
from django.urls import path

from . import admin_views

app_name = "plan_documents"
urlpatterns = [
    path("", admin.site.admin_view(admin_views.plan_workbook_upload), name="upload"),
    path("confirm/", admin.site.admin_view(admin_views.plan_workbook_confirm), name="confirm"),
    path("download/", admin.site.admin_view(admin_views.plan_workbook_download), name="download"),
]
