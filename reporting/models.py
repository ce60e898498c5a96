from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lifecycle.models import ReportLifecycle
from plans.period import BASELINE_YEAR, PLAN_YEARS


class Submission(ReportLifecycle):
    """A region's yearly indicator report."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="submissions")
    # The indicators it owed when last submitted (reporting.obligations): a document loaded later adds no
    # 未填报 row to it. Empty: not recorded (never submitted, or written by a data load).
    owed_codes = models.JSONField(_("提交时应报指标"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    kind_label = _("年度指标填报")
    page_url_name = "reporting:entry"

    class Meta:
        verbose_name = _("填报")
        verbose_name_plural = _("填报")
        ordering = ["region__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="submission_one_per_region_year"),
            # The plan years, and 2020: the region's own 基线值 (十三五期末), entered and reviewed alike.
            models.CheckConstraint(condition=models.Q(year__gte=BASELINE_YEAR, year__lte=PLAN_YEARS.stop - 1),
                                   name="submission_year_in_plan_period_or_baseline"),
        ]
        indexes = [
            # Dashboards and the review queue: submissions of a year by status.
            models.Index(fields=["year", "status"], name="submission_year_status_idx"),
        ]


class IndicatorValue(models.Model):
    """One indicator's value in a submission, as entered. ``value`` is derived on the server:
    the percentage for rates, the number for counts/amounts, 100/0 for 是/否."""

    submission = models.ForeignKey(Submission, verbose_name=_("填报"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="values")
    numerator = models.DecimalField(_("分子"), max_digits=14, decimal_places=2, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=14, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4, null=True, blank=True)
    not_applicable = models.BooleanField(_("无法填报"), default=False)
    not_applicable_reason = models.CharField(_("无法填报原因"), max_length=200, blank=True)
    note = models.CharField(_("数据来源/说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["submission", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="value_one_per_indicator"),
            models.CheckConstraint(condition=models.Q(numerator__gte=0) | models.Q(numerator__isnull=True), name="value_numerator_non_negative"),
            models.CheckConstraint(condition=models.Q(denominator__gt=0) | models.Q(denominator__isnull=True), name="value_denominator_positive"),
            models.CheckConstraint(condition=models.Q(value__gte=0) | models.Q(value__isnull=True), name="value_non_negative"),
            models.CheckConstraint(
                condition=models.Q(not_applicable=False) | ~models.Q(not_applicable_reason=""),
                name="value_not_applicable_has_reason",
            ),
        ]
        indexes = [
            # Roll-ups: all values of one indicator across the submissions of a year.
            models.Index(fields=["indicator", "submission"], name="value_indicator_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.value}"

    @property
    def is_filled(self) -> bool:
        return self.value is not None or self.not_applicable


class EvaluationSection(models.Model):
    """The author's text of one section of a region's evaluation report (中期/终期评估) for a year.

    A section without a row reads the text drafted from the data (``reporting.evaluation_draft``); saving
    or regenerating a section stores its text here, and each save is a version in the history (who, when).
    The tables of the report are never stored: they are always drawn from the data.
    """

    class Key(models.TextChoices):
        OVERVIEW = "overview", _("一、规划实施总体情况")
        INDICATORS = "indicators", _("二、主要指标完成情况")
        ACTIONS = "actions", _("三、重大行动推进情况")
        PROBLEMS = "problems", _("四、存在的问题")
        NEXT_STEPS = "next_steps", _("五、下一步工作建议")

    # related_name "+": the region tree must not grow an accessor onto reporting (layers go downhill).
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("评估年度"))
    key = models.CharField(_("章节"), max_length=16, choices=Key.choices)
    text = models.TextField(_("正文"), max_length=20000)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评估报告章节")
        verbose_name_plural = _("评估报告章节")
        ordering = ["region__code", "year", "key"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "key"], name="evaluation_section_one_per_report"),
            models.CheckConstraint(condition=models.Q(year__gte=2021, year__lte=2025),
                                   name="evaluation_section_year_in_plan_period"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.key}"
