import pytest
from django.core.exceptions import ValidationError

from regions.models import Region, RegionKind, RegionLevel
from regions.services import region_create_zone, regions_bulk_load

pytestmark = pytest.mark.django_db


def test_subtree_of_a_city_is_one_query(django_assert_num_queries):
    yangjiang = Region.objects.get(code="441700")
    with django_assert_num_queries(1):  # SELECT code FROM region WHERE path LIKE '/440000/441700/%'
        codes = set(Region.objects.subtree_of(yangjiang).values_list("code", flat=True))
    counties = set(Region.objects.filter(parent=yangjiang).values_list("code", flat=True))
    towns = set(Region.objects.filter(parent__parent=yangjiang).values_list("code", flat=True))
    assert "441781" in counties and towns
    assert codes == {"441700"} | counties | towns


def test_subtree_can_exclude_the_region_itself():
    city = Region.objects.get(code="441700")
    assert not Region.objects.subtree_of(city, include_self=False).filter(pk=city.pk).exists()


def test_ancestors_of_a_town_are_one_query_root_first(django_assert_num_queries):
    town = Region.objects.filter(parent__code="440114").first()
    with django_assert_num_queries(1):
        chain = [r.code for r in Region.objects.ancestors_of(town)]
    assert chain == ["440000", "440100", "440114"]


def test_is_within_compares_paths():
    huadu = Region.objects.get(code="440114")
    assert huadu.is_within(Region.objects.get(code="440100"))
    assert not huadu.is_within(Region.objects.get(code="441700"))


def test_admin_can_add_a_zone_under_a_city():
    yangjiang = Region.objects.get(code="441700")
    zone = region_create_zone(parent=yangjiang, code="441771", name="阳江高新区")
    assert (zone.kind, zone.level, zone.full_name) == (RegionKind.ZONE, RegionLevel.COUNTY, "阳江市阳江高新区")
    assert Region.objects.subtree_of(yangjiang).filter(code="441771").exists()


def test_a_zone_cannot_sit_under_a_county():
    with pytest.raises(ValidationError):
        region_create_zone(parent=Region.objects.get(code="441781"), code="441799", name="某园区")


def test_bulk_load_is_idempotent():
    rows = [{"code": r.code, "name": r.name, "full_name": r.full_name, "level": r.level, "kind": r.kind,
             "parent_code": r.parent.code if r.parent else None} for r in Region.objects.select_related("parent")[:50]]
    assert regions_bulk_load(rows=rows) == 0


def test_subtree_filter_is_exactly_the_path_prefix():
    """in_subtree() is a range on SQLite and a prefix match on PostgreSQL: both must give the subtree."""
    from regions.models import in_subtree

    every = list(Region.objects.values_list("code", "path"))
    for root_code in ("440000", "441700", "441900", "441781", "441781001"):
        root = Region.objects.get(code=root_code)
        expected = {code for code, path in every if path.startswith(root.path)}
        assert set(Region.objects.filter(in_subtree("path", root.path)).values_list("code", flat=True)) == expected
