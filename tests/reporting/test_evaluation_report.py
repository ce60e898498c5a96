import hashlib
import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import Role
from actions.exports import PROGRESS_COLOURS
from actions.models import ActionMetric, ActionProgress, ActionReport, Evidence, ItemProgress, KeyAction, ProgressStatus
from indicators.models import Indicator, ValueKind
from lifecycle.models import SubmissionStatus
from plans.period import PLAN_YEARS
from regions.models import Region, RegionLevel
from reporting.compliance import Status
from reporting.dashboard import compliance_matrix
from reporting.evaluation import evaluation_report
from reporting.evaluation_export import ACTION_HEADERS, HEADER_ROW, indicator_headers
from reporting.exports import STATUS_COLOURS
from reporting.models import IndicatorValue, Submission
from tests.conftest import make_user, region

pytestmark = pytest.mark.django_db

YANGJIANG_CODES = [f"OH{n:02d}" for n in range(1, 11)]  # 阳江市规划 附表1, 10 rows
YANGJIANG_COUNTIES = ["441702", "441704", "441721", "441781"]
RATES = ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10")


def report_url(code: str, year: int, name: str = "report") -> str:
    return reverse(f"dashboard:{name}", args=[code, year])


def submit_values(code: str, year: int, *, status=SubmissionStatus.APPROVED, comment: str = "", **values) -> Submission:
    """A submission with values: rates as (numerator, denominator), anything else as the value."""
    submission = Submission.objects.create(region=region(code), year=year, status=status, review_comment=comment)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=values)}
    for indicator_code, entered in values.items():
        if isinstance(entered, tuple):
            numerator, denominator = (Decimal(n) for n in entered)
            IndicatorValue.objects.create(submission=submission, indicator=indicators[indicator_code], numerator=numerator,
                                          denominator=denominator, value=numerator * 100 / denominator)
        else:
            IndicatorValue.objects.create(submission=submission, indicator=indicators[indicator_code], value=Decimal(entered))
    return submission


def report_with_progress(code: str, year: int, *, status=SubmissionStatus.APPROVED, plan_code: str = "441700",
                         item_status=ProgressStatus.DONE, narrative: str = "按计划推进", metrics=(),
                         evidence: tuple[str, ...] = ()) -> ActionReport:
    """A key-action report with every action of the plan at ``item_status``; metrics and evidence on the first."""
    report = ActionReport.objects.create(region=region(code), year=year, status=status)
    actions = KeyAction.objects.filter(plan__region__code=plan_code).prefetch_related("items").order_by("seq")
    for index, action in enumerate(actions):
        progress = ActionProgress.objects.create(report=report, action=action, status=item_status, narrative=narrative)
        for item in action.items.all():
            ItemProgress.objects.create(progress=progress, item=item, status=item_status, description="已开展")
        if index == 0:
            for label, value, unit in metrics:
                ActionMetric.objects.create(progress=progress, label=label, value=Decimal(value), unit=unit)
            for name in evidence:
                stored = Evidence(progress=progress, original_name=name, content_type="application/pdf", extension=".pdf",
                                  size=len(PDF), sha256=hashlib.sha256(PDF + name.encode()).hexdigest())
                stored.file.save("upload", ContentFile(PDF), save=False)
                stored.save()
    return report


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def yangjiang_progress(media_root):
    """2023 key-action progress in 阳江: 阳春市 approved (with numbers and evidence), 阳东区 still a draft."""
    counted = report_with_progress("441781", 2023, narrative="阳春市开展尘肺病防治攻坚",
                                   metrics=[("帮扶企业数", "12", "家"), ("培训人次", "300", "人次")],
                                   evidence=("培训签到表.pdf",))
    draft = report_with_progress("441704", 2023, status=SubmissionStatus.DRAFT, item_status=ProgressStatus.IN_PROGRESS,
                                 narrative="草稿中的进展说明", metrics=[("示范企业数", "3", "家")])
    return counted, draft


@pytest.fixture
def yangjiang_values(db):
    """Approved reports of 阳江's four counties for 2021–2023, and 阳江市's own OH08 for 2023."""
    for offset, code in enumerate(YANGJIANG_COUNTIES):
        for year in (2021, 2022, 2023):
            growth = year - 2021
            rates = {rate: (80 + offset + 4 * growth, 100) for rate in RATES}
            submit_values(code, year, OH01=10000 * (offset + 1) + 500 * growth, OH09=100 if offset else 0, **rates)
    submit_values("441700", 2023, OH08=100)


