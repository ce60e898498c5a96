"""Rule 5, key actions: a report stays attached to the document it was reported under. A plan loaded
later for 揭西县 never blanks its approved report; the 揭阳 matrix labels each document's group of 专栏."""
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from actions.documents import document_changed, follows_governing, report_document
from actions.exports import HEADER_ROWS
from actions.models import ActionProgress, ActionReport, KeyAction, ProgressStatus
from actions.rules import ActionEntry, StatusEntry
from actions.selectors import action_matrix
from actions.services import action_report_save
from lifecycle.models import SubmissionStatus
from plan_documents.documents import plan_save_document
from plans.governing import governing_plan_for
from plans.models import Plan
from regions.models import Region
from reporting.evaluation import evaluation_report
from tests.conftest import make_user
from tests.plans.test_plans_in_time import jiexi_document
from tests.reporting.workbooks import opened

pytestmark = pytest.mark.django_db
JIEXI, JIEYANG = "445222", "445200"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def jiexi_officer():
    return make_user("jiexi", Role.OFFICER, JIEXI)


@pytest.fixture
def jieyang_reviewer():
    return make_user("jieyang", Role.REVIEWER, JIEYANG)


def entry_url(year: int) -> str:
    return reverse("actions:entry", args=[JIEXI, year])


def plan_actions(code: str) -> list[KeyAction]:
    return list(KeyAction.objects.filter(plan__region__code=code).prefetch_related("items").order_by("seq"))


def complete_post(actions: list[KeyAction], status: str = ProgressStatus.IN_PROGRESS, **extra) -> dict:
    data = {"version": "0", **extra}
    for action in actions:
        data[f"a{action.pk}-narrative"] = f"{action.name}：已推进"
        for item in action.items.all():
            data[f"i{item.pk}-status"] = status
            data[f"i{item.pk}-description"] = "按计划开展"
    return data


def approved_report(client, officer, reviewer, year: int) -> ActionReport:
    """揭西县's report for ``year`` on 揭阳市's key actions, submitted and approved through the pages."""
    client.force_login(officer)
    assert client.post(entry_url(year), complete_post(plan_actions(JIEYANG), submit="1")).status_code == 302
    client.force_login(reviewer)
    report = ActionReport.objects.get(region__code=JIEXI, year=year)
    response = client.post(reverse("actions:review", args=[JIEXI, year]), {"action": "approve", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == SubmissionStatus.APPROVED
    return report


def form_html(client, year: int) -> str:
    """The progress as the 2023 page shows it (the per-request CSRF token left out)."""
    html = client.get(entry_url(year)).content.decode()
    form = html[html.index('<form method="post" enctype="multipart/form-data" id="action-form"'):]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form[:form.index("</form>")])


def matrix_html(client, year: int) -> str:
    html = client.get(reverse("dashboard:actions", args=[JIEYANG, year])).content.decode()
    start = html.index('id="action-matrix"')  # the progress table above it has its own </table>
    return html[start:html.index("</table>", start)]


def shown_statuses(client, year: int) -> list[str]:
    return re.findall(r'<option value="(\w+)" selected', form_html(client, year))


# --- the rule, pure -----------------------------------------------------------------------------------

OLD, NEW = SimpleNamespace(pk=1), SimpleNamespace(pk=2)


def a_report(status: str, plan=OLD):
    return SimpleNamespace(status=status, plan=plan, plan_id=plan.pk if plan else None)


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.CITY_APPROVED,
                                    SubmissionStatus.APPROVED, SubmissionStatus.RETURNED])
def test_a_report_that_was_submitted_keeps_its_document(status):
    assert report_document(a_report(status), NEW) is OLD
    assert not follows_governing(status) and not document_changed(a_report(status), NEW)


def test_a_draft_follows_the_document_that_governs_now():
    assert report_document(a_report(SubmissionStatus.DRAFT), NEW) is NEW
    assert document_changed(a_report(SubmissionStatus.DRAFT), NEW)
    assert not document_changed(a_report(SubmissionStatus.DRAFT), OLD)


