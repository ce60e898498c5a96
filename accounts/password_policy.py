"""Password ageing (等保 level 3): passwords expire after PASSWORD_MAX_AGE_DAYS, and none of the last
five may be chosen again. The strength rules stay in ``regions.validators``."""
import datetime

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def password_expired(changed_at: datetime.datetime | None, *, now: datetime.datetime, max_age_days: int) -> bool:
    """True when a password set at ``changed_at`` is older than ``max_age_days`` (0 switches ageing off)."""
    if not max_age_days or changed_at is None:
        return False
    return now - changed_at > datetime.timedelta(days=max_age_days)


def password_set_at(user) -> datetime.datetime | None:
    """When the user's password was set; accounts created before password ageing count from joining."""
    return user.password_changed_at or user.date_joined


class PasswordHistoryValidator:
    """Refuses any of the user's last ``keep`` passwords, and records each new one.

    Django calls ``password_changed`` from ``User.save()`` after ``set_password`` (not after a hash
    upgrade on login, which keeps the same password), so every way of setting a password — the
    account page, the admin, ``create_user`` — goes through here.
    """

    def __init__(self, keep: int = 5):
        self.keep = keep

    def _recent_hashes(self, user) -> list[str]:
        from .models import PasswordHistory

        return list(PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")
                    .values_list("password_hash", flat=True)[:self.keep])

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = self._recent_hashes(user) or ([user.password] if user.has_usable_password() else [])
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                _("新密码不能与最近 %(n)d 次使用过的密码相同。") % {"n": self.keep}, code="password_reused")

    def password_changed(self, password: str, user=None) -> None:
        from .models import PasswordHistory, User

        if user is None or user.pk is None:
            return
        now = timezone.now()
        PasswordHistory.objects.create(user=user, password_hash=user.password, created_at=now)
        stale = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")[self.keep:]
        PasswordHistory.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
        User.objects.filter(pk=user.pk).update(password_changed_at=now)
        user.password_changed_at = now

    def get_help_text(self) -> str:
        return _("不能与最近 %(n)d 次使用过的密码相同。") % {"n": self.keep}
