"""Password ageing: expiry after 90 days forces the change page; the last 5 passwords cannot come back."""
import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordHistory, User
from accounts.password_policy import password_expired
from audit.models import AuditEvent, AuditEventType
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
PASSWORD_PAGE = reverse("account:password")
ENTRY = reverse("reporting:entry", args=["441781", 2024])
NOW = timezone.now()


@pytest.mark.parametrize("age_days, expired", [(0, False), (89, False), (90, False), (91, True)])
def test_a_password_expires_after_90_days(age_days, expired):
    changed_at = NOW - datetime.timedelta(days=age_days, seconds=1 if age_days == 91 else 0)
    assert password_expired(changed_at, now=NOW, max_age_days=90) is expired


def test_ageing_can_be_switched_off_and_unknown_dates_never_expire():
    assert not password_expired(NOW - datetime.timedelta(days=900), now=NOW, max_age_days=0)
    assert not password_expired(None, now=NOW, max_age_days=90)


def age_password(user: User, days: int) -> None:
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=days))


def test_setting_a_password_records_when_and_the_hash(yangchun_officer):
    assert yangchun_officer.password_changed_at is not None
    assert PasswordHistory.objects.filter(user=yangchun_officer).count() == 1


def test_an_expired_password_forces_the_change_page(client, yangchun_officer):
    age_password(yangchun_officer, 91)
    client.force_login(yangchun_officer)
    response = client.get(ENTRY)
    assert response.status_code == 302 and response.url.startswith(PASSWORD_PAGE)
    page = client.get(response.url)
    assert page.status_code == 200 and "超过 90 天" in page.content.decode()


def test_changing_the_expired_password_lets_the_user_back_in(client, yangchun_officer):
    age_password(yangchun_officer, 91)
    client.force_login(yangchun_officer)
    response = client.post(PASSWORD_PAGE, {"old_password": PASSWORD, "new_password1": "Neue-Passw0rt!",
                                           "new_password2": "Neue-Passw0rt!", "next": ENTRY})
    assert response.status_code == 302 and response.url == ENTRY
    assert client.get(ENTRY).status_code == 200  # still signed in: the session hash was updated
    yangchun_officer.refresh_from_db()
    assert timezone.now() - yangchun_officer.password_changed_at < datetime.timedelta(minutes=1)
    assert AuditEvent.objects.filter(event=AuditEventType.PASSWORD_CHANGE, user=yangchun_officer).exists()


def test_a_wrong_old_password_changes_nothing(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(PASSWORD_PAGE, {"old_password": "nope", "new_password1": "Neue-Passw0rt!",
                                           "new_password2": "Neue-Passw0rt!"})
    assert response.status_code == 200
    yangchun_officer.refresh_from_db()
    assert yangchun_officer.check_password(PASSWORD)


def set_passwords(user: User, passwords: list[str]) -> None:
    for password in passwords:
        user.set_password(password)
        user.save()


def test_the_current_and_last_five_passwords_are_refused_in_chinese(client, yangchun_officer):
    earlier = [f"Zhiye-{n}-Jiankang" for n in range(4)]
    set_passwords(yangchun_officer, earlier)  # history: PASSWORD, then the four
    client.force_login(yangchun_officer)
    for reused in [PASSWORD, *earlier]:
        response = client.post(PASSWORD_PAGE, {"old_password": earlier[-1], "new_password1": reused,
                                               "new_password2": reused})
        assert response.status_code == 200
        assert "不能与最近 5 次使用过的密码相同" in response.content.decode()


def test_a_password_six_changes_ago_may_be_used_again(yangchun_officer):
    set_passwords(yangchun_officer, [f"Zhiye-{n}-Jiankang" for n in range(5)])
    assert PasswordHistory.objects.filter(user=yangchun_officer).count() == 5
    validate_password(PASSWORD, user=yangchun_officer)
    with pytest.raises(ValidationError, match="最近 5 次"):
        validate_password("Zhiye-0-Jiankang", user=yangchun_officer)


def test_the_strength_rules_still_apply(yangchun_officer):
    with pytest.raises(ValidationError):
        validate_password("alllowercase", user=yangchun_officer)


def test_a_hash_upgrade_on_login_is_not_a_password_change(yangchun_officer, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    changed_at = yangchun_officer.password_changed_at
    assert yangchun_officer.check_password(PASSWORD)  # re-hashes with PBKDF2 and saves
    yangchun_officer.refresh_from_db()
    assert yangchun_officer.password.startswith("pbkdf2_") and yangchun_officer.password_changed_at == changed_at
    assert PasswordHistory.objects.filter(user=yangchun_officer).count() == 1


def test_the_admin_password_page_leads_to_the_portal_page(admin_client):
    assert admin_client.get("/admin/password_change/").url == PASSWORD_PAGE
