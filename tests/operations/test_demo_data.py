"""The demo data set: every colour and state shows, it is repeatable, and production refuses it."""
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from actions.models import ActionMetric, ActionProgress, ActionReport, Evidence, ItemProgress, ProgressStatus
from lifecycle.models import SubmissionStatus
from operations.demo import (
    ACTION_RETURN_COMMENT,
    LEFT_OPEN_FOR_DEMO_OFFICERS,
    DEMO_BASELINE_WAITING,
    DEMO_BASELINES_APPROVED,
    demo_action_data_create,
    demo_baselines_create,
    demo_data_create,
    demo_users_create,
)
from regions.models import RegionLevel
from reporting.compliance import Status
from reporting.dashboard import compliance_matrix
from reporting.models import IndicatorValue, Submission
from tests.conftest import region

pytestmark = pytest.mark.django_db

JUDGED_CITIES = ["441700", "441800", "445200"]  # 阳江 清远 揭阳: cities with a plan and indicator values


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True


def create_everything() -> tuple[int, int]:
    demo_users_create()
    return demo_data_create(), demo_action_data_create()


def row_counts() -> dict[str, int]:
    models = (Submission, IndicatorValue, ActionReport, ActionProgress, ItemProgress, ActionMetric,
              Submission.history.model, ActionReport.history.model)
    return {model.__name__: model.objects.count() for model in models}


