"""Rule 1: a rolled-up value is compared with an earlier one over the same children only (稳步提升,
有所下降): the children counted in both years. Cells keep showing the sums of what was reported."""
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions.models import Region
from reporting.compliance import Baseline, like_for_like
from reporting.dashboard import compliance_matrix
from tests.reporting.test_dashboard import add_counties, count

pytestmark = pytest.mark.django_db
JIANGCHENG, YANGDONG, YANGXI, YANGCHUN = "441702", "441704", "441721", "441781"


def oh01(region_code, page_code="441700", year=2024):
    matrix = compliance_matrix(Region.objects.get(code=page_code), year)
    row = matrix.own if region_code == page_code else next(r for r in matrix.children if r.region.code == region_code)
    return row.cell("OH01")


def test_yangjiang_oh01_compares_the_counties_counted_in_both_years():
    """The issue's case: 2024 over 江城/阳东/阳春 (300000) against 2023 over 江城/阳东/阳西 (400000) was a
    fake 25 % drop and 未达标; over 江城区、阳东区 alone it rose from 200000 to 220000."""
    count(JIANGCHENG, 2023, OH01=100000)
    count(YANGDONG, 2023, OH01=100000)
    count(YANGXI, 2023, OH01=200000)
    count(JIANGCHENG, 2024, OH01=110000)
    count(YANGDONG, 2024, OH01=110000)
    count(YANGCHUN, 2024, OH01=80000)
    cell = oh01("441700")
    assert cell.status == "met"
    assert "江城区、阳东区两年均有数：220000 > 2023年值 200000" in cell.verdict.explanation
    assert (cell.value, cell.reported, cell.expected) == (D(300000), 3, 4)  # the cell still shows what was reported
    # The province page's 阳江市 row and the province's own row inherit the same like-for-like verdict.
    assert oh01("441700", page_code="440000").status == "met"


def test_a_newly_reporting_county_does_not_turn_a_fall_into_met():
    count(JIANGCHENG, 2023, OH01=100)
    count(YANGDONG, 2023, OH01=100)
    count(JIANGCHENG, 2024, OH01=90)
    count(YANGDONG, 2024, OH01=90)
    count(YANGCHUN, 2024, OH01=100)  # new this year: the sum grows from 200 to 280
    cell = oh01("441700")
    assert cell.value == D(280)
    assert cell.status == "not_met" and "180 ≤ 2023年值 200" in cell.verdict.explanation


def test_no_child_counted_in_both_years_is_undetermined():
    count(JIANGCHENG, 2023, OH01=100)
    count(YANGDONG, 2024, OH01=120)
    cell = oh01("441700")
    assert cell.status == "undetermined" and "没有共同填报的下级" in cell.verdict.explanation
    assert oh01(YANGDONG).status == "undetermined"  # the county itself has nothing earlier either


def test_a_county_compares_with_its_own_latest_earlier_year():
    count(YANGCHUN, 2022, OH01=900)
    count(YANGCHUN, 2024, OH01=950)
    cell = oh01(YANGCHUN)
    assert cell.status == "met" and "950 > 2022年值 900" in cell.verdict.explanation
    assert "两年均有数" not in cell.verdict.explanation  # one region is compared with itself


def test_like_for_like_is_a_plain_rule():
    def roll(parts):
        return sum(parts, D(0)) if parts else None
    names = {"a": "甲县", "b": "乙县", "c": "丙县"}
    compared = like_for_like({2023: {"a": D(1), "b": D(5)}, 2024: {"a": D(2), "c": D(9)}}, 2024, roll, names)
    assert (compared.current, compared.previous, compared.label, compared.common) == (D(2), D(1), "2023年值", "甲县两年均有数")
    assert like_for_like({2024: {"a": D(2)}}, 2024, roll, names) is None
    from_baseline = like_for_like({2024: {"a": D(2)}}, 2024, roll, names, Baseline(2020, D(1)))
    assert (from_baseline.current, from_baseline.previous, from_baseline.label) == (D(2), D(1), "2020年基线")
    assert like_for_like({2022: {"a": D(1)}, 2024: {"b": D(2)}}, 2024, roll, names).why_not


def test_the_query_count_stays_constant_with_history_indicators():
    """OH01 (稳步提升) is grouped by reporting county: still one GROUP BY, whatever the number of counties."""
    def queries(code):
        with CaptureQueriesContext(connection) as context:
            compliance_matrix(Region.objects.get(code=code), 2024)
        return len(context.captured_queries)

    count(JIANGCHENG, 2023, OH01=100)
    count(JIANGCHENG, 2024, OH01=110)
    before = queries("441700")
    add_counties("441700", 30)
    for i in range(30):
        count(f"9{i:03d}17", 2023, OH01=10)
    assert queries("441700") == before


def test_each_county_is_compared_from_its_own_latest_counted_year_and_older_years_are_not_read():
    """The roll-up reads, of each county's earlier years, only the latest one it counted in (issue 18,
    "Speed"): that must change nothing. 江城区 counted 2021 and 2023, 阳东区 2022, 阳西县 2021 and then
    only 无法填报 (2023, not counted), 阳春市 only a draft in 2023: the city compares 2024 with 2023 over
    江城区 alone; 阳东区 with its own 2022; 阳西县 with its 2021 — never with the rows in between."""
    from indicators.models import Indicator
    from lifecycle.models import SubmissionStatus
    from reporting.models import Submission

    count(JIANGCHENG, 2021, OH01=10)
    count(JIANGCHENG, 2023, OH01=100)
    count(YANGDONG, 2022, OH01=50)
    count(YANGXI, 2021, OH01=70)
    not_reported = Submission.objects.create(region=Region.objects.get(code=YANGXI), year=2023,
                                             status=SubmissionStatus.APPROVED)
    not_reported.values.create(indicator=Indicator.objects.get(code="OH01"), value=None, not_applicable=True,
                                not_applicable_reason="统计口径调整")
    draft = Submission.objects.create(region=Region.objects.get(code=YANGCHUN), year=2023, status=SubmissionStatus.DRAFT)
    draft.values.create(indicator=Indicator.objects.get(code="OH01"), value=D(999))
    for code, value in ((JIANGCHENG, 90), (YANGDONG, 60), (YANGXI, 80), (YANGCHUN, 5)):
        count(code, 2024, OH01=value)

    city = oh01("441700")
    assert city.status == "not_met"
    assert "江城区两年均有数：90 ≤ 2023年值 100" in city.verdict.explanation
    assert city.value == D(235)  # the cell shows every 2024 value
    assert "60 > 2022年值 50" in oh01(YANGDONG).verdict.explanation
    assert "80 > 2021年值 70" in oh01(YANGXI).verdict.explanation
    assert oh01(YANGCHUN).status == "undetermined"  # a draft is nothing to compare with
    # The province compares 2024 with 2023 too, over the same county.
    assert "江城区两年均有数：90 ≤ 2023年值 100" in oh01("441700", page_code="440000").verdict.explanation
