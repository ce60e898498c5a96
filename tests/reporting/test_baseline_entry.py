"""Rule 2 (issue 14) on the real thing: an officer enters her region's 2020 基线值 (十三五期末) through the
entry page, the city approves it, and only then do the dashboards draw the interim path from it; printed
baselines come first, the region's first counted value last. The baseline year is not a plan year."""
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.dashboard import compliance_matrix, county_matrix, own_row
from reporting.evaluation import evaluation_report
from reporting.models import IndicatorValue, Submission
from seasons.models import ReportingWindow
from tests.conftest import make_user
from tests.reporting.test_dashboard import count, report
from tests.reporting.test_entry_view import full_post

pytestmark = pytest.mark.django_db

BASELINE_URL = reverse("reporting:entry", args=["441781", 2020])  # 阳春市: 阳江's plan prints no baseline


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def cell_of(code: str, indicator: str, year: int, page: str = "441700"):
    matrix = compliance_matrix(region(page), year)
    row = next(row for row in matrix.rows if row.region.code == code)
    return row.cell(indicator)


def test_officer_enters_the_2020_baseline_and_the_city_approves_it(client, yangchun_officer, yangjiang_reviewer):
    client.force_login(yangchun_officer)
    page = client.get(BASELINE_URL)
    assert page.status_code == 200 and page.context["editable"]
    html = page.content.decode()
    assert "基线值（2020年，十三五期末）" in html and 'id="baseline-note"' in html
    assert 'id="entry-excel"' not in html  # the Excel template is a plan year's form
    assert [form.row.code for form in page.context["form"].row_forms] == [
        "OH01", "OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH09", "OH10"]

    response = client.post(BASELINE_URL, {**full_post(**{"OH02-numerator": "50", "OH02-denominator": "100"}),
                                          "submit": "1"})
    assert response.status_code == 302
    baseline = Submission.objects.get(region__code="441781", year=2020)
    assert baseline.status == SubmissionStatus.SUBMITTED
    report("441781", 2023, OH02=(60, 100))  # 2023: 60 %, below the path from 50 % (2020) to >90 % (2025)
    assert cell_of("441781", "OH02", 2023).status == "in_progress"  # submitted, not yet a baseline

    client.force_login(yangjiang_reviewer)
    client.post(reverse("reporting:review", args=["441781", 2020]),
                {"action": "approve", "comment": "与统计年报一致", "version": baseline.version})
    assert Submission.objects.get(pk=baseline.pk).status == SubmissionStatus.APPROVED
    cell = cell_of("441781", "OH02", 2023)
    assert cell.status == "behind" and cell.verdict.expected == Decimal(74)  # 50 + (90 − 50) × 3/5
    assert "按 本地区填报并经审核的2020 年基线 50" in cell.verdict.explanation


def test_an_approved_baseline_changes_only_through_the_return_flow(client, yangchun_officer):
    approved = report("441781", 2020, OH02=(50, 100))
    client.force_login(yangchun_officer)
    assert client.get(BASELINE_URL).context["editable"] is False
    client.post(BASELINE_URL, full_post(version=approved.version, save="1"))
    assert IndicatorValue.objects.get(submission=approved, indicator__code="OH02").value == 50
    assert Submission.objects.filter(region__code="441781", year=2020).count() == 1  # once per region


def test_a_submitted_baseline_is_not_used_the_first_counted_value_is(yangjiang_reviewer):
    report("441781", 2020, status=SubmissionStatus.SUBMITTED, OH02=(50, 100))
    report("441781", 2021, OH02=(60, 100))
    report("441781", 2023, OH02=(70, 100))
    cell = cell_of("441781", "OH02", 2023)
    assert cell.status == "behind" and cell.verdict.expected == Decimal(75)  # 60 + (90 − 60) × 2/4
    assert "按 本地区首个填报值作为2021 年基线 60" in cell.verdict.explanation
    # The first counted year itself has nothing earlier: it stays in progress.
    assert cell_of("441781", "OH02", 2021).status == "in_progress"


def test_a_roll_up_row_falls_back_to_the_roll_up_of_its_children_in_their_first_year():
    report("441781", 2021, OH02=(60, 100))
    report("441702", 2021, OH02=(20, 100))    # 阳江市 2021: 80/200 = 40 %
    report("441781", 2022, OH02=(70, 100))
    report("441702", 2022, OH02=(50, 100))    # 阳江市 2022: 120/200 = 60 % ≥ 40 + 50/4 = 52.5
    city = cell_of("441700", "OH02", 2022)
    assert city.status == "on_track" and city.verdict.expected == Decimal("52.5")
    assert "按 本地区首个填报值作为2021 年基线 40" in city.verdict.explanation


def test_printed_beats_entered(outsider):
    """江海区's plan prints its 2020 OH06 (100%): an approved 基线值 of 50% does not replace it."""
    report("440704", 2020, OH06=(50, 100))
    report("440704", 2022, OH06=(80, 100))
    cell = own_row(region("440704"), 2022).cell("OH06")
    assert cell.status == "behind" and cell.verdict.expected == Decimal(96)  # 100 + (90 − 100) × 2/5
    assert "印发的2020 年基线 100" in cell.verdict.explanation


