from django.contrib import admin

from plans.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans are administered as documents: the changelist and the form carry the Excel template tools
    (download the template, upload a filled one), which live in this app (``admin_views``)."""

    list_display = ("region", "title", "issuer", "doc_number", "issued_date", "period_start", "period_end",
                    "applies_from", "preferred")
    search_fields = ("title", "region__name", "doc_number")
    list_select_related = ("region",)
    # Regions are found by name or code (RegionAdmin.search_fields), never typed in as a database id.
    autocomplete_fields = ("region",)
    change_list_template = "admin/plan_documents/plan_change_list.html"
    change_form_template = "admin/plan_documents/plan_change_form.html"
