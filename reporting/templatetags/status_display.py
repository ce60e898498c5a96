"""reporting.tables' status symbols and short indicator names for templates, defined once there."""
from django import template

from reporting.tables import STATUS_SYMBOLS, indicator_short_name

register = template.Library()


@register.filter
def status_symbol(status: str) -> str:
    return STATUS_SYMBOLS.get(status, "")


@register.filter
def short_name(indicator) -> str:
    return indicator_short_name(indicator)
