from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import F
from django.utils.translation import gettext
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


# The plan period's first year: a region whose 设立年份 is blank has existed since before it (the 2023
# statistical codes), and a 设立年份 before it means the same thing, so the form refuses earlier years.
FIRST_PLAN_YEAR = 2021
LAST_SENSIBLE_YEAR = 2100


def valid_in_year(year: int, prefix: str = "") -> models.Q:
    """The region (``prefix`` for one across a relation, e.g. "region__") exists in ``year``: established in or
    before it (blank: since before the plan period) and not abolished in or before it (blank: still valid).
    The one definition of "regions in time" (issue 14, rule 7) for every expected count, completeness list,
    matrix row, reminder and entry check; ``Region.is_valid_in`` says the same for one loaded region."""
    return ((models.Q(**{f"{prefix}established_year__isnull": True}) | models.Q(**{f"{prefix}established_year__lte": year}))
            & (models.Q(**{f"{prefix}abolished_year__isnull": True}) | models.Q(**{f"{prefix}abolished_year__gt": year})))


class RegionQuerySet(models.QuerySet):
    def valid_in(self, year: int) -> "RegionQuerySet":
        """The regions that exist in ``year`` (``valid_in_year``)."""
        return self.filter(valid_in_year(year))

    def subtree_of(self, region: "Region", *, include_self: bool = True) -> "RegionQuerySet":
        """Every region below ``region`` in one query (materialised-path prefix match)."""
        queryset = self.filter(in_subtree("path", region.path))
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
    # Blank on the statistical tree (valid from before 2021); a 功能区 gets the year the admin enters.
    established_year = models.PositiveSmallIntegerField(
        _("设立年份"), null=True, blank=True, help_text=_("留空表示规划期（2021 年）之前已设立。"))
    # The region is valid through the year before; blank while it still exists.
    abolished_year = models.PositiveSmallIntegerField(
        _("撤销年份"), null=True, blank=True, help_text=_("撤销当年起不再填报、不再计入应报数；留空表示仍然有效。"))

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
            # Abolished in its own 设立 year (a zone added by mistake) leaves a region valid in no year; before it, nonsense.
            models.CheckConstraint(
                condition=models.Q(established_year__isnull=True) | models.Q(abolished_year__isnull=True)
                | models.Q(abolished_year__gte=F("established_year")), name="region_abolished_not_before_established",
                violation_error_message=_("撤销年份不能早于设立年份。"),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def path_codes(self) -> list[str]:
        return [code for code in self.path.split("/") if code]

    def is_valid_in(self, year: int) -> bool:
        """This region exists in ``year`` (the same rule as ``valid_in_year``, for a region already loaded)."""
        established = self.established_year is None or self.established_year <= year
        return established and (self.abolished_year is None or self.abolished_year > year)

    def validity_refusal(self, year: int) -> str:
        """Why nothing can be entered for (or expected from) this region in ``year``; empty when it exists."""
        if self.established_year is not None and year < self.established_year:
            return gettext("%(region)s 于 %(established)s 年设立，%(year)s 年不需要也不能填报。") % {
                "region": self.full_name, "established": self.established_year, "year": year}
        if self.abolished_year is not None and year >= self.abolished_year:
            return gettext("%(region)s 已于 %(abolished)s 年撤销，%(year)s 年不需要也不能填报。") % {
                "region": self.full_name, "abolished": self.abolished_year, "year": year}
        return ""

    def is_within(self, other: "Region") -> bool:
        """True when this region is ``other`` or lies below it."""
        return self.path.startswith(other.path)
