"""Writes for notifications: notify users (in the app, and by email to those who want it), mark read,
set email preferences. The unread count each page's bell shows is kept on the user row
(``User.unread_notifications``) so that the bell costs no query on every page."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .models import EmailPreference, Notification, NotificationKind

logger = logging.getLogger(__name__)


def wants_email(user: User, kind: str, opted_out: set[int]) -> bool:
    """Email goes to a user with an address who has not switched this kind off."""
    return bool(user.email) and user.pk not in opted_out


def _send_emails(recipients: list[str], kind: str, message: str, link: str) -> None:
    subject = _("[职业病防治规划监测] %(kind)s") % {"kind": NotificationKind(kind).label}
    body = f"{message}\n\n{settings.PORTAL_BASE_URL.rstrip('/')}{link}\n"
    for address in recipients:
        try:
            send_mail(subject, body, None, [address])
        except OSError:  # an unreachable mail server must not undo what was already committed
            logger.exception("notification email to %s failed", address)


@transaction.atomic
def notify(*, users, kind: str, message: str, link: str = "") -> list[Notification]:
    """Notify each active user of ``users`` in the app and, after the transaction commits, by email
    (one message per recipient: addresses are not shown to each other)."""
    users = [user for user in dict.fromkeys(users) if user.is_active]
    if not users:
        return []
    notifications = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, message=message[:500], link=link) for user in users])
    User.objects.filter(pk__in=[user.pk for user in users]).update(unread_notifications=F("unread_notifications") + 1)
    opted_out = set(EmailPreference.objects.filter(user__in=users, kind=kind, by_email=False)
                    .values_list("user_id", flat=True))
    recipients = [user.email for user in users if wants_email(user, kind, opted_out)]
    if recipients:
        transaction.on_commit(lambda: _send_emails(recipients, kind, message, link))
    return notifications


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications ``ids`` (all when None) as read; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    # Recounted rather than decremented: the count heals itself if it ever drifted.
    user.unread_notifications = Notification.objects.filter(user=user, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(unread_notifications=user.unread_notifications)
    return changed


@transaction.atomic
def email_preferences_set(*, user: User, email_kinds: set[str]) -> None:
    """``email_kinds``: the kinds the user wants by email; every other kind is switched off."""
    for kind in NotificationKind.values:
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"by_email": kind in email_kinds})
