from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Region


class Role(models.TextChoices):
    OFFICER = "officer", _("填报员")
    REVIEWER = "reviewer", _("审核员")
    # 三员分立 (等保 2.0 level 3): system, security and audit administration are held by different people.
    ADMIN = "admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


# Roles that work without a region (and the two of them that must never have one: they see no data).
REGIONLESS_ROLES = ("admin", "security_admin", "auditor")
NO_DATA_ROLES = ("security_admin", "auditor")


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # A superuser has no region: without this, ``createsuperuser`` would break user_non_admin_has_region.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A portal user: belongs to one region and acts in one role there.

    The region lives here, beside the tree, so that every app can scope by it without importing
    upward (see ``accounts.access``). Django groups and ``is_staff`` follow the role
    (``accounts.services.user_role_apply``); they are never edited by hand.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    # Set by accounts.password_policy.PasswordHistoryValidator.password_changed (Django calls it on save
    # after set_password); a password older than PASSWORD_MAX_AGE_DAYS must be changed before anything else.
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)
    # Set only by ``operations.demo``: such an account cannot log in unless DEMO_MODE is on, so a demo
    # database started under production settings has no working demo logins (``accounts.backends``).
    is_demo = models.BooleanField(_("演示账号"), default=False, editable=False)
    # Kept by ``notifications.services`` (never edited by hand): the bell on every page reads it from the
    # user row the request already loaded, instead of counting notifications on each page.
    unread_notifications = models.PositiveIntegerField(_("未读通知"), default=0, editable=False)

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        permissions = [
            ("unlock_account", _("解锁被锁定的账号")),
            ("reset_two_factor", _("重置用户的双因素认证")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=REGIONLESS_ROLES) | models.Q(region__isnull=False),
                name="user_non_admin_has_region",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=NO_DATA_ROLES) | models.Q(region__isnull=True),
                name="user_security_and_audit_roles_have_no_region",
            ),
        ]

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_portal_admin(self) -> bool:
        return self.role == Role.ADMIN or (self.is_superuser and self.role not in NO_DATA_ROLES)

    @property
    def is_security_admin(self) -> bool:
        return self.role == Role.SECURITY_ADMIN

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords: none of the last few may be chosen again."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="password_history")
    password_hash = models.CharField(_("密码哈希"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        indexes = [
            # The validator reads a user's newest N hashes.
            models.Index(fields=["user", "-created_at"], name="password_history_recent_idx"),
        ]


class AdminChangeKind(models.TextChoices):
    """What a four-eyes request does to an account (三员分立: one administrator proposes, another confirms)."""

    GRANT_ROLE = "grant_role", _("授予管理员角色")
    REVOKE_ROLE = "revoke_role", _("撤销管理员角色（停用账号）")
    RESET_PASSWORD = "reset_password", _("重置密码")
    RESET_TWO_FACTOR = "reset_two_factor", _("重置双因素认证")
    UNLOCK = "unlock", _("解锁账号")


class AdminChangeStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认执行")
    REJECTED = "rejected", _("已拒绝")


class AdminAccountChange(models.Model):
    """A change to an administrator account, proposed by a 安全管理员 and applied only when a second
    administrator confirms it (``accounts.four_eyes``). Both steps are in the audit log."""

    kind = models.CharField(_("操作"), max_length=20, choices=AdminChangeKind.choices)
    target = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("授予的角色"), max_length=16, choices=Role.choices, blank=True)
    # The temporary password's hash for RESET_PASSWORD, cleared once decided; never the password itself.
    password_hash = models.CharField(_("临时密码哈希"), max_length=128, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=AdminChangeStatus.choices,
                              default=AdminChangeStatus.PENDING)
    proposed_by = models.ForeignKey(User, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    decided_by = models.ForeignKey(User, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("管理员账号变更（双人审批）")
        verbose_name_plural = _("管理员账号变更（双人审批）")
        constraints = [
            # Four eyes, in the database too: the one who proposed never decides, nobody acts on himself.
            models.CheckConstraint(condition=~models.Q(decided_by=models.F("proposed_by")),
                                   name="admin_change_decided_by_another"),
            models.CheckConstraint(condition=~models.Q(target=models.F("proposed_by")),
                                   name="admin_change_not_on_oneself"),
            models.CheckConstraint(condition=~models.Q(decided_by=models.F("target")),
                                   name="admin_change_not_decided_by_target"),
        ]
        indexes = [
            # The pending list on the four-eyes page.
            models.Index(fields=["status", "-proposed_at"], name="admin_change_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target.username}"
