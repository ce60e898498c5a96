"""``manage.py import_values``: existing figures moved in as approved reports, all rows or none."""
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Indicator, PlanIndicator
from lifecycle.models import SubmissionStatus
from plans.models import Plan
from regions.models import Region, RegionLevel
from reporting.models import IndicatorValue, Submission
from reporting.selectors import entry_rows
from reporting.value_import import ValueImportError, values_import_csv

pytestmark = pytest.mark.django_db

HEADER = "region_code,indicator_code,year,numerator,denominator,value,note\n"
GOOD = HEADER + (
    "441781,OH02,2023,45,50,,\n"
    "441781,OH02,2024,46,50,92,卫健局统计\n"
    "441781,OH01,2024,,,120000,\n"
    "441781,OH09,2024,,,是,\n"
    "440114,OH02,2024,10,20,,\n"
)


def run(tmp_path, text: str, user: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "values.csv"
    path.write_bytes(text.encode(encoding))
    out = io.StringIO()
    call_command("import_values", str(path), "--user", user, stdout=out)
    return out.getvalue()


def stored() -> dict:
    values = IndicatorValue.objects.select_related("submission__region", "indicator")
    return {(v.submission.region.code, v.submission.year, v.indicator.code): (v.numerator, v.denominator, v.value, v.note)
            for v in values}


def written() -> tuple:
    return (Submission.objects.count(), IndicatorValue.objects.count(), Submission.history.count(),
            IndicatorValue.history.count())


def test_import_creates_approved_reports_with_the_admin_in_the_history(tmp_path, portal_admin):
    output = run(tmp_path, GOOD, portal_admin.username)

    assert output.strip() == ("已导入 5 行（2 个区划）：新建填报 3 份，更新 0 份；新增指标值 5 个，更新 0 个，未变化 0 个。")
    assert stored() == {
        ("441781", 2023, "OH02"): (Decimal(45), Decimal(50), Decimal(90), ""),
        ("441781", 2024, "OH02"): (Decimal(46), Decimal(50), Decimal(92), "卫健局统计"),
        ("441781", 2024, "OH01"): (None, None, Decimal(120000), ""),
        ("441781", 2024, "OH09"): (None, None, Decimal(100), ""),
        ("440114", 2024, "OH02"): (Decimal(10), Decimal(20), Decimal(50), ""),
    }
    for submission in Submission.objects.all():
        assert submission.status == SubmissionStatus.APPROVED
        assert submission.reviewed_by == portal_admin and submission.reviewed_at is not None
    assert {record.history_user for record in IndicatorValue.history.all()} == {portal_admin}
    assert {record.history_user for record in Submission.history.all()} == {portal_admin}
    assert Submission.history.count() == 3  # one record per new report, not one per row


def test_import_updates_an_existing_draft_and_approves_it(tmp_path, portal_admin, yangchun_officer):
    draft = Submission.objects.create(region=yangchun_officer.region, year=2024, updated_by=yangchun_officer)
    draft.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=40, denominator=50, value=80)

    output = run(tmp_path, HEADER + "441781,OH02,2024,45,50,,\n441781,OH03,2024,1,2,,\n", portal_admin.username)

    assert "新建填报 0 份，更新 1 份；新增指标值 1 个，更新 1 个" in output
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.APPROVED and draft.reviewed_by == portal_admin
    assert draft.version == 2  # a page opened on the draft is now stale
    value = draft.values.get(indicator__code="OH02")
    assert (value.numerator, value.value) == (45, 90)
    assert value.history.latest().history_user == portal_admin


def test_importing_the_same_file_twice_changes_nothing(tmp_path, portal_admin):
    run(tmp_path, GOOD, portal_admin.username)
    before = written()
    output = run(tmp_path, GOOD, portal_admin.username)
    assert "新建填报 0 份，更新 0 份；新增指标值 0 个，更新 0 个，未变化 5 个" in output
    assert written() == before


