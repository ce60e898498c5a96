import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["short1A", "alllowercase", "lowercase123", "Abcdefghij"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Zhiye-jiankang", "Zhiye2024jk", "zhiye#2024jk"])
def test_three_character_classes_and_eight_characters_pass(password):
    validate_password(password)


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_even_with_the_right_password(client, yangchun_officer):
    for _ in range(5):
        assert login(client, "yangchun", "wrong-password").status_code in (200, 429)
    assert AccessAttempt.objects.filter(username="yangchun").exists()
    locked = login(client, "yangchun", PASSWORD)
    assert locked.status_code == 429 and "账号已临时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_password_logs_in(client, yangchun_officer):
    assert login(client, "yangchun", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(yangchun_officer.pk)


def stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_sessions_expire_after_30_idle_minutes_and_activity_renews_them(client, yangchun_officer, monkeypatch):
    import time as real_time

    from django.utils import timezone

    login(client, "yangchun", PASSWORD)
    assert abs((stored_expiry(client) - timezone.now()).total_seconds() - 30 * 60) < 5

    # After the first page view, views within the same minute write nothing; one two minutes later
    # renews the 30 minutes.
    client.get(reverse("home"))
    first = stored_expiry(client)
    client.get(reverse("home"))
    assert stored_expiry(client) == first
    later = real_time.time() + 120
    monkeypatch.setattr("config.middleware.time.time", lambda: later)
    client.get(reverse("home"))
    assert stored_expiry(client) > first


def test_logout_clears_the_session(client, yangchun_officer):
    login(client, "yangchun", PASSWORD)
    session_key = client.session.session_key
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
    assert client.session.session_key != session_key
    assert client.get(reverse("reporting:entry", args=["441781", 2024])).status_code == 302


def test_wrong_old_passwords_are_throttled_like_failed_logins(client, yangchun_officer):
    from tests.conftest import PASSWORD

    client.force_login(yangchun_officer)
    url = reverse("account:password")
    for _ in range(5):
        response = client.post(url, {"old_password": "wrong-guess", "new_password1": "Neu-Passw0rt!!",
                                     "new_password2": "Neu-Passw0rt!!"})
        assert response.status_code in (200, 429)
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Neu-Passw0rt!!",
                                 "new_password2": "Neu-Passw0rt!!"})
    assert response.status_code == 429  # even the right old password: the account is locked, the session ended
    yangchun_officer.refresh_from_db()
    assert yangchun_officer.check_password(PASSWORD)
    assert not client.get(url).wsgi_request.user.is_authenticated


def test_many_usernames_from_one_address_are_throttled(client, settings, yangchun_officer):
    from tests.conftest import PASSWORD

    settings.LOGIN_FAILURES_PER_IP = 6
    for number in range(6):
        login(client, f"guess{number}", "Sommer2024!")  # one try per username: no account lockout
    response = login(client, "yangchun", PASSWORD)
    assert response.status_code == 429 and "登录尝试过多" in response.content.decode()