def test_no_report_or_no_recorded_document_reads_the_governing_one():
    assert report_document(None, NEW) is NEW
    assert report_document(a_report(SubmissionStatus.APPROVED, plan=None), NEW) is NEW
    assert not document_changed(None, NEW)


# --- acceptance: an approved key-action report unchanged by a new plan -----------------------------------

@pytest.mark.parametrize("applies_from", [2024, None])  # None: the new plan governs from 2021, 2023 included
def test_an_approved_report_is_unchanged_by_a_plan_loaded_later(client, jiexi_officer, jieyang_reviewer,
                                                                portal_admin, applies_from):
    report = approved_report(client, jiexi_officer, jieyang_reviewer, 2023)
    assert report.plan == Plan.objects.get(region__code=JIEYANG)
    client.force_login(portal_admin)
    page_before, matrix_before = form_html(client, 2023), matrix_html(client, 2023)
    assert shown_statuses(client, 2023).count(ProgressStatus.IN_PROGRESS) == sum(
        action.items.count() for action in plan_actions(JIEYANG))

    new_plan, created = plan_save_document(document=jiexi_document(applies_from=applies_from))
    assert created

    assert form_html(client, 2023) == page_before  # no 未填报: the same key actions, the same statuses
    assert matrix_html(client, 2023) == matrix_before
    assert 'data-progress=""' not in matrix_html(client, 2023).split(f'data-region="{JIEXI}"')[1].split("</tr>")[0]
    assert "揭阳市规划（2021—2025年）" in client.get(entry_url(2023)).content.decode()
    # 2024 has no report yet: it asks for the new document's key actions.
    page_2024 = client.get(entry_url(2024)).content.decode()
    assert f"揭西县规划（{applies_from or 2021}—2025年）" in page_2024
    assert all(f'data-action="{action.pk}"' in page_2024 for action in plan_actions(JIEXI))
    assert not any(f'data-action="{action.pk}"' in page_2024 for action in plan_actions(JIEYANG))
    assert ActionReport.objects.get(pk=report.pk).plan_id != new_plan.pk


def test_the_evaluation_still_counts_the_report_under_its_document(jiexi_officer, jieyang_reviewer, client):
    approved_report(client, jiexi_officer, jieyang_reviewer, 2023)
    plan_save_document(document=jiexi_document(applies_from=2023))
    report = evaluation_report(Region.objects.get(code=JIEYANG), 2023)
    assert JIEXI in [region.code for region in report.action_regions]
    jiexi_rows = [row for entry in report.actions for row in entry.regions if row.region.code == JIEXI]
    assert jiexi_rows and all(row.progress is not None for row in jiexi_rows)
    # 揭西县's own evaluation follows its own plan, which its 2023 report did not answer: no row claims
    # 未填报 against it.
    own = evaluation_report(Region.objects.get(code=JIEXI), 2023)
    assert own.plan.region.code == JIEXI and own.action_regions == []


def test_the_bulk_review_summary_counts_the_report_documents_actions(client, jiexi_officer, jieyang_reviewer):
    client.force_login(jiexi_officer)
    client.post(entry_url(2024), complete_post(plan_actions(JIEYANG), submit="1"))
    plan_save_document(document=jiexi_document(applies_from=2024))
    # Progress on another document's action (as data from before documents were recorded could hold)
    # is not this report's.
    ActionProgress.objects.create(report=ActionReport.objects.get(), action=plan_actions(JIEXI)[0],
                                  status=ProgressStatus.DONE)
    client.force_login(jieyang_reviewer)
    queue = client.get(reverse("reporting:review_queue")).content.decode()
    assert f"推进中 {len(plan_actions(JIEYANG))}" in queue and "已完成 1" not in queue


# --- drafts and returned reports -------------------------------------------------------------------

