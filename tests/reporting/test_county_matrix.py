"""The county-level matrix (区县明细): every county below a region in one sheet, judged as on the pages."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from indicators.models import Indicator
from operations.demo import demo_data_create
from regions.models import Region, RegionLevel
from reporting.dashboard import _grouped_sums, compliance_matrix, county_matrix
from reporting.models import Submission
from tests.conftest import make_user
from tests.reporting.test_dashboard import add_counties, report
from tests.reporting.test_dashboard_exports import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def guangdong_reviewer(db):
    return make_user("guangdong", Role.REVIEWER, "440000")


def judged(row):
    return {cell.indicator.code: (cell.status, cell.value, cell.expected, cell.reported, cell.target_text,
                                  cell.verdict.explanation) for cell in row.cells}


def same_judgement(county_row, page_row):
    """The county sheet has the columns of every plan in the region; a city page those of its own plans.
    Where both have a column the cells agree; the sheet's other columns have no target for that county."""
    sheet, page = judged(county_row), judged(page_row)
    assert {code: sheet[code] for code in page} == page, county_row.region.name
    assert {sheet[code][0] for code in sheet.keys() - page.keys()} <= {"no_target", "no_plan"}


@pytest.fixture
def demo_values(settings):
    settings.DEMO_MODE = True
    demo_data_create()


@pytest.mark.parametrize("year", [2023, 2024])
def test_each_county_row_is_the_row_its_city_page_shows(demo_values, year):
    province = Region.objects.get(code="440000")
    counties = county_matrix(province, year)

    city_rows = {row.region.code: row for city in province.children.all()
                 for row in compliance_matrix(city, year).children if row.region.level == RegionLevel.COUNTY}
    assert [row.region.code for row in counties.children] == sorted(city_rows) and len(city_rows) == 122
    for row in counties.children:
        same_judgement(row, city_rows[row.region.code])
    same_judgement(counties.own, compliance_matrix(province, year).own)
    # The demo data judge something: not every county row is "no data".
    statuses = {cell.status for row in counties.children for cell in row.cells}
    assert statuses >= {"met", "not_met", "no_target"}, statuses


def test_query_count_does_not_depend_on_the_number_of_counties():
    def count(code):
        with CaptureQueriesContext(connection) as context:
            county_matrix(Region.objects.get(code=code), 2024)
        return len(context.captured_queries)

    small = count("441800")
    add_counties("441800", 150)
    assert count("441800") == small


def test_export_lists_every_county_under_its_city_and_is_audited(client, guangdong_reviewer, demo_values):
    client.force_login(guangdong_reviewer)
    response = client.get(reverse("dashboard:counties_xlsx", args=["440000", 2024]), {"indicator": "OH02"})
    sheet = workbook(response)["达标情况"]
    assert [cell.value for cell in sheet[1]] == ["区划代码", "地区", "所属上级", "OH02 数值", "OH02 状态", "OH02 目标",
                                                 "OH02 说明"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1 + 122 and rows[0][:3] == ["440000", "广东省（汇总）", None]
    yangchun = next(row for row in rows if row[0] == "441781")
    expected = county_matrix(Region.objects.get(code="440000"), 2024)
    cell = next(row for row in expected.children if row.region.code == "441781").cell("OH02")
    assert yangchun[1:3] == ["阳春市", "阳江市"] and yangchun[4] == cell.verdict.label and yangchun[6] == cell.verdict.explanation
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert AuditEvent.objects.get(event="export", user=guangdong_reviewer).details == {"file": "区县达标明细", "year": 2024}


def test_a_city_reviewer_exports_only_their_counties(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    sheet = workbook(client.get(reverse("dashboard:counties_xlsx", args=["441700", 2024])))["达标情况"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == [
        "441700", "441702", "441704", "441721", "441781"]
    assert client.get(reverse("dashboard:counties_xlsx", args=["440000", 2024])).status_code == 404


def test_the_province_page_offers_the_county_export(client, guangdong_reviewer):
    client.force_login(guangdong_reviewer)
    html = client.get(reverse("dashboard:matrix", args=["440000", 2024])).content.decode()
    assert reverse("dashboard:counties_xlsx", args=["440000", 2024]) in html


def test_the_county_level_read_gives_each_region_the_sums_a_group_by_gives(demo_values):
    """The county-level matrix groups by each reporting region itself, so its query reads the values without
    a GROUP BY (a region has one report a year, a report one value per indicator): every region's sums must
    be those the page's GROUP BY gives when its groups are the same regions — same numbers, same digits."""

    guangdong = Region.objects.get(code="440000")
    # 无法填报 (reported, no value) and a zero (a value, not 是) beside the demo's numbers
    Submission.objects.filter(region__code="441781", year=2024).delete()
    report("441781", 2024, OH02=(0, 40)).values.create(indicator=Indicator.objects.get(code="OH03"),
                                                       not_applicable=True, not_applicable_reason="本年无检测机构")
    county_path_length = len(Region.objects.filter(level=RegionLevel.COUNTY, path__startswith=guangdong.path)
                             .first().path)
    for year, compared, first_counted in [(2024, {1}, {2, 3}), (2023, set(), {2, 4}), (2025, {1, 2}, {1, 2})]:
        ungrouped = dict(_grouped_sums(guangdong, year, None, compared, first_counted))
        grouped = dict(_grouped_sums(guangdong, year, county_path_length, compared, first_counted))
        assert ungrouped and ungrouped.keys() == grouped.keys()
        assert {key: repr(sums) for key, sums in ungrouped.items()} == {key: repr(sums) for key, sums in grouped.items()}


@pytest.mark.parametrize("url_name", ["dashboard:counties_xlsx", "dashboard:matrix_xlsx"])
def test_an_export_writes_its_workbook_with_the_cyclic_collector_paused(client, yangjiang_reviewer, monkeypatch,
                                                                        url_name):
    """Writing 125,000 cells after the matrix would start collections walking its million objects: the
    collector stays paused over the whole export, and is back on after it."""
    import gc

    from reporting import dashboard_views

    collector_on = []
    real_workbook = dashboard_views.matrix_workbook
    monkeypatch.setattr(dashboard_views, "matrix_workbook",
                        lambda *args, **kwargs: collector_on.append(gc.isenabled()) or real_workbook(*args, **kwargs))
    client.force_login(yangjiang_reviewer)
    assert client.get(reverse(url_name, args=["441700", 2024])).status_code == 200
    assert collector_on == [False]
    assert gc.isenabled()
