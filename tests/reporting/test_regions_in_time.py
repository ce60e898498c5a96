"""Rule 7, regions in time, on every page that counts regions for a year: a 功能区 added now leaves the
years before it as they were; a region counts from its 设立 year and stops in its 撤销 year."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from actions.selectors import action_matrix
from plans.period import PLAN_YEARS
from regions.models import Region
from regions.services import region_create_zone
from reporting.completeness import completeness_by_child, completeness_rows, completeness_summary_for
from reporting.dashboard import compliance_matrix, county_matrix
from reporting.entry_rules import CleanEntry
from reporting.evaluation import evaluation_report
from reporting.models import Submission
from reporting.reminders import reminders_send, unsubmitted_regions
from reporting.services import submission_save
from reporting.value_import import ValueImportError, values_import_csv
from tests.conftest import make_user
from tests.reporting.test_dashboard import count, report

pytestmark = pytest.mark.django_db

YANGJIANG, PROVINCE = "441700", "440000"


def region(code):
    return Region.objects.get(code=code)


def add_zone(code="441771", year=2026, parent=YANGJIANG):
    return region_create_zone(parent=region(parent), code=code, name=f"园区{code}", established_year=year)


def snapshot(year: int) -> dict:
    """Everything a year's pages count about regions: completeness, expected counts, roll-ups, rows."""
    city, province = compliance_matrix(region(YANGJIANG), year), compliance_matrix(region(PROVINCE), year)
    own, on_province = city.own.cell("OH02"), next(r for r in province.children if r.region.code == YANGJIANG).cell("OH02")
    summary = completeness_summary_for(region(YANGJIANG), year)
    return {
        "completeness": (summary.expected, summary.submitted),
        "province completeness": completeness_summary_for(region(PROVINCE), year).expected,
        "by child": completeness_by_child(region(PROVINCE), year)[f"/{PROVINCE}/{YANGJIANG}/"],
        "rows": [row.region.code for row in completeness_rows(region(YANGJIANG), year)],
        "city OH02": (own.value, own.reported, own.expected, own.status),
        "province's 阳江 OH02": (on_province.value, on_province.reported, on_province.expected, on_province.status),
        "province OH02 expected": province.own.cell("OH02").expected,
        "matrix rows": [row.region.code for row in city.children],
        "county sheet rows": [row.region.code for row in county_matrix(region(YANGJIANG), year).children],
        "action rows": [row["region"].code for row in action_matrix(region(YANGJIANG), year)["rows"]],
        "unsubmitted": [r.code for r in unsubmitted_regions(region(YANGJIANG), year)],
    }


@pytest.fixture
def reported_years():
    """阳江's counties report OH02 in 2021 and 2023 (3 of 4 in 2023, as in the issue) and 2024."""
    for code in ("441702", "441781"):
        report(code, 2021, OH02=(90, 100))
    for code in ("441702", "441704", "441781"):
        report(code, 2023, OH02=(92, 100))
        report(code, 2024, OH02=(93, 100))


@pytest.mark.parametrize("established", [2026, None])  # None: this year (2026 by the machine's clock or later)
def test_a_zone_added_this_year_leaves_every_plan_year_unchanged(reported_years, established):
    before = {year: snapshot(year) for year in PLAN_YEARS}
    assert before[2023]["completeness"] == (4, 3) and before[2021]["completeness"] == (4, 2)
    region_create_zone(parent=region(YANGJIANG), code="441771", name="阳江高新区", established_year=established)
    assert {year: snapshot(year) for year in PLAN_YEARS} == before


def test_a_zone_counts_from_its_established_year_not_before(reported_years):
    zone = add_zone(year=2024)
    report(zone.code, 2024, OH02=(50, 100))
    in_2023, in_2024 = snapshot(2023), snapshot(2024)
    assert in_2023["completeness"] == (4, 3) and zone.code not in in_2023["matrix rows"]
    assert in_2024["completeness"] == (5, 4) and in_2024["province completeness"] == in_2023["province completeness"] + 1
    assert in_2024["city OH02"][1:3] == (4, 5)  # 已报 4 / 应报 5, the zone's value rolled up
    assert in_2024["province's 阳江 OH02"][1:3] == (4, 5)
    for rows in ("rows", "matrix rows", "county sheet rows", "action rows"):
        assert zone.code in in_2024[rows] and zone.code not in in_2023[rows], rows


def test_an_abolished_county_leaves_from_its_abolished_year(reported_years):
    Region.objects.filter(code="441721").update(abolished_year=2024)  # 阳西县, never reported
    assert snapshot(2023)["completeness"] == (4, 3) and "441721" in snapshot(2023)["matrix rows"]
    in_2024 = snapshot(2024)
    assert in_2024["completeness"] == (3, 3) and in_2024["city OH02"][1:3] == (3, 3)
    assert "441721" not in in_2024["matrix rows"] + in_2024["rows"] + in_2024["unsubmitted"] + in_2024["action rows"]


