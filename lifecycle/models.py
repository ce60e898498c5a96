"""The life cycle every yearly report shares (indicator submissions and key-action progress alike).

draft → submitted → approved / returned, with a version that grows on every save (compare-and-swap
against lost updates). The concrete reports live in ``reporting`` and ``actions``; both build on this.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")
    # 逐级审核: the city approved; the province has still to confirm it (省级复核), where it is switched on.
    CITY_APPROVED = "city_approved", _("市级已审核，待省级复核")
    APPROVED = "approved", _("已审核")


EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
COUNTED_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_APPROVED, SubmissionStatus.APPROVED)
# States in which a reviewer decides (approve or return), at the level the state names.
AWAITING_REVIEW_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_APPROVED)


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
    # The first level's decision, kept when the province confirms or returns the report so that the
    # county sees both levels' comments.
    city_reviewed_at = models.DateTimeField(_("市级审核时间"), null=True, blank=True)
    city_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("市级审核人"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+")
    city_comment = models.TextField(_("市级审核意见"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.region} {self.year} {self.get_status_display()}"

    # The URL name of the report's own page, set by each concrete report: lifecycle sits below the apps
    # that own those pages and must not name their URLs itself.
    page_url_name = ""
    # Which kind of report this is, as the review queue and notifications name it.
    kind_label = ""

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def awaiting_review(self) -> bool:
        return self.status in AWAITING_REVIEW_STATUSES

    @property
    def counted_submitted_at(self):
        """When the report was submitted, if it counts as submitted now (a returned report does not)."""
        return self.submitted_at if self.status in COUNTED_STATUSES else None

    def page_url(self) -> str:
        return reverse(self.page_url_name, args=[self.region.code, self.year])


class ProvinceReview(models.Model):
    """逐级审核, configured per province: with ``confirms`` on, a county report the city approved waits for
    the province's confirmation (省级复核) before it is 已审核."""

    province = models.OneToOneField("regions.Region", verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+")
    confirms = models.BooleanField(_("开启省级复核"), default=True)

    class Meta:
        verbose_name = _("省级复核设置")
        verbose_name_plural = _("省级复核设置")

    def __str__(self) -> str:
        return f"{self.province} {self.confirms}"
