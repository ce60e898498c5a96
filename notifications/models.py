"""In-app notifications (the bell) and each user's choice of which kinds also arrive by email."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    RETURNED = "returned", _("填报被退回")
    APPROVED = "approved", _("填报已审核")
    AWAITING = "awaiting", _("待您审核")
    REMINDER = "reminder", _("催报")
    DEADLINE = "deadline", _("截止提醒")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    message = models.CharField(_("内容"), max_length=500)
    link = models.CharField(_("链接"), max_length=200, blank=True)  # a path inside the portal
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The notification centre: a user's notifications, newest first, and the unread ones.
            models.Index(fields=["user", "read_at", "created_at"], name="notification_user_read_idx"),
        ]

    def __str__(self) -> str:
        return self.message


class EmailPreference(models.Model):
    """Whether notifications of ``kind`` are also emailed to the user; without a row they are."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=NotificationKind.choices)
    by_email = models.BooleanField(_("发送邮件"), default=True)

    class Meta:
        verbose_name = _("邮件通知设置")
        verbose_name_plural = _("邮件通知设置")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_one_per_kind")]
