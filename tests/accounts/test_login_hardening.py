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
