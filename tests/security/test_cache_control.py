"""Signed-in pages and downloads are never stored by a shared proxy or the browser cache (issue 15)."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url", ["/plans/", "/reporting/441781/2024/", "/reporting/441781/2024/excel/",
                                 "/dashboard/441700/2024/"])
def test_signed_in_pages_and_downloads_are_private_and_not_stored(client, yangjiang_reviewer, url):
    client.force_login(yangjiang_reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_the_audit_export_is_private_and_not_stored(client, auditor):
    client.force_login(auditor)
    response = client.get(reverse("audit:export"))
    assert response.status_code == 200 and {"private", "no-store"} <= cache_control(response)


def test_public_pages_for_anonymous_visitors_are_left_alone(client):
    assert "no-store" not in cache_control(client.get("/plans/"))