def test_yangjiang_mid_term_report_lists_every_plan_indicator_as_the_matrix_judges_it(
        client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    response = client.get(report_url("441700", 2023))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.title == "阳江市职业病防治“十四五”规划 2023 年中期评估"
    assert [item.code for item in report.indicators] == YANGJIANG_CODES
    assert [item.row.seq for item in report.indicators] == list(range(1, 11))

    matrices = {year: compliance_matrix(region("441700"), year) for year in PLAN_YEARS}
    for item in report.indicators:
        for figure in item.figures:
            cell = matrices[figure.year].own.cell(item.code)
            assert (figure.value, figure.target_text) == (cell.value, cell.target_text), (item.code, figure.year)
        assert item.verdict == matrices[2023].own.cell(item.code).verdict
    oh01 = report.indicators[0]
    assert oh01.figure(2023).value == 10000 + 20000 + 30000 + 40000 + 4 * 1000  # summed over the four counties
    assert oh01.status == Status.MET  # 稳步提升: 2023 > 2022
    assert report.indicators[1].figure(2021).value == Decimal("81.5")  # Σ numerators / Σ denominators
    assert report.indicators[7].status == Status.MET  # OH08, entered by the city itself
    # No plan prints a baseline for 阳江市: the interim path starts at its first counted year, 2021 (rule 2).
    assert {item.status for item in report.indicators} >= {Status.MET, Status.ON_TRACK, Status.BEHIND}
    assert "本地区首个填报值作为2021 年基线" in report.indicators[1].verdict.explanation
    assert report.indicators[0].baseline_text == "—"  # no plan prints a baseline for 阳江市

    html = response.content.decode()
    assert "阳江市职业病防治“十四五”规划 2023 年中期评估" in html
    assert html.count('data-code="OH') == 10
    assert 'media="print"' in html and "js/print.js" in html and "<script>" not in html


def test_final_and_annual_years_are_named_for_the_evaluation_they_serve(yangjiang_reviewer):
    assert evaluation_report(region("441700"), 2025).title.endswith("2025 年终期评估")
    assert evaluation_report(region("441700"), 2022).title.endswith("2022 年年度评估")


def test_a_county_without_its_own_plan_is_evaluated_on_its_citys_plan(client, yangchun_officer, yangjiang_values):
    client.force_login(yangchun_officer)
    report = client.get(report_url("441781", 2023)).context["report"]
    assert report.plan.region.code == "441700" and report.inherits_plan
    assert report.title == "阳江市阳春市 · 阳江市职业病防治“十四五”规划 2023 年中期评估"
    assert [item.code for item in report.indicators] == YANGJIANG_CODES
    assert report.indicators[0].figure(2023).value == 40000 + 1000
    # OH08 is entered by the city: the county is not judged on it.
    assert report.indicators[7].status == Status.NO_TARGET
    assert [row.region.code for row in report.completeness_rows] == ["441781"]


def test_a_region_without_any_plan_says_so_plainly(client, portal_admin):
    client.force_login(portal_admin)
    response = client.get(report_url("440000", 2023))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.plan is None and report.indicators == [] and report.key_actions == []
    page = response.content.decode()
    assert "本系统未加载适用于广东省的职业病防治规划" in page and "这不表示未印发" in page
    assert len(report.completeness_rows) > 0  # the counties under the five plans still report

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(report_url("440000", 2023, "report_xlsx")).content))
    assert "本系统未加载适用于本地区的规划" in workbook["指标评估"].cell(row=HEADER_ROW + 1, column=1).value


