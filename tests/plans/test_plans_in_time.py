"""Rule 5 on the seed data: a plan loaded mid-period with 适用起始年 leaves earlier verdicts as they were."""
import pytest

from plan_documents.documents import PlanDocumentError, plan_save_document, plan_to_document
from plans.governing import governing_plan_for
from plans.models import Plan
from regions.models import Region
from reporting.dashboard import compliance_matrix
from tests.reporting.test_dashboard import report

pytestmark = pytest.mark.django_db
JIEXI = "445222"


def verdicts(year):
    matrix = compliance_matrix(Region.objects.get(code="445200"), year)
    row = next(row for row in matrix.children if row.region.code == JIEXI)
    return {cell.indicator.code: (cell.status, cell.verdict.explanation) for cell in row.cells}


def jiexi_document(**changes):
    document = plan_to_document(Plan.objects.get(region__code="445200"))
    document.update(region_code=JIEXI, seed_file="", title="揭西县职业病防治规划（测试）", **changes)
    for row in document["indicators"]:
        row["target_2025"] = "≥99%" if row["code"] == "OH02" else row["target_2025"]
        row["baselines"] = []
    return document


def test_a_plan_loaded_with_applies_from_2024_leaves_2021_to_2023_unchanged():
    report(JIEXI, 2023, OH02=(95, 100))
    report(JIEXI, 2024, OH02=(95, 100))
    before = {year: verdicts(year) for year in (2021, 2022, 2023)}
    plan, created = plan_save_document(document=jiexi_document(applies_from=2024))
    assert created and plan.applies_from == 2024
    assert {year: verdicts(year) for year in (2021, 2022, 2023)} == before
    assert governing_plan_for(Region.objects.get(code=JIEXI), 2023).region.code == "445200"
    assert governing_plan_for(Region.objects.get(code=JIEXI), 2024) == plan
    # Judged by the new plan's ≥99%; the path starts at 揭西县's first counted value, 2023's 95 (rule 2).
    assert verdicts(2024)["OH02"][0] == "behind" and "揭西县规划" in verdicts(2024)["OH02"][1]
    assert "按 本地区首个填报值作为2023 年基线 95" in verdicts(2024)["OH02"][1]
    assert verdicts(2023)["OH02"][0] == "met"  # still judged by 揭阳市's ≥90%


def test_applies_from_outside_the_period_is_refused():
    with pytest.raises(PlanDocumentError, match="适用起始年应在规划期内"):
        plan_save_document(document=jiexi_document(applies_from=2030))
    with pytest.raises(PlanDocumentError, match="只能填"):
        plan_save_document(document=jiexi_document(preferred="也许"))


def test_a_baseline_printed_by_a_plan_loaded_from_2024_does_not_move_earlier_paths():
    """Rule 2 reads the baseline printed in the *governing* plan: a document applying from 2024 that prints
    揭西县's 2020 OH02 leaves 2021–2023 on 揭阳市's plan and its interim verdicts as they were."""
    report(JIEXI, 2022, OH02=(60, 100))
    report(JIEXI, 2023, OH02=(70, 100))
    report(JIEXI, 2024, OH02=(75, 100))
    before = {year: verdicts(year) for year in (2021, 2022, 2023)}
    document = jiexi_document(applies_from=2024)
    oh02 = next(row for row in document["indicators"] if row["code"] == "OH02")
    oh02["baselines"] = [{"region_code": JIEXI, "year": 2020, "text": "50%"}]
    plan_save_document(document=document)
    assert {year: verdicts(year) for year in (2021, 2022, 2023)} == before
    assert "按 揭西县规划印发的2020 年基线 50" in verdicts(2024)["OH02"][1]  # from 2024 it draws the path
