"""Reads for the notification centre."""
from django.db.models import QuerySet

from .models import EmailPreference, Notification, NotificationKind

SHOWN = 100  # the centre shows the latest hundred; older ones stay in the table


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:SHOWN]


def email_kinds_for(user) -> set[str]:
    """The kinds the user receives by email (every kind unless switched off)."""
    off = set(EmailPreference.objects.filter(user=user, by_email=False).values_list("kind", flat=True))
    return set(NotificationKind.values) - off
