"""Which plan governs a region (plans.governing): the one rule behind targets, key actions and pages."""
import pytest

from plans.governing import (
    governing_plan,
    governing_plan_code,
    governing_plan_for,
    in_force,
    is_under_a_plan,
    plan_region_paths,
    plans_on_paths,
)
from plans.models import Plan
from regions.models import Region

PROVINCE, CITY, COUNTY = "440000", "441700", "441781"
PATH = [PROVINCE, CITY, COUNTY]


def plan(name: str, start: int = 2021, end: int = 2025) -> Plan:
    return Plan(title=name, period_start=start, period_end=end)


def test_the_regions_own_plan_wins_over_its_ancestors():
    own, city = plan("县"), plan("市")
    assert governing_plan(PATH, {COUNTY: [own], CITY: [city]}, 2023) is own


def test_without_its_own_plan_the_nearest_ancestors_governs():
    city, province = plan("市"), plan("省")
    assert governing_plan(PATH, {CITY: [city], PROVINCE: [province]}, 2023) is city
    assert governing_plan(PATH, {PROVINCE: [province]}, 2023) is province


def test_no_plan_on_the_path_governs_nothing():
    assert governing_plan(PATH, {"440100": [plan("广州")]}, 2023) is None


def test_a_plan_governs_only_the_years_of_its_period():
    programme = plan("2022–2025 工作方案", start=2022)
    city = plan("市")
    assert governing_plan(PATH, {COUNTY: [programme], CITY: [city]}, 2021) is city
    assert governing_plan(PATH, {COUNTY: [programme], CITY: [city]}, 2022) is programme
    assert in_force(programme, None) and not in_force(programme, 2021)


def test_the_question_decides_per_plan_the_nearest_plan_that_answers_it():
    """揭西县's OH06: its city's plan has no OH06 row, so no plan answers; another city's would not count."""
    county, city = plan("县"), plan("市")
    lists_oh06 = {id(city)}
    assert governing_plan(PATH, {COUNTY: [county], CITY: [city]}, 2023,
                          covers=lambda candidate: id(candidate) in lists_oh06) is city
    assert governing_plan(PATH, {COUNTY: [county], CITY: [city]}, 2023, covers=lambda candidate: False) is None


@pytest.mark.django_db
def test_the_seed_plans_govern_as_printed():
    yangchun, huadu, guangzhou = (Region.objects.get(code=code) for code in ("441781", "440114", "440100"))
    assert governing_plan_for(yangchun, 2023).region.code == "441700"  # 阳春市 → 阳江市's plan
    assert governing_plan_for(huadu, 2023).region.code == "440114"  # 花都区 has its own
    assert governing_plan_for(guangzhou, 2023) is None  # 广州市: no plan loaded on its path


@pytest.mark.django_db
def test_plans_on_paths_is_one_query_for_any_number_of_regions(django_assert_num_queries):
    regions = list(Region.objects.filter(level=3))
    with django_assert_num_queries(1):
        by_code = plans_on_paths(regions)
    assert set(by_code) == {"440114", "441700", "441800", "440704", "445200"}


@pytest.mark.django_db
def test_plan_region_paths_and_the_nearest_plan_code():
    paths = plan_region_paths(2023)
    yangchun, guangzhou = Region.objects.get(code="441781"), Region.objects.get(code="440100")
    assert is_under_a_plan(yangchun, paths) and not is_under_a_plan(guangzhou, paths)
    assert governing_plan_code(yangchun, paths) == "441700" and governing_plan_code(guangzhou, paths) is None


def test_a_plan_governs_only_from_its_applies_from_year():
    """揭西县's plan loaded in 2024 with 适用起始年 2024: 2021–2023 stay with 揭阳市's plan."""
    loaded_late = plan("县", start=2021)
    loaded_late.applies_from = 2024
    city = plan("市")
    assert governing_plan(PATH, {COUNTY: [loaded_late], CITY: [city]}, 2023) is city
    assert governing_plan(PATH, {COUNTY: [loaded_late], CITY: [city]}, 2024) is loaded_late
    assert loaded_late.first_governed_year == 2024 and plan("x", start=2022).first_governed_year == 2022


def test_between_a_regions_own_documents_the_preferred_else_the_later_one_governs():
    plan_2021, programme_2022 = plan("规划"), plan("工作方案", start=2022)
    assert governing_plan(PATH, {COUNTY: [plan_2021, programme_2022]}, 2023) is programme_2022
    assert governing_plan(PATH, {COUNTY: [plan_2021, programme_2022]}, 2021) is plan_2021
    plan_2021.preferred = True
    assert governing_plan(PATH, {COUNTY: [programme_2022, plan_2021]}, 2023) is plan_2021
    # Precedence is among documents that answer the question: the preferred one without the indicator
    # gives way to the other document of the same region that lists it.
    lists_it = {id(programme_2022)}
    assert governing_plan(PATH, {COUNTY: [plan_2021, programme_2022]}, 2023,
                          covers=lambda candidate: id(candidate) in lists_it) is programme_2022
