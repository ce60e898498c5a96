"""The verdict wordings are translated once per language while a matrix is judged (plumbing.wording,
issue 18 "Speed"): every explanation must read exactly as Django's own gettext words it, in Chinese and in
English, and a language switch must never serve the other language's text."""
from decimal import Decimal

import pytest
from django.utils import translation

from plumbing import wording
from regions.models import Region
from reporting import compliance
from reporting.compliance import Baseline, Earlier, Status, TargetSpec, judge, like_for_like
from reporting.dashboard import compliance_matrix

from .test_dashboard import report

D = Decimal
SOURCE = "阳江市规划 附表1 第2项 >90%"


def rate(text="≥90%", comparator=">=", value="90", year=2025, **more):
    return TargetSpec(text, comparator, D(value) if value is not None else None, year, SOURCE, **more)


# One call per branch of ``judge`` (and its explanation's optional parts).
CASES = {
    "met": {"value": D("95"), "year": 2025, "target": rate()},
    "not_met": {"value": D("80"), "year": 2025, "target": rate()},
    "in_progress, no baseline": {"value": D("80"), "year": 2023, "target": rate()},
    "on_track": {"value": D("88"), "year": 2023, "target": rate(), "baseline": Baseline(2020, D("80"), "阳江市规划印发的")},
    "behind": {"value": D("81"), "year": 2023, "target": rate(), "baseline": Baseline(2020, D("80"), "阳江市规划印发的")},
    "cap, behind": {"value": D("9"), "year": 2023, "target": rate("≤5%", "<=", "5"), "baseline": Baseline(2020, D("10"))},
    "relative without baseline": {"value": D("30"), "year": 2025, "target": rate("比2020年下降10%", "<=", "10",
                                                                             relative="percent")},
    "relative resolved": {"value": D("30"), "year": 2025, "target": rate("比2020年下降10%", "<=", "10", relative="percent"),
                              "baseline": Baseline(2020, D("40"))},
    "reading note": {"value": D("86"), "year": 2025, "target": rate("85%–90%", ">=", "85", note="取区间下限")},
    "no data": {"value": None, "year": 2025, "target": rate()},
    "other measure": {"value": D("1"), "year": 2025, "target": rate("见附件", "", None, other_measure=True)},
    "not compared": {"value": D("1"), "year": 2025, "target": rate(no_comparison_reason="口径不一")},
    "no target": {"value": D("1"), "year": 2025, "target": None},
    "no plan": {"value": D("1"), "year": 2025, "target": None, "has_plan": False},
    "increase, like for like": {"value": D("10"), "year": 2024, "target": rate("稳步提升", "increase", None),
                                    "earlier": Earlier(D("320000"), D("300000"), "2023年值", "江城区、阳东区两年均有数")},
    "decrease, not met": {"value": D("10"), "year": 2024, "target": rate("有所下降", "decrease", None),
                              "previous": D("9"), "previous_label": "2023年值"},
    "increase, nothing earlier": {"value": D("10"), "year": 2024, "target": rate("稳步提升", "increase", None)},
    "increase, no common child": {"value": D("10"), "year": 2024, "target": rate("稳步提升", "increase", None),
                                      "earlier": Earlier(None, None, "2023年值", why_not="没有共同填报的下级")},
}


def django_judge(monkeypatch, **arguments):
    """``judge`` with Django's own gettext, as before the wordings were cached."""
    with monkeypatch.context() as patched:
        patched.setattr(compliance, "_", translation.gettext)
        return judge(**arguments)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("case", CASES)
def test_a_pinned_judgement_reads_as_djangos_gettext_words_it(monkeypatch, language, case):
    with translation.override(language):
        expected = django_judge(monkeypatch, **CASES[case])
        with wording.language_pinned():
            pinned, pinned_again = judge(**CASES[case]), judge(**CASES[case])  # the second from the cache
    assert pinned == pinned_again == expected


def test_the_cases_cover_every_status():
    statuses = {judge(**arguments).status for arguments in CASES.values()}
    assert statuses == set(Status)


def test_switching_language_switches_the_wording():
    arguments = CASES["behind"]
    texts = []
    for language in ("en", "zh-hans", "en", "zh-hans"):
        with translation.override(language), wording.language_pinned():
            texts.append(judge(**arguments).explanation)
    assert texts[0] == texts[2] and texts[1] == texts[3]
    assert "linear" in texts[0] and "线性进度" in texts[1]


def test_outside_a_pinned_block_the_active_language_is_read_on_every_call():
    with translation.override("en"):
        with wording.language_pinned():
            judge(**CASES["met"])
        with translation.override("zh-hans"):  # not pinned: Django's gettext, whatever the cache holds
            assert "满足" in judge(**CASES["met"]).explanation


def test_like_for_like_labels_follow_the_language():
    children = {2023: {"a": D("1"), "b": D("2")}, 2024: {"a": D("2"), "b": D("3")}}
    for language, label, shared in (("en", "2023 value", "reported in both years"), ("zh-hans", "2023年值", "两年均有数")):
        with translation.override(language), wording.language_pinned():
            earlier = like_for_like(children, 2024, sum, {"a": "江城区", "b": "阳东区"})
        assert earlier.label == label and shared in earlier.common


@pytest.mark.django_db
def test_a_matrix_judged_in_english_then_in_chinese_reads_in_each(db):
    report("441781", 2025, OH02=(90, 100))
    yangjiang = Region.objects.get(code="441700")

    def explanation(language):
        with translation.override(language):
            row = next(row for row in compliance_matrix(yangjiang, 2025).children if row.region.code == "441781")
            return row.cell("OH02").verdict.explanation

    assert "does not meet" in explanation("en")
    assert "不满足" in explanation("zh-hans")
    assert "does not meet" in explanation("en")