def test_a_draft_switches_to_the_new_document_with_a_notice(client, jiexi_officer):
    client.force_login(jiexi_officer)
    assert client.post(entry_url(2024), complete_post(plan_actions(JIEYANG), save="1")).status_code == 302
    old_plan = Plan.objects.get(region__code=JIEYANG)
    new_plan, _created = plan_save_document(document=jiexi_document(applies_from=2024))

    page = client.get(entry_url(2024)).content.decode()
    assert 'id="document-changed"' in page and "本草稿原按 揭阳市规划（2021—2025年） 填写" in page
    assert all(f'data-action="{action.pk}"' in page for action in plan_actions(JIEXI))

    # A page opened before the change posts the old key actions: refused, nothing written.
    version = ActionReport.objects.get().version
    stale = client.post(entry_url(2024), complete_post(plan_actions(JIEYANG), save="1", version=str(version),
                                                       document=str(old_plan.pk)))
    assert stale.status_code == 200 and "本年度适用的规划已变更，请刷新页面后按新规划填写。" in stale.content.decode()
    unchanged = ActionReport.objects.get()
    assert (unchanged.plan, unchanged.version) == (old_plan, version)
    assert {p.action.plan_id for p in ActionProgress.objects.filter(report=unchanged)} == {old_plan.pk}

    saved = client.post(entry_url(2024), complete_post(plan_actions(JIEXI), save="1", version=str(version),
                                                       document=str(new_plan.pk)))
    assert saved.status_code == 302
    report = ActionReport.objects.get()
    assert report.plan == new_plan and report.version == version + 1
    assert {p.action.plan_id for p in ActionProgress.objects.filter(report=report)} == {new_plan.pk}
    assert 'id="document-changed"' not in client.get(entry_url(2024)).content.decode()


def test_the_service_refuses_key_actions_of_another_document(jiexi_officer):
    """Whatever the caller, a save answers the report's document or writes nothing."""
    plan_save_document(document=jiexi_document(applies_from=2024))
    old_actions = plan_actions(JIEYANG)
    entries = {action.pk: ActionEntry(StatusEntry(ProgressStatus.DONE)) for action in old_actions}
    with pytest.raises(ValidationError, match="本年度适用的规划已变更"):
        action_report_save(region=Region.objects.get(code=JIEXI), year=2024, user=jiexi_officer, actions=old_actions,
                           entries=entries, uploads={}, delete_evidence=[], expected_version=0)
    assert not ActionReport.objects.exists() and not ActionProgress.objects.exists()


def test_a_returned_report_keeps_its_document(client, jiexi_officer, jieyang_reviewer):
    client.force_login(jiexi_officer)
    client.post(entry_url(2024), complete_post(plan_actions(JIEYANG), submit="1"))
    client.force_login(jieyang_reviewer)
    report = ActionReport.objects.get()
    client.post(reverse("actions:review", args=[JIEXI, 2024]),
                {"action": "return", "version": report.version, "comment": "请补充佐证"})
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED
    plan_save_document(document=jiexi_document(applies_from=2024))

    client.force_login(jiexi_officer)
    page = client.get(entry_url(2024)).content.decode()
    assert all(f'data-action="{action.pk}"' in page for action in plan_actions(JIEYANG))
    assert 'id="document-changed"' not in page
    resubmitted = client.post(entry_url(2024), complete_post(plan_actions(JIEYANG), submit="1",
                                                             version=str(report.version)))
    assert resubmitted.status_code == 302
    assert ActionReport.objects.get().plan.region.code == JIEYANG


# --- the matrix groups columns by labelled document ------------------------------------------------

