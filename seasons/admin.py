from django import forms
from django.contrib import admin

from .models import ReminderSent, ReportingWindow, WindowReopening
from .selectors import today, window_above
from .services import window_reopen, window_set
from .windows import reopening_errors, window_setting_errors


class ReportingWindowAdminForm(forms.ModelForm):
    """The season pages' rule in the admin too (only stricter than above): an error, never a 500."""

    def clean(self):
        cleaned = super().clean()
        # On change the region and year are read-only: the instance's.
        region = cleaned.get("region") or (self.instance.region if self.instance.region_id else None)
        year = cleaned.get("year") or self.instance.year
        dates = [cleaned.get(name) for name in ("opens_on", "due_on", "closes_on")]
        if region is not None and year and all(dates):
            for field, message in window_setting_errors(*dates, window_above(region, year)).items():
                self.add_error(field, message)
        return cleaned


class WindowReopeningAdminForm(forms.ModelForm):
    def clean_until(self):
        until = self.cleaned_data["until"]
        for message in reopening_errors(until, today()).values():
            raise forms.ValidationError(message)
        return until


@admin.register(ReportingWindow)
class ReportingWindowAdmin(admin.ModelAdmin):
    form = ReportingWindowAdminForm
    list_display = ["region", "year", "opens_on", "due_on", "closes_on", "updated_by", "updated_at"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]
    raw_id_fields = ["region"]
    exclude = ["updated_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "year"] if obj else []

    def save_model(self, request, obj, form, change):
        # Through the service: the audit record is written in the same transaction.
        window_set(region=obj.region, year=obj.year, opens_on=obj.opens_on, due_on=obj.due_on, closes_on=obj.closes_on,
                   remind_days_before=obj.remind_days_before, remind_day_after=obj.remind_day_after, user=request.user)


@admin.register(WindowReopening)
class WindowReopeningAdmin(admin.ModelAdmin):
    form = WindowReopeningAdminForm
    list_display = ["region", "year", "until", "reason", "granted_by", "granted_at"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]
    raw_id_fields = ["region"]
    exclude = ["granted_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["region", "year"] if obj else []

    def save_model(self, request, obj, form, change):
        window_reopen(region=obj.region, year=obj.year, until=obj.until, reason=obj.reason, user=request.user)


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "kind", "sent_at", "sent_by"]
    list_filter = ["year", "kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
