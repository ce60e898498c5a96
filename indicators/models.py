from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import RegionLevel

from .targets import reading_text

# Indicators are entered by cities (地级) or counties (县级) — the choices of ``Indicator.entry_level`` —
# never by towns: the dashboards list no rows below this level.
LOWEST_ENTRY_LEVEL = RegionLevel.COUNTY


class ValueKind(models.TextChoices):
    RATE = "rate", _("率（分子/分母）")
    COUNT = "count", _("人数（整数）")
    AMOUNT = "amount", _("金额")
    YES_NO = "yes_no", _("是/否")


class Rollup(models.TextChoices):
    RATIO_OF_SUMS = "ratio_of_sums", _("分子之和/分母之和")
    SUM = "sum", _("求和")
    SHARE_YES = "share_yes", _("为“是”的下级占比")
    NONE = "none", _("不汇总")


class Comparator(models.TextChoices):
    GTE = ">=", "≥"
    GT = ">", ">"
    LTE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="
    INCREASE = "increase", _("比上期提升")
    DECREASE = "decrease", _("比上期下降")


class Relative(models.TextChoices):
    """A target printed as a change from the region's baseline (比2020年下降10%, 提高5个百分点)."""

    ABSOLUTE = "", _("绝对值")
    PERCENT = "percent", _("相对基线的百分比变化")
    POINTS = "points", _("相对基线的百分点变化")


class Indicator(models.Model):
    """One canonical real-world measure; plans print it under different names."""

    code = models.CharField(_("指标代码"), max_length=8, unique=True)
    name = models.CharField(_("规范名称"), max_length=200)
    value_kind = models.CharField(_("数值类型"), max_length=8, choices=ValueKind.choices)
    unit = models.CharField(_("单位"), max_length=16)
    entry_level = models.PositiveSmallIntegerField(_("填报层级"), choices=[(2, _("地级")), (3, _("县级"))])
    rollup = models.CharField(_("汇总方式"), max_length=16, choices=Rollup.choices)
    definition = models.TextField(_("定义"), blank=True)
    numerator_label = models.CharField(_("分子含义"), max_length=200, blank=True)
    denominator_label = models.CharField(_("分母含义"), max_length=200, blank=True)
    higher_is_better = models.BooleanField(_("越高越好"), default=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanIndicator(models.Model):
    """One row of a plan's indicator table, exactly as printed."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("规划"), on_delete=models.CASCADE, related_name="indicator_rows")
    seq = models.PositiveSmallIntegerField(_("序号"))
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="plan_rows")
    printed_name = models.CharField(_("印发名称"), max_length=200)
    nature = models.CharField(_("指标性质"), max_length=8, blank=True)
    remark = models.CharField(_("备注"), max_length=200, blank=True)
    # Set by the admin when the printed target is deliberately not compared (another measure, a wording
    # no rule can judge): the import refuses an unreadable target otherwise, and every page shows the reason.
    no_comparison_reason = models.CharField(_("不作比较的理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        ordering = ["plan", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "seq"], name="plan_indicator_unique_seq"),
            models.UniqueConstraint(fields=["plan", "indicator"], name="plan_indicator_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.seq}项 {self.printed_name}"


class TargetFields(models.Model):
    """A printed text and what the target grammar understood of it."""

    text = models.CharField(_("印发文本"), max_length=120)
    comparator = models.CharField(_("比较方式"), max_length=8, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=8, blank=True)
    other_measure = models.BooleanField(_("口径不同"), default=False)
    relative = models.CharField(_("相对基线"), max_length=8, choices=Relative.choices, blank=True)
    reading_note = models.CharField(_("识别说明"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def reading(self) -> str:
        """What the grammar read the printed text as ("≥ 85%", "比上期下降"), for pages and previews."""
        return reading_text(self.comparator, self.value, self.unit, self.relative)


class Target(TargetFields):
    """The target a plan row prints for one year (2025, and interim years where printed)."""

    row = models.ForeignKey(PlanIndicator, verbose_name=_("规划指标"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))

    class Meta:
        verbose_name = _("目标值")
        verbose_name_plural = _("目标值")
        ordering = ["row", "year"]
        constraints = [models.UniqueConstraint(fields=["row", "year"], name="target_one_per_row_year")]

    def __str__(self) -> str:
        return f"{self.year} {self.text}"


class Baseline(TargetFields):
    """A fact about a region in a year (e.g. 江门市 2020), as printed in some plan's table."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="baselines")
    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="baselines")
    year = models.PositiveSmallIntegerField(_("年度"))
    source_row = models.ForeignKey(
        PlanIndicator, verbose_name=_("出处"), on_delete=models.CASCADE, related_name="baselines"
    )

    class Meta:
        verbose_name = _("基线值")
        verbose_name_plural = _("基线值")
        ordering = ["indicator", "region__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["source_row", "region", "year"], name="baseline_unique_per_source"),
        ]
        indexes = [
            # Compliance looks up a region's baseline for an indicator.
            models.Index(fields=["region", "indicator", "year"], name="baseline_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.text}"
