"""The season pages: a province's reviewers set its window, a city's reviewers a stricter one for its
counties (never looser: a clear message next to the field, nothing saved), and the level above a county
reopens it. 404 outside the user's subtree, 403 where the user may only look."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, AuditEventType
from reporting.models import Submission
from seasons.models import ReportingWindow, WindowReopening
from seasons.selectors import window_for
from seasons.services import window_set
from tests.conftest import make_user, region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PROVINCE, CITY, COUNTY = "440000", "441700", "441781"  # 广东省, 阳江市, 阳春市


@pytest.fixture
def guangdong_reviewer(db):
    return make_user("guangdong", "reviewer", PROVINCE)


def days(n: int) -> str:
    return (TODAY + n * DAY).isoformat()


def window_data(opens: int, due: int, closes: int, **extra) -> dict:
    return {"opens_on": days(opens), "due_on": days(due), "closes_on": days(closes), "remind_days_before": "3",
            "remind_day_after": "on", **extra}


def post_window(client, code: str, data: dict):
    return client.post(reverse("seasons:window", args=[code, 2024]), data, follow=True)


def province_window(user, opens=-10, due=10, closes=30):
    return window_set(region=region(PROVINCE), year=2024, opens_on=TODAY + opens * DAY, due_on=TODAY + due * DAY,
                      closes_on=TODAY + closes * DAY, user=user)


def test_a_province_reviewer_sets_the_window_for_the_province(client, guangdong_reviewer):
    client.force_login(guangdong_reviewer)
    assert client.get(reverse("seasons:window", args=[PROVINCE, 2024])).status_code == 200
    response = post_window(client, PROVINCE, window_data(-10, 10, 30, remind_days_before="5"))
    assert "已保存 广东省 2024 年度填报期限" in response.content.decode()
    window = ReportingWindow.objects.get(region__code=PROVINCE, year=2024)
    assert (window.opens_on, window.due_on, window.closes_on) == (TODAY - 10 * DAY, TODAY + 10 * DAY, TODAY + 30 * DAY)
    assert window.remind_days_before == 5 and window.remind_day_after and window.updated_by == guangdong_reviewer
    event = AuditEvent.objects.get(event=AuditEventType.SEASON_SET)
    assert event.user == guangdong_reviewer and event.details["due_on"] == days(10)


def test_changing_the_window_updates_it_and_the_form_starts_from_it(client, guangdong_reviewer):
    province_window(guangdong_reviewer)
    client.force_login(guangdong_reviewer)
    post_window(client, PROVINCE, window_data(-10, 12, 30))
    assert ReportingWindow.objects.get(region__code=PROVINCE).due_on == TODAY + 12 * DAY
    form = client.get(reverse("seasons:window", args=[PROVINCE, 2024])).context["form"]
    assert form.initial["due_on"] == TODAY + 12 * DAY
    assert AuditEvent.objects.filter(event=AuditEventType.SEASON_SET).count() == 2


def test_a_city_sets_a_stricter_window_and_its_counties_follow_it(client, guangdong_reviewer, yangjiang_reviewer):
    province_window(guangdong_reviewer)
    client.force_login(yangjiang_reviewer)
    page = client.get(reverse("seasons:window", args=[CITY, 2024]))
    assert days(10) in page.content.decode().split('id="window-above"')[1][:300]  # the province's, to tighten
    assert page.context["form"].initial["due_on"] == TODAY + 10 * DAY
    post_window(client, CITY, window_data(-5, 3, 20))
    assert window_for(region(COUNTY), 2024).due_on == TODAY + 3 * DAY
    assert window_for(region("440114"), 2024).due_on == TODAY + 10 * DAY  # 花都区 keeps the province's


@pytest.mark.parametrize("data, field, message", [
    (window_data(-20, 3, 20), "opens_on", "开始填报日不能早于上级规定的"),
    (window_data(-5, 11, 20), "due_on", "填报截止日不能晚于上级规定的"),
    (window_data(-5, 3, 31), "closes_on", "补报截止日不能晚于上级规定的"),
    (window_data(-5, 3, 2), "closes_on", "补报截止日不能早于填报截止日"),
    (window_data(4, 3, 20), "due_on", "填报截止日不能早于开始填报日"),
    (window_data(-5, 3, 20, due_on="2024-02-30"), "due_on", "请按 年-月-日 填写日期"),
    (window_data(-5, 3, 20, remind_days_before="-1"), "remind_days_before", "天数不能小于 0"),
])
def test_a_city_window_looser_than_the_province_or_out_of_order_is_refused(client, guangdong_reviewer,
                                                                          yangjiang_reviewer, data, field, message):
    province_window(guangdong_reviewer)
    client.force_login(yangjiang_reviewer)
    response = post_window(client, CITY, data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()  # next to the field
    assert not ReportingWindow.objects.filter(region__code=CITY).exists()
    assert AuditEvent.objects.filter(event=AuditEventType.SEASON_SET).count() == 1  # the province's only


def test_without_a_province_window_a_city_only_needs_its_dates_in_order(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    post_window(client, CITY, window_data(-60, 60, 90))
    assert ReportingWindow.objects.filter(region__code=CITY).exists()


def test_the_service_refuses_a_looser_window_too(guangdong_reviewer, yangjiang_reviewer):
    province_window(guangdong_reviewer)
    with pytest.raises(ValidationError) as refused:
        window_set(region=region(CITY), year=2024, opens_on=TODAY - 5 * DAY, due_on=TODAY + 11 * DAY,
                   closes_on=TODAY + 20 * DAY, user=yangjiang_reviewer)
    assert "due_on" in refused.value.message_dict
    assert not ReportingWindow.objects.filter(region__code=CITY).exists()


@pytest.mark.parametrize("user, code, status", [
    ("yangjiang_reviewer", PROVINCE, 404),  # above the city: not its to see
    ("yangjiang_reviewer", "440100", 404),  # 广州市: outside its subtree
    ("yangjiang_reviewer", COUNTY, 403),  # a county sets no window
    ("yangchun_officer", COUNTY, 403),
    ("guangdong_reviewer", CITY, 403),  # the city decides its own stricter window
    ("huadu_officer", CITY, 404),
])
def test_who_may_not_set_a_window(request, client, user, code, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("seasons:window", args=[code, 2024])).status_code == status
    assert client.post(reverse("seasons:window", args=[code, 2024]), window_data(-5, 3, 20)).status_code == status
    assert not ReportingWindow.objects.exists()


def test_the_completeness_page_links_to_the_window_page_for_those_who_set_it(client, yangjiang_reviewer,
                                                                             yangchun_officer):
    client.force_login(yangjiang_reviewer)
    page = client.get(reverse("dashboard:completeness", args=[CITY, 2024])).content.decode()
    assert reverse("seasons:window", args=[CITY, 2024]) in page
    client.force_login(yangchun_officer)
    page = client.get(reverse("dashboard:completeness", args=[COUNTY, 2024])).content.decode()
    assert "seasons/" not in page


# --- Reopening one region -------------------------------------------------------------------------------


def closed_season(user):
    province_window(user, opens=-40, due=-20, closes=-1)


def test_the_city_reopens_a_county_that_missed_the_close(client, portal_admin, yangjiang_reviewer, yangchun_officer):
    closed_season(portal_admin)
    client.force_login(yangjiang_reviewer)
    completeness = client.get(reverse("dashboard:completeness", args=[CITY, 2024])).content.decode()
    assert reverse("seasons:reopen", args=[COUNTY, 2024]) in completeness  # overdue: the link is there
    response = client.post(reverse("seasons:reopen", args=[COUNTY, 2024]), {"until": days(5), "reason": "系统故障补报"},
                           follow=True)
    assert "已为 阳春市 重新开放 2024 年度填报" in response.content.decode()
    reopening = WindowReopening.objects.get(region__code=COUNTY, year=2024)
    assert reopening.until == TODAY + 5 * DAY and reopening.granted_by == yangjiang_reviewer
    assert AuditEvent.objects.get(event=AuditEventType.SEASON_REOPEN).user == yangjiang_reviewer
    # The officer may enter again.
    client.force_login(yangchun_officer)
    client.post(reverse("reporting:entry", args=[COUNTY, 2024]),
                {"version": "0", "OH02-numerator": "45", "OH02-denominator": "50"})
    assert Submission.objects.filter(region__code=COUNTY, year=2024).exists()


@pytest.mark.parametrize("data, field, message", [
    ({"until": days(5), "reason": "  "}, "reason", "请填写重新开放的原因"),
    ({"until": days(-1), "reason": "补报"}, "until", "不能早于今天"),
    ({"until": "明天", "reason": "补报"}, "until", "请按 年-月-日 填写日期"),
    ({"until": days(5), "reason": "长" * 201}, "reason", "原因最多 200 字"),
])
def test_a_reopening_without_reason_or_in_the_past_is_refused(client, portal_admin, yangjiang_reviewer, data, field,
                                                             message):
    closed_season(portal_admin)
    client.force_login(yangjiang_reviewer)
    response = client.post(reverse("seasons:reopen", args=[COUNTY, 2024]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not WindowReopening.objects.exists() and not AuditEvent.objects.filter(event=AuditEventType.SEASON_REOPEN)


@pytest.mark.parametrize("user, code, status", [
    ("yangjiang_reviewer", CITY, 403),  # its own city: the province reopens it
    ("yangchun_officer", COUNTY, 403),
    ("huadu_officer", COUNTY, 404),
    ("yangjiang_reviewer", "440114", 404),  # 花都区: not below 阳江市
])
def test_who_may_not_reopen(request, client, user, code, status):
    client.force_login(request.getfixturevalue(user))
    response = client.post(reverse("seasons:reopen", args=[code, 2024]), {"until": days(5), "reason": "补报"})
    assert response.status_code == status
    assert not WindowReopening.objects.exists()


def test_the_province_reopens_a_city_and_an_admin_any_county(client, guangdong_reviewer, portal_admin):
    for user, code in ((guangdong_reviewer, CITY), (portal_admin, "440114")):
        client.force_login(user)
        client.post(reverse("seasons:reopen", args=[code, 2024]), {"until": days(3), "reason": "补报"})
    assert set(WindowReopening.objects.values_list("region__code", flat=True)) == {CITY, "440114"}


def test_a_looser_window_in_the_django_admin_is_an_error_not_a_500(client, portal_admin):
    province_window(portal_admin)
    client.force_login(portal_admin)
    response = client.post(reverse("admin:seasons_reportingwindow_add"), {
        "region": region(CITY).pk, "year": "2024", "opens_on": days(-5), "due_on": days(11), "closes_on": days(20),
        "remind_days_before": "3", "remind_day_after": "on"})
    assert response.status_code == 200
    assert "填报截止日不能晚于上级规定的" in response.content.decode()
    assert not ReportingWindow.objects.filter(region__code=CITY).exists()
