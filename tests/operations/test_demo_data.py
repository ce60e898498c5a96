"""The demo data set: every colour and state shows, it is repeatable, and production refuses it."""
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from actions.models import ActionMetric, ActionProgress, ActionReport, Evidence, ItemProgress, ProgressStatus
from lifecycle.models import SubmissionStatus
from operations.demo import (
    ACTION_RETURN_COMMENT,
    LEFT_OPEN_FOR_DEMO_OFFICERS,
    demo_action_data_create,
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

    assert set(Submission.objects.values_list("status", flat=True)) == set(SubmissionStatus.values)
    assert set(ActionReport.objects.values_list("status", flat=True)) == set(SubmissionStatus.values)
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


def test_running_the_demo_twice_creates_nothing_new(demo_mode, settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path  # the command keeps the credentials in var/ under BASE_DIR
    call_command("load_demo_data")
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert int(re.search(r"新建填报 (\d+) 份", summary).group(1)) == Submission.objects.count() > 0
    assert int(re.search(r"重大行动进展报告 (\d+) 份", summary).group(1)) == ActionReport.objects.count() > 0

    before = row_counts()
    assert create_everything() == (0, 0)
    assert row_counts() == before


@pytest.mark.parametrize("create", [demo_users_create, demo_data_create, demo_action_data_create])
def test_demo_data_is_refused_outside_demo_mode(settings, create):
    settings.DEMO_MODE = False
    with pytest.raises(ImproperlyConfigured):
        create()
    assert not ActionReport.objects.exists() and not Submission.objects.exists()
