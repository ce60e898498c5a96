"""What a key-action progress entry must look like. Pure functions, Chinese messages by field."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plumbing.numbers import NumberRefused, bounded_decimal

from .models import ProgressStatus

MAX_METRIC = Decimal(1_000_000_000)
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
    if len(label) > 60 or len(unit) > 16:
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
