from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .access import can_read_audit_log
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, and for the 审计管理员 only (a superuser is not an auditor)."""

    list_display = ("id", "created_at", "username", "ip", "event", "object_repr", "outcome")
    list_filter = ("event", "outcome")
    search_fields = ("username", "object_repr")
    date_hierarchy = "created_at"
    show_full_result_count = False
    # The details as prose (audit.display), not the stored JSON dict.
    fields = ("created_at", "username", "ip", "event", "object_type", "object_id", "object_repr", "outcome",
              "details_in_words", "prev_hash", "hash")
    readonly_fields = fields

    @admin.display(description=_("详情"))
    def details_in_words(self, event: AuditEvent) -> str:
        return event.details_text

    def has_module_permission(self, request):
        return can_read_audit_log(request.user)

    def has_view_permission(self, request, obj=None):
        return can_read_audit_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
