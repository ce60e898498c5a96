"""The Django admin for regions: search by name and code, and adding a 功能区 under a city."""
import pytest
from django.urls import reverse

from regions.models import Region, RegionKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_of_portal(client, portal_admin):
    client.force_login(portal_admin)
    return client


@pytest.mark.parametrize("query, expected", [("阳春", "441781"), ("441781", "441781")])
def test_search_by_name_and_code(admin_client_of_portal, query, expected):
    response = admin_client_of_portal.get(reverse("admin:regions_region_changelist"), {"q": query})
    assert response.status_code == 200
    assert expected in [region.code for region in response.context["cl"].result_list]


def test_admin_adds_a_zone_under_a_city(admin_client_of_portal):
    city = Region.objects.get(code="441700")
    response = admin_client_of_portal.post(reverse("admin:regions_region_add"),
                                           {"parent": city.pk, "code": "441771", "name": "阳江高新区",
                                            "established_year": 2026})
    assert response.status_code == 302
    zone = Region.objects.get(code="441771")
    assert (zone.kind, zone.level, zone.parent, zone.full_name) == (RegionKind.ZONE, 3, city, "阳江市阳江高新区")


@pytest.mark.parametrize("parent_code, code, message", [
    ("441781", "441799", "功能区只能设在地级市之下"),
    ("441700", "4417", "功能区代码应为 6 位数字"),
])
def test_a_misplaced_zone_is_refused_with_a_message(admin_client_of_portal, parent_code, code, message):
    parent = Region.objects.get(code=parent_code)
    response = admin_client_of_portal.post(reverse("admin:regions_region_add"),
                                           {"parent": parent.pk, "code": code, "name": "某园区",
                                            "established_year": 2026})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Region.objects.filter(code=code).exists()
