import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_plan_list_is_public(client):
    data = client.get("/api/plans/").json()
    assert len(data["plans"]) == 5
    yangjiang = next(p for p in data["plans"] if p["region_code"] == "441700")
    assert yangjiang == {"id": yangjiang["id"], "region_code": "441700", "region_name": "阳江市",
                         "title": "阳江市职业病防治“十四五”规划", "doc_number": "阳公卫防办〔2022〕1号",
                         "issued_date": "2022-07-28"}


def test_plan_detail_has_the_documented_fields(client):
    plan = Plan.objects.get(region__code="440704")
    data = client.get(f"/api/plans/{plan.pk}/").json()
    for field in ("id", "region_code", "region_name", "title", "issuer", "doc_number", "issued_date", "period_start",
                  "period_end", "basis_documents", "review_milestones", "indicators", "key_actions"):
        assert field in data
    row = data["indicators"][1]
    assert {k: row[k] for k in ("seq", "code", "printed_name", "target_text", "comparator", "target_value", "unit")} == {
        "seq": 2, "code": "OH02", "printed_name": "工业企业职业病危害项目申报率", "target_text": "≥90%",
        "comparator": ">=", "target_value": 90, "unit": "%"}
    assert {year: {k: target[k] for k in ("text", "comparator", "value", "reading")}
            for year, target in row["yearly_targets"].items()} == {
        "2023": {"text": "60%", "comparator": ">=", "value": 60, "reading": "≥ 60%"},
        "2024": {"text": "75%", "comparator": ">=", "value": 75, "reading": "≥ 75%"},
        "2025": {"text": "≥90%", "comparator": ">=", "value": 90, "reading": "≥ 90%"}}
    assert (row["target_reading"], row["target_relative"], row["no_comparison_reason"]) == ("≥ 90%", None, None)
    assert {b["region_code"]: b["value"] for b in data["indicators"][0]["baselines"]} == {
        "440000": 38660000, "440700": 1092900, "440704": 117810}
    action = data["key_actions"][0]
    assert set(action) >= {"seq", "label", "name", "objective", "principles", "content", "expected_effect"}
    assert isinstance(action["content"], list)


def test_unprinted_fields_are_null(client):
    plan = Plan.objects.get(region__code="441800")
    data = client.get(f"/api/plans/{plan.pk}/").json()
    assert (data["title"], data["doc_number"], data["issued_date"]) == (None, None, None)


def test_month_precision_date(client):
    plan = Plan.objects.get(region__code="440114")
    assert client.get(f"/api/plans/{plan.pk}/").json()["issued_date"] == "2022-09"


def test_increase_target_comparator(client):
    plan = Plan.objects.get(region__code="441700")
    row = client.get(f"/api/plans/{plan.pk}/").json()["indicators"][0]
    assert (row["comparator"], row["target_value"]) == ("increase", None)


def test_indicator_catalogue(client):
    data = client.get("/api/indicators/").json()
    assert [i["code"] for i in data["indicators"]] == [f"OH{n:02d}" for n in range(1, 17)]


def test_api_refuses_writes(client):
    assert client.post("/api/plans/").status_code == 405


def test_unknown_plan_is_404(client):
    assert client.get("/api/plans/999999/").status_code == 404
