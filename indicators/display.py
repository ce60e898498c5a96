"""How a value is shown — defined once, used by pages, exports, reports and the API.

Stored values are decimals (a 是/否 indicator stores 100 or 0, see ``reporting.models.IndicatorValue``);
what a person reads depends on the indicator's value kind. Templates receive these texts from Python and
never re-derive them (no ``floatformat`` on a value, no "if kind == rate" in a template).
"""
from decimal import Decimal

from plumbing.wording import gettext as _  # Django's, cached while a matrix is judged or written

from .models import ValueKind


def plain_number(value: Decimal | None) -> str:
    """A decimal as typed, without padding zeros: 80.3 rather than 80.3000 ("" for none). For inputs and
    files read back by the portal, so nothing is rounded away."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def number_text(value: Decimal | None) -> str:
    """A number as read on a page: at most two decimals, no padding ("—" for none)."""
    if value is None:
        return "—"
    # Rounded half-even to two places (as ``quantize(Decimal("0.01"))``), then the padding zeros dropped (as
    # ``normalize()``): the same text, a quarter faster — a national sheet writes 100,000 of them.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def yes_no_text(value: Decimal | None) -> str:
    """A 是/否 value (stored as 100 / 0)."""
    if value is None:
        return "—"
    return _("是") if value > 0 else _("否")


def value_text(kind: str, value: Decimal | None, *, not_applicable: bool = False) -> str:
    """One region's value for an indicator of ``kind``: "是", "86.21%", "12", "无法填报" or "—"."""
    if not_applicable:
        return _("无法填报")
    if value is None:
        return "—"
    if kind == ValueKind.YES_NO:
        return yes_no_text(value)
    if kind == ValueKind.RATE:
        return f"{number_text(value)}%"
    return number_text(value)


def share_yes_text(yes_count: int, answered: int) -> str:
    """A 是/否 indicator rolled up over several regions: how many of those that answered said 是, and the
    share, e.g. "3/4 是（75%）" ("—" when none answered). One region's value reads 是/否 (``yes_no_text``)."""
    if not answered:
        return "—"
    share = number_text(Decimal(yes_count) * 100 / Decimal(answered))
    return _("%(yes)s/%(answered)s 是（%(share)s%%）") % {"yes": yes_count, "answered": answered, "share": share}


def _signed(number: Decimal) -> str:
    return ("+" if number > 0 else "") + number_text(number)


def change_text(kind: str, value: Decimal | None, previous: Decimal | None) -> str:
    """The change of one region's value against an earlier one, as a reviewer reads it: "+2.5 个百分点"
    for a rate, "+120（+10%）" for a count or amount, "否 → 是" for 是/否, "不变", or "—" when either
    value is missing."""
    if value is None or previous is None:
        return "—"
    if kind == ValueKind.YES_NO:
        same = (value > 0) == (previous > 0)
        return _("不变") if same else f"{yes_no_text(previous)} → {yes_no_text(value)}"
    difference = value - previous
    if difference == 0:
        return _("不变")
    if kind == ValueKind.RATE:
        return _("%(change)s 个百分点") % {"change": _signed(difference)}
    if previous == 0:
        return _signed(difference)
    return f"{_signed(difference)}（{_signed(difference * 100 / previous)}%）"


def with_unit(text: str, kind: str, unit: str) -> str:
    """A value text where no column header names the unit (a chart's tooltip or label): counts and amounts
    get theirs ("12人", "35.5万元"); rates already end in %, 是/否 texts need none, "—" stays bare."""
    if text == "—" or kind in (ValueKind.RATE, ValueKind.YES_NO):
        return text
    return f"{text}{unit}"


def json_number(value: Decimal | None) -> int | float | None:
    """A stored decimal as JSON: 85 rather than 85.0000, 80.3 rather than 80.3000."""
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value.normalize())


def field_text(field: str, value, kind: str) -> str:
    """One field of an indicator value as people compare versions (the conflict table, the review diff):
    the value as it reads for its kind (是/否, 86.21%), flags as 是/否, numbers as typed, "—" for none."""
    if value is None or value == "":
        return "—"
    if field == "value":
        return value_text(kind, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value if isinstance(value, str) else plain_number(value)
