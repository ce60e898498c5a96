"""Regions in time (issue 14, rule 7): the 设立 / 撤销 years, the one rule that says which regions exist in a
year, the services that set them (audited, refused when a report would fall outside), the admin form and the
region page."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent, AuditEventType
from regions.models import Region, RegionKind, valid_in_year
from regions.services import current_year, region_create_zone, region_set_years, region_years_errors
from reporting.models import Submission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("established, abolished, year, valid", [
    (None, None, 2021, True),    # the statistical codes: valid from before the plan period
    (2026, None, 2025, False),   # a zone set up in 2026 does not exist in 2025 …
    (2026, None, 2026, True),    # … and counts from its 设立 year itself
    (None, 2024, 2023, True),    # abolished in 2024: valid through 2023 …
    (None, 2024, 2024, False),   # … not in its 撤销 year itself
    (None, 2024, 2025, False),
    (2022, 2024, 2022, True),
    (2023, 2023, 2023, False),   # abolished in its own 设立 year (added by mistake): never valid
])
def test_a_region_is_valid_from_its_established_year_until_the_year_before_it_is_abolished(established, abolished, year,
                                                                                           valid):
    region = Region(code="441771", established_year=established, abolished_year=abolished)
    assert region.is_valid_in(year) is valid
    assert (region.validity_refusal(year) == "") is valid


@pytest.mark.parametrize("year", [2020, 2021, 2023, 2024, 2026, 2027])
def test_the_queryset_and_the_method_agree(year):
    yangjiang = Region.objects.get(code="441700")
    Region.objects.filter(code="441781").update(abolished_year=2024)
    Region.objects.filter(code="441702").update(established_year=2021, abolished_year=2026)
    region_create_zone(parent=yangjiang, code="441771", name="阳江高新区", established_year=2024)
    below = list(Region.objects.filter(parent=yangjiang))
    assert ({r.code for r in Region.objects.filter(parent=yangjiang).valid_in(year)}
            == {r.code for r in Region.objects.filter(parent=yangjiang).filter(valid_in_year(year))}
            == {r.code for r in below if r.is_valid_in(year)})


def test_the_refusal_names_the_region_and_the_year():
    zone = Region(code="441771", full_name="阳江市阳江高新区", established_year=2026)
    assert zone.validity_refusal(2023) == "阳江市阳江高新区 于 2026 年设立，2023 年不需要也不能填报。"
    county = Region(code="441781", full_name="阳江市阳春市", abolished_year=2024)
    assert county.validity_refusal(2025) == "阳江市阳春市 已于 2024 年撤销，2025 年不需要也不能填报。"


def test_a_new_zone_exists_from_this_year_by_default_and_is_audited(portal_admin):
    zone = region_create_zone(parent=Region.objects.get(code="441700"), code="441771", name="阳江高新区", user=portal_admin)
    assert zone.established_year == current_year() and zone.abolished_year is None
    event = AuditEvent.objects.get(event=AuditEventType.REGION_CHANGE)
    assert event.user == portal_admin and event.details["established_year"] == current_year()


@pytest.mark.parametrize("year", [2020, current_year() + 2])
def test_a_zone_outside_a_sensible_range_of_years_is_refused(year):
    with pytest.raises(ValidationError) as refused:
        region_create_zone(parent=Region.objects.get(code="441700"), code="441771", name="阳江高新区", established_year=year)
    assert "设立年份应在 2021 至" in refused.value.message_dict["established_year"][0]
    assert not Region.objects.filter(code="441771").exists()


def test_abolishing_a_region_is_audited(portal_admin):
    county = Region.objects.get(code="441781")
    region_set_years(region=county, established_year=None, abolished_year=2025, user=portal_admin)
    county.refresh_from_db()
    assert county.abolished_year == 2025
    event = AuditEvent.objects.get(event=AuditEventType.REGION_CHANGE)
    assert event.details["changes"] == {"established_year": [None, None], "abolished_year": [None, 2025]}
    assert "撤销年份：— → 2025" in event.details_text


def test_a_region_with_reports_after_its_abolished_year_is_refused_and_nothing_changes(portal_admin):
    county = Region.objects.get(code="441781")
    Submission.objects.create(region=county, year=2025)
    with pytest.raises(ValidationError) as refused:
        region_set_years(region=county, established_year=None, abolished_year=2025, user=portal_admin)
    assert refused.value.message_dict["abolished_year"] == ["阳江市阳春市 在 2025 年已有填报，撤销年份不能早于或等于这些年份。"]
    county.refresh_from_db()
    assert county.abolished_year is None and not AuditEvent.objects.filter(event=AuditEventType.REGION_CHANGE).exists()
    assert region_years_errors(region=county, established_year=None, abolished_year=2026) == {}  # after the report: fine


def test_an_established_year_after_a_report_is_refused():
    county = Region.objects.get(code="441781")
    Submission.objects.create(region=county, year=2022)
    errors = region_years_errors(region=county, established_year=2023, abolished_year=None)
    assert errors == {"established_year": "阳江市阳春市 在 2022 年已有填报，设立年份不能晚于这些年份。"}


def test_abolished_before_established_is_refused():
    errors = region_years_errors(region=None, established_year=2025, abolished_year=2024)
    assert errors == {"abolished_year": "撤销年份不能早于设立年份（2025 年）。"}


# --- the admin, through the real client ---------------------------------------------------------

@pytest.fixture
def admin_client_of_portal(client, portal_admin):
    client.force_login(portal_admin)
    return client


def test_the_add_form_offers_this_year(admin_client_of_portal):
    response = admin_client_of_portal.get(reverse("admin:regions_region_add"))
    assert response.status_code == 200
    assert response.context["adminform"].form["established_year"].value() == current_year()


def test_admin_adds_a_zone_from_a_year(admin_client_of_portal, portal_admin):
    response = admin_client_of_portal.post(reverse("admin:regions_region_add"), {
        "parent": Region.objects.get(code="441700").pk, "code": "441771", "name": "阳江高新区", "established_year": 2026})
    assert response.status_code == 302
    zone = Region.objects.get(code="441771")
    assert (zone.kind, zone.established_year) == (RegionKind.ZONE, 2026)
    assert AuditEvent.objects.get(event=AuditEventType.REGION_CHANGE).user == portal_admin


@pytest.mark.parametrize("year, message", [
    ("2019", "设立年份应在 2021 至"),
    (str(current_year() + 5), "设立年份应在 2021 至"),
    ("", "这个字段是必填项"),
    ("二〇二六", "输入整数"),
])
def test_admin_zone_year_errors_are_chinese_and_add_nothing(admin_client_of_portal, year, message):
    response = admin_client_of_portal.post(reverse("admin:regions_region_add"), {
        "parent": Region.objects.get(code="441700").pk, "code": "441771", "name": "阳江高新区", "established_year": year})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Region.objects.filter(code="441771").exists()


def _change(client, region: Region, **years):
    data = {"name": region.name, "full_name": region.full_name, "established_year": "", "abolished_year": "",
            **{field: str(value) for field, value in years.items()}}
    return client.post(reverse("admin:regions_region_change", args=[region.pk]), data)


def test_admin_abolishes_a_county(admin_client_of_portal):
    county = Region.objects.get(code="441781")
    assert _change(admin_client_of_portal, county, abolished_year=2026).status_code == 302
    county.refresh_from_db()
    assert county.abolished_year == 2026
    assert AuditEvent.objects.filter(event=AuditEventType.REGION_CHANGE).count() == 1


@pytest.mark.parametrize("years, message", [
    ({"established_year": 2025, "abolished_year": 2024}, "撤销年份不能早于设立年份（2025 年）。"),
    ({"abolished_year": 2023}, "阳江市阳春市 在 2023 年已有填报，撤销年份不能早于或等于这些年份。"),
    ({"abolished_year": 2030}, "撤销年份应在 2021 至"),
])
def test_admin_year_errors_on_change_are_chinese_and_change_nothing(admin_client_of_portal, years, message):
    county = Region.objects.get(code="441781")
    Submission.objects.create(region=county, year=2023)
    response = _change(admin_client_of_portal, county, **years)
    assert response.status_code == 200 and message in response.content.decode()
    county.refresh_from_db()
    assert (county.established_year, county.abolished_year) == (None, None)
    assert not AuditEvent.objects.filter(event=AuditEventType.REGION_CHANGE).exists()


def test_region_page_shows_the_years(client):
    zone = region_create_zone(parent=Region.objects.get(code="441700"), code="441771", name="阳江高新区", established_year=2024)
    Region.objects.filter(pk=zone.pk).update(abolished_year=2026)
    page = client.get(reverse("regions:detail", args=["441771"])).content.decode()
    assert "2024 年设立" in page and "2026 年撤销（填报至上一年）" in page
    assert "规划期（2021 年）之前设立" in client.get(reverse("regions:detail", args=["441781"])).content.decode()
