from django import forms
from django.contrib import admin

from .models import Region
from .services import region_create_zone, zone_errors


class ZoneForm(forms.ModelForm):
    """Adding a region by hand means adding a 功能区 (e.g. 阳江高新区) under a city."""

    class Meta:
        model = Region
        fields = ("parent", "code", "name")

    def clean(self):
        cleaned = super().clean()
        for field, message in zone_errors(parent=cleaned.get("parent"), code=cleaned.get("code", "")).items():
            self.add_error(field, message)
        return cleaned


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "full_name", "level", "kind", "parent")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "full_name")
    list_select_related = ("parent",)
    # Regions are found by name or code (search_fields above), never typed in as a database id.
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ZoneForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        # New regions are zones (功能区) under a city; the statistical tree is loaded, never typed in.
        return ("parent", "code", "name") if obj is None else ("code", "name", "full_name", "level", "kind", "parent", "path")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("code", "level", "kind", "parent", "path")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        zone = region_create_zone(parent=obj.parent, code=obj.code, name=obj.name)
        # The admin's "成功添加了 行政区划“…”" message names ``obj``: give it the stored zone's
        # full name (and the rest), not the blank full_name of the unsaved form instance.
        obj.__dict__.update({field.attname: getattr(zone, field.attname) for field in Region._meta.concrete_fields})
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        # Plans, users and submissions hang off regions; the tree is only ever extended.
        return False
