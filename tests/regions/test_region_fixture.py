import json
from collections import Counter

import pytest
from django.conf import settings

from regions.division_data import read_division_rows
from regions.models import Region, RegionKind, RegionLevel

pytestmark = pytest.mark.django_db


def test_guangdong_has_one_province_21_cities_122_counties_1757_towns():
    counts = Counter(Region.objects.values_list("level", flat=True))
    assert counts == {RegionLevel.PROVINCE: 1, RegionLevel.CITY: 21, RegionLevel.COUNTY: 122, RegionLevel.TOWN: 1757}


@pytest.mark.parametrize("city_code, city_name", [("441900", "东莞市"), ("442000", "中山市")])
def test_towns_of_cities_without_counties_hang_directly_under_the_city(city_code, city_name):
    city = Region.objects.get(code=city_code)
    assert city.name == city_name and city.level == RegionLevel.CITY
    towns = city.children.all()
    assert towns.count() > 20
    assert set(towns.values_list("level", flat=True)) == {RegionLevel.TOWN}
    assert not Region.objects.filter(level=RegionLevel.COUNTY, parent=city).exists()


def test_full_names_and_kinds_follow_the_statistical_names():
    huadu = Region.objects.get(code="440114")
    assert (huadu.full_name, huadu.kind, huadu.parent.code) == ("广州市花都区", RegionKind.DISTRICT, "440100")
    assert Region.objects.get(code="441781").kind == RegionKind.COUNTY_CITY  # 阳春市
    assert Region.objects.get(code="441823").kind == RegionKind.COUNTY  # 阳山县
    assert Region.objects.get(code="441826").kind == RegionKind.AUTONOMOUS_COUNTY  # 连南瑶族自治县
    assert Region.objects.get(code="441900003").full_name == "东莞市东城街道"


def test_committed_fixture_is_what_the_script_builds_from_the_division_data():
    committed = json.loads((settings.BASE_DIR / "fixtures" / "regions_guangdong.json").read_text(encoding="utf-8"))
    rebuilt = [row.as_dict() for row in read_division_rows(settings.DIVISION_DATA_DIR, province_codes={"44"})]
    assert committed == rebuilt


def test_national_rows_drop_every_pseudo_county_and_keep_all_towns():
    rows = read_division_rows(settings.DIVISION_DATA_DIR, with_nation=True)
    counts = Counter(row.level for row in rows)
    assert counts[RegionLevel.NATION] == 1 and counts[RegionLevel.PROVINCE] == 31 and counts[RegionLevel.CITY] == 342
    assert counts[RegionLevel.TOWN] == 41_352
    assert not [row for row in rows if row.level == RegionLevel.COUNTY and row.code.endswith("00")]
