"""Production settings: no demo (so no demo accounts), two-factor login enforced."""
import runpy

import pytest
from django.core.checks import Warning
from django.test import override_settings

from accounts.checks import two_factor_enforced


@pytest.fixture
def prod_settings(monkeypatch) -> dict:
    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "portal.example.gov.cn")
    monkeypatch.delenv("DEMO_MODE", raising=False)
    monkeypatch.delenv("TWO_FACTOR_REQUIRED", raising=False)
    return runpy.run_module("config.settings.prod", run_name="prod_settings_under_test")


def test_production_has_no_demo_mode(prod_settings):
    assert prod_settings["DEMO_MODE"] is False


def test_production_requires_two_factor(prod_settings):
    assert prod_settings["TWO_FACTOR_REQUIRED"] is True


def test_the_deploy_check_warns_when_two_factor_is_off_outside_the_demo():
    with override_settings(DEMO_MODE=False, TWO_FACTOR_REQUIRED=False):
        warnings = two_factor_enforced(None)
    assert [warning.id for warning in warnings] == ["regions.W001"] and isinstance(warnings[0], Warning)
    with override_settings(DEMO_MODE=False, TWO_FACTOR_REQUIRED=True):
        assert two_factor_enforced(None) == []


def test_production_language_cookie_is_secure_and_same_site(prod_settings):
    assert (prod_settings["LANGUAGE_COOKIE_SECURE"], prod_settings["LANGUAGE_COOKIE_SAMESITE"],
            prod_settings["LANGUAGE_COOKIE_HTTPONLY"]) == (True, "Lax", True)


def test_no_document_tells_anyone_to_run_createsuperuser():
    """"No default accounts": personal admin accounts come from create_admin_account, never createsuperuser."""
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    documents = [base / "README.md", base / "Makefile", *sorted((base / "docs").glob("*.md"))]
    assert not [str(path) for path in documents if "createsuperuser" in path.read_text(encoding="utf-8")]
