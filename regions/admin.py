from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .access import can_read_audit_log
from .account_services import role_snapshot, user_save_with_role
from .audit import audit_record
from .models import AuditEvent, AuditEventType, Region, User
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
    raw_id_fields = ("parent",)
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
        obj.pk = zone.pk

    def has_delete_permission(self, request, obj=None):
        # Plans, users and submissions hang off regions; the tree is only ever extended.
        return False


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Accounts, managed by the 系统管理员. Groups and ``is_staff`` follow the role and are not edited
    here; nobody changes their own role or switches their own account off."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("first_name", "last_name", "email")}),
        (_("门户"), {"fields": ("region", "role", "is_active")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + ((_("门户"), {"fields": ("region", "role")}),)
    list_display = ("username", "get_full_name", "region", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "region__level")
    search_fields = ("username", "first_name", "last_name", "region__name", "region__code")
    raw_id_fields = ("region",)
    readonly_fields = ("last_login", "date_joined", "password_changed_at")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            fieldsets = fieldsets + ((_("超级用户"), {"fields": ("is_superuser",)}),)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            readonly = (*readonly, "role", "region", "is_active", "is_superuser")
        return readonly

    def save_model(self, request, obj, form, change):
        before = role_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        user_save_with_role(user=obj, actor=request.user, before=before)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit_record(event=AuditEventType.PASSWORD_CHANGE, user=request.user, obj=User.objects.get(pk=id),
                             details={"by_admin": True})
        return response

    def has_delete_permission(self, request, obj=None):
        # Accounts are switched off (is_active), never deleted: the audit log keeps pointing at them.
        return False


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
