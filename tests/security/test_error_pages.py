"""Friendly Chinese error pages; no stack trace or SQL ever reaches the user when DEBUG is off."""
import pytest
from django.db import DatabaseError
from django.template import loader
from django.test import Client, override_settings

from .error_urls import SECRET_DETAIL

pytestmark = pytest.mark.django_db

LEAKS = ("Traceback", "RuntimeError", "DatabaseError", "SELECT", "accounts_user", "reporting_submission", "File \"",
         ".py", "Django", "settings")


def assert_leaks_nothing(page: str) -> None:
    assert [leak for leak in LEAKS if leak in page] == []


@pytest.fixture
def quiet_client(client):
    """A client that returns the 500 page instead of re-raising the view's exception."""
    client.raise_request_exception = False
    return client


@override_settings(DEBUG=False, ROOT_URLCONF="tests.security.error_urls")
@pytest.mark.parametrize("url", ["/test-only/crash/", "/test-only/database-crash/"])
def test_an_exception_shows_the_500_page_without_traceback_or_sql(quiet_client, url, caplog):
    response = quiet_client.get(url)

    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出错了" in page and "返回首页" in page
    assert_leaks_nothing(page)
    # The details go to the log (for the administrator), not to the page.
    assert any(SECRET_DETAIL in record.getMessage() or (record.exc_info and SECRET_DETAIL in str(record.exc_info[1]))
               for record in caplog.records)


@override_settings(DEBUG=False)
def test_a_database_error_inside_a_real_view_shows_the_500_page(quiet_client, yangchun_officer, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError(f"deadlock detected\nCONTEXT: {SECRET_DETAIL}")

    monkeypatch.setattr("reporting.views.entry_rows", broken)
    quiet_client.force_login(yangchun_officer)

    response = quiet_client.get("/reporting/441781/2024/")

    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
    assert_leaks_nothing(response.content.decode())
    assert "Content-Security-Policy" in response


def test_the_500_page_renders_without_any_request_context():
    page = loader.get_template("500.html").render()
    assert "系统出错了" in page and 'href="/static/vendor/bootstrap/bootstrap.min.css"' in page


@override_settings(DEBUG=False)
def test_unknown_page_is_a_chinese_404_inside_the_portal_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and "职业病防治规划监测" in page  # the navbar of base.html
    assert_leaks_nothing(page)


@override_settings(DEBUG=False)
def test_a_region_outside_the_users_subtree_is_the_same_404(client, outsider):
    client.force_login(outsider)
    response = client.get("/reporting/441781/2024/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


@override_settings(DEBUG=False)
def test_read_only_user_posting_gets_the_chinese_403(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = client.post("/reporting/441781/2024/", {"version": "0", "save": "1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权执行此操作" in page
    assert_leaks_nothing(page)


@override_settings(DEBUG=False)
def test_a_foreign_host_header_is_a_chinese_400(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    page = response.content.decode()
    assert "请求无效" in page and "evil.example.com" not in page


@override_settings(DEBUG=False)
def test_a_form_posted_without_its_csrf_token_explains_in_chinese():
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page
    assert "CSRF" not in page
