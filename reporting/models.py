import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

PLAN_YEARS = range(2021, 2026)


def default_reporting_year(today=None) -> int:
    """Values are reported after a year ends: the previous calendar year, within the plan period."""
    today = today or datetime.date.today()
    return min(max(today.year - 1, PLAN_YEARS.start), PLAN_YEARS.stop - 1)


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已审核")


EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
COUNTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)


class ReportLifecycle(models.Model):
    """What every yearly report shares: draft → submitted → approved / returned, and a version that
    grows with every save so that a save based on an older version is refused (two tabs, two officers)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("最后修改人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_comment = models.TextField(_("审核意见"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_status_display()}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Submission(ReportLifecycle):
    """A region's yearly indicator report."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="submissions")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("填报")
        verbose_name_plural = _("填报")
        ordering = ["region__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="submission_one_per_region_year"),
            models.CheckConstraint(condition=models.Q(year__gte=2021, year__lte=2025), name="submission_year_in_plan_period"),
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


ACTION_YEARS = range(2022, 2026)


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class ActionReport(ReportLifecycle):
    """A region's yearly progress report on the key actions of the plan that applies to it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="action_reports")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("重大行动进展")
        verbose_name_plural = _("重大行动进展")
        ordering = ["region__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="action_report_one_per_region_year"),
            models.CheckConstraint(condition=models.Q(year__gte=2022, year__lte=2025), name="action_report_year_2022_2025"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="action_report_year_status_idx")]


class ProgressFields(models.Model):
    """A progress status; 不适用 always carries its reason."""

    status = models.CharField(_("状态"), max_length=16, choices=ProgressStatus.choices, blank=True)
    reason = models.CharField(_("不适用原因"), max_length=300, blank=True)

    class Meta:
        abstract = True


class ActionProgress(ProgressFields):
    """One key action in a report: its overall status (derived from the items where it has items),
    the narrative, the numbers it names, and the evidence."""

    report = models.ForeignKey(ActionReport, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="actions")
    action = models.ForeignKey("actions.KeyAction", verbose_name=_("重大行动"), on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(_("进展情况"), blank=True, max_length=5000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行动进展")
        verbose_name_plural = _("行动进展")
        ordering = ["report", "action__seq"]
        constraints = [
            models.UniqueConstraint(fields=["report", "action"], name="action_progress_unique"),
            models.CheckConstraint(condition=~models.Q(status="not_applicable") | ~models.Q(reason=""),
                                   name="action_progress_na_has_reason"),
        ]


class ItemProgress(ProgressFields):
    """Progress on one numbered content item of a key action."""

    progress = models.ForeignKey(ActionProgress, verbose_name=_("行动进展"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("actions.ActionItem", verbose_name=_("行动内容"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("进展说明"), blank=True, max_length=3000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("内容进展")
        verbose_name_plural = _("内容进展")
        ordering = ["progress", "item__seq"]
        constraints = [
            models.UniqueConstraint(fields=["progress", "item"], name="item_progress_unique"),
            models.CheckConstraint(condition=~models.Q(status="not_applicable") | ~models.Q(reason=""),
                                   name="item_progress_na_has_reason"),
        ]


class ActionMetric(models.Model):
    """A number the action names (示范企业数, 帮扶企业数, 培训人次 …), as many as needed."""

    progress = models.ForeignKey(ActionProgress, verbose_name=_("行动进展"), on_delete=models.CASCADE, related_name="metrics")
    label = models.CharField(_("名称"), max_length=60)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=16, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("行动数据")
        verbose_name_plural = _("行动数据")
        ordering = ["progress", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(value__gte=0), name="action_metric_non_negative")]


def evidence_path(instance: "Evidence", filename: str) -> str:
    # The stored name never uses the uploader's file name: no path tricks, no guessing.
    return f"evidence/{instance.progress.report.region.code}/{instance.progress.report.year}/{instance.sha256[:16]}{instance.extension}"


class Evidence(models.Model):
    """An evidence file, stored under MEDIA_ROOT (outside the web root) and served only through a
    permission-checked view."""

    progress = models.ForeignKey(ActionProgress, verbose_name=_("行动进展"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    extension = models.CharField(_("扩展名"), max_length=8)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["progress", "uploaded_at"]
