from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .display import details_text


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")


class AuditEventType(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出登录")
    LOCKOUT = "lockout", _("账号锁定")
    ACCOUNT_UNLOCK = "account_unlock", _("账号解锁")
    PASSWORD_CHANGE = "password_change", _("修改密码")
    TWO_FACTOR_ENROL = "two_factor_enrol", _("启用双因素认证")
    TWO_FACTOR_VERIFY = "two_factor_verify", _("双因素验证")
    TWO_FACTOR_RESET = "two_factor_reset", _("重置双因素认证")
    ROLE_CHANGE = "role_change", _("角色与权限变更")
    ADMIN_CHANGE_PROPOSE = "admin_change_propose", _("提出管理员账号变更")
    ADMIN_CHANGE_CONFIRM = "admin_change_confirm", _("确认管理员账号变更")
    ADMIN_CHANGE_REJECT = "admin_change_reject", _("拒绝管理员账号变更")
    VALUE_SAVE = "value_save", _("保存填报")
    SUBMIT = "submit", _("提交填报")
    EVIDENCE_UPLOAD = "evidence_upload", _("上传佐证材料")
    EVIDENCE_DOWNLOAD = "evidence_download", _("下载佐证材料")
    EVIDENCE_DELETE = "evidence_delete", _("删除佐证材料")
    API_READ = "api_read", _("接口读取")
    IMPORT = "import", _("数据导入")
    EXPORT = "export", _("数据导出")
    APPROVE = "approve", _("审核通过")
    RETURN = "return", _("退回")
    WITHDRAW = "withdraw", _("撤销审核")
    AUDIT_PRUNE = "audit_prune", _("清理审计日志")
    SEASON_SET = "season_set", _("设置填报期限")
    SEASON_REOPEN = "season_reopen", _("重新开放填报")
    REMINDER = "reminder", _("催报")
    PROVINCE_CONFIRM = "province_confirm", _("省级复核通过")
    REGION_CHANGE = "region_change", _("区划变更")

    @classmethod
    def of_review(cls, from_status: str, to_status: str) -> "AuditEventType":
        """The event of a review transition (statuses as in ``lifecycle.models.SubmissionStatus``)."""
        return {("submitted", "approved"): cls.APPROVE, ("submitted", "returned"): cls.RETURN,
                ("submitted", "city_approved"): cls.APPROVE, ("city_approved", "approved"): cls.PROVINCE_CONFIRM,
                ("city_approved", "returned"): cls.RETURN,
                ("approved", "submitted"): cls.WITHDRAW}[(str(from_status), str(to_status))]


class AuditLogImmutable(Exception):
    """Audit records are appended, never changed or deleted (only pruned after the retention period)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("审计记录只能追加，不能修改。")

    def delete(self):
        raise AuditLogImmutable("审计记录只能追加，不能删除；过期记录请使用 prune_audit_log 清理。")


class AuditEvent(models.Model):
    """One entry of the append-only audit log (安全审计).

    Each record carries the hash of its predecessor (``prev_hash``) and its own hash over a canonical
    JSON of its fields plus ``prev_hash`` (``audit.chain``), so an edited or deleted record
    breaks the chain: ``manage.py verify_audit_log`` finds it. Written only by ``audit.services.audit_record``.
    """

    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)
    # PROTECT: an account with audit records is deactivated, never deleted (a SET_NULL would rewrite the log).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    event = models.CharField(_("事件"), max_length=32, choices=AuditEventType.choices)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        # Nobody adds, changes or deletes audit records through permissions: only "view" exists.
        default_permissions = ("view",)
        permissions = [("export_auditevent", _("导出审计日志"))]
        ordering = ["-id"]
        indexes = [
            # The audit page's date range (and prune's "older than").
            models.Index(fields=["created_at"], name="audit_created_idx"),
            # The audit page filtered by user or by event, newest first.
            models.Index(fields=["username", "created_at"], name="audit_username_idx"),
            models.Index(fields=["event", "created_at"], name="audit_event_idx"),
            # The events of one object (a submission's history page).
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_event_display()} {self.username}"

    @property
    def details_text(self) -> str:
        return details_text(self.details)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("审计记录只能追加，不能修改。")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("审计记录只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The single row that serialises audit writers and remembers the newest hash.

    Writers lock this row (SELECT … FOR UPDATE) before reading the previous hash. Locking the last
    AuditEvent instead is not enough on PostgreSQL: "ORDER BY id DESC LIMIT 1 FOR UPDATE" returns the
    old last row to the waiting writer, and two records would chain to the same predecessor. The stored
    hash also reveals a deleted *last* record, which the chain alone cannot.
    """

    last_id = models.BigIntegerField(_("最后一条记录"), null=True, blank=True)
    last_hash = models.CharField(_("最后一条哈希"), max_length=64)
    # ``audit.chain.head_signature`` of (last_id, last_hash), keyed outside the database.
    signature = models.CharField(_("链头签名"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        default_permissions = ()
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="audit_chain_head_singleton")]
