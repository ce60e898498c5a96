"""The evaluation report drafted from the data (中期评估 of 阳江市 and 江海区 on the demo data), edited per
section, regenerated per section, with its history."""
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from indicators.display import number_text
from operations.demo import demo_action_data_create, demo_data_create
from reporting.completeness import completeness_summary_for
from reporting.compliance import Status, Verdict
from reporting.dashboard import compliance_matrix
from reporting.evaluation import applicable_plan
from reporting.evaluation_draft import LAGGING_STATUSES, SENTENCES, cell_shortfall, evaluation_draft, shortfall
from reporting.models import EvaluationSection
from tests.conftest import make_user, region
from tests.reporting.test_evaluation_report import (  # noqa: F401  (fixtures used by name)
    NO_PLAN_REPORT_QUERIES,
    PLAN_REPORT_QUERIES,
    counted_progress,
    media_root,
    submit_values,
    yangjiang_values,
)

pytestmark = pytest.mark.django_db

Key = EvaluationSection.Key
YEAR = 2023
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def draft_url(code: str, name: str = "report_draft", year: int = YEAR) -> str:
    return reverse(f"dashboard:{name}", args=[code, year])


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True
    demo_data_create()
    demo_action_data_create()


@pytest.fixture
def jiangmen_reviewer(db):
    return make_user("jiangmen", Role.REVIEWER, "440700")


def assert_table_has_the_dashboards_statuses(response, code: str) -> None:
    """Every indicator of the governing plan is in the table, with the status the dashboard shows."""
    plan = applicable_plan(region(code), YEAR)
    matrix = compliance_matrix(region(code), YEAR)
    headers, rows = response.context["indicator_table"]
    plan_rows = list(plan.indicator_rows.select_related("indicator").order_by("seq"))
    assert [row[1] for row in rows] == [row.printed_name for row in plan_rows]
    status_column = headers.index("状态")
    for plan_row, table_row in zip(plan_rows, rows, strict=True):
        cell = matrix.own.cell(plan_row.indicator.code)
        assert table_row[status_column] == str(cell.verdict.label), plan_row.printed_name
    html = response.content.decode()
    for row in rows:
        assert row[1] in html


def assert_overview_numbers_are_the_dashboards(draft, code: str) -> None:
    """Every number of the overview, compared as a multiset with the dashboards' own counts."""
    subject = region(code)
    matrix = compliance_matrix(subject, YEAR)
    summary = completeness_summary_for(subject, YEAR)  # the completeness page's own numbers
    plan_codes = [item.code for item in draft.report.indicators]
    own = Counter(matrix.own.cell(code).status for code in plan_codes)
    expected = [summary.expected, summary.submitted, summary.approved, len(plan_codes), YEAR,
                *(own[status] for status in Status if own[status])]
    children = [matrix.status_counts.get(status, 0) for status in Status]
    if matrix.children and sum(children):
        expected += [sum(children), *(n for n in children if n)]
    found = [Decimal(n) for n in NUMBER.findall(draft.section(Key.OVERVIEW).generated)]
    assert sorted(found) == sorted(Decimal(n) for n in expected)


def assert_lagging_sentences_quote_the_dashboards_values(draft, code: str) -> None:
    matrix = compliance_matrix(region(code), YEAR)
    text = draft.section(Key.INDICATORS).generated
    lagging_children = 0
    for indicator in matrix.indicators:
        own = matrix.own.cell(indicator.code)
        if own.status in LAGGING_STATUSES:
            assert f"年为 {number_text(own.value)}，{own.verdict.label}" in text
        for row in matrix.children:
            cell = row.cell(indicator.code)
            if cell and cell.status in LAGGING_STATUSES:
                lagging_children += 1
                assert f"{row.region.name} {number_text(cell.value)}（{cell.verdict.label}" in text
    if not lagging_children and not draft.lagging:
        assert text == f"{YEAR} 年没有未达标或进度滞后的指标。"


def assert_action_counts_are_the_progress_tables(draft) -> None:
    text = draft.section(Key.ACTIONS).generated
    for entry in draft.report.actions:
        reported = sum(1 for row in entry.regions if row.report is not None)
        assert f"{len(entry.regions)} 个地区中 {reported} 个报送了进展" in text