BAD = HEADER + (
    "999999,OH02,2024,1,2,,\n"          # 2
    "441781,OH99,2024,1,2,,\n"          # 3
    "441781,OH02,2030,1,2,,\n"          # 4
    "441781,OH08,2024,,,是,\n"          # 5 OH08 is entered by the city
    "441781,OH02,2024,60,50,,\n"        # 6
    "441781,OH03,2024,45,50,,\n"        # 7 fine
    "441781,OH03,2024,45,50,,\n"        # 8 duplicate of 7
    "441781,OH01,2024,,,abc,\n"         # 9
    "441781,OH09,2024,,,可能,\n"        # 10
    "441781,OH04,2024,45,50,80,\n"      # 11 value disagrees with 90%
    "441781,OH05,2024,4.5,50,,\n"       # 12
    "441781,OH06,2024,,,,\n"            # 13 nothing to import
    "441781,OH01,2023,5,,100,\n"        # 14 a count has no numerator
    "441781,OH07,2024,-1,50,,\n"        # 15
)


def test_a_bad_file_lists_every_problem_by_line_and_writes_nothing(tmp_path, portal_admin):
    before = written()
    with pytest.raises(CommandError) as raised:
        run(tmp_path, BAD, portal_admin.username)
    message = str(raised.value)
    assert message.startswith("导入失败，未写入任何数据（共 13 处问题）")
    for expected in (
        "第2行 region_code：区划代码“999999”不存在",
        "第3行 indicator_code：指标代码“OH99”不存在",
        "第4行 year：年度应为 2021—2025 之间的整数，实际为“2030”",
        "第5行 indicator_code：OH08 不是阳江市阳春市 2024 年需要填报的指标",
        "第6行 numerator：分子不能大于分母",
        "第8行 indicator_code：与第7行重复（同一区划、指标、年度）",
        "第9行 value：人数只能填写数字",
        "第10行 value：是/否类指标请填写 是、否、1、0 或 100",
        "第11行 value：与分子/分母算得的 90% 不一致",
        "第12行 numerator：分子应为整数",
        "第13行 numerator：本行没有数值，无法导入",
        "第14行 numerator：OH01 不是率类指标",
        "第15行 numerator：分子不能为负数",
    ):
        assert expected in message, expected
    assert "第7行" not in message.replace("与第7行", "")
    assert written() == before


def test_problems_come_in_line_order(portal_admin):
    with pytest.raises(ValueImportError) as raised:
        values_import_csv(file=io.BytesIO(BAD.encode()), user=portal_admin)
    lines = [int(error.split("行", 1)[0].removeprefix("第")) for error in raised.value.errors]
    assert lines == sorted(lines)


def test_a_jump_against_last_year_needs_a_note(tmp_path, portal_admin):
    jump = HEADER + "441781,OH01,2023,,,50000,\n441781,OH01,2024,,,120000,\n"
    with pytest.raises(CommandError, match="第3行 note：与上年（50000）相比变化超过 50%"):
        run(tmp_path, jump, portal_admin.username)
    assert not Submission.objects.exists()
    run(tmp_path, jump.replace("120000,", "120000,扩面参保"), portal_admin.username)
    assert IndicatorValue.objects.count() == 2


def test_a_submitted_report_is_not_overwritten(tmp_path, portal_admin, yangchun_officer):
    Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED)
    with pytest.raises(CommandError, match="第2行 year：阳江市阳春市 2024 年的填报状态为“已提交”"):
        run(tmp_path, HEADER + "441781,OH02,2024,45,50,,\n", portal_admin.username)
    assert not IndicatorValue.objects.exists()


def test_wrong_columns_are_refused(tmp_path, portal_admin):
    with pytest.raises(CommandError, match="第1行：表头应为"):
        run(tmp_path, "region,indicator_code,year,value\n441781,OH01,2024,5\n", portal_admin.username)


@pytest.mark.parametrize("fixture", ["yangchun_officer", "yangjiang_reviewer"])
def test_only_admins_may_import(tmp_path, request, fixture):
    user = request.getfixturevalue(fixture)
    with pytest.raises(CommandError, match="不是管理员"):
        run(tmp_path, GOOD, user.username)
    assert not Submission.objects.exists()


def test_unknown_user_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        run(tmp_path, GOOD, "nobody")


