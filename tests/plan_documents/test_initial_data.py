import shutil

import pytest
import yaml
from django.conf import settings

from indicators.models import PlanIndicator, Target
from plan_documents.documents import PlanDocumentError
from plan_documents.initial_data import load_initial_data
from plans.models import Plan

pytestmark = pytest.mark.django_db


def test_loading_twice_changes_nothing():
    before = (Plan.objects.count(), PlanIndicator.objects.count(), Target.objects.count(),
              list(PlanIndicator.objects.values_list("pk", flat=True)))
    summary = load_initial_data()
    assert summary.regions_created == 0 and summary.indicators_changed == 0 and summary.plans_saved == []
    assert len(summary.plans_unchanged) == 5
    assert before == (Plan.objects.count(), PlanIndicator.objects.count(), Target.objects.count(),
                      list(PlanIndicator.objects.values_list("pk", flat=True)))


@pytest.fixture
def fixtures_copy(tmp_path):
    shutil.copytree(settings.BASE_DIR / "fixtures", tmp_path / "fixtures")
    return tmp_path / "fixtures"


def edit_plan(fixtures_dir, name, change):
    path = fixtures_dir / "plans" / f"{name}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["indicators"][0].update(code="OH99"), "指标代码“OH99”不在指标目录中"),
    (lambda d: d["indicators"][1].update(target_2025="九成以上"), "无法识别的目标文本：“九成以上”"),
    (lambda d: d["indicators"].pop(), "应有 10 项，实际 9 项"),
    (lambda d: d.update(region_code="999999"), "区划代码 999999 不存在"),
])
def test_a_bad_fixture_is_refused_naming_file_row_and_text(fixtures_copy, change, message):
    edit_plan(fixtures_copy, "yangjiang", change)
    before = Target.objects.count()
    with pytest.raises(PlanDocumentError) as error:
        load_initial_data(fixtures_copy)
    assert any(message in line and "yangjiang.yaml" in line for line in error.value.errors), error.value.errors
    assert Target.objects.count() == before


def test_a_target_the_grammar_cannot_read_loads_only_when_marked_not_compared(fixtures_copy, client):
    """Nothing dropped silently: "至少确定1家" is refused with its place, unless the row gives a reason,
    and then every page and the API show that reason instead of a verdict."""
    edit_plan(fixtures_copy, "yangjiang", lambda d: d["indicators"][1].update(target_2025="至少确定1家"))
    with pytest.raises(PlanDocumentError) as error:
        load_initial_data(fixtures_copy)
    assert any("yangjiang.yaml" in line and "无法识别的目标文本：“至少确定1家”" in line and "不作比较的理由" in line
               for line in error.value.errors), error.value.errors

    edit_plan(fixtures_copy, "yangjiang", lambda d: d["indicators"][1].update(no_comparison_reason="口径与指标目录不同"))
    load_initial_data(fixtures_copy)
    row = PlanIndicator.objects.get(plan__region__code="441700", seq=2)
    target = row.targets.get(year=2025)
    assert (row.no_comparison_reason, target.text, target.other_measure) == ("口径与指标目录不同", "至少确定1家", True)

    api_row = client.get(f"/api/plans/{row.plan_id}/").json()["indicators"][1]
    assert (api_row["target_text"], api_row["no_comparison_reason"]) == ("至少确定1家", "口径与指标目录不同")
    page = client.get(f"/plans/{row.plan_id}/").content.decode()
    assert "不作比较：口径与指标目录不同" in page