# One test per demo region (the demo data take long to create): the table, the overview's numbers, the
# lagging sentences and the key-action counts all say what the dashboards say.
@pytest.mark.parametrize("code", ["441700", "440704"])  # 阳江市 (its own plan) and 江海区
def test_the_demo_draft_says_what_the_dashboards_say(client, demo, yangjiang_reviewer, jiangmen_reviewer, code):
    client.force_login(yangjiang_reviewer if code == "441700" else jiangmen_reviewer)
    response = client.get(draft_url(code))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert [section.key for section in draft.sections] == list(Key.values)
    assert_table_has_the_dashboards_statuses(response, code)
    assert_overview_numbers_are_the_dashboards(draft, code)
    assert_lagging_sentences_quote_the_dashboards_values(draft, code)
    assert_action_counts_are_the_progress_tables(draft)


def test_a_lagging_county_is_named_with_its_value_and_gap():
    # 阳江市's plan wants 工伤保险参保人数 稳步提升; 阳春市's falls from 1000 to 900. No number to measure a
    # gap against (the shortfall rule is unit-tested below), so the sentence names value and status.
    submit_values("441781", YEAR - 1, OH01=1000)
    submit_values("441781", YEAR, OH01=900)
    matrix = compliance_matrix(region("441700"), YEAR)
    cell = next(row for row in matrix.children if row.region.code == "441781").cell("OH01")
    assert cell.status == Status.NOT_MET and cell_shortfall(cell) is None
    draft = evaluation_draft(region("441700"), YEAR)
    text = draft.section(Key.INDICATORS).generated
    assert f"阳春市 900（{cell.verdict.label}）" in text
    assert f"“工伤保险参保人数”{YEAR} 年为 900，未达标" in text  # the city's own roll-up lags too
    assert "阳春市" in draft.section(Key.NEXT_STEPS).generated


def test_problems_and_next_steps_are_marked_as_a_draft(db):
    draft = evaluation_draft(region("441700"), YEAR)
    marker = str(SENTENCES["draft_marker"])
    for key in (Key.PROBLEMS, Key.NEXT_STEPS):
        assert draft.section(key).is_draft and draft.section(key).paragraphs[0] == marker
    for key in (Key.OVERVIEW, Key.INDICATORS, Key.ACTIONS):
        assert not draft.section(key).is_draft and marker not in draft.section(key).text


def save(client, code: str, key: str, text: str, version: int):
    return client.post(draft_url(code, "report_section_save"), {"key": key, "text": text, "version": version})


def regenerate(client, code: str, key: str, version: int):
    return client.post(draft_url(code, "report_section_regenerate"), {"key": key, "version": version})