def test_a_region_page_of_a_year_it_did_not_exist_expects_nothing():
    zone = add_zone(year=2024)
    assert compliance_matrix(zone, 2023).own.cell("OH02").expected == 0
    assert compliance_matrix(zone, 2024).own.cell("OH02").expected == 1


def test_no_reminder_to_a_region_not_valid_that_year(yangjiang_reviewer):
    zone = add_zone(year=2025)
    assert zone not in reminders_send(region=region(YANGJIANG), year=2024, codes=None, sender=yangjiang_reviewer)
    assert reminders_send(region=region(YANGJIANG), year=2024, codes=[zone.code], sender=yangjiang_reviewer) == []
    assert zone in reminders_send(region=region(YANGJIANG), year=2025, codes=[zone.code], sender=yangjiang_reviewer)


def test_the_evaluation_report_lists_only_the_regions_of_its_year(reported_years):
    zone = add_zone(year=2025)
    assert zone not in [row.region for row in evaluation_report(region(YANGJIANG), 2023).completeness_rows]
    assert zone in [row.region for row in evaluation_report(region(YANGJIANG), 2025).completeness_rows]


# --- entry: refused with a clear message, nothing written --------------------------------------------

@pytest.fixture
def zone_officer():
    add_zone(year=2025)
    return make_user("zone_officer", Role.OFFICER, "441771")


def test_entry_page_of_a_year_before_the_zone_says_why_and_offers_no_form(client, zone_officer):
    client.force_login(zone_officer)
    response = client.get(reverse("reporting:entry", args=["441771", 2024]))
    assert response.status_code == 200 and not response.context["editable"]
    assert "阳江市园区441771 于 2025 年设立，2024 年不需要也不能填报。" in response.content.decode()
    assert client.get(reverse("reporting:entry", args=["441771", 2025])).context["editable"]


def test_posting_an_entry_for_a_year_before_the_zone_is_refused_and_writes_nothing(client, zone_officer):
    client.force_login(zone_officer)
    response = client.post(reverse("reporting:entry", args=["441771", 2024]),
                           {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"}, follow=True)
    assert response.status_code == 200 and "2024 年不需要也不能填报" in response.content.decode()
    assert not Submission.objects.filter(region__code="441771").exists()


def test_the_save_service_refuses_an_abolished_county(yangchun_officer):
    Region.objects.filter(code="441781").update(abolished_year=2024)
    with pytest.raises(ValidationError, match="已于 2024 年撤销"):
        submission_save(region=region("441781"), year=2024, user=yangchun_officer,
                        entries={"OH01": CleanEntry(value=1)}, expected_version=0)
    assert not Submission.objects.filter(region__code="441781").exists()
    submission_save(region=region("441781"), year=2023, user=yangchun_officer,
                    entries={"OH01": CleanEntry(value=1)}, expected_version=0)  # its last year is open


def test_the_key_action_page_refuses_a_year_before_the_zone(client, zone_officer):
    client.force_login(zone_officer)
    response = client.get(reverse("actions:entry", args=["441771", 2024]))
    assert "2024 年不需要也不能填报" in response.content.decode()


def test_the_value_import_refuses_a_year_the_region_did_not_exist(portal_admin):
    add_zone(year=2025)
    csv = "region_code,indicator_code,year,numerator,denominator,value,note\n441771,OH02,2024,45,50,,\n"
    with pytest.raises(ValueImportError) as refused:
        values_import_csv(file=io.BytesIO(csv.encode()), user=portal_admin)
    assert any("于 2025 年设立，2024 年不需要也不能填报" in error for error in refused.value.errors)
    assert not Submission.objects.filter(region__code="441771").exists()


# --- a fixed number of queries, however many zones ---------------------------------------------------

@pytest.mark.parametrize("zones", [0, 3])
def test_query_counts_do_not_grow_with_zones_valid_or_not(django_assert_num_queries, zones):
    for n in range(zones):
        add_zone(code=f"44177{n}", year=2023 + n)  # valid in 2024 for some, not for others
    count("441781", 2024, OH01=1)
    city, province = region(YANGJIANG), region(PROVINCE)
    with django_assert_num_queries(10):  # compliance_matrix, as reporting.evaluation counts it
        compliance_matrix(city, 2024)
    with django_assert_num_queries(10):
        county_matrix(province, 2024)
    with django_assert_num_queries(2):  # the plan regions, the GROUP BY
        completeness_summary_for(province, 2024)
    with django_assert_num_queries(3):  # the plan regions, the first child (its code width), the GROUP BY
        completeness_by_child(province, 2024)
    with django_assert_num_queries(4):  # the plan regions, the counties, their submissions, the windows
        completeness_rows(city, 2024)
