import pytest
from django.urls import reverse

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from reporting.models import IndicatorValue, Submission
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = reverse("reporting:entry", args=["441781", 2024])  # 阳春市 2024


def codes(response):
    return [form.row.code for form in response.context["form"].row_forms]


def full_post(version=0, **overrides):
    """A complete, valid entry for 阳春市 (阳江's plan: OH01-OH07, OH09, OH10 at county level)."""
    data = {"version": str(version), "OH01-value": "120000"}
    for code in ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"):
        data[f"{code}-numerator"], data[f"{code}-denominator"] = "95", "100"
    data["OH09-yes_no"] = "yes"
    data.update(overrides)
    return data


def test_officer_sees_the_indicators_her_region_reports_with_inherited_targets(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.get(URL)
    assert response.status_code == 200
    # OH08 is entered by the city, not the county.
    assert codes(response) == ["OH01", "OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH09", "OH10"]
    html = response.content.decode()
    assert "阳江市规划 附表1 第2项 &gt;90%" in html


def test_saving_a_draft_stores_values_and_computes_the_rate(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})
    assert response.status_code == 302
    submission = Submission.objects.get(region__code="441781", year=2024)
    assert submission.status == SubmissionStatus.DRAFT
    value = submission.values.get(indicator__code="OH02")
    assert (value.numerator, value.denominator, value.value) == (45, 50, 90)


def test_an_invalid_row_saves_nothing_and_says_why_next_to_the_field(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(URL, full_post(**{"OH03-numerator": "120", "save": "1"}))
    assert response.status_code == 200
    assert "分子不能大于分母" in response.content.decode()
    assert not Submission.objects.filter(region__code="441781").exists()
    assert not IndicatorValue.objects.exists()


def test_submit_requires_every_row_then_locks_the_form(client, yangchun_officer):
    client.force_login(yangchun_officer)
    incomplete = client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "submit": "1"})
    assert "提交前请填写本项" in incomplete.content.decode()
    assert not Submission.objects.exists()

    done = client.post(URL, full_post(**{"OH06-not_applicable": "on", "OH06-numerator": "", "OH06-denominator": "",
                                         "OH06-reason": "辖区无尘肺病患者集中乡镇", "submit": "1"}))
    assert done.status_code == 302
    submission = Submission.objects.get(region__code="441781", year=2024)
    assert submission.status == SubmissionStatus.SUBMITTED and submission.submitted_by == yangchun_officer
    page = client.get(URL)
    assert page.context["editable"] is False and "已提交的填报不可修改" in page.content.decode()

    again = client.post(URL, full_post(version=submission.version, save="1"))
    assert again.status_code == 302
    assert Submission.objects.get(pk=submission.pk).version == submission.version


def test_second_save_from_an_old_page_is_refused_and_shows_what_changed(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})
    stale = client.post(URL, {"version": "0", "OH02-numerator": "40", "OH02-denominator": "50", "save": "1"})
    assert stale.status_code == 200
    conflict = stale.context["conflict"]
    assert conflict is not None
    assert [(c.code, c.field, c.theirs, c.yours) for c in conflict.changes if c.field == "分子"] == [("OH02", "分子", "45", "40")]
    assert IndicatorValue.objects.get(indicator__code="OH02").numerator == 45


def percent_beside(response, code: str) -> str:
    html = response.content.decode()
    row = html.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]
    return row.split('data-role="percent">', 1)[1].split("<", 1)[0]


def test_after_a_conflict_the_percentage_is_the_posted_one(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})  # 90 %
    stale = client.post(URL, {"version": "0", "OH02-numerator": "360", "OH02-denominator": "500", "save": "1"})
    assert stale.context["conflict"] is not None
    assert percent_beside(stale, "OH02") == "72%"  # 360/500 as in the inputs, not the stored 90%


def test_after_another_rows_error_a_valid_row_keeps_its_percentage(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50",
                                 "OH03-numerator": "9", "OH03-denominator": "5", "save": "1"})
    assert response.context["form"].error_count == 1
    assert percent_beside(response, "OH02") == "90%"
    assert percent_beside(response, "OH03") == "—"  # its own error is next to it
    assert not Submission.objects.exists()


def test_every_change_is_in_the_history_with_who_and_old_and_new_values(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post(URL, {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50", "save": "1"})
    client.post(URL, {"version": "2", "OH02-numerator": "46", "OH02-denominator": "50", "save": "1"})
    value = IndicatorValue.objects.get(indicator__code="OH02")
    records = list(value.history.order_by("history_date"))
    assert [r.numerator for r in records] == [45, 46]
    assert {r.history_user for r in records} == {yangchun_officer}
    delta = records[1].diff_against(records[0])
    assert {(c.field, c.old, c.new) for c in delta.changes if c.field == "numerator"} == {("numerator", 45, 46)}


def test_a_jump_against_last_year_needs_a_note(client, yangchun_officer):
    client.force_login(yangchun_officer)
    last_year = Submission.objects.create(region=yangchun_officer.region, year=2023, status=SubmissionStatus.APPROVED)
    last_year.values.create(indicator=Indicator.objects.get(code="OH01"), value=50000)
    response = client.post(URL, {"version": "0", "OH01-value": "120000", "save": "1"})
    assert "变化超过 50%" in response.content.decode()
    ok = client.post(URL, {"version": "0", "OH01-value": "120000", "OH01-note": "扩面参保", "save": "1"})
    assert ok.status_code == 302


def test_region_without_a_plan_says_so(client, db):
    officer = make_user("shenzhen_officer", "officer", "440304")  # 深圳市福田区: no plan above it
    client.force_login(officer)
    response = client.get(reverse("reporting:entry", args=["440304", 2024]))
    assert response.status_code == 200 and "无适用规划" in response.content.decode()


@pytest.mark.parametrize("year", [2019, 2026])  # 2020 is the 基线值 report (tests/reporting/test_baseline_entry.py)
def test_years_outside_the_plan_period_are_404(client, yangchun_officer, year):
    client.force_login(yangchun_officer)
    assert client.get(reverse("reporting:entry", args=["441781", year])).status_code == 404


def test_jianghai_2023_uses_its_interim_target(client, outsider):
    client.force_login(outsider)  # the 江海区 officer
    response = client.get(reverse("reporting:entry", args=["440704", 2023]))
    rows = {form.row.code: form.row for form in response.context["form"].row_forms}
    assert rows["OH02"].resolved.target.text == "60%" and rows["OH02"].resolved.printed_for_year
    assert "OH15" in rows and "OH16" in rows


def test_last_years_yes_no_value_reads_as_yes_on_the_entry_page_and_in_history(client, yangchun_officer):
    """OH09 is a 是/否 indicator stored as 100: the page, like the workbook, says 是, never 100 or 100%."""
    client.force_login(yangchun_officer)
    previous = reverse("reporting:entry", args=["441781", 2023])
    client.post(previous, full_post(submit="1"))
    assert Submission.objects.get(region__code="441781", year=2023).status == SubmissionStatus.SUBMITTED
    response = client.get(URL)
    oh09 = next(form.row for form in response.context["form"].row_forms if form.row.code == "OH09")
    assert oh09.previous_text == "是"
    assert '<td class="small" data-label="上年值">是</td>' in response.content.decode()
    history = client.get(reverse("reporting:history", args=["441781", 2023])).content.decode()
    assert "<td>是</td>" in history and "<td>100</td>" not in history
