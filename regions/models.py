from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.IntegerChoices):
    NATION = 0, _("全国")
    PROVINCE = 1, _("省级")
    CITY = 2, _("地级")
    COUNTY = 3, _("县级")
    TOWN = 4, _("乡级")


class RegionKind(models.TextChoices):
    NATION = "全国", _("全国")
    PROVINCE = "省", _("省")
    CITY = "地级市", _("地级市")
    DISTRICT = "区", _("区")
    COUNTY = "县", _("县")
    COUNTY_CITY = "县级市", _("县级市")
    AUTONOMOUS_COUNTY = "自治县", _("自治县")
    ZONE = "功能区", _("功能区")
    SUBDISTRICT = "街道", _("街道")
    TOWN = "镇", _("镇")
    TOWNSHIP = "乡", _("乡")
    OTHER = "其他", _("其他")


def in_subtree(field: str, path: str) -> models.Q:
    """``field`` (a materialised path, possibly across a relation) lies in the subtree at ``path``.

    On SQLite a range, because its LIKE is case-insensitive and so never uses the path index: paths end
    in "/" and codes are digits, so [path, path with its last "/" raised to "0") is exactly the subtree.
    On PostgreSQL a prefix match, which uses the varchar_pattern_ops index whatever the collation (a
    range would depend on a collation that may ignore "/").
    """
    if connection.vendor == "sqlite":
        return models.Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
    return models.Q(**{f"{field}__startswith": path})


class RegionQuerySet(models.QuerySet):
    def subtree_of(self, region: "Region", *, include_self: bool = True) -> "RegionQuerySet":
        """Every region below ``region`` in one query (materialised-path prefix match)."""
        queryset = self.filter(in_subtree("path", region.path))
        return queryset if include_self else queryset.exclude(pk=region.pk)

    def with_a_plan(self) -> "RegionQuerySet":
        """The regions that have a plan of their own. Unordered on purpose: ordering by code made SQLite walk
        every region of the country (~3 ms) to find the few dozen that have one."""
        return self.filter(plans__isnull=False).order_by()

    def ancestors_of(self, region: "Region", *, include_self: bool = False) -> "RegionQuerySet":
        """The chain from the root down to ``region``, in one query, root first."""
        codes = region.path_codes if include_self else region.path_codes[:-1]
        return self.filter(code__in=codes).order_by("level")