def test_the_matrix_labels_each_document_group(client, jieyang_reviewer):
    plan_save_document(document=jiexi_document(applies_from=2024))
    matrix = action_matrix(Region.objects.get(code=JIEYANG), 2024)
    assert [group.label for group in matrix["groups"]] == ["揭阳市规划（2021—2025年）", "揭西县规划（2024—2025年）"]
    assert [len(group.actions) for group in matrix["groups"]] == [4, 4]
    jiexi = next(row for row in matrix["rows"] if row["region"].code == JIEXI)
    assert jiexi["applies"] == [False] * 4 + [True] * 4

    client.force_login(jieyang_reviewer)
    html = client.get(reverse("dashboard:actions", args=[JIEYANG, 2024])).content.decode()
    assert re.search(r'<th colspan="4" scope="colgroup"[^>]*>揭阳市规划（2021—2025年）</th>', html)
    assert re.search(r'<th colspan="4" scope="colgroup"[^>]*>揭西县规划（2024—2025年）</th>', html)
    response = client.get(reverse("dashboard:actions_xlsx", args=[JIEYANG, 2024]))
    sheet = opened(b"".join(response.streaming_content) if response.streaming else response.content)["重大行动进展"]
    assert sheet.cell(row=1, column=4).value == "揭阳市规划（2021—2025年）"
    assert sheet.cell(row=1, column=4 + 8).value == "揭西县规划（2024—2025年）"
    assert sorted(str(merged) for merged in sheet.merged_cells.ranges) == ["D1:K1", "L1:S1"]
    assert sheet.cell(row=HEADER_ROWS, column=4).value.startswith("专栏1")
    assert sheet.cell(row=HEADER_ROWS + 1, column=2).value == "揭阳市"


def test_one_document_is_one_labelled_group(client, jieyang_reviewer):
    matrix = action_matrix(Region.objects.get(code=JIEYANG), 2024)
    assert [group.label for group in matrix["groups"]] == ["揭阳市规划（2021—2025年）"]


def every_child_reports(region: Region) -> None:
    """A submitted report with one key action's progress for each child some document governs in 2024."""
    for child in region.children.all():
        plan = governing_plan_for(child, 2024)
        if plan is not None:
            report = ActionReport.objects.create(region=child, year=2024, plan=plan, status=SubmissionStatus.SUBMITTED)
            ActionProgress.objects.create(report=report, action=plan.key_actions.first(), status=ProgressStatus.DONE)


@pytest.mark.parametrize("code", [JIEYANG, "440000"])  # 5 county-level children (two documents), 21 cities
def test_the_matrix_query_count_does_not_grow_with_regions(django_assert_num_queries, code):
    plan_save_document(document=jiexi_document(applies_from=2024))
    region = Region.objects.get(code=code)
    every_child_reports(region)
    # children; the plans on their paths; the reports with their documents; their actions, their evidence,
    # their items; the documents' key actions
    with django_assert_num_queries(7):
        matrix = action_matrix(region, 2024)
        labels = [group.label for group in matrix["groups"]]
    assert len(labels) == (2 if code == JIEYANG else 3)  # 广东省: 阳江、清远、揭阳 cities' plans


# --- the migration's backfill ---------------------------------------------------------------------

def test_existing_reports_are_given_the_document_their_progress_answers():
    migration = __import__("actions.migrations.0006_action_report_records_its_plan",
                           fromlist=["record_each_report_plan"])
    jiexi, jiangcheng = Region.objects.get(code=JIEXI), Region.objects.get(code="441702")
    answered = ActionReport.objects.create(region=jiexi, year=2023, status=SubmissionStatus.APPROVED)
    ActionProgress.objects.create(report=answered, action=plan_actions(JIEYANG)[0], status=ProgressStatus.DONE)
    empty = ActionReport.objects.create(region=jiangcheng, year=2023)
    plan_save_document(document=jiexi_document())  # governs 揭西县 from 2021: the progress decides, not it
    migration.record_each_report_plan(apps, None)
    answered.refresh_from_db()
    empty.refresh_from_db()
    assert answered.plan.region.code == JIEYANG
    assert empty.plan.region.code == "441700"  # no progress: the plan that governs 江城区 in 2023
