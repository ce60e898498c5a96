from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEventType
from audit.services import audit_record

from .models import User
from .services import role_snapshot, user_save_with_role


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
    list_display = ("username", "full_name", "region", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "region__level")
    search_fields = ("username", "first_name", "last_name", "region__name", "region__code")
    # Regions are found by name or code (RegionAdmin.search_fields), never typed in as a database id.
    autocomplete_fields = ("region",)
    readonly_fields = ("last_login", "date_joined", "password_changed_at")

    @admin.display(description=_("姓名"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

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
