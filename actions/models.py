from django.db import models
from django.utils.translation import gettext_lazy as _


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
