from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("日")
    MONTH = "month", _("月")
    UNKNOWN = "unknown", _("未印明")


class Plan(models.Model):
    """A plan document as printed. Facts a seed does not print stay empty and are shown as 未印明."""

    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("标题"), max_length=200, blank=True)
    issuer = models.CharField(_("印发机关"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=64, blank=True)
    # Some plans print only a month: the day is stored as 1 and the precision says "month".
    issued_date = models.DateField(_("印发日期"), null=True, blank=True)
    issued_date_precision = models.CharField(
        _("日期精度"), max_length=8, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    period_start = models.PositiveSmallIntegerField(_("规划起始年"), default=2021)
    period_end = models.PositiveSmallIntegerField(_("规划终止年"), default=2025)
    # A document loaded mid-period must not re-judge the years before it (揭西县's plan loaded in 2024):
    # it governs from this year on. Empty: from its period start.
    applies_from = models.PositiveSmallIntegerField(_("适用起始年"), null=True, blank=True)
    # Between two documents of one region that both answer (a 规划 and a 工作方案), the admin's choice;
    # else the one that applies from the later year.
    preferred = models.BooleanField(_("优先"), default=False)
    publication = models.CharField(_("公开方式"), max_length=32, blank=True)
    basis_documents = models.JSONField(_("编制依据"), default=list, blank=True)
    main_tasks = models.JSONField(_("主要任务"), default=list, blank=True)
    review_milestones = models.JSONField(_("督查评估节点"), default=list, blank=True)
    indicator_table_label = models.CharField(_("指标表标题"), max_length=100, blank=True)
    seed_file = models.CharField(_("来源文件"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("规划")
        verbose_name_plural = _("规划")
        ordering = ["region__code"]
        constraints = [
            # One plan per region and period: target resolution walks up the tree and must find one.
            models.UniqueConstraint(fields=["region", "period_start"], name="plan_one_per_region_period"),
            models.CheckConstraint(condition=models.Q(period_start__lte=models.F("period_end")), name="plan_period_ordered"),
            models.CheckConstraint(
                condition=models.Q(applies_from__isnull=True) | models.Q(applies_from__gte=models.F("period_start"),
                                                                         applies_from__lte=models.F("period_end")),
                name="plan_applies_within_period"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def first_governed_year(self) -> int:
        """The first year this document judges: 适用起始年, else the start of its period."""
        return self.applies_from or self.period_start

    @property
    def display_title(self) -> str:
        return self.title or _("%(region)s职业病防治规划（未印标题）") % {"region": self.region.full_name}

    @property
    def short_name(self) -> str:
        """How a target's source names its plan: "阳江市规划"."""
        return _("%(region)s规划") % {"region": self.region.name}

    @property
    def document_label(self) -> str:
        """How a group of key actions names its document, with the years it governs: two documents of
        one region (a 规划 and a later 工作方案) read apart: "揭西县规划（2024—2025年）"."""
        return _("%(plan)s（%(start)s—%(end)s年）") % {
            "plan": self.short_name, "start": self.first_governed_year, "end": self.period_end}

    @property
    def issued_date_display(self) -> str:
        if not self.issued_date:
            return ""
        date = self.issued_date
        if self.issued_date_precision == DatePrecision.MONTH:
            return _("%(year)s年%(month)s月") % {"year": date.year, "month": date.month}
        return _("%(year)s年%(month)s月%(day)s日") % {"year": date.year, "month": date.month, "day": date.day}

    @property
    def issued_date_iso(self) -> str | None:
        """The date with its printed precision: "2022-09" or "2022-07-28"."""
        if not self.issued_date:
            return None
        if self.issued_date_precision == DatePrecision.MONTH:
            return self.issued_date.strftime("%Y-%m")
        return self.issued_date.isoformat()
