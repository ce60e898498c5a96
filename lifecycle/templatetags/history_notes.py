from django import template

from lifecycle.change_reasons import change_reason_text

register = template.Library()


@register.filter
def change_reason(stored: str | None) -> str:
    """A history row's note in the reader's language (lifecycle.change_reasons)."""
    return change_reason_text(stored)
