from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def user_display(user) -> str:
    """A person's name as shown in lists: full name, else username, else a dash (system or deleted)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def plain_number(value) -> str:
    """80.3 rather than 80.3000: a Decimal as printed, without padding zeros."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"