def test_demo_data_shows_every_colour_every_state_and_varied_action_progress(demo_mode):
    submissions, action_reports = create_everything()
    assert submissions > 0 and action_reports > 0

    statuses = set()
    for code in JUDGED_CITIES:
        for year in range(2021, 2025):
            matrix = compliance_matrix(region(code), year)
            statuses |= {cell.status for row in (matrix.own, *matrix.children) for cell in row.cells}
    assert statuses >= {Status.MET, Status.NOT_MET, Status.IN_PROGRESS}
    province = compliance_matrix(region("440000"), 2023)  # most cities have no plan loaded: said, not grey
    assert Status.NO_PLAN in {cell.status for row in province.children for cell in row.cells}
    assert province.no_plan_count > 0

    # 市级已审核 appears with the 2025 season (demo_season_create), where 省级复核 is on.
    one_level = set(SubmissionStatus.values) - {SubmissionStatus.CITY_APPROVED}
    assert set(Submission.objects.values_list("status", flat=True)) == one_level
    assert set(ActionReport.objects.values_list("status", flat=True)) == one_level
    assert set(ActionReport.objects.values_list("year", flat=True)) == {2022, 2023, 2024}
    assert set(ActionReport.objects.filter(year=2022).values_list("status", flat=True)) == {SubmissionStatus.APPROVED}

    # Key-action progress: varied, labelled, written through the services (history included).
    assert set(ActionProgress.objects.values_list("status", flat=True)) >= {
        ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.DONE}
    assert set(ItemProgress.objects.values_list("status", flat=True)) == set(ProgressStatus.values)
    assert not ItemProgress.objects.filter(status=ProgressStatus.NOT_APPLICABLE, reason="").exists()
    assert all("演示数据" in narrative for narrative in ActionProgress.objects.values_list("narrative", flat=True))
    metric_labels = set(ActionMetric.objects.values_list("label", flat=True))
    assert metric_labels >= {"帮扶企业数", "培训人次"}
    assert not Evidence.objects.exists()
    # Only counties a plan governs: 广州市's other districts have none, 花都区 and 江海区 their own.
    reported = set(ActionReport.objects.values_list("region__code", flat=True))
    assert {"440114", "440704", "441781", "441881", "445222"} <= reported
    assert "440103" not in reported  # 越秀区: no plan governs it
    assert set(ActionReport.objects.values_list("region__level", flat=True)) == {RegionLevel.COUNTY}

    # The demo officers find 2024 open for them to try the forms.
    for code in LEFT_OPEN_FOR_DEMO_OFFICERS:
        assert not ActionReport.objects.filter(region__code=code, year=2024).exists()
        assert not Submission.objects.filter(region__code=code, year=2024).exists()

    returned = ActionReport.objects.filter(status=SubmissionStatus.RETURNED).first()
    assert returned.review_comment == ACTION_RETURN_COMMENT
    reasons = list(returned.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["提交", f"退回：{ACTION_RETURN_COMMENT}"]


def test_demo_baselines_turn_interim_cells_from_in_progress_to_a_path(demo_mode):
    """Rule 2 in the demo: a few counties of plans that print no baseline entered an approved 2020 基线值,
    one more waits for its city's review; 阳春市's stays for its demo officer to enter."""
    create_everything()
    assert demo_baselines_create() == 5
    baselines = Submission.objects.filter(year=2020)
    assert set(baselines.filter(status=SubmissionStatus.APPROVED).values_list("region__code", flat=True)) == set(
        DEMO_BASELINES_APPROVED)
    assert baselines.get(region__code=DEMO_BASELINE_WAITING).status == SubmissionStatus.SUBMITTED
    assert not baselines.filter(region__code="441781").exists()
    assert all(note == "演示数据（非真实统计）" for note in
               IndicatorValue.objects.filter(submission__year=2020).values_list("note", flat=True))

    def interim_statuses(code: str, city: str) -> set[str]:
        row = next(r for r in compliance_matrix(region(city), 2021).children if r.region.code == code)
        return {cell.status for cell in row.cells if cell.resolved and cell.resolved.target
                and cell.resolved.target.year == 2025 and cell.resolved.target.comparator in (">", ">=")}

    # 2021: no earlier plan year, so only the entered baseline can draw the path.
    for code, city in (("441702", "441700"), ("441803", "441800"), ("445202", "445200")):
        assert interim_statuses(code, city) <= {Status.MET, Status.ON_TRACK, Status.BEHIND}, code
        assert interim_statuses(code, city) & {Status.ON_TRACK, Status.BEHIND}, code
    assert Status.IN_PROGRESS in interim_statuses("441704", "441700")  # 阳东区: no baseline entered
    assert Status.IN_PROGRESS in interim_statuses(DEMO_BASELINE_WAITING, "441800")  # not approved yet


def test_demo_cities_fill_their_own_report_and_a_city_officer_finds_2024_open(demo_mode):
    """OH08 is entered by cities: the demo fills the city's own report for some cities (reviewed by the
    province) and leaves 阳江市's 2024 open for its demo city officer."""
    create_everything()
    city_reports = Submission.objects.filter(region__level=RegionLevel.CITY)
    assert set(city_reports.values_list("region__code", flat=True)) == {"441700", "441800", "445200"}
    assert set(IndicatorValue.objects.filter(submission__in=city_reports).values_list("indicator__code", flat=True)) == {"OH08"}
    assert city_reports.get(region__code="441800", year=2024).status == SubmissionStatus.SUBMITTED
    assert city_reports.get(region__code="445200", year=2024).reviewed_by.region.code == "440000"
    assert not city_reports.filter(region__code="441700", year=2024).exists()
    assert compliance_matrix(region("441800"), 2023).own.cell("OH08").value is not None


def test_running_the_demo_twice_creates_nothing_new(demo_mode, settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path  # the command keeps the credentials in var/ under BASE_DIR
    call_command("load_demo_data")
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    # The count is the history's (2021–2024); the 2025 season adds its own two reports, and the 2020
    # 基线值 reports are counted apart.
    assert int(re.search(r"新建填报 (\d+) 份", summary).group(1)) == Submission.objects.exclude(
        year__in=(2020, 2025)).count() > 0
    assert int(re.search(r"2020 年基线值填报 (\d+) 份", summary).group(1)) == Submission.objects.filter(year=2020).count() == 5
    assert int(re.search(r"重大行动进展报告 (\d+) 份", summary).group(1)) == ActionReport.objects.count() > 0

    before = row_counts()
    assert create_everything() == (0, 0)
    assert demo_baselines_create() == 0
    assert row_counts() == before


@pytest.mark.parametrize("create", [demo_users_create, demo_data_create, demo_action_data_create])
def test_demo_data_is_refused_outside_demo_mode(settings, create):
    settings.DEMO_MODE = False
    with pytest.raises(ImproperlyConfigured):
        create()
    assert not ActionReport.objects.exists() and not Submission.objects.exists()


def test_demo_accounts_cannot_log_in_or_stay_logged_in_outside_demo_mode(settings, client):
    """A demo database started under production settings (DEMO_MODE off) has no working demo logins."""
    from operations.demo import DEMO_USERS, demo_users_create

    settings.DEMO_MODE = True
    credentials = {c.username: c.password for c in demo_users_create()}
    username = DEMO_USERS[0][0]
    login = {"username": username, "password": credentials[username]}
    assert client.post(reverse("login"), login).status_code == 302
    assert client.get("/plans/").wsgi_request.user.is_authenticated

    settings.DEMO_MODE = False
    assert not client.get("/plans/").wsgi_request.user.is_authenticated  # the session no longer counts
    assert client.post(reverse("login"), login).status_code == 200  # refused


def test_the_demo_season_is_open_with_late_counties_and_unread_notifications(demo_mode):
    from accounts.models import User
    from lifecycle.models import ProvinceReview
    from notifications.models import Notification
    from operations.demo import demo_season_create
    from reporting.completeness import completeness_rows
    from seasons.selectors import today, window_for

    create_everything()
    demo_season_create()
    demo_season_create()  # idempotent
    window = window_for(region("440114"), 2025)  # 花都区: the province's window
    assert window.opens_on < today() < window.due_on and (window.due_on - today()).days == 4
    lateness = {row.region.code: row.timeliness.lateness for row in completeness_rows(region("441700"), 2025)}
    assert lateness["441702"] == "late_submitted" and lateness["441781"] == "overdue"
    assert ProvinceReview.objects.get(province__code="440000").confirms
    assert Submission.objects.get(region__code="441802", year=2025).status == SubmissionStatus.CITY_APPROVED
    for reviewer in ("yangjiang_reviewer", "guangdong_reviewer"):
        user = User.objects.get(username=reviewer)
        assert user.unread_notifications == Notification.objects.filter(user=user, read_at=None).count() > 0
    # The overdue reminder reached 阳春市's demo officer once for each report it owes.
    reminders = Notification.objects.filter(user__username="yangchun_officer", kind="reminder")
    assert sorted("重大行动" in reminder.message for reminder in reminders) == [False, True]
