"""What a key-action progress entry must look like. Pure functions, Chinese messages by field."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plumbing.numbers import NumberRefused, bounded_decimal

from .models import ActionMetric, ActionProgress, ItemProgress, ProgressStatus

MAX_METRIC = Decimal(1_000_000_000)
# Prefix "a…" is an action's own entry (its narrative), "i…" an item's (its description): field, limit.
TEXT_LIMITS = {"action": ("narrative", ActionProgress._meta.get_field("narrative").max_length),
               "item": ("description", ItemProgress._meta.get_field("description").max_length)}
REASON_LIMIT = ActionProgress._meta.get_field("reason").max_length
METRIC_LABEL_LIMIT = ActionMetric._meta.get_field("label").max_length
METRIC_UNIT_LIMIT = ActionMetric._meta.get_field("unit").max_length
STATUSES = set(ProgressStatus.values)


@dataclass(frozen=True)
class StatusEntry:
    status: str = ""
    reason: str = ""
    text: str = ""  # the narrative (action) or the progress description (item)


@dataclass(frozen=True)
class MetricEntry:
    label: str
    value: Decimal
    unit: str = ""


@dataclass
class ActionEntry:
    own: StatusEntry
    items: dict[int, StatusEntry] = field(default_factory=dict)  # item id → entry
    metrics: list[MetricEntry] = field(default_factory=list)


def clean_status(raw_status: str, raw_reason: str, raw_text: str, *, require: bool, prefix: str) -> tuple[StatusEntry, dict]:
    errors = {}
    status, reason, text = (raw_status or "").strip(), (raw_reason or "").strip(), (raw_text or "").strip()
    # The limits of the model fields, enforced here: the HTML maxlength is only a hint, and a TextField's
    # max_length is not checked by full_clean (a 200,000-character narrative was stored).
    text_field, text_limit = TEXT_LIMITS["action" if prefix.startswith("a") else "item"]
    if len(text) > text_limit:
        errors[f"{prefix}-{text_field}"] = _("最多 %(limit)s 字，现有 %(length)s 字") % {
            "limit": text_limit, "length": len(text)}
    if len(reason) > REASON_LIMIT:
        errors[f"{prefix}-reason"] = _("原因最多 %(limit)s 字") % {"limit": REASON_LIMIT}
    if status and status not in STATUSES:
        errors[f"{prefix}-status"] = _("请选择有效的状态")
    elif status == ProgressStatus.NOT_APPLICABLE and not reason:
        errors[f"{prefix}-reason"] = _("选择“不适用”时必须说明原因")
    elif require and not status:
        errors[f"{prefix}-status"] = _("提交前请选择状态")
    return StatusEntry(status, reason if status == ProgressStatus.NOT_APPLICABLE else "", text), errors


def clean_metric(label: str, value: str, unit: str, *, prefix: str) -> tuple[MetricEntry | None, dict]:
    label, value, unit = (label or "").strip(), (value or "").strip().replace(",", ""), (unit or "").strip()
    if not label and not value:
        return None, {}
    if not label:
        return None, {f"{prefix}-label": _("请填写数据名称（如“帮扶企业数”）")}
    try:
        number = bounded_decimal(value, limit=MAX_METRIC)
    except NumberRefused as refused:
        return None, {f"{prefix}-value": {"not_a_number": _("数值只能填写数字"), "negative": _("数值不能为负数")}.get(
            refused.reason, _("数值超出合理范围"))}
    if number != number.quantize(Decimal("0.01")):
        return None, {f"{prefix}-value": _("数值最多保留两位小数")}
    if len(label) > METRIC_LABEL_LIMIT or len(unit) > METRIC_UNIT_LIMIT:
        return None, {f"{prefix}-label": _("名称不超过 60 字，单位不超过 16 字")}
    return MetricEntry(label, number, unit), {}


def derived_status(item_statuses: list[str]) -> str:
    """An action's status from its items: all done → done; all n/a → n/a; anything started → in progress."""
    statuses = [status for status in item_statuses if status]
    if not statuses:
        return ""
    relevant = [status for status in statuses if status != ProgressStatus.NOT_APPLICABLE]
    if not relevant:
        return ProgressStatus.NOT_APPLICABLE
    if all(status == ProgressStatus.DONE for status in relevant):
        return ProgressStatus.DONE if len(statuses) == len(item_statuses) else ProgressStatus.IN_PROGRESS
    if all(status == ProgressStatus.NOT_STARTED for status in relevant):
        return ProgressStatus.NOT_STARTED
    return ProgressStatus.IN_PROGRESS
