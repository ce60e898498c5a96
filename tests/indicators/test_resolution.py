"""Target resolution (indicators.resolution): the governing plan per indicator, then the year's target."""
import pytest

from indicators.models import Indicator
from indicators.resolution import effective_target, effective_targets, effective_targets_for
from regions.models import Region

pytestmark = pytest.mark.django_db


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def test_a_county_without_a_plan_takes_its_citys_targets_with_their_source():
    targets = effective_targets(region("441781"), 2024)  # 阳春市 → 阳江市规划
    assert targets["OH02"].plan.region.code == "441700"
    assert targets["OH02"].source_label.startswith("阳江市规划")
    assert not targets["OH02"].printed_for_year  # 阳江 prints 2025 targets only
    assert targets["OH02"].target.year == 2025


def test_a_plan_that_prints_interim_targets_is_read_for_that_year():
    """江海区 prints 2023 and 2024 targets beside 2025."""
    targets = effective_targets(region("440704"), 2023)
    printed = [resolved for resolved in targets.values() if resolved.printed_for_year]
    assert printed and all(resolved.target.year == 2023 for resolved in printed)


def test_an_indicator_the_governing_plan_lacks_has_no_target_even_if_other_plans_list_it():
    """揭阳市's plan has no OH06 row: 揭西县 gets none, though 阳江's plan lists OH06."""
    jiexi = Region.objects.get(name="揭西县")
    assert "OH06" not in effective_targets(jiexi, 2024)
    assert "OH06" in effective_targets(region("441781"), 2024)
    assert effective_target(jiexi, Indicator.objects.get(code="OH06"), 2024) is None


def test_regions_without_any_plan_on_their_path_have_no_targets():
    assert effective_targets(region("440100"), 2024) == {}


def test_resolution_for_many_regions_takes_a_fixed_number_of_queries(django_assert_num_queries):
    few = list(Region.objects.filter(level=3, parent__code="441700"))
    many = list(Region.objects.filter(level=3))
    # plans on the paths, the catalogue, the plans' rows, their targets
    with django_assert_num_queries(4):
        effective_targets_for(few, 2024)
    with django_assert_num_queries(4):
        resolved = effective_targets_for(many, 2024)
    assert len(resolved) == len(many)