def test_key_actions_are_listed_as_printed_with_every_governed_region_unreported(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = client.get(report_url("441700", 2023))
    report = response.context["report"]
    actions = report.key_actions
    assert [action.seq for action in actions] == [1, 2, 3, 4]
    assert [r.code for r in report.action_regions] == ["441700", *YANGJIANG_COUNTIES]
    html = response.content.decode()
    assert "重大行动进展填报功能上线后" not in html
    for action in actions:
        assert action.name in html
        for item in action.items.all():
            assert item.text in html
    assert set(re.findall(r'data-progress="(\w*)"', html)) == {""}  # nothing but 未填报 without a report
    assert "草稿和已退回的报告按“未填报”显示" in html


def test_action_section_shows_counted_progress_by_region_and_item(client, yangjiang_reviewer, yangjiang_progress):
    counted, draft = yangjiang_progress
    client.force_login(yangjiang_reviewer)
    response = client.get(report_url("441700", 2023))
    report = response.context["report"]
    first = report.actions[0]
    rows = {row.region.code: row for row in first.regions}
    assert list(rows) == ["441700", *YANGJIANG_COUNTIES]
    assert [cell.status for cell in rows["441781"].cells] == [ProgressStatus.DONE] * len(first.items)
    assert rows["441781"].metrics_text == "帮扶企业数 12 家; 培训人次 300 人次"
    # The draft does not count: 阳东区 shows 未填报 like a region that never reported.
    assert rows["441704"].report is None and {cell.label for cell in rows["441704"].cells} == {"未填报"}

    html = response.content.decode()
    evidence = Evidence.objects.get()
    assert f'href="{reverse("actions:evidence", args=[evidence.pk])}">培训签到表.pdf</a>' in html
    assert 'class="cell progress-done" data-progress="done"' in html and "已完成" in html
    assert "阳春市开展尘肺病防治攻坚" in html and "帮扶企业数 12 家" in html
    assert "草稿中的进展说明" not in html and "示范企业数" not in html
    assert 'class="cell status-no_data" data-progress=""' in html
    assert "仅统计已提交和已审核的进展报告；草稿和已退回的报告按“未填报”显示。" in html
    assert client.get(reverse("actions:evidence", args=[evidence.pk])).status_code == 200


def test_action_without_items_shows_its_own_status(client, huadu_officer, media_root):
    report_with_progress("440114", 2024, status=SubmissionStatus.SUBMITTED, plan_code="440114",
                         item_status=ProgressStatus.IN_PROGRESS, metrics=[("示范企业数", "2.50", "家")])
    client.force_login(huadu_officer)
    report = client.get(report_url("440114", 2024)).context["report"]
    first = report.actions[0]
    assert first.items == [] and [r.region.code for r in first.regions] == ["440114"]
    assert [cell.status for cell in first.regions[0].cells] == [ProgressStatus.IN_PROGRESS]
    assert first.regions[0].report_label == "已提交" and first.regions[0].metrics_text == "示范企业数 2.5 家"


def test_progress_is_reported_from_2022(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    response = client.get(report_url("441700", 2021))
    report = response.context["report"]
    assert report.action_regions == [] and all(entry.regions == [] for entry in report.actions)
    assert "重大行动进展自 2022 年起按年度填报，2021 年没有进展数据。" in response.content.decode()
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(report_url("441700", 2021, "report_xlsx")).content))
    assert "重大行动进展自 2022 年起按年度填报" in workbook["重大行动"].cell(row=1, column=1).value


