import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_index_lists_guangdong_and_its_cities(client):
    response = client.get(reverse("regions:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("广东省", "广州市", "阳江市", "东莞市", "中山市"):
        assert name in html


def plan_section(response) -> dict:
    """The governing-plan section that ``plans`` adds to the region page."""
    return next(s.context for s in response.context["sections"] if s.template == "plans/_region_section.html")


def test_county_page_has_breadcrumbs_children_and_inherited_plan(client):
    response = client.get(reverse("regions:detail", args=["441781"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.code for r in response.context["breadcrumbs"]] == ["440000", "441700", "441781"]
    assert 'href="/regions/441700/"' in html and "春城街道" in html
    assert plan_section(response)["plan"].region.code == "441700"
    assert "按上级 阳江市 规划考核" in html


def test_region_with_own_plan_shows_it(client):
    response = client.get(reverse("regions:detail", args=["440114"]))
    assert plan_section(response)["plan"].region.code == "440114"


def test_region_without_any_plan_says_so(client):
    response = client.get(reverse("regions:detail", args=["440300"]))  # 深圳市
    assert "均无已录入的规划" in response.content.decode()


def test_unknown_region_is_404(client):
    assert client.get("/regions/999999/").status_code == 404


def test_town_page_has_no_children(client):
    response = client.get(reverse("regions:detail", args=["441900003"]))
    assert response.status_code == 200
    assert [r.code for r in response.context["breadcrumbs"]] == ["440000", "441900", "441900003"]
    assert "无下级区划" in response.content.decode()
