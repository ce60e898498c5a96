import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.display import number_text
from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.dashboard import compliance_matrix
from reporting.indicator_series import indicator_series
from reporting.models import IndicatorValue, Submission
from tests.conftest import sign_in_settled

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:indicator", args=["441700", "OH02"])  # 阳江市, 职业病危害项目申报率


def approve(region_code: str, year: int, numerator: int, denominator: int, code: str = "OH02") -> None:
    submission, _ = Submission.objects.get_or_create(region=Region.objects.get(code=region_code), year=year,
                                                     defaults={"status": SubmissionStatus.APPROVED})
    IndicatorValue.objects.create(submission=submission, indicator=Indicator.objects.get(code=code),
                                  numerator=numerator, denominator=denominator,
                                  value=Decimal(numerator) * 100 / Decimal(denominator))


@pytest.fixture
def yangjiang_values(db):
    approve("441781", 2023, 80, 100)  # 阳春市
    approve("441781", 2024, 95, 100)
    approve("441702", 2024, 45, 50)  # 江城区: 90.0, not ">90%"
    approve("441721", 2024, 30, 40)  # 阳西县


def table_rows(html: str, table_id: str) -> dict[str, dict[str, str]]:
    """{data-year or data-region: {column: text}} of one of the page's tables."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.DOTALL).group(0)
    rows = {}
    for key, body in re.findall(r'<tr data-(?:year|region)="([^"]+)"[^>]*>(.*?)</tr>', table, re.DOTALL):
        cells = re.findall(r'<td[^>]*data-col="(\w+)"[^>]*>(.*?)</td>', body, re.DOTALL)
        rows[key] = {col: unescape(re.sub(r"<[^>]+>|\s+", " ", text)).strip() for col, text in cells}
    return rows


def test_reviewer_sees_each_year_as_the_compliance_matrix_judges_it(client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    response = client.get(URL)
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "trend-table")
    region = Region.objects.get(code="441700")
    for year in range(2021, 2026):
        cell = compliance_matrix(region, year).own.cell("OH02")
        assert rows[str(year)]["value"] == cell.value_text  # a rate reads with its %: "80%"
        assert rows[str(year)]["status"] == str(cell.verdict.label)
        assert rows[str(year)]["explanation"] == cell.verdict.explanation
        assert rows[str(year)]["target"].startswith(cell.target_text)
    # Σnumerator/Σdenominator over the three counties: 170/190.
    assert rows["2024"]["value"] == number_text(Decimal(170) * 100 / 190) + "%" == "89.47%"
    assert rows["2021"]["value"] == "—"


def test_children_are_ranked_by_value_with_their_status_and_reason(client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    response = client.get(URL)
    assert response.context["ranking_year"] == 2024  # the latest year with data
    ranking = response.context["series"]["ranking"]["children"]
    assert [child["code"] for child in ranking] == ["441781", "441702", "441721", "441704"]  # 95, 90, 75, none
    matrix = compliance_matrix(Region.objects.get(code="441700"), 2024)
    for child in ranking:
        cell = next(row for row in matrix.children if row.region.code == child["code"]).cell("OH02")
        assert (child["status"], child["explanation"]) == (cell.status, cell.verdict.explanation)
    rows = table_rows(response.content.decode(), "ranking-table")
    # 95 meets ">90%"; 90.0 does not, but 2025 is still to come (no baseline: 推进中, never 未达标 before the deadline).
    assert rows["441781"]["status"] == "达标" and rows["441702"]["status"] == "推进中"
    assert rows["441704"]["value"] == "—"


def test_year_parameter_chooses_the_ranking_year_and_falls_back_to_2024(client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    assert client.get(URL, {"year": "2023"}).context["ranking_year"] == 2023
    assert client.get(URL, {"year": "2030"}).context["ranking_year"] == 2024
    assert client.get(URL, {"year": "abc"}).context["ranking_year"] == 2024


def test_without_any_value_the_ranking_shows_2024(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = client.get(URL)
    assert response.context["ranking_year"] == 2024
    assert all(point["value"] is None for point in response.context["series"]["points"])


def test_interim_targets_are_shown_for_the_years_they_are_printed(client, outsider):
    client.force_login(outsider)  # 江海区's own officer: 江海区 prints 2023 and 2024 targets
    response = client.get(reverse("dashboard:indicator", args=["440704", "OH02"]))
    points = {point["year"]: point["target"] for point in response.context["series"]["points"]}
    assert (points[2023]["text"], points[2023]["value"], points[2023]["printed_for_year"]) == ("60%", 60.0, True)
    assert (points[2024]["text"], points[2024]["value"]) == ("75%", 75.0)
    assert (points[2022]["text"], points[2022]["printed_for_year"]) == ("≥90%", False)


def test_province_page_starts_with_the_printed_baseline(client, portal_admin):
    client.force_login(portal_admin)
    response = client.get(reverse("dashboard:indicator", args=["440000", "OH02"]))
    rows = table_rows(response.content.decode(), "trend-table")
    assert rows["2020"]["value"] == "78%"
    assert "78.0%" in rows["2020"]["explanation"]


def test_chart_data_is_passed_as_json_without_inline_script(client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    html = client.get(URL).content.decode()
    data = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.DOTALL).group(1))
    assert data["indicator"]["code"] == "OH02" and len(data["points"]) == 5
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)
    assert "style=" not in html
    assert "js/indicator_chart.js" in html and "vendor/echarts/echarts.min.js" in html


def test_outsider_cannot_open_a_foreign_region(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 404


def test_unknown_indicator_is_404(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    assert client.get(reverse("dashboard:indicator", args=["441700", "XX99"])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_page_is_read_only(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("region_code", ["441700", "440000"])  # 阳江市 (4 children), 广东省 (21 children)
def test_series_query_count_does_not_grow_with_children(region_code, yangjiang_values, django_assert_num_queries):
    region, indicator = Region.objects.get(code=region_code), Indicator.objects.get(code="OH02")
    # The baseline (printed, entered), then per year (×5): children, plans, the catalogue, plan rows, their
    # targets, grouped sums, expected counts, printed and entered baselines, submissions.
    with django_assert_num_queries(2 + 5 * 10):
        indicator_series(region, indicator)


def test_page_query_count_is_the_same_for_a_city_and_the_province(client, portal_admin, yangjiang_values):
    sign_in_settled(client, portal_admin)
    counts = []
    for code in ("441700", "440000"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("dashboard:indicator", args=[code, "OH02"])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_chart_shows_an_approved_entered_baseline_where_no_plan_prints_one(yangjiang_values):
    """Rule 2: 阳春市's plan (阳江市's) prints no baseline; its approved 2020 基线值 is the chart's baseline."""
    approve("441781", 2020, 50, 100)
    series = indicator_series(Region.objects.get(code="441781"), Indicator.objects.get(code="OH02"))
    assert series["baseline"]["year"] == 2020 and series["baseline"]["value"] == 50
    assert series["baseline"]["explanation"] == "本地区填报的2020年基线值（已审核）"
    Submission.objects.filter(year=2020).update(status=SubmissionStatus.SUBMITTED)
    assert indicator_series(Region.objects.get(code="441781"), Indicator.objects.get(code="OH02"))["baseline"] is None
