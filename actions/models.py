from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lifecycle.models import ReportLifecycle
from plans.period import ACTION_YEARS


class KeyAction(models.Model):
    """A key-action box (专栏) or 附表2 重大行动 row, as printed."""

    plan = models.ForeignKey("plans.Plan", verbose_name=_("规划"), on_delete=models.CASCADE, related_name="key_actions")
    seq = models.PositiveSmallIntegerField(_("序号"))
    label = models.CharField(_("标注"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    objective = models.TextField(_("目标"), blank=True)
    principles = models.TextField(_("建设原则"), blank=True)
    expected_effect = models.TextField(_("预期效果"), blank=True)

    class Meta:
        verbose_name = _("重大行动")
        verbose_name_plural = _("重大行动")
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="key_action_unique_seq")]

    def __str__(self) -> str:
        return f"{self.label} {self.name}"


class ActionItem(models.Model):
    """One numbered content item (行动内容 / 建设内容) of a key action."""

    action = models.ForeignKey(KeyAction, verbose_name=_("重大行动"), on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("行动内容")
        verbose_name_plural = _("行动内容")
        ordering = ["action", "seq"]
        constraints = [models.UniqueConstraint(fields=["action", "seq"], name="action_item_unique_seq")]

    def __str__(self) -> str:
        return f"{self.seq}. {self.text[:30]}"


# --- Yearly progress on the key actions (reported, reviewed, kept in history) ---



class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    DONE = "done", _("已完成")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class ActionReport(ReportLifecycle):
    """A region's yearly progress report on the key actions of the plan that applies to it."""

    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT,
                               related_name="action_reports")
    # The document whose key actions this report answers (the governing plan when it was created): a plan
    # loaded later for the region must not blank a submitted or approved report (actions.rules.report_document).
    plan = models.ForeignKey("plans.Plan", verbose_name=_("填报依据规划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])
    kind_label = _("重大行动进展")
    page_url_name = "actions:entry"

    class Meta:
        verbose_name = _("重大行动进展")
        verbose_name_plural = _("重大行动进展")
        ordering = ["region__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="action_report_one_per_region_year"),
            models.CheckConstraint(condition=models.Q(year__gte=ACTION_YEARS.start, year__lte=ACTION_YEARS.stop - 1),
                                   name="action_report_year_2022_2025"),
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
    action = models.ForeignKey(KeyAction, verbose_name=_("重大行动"), on_delete=models.PROTECT, related_name="+")
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
    item = models.ForeignKey(ActionItem, verbose_name=_("行动内容"), on_delete=models.PROTECT, related_name="+")
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
