import pytest
from django.urls import reverse

from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_plan_index_lists_the_five_plans_with_counts(client, django_assert_num_queries):
    # plans with their regions; indicator rows per plan (indicators); key actions per plan (actions)
    with django_assert_num_queries(3):
        response = client.get(reverse("plans:index"))
    html = response.content.decode()
    for name in ("花都区", "阳江市", "清远市", "江海区", "揭阳市"):
        assert name in html
    assert "阳公卫防办〔2022〕1号" in html and "未印明" in html


@pytest.mark.parametrize("code", ["440114", "441700", "441800", "440704", "445200"])
def test_plan_page_renders_every_row_and_action(client, code):
    plan = Plan.objects.get(region__code=code)
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for row in plan.indicator_rows.all():
        assert row.printed_name in html
    for action in plan.key_actions.all():
        assert action.name in html
    assert html.count("<tr>") >= plan.indicator_rows.count()


def test_plan_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries):
    plan = Plan.objects.get(region__code="440704")
    # plan+region; rows with their indicators, targets, baselines, baseline regions (indicators' section);
    # actions, items (actions' section)
    with django_assert_num_queries(7):
        client.get(reverse("plans:detail", args=[plan.pk]))


def test_jianghai_page_has_the_wide_table(client):
    plan = Plan.objects.get(region__code="440704")
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    for header in ("广东省 2020 年值", "江门市 2020 年值", "江海区 2020 年值", "2023 年目标值", "2024 年目标值"):
        assert header in html
    assert "3866 万人" in html and "口径不同" in html


def test_unknown_facts_are_shown_as_unknown(client):
    plan = Plan.objects.get(region__code="441800")
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "未印标题" in html and "未印明" in html


def test_missing_plan_is_404(client):
    assert client.get("/plans/999999/").status_code == 404


def test_indicator_page_compares_targets_across_plans(client):
    response = client.get(reverse("indicators:detail", args=["OH02"]))
    html = response.content.decode()
    assert len(response.context["comparison"]) == 5
    assert "&gt;90%" in html and "≥90%" in html and "78.0%" in html
    assert response.context["years"] == [2023, 2024, 2025]


def test_indicator_index_lists_the_catalogue(client):
    response = client.get(reverse("indicators:index"))
    assert len(response.context["indicators"]) == 16
