from django.contrib import admin

from .models import ActionItem, KeyAction


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(KeyAction)
class KeyActionAdmin(admin.ModelAdmin):
    list_display = ("plan", "seq", "label", "name")
    list_filter = ("plan",)
    list_select_related = ("plan__region",)
    inlines = [ActionItemInline]
