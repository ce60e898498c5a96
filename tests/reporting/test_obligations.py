"""Rule 5, obligations: an indicator a new document brings (OH17 in a provincial 工作方案) is owed from
the year that document applies from, never before; a submitted report never grows a 未填报 row."""
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import Role
from indicators.models import Indicator, Rollup, ValueKind
from indicators.resolution import obligations
from lifecycle.models import SubmissionStatus
from plan_documents.documents import plan_save_document, plan_to_document
from plans.models import Plan
from regions.models import Region
from reporting.dashboard import compliance_matrix, county_matrix
from reporting.models import Submission
from reporting.obligations import answered_codes, is_closed
from reporting.selectors import entry_rows
from tests.conftest import make_user

HUADU, GUANGZHOU, GUANGDONG = "440114", "440100", "440000"


# --- the rule, pure -----------------------------------------------------------------------------------

def resolved(code: str, level: int):
    return SimpleNamespace(indicator=SimpleNamespace(code=code, entry_level=level))


TARGETS = {"OH02": resolved("OH02", 3), "OH08": resolved("OH08", 2), "OH17": resolved("OH17", 3)}


def test_a_region_owes_the_indicators_entered_at_its_level():
    assert list(obligations(TARGETS, level=3)) == ["OH02", "OH17"]
    assert list(obligations(TARGETS, level=2)) == ["OH08"]


def test_a_submitted_report_owes_no_more_than_it_answered():
    assert list(obligations(TARGETS, level=3, answered={"OH02"})) == ["OH02"]
    assert list(obligations(TARGETS, level=3, answered=set())) == []
    # An answer to an indicator no document asks for any more does not make it owed.
    assert list(obligations(TARGETS, level=3, answered={"OH02", "OH99"})) == ["OH02"]


def value(code: str, number=None, not_applicable=False):
    return SimpleNamespace(indicator=SimpleNamespace(code=code), value=number, not_applicable=not_applicable)


@pytest.mark.parametrize("status, recorded, closed", [
    (SubmissionStatus.DRAFT, False, False), (SubmissionStatus.RETURNED, True, False),
    (SubmissionStatus.SUBMITTED, True, True), (SubmissionStatus.CITY_APPROVED, True, True),
    (SubmissionStatus.APPROVED, True, True),
    (SubmissionStatus.APPROVED, False, False),  # not submitted through the page: what it owed is unknown
])
def test_which_reports_are_closed(status, recorded, closed):
    report = SimpleNamespace(status=status, owed_codes=["OH02", "OH06", "OH09"] if recorded else None)
    assert is_closed(report) is closed
    answered = answered_codes(report, [value("OH02", 95), value("OH06", not_applicable=True), value("OH10", 1)])
    assert answered == ({"OH02", "OH06", "OH09", "OH10"} if closed else None)  # recorded rows, and any answer
    assert answered_codes(None, []) is None


# --- OH17: a provincial work programme from 2024 --------------------------------------------------------

@pytest.fixture
def oh17(db):
    return Indicator.objects.create(code="OH17", name="职业健康达人评选开展情况", value_kind=ValueKind.YES_NO, unit="",
                                    entry_level=3, rollup=Rollup.SHARE_YES)


def province_programme(oh17, **changes):
    """A 广东省 工作方案 whose only row is the new catalogue indicator OH17 (是/否, target 100%)."""
    document = plan_to_document(Plan.objects.get(region__code=HUADU))
    row = {**document["indicators"][0], "seq": 1, "code": oh17.code, "printed_name": oh17.name, "target_2025": "100%",
           "yearly_targets": {}, "baselines": [], "remark": "", "no_comparison_reason": ""}
    document.update(region_code=GUANGDONG, seed_file="", title="广东省职业健康工作方案（测试）", issuer="广东省卫生健康委",
                    indicators=[row], key_actions=[], indicator_count=1, key_action_count=0, **changes)
    return plan_save_document(document=document)[0]


def huadu_post(rows, **extra) -> dict:
    """Every row of 花都区's entry answered 无法填报 (valid for any kind of indicator)."""
    data = {"version": "0", **extra}
    for row in rows:
        data[f"{row.code}-not_applicable"], data[f"{row.code}-reason"] = "on", "测试：本年度无此项数据"
    return data


def approved_huadu_report(client, officer, year: int) -> Submission:
    huadu = Region.objects.get(code=HUADU)
    client.force_login(officer)
    url = reverse("reporting:entry", args=[HUADU, year])
    assert client.post(url, huadu_post(entry_rows(huadu, year), submit="1")).status_code == 302
    client.force_login(make_user("guangzhou", Role.REVIEWER, GUANGZHOU))
    submission = Submission.objects.get(region=huadu, year=year)
    response = client.post(reverse("reporting:review", args=[HUADU, year]),
                           {"action": "approve", "version": submission.version})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.owed_codes == sorted(row.code for row in entry_rows(huadu, year))  # recorded on submit
    return submission


