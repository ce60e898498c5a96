from django.contrib import admin

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
