"""``manage.py check --deploy`` with the production settings: no warnings, no errors (等保 2.0 level 3).

Run in a subprocess because the production settings module must be imported fresh, from the
environment, exactly as gunicorn imports it.
"""
import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "ALLOWED_HOSTS": "portal.example.gov.cn",
    # Never connected to: check --deploy runs no database checks.
    "DATABASE_URL": "postgres://ohplan@127.0.0.1:5432/ohplan",
}


def random_secret_key() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(60))


# Set by the test run itself (tests/browser/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright),
# never in production: the subprocess must not inherit them.
NOT_INHERITED = ("DEBUG", "DEMO_MODE", "TWO_FACTOR_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE")


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env={**environment, **env},
                          capture_output=True, text=True, timeout=60)


def test_check_deploy_with_production_settings_reports_no_issues():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PROD_ENV, SECRET_KEY=random_secret_key())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", **PROD_ENV, SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_are_strict():
    result = manage("shell", "--no-imports", "-c", (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.DEMO_MODE, s.TWO_FACTOR_REQUIRED, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.X_FRAME_OPTIONS, s.WHITENOISE_USE_FINDERS)"),
        **PROD_ENV, SECRET_KEY=random_secret_key())

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["False", "False", "True", "True", "True", "True", "DENY", "False"]