def test_every_verdict_producer_uses_the_entered_baseline(client, yangjiang_reviewer):
    report("441781", 2020, OH02=(50, 100))
    report("441781", 2023, OH02=(80, 100))
    expected = "按 本地区填报并经审核的2020 年基线 50"
    assert expected in own_row(region("441781"), 2023).cell("OH02").verdict.explanation  # review page
    sheet = county_matrix(region("441700"), 2023)
    assert expected in next(r for r in sheet.children if r.region.code == "441781").cell("OH02").verdict.explanation
    item = next(i for i in evaluation_report(region("441781"), 2023).indicators if i.code == "OH02")
    assert item.status == "on_track" and expected in item.verdict.explanation
    assert item.baseline_text == "2020年 50%（本地区填报的2020年基线值（已审核））"
    client.force_login(yangjiang_reviewer)
    cells = client.get(reverse("api:compliance", args=["441781", 2023])).json()["indicators"]
    assert expected in next(c for c in cells if c["code"] == "OH02")["explanation"]


def test_a_baseline_value_is_not_an_earlier_year_of_a_steady_increase():
    """稳步提升 in 2021 compares with the approved 2020 基线值 as a baseline; a submitted one is nothing yet."""
    count("441781", 2021, OH01=900)
    Submission.objects.create(region=region("441781"), year=2020, status=SubmissionStatus.SUBMITTED).values.create(
        indicator=Indicator.objects.get(code="OH01"), value=Decimal(1000))
    assert cell_of("441781", "OH01", 2021).status == "undetermined"
    Submission.objects.filter(year=2020).update(status=SubmissionStatus.APPROVED)
    cell = cell_of("441781", "OH01", 2021)
    assert cell.status == "not_met" and "900 ≤ 2020年基线 1000" in cell.verdict.explanation


def test_the_baseline_year_is_not_a_plan_year(client, yangjiang_reviewer):
    report("441781", 2020, OH02=(50, 100))
    client.force_login(yangjiang_reviewer)
    for name in ("dashboard:matrix", "dashboard:completeness", "dashboard:counties_xlsx", "api:compliance",
                 "dashboard:report"):
        assert client.get(reverse(name, args=["441700", 2020])).status_code == 404, name
    completeness = client.get(reverse("dashboard:completeness", args=["441700", 2021])).context["summary"]
    assert completeness.submitted == 0  # the approved 2020 report is not a 2021 report


def test_no_window_applies_to_the_baseline_year(client, yangchun_officer):
    """A window an admin set for 2020 (closed long ago) does not lock the 基线值."""
    ReportingWindow.objects.create(region=region("440000"), year=2020, opens_on="2021-01-01", due_on="2021-02-01",
                                   closes_on="2021-03-01")
    client.force_login(yangchun_officer)
    assert client.get(BASELINE_URL).context["editable"] is True
    response = client.post(BASELINE_URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})
    assert response.status_code == 302 and Submission.objects.filter(year=2020).exists()


@pytest.mark.parametrize("code", ["441781001", "440000"])  # a town of 阳春市, the province
def test_towns_and_provinces_enter_no_baseline(client, code):
    client.force_login(make_user("officer", Role.OFFICER, code))
    url = reverse("reporting:entry", args=[code, 2020])
    assert client.get(url).context["form"].row_forms == []
    response = client.post(url, {"version": "0", "submit": "1"})
    assert response.status_code == 200 and "没有需要填报的指标" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("year", [2019, 0, 2026])
def test_a_bad_year_is_404_never_a_500(client, yangchun_officer, year):
    client.force_login(yangchun_officer)
    assert client.get(reverse("reporting:entry", args=["441781", year])).status_code == 404
    assert client.post(reverse("reporting:entry", args=["441781", year]), full_post(save="1")).status_code == 404
    assert not Submission.objects.exists()


def test_the_review_page_and_queue_judge_no_baseline(client, yangjiang_reviewer):
    report("441781", 2020, status=SubmissionStatus.SUBMITTED, OH02=(50, 100))
    client.force_login(yangjiang_reviewer)
    review = client.get(BASELINE_URL).context["review"]
    assert review["rows"] and all(row.cell is None for row in review["rows"])  # no plan governs 2020
    queue = client.get(reverse("reporting:review_queue")).context["items"]
    assert [item.summary for item in queue if item.report.year == 2020] == ["基线值（十三五期末），不作达标判定"]


@pytest.mark.parametrize("code", ["441700", "440000"])  # 4 counties, 21 cities: the same queries
def test_baselines_cost_two_queries_whatever_the_number_of_regions(code, django_assert_num_queries):
    for county in ("441781", "441702", "441721"):
        report(county, 2020, OH02=(50, 100))
        report(county, 2022, OH02=(60, 100))
        report(county, 2024, OH02=(70, 100))
    subject = region(code)
    # children, plans on the paths, the catalogue, plan rows, their targets, printed baselines, entered
    # baselines, the grouped sums (earlier years included for the indicators needing a first value),
    # expected counts, the rows' submissions
    with django_assert_num_queries(10):
        compliance_matrix(subject, 2024)
