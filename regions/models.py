from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
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


class RegionQuerySet(models.QuerySet):
    def subtree_of(self, region: "Region", *, include_self: bool = True) -> "RegionQuerySet":
        """Every region below ``region`` in one query (materialised-path prefix match)."""
        queryset = self.filter(path__startswith=region.path)
        return queryset if include_self else queryset.exclude(pk=region.pk)

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
    ADMIN = "admin", _("管理员")


class User(AbstractUser):
    """A portal user: belongs to one region and acts in one role there.

    The region lives here, beside the tree, so that every app can scope by it without importing
    upward (see ``regions.access``).
    """

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.OFFICER)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(region__isnull=False), name="user_non_admin_has_region"
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
        return self.role == Role.ADMIN or self.is_superuser
