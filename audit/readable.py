"""How an audit record reads for a person: the object's type by its Chinese name, the details as text.

The record itself keeps the machine form (``regions.region``, a JSON object): it is hashed into the chain
and searched by it. These functions only say it in words, for the export and the page.
"""
import functools

from django.apps import apps
from django.utils.translation import gettext as _

# The keys services put into ``details`` (audit_record callers), in words.
DETAIL_LABELS = {
    "file": "文件", "year": "年度", "kind": "方式", "rows": "行数", "filters": "筛选条件", "reason": "理由",
    "changed": "变更", "changes": "变更", "created": "新建", "devices": "设备数", "username": "用户名",
    "attempts": "尝试次数", "by_admin": "由管理员操作", "created_count": "新建数", "updated": "更新",
}
KIND_LABELS = {"entry_excel": "填报表（Excel）导入", "values_csv": "数值 CSV 导入", "plan_excel": "规划模板导入"}


@functools.lru_cache(maxsize=256)
def object_type_label(object_type: str) -> str:
    """``regions.region`` → "地区" (the model's verbose name); a type no model answers to any more stays as stored."""
    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _value_text(key: str, value) -> str:
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None or value == "":
        return "—"
    if key == "kind" and value in KIND_LABELS:
        return KIND_LABELS[value]
    if isinstance(value, dict):
        return "，".join(f"{DETAIL_LABELS.get(k, k)} {_value_text(k, v)}" for k, v in value.items()
                        if v not in (None, "", [], {})) or "—"
    if isinstance(value, list):
        return "、".join(_value_text(key, item) for item in value) or "—"
    return str(value)


def details_text(details: dict) -> str:
    """``{"file": "填报表", "year": 2024}`` → "文件：填报表；年度：2024"."""
    return "；".join(f"{DETAIL_LABELS.get(key, key)}：{_value_text(key, value)}" for key, value in (details or {}).items())
