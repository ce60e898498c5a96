"""The strict Content-Security-Policy is sent everywhere, and nothing of ours needs more.

The browser side (no violation on the main pages) is tests/browser/test_csp_browser.py.
"""
import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
STATIC_JS_DIR = Path(settings.BASE_DIR) / "static" / "js"

# What a strict policy blocks when written into a template: a <script> without src (json_script's
# application/json data block is rendered by a filter, never written literally), a <style> element,
# a style="" attribute, an on*="" event handler, a javascript: URL.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def header_directives(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def our_templates() -> list[Path]:
    # templates/admin/ holds only our own admin pages (reporting/…); Django's admin templates live in
    # the Django package and are not scanned.
    return sorted(TEMPLATES_DIR.rglob("*.html"))


def test_there_are_templates_to_scan():
    names = {path.relative_to(TEMPLATES_DIR).as_posix() for path in our_templates()}
    assert {"base.html", "500.html", "reporting/entry.html", "admin/plan_documents/plan_upload.html"} <= names


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, INLINE_STYLE_ELEMENT, STYLE_ATTRIBUTE, EVENT_HANDLER, JAVASCRIPT_URL],
                         ids=["inline-script", "style-element", "style-attribute", "event-handler", "javascript-url"])
def test_no_template_of_ours_has_inline_code_or_styles(pattern):
    offending = [f"{path.relative_to(TEMPLATES_DIR)}:{number}: {line.strip()}"
                 for path in our_templates()
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if pattern.search(line)]
    assert offending == []


def test_our_scripts_use_no_eval_or_style_attributes():
    """script-src 'self' forbids eval(); style-src 'self' forbids style attributes set as markup
    (setting element.style.x from a script file is allowed)."""
    forbidden = re.compile(r"""\beval\(|new Function\(|setAttribute\(\s*["']style|setTimeout\(\s*["']|style=""")
    offending = [f"{path.name}:{number}" for path in sorted(STATIC_JS_DIR.glob("*.js"))
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if forbidden.search(line)]
    assert offending == []


@pytest.mark.parametrize("url", ["/", "/login/", "/regions/", "/indicators/", "/no-such-page/"])
def test_every_page_carries_the_strict_policy(client, url):
    response = client.get(url)
    assert header_directives(response) == POLICY


def test_logged_in_pages_carry_the_policy_and_frame_denial(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.get("/reporting/441781/2024/")
    assert response.status_code == 200
    assert header_directives(response) == POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_gets_the_same_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert header_directives(response) == POLICY
