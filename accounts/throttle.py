"""Login throttling beyond django-axes' per-account lockout.

Axes locks an *account* after 5 failures (per account, not per IP: a county office shares one NAT
address). An attacker who tries one password on many usernames never trips that; so failures are also
counted per client address, with a limit high enough for a whole office behind one address.
"""
import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def ip_failures(ip: str, *, now: datetime.datetime | None = None) -> int:
    """Failed logins from ``ip`` over every username within the axes cool-off window (one query)."""
    since = (now or timezone.now()) - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    total = (AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=since)
             .aggregate(total=Sum("failures_since_start"))["total"])
    return total or 0


def ip_is_throttled(ip: str) -> bool:
    return bool(ip) and ip_failures(ip) >= settings.LOGIN_FAILURES_PER_IP
