"""Key-action progress: entry, validation, evidence, workflow and access."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from actions.models import ActionReport, Evidence, KeyAction, ProgressStatus
from lifecycle.models import SubmissionStatus

pytestmark = pytest.mark.django_db

URL = reverse("actions:entry", args=["441781", 2024])
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def yangjiang_actions():
    return list(KeyAction.objects.filter(plan__region__code="441700").prefetch_related("items").order_by("seq"))


def complete_post(**overrides):
    data = {"version": "0"}
    for action in yangjiang_actions():
        data[f"a{action.pk}-narrative"] = f"{action.name}：按计划推进"
        for item in action.items.all():
            data[f"i{item.pk}-status"] = ProgressStatus.IN_PROGRESS
            data[f"i{item.pk}-description"] = "已开展"
    data.update(overrides)
    return data


def xlsx_bytes():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_officer_sees_the_boxes_of_the_plan_that_applies(client, yangchun_officer):
    client.force_login(yangchun_officer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for action in yangjiang_actions():
        assert action.name in html


def test_save_with_metrics_and_evidence_then_download(client, yangchun_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(**{f"a{first.pk}-metric-0-label": "帮扶企业数", f"a{first.pk}-metric-0-value": "12",
                            f"a{first.pk}-metric-0-unit": "家", "save": "1"})
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile("总结.pdf", PDF), SimpleUploadedFile("台账.xlsx", xlsx_bytes())]
    assert client.post(URL, data).status_code == 302
    report = ActionReport.objects.get(region__code="441781", year=2024)
    progress = report.actions.get(action=first)
    assert progress.status == ProgressStatus.IN_PROGRESS
    assert [(m.label, m.value, m.unit) for m in progress.metrics.all()] == [("帮扶企业数", 12, "家")]
    evidence = list(progress.evidence.order_by("original_name"))
    assert [(e.original_name, e.content_type) for e in evidence] == [
        ("台账.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("总结.pdf", "application/pdf")]
    download = client.get(reverse("actions:evidence", args=[evidence[1].pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("name, content, message", [
    ("假装.pdf", b"MZ\x90\x00 this is an exe", "内容不是这些类型"),
    ("脚本.png", b"<script>alert(1)</script>", "内容不是这些类型"),
    ("大文件.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "超过 10 MB"),
])
def test_bad_files_are_refused_and_nothing_is_saved(client, yangchun_officer, name, content, message):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1")
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile(name, content)]
    response = client.post(URL, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ActionReport.objects.exists() and not Evidence.objects.exists()


def test_not_applicable_needs_a_reason(client, yangchun_officer):
    client.force_login(yangchun_officer)
    item = yangjiang_actions()[0].items.first()
    response = client.post(URL, complete_post(**{f"i{item.pk}-status": "not_applicable", "save": "1"}))
    assert "必须说明原因" in response.content.decode()
    assert not ActionReport.objects.exists()
    ok = client.post(URL, complete_post(**{f"i{item.pk}-status": "not_applicable", f"i{item.pk}-reason": "辖区无此类企业",
                                           "save": "1"}))
    assert ok.status_code == 302


def test_submit_requires_every_status_then_review_approves(client, yangchun_officer, yangjiang_reviewer):
    client.force_login(yangchun_officer)
    item = yangjiang_actions()[1].items.first()
    incomplete = client.post(URL, complete_post(**{f"i{item.pk}-status": "", "submit": "1"}))
    assert "提交前请选择状态" in incomplete.content.decode()
    assert client.post(URL, complete_post(submit="1")).status_code == 302
    report = ActionReport.objects.get(region__code="441781", year=2024)
    assert report.status == SubmissionStatus.SUBMITTED and not report.is_editable

    client.force_login(yangjiang_reviewer)
    version = ActionReport.objects.get(region__code="441781", year=2024).version
    client.post(reverse("actions:review", args=["441781", 2024]), {"action": "approve", "version": version})
    report.refresh_from_db()
    assert report.status == SubmissionStatus.APPROVED
    matrix = client.get(reverse("dashboard:actions", args=["441700", 2024]))
    assert 'data-progress="in_progress"' in matrix.content.decode()
    workbook = client.get(reverse("dashboard:actions_xlsx", args=["441700", 2024]))
    assert workbook.status_code == 200


def test_stale_version_is_a_conflict(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post(URL, complete_post(save="1"))
    response = client.post(URL, complete_post(save="1"))  # still version 0
    assert response.status_code == 200 and "保存冲突" in response.content.decode()
    assert ActionReport.objects.get().version == 2


def test_evidence_of_a_foreign_region_is_404(client, yangchun_officer, huadu_officer):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1")
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile("总结.pdf", PDF)]
    client.post(URL, data)
    evidence = Evidence.objects.get()
    client.force_login(huadu_officer)
    assert client.get(reverse("actions:evidence", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("actions:evidence", args=[evidence.pk])).status_code == 302


@pytest.mark.parametrize("role, expected", [("yangchun_officer", 302), ("yangjiang_reviewer", 403), ("huadu_officer", 404)])
def test_only_the_regions_officer_may_post(request, client, role, expected):
    client.force_login(request.getfixturevalue(role))
    assert client.post(URL, complete_post(save="1")).status_code == expected


@pytest.mark.parametrize("year", [2021, 2026])
def test_years_outside_2022_2025_are_404(client, yangchun_officer, year):
    client.force_login(yangchun_officer)
    assert client.get(reverse("actions:entry", args=["441781", year])).status_code == 404


def test_an_action_whose_items_are_all_not_applicable_is_not_applicable(client, yangchun_officer):
    client.force_login(yangchun_officer)
    second = yangjiang_actions()[1]  # 听力保护行动: one item
    overrides = {"save": "1"}
    for item in second.items.all():
        overrides[f"i{item.pk}-status"] = "not_applicable"
        overrides[f"i{item.pk}-reason"] = "辖区无噪声重点行业"
    assert client.post(URL, complete_post(**overrides)).status_code == 302
    progress = ActionReport.objects.get().actions.get(action=second)
    assert (progress.status, progress.reason) == ("not_applicable", "辖区无噪声重点行业")


def test_drafts_do_not_colour_the_action_matrix(client, yangchun_officer, yangjiang_reviewer):
    client.force_login(yangchun_officer)
    client.post(URL, complete_post(save="1"))
    client.force_login(yangjiang_reviewer)
    html = client.get(reverse("dashboard:actions", args=["441700", 2024])).content.decode()
    assert 'data-progress="in_progress"' not in html and "草稿" in html


@pytest.mark.parametrize("field, length", [("narrative", 200_000), ("narrative", 5_001), ("reason", 301)])
def test_every_length_is_enforced_on_the_server(client, yangchun_officer, field, length):
    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    # An action with content items takes its status and reason from them: the reason is an item's field.
    name = f"i{first.items.first().pk}-reason" if field == "reason" and first.items.exists() else f"a{first.pk}-{field}"
    data = complete_post(**{name: "长" * length, "save": "1"})
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not ActionReport.objects.filter(region__code="441781", year=2024).exists()


def test_long_item_descriptions_are_refused_too():
    from actions.rules import clean_status

    _entry, errors = clean_status("in_progress", "", "长" * 3001, require=False, prefix="i7")
    assert "i7-description" in errors


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_evidence_of_a_save_that_fails_after_writing_it_leaves_no_file(yangchun_officer, settings):
    """Files follow the transaction: the submit check runs after the files were written; when it refuses,
    the rows roll back and the files are removed too."""
    from django.core.exceptions import ValidationError

    from actions.rules import ActionEntry, StatusEntry
    from actions.services import action_report_save
    from plumbing.uploads import PDF as PDF_TYPE

    actions = yangjiang_actions()
    entries = {action.pk: ActionEntry(StatusEntry("in_progress" if index == 0 else ""))
               for index, action in enumerate(actions)}
    with pytest.raises(ValidationError):
        action_report_save(region=yangchun_officer.region, year=2024, user=yangchun_officer, actions=actions,
                           entries=entries, uploads={actions[0].pk: [("总结.pdf", PDF, PDF_TYPE)]},
                           delete_evidence=[], expected_version=0, submit=True)
    assert not Evidence.objects.exists() and stored_files(settings) == []


def test_evidence_is_served_under_a_safe_name_with_the_sniffed_extension_and_audited(client, yangchun_officer):
    from audit.models import AuditEvent, AuditEventType

    client.force_login(yangchun_officer)
    first = yangjiang_actions()[0]
    data = complete_post(save="1")
    data[f"a{first.pk}-evidence"] = [SimpleUploadedFile('../总结"\u202e.pdf.exe', PDF)]
    assert client.post(URL, data).status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("actions:evidence", args=[evidence.pk]))
    disposition = download["Content-Disposition"]
    assert disposition.endswith(".pdf") and ".exe" not in disposition and "\u202e" not in disposition
    assert '"' not in disposition.split("filename", 1)[1].strip('="')
    events = set(AuditEvent.objects.filter(object_id=str(evidence.pk), object_type="actions.evidence")
                 .values_list("event", flat=True))
    assert {AuditEventType.EVIDENCE_UPLOAD, AuditEventType.EVIDENCE_DOWNLOAD} <= events