def test_an_edited_section_survives_regenerating_another(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = save(client, "441700", Key.OVERVIEW, "全市规划实施总体平稳。\r\n\r\n  第二段。 ", 0)
    assert response.status_code == 302 and response["Location"].endswith("#section-overview")
    assert regenerate(client, "441700", Key.PROBLEMS, 0).status_code == 302
    draft = client.get(draft_url("441700")).context["draft"]
    assert draft.section(Key.OVERVIEW).paragraphs == ["全市规划实施总体平稳。", "第二段。"]
    assert draft.section(Key.OVERVIEW).version == 1
    problems = draft.section(Key.PROBLEMS)
    assert problems.stored is not None and problems.text == problems.generated
    assert draft.section(Key.INDICATORS).stored is None  # untouched sections follow the data


def test_history_records_who_edited_and_when(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    save(client, "441700", Key.NEXT_STEPS, "第一版", 0)
    save(client, "441700", Key.NEXT_STEPS, "第二版", 1)
    regenerate(client, "441700", Key.NEXT_STEPS, 2)
    section = EvaluationSection.objects.get(region__code="441700", year=YEAR, key=Key.NEXT_STEPS)
    records = list(section.history.order_by("history_date", "history_id"))
    assert [(r.version, r.history_user, r.history_change_reason) for r in records] == [
        (1, yangjiang_reviewer, "编辑"), (2, yangjiang_reviewer, "编辑"), (3, yangjiang_reviewer, "按最新数据重新生成")]
    assert records[0].text == "第一版" and records[1].text == "第二版"
    html = client.get(draft_url("441700")).content.decode()
    assert "第 2 版" in html and "yangjiang" in html and "修改记录（3 条）" in html


def test_a_stale_version_is_refused_and_writes_nothing(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    save(client, "441700", Key.OVERVIEW, "甲的修改", 0)
    response = save(client, "441700", Key.OVERVIEW, "乙的修改", 0)
    assert response.status_code == 409
    assert "该章节已被他人修改" in response.content.decode() and "乙的修改" in response.content.decode()
    assert EvaluationSection.objects.get(region__code="441700", key=Key.OVERVIEW).text == "甲的修改"
    assert regenerate(client, "441700", Key.OVERVIEW, 0).status_code == 302
    assert EvaluationSection.objects.get(region__code="441700", key=Key.OVERVIEW).text == "甲的修改"


@pytest.mark.parametrize("data, message", [
    ({"key": "overview", "text": "   ", "version": 0}, "正文不能为空"),
    ({"key": "nonsense", "text": "x", "version": 0}, "没有这个章节"),
    ({"key": "overview", "text": "x", "version": "abc"}, "版本号无效"),
    ({"key": "overview", "text": "字" * 20001, "version": 0}, "正文不能超过"),
])
def test_bad_input_gets_a_chinese_message_and_changes_nothing(client, yangjiang_reviewer, data, message):
    client.force_login(yangjiang_reviewer)
    response = client.post(draft_url("441700", "report_section_save"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not EvaluationSection.objects.exists()


def test_county_officer_writes_the_own_countys_report(client, yangchun_officer):
    client.force_login(yangchun_officer)
    assert save(client, "441781", Key.OVERVIEW, "阳春市总体情况", 0).status_code == 302
    assert save(client, "441700", Key.OVERVIEW, "越权", 0).status_code == 404
    assert EvaluationSection.objects.get().region.code == "441781"


def test_province_report_rolls_up_and_lists_cities_without_any_plan(demo):
    province = region("440000")
    draft = evaluation_draft(province, YEAR)
    matrix = compliance_matrix(province, YEAR)
    assert draft.report.plan is None
    overview = draft.section(Key.OVERVIEW).generated
    total = sum(matrix.status_counts.values())
    assert total and f"共 {total} 项次" in overview
    without = {r.code for r in draft.no_plan_children}
    assert {"440700", "441700", "441800", "445200", "440100"}.isdisjoint(without)  # plans in or on them
    assert "440300" in without  # 深圳市: no plan on it, above it or inside it
    assert "没有适用的规划" in overview and "深圳市" in overview


@pytest.mark.parametrize("value, verdict, target, comparator, gap", [
    (Decimal(80), Verdict(Status.NOT_MET, ""), Decimal(90), ">=", Decimal(10)),
    (Decimal(12), Verdict(Status.NOT_MET, ""), Decimal(10), "<=", Decimal(2)),
    (Decimal(70), Verdict(Status.BEHIND, "", Decimal("75.5")), Decimal(90), ">=", Decimal("5.5")),
    (Decimal(70), Verdict(Status.NOT_MET, ""), None, "increase", None),
    (None, Verdict(Status.NO_DATA, ""), Decimal(90), ">=", None),
    (Decimal(95), Verdict(Status.MET, ""), Decimal(90), ">=", None),
])
def test_shortfall_measures_from_the_path_or_the_target(value, verdict, target, comparator, gap):
    assert shortfall(value, verdict, target, comparator) == gap


# Queries of evaluation_draft: those of evaluation_report (see test_evaluation_report), then the regions
# with a plan in force (1) and the stored sections (1) — the same for 1, 4 or 8 counties. A region without
# a plan also reads the dashboard's matrix of the year, which evaluation_report skips for it (10).
DRAFT_EXTRA_QUERIES = 2
MATRIX_QUERIES = 10  # compliance_matrix: as evaluation_report's docstring counts it


@pytest.mark.parametrize("code", ["441781", "441700", "441800"])
def test_draft_query_count_does_not_grow_with_children(django_assert_num_queries, yangjiang_values,  # noqa: F811
                                                       counted_progress, code):  # noqa: F811
    subject = region(code)
    with django_assert_num_queries(PLAN_REPORT_QUERIES + DRAFT_EXTRA_QUERIES):
        evaluation_draft(subject, YEAR)


@pytest.mark.parametrize("code", ["440100", "440000"])
def test_draft_without_plan_query_count_does_not_grow_with_children(django_assert_num_queries, code):
    subject = region(code)
    with django_assert_num_queries(NO_PLAN_REPORT_QUERIES + MATRIX_QUERIES + DRAFT_EXTRA_QUERIES):
        evaluation_draft(subject, YEAR)
