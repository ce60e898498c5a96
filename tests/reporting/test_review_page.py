"""The reviewer can judge what he approves: notes in full, each row's verdict and change against last
year, and on a resubmission what changed since the version he returned."""
import pytest
from django.urls import reverse

from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from regions.models import Region
from reporting.models import Submission
from reporting.review import review_summary
from reporting.selectors import entry_rows

pytestmark = pytest.mark.django_db

URL = reverse("reporting:entry", args=["441781", 2024])
REVIEW_SUMMARY_QUERIES = 11
LONG_NOTE = "数据来源：阳春市卫生健康局2024年职业病危害项目申报系统导出，经与市场监管部门企业名录逐一核对后去除重复申报的企业，共核减17家。"


def full_post(version, **overrides):
    data = {"version": str(version), "OH01-value": "120000", "OH09-yes_no": "yes"}
    for code in ("OH02", "OH03", "OH04", "OH05", "OH06", "OH07", "OH10"):
        data[f"{code}-numerator"], data[f"{code}-denominator"] = "95", "100"
    data.update(overrides)
    return data


@pytest.fixture
def last_year(yangchun_officer):
    submission = Submission.objects.create(region=Region.objects.get(code="441781"), year=2023,
                                           status=SubmissionStatus.APPROVED)
    submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=90, denominator=100, value=90)
    submission.values.create(indicator=Indicator.objects.get(code="OH09"), value=0)


def submit(client, officer, **overrides):
    client.force_login(officer)
    version = Submission.objects.filter(year=2024).values_list("version", flat=True).first() or 0
    response = client.post(URL, {**full_post(version, **overrides), "submit": "1"})
    assert response.status_code == 302, response.context["form"].row_forms[0].errors


def row_of(html: str, table_id: str, code: str) -> str:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return table.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]


def test_review_rows_show_notes_in_full_verdicts_and_the_change(client, yangchun_officer, yangjiang_reviewer, last_year):
    submit(client, yangchun_officer, **{"OH02-note": LONG_NOTE, "OH02-numerator": "92"})
    client.force_login(yangjiang_reviewer)
    response = client.get(URL)
    html = response.content.decode()
    oh02 = row_of(html, "review-rows", "OH02")
    assert LONG_NOTE in oh02  # in full, not in a narrow disabled input
    assert "92%" in oh02 and "90%" in oh02 and "+2 个百分点" in oh02
    cell = next(item.cell for item in response.context["review"]["rows"] if item.entry.code == "OH02")
    assert cell.status == "met" and str(cell.verdict.label) in oh02  # 阳江's >90%, judged by reporting.compliance
    oh09 = row_of(html, "review-rows", "OH09")
    assert "否 → 是" in oh09 and ">是<" in oh09
    assert response.context["review"]["since_return"] is None and 'id="changes-since-return"' not in html


def test_the_officer_sees_no_review_summary(client, yangchun_officer):
    submit(client, yangchun_officer)
    response = client.get(URL)
    assert response.context["review"] is None and 'id="review-rows"' not in response.content.decode()


def test_a_resubmission_shows_what_changed_since_the_return(client, yangchun_officer, yangjiang_reviewer):
    submit(client, yangchun_officer, **{"OH03-denominator": "200"})
    client.force_login(yangjiang_reviewer)
    client.post(reverse("reporting:review", args=["441781", 2024]),
                {"action": "return", "comment": "请核对OH03的分母", "version": Submission.objects.get().version})
    submit(client, yangchun_officer, **{"OH03-denominator": "98", "OH03-note": "监测点数按2024年名录"})

    client.force_login(yangjiang_reviewer)
    response = client.get(URL)
    since = response.context["review"]["since_return"]
    assert since.comment == "请核对OH03的分母" and since.returned_by == yangjiang_reviewer
    assert [(c.code, c.field, c.returned, c.now) for c in since.changes] == [
        ("OH03", "分母", "200", "98"), ("OH03", "数值", "47.5%", "96.94%"), ("OH03", "说明", "—", "监测点数按2024年名录")]
    html = response.content.decode()
    box = html.split('id="changes-since-return"', 1)[1].split("</table>", 1)[0]
    assert "退回意见：请核对OH03的分母" in box
    assert "<td>200</td>" in row_of(html, "changes-since-return", "OH03")


def test_the_review_summary_takes_a_fixed_number_of_queries(client, yangchun_officer, yangjiang_reviewer,
                                                            django_assert_num_queries):
    """The region's own row as its dashboard judges it (9 queries: plans, catalogue, plan rows, targets, the
    grouped values, expected counts, printed and entered baselines, submissions) + the returned version and
    its values (2)."""
    submit(client, yangchun_officer)
    client.force_login(yangjiang_reviewer)
    client.post(reverse("reporting:review", args=["441781", 2024]),
                {"action": "return", "comment": "请核对", "version": Submission.objects.get().version})
    submit(client, yangchun_officer, **{"OH03-denominator": "98"})
    submission = Submission.objects.select_related("region").get()
    rows = entry_rows(submission.region, 2024)
    with django_assert_num_queries(REVIEW_SUMMARY_QUERIES):
        summary = review_summary(submission, rows)
        assert len(summary["since_return"].changes) == 2 and len(summary["rows"]) == len(rows)
