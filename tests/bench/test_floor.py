"""The benchmark's SQL floor must compute what the page computes: the same groups, the same sums."""
from decimal import Decimal

import pytest
from django.db import connection

from bench.floor import floor_params, history_indicator_ids
from indicators.models import Indicator
from regions.models import Region
from reporting.dashboard import _grouped_sums, _unit_prefix_length
from tests.reporting.test_dashboard import count, report

pytestmark = pytest.mark.django_db


def floor_rows(region, year, compared, every_earlier, *, path_range):
    with connection.cursor() as cursor:
        cursor.execute(*floor_params(region, year, compared, every_earlier, path_range=path_range))
        return cursor.fetchall()


def as_numbers(row):
    return tuple(Decimal(str(x)).normalize() if x is not None else Decimal(0) for x in row)


@pytest.mark.parametrize("code", ["440000", "441700"])
@pytest.mark.parametrize("path_range", [False, True])
def test_floor_groups_and_sums_equal_the_pages_roll_up(code, path_range):
    if path_range and connection.vendor != "sqlite":
        pytest.skip("the range form is the SQLite spelling (PostgreSQL's order of '/' depends on the collation)")
    report("441781", 2025, OH02=(95, 100))
    report("441702", 2025, OH02=(50, 80), OH03=(3, 4))
    report("441702", 2024, OH02=(40, 80))
    count("441781", 2022, OH01=900)  # not 阳春市's latest earlier year: no comparison uses it
    count("441781", 2023, OH01=1000)
    count("441721", 2024, OH01=700)
    count("441704", 2020, OH01=5)  # a 2020 基线值 report is never a county's "latest earlier year"
    region = Region.objects.get(code=code)
    compared, every_earlier = history_indicator_ids(region, 2025)
    assert compared and not every_earlier  # OH01 is 稳步提升 in 阳江市's plan; 2025 has no interim path
    prefix_length = _unit_prefix_length(region, list(region.children.order_by("code")))
    page = dict(_grouped_sums(region, 2025, prefix_length, set(compared)))

    floor = {(unit, indicator, year): as_numbers(sums) for unit, indicator, year, *sums in
             floor_rows(region, 2025, compared, every_earlier, path_range=path_range)}
    assert floor == {key: as_numbers((s.numerator, s.denominator, s.value, s.value_count, s.yes_count, s.reported))
                     for key, s in page.items()}
    assert {year for _unit, _indicator, year in floor} == {2023, 2024, 2025}


@pytest.mark.parametrize("code", ["440000", "441700"])
@pytest.mark.parametrize("path_range", [False, True])
def test_floor_reads_the_first_counted_years_the_interim_path_needs(code, path_range):
    """2024 is an interim year of 阳江市's >90% (2025): with no printed or entered baseline, the page reads
    OH02's earlier plan years for the region's first counted value (rule 2) — per unit, not per reporter —
    and never a 2020 基线值 report as an earlier year. The floor reads the same rows."""
    if path_range and connection.vendor != "sqlite":
        pytest.skip("the range form is the SQLite spelling (PostgreSQL's order of '/' depends on the collation)")
    report("441781", 2020, OH02=(50, 100))  # a 基线值 report: a baseline, never an earlier year's value
    report("441781", 2022, OH02=(60, 100))
    report("441702", 2023, OH02=(50, 80))
    report("441781", 2024, OH02=(95, 100))
    report("441702", 2022, OH02=(45, 80))  # 江城区's first counted year: its 2023 is never read for a first value
    count("441781", 2023, OH01=1000)
    region = Region.objects.get(code=code)
    compared, every_earlier = history_indicator_ids(region, 2024)
    oh02 = Indicator.objects.get(code="OH02").pk
    assert oh02 in every_earlier and oh02 not in compared
    prefix_length = _unit_prefix_length(region, list(region.children.order_by("code")))
    page = dict(_grouped_sums(region, 2024, prefix_length, set(compared), set(every_earlier)))

    floor = {(unit, indicator, year): as_numbers(sums) for unit, indicator, year, *sums in
             floor_rows(region, 2024, compared, every_earlier, path_range=path_range)}
    assert floor == {key: as_numbers((s.numerator, s.denominator, s.value, s.value_count, s.yes_count, s.reported))
                     for key, s in page.items()}
    # Each reporting region's first counted year only (both 2022): 江城区's 2023 is not read.
    assert {year for _unit, indicator, year in floor if indicator == oh02} == {2022, 2024}