def shown_codes(client, year: int) -> list[str]:
    response = client.get(reverse("reporting:entry", args=[HUADU, year]))
    assert response.status_code == 200
    return [form.row.code for form in response.context["form"].row_forms]


def test_a_programme_from_2024_leaves_the_approved_2023_report_unchanged(client, huadu_officer, oh17):
    approved_huadu_report(client, huadu_officer, 2023)  # leaves 广州市's reviewer signed in
    before_2023 = shown_codes(client, 2023)
    before_review = client.get(reverse("reporting:entry", args=[HUADU, 2023])).context["review"]
    assert "OH17" not in before_2023 and before_review is not None

    province_programme(oh17, period_start=2024)

    assert shown_codes(client, 2023) == before_2023
    review = client.get(reverse("reporting:entry", args=[HUADU, 2023])).context["review"]
    assert [row.entry.code for row in review["rows"]] == [row.entry.code for row in before_review["rows"]]
    huadu_row = next(row for row in compliance_matrix(Region.objects.get(code=GUANGZHOU), 2023).children
                     if row.region.code == HUADU)
    assert huadu_row.cell("OH17") is None  # not even a column: nothing below 广州市 owes OH17 in 2023
    # 2024: the programme applies; 花都区's own plan does not list OH17, the province's programme does.
    assert shown_codes(client, 2024) == [*before_2023, "OH17"]
    assert "OH17" in {row.code for row in entry_rows(Region.objects.get(code=HUADU), 2024)}


def test_a_programme_applying_to_past_years_adds_no_row_to_a_submitted_report(client, huadu_officer, oh17):
    """Even a document whose 适用起始年 reaches back (a 2021–2025 方案 loaded in 2024) never grows a
    未填报 row in a report submitted before it: the report owes what it answered."""
    submission = approved_huadu_report(client, huadu_officer, 2023)
    province_programme(oh17)  # governs from 2021
    huadu = Region.objects.get(code=HUADU)
    assert "OH17" not in {row.code for row in entry_rows(huadu, 2023)}
    # The review page lists the rows the report answered, nothing more.
    client.force_login(huadu_officer)
    assert "OH17" not in shown_codes(client, 2023)
    # Nor a 未填报 cell on the dashboards: the cell says why it is not owed; a district without a report owes it.
    for matrix in (compliance_matrix(Region.objects.get(code=GUANGZHOU), 2023),
                   county_matrix(Region.objects.get(code=GUANGDONG), 2023)):
        rows = {row.region.code: row for row in matrix.children}
        cell = rows[HUADU].cell("OH17")
        assert (cell.status, cell.resolved) == ("no_target", None) and "提交后加载的规划不追溯" in cell.verdict.explanation
        assert rows["440113"].cell("OH17").status == "no_data"  # 番禺区: no report, owes OH17
        assert rows[HUADU].cell("OH02").status != "no_target"  # what the report answered is judged as before
    # An open report of a past year (a draft of 2022) owes it: the document governs that year.
    assert "OH17" in {row.code for row in entry_rows(huadu, 2022)}
    # Returned for rework, the report owes what the documents in force ask now, OH17 included.
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.RETURNED)
    assert "OH17" in {row.code for row in entry_rows(huadu, 2023)}


def test_entry_rows_ask_the_same_queries_open_or_closed(django_assert_num_queries, client, huadu_officer, oh17):
    huadu = Region.objects.get(code=HUADU)
    approved_huadu_report(client, huadu_officer, 2023)
    province_programme(oh17)
    # this year's values with their report, last year's values, the plans on the path, the catalogue,
    # the plans' rows, their targets
    with django_assert_num_queries(6):
        open_rows = entry_rows(huadu, 2022)  # no report: owes what the documents in force ask
    with django_assert_num_queries(6):
        closed_rows = entry_rows(huadu, 2023)  # approved before the programme was loaded
    assert "OH17" in {row.code for row in open_rows} and "OH17" not in {row.code for row in closed_rows}


def test_the_migration_records_what_reports_submitted_before_it_answered(client, huadu_officer, oh17):
    migration = __import__("reporting.migrations.0006_submission_records_owed_indicators",
                           fromlist=["record_what_submitted_reports_owed"])
    submission = approved_huadu_report(client, huadu_officer, 2023)
    answered = submission.owed_codes
    loaded = Submission.objects.create(region=Region.objects.get(code="440113"), year=2023,
                                       status=SubmissionStatus.APPROVED)  # a data load: never submitted
    Submission.objects.filter(pk=submission.pk).update(owed_codes=None)
    migration.record_what_submitted_reports_owed(apps, None)
    submission.refresh_from_db()
    loaded.refresh_from_db()
    assert submission.owed_codes == answered and loaded.owed_codes is None
