"""Rule 8, honest emptiness: 无适用规划 (no plan loaded governs the region) is not 无目标 (a governing plan
without the indicator); pages say how many regions have no plan; a city row's 填报状态 rolls up."""
import pytest
from django.urls import reverse

from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.completeness import completeness_by_child
from reporting.compliance import Status, judge
from reporting.dashboard import compliance_matrix
from tests.conftest import sign_in_settled
from tests.reporting.test_dashboard import report

pytestmark = pytest.mark.django_db


def row_of(matrix, code):
    return next(row for row in matrix.children if row.region.code == code)


def test_guangzhou_has_no_plan_and_jiexi_has_no_target():
    province = compliance_matrix(Region.objects.get(code="440000"), 2024)
    guangzhou = row_of(province, "440100")
    assert {cell.status for cell in guangzhou.cells} == {Status.NO_PLAN}
    assert "本系统未加载适用于本地区本年度的规划" in guangzhou.cells[0].verdict.explanation
    yangjiang = row_of(province, "441700")
    assert Status.NO_PLAN not in {cell.status for cell in yangjiang.cells}
    # 广东省 itself: no provincial plan is loaded, so its own row has none either.
    assert {cell.status for cell in province.own.cells} == {Status.NO_PLAN}
    jieyang = compliance_matrix(Region.objects.get(code="445200"), 2024)
    assert row_of(jieyang, "445222").cell("OH06") is None or row_of(jieyang, "445222").cell("OH06").status == Status.NO_TARGET


def test_no_plan_is_its_own_status_in_the_plain_rule():
    assert judge(value=None, year=2024, target=None, has_plan=False).status == Status.NO_PLAN
    assert judge(value=None, year=2024, target=None).status == Status.NO_TARGET


def test_the_province_page_counts_the_regions_without_a_plan(client, portal_admin):
    matrix = compliance_matrix(Region.objects.get(code="440000"), 2024)
    assert matrix.no_plan_count == sum(
        1 for row in matrix.children if {cell.status for cell in row.cells} <= {Status.NO_PLAN})
    assert matrix.no_plan_count >= 15  # 21 cities, a handful with a plan loaded (阳江, 清远, 揭阳, …)
    sign_in_settled(client, portal_admin)
    page = client.get(reverse("dashboard:matrix", args=["440000", 2024])).content.decode()
    assert f"{matrix.no_plan_count} 个下级地区在本系统中没有适用的规划" in page and "不等于未印发" in page
    assert reverse("admin:plans_plan_changelist") in page  # the admin is invited to load one


def test_a_city_row_state_rolls_up_from_its_counties(client, portal_admin):
    report("441702", 2024, status=SubmissionStatus.SUBMITTED)
    report("441781", 2024, status=SubmissionStatus.APPROVED)
    counts = completeness_by_child(Region.objects.get(code="440000"), 2024)["/440000/441700/"]
    assert (counts.submitted, counts.expected, counts.approved) == (2, 4, 1)
    sign_in_settled(client, portal_admin)
    page = client.get(reverse("dashboard:matrix", args=["440000", 2024])).content.decode()
    assert "已提交 2 / 4，已审核 1" in page


def test_the_compliance_api_says_no_plan_and_carries_the_readings(client, portal_admin):
    sign_in_settled(client, portal_admin)
    guangzhou = client.get(reverse("api:compliance", args=["440100", 2024])).json()["indicators"]
    assert guangzhou and {row["status"] for row in guangzhou} == {"no_plan"}
    assert guangzhou[0]["explanation"].startswith("本系统未加载")
    huadu = {row["code"]: row for row in client.get(reverse("api:compliance", args=["440114", 2024])).json()["indicators"]}
    assert (huadu["OH02"]["target_comparator"], huadu["OH02"]["target_reading"]) == (">", "> 90%")
    assert huadu["OH02"]["target_relative"] is None and huadu["OH02"]["no_comparison_reason"] is None
