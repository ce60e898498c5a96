"""The shared cast and data. Guangdong regions, the catalogue and the five plans are loaded once
per test session; each test runs in a transaction that is rolled back."""
import pytest

from accounts.models import Role, User
from accounts.services import user_role_apply
from plan_documents.initial_data import load_initial_data
from regions.models import Region

PASSWORD = "Test-Passw0rd!"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_initial_data()


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def make_user(username: str, role: str, region_code: str | None) -> User:
    user = User(username=username, role=role, region=region(region_code) if region_code else None,
                is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    user.set_password(PASSWORD)
    user.save()
    user_role_apply(user=user)  # groups and is_staff follow the role, as in the admin
    return user


@pytest.fixture
def yangchun_officer(db):
    """Officer of 阳春市 (county-level city judged by 阳江市's plan)."""
    return make_user("yangchun", Role.OFFICER, "441781")


@pytest.fixture
def huadu_officer(db):
    """Officer of 花都区 (judged by its own plan)."""
    return make_user("huadu", Role.OFFICER, "440114")


@pytest.fixture
def yangjiang_reviewer(db):
    return make_user("yangjiang", Role.REVIEWER, "441700")


@pytest.fixture
def portal_admin(db):
    return make_user("admin", Role.ADMIN, None)


@pytest.fixture
def outsider(db):
    """Officer of 江海区: sees nothing of 阳江 or 花都."""
    return make_user("jianghai", Role.OFFICER, "440704")


@pytest.fixture
def security_admin(db):
    """安全管理员: unlocks accounts and resets 2FA; sees no region data."""
    return make_user("security", Role.SECURITY_ADMIN, None)


@pytest.fixture
def auditor(db):
    """审计管理员: reads and exports the audit log; sees no region data."""
    return make_user("auditor", Role.AUDITOR, None)


def sign_in_settled(client, user) -> None:
    """force_login, then one request so that the session's once-a-minute renewal
    (config.middleware.SessionIdleRefreshMiddleware) is not counted in a later query count."""
    client.force_login(user)
    client.get("/")
