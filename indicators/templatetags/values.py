"""Template access to the display rules of ``indicators.display`` (formatting only: no queries)."""
from django import template

from indicators import display

register = template.Library()


@register.filter
def plain_number(value) -> str:
    """80.3 rather than 80.3000."""
    return display.plain_number(value) if value not in (None, "") else ""


@register.filter
def target_reading(target) -> str:
    """"≥ 90%", "比上年提升" … — what the portal understood of a printed target."""
    return display.target_reading(target)
