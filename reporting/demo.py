"""The demo: users for every role (and, once data entry exists, a labelled synthetic data set).

Never available under production settings: ``settings.DEMO_MODE`` is False there and these
functions refuse to run.
"""
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from regions.models import Region, Role, User

DEMO_USERS = [
    # username, region code, role, display name
    ("huadu_officer", "440114", Role.OFFICER, "花都区填报员（演示）"),
    ("jianghai_officer", "440704", Role.OFFICER, "江海区填报员（演示）"),
    ("yangchun_officer", "441781", Role.OFFICER, "阳春市填报员（演示）"),
    ("yingde_officer", "441881", Role.OFFICER, "英德市填报员（演示）"),
    ("jiexi_officer", "445222", Role.OFFICER, "揭西县填报员（演示）"),
    ("yangjiang_reviewer", "441700", Role.REVIEWER, "阳江市审核员（演示）"),
    ("qingyuan_reviewer", "441800", Role.REVIEWER, "清远市审核员（演示）"),
    ("jiangmen_reviewer", "440700", Role.REVIEWER, "江门市审核员（演示）"),
    ("jieyang_reviewer", "445200", Role.REVIEWER, "揭阳市审核员（演示）"),
    ("guangzhou_reviewer", "440100", Role.REVIEWER, "广州市审核员（演示）"),
    ("guangdong_reviewer", "440000", Role.REVIEWER, "广东省审核员（演示）"),
    ("demo_admin", None, Role.ADMIN, "系统管理员（演示）"),
]


@dataclass(frozen=True)
class DemoCredential:
    username: str
    password: str | None  # None: the user existed already and keeps its password
    role: str
    region_name: str


def demo_password() -> str:
    """Random, and strong enough for the portal's own password rules (upper, lower, digit, symbol)."""
    alphabet = string.ascii_letters + string.digits
    return "Demo-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "7a"


def assert_demo_allowed() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("演示账号和演示数据只能在演示模式（DEMO_MODE）下创建，生产环境禁止。")


@transaction.atomic
def demo_users_create() -> list[DemoCredential]:
    """Create the demo users that do not exist yet; new ones get a fresh random password."""
    assert_demo_allowed()
    regions = Region.objects.in_bulk([code for _, code, _, _ in DEMO_USERS if code], field_name="code")
    credentials = []
    for username, code, role, display_name in DEMO_USERS:
        region = regions.get(code) if code else None
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            password = demo_password()
            user = User(username=username, first_name=display_name, region=region, role=role,
                        is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
            user.set_password(password)
            user.full_clean()
            user.save()
        credentials.append(DemoCredential(username, password, user.get_role_display(),
                                          region.full_name if region else "—"))
    return credentials
