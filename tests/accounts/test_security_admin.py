"""The 安全管理员's page: the policy, unlocking a locked account, resetting a lost phone's 2FA."""
import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, AuditEventType
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def lock_out(client, username: str) -> None:
    for _ in range(5):
        client.post(reverse("login"), {"username": username, "password": "wrong-password"})


def test_the_page_lists_the_policy_and_the_locked_accounts(client, security_admin, yangchun_officer):
    lock_out(client, "yangchun")
    client.force_login(security_admin)
    html = client.get(reverse("account:security")).content.decode()
    assert "连续 5 次失败锁定 15 分钟" in html and "90 天" in html
    assert "yangchun" in html.split('id="locked-accounts"')[1]


def test_unlocking_lets_the_user_log_in_again_and_is_audited(client, security_admin, yangchun_officer):
    lock_out(client, "yangchun")
    assert client.post(reverse("login"), {"username": "yangchun", "password": PASSWORD}).status_code == 429

    client.force_login(security_admin)
    response = client.post(reverse("account:unlock"), {"username": "yangchun"}, follow=True)
    assert "已解锁账号 yangchun" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="yangchun").exists()
    record = AuditEvent.objects.get(event=AuditEventType.ACCOUNT_UNLOCK)
    assert (record.user, record.object_id, record.details["username"]) == (security_admin, str(yangchun_officer.pk),
                                                                         "yangchun")
    client.logout()
    assert client.post(reverse("login"), {"username": "yangchun", "password": PASSWORD}).status_code == 302


def test_unlocking_an_account_that_is_not_locked_says_so(client, security_admin, yangchun_officer):
    client.force_login(security_admin)
    assert "无需解锁" in client.post(reverse("account:unlock"), {"username": "yangchun"}, follow=True).content.decode()


def test_resetting_two_factor_removes_the_device_and_is_audited(client, security_admin, yangjiang_reviewer):
    TOTPDevice.objects.create(user=yangjiang_reviewer, name="手机", confirmed=True)
    client.force_login(security_admin)
    assert "yangjiang" in client.get(reverse("account:security")).content.decode()
    response = client.post(reverse("account:two_factor_reset"), {"username": "yangjiang"}, follow=True)
    assert "已重置 yangjiang 的双因素认证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=yangjiang_reviewer).exists()
    record = AuditEvent.objects.get(event=AuditEventType.TWO_FACTOR_RESET)
    assert (record.user, record.object_id, record.details) == (security_admin, str(yangjiang_reviewer.pk),
                                                               {"devices": 1})


def test_a_security_admin_cannot_reset_their_own_two_factor(client, security_admin):
    device = TOTPDevice.objects.create(user=security_admin, name="手机", confirmed=True)
    client.force_login(security_admin)
    client.post(reverse("account:two_factor_verify"), {"token": f"{totp(device.bin_key):06d}"})
    response = client.post(reverse("account:two_factor_reset"), {"username": "security"}, follow=True)
    assert "不能重置自己的双因素认证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=security_admin).exists()


def test_resetting_an_unknown_user_changes_nothing(client, security_admin):
    client.force_login(security_admin)
    assert "没有这个用户名的账号" in client.post(reverse("account:two_factor_reset"), {"username": "nobody"},
                                                  follow=True).content.decode()
    assert not AuditEvent.objects.filter(event=AuditEventType.TWO_FACTOR_RESET).exists()