def test_excel_has_the_same_action_progress_as_the_page(client, yangjiang_reviewer, yangjiang_progress):
    counted, _draft = yangjiang_progress
    ActionProgress.objects.filter(report=counted, action__seq=2).update(narrative='=HYPERLINK("http://example.com","x")')
    client.force_login(yangjiang_reviewer)
    report = client.get(report_url("441700", 2023)).context["report"]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(report_url("441700", 2023, "report_xlsx")).content))["重大行动"]
    assert [cell.value for cell in sheet[HEADER_ROW]] == ACTION_HEADERS
    column = {header: index for index, header in enumerate(ACTION_HEADERS, start=1)}
    rows = [{header: sheet.cell(row=r, column=index) for header, index in column.items()}
            for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
    expected_rows = sum(len(entry.regions) * max(len(entry.items), 1) for entry in report.actions)
    assert len(rows) == expected_rows

    first = report.actions[0]
    yangchun = [row for row in rows if row["区划代码"].value == "441781" and row["名称"].value == first.action.name]
    assert [row["内容序号"].value for row in yangchun] == [item.seq for item in first.items]
    for row in yangchun:
        assert (row["报告状态"].value, row["状态"].value) == ("已审核", "已完成")
        assert row["状态"].fill.start_color.rgb.endswith(PROGRESS_COLOURS[ProgressStatus.DONE][0])
        assert row["进展情况"].value == "阳春市开展尘肺病防治攻坚"
        assert row["数据"].value == "帮扶企业数 12 家; 培训人次 300 人次"
        assert row["佐证材料"].value == "培训签到表.pdf"
    yangdong = [row for row in rows if row["区划代码"].value == "441704"]
    assert {(row["报告状态"].value, row["状态"].value, row["进展情况"].value) for row in yangdong} == {
        ("未填报", "未填报", None)}
    assert all(row["状态"].fill.start_color.rgb.endswith(PROGRESS_COLOURS[""][0]) for row in yangdong)
    formula = next(row["进展情况"] for row in rows if row["区划代码"].value == "441781" and row["名称"].value ==
                   report.actions[1].action.name)
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://example.com","x")', "s")


@pytest.mark.parametrize("name", ["report", "report_xlsx"])
def test_outsider_cannot_open_a_foreign_report(client, outsider, name):
    client.force_login(outsider)
    assert client.get(report_url("441700", 2023, name)).status_code == 404


@pytest.mark.parametrize("name", ["report", "report_xlsx"])
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(report_url("441700", 2023, name))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("year", [2020, 2026])
def test_years_outside_the_plan_period_are_not_found(client, yangjiang_reviewer, year):
    client.force_login(yangjiang_reviewer)
    assert client.get(report_url("441700", year)).status_code == 404
    assert client.get(report_url("441700", year, "report_xlsx")).status_code == 404


def test_report_is_read_only(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    assert client.post(report_url("441700", 2023)).status_code == 405


def test_excel_has_the_same_values_and_statuses_as_the_page(client, yangjiang_reviewer, yangjiang_values):
    client.force_login(yangjiang_reviewer)
    report = client.get(report_url("441700", 2023)).context["report"]
    response = client.get(report_url("441700", 2023, "report_xlsx"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["指标评估", "填报进度", "重大行动", "图例"]

    sheet = workbook["指标评估"]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers == indicator_headers(report)
    assert sheet.freeze_panes == "D3"
    assert sheet.cell(row=1, column=1).value == report.title
    column = {header: index for index, header in enumerate(headers, start=1)}
    for row_number, item in enumerate(report.indicators, start=HEADER_ROW + 1):
        code = sheet.cell(row=row_number, column=column["指标代码"])
        assert (code.value, code.data_type) == (item.code, "s")
        is_rate = item.row.indicator.value_kind == ValueKind.RATE
        for figure in item.figures:
            expected = None if figure.value is None else float(round(figure.value, 2) / (100 if is_rate else 1))
            if figure.is_yes_no and figure.value is not None:
                expected = figure.value_display  # "是" or "3/4 是（75%）", never 100 or 0
            value = sheet.cell(row=row_number, column=column[f"{figure.year} 数值"])
            assert value.value == expected
            if is_rate and expected is not None:  # 81.5% is the number 0.815 shown as a percentage
                assert value.number_format == "0.00%"
            assert (sheet.cell(row=row_number, column=column[f"{figure.year} 目标"]).value or "") == figure.target_text
        status = sheet.cell(row=row_number, column=column["2023 状态"])
        assert status.value == str(item.verdict.label)
        assert status.fill.start_color.rgb.endswith(STATUS_COLOURS[item.status][0])
        assert status.font.color.rgb.endswith(STATUS_COLOURS[item.status][1])
        assert sheet.cell(row=row_number, column=column["判断依据"]).value == item.verdict.explanation

    progress = workbook["填报进度"]
    assert [progress.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, progress.max_row + 1)] == YANGJIANG_COUNTIES
    actions = workbook["重大行动"]
    assert actions.cell(row=1, column=1).value.endswith("仅统计已提交和已审核的进展报告；草稿和已退回的报告按“未填报”显示。")
    assert {actions.cell(row=r, column=2).value for r in range(HEADER_ROW + 1, actions.max_row + 1)} == {
        action.name for action in report.key_actions}
    legend = workbook["图例"]
    # The legend is the one every dashboard export shares: header in row 1.
    assert [legend.cell(row=r, column=1).value for r in range(2, legend.max_row + 1)] == [s.value for s in Status]


def test_text_starting_with_equals_stays_text_in_the_excel(client, yangjiang_reviewer):
    comment = '=HYPERLINK("http://example.com","点此查看")'
    submission = submit_values("441781", 2024, status=SubmissionStatus.RETURNED, comment=comment, OH01=1)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=datetime(2024, 5, 1, 16, 30, tzinfo=UTC))
    client.force_login(yangjiang_reviewer)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(report_url("441700", 2024, "report_xlsx")).content))
    progress = workbook["填报进度"]
    row = next(r for r in range(HEADER_ROW + 1, progress.max_row + 1) if progress.cell(row=r, column=1).value == "441781")
    cell = progress.cell(row=row, column=7)
    assert (cell.value, cell.data_type) == (comment, "s")
    assert progress.cell(row=row, column=5).value == "2024-05-02 00:30"  # Beijing time, as on the page