def test_the_service_refuses_a_non_admin_too(yangchun_officer):
    with pytest.raises(PermissionDenied, match="只有管理员"):
        values_import_csv(file=io.BytesIO(GOOD.encode()), user=yangchun_officer)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_gbk_and_utf8_with_bom_files_are_accepted(tmp_path, portal_admin, encoding):
    run(tmp_path, GOOD, portal_admin.username, encoding=encoding)
    assert stored()[("441781", 2024, "OH02")][3] == "卫健局统计"
    assert stored()[("441781", 2024, "OH09")][2] == Decimal(100)


@pytest.mark.parametrize("region_code", ["441781", "440114", "440704", "441700", "440304"])
def test_the_import_accepts_exactly_the_indicators_of_the_entry_page(portal_admin, region_code):
    region = Region.objects.get(code=region_code)
    expected = {row.code for row in entry_rows(region, 2024)}
    all_codes = Indicator.objects.values_list("code", flat=True)
    text = HEADER + "".join(f"{region_code},{code},2024,,,,\n" for code in all_codes)
    with pytest.raises(ValueImportError) as raised:
        values_import_csv(file=io.BytesIO(text.encode()), user=portal_admin)
    refused = {error.split("：", 1)[1].split(" ", 1)[0] for error in raised.value.errors if "需要填报的指标" in error}
    assert set(Indicator.objects.values_list("code", flat=True)) - refused == expected


def _provincial_plan() -> None:
    """A plan of 广东省 listing every indicator, so that every county and city reports them all."""
    plan = Plan.objects.create(region=Region.objects.get(code="440000"), title="测试用省级规划")
    for seq, indicator in enumerate(Indicator.objects.order_by("code"), start=1):
        PlanIndicator.objects.create(plan=plan, seq=seq, indicator=indicator, printed_name=indicator.name)


SAMPLE = {"rate": ",45,50,,", "count": ",,,1200,", "amount": ",,,35.5,", "yes_no": ",,,是,"}


def test_five_thousand_rows_import_without_a_query_per_row_or_per_report(portal_admin):
    """The query count is the shape that keeps a 5,000-row import fast (its time is in docs/benchmarks.md)."""
    _provincial_plan()
    indicators = list(Indicator.objects.filter(entry_level=RegionLevel.COUNTY).order_by("code"))
    counties = list(Region.objects.filter(code__startswith="44", level=RegionLevel.COUNTY).order_by("code"))
    lines = [f"{county.code},{indicator.code},{year}{SAMPLE[indicator.value_kind]}\n"
             for year in range(2021, 2026) for county in counties for indicator in indicators][:5000]
    assert len(lines) == 5000
    submissions = len({line.split(",")[0] + line.split(",")[2] for line in lines})

    with CaptureQueriesContext(connection) as queries:
        summary = values_import_csv(file=io.BytesIO((HEADER + "".join(lines)).encode()), user=portal_admin)

    assert (summary.rows, summary.values_created, summary.submissions_created) == (5000, 5000, submissions)
    assert Submission.history.filter(history_type="+").count() == submissions
    # Reports, values and their history records go in batches (SQLite splits them by its variable
    # limit: ~110 queries for 5,000 values); the lookups (regions, catalogue, plan rows and targets per
    # year, last year's values, existing reports) are a fixed few. One query per report would be 2 × 556.
    assert len(queries) < 160
    assert IndicatorValue.objects.filter(submission__in=Submission.objects.filter(year=2021)).count() > 0


def test_a_file_in_neither_utf8_nor_gbk_is_refused(portal_admin):
    with pytest.raises(ValueImportError, match="无法识别文件编码"):
        values_import_csv(file=io.BytesIO(HEADER.encode() + b"441781,OH01,2024,,,\xff\xff,\n"), user=portal_admin)


def test_a_line_with_more_cells_than_the_header_is_refused(portal_admin):
    with pytest.raises(ValueImportError, match="第2行：列数多于表头"):
        values_import_csv(file=io.BytesIO((HEADER + "441781,OH02,2024,45,50,,,多余\n").encode()), user=portal_admin)