class Region(models.Model):
    """One node of the administrative tree: 全国 → 省 → 地级市 → 县级 → 乡级.

    ``path`` is the materialised path of codes ("/440000/440100/440114/"). It turns subtree and
    ancestor lookups into one indexed query each, and it needs no tree library: the tree changes
    only when an admin adds a zone, and a node is never moved.
    """

    code = models.CharField(
        _("区划代码"), max_length=12, unique=True,
        validators=[RegexValidator(r"^\d{6,12}$", _("区划代码应为 6 至 12 位数字。"))],
    )
    name = models.CharField(_("名称"), max_length=64)
    full_name = models.CharField(_("全称"), max_length=160)
    level = models.PositiveSmallIntegerField(_("层级"), choices=RegionLevel.choices)
    kind = models.CharField(_("类型"), max_length=8, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [
            # Subtree queries are "path LIKE '/440000/%'"; on PostgreSQL the pattern opclass lets
            # them use the index whatever the database collation (ignored on SQLite).
            models.Index(fields=["path"], name="region_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            # Children lists of a region page, in code order.
            models.Index(fields=["parent", "code"], name="region_children_idx"),
            # "The counties (or cities) under this region": the dashboards count them per child. Without it
            # SQLite walks every region of the subtree, towns included (9 → 2 ms for 全国).
            models.Index(fields=["level", "path"], name="region_level_path_idx", opclasses=["int2_ops", "varchar_pattern_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__gte=0, level__lte=4), name="region_level_range"),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True) | models.Q(level__gt=0), name="region_only_root_is_level_0"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def path_codes(self) -> list[str]:
        return [code for code in self.path.split("/") if code]

    def is_within(self, other: "Region") -> bool:
        """True when this region is ``other`` or lies below it."""
        return self.path.startswith(other.path)


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
    upward (see ``regions.access``). Django groups and ``is_staff`` follow the role
    (``regions.account_services.user_role_apply``); they are never edited by hand.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    # Set by regions.password_policy.PasswordHistoryValidator.password_changed (Django calls it on save
    # after set_password); a password older than PASSWORD_MAX_AGE_DAYS must be changed before anything else.
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

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


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AuditEventType(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOCKOUT = "lockout", _("账号锁定")
    ACCOUNT_UNLOCK = "account_unlock", _("账号解锁")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("启用双因素认证")
    TWO_FACTOR_VERIFY = "two_factor_verify", _("双因素验证")
    TWO_FACTOR_RESET = "two_factor_reset", _("重置双因素认证")
    ROLE_CHANGE = "role_change", _("角色与权限变更")
    IMPORT = "import", _("数据导入")
    EXPORT = "export", _("数据导出")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    WITHDRAW = "withdraw", _("撤销审核")
    AUDIT_PRUNE = "audit_prune", _("清理审计日志")

    @classmethod
    def of_review(cls, from_status: str, to_status: str) -> "AuditEventType":
        """The event of a review transition (statuses as in ``reporting.models.SubmissionStatus``)."""
        return {("submitted", "approved"): cls.APPROVE, ("submitted", "returned"): cls.RETURN,
                ("approved", "submitted"): cls.WITHDRAW}[(str(from_status), str(to_status))]


class AuditLogImmutable(Exception):
    """Audit records are appended, never changed or deleted (only pruned after the retention period)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("审计记录只能追加，不能修改。")

    def delete(self):
        raise AuditLogImmutable("审计记录只能追加，不能删除；过期记录请使用 prune_audit_log 清理。")


class AuditEvent(models.Model):
    """One entry of the append-only audit log (安全审计).

    Each record carries the hash of its predecessor (``prev_hash``) and its own hash over a canonical
    JSON of its fields plus ``prev_hash`` (``regions.audit_chain``), so an edited or deleted record
    breaks the chain: ``manage.py verify_audit_log`` finds it. Written only by ``regions.audit.audit_record``.
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    # PROTECT: an account with audit records is deactivated, never deleted (a SET_NULL would rewrite the log).
    user = models.ForeignKey(User, verbose_name=_("用户"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    event = models.CharField(_("事件"), max_length=32, choices=AuditEventType.choices)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        # Nobody adds, changes or deletes audit records through permissions: only "view" exists.
        default_permissions = ("view",)
        permissions = [("export_auditevent", _("导出审计日志"))]
        ordering = ["-id"]
        indexes = [
            # The audit page's date range (and prune's "older than").
            models.Index(fields=["created_at"], name="audit_created_idx"),
            # The audit page filtered by user or by event, newest first.
            models.Index(fields=["username", "created_at"], name="audit_username_idx"),
            models.Index(fields=["event", "created_at"], name="audit_event_idx"),
            # The events of one object (a submission's history page).
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_event_display()} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("审计记录只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("审计记录只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The single row that serialises audit writers and remembers the newest hash.

    Writers lock this row (SELECT … FOR UPDATE) before reading the previous hash. Locking the last
    AuditEvent instead is not enough on PostgreSQL: "ORDER BY id DESC LIMIT 1 FOR UPDATE" returns the
    old last row to the waiting writer, and two records would chain to the same predecessor. The stored
    hash also reveals a deleted *last* record, which the chain alone cannot.
    """

    last_id = models.BigIntegerField(_("最后一条记录"), null=True, blank=True)
    last_hash = models.CharField(_("最后一条哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        default_permissions = ()
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_head_singleton")]
