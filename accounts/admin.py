from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEventType
from audit.services import audit_record

from .models import Role, User
from .roles import system_admin_manages
from .services import role_snapshot, user_save_with_role


def _managed_here(user: User) -> bool:
    return system_admin_manages(user.role) and not user.is_superuser


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

    # 三员分立: the 系统管理员 creates and edits officers and reviewers only. Accounts in an admin role (and
    # any superuser) are read-only here — their role, password, 2FA and lock change through the four-eyes
    # page (accounts.four_eyes) — and the superuser flag is never offered. ``user_save_with_role`` refuses
    # the same again, whatever a forged POST says.

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(value, label) for value, label in Role.choices if system_admin_manages(value)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not _managed_here(obj):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("姓名"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.pk == request.user.pk:
            readonly = (*readonly, "role", "region", "is_active", "is_superuser")
        return readonly

    def save_model(self, request, obj, form, change):
        before = role_snapshot(User.objects.get(pk=obj.pk)) if change else {}
        user_save_with_role(user=obj, actor=request.user, before=before)

    def user_change_password(self, request, id, form_url=""):
        target = get_object_or_404(User, pk=id)
        if target.pk == request.user.pk or not _managed_here(target):
            # One's own password: the account page, which asks for the old one. An administrator's: four eyes.
            raise PermissionDenied("not a password the system admin may set")
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                audit_record(event=AuditEventType.PASSWORD_CHANGE, user=request.user, obj=User.objects.get(pk=id),
                             details={"by_admin": True})
        return response

    def has_delete_permission(self, request, obj=None):
        # Accounts are switched off (is_active), never deleted: the audit log keeps pointing at them.
        return False
