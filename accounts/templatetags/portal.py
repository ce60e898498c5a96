from django import template

register = template.Library()


@register.filter
def user_display(user) -> str:
    """A person's name as shown in lists: full name, else username, else a dash (system or deleted)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
