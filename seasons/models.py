"""A reporting season: when a year's reports open, are due and close for the regions below a region, an
administrator's reopening of one region, and the reminders (催报) sent — each automatic one only once."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingWindow(models.Model):
    """The window set by a province for its regions (or, stricter, by a city for its counties).

    Where several windows lie on a region's path the strictest date of each applies (``seasons.windows``)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("设置地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    opens_on = models.DateField(_("开始填报"))
    due_on = models.DateField(_("填报截止"))
    closes_on = models.DateField(_("补报截止"), help_text=_("截止后至此日仍可补报（记为逾期提交）；此后不能填报。"))
    remind_days_before = models.PositiveSmallIntegerField(_("截止前几天自动催报"), default=3)
    remind_day_after = models.BooleanField(_("截止次日自动催报"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("设置人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("填报期限")
        verbose_name_plural = _("填报期限")
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="window_one_per_region_year"),
            models.CheckConstraint(condition=models.Q(opens_on__lte=models.F("due_on")), name="window_opens_before_due"),
            models.CheckConstraint(condition=models.Q(due_on__lte=models.F("closes_on")), name="window_due_before_close"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"


class WindowReopening(models.Model):
    """An administrator lets one region enter again until a date, whatever its window says."""

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    until = models.DateField(_("开放至"))
    reason = models.CharField(_("原因"), max_length=200)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("批准时间"), auto_now=True)

    class Meta:
        verbose_name = _("重新开放填报")
        verbose_name_plural = _("重新开放填报")
        ordering = ["-year", "region__code"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="reopening_one_per_region_year")]

    def __str__(self) -> str:
        return f"{self.region} {self.year} → {self.until}"


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("人工催报")
    BEFORE_DUE = "before_due", _("截止前提醒")
    AFTER_DUE = "after_due", _("逾期催报")


class ReportKind(models.TextChoices):
    """Which yearly report a reminder is about: each kind is reminded on its own."""

    INDICATORS = "indicators", _("指标填报")
    ACTIONS = "actions", _("重大行动进展")


class ReminderSent(models.Model):
    """A reminder sent to a region for a year's report. An automatic one exists at most once per region,
    year, report and kind (the constraint is what makes ``send_reminders`` idempotent, even when two crons
    overlap)."""

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=16, choices=ReminderKind.choices)
    report = models.CharField(_("报告"), max_length=16, choices=ReportKind.choices, default=ReportKind.INDICATORS)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("催报记录")
        verbose_name_plural = _("催报记录")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "report", "kind"], condition=~models.Q(kind="manual"),
                                    name="reminder_automatic_once_per_report"),
        ]
