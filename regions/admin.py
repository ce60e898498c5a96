from django import forms
from django.contrib import admin

from .models import Region
from .services import current_year, region_create_zone, region_set_years, region_years_errors, zone_errors


class ZoneForm(forms.ModelForm):
    """Adding a region by hand means adding a 功能区 (e.g. 阳江高新区) under a city, from its 设立年份."""

    class Meta:
        model = Region
        fields = ("parent", "code", "name", "established_year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A zone added now exists from this year on unless the admin says otherwise (issue 14, rule 7).
        self.fields["established_year"].required = True
        self.fields["established_year"].initial = current_year()
        self.fields["established_year"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        for field, message in zone_errors(parent=cleaned.get("parent"), code=cleaned.get("code", ""),
                                          established_year=cleaned.get("established_year")).items():
            self.add_error(field, message)
        return cleaned


class RegionYearsForm(forms.ModelForm):
    """Changing a region: its name, and the years it exists in (checked against its reports)."""

    class Meta:
        model = Region
        fields = ("name", "full_name", "established_year", "abolished_year")

    def clean(self):
        cleaned = super().clean()
        for field, message in region_years_errors(region=self.instance, established_year=cleaned.get("established_year"),
                                                  abolished_year=cleaned.get("abolished_year")).items():
            self.add_error(field, message)
        return cleaned


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "full_name", "level", "kind", "parent", "established_year", "abolished_year")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "full_name")
    list_select_related = ("parent",)
    # Regions are found by name or code (search_fields above), never typed in as a database id.
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ZoneForm if obj is None else RegionYearsForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        # New regions are zones (功能区) under a city; the statistical tree is loaded, never typed in.
        if obj is None:
            return ("parent", "code", "name", "established_year")
        return ("code", "name", "full_name", "level", "kind", "parent", "path", "established_year", "abolished_year")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("code", "level", "kind", "parent", "path")

    def save_model(self, request, obj, form, change):
        if change:
            if {"established_year", "abolished_year"} & set(form.changed_data):
                region_set_years(region=Region.objects.get(pk=obj.pk), established_year=obj.established_year,
                                 abolished_year=obj.abolished_year, user=request.user)
            super().save_model(request, obj, form, change)
            return
        zone = region_create_zone(parent=obj.parent, code=obj.code, name=obj.name,
                                  established_year=obj.established_year, user=request.user)
        # The admin's "成功添加了 行政区划“…”" message names ``obj``: give it the stored zone's
        # full name (and the rest), not the blank full_name of the unsaved form instance.
        obj.__dict__.update({field.attname: getattr(zone, field.attname) for field in Region._meta.concrete_fields})
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        # Plans, users and submissions hang off regions; the tree is only ever extended.
        return False
