"""What an entered value must look like: one set of rules for the web form, the Excel upload and
the CSV import. Pure functions; messages are Chinese and name what is wrong."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from indicators.display import plain_number
from indicators.models import ValueKind
from plumbing.numbers import NumberRefused, bounded_decimal

MAX_RATE_TERM = Decimal(10_000_000)  # no county has more than ten million workplaces/workers in a rate
MAX_COUNT = Decimal(100_000_000)
MAX_AMOUNT = Decimal(100_000_000)  # 万元
JUMP_NEEDS_NOTE = Decimal("0.5")  # a change of more than 50% against last year must be explained
VALUE_PLACES = Decimal("0.0001")
YES, NO = "yes", "no"

FIELDS = ("numerator", "denominator", "value", "yes_no", "not_applicable", "reason", "note")


@dataclass(frozen=True)
class CleanEntry:
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    not_applicable: bool = False
    reason: str = ""
    note: str = ""

    @property
    def is_filled(self) -> bool:
        return self.value is not None or self.not_applicable

    @property
    def is_empty(self) -> bool:
        return not self.is_filled and not self.note


class EntryErrors(dict):
    """field name → message."""


def _text(raw: dict, field: str) -> str:
    value = raw.get(field)
    return "" if value is None else str(value).strip()


def _number(raw: dict, field: str, label: str, errors: EntryErrors, *, limit: Decimal) -> Decimal | None:
    """The field as a number within ``limit`` (checked before anything rounds it: ``plumbing.numbers``)."""
    text = _text(raw, field).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        return bounded_decimal(text, limit=limit)
    except NumberRefused as refused:
        errors[field] = {
            "not_a_number": _("%(label)s只能填写数字") % {"label": label},
            "negative": _("%(label)s不能为负数") % {"label": label},
        }.get(refused.reason) or _at_most_message(label, limit)
        return None


def _at_most_message(label: str, limit: Decimal) -> str:
    return _("%(label)s超出合理范围（上限 %(limit)s）") % {"label": label, "limit": f"{limit:,.0f}"}


def _whole(number: Decimal | None, field: str, label: str, errors: EntryErrors) -> None:
    if number is not None and field not in errors and number != number.to_integral_value():
        errors[field] = _("%(label)s应为整数") % {"label": label}


def rate_percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator * 100 / denominator).quantize(VALUE_PLACES, rounding=ROUND_HALF_UP)


def clean_entry(value_kind: str, raw: dict, *, previous_value: Decimal | None = None,
                require_complete: bool = False) -> tuple[CleanEntry | None, EntryErrors]:
    """Validate one indicator's raw input; return the clean entry, or None and the errors by field."""
    errors = EntryErrors()
    for field in FIELDS:
        if "\x00" in _text(raw, field):
            # PostgreSQL cannot store a NUL character; the web form refuses it too (Django's validator).
            errors[field] = _("含有不允许的控制字符")
    if errors:
        return None, errors
    not_applicable = _text(raw, "not_applicable").lower() in {"1", "true", "on", "yes", "是"}
    reason, note = _text(raw, "reason"), _text(raw, "note")
    numerator = denominator = value = None

    if value_kind == ValueKind.RATE:
        numerator = _number(raw, "numerator", _("分子"), errors, limit=MAX_RATE_TERM)
        denominator = _number(raw, "denominator", _("分母"), errors, limit=MAX_RATE_TERM)
        for number, field, label in ((numerator, "numerator", _("分子")), (denominator, "denominator", _("分母"))):
            _whole(number, field, label, errors)
        if denominator is not None and "denominator" not in errors and denominator == 0:
            errors["denominator"] = _("分母必须大于 0")
        if not errors:
            if (numerator is None) != (denominator is None):
                missing = "numerator" if numerator is None else "denominator"
                errors[missing] = _("请同时填写分子和分母")
            elif numerator is not None and numerator > denominator:
                errors["numerator"] = _("分子不能大于分母")
            elif numerator is not None:
                value = rate_percent(numerator, denominator)
    elif value_kind == ValueKind.YES_NO:
        answer = _text(raw, "yes_no").lower()
        if answer in {YES, "是", "1", "true"}:
            value = Decimal(100)
        elif answer in {NO, "否", "0", "false"}:
            value = Decimal(0)
        elif answer:
            errors["yes_no"] = _("请选择“是”或“否”")
    else:
        label = _("人数") if value_kind == ValueKind.COUNT else _("金额")
        limit = MAX_COUNT if value_kind == ValueKind.COUNT else MAX_AMOUNT
        value = _number(raw, "value", label, errors, limit=limit)
        if value_kind == ValueKind.COUNT:
            _whole(value, "value", label, errors)
        elif value is not None and "value" not in errors and value != value.quantize(Decimal("0.01")):
            errors["value"] = _("金额最多保留两位小数")

    if not_applicable:
        if not reason:
            errors["reason"] = _("勾选“无法填报”时请说明原因")
        if value is not None or numerator is not None:
            errors["not_applicable"] = _("已勾选“无法填报”，请清空数值")
    elif require_complete and value is None and not errors:
        target_field = {"rate": "numerator", "yes_no": "yes_no"}.get(value_kind, "value")
        errors[target_field] = _("提交前请填写本项，或勾选“无法填报”并说明原因")

    if value is not None and previous_value and not note and not errors:
        change = abs(value - previous_value) / previous_value
        if change > JUMP_NEEDS_NOTE:
            errors["note"] = _("与上年（%(previous)s）相比变化超过 50%%，请在说明中注明原因") % {
                "previous": plain_number(previous_value)}

    if errors:
        return None, errors
    return CleanEntry(numerator, denominator, value, not_applicable, reason if not_applicable else "", note), errors



