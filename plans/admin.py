from django.contrib import admin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("region", "title", "issuer", "doc_number", "issued_date", "period_start", "period_end")
    search_fields = ("title", "region__name", "doc_number")
    list_select_related = ("region",)
    raw_id_fields = ("region",)
