from django.contrib import admin

from .models import Baseline, Indicator, PlanIndicator, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "value_kind", "unit", "entry_level", "rollup")
    search_fields = ("code", "name")


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(PlanIndicator)
class PlanIndicatorAdmin(admin.ModelAdmin):
    list_display = ("plan", "seq", "indicator", "printed_name", "nature", "remark")
    list_filter = ("plan", "indicator")
    list_select_related = ("plan__region", "indicator")
    inlines = [TargetInline]


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ("region", "indicator", "year", "text", "value", "source_row")
    list_select_related = ("region", "indicator", "source_row__plan__region")
    # Regions are found by name or code (RegionAdmin.search_fields), never typed in as a database id.
    autocomplete_fields = ("region",)
    raw_id_fields = ("source_row",)
