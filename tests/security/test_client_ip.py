"""X-Forwarded-For is believed only from configured proxies (TRUSTED_PROXIES), read from the right."""
import pytest
from django.test import override_settings
from django.urls import reverse

from audit.models import AuditEvent, AuditEventType
from plumbing.client_ip import client_address

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("remote, forwarded, trusted, expected", [
    ("203.0.113.9", "", [], "203.0.113.9"),
    ("203.0.113.9", "1.2.3.4", [], "203.0.113.9"),                       # no proxy configured: header ignored
    ("203.0.113.9", "1.2.3.4", ["127.0.0.1"], "203.0.113.9"),            # not from our proxy: header ignored
    ("127.0.0.1", "198.51.100.7", ["127.0.0.1"], "198.51.100.7"),        # nginx on the same host
    ("127.0.0.1", "6.6.6.6, 198.51.100.7", ["127.0.0.1"], "198.51.100.7"),  # a forged left part is ignored
    ("10.0.0.2", "198.51.100.7, 10.0.0.3", ["10.0.0.0/24"], "198.51.100.7"),  # two of our proxies
    ("127.0.0.1", "not-an-ip", ["127.0.0.1"], "127.0.0.1"),
])
def test_client_address(remote, forwarded, trusted, expected):
    assert client_address(remote, forwarded, trusted) == expected


@pytest.mark.parametrize("trusted, expected", [([], "127.0.0.1"), (["127.0.0.1"], "198.51.100.7")])
def test_the_audit_log_and_the_lockout_use_the_same_rule(client, yangchun_officer, trusted, expected):
    with override_settings(TRUSTED_PROXIES=trusted):
        client.post(reverse("login"), {"username": "yangchun", "password": "wrong"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    record = AuditEvent.objects.filter(event=AuditEventType.LOGIN).order_by("-id").first()
    assert record.ip == expected