# Queries of evaluation_report, whatever the number of children:
#   2  applicable plan: nearest region with a plan, its plan for the year
#   4  completeness_rows: regions with plans, the counties below, their submissions, the year's
#      reporting windows (their reopenings only when a window is set)
#   1  plan rows with their indicators
#   2  the region's baselines: printed, and its own approved 2020 基线值 (rule 2)
#  45  compliance_matrix × 5 years (children, plan rows, targets, indicators, value sums,
#      expected counts, printed baselines, entered baselines, submissions)
#   2  key actions, their items
#   3  regions whose progress answers the plan: the counties below, the plans on their paths, their
#      counted action reports' documents (actions.documents.report_document)
#   5  counted action reports, their actions, items, metrics, evidence
PLAN_REPORT_QUERIES = 68
PLAN_REPORT_QUERIES_2021 = 60  # no key-action progress before 2022: nothing to fetch
NO_PLAN_REPORT_QUERIES = 1 + 4  # the plans on its path (none govern), completeness_rows


@pytest.fixture
def counted_progress(media_root):
    """Counted 2023 progress for 阳春市 alone and for all eight counties of 清远 (more rows, same queries)."""
    report_with_progress("441781", 2023, metrics=[("帮扶企业数", "12", "家")], evidence=("总结.pdf",))
    for county in Region.objects.filter(parent__code="441800", level=RegionLevel.COUNTY):
        report_with_progress(county.code, 2023, plan_code="441800", metrics=[("培训人次", "80", "人次")],
                             evidence=("总结.pdf",))


@pytest.mark.parametrize("code", ["441781", "441700", "441800"])  # 24 towns, 4 and 8 counties
def test_plan_report_query_count_does_not_grow_with_children(django_assert_num_queries, yangjiang_values,
                                                             counted_progress, code):
    subject = region(code)
    with django_assert_num_queries(PLAN_REPORT_QUERIES):
        report = evaluation_report(subject, 2023)
        assert all(action.items.all() is not None for action in report.key_actions)
        shown = [(row.metrics_text, len(row.evidence)) for entry in report.actions for row in entry.regions]
    assert ("帮扶企业数 12 家", 1) in shown or ("培训人次 80 人次", 1) in shown
    assert len(report.action_regions) == {"441781": 1, "441700": 5, "441800": 9}[code]


def test_plan_report_2021_query_count(django_assert_num_queries, yangjiang_values):
    subject = region("441800")
    with django_assert_num_queries(PLAN_REPORT_QUERIES_2021):
        evaluation_report(subject, 2021)


@pytest.mark.parametrize("code", ["440100", "440000"])  # 广州市 (11 districts) and 广东省 (21 cities): no plan
def test_report_without_plan_query_count_does_not_grow_with_children(django_assert_num_queries, code):
    subject = region(code)
    with django_assert_num_queries(NO_PLAN_REPORT_QUERIES):
        evaluation_report(subject, 2023)


def test_province_reviewer_sees_the_whole_province_report(client):
    client.force_login(make_user("guangdong", Role.REVIEWER, "440000"))
    assert client.get(report_url("440000", 2025)).status_code == 200
    assert client.get(report_url("441700", 2025, "report_xlsx")).status_code == 200
