"""How an audit record's ``details`` read to a person: Chinese prose, not a Python dict.

The details are stored as JSON with short English keys (audit.services.audit_record callers); the
audit page and the admin both show them through ``details_text``, the one definition.
"""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DETAIL_LABELS = {
    "file": _("文件"), "year": _("年度"), "rows": _("行数"), "filters": _("筛选条件"), "kind": _("类型"),
    "reason": _("理由"), "created": _("新建"), "changes": _("变更"), "changed": _("已修改"),
    "devices": _("设备数"), "username": _("用户名"), "attempts": _("失败次数"), "by_admin": _("由管理员操作"),
    "before": _("早于"), "deleted": _("删除条数"), "last_deleted_id": _("最后删除的编号"),
    "last_deleted_hash": _("最后删除的哈希"), "days": _("保留天数"), "date": _("日期"),
    "role": _("角色"), "region": _("区划"), "region_id": _("区划"), "is_staff": _("可登录管理后台"), "is_active": _("启用"), "is_superuser": _("超级用户"),
    "s_created": _("新建报告"), "s_updated": _("更新报告"), "v_created": _("新增数值"),
    "v_updated": _("更新数值"), "v_unchanged": _("未变数值"), "n": _("数量"), "worker": _("执行者"),
    "parent": _("上级"), "established_year": _("设立年份"), "abolished_year": _("撤销年份"),
}
# Chinese runs "标签：值；标签：值"; English wants "Label: value; Label: value".
LABEL_SEPARATOR = _("：")
ITEM_SEPARATOR = _("；")
BRACKETED = _("（%(inner)s）")


def _value_text(value) -> str:
    if value is True:
        return gettext("是")
    if value is False:
        return gettext("否")
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return str(BRACKETED) % {"inner": details_text(value)}
    if isinstance(value, list):
        return "、".join(_value_text(item) for item in value)
    return str(value)


def _changes_text(changes: dict) -> str:
    """accounts.services.user_save_with_role stores each change as ``field: [before, after]``."""
    return str(BRACKETED) % {"inner": str(ITEM_SEPARATOR).join(
        f"{DETAIL_LABELS.get(field, field)}{LABEL_SEPARATOR!s}{_value_text(pair[0])} → {_value_text(pair[1])}"
        if isinstance(pair, list) and len(pair) == 2 else f"{DETAIL_LABELS.get(field, field)}{LABEL_SEPARATOR!s}{_value_text(pair)}"
        for field, pair in changes.items())}


def details_text(details) -> str:
    """``{"file": "填报表", "year": 2025}`` → ``文件：填报表；年度：2025``. Unknown keys keep their name."""
    if not isinstance(details, dict):
        return "" if details in (None, "") else str(details)
    return str(ITEM_SEPARATOR).join(
        f"{DETAIL_LABELS.get(key, key)}{LABEL_SEPARATOR!s}"
        + (_changes_text(value) if key == "changes" and isinstance(value, dict) else _value_text(value))
        for key, value in details.items())
