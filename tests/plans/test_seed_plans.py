"""The five plans in the database, checked against the seed texts themselves."""
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from indicators.models import Baseline, Target
from plans.models import DatePrecision, Plan

pytestmark = pytest.mark.django_db

SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
EXPECTED = {  # region code: (name, indicators, key actions)
    "440114": ("花都区", 13, 5),
    "441700": ("阳江市", 10, 4),
    "441800": ("清远市", 10, 4),
    "440704": ("江海区", 11, 4),
    "445200": ("揭阳市", 9, 4),
}


def squash(text: str) -> str:
    """Seed text without conversion debris: whitespace, markdown emphasis and HTML tags."""
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[\s*#★]", "", text)


def seed_text(plan: Plan) -> str:
    return squash(Path(SEEDS / plan.seed_file).read_text(encoding="utf-8"))


def plan_of(code: str) -> Plan:
    return Plan.objects.get(region__code=code)


def target(code: str, seq: int, year: int = 2025) -> Target:
    return Target.objects.get(row__plan__region__code=code, row__seq=seq, year=year)


@pytest.mark.parametrize("code", EXPECTED)
def test_every_plan_has_its_printed_number_of_rows_and_actions(code):
    name, indicators, actions = EXPECTED[code]
    plan = plan_of(code)
    assert plan.region.name == name
    assert plan.indicator_rows.count() == indicators
    assert plan.key_actions.count() == actions
    assert sorted(plan.indicator_rows.values_list("seq", flat=True)) == list(range(1, indicators + 1))


@pytest.mark.parametrize("code", EXPECTED)
def test_every_printed_text_is_in_the_seed(code):
    plan = plan_of(code)
    seed = seed_text(plan)
    texts = [plan.title, plan.doc_number, *plan.basis_documents, *plan.main_tasks, *plan.review_milestones]
    for row in plan.indicator_rows.prefetch_related("targets", "baselines"):
        texts += [row.printed_name, row.remark, *(t.text for t in row.targets.all()), *(b.text for b in row.baselines.all())]
    for action in plan.key_actions.prefetch_related("items"):
        texts += [action.name, action.objective, action.principles, action.expected_effect,
                  *(item.text for item in action.items.all())]
    missing = [text for text in texts if text and squash(text) not in seed]
    assert missing == []


def test_strict_targets_of_huadu_and_yangjiang_stay_strict():
    assert (target("440114", 2).text, target("440114", 2).comparator, target("440114", 2).value) == (">90%", ">", 90)
    assert target("440114", 11).text == ">95%"
    assert (target("441700", 10).comparator, target("441700", 10).value) == (">", 80)
    assert target("441700", 6).text == ">90%"


def test_qingyuan_75_percent_is_an_inclusive_yes_no_share_target():
    row = plan_of("441800").indicator_rows.get(seq=9)
    assert row.indicator.code == "OH09"
    assert (target("441800", 9).text, target("441800", 9).comparator, target("441800", 9).value) == ("75%", ">=", 75)


def test_jieyang_95_percent_and_its_remark():
    row = plan_of("445200").indicator_rows.get(seq=8)
    assert (row.indicator.code, row.nature, row.remark) == ("OH09", "预期性", "省规划")
    assert (target("445200", 8).text, target("445200", 8).value) == ("95%", 95)
    assert not plan_of("445200").indicator_rows.filter(indicator__code="OH06").exists()


def test_jianghai_interim_targets_for_2023_and_2024():
    assert [target("440704", 2, year).text for year in (2023, 2024, 2025)] == ["60%", "75%", "≥90%"]
    assert [target("440704", 9, year).value for year in (2023, 2024, 2025)] == [65, 70, 80]
    assert target("440704", 1, 2023).comparator == "increase"


def test_jianghai_2020_values_are_baselines_of_guangdong_jiangmen_and_jianghai():
    baselines = {(b.region.code, b.indicator.code): b for b in Baseline.objects.select_related("region", "indicator")}
    assert baselines[("440000", "OH01")].value == Decimal(38_660_000)
    assert baselines[("440700", "OH01")].value == Decimal(1_092_900)
    assert baselines[("440704", "OH01")].value == Decimal(117_810)
    assert baselines[("440000", "OH02")].value == Decimal("78.0")
    assert baselines[("440704", "OH02")].value is None  # printed "/"
    other = baselines[("440700", "OH03")]
    assert other.other_measure and other.text == "重点行业职业病危害定期检测率 99%"
    assert {b.year for b in baselines.values()} == {2020}
    assert all(b.source_row.plan.region.code == "440704" for b in baselines.values())


def test_same_measure_printed_differently_is_one_indicator():
    codes = {row.printed_name: row.indicator.code for plan in Plan.objects.all() for row in plan.indicator_rows.all()}
    assert codes["劳动者工伤保险参保人数"] == codes["工伤保险参保人数"] == "OH01"
    noise = [name for name, code in codes.items() if code == "OH10"]
    assert any("防噪音" in name for name in noise)


def test_unprinted_facts_are_unknown_never_invented():
    qingyuan = plan_of("441800")
    assert (qingyuan.title, qingyuan.doc_number, qingyuan.issuer, qingyuan.issued_date) == ("", "", "", None)
    assert qingyuan.issued_date_precision == DatePrecision.UNKNOWN
    huadu = plan_of("440114")
    assert (huadu.issued_date_display, huadu.issued_date_precision) == ("2022年9月", DatePrecision.MONTH)
    assert plan_of("441700").doc_number == "阳公卫防办〔2022〕1号"


def test_key_action_items_are_ordered_rows():
    action = plan_of("441800").key_actions.get(seq=1)
    assert action.label == "专栏1"
    assert list(action.items.values_list("seq", flat=True)) == [1, 2, 3]
    assert plan_of("440114").key_actions.get(seq=1).label == "附表2 第1项"
