"""The audit log: a hash chain that reveals edits and deletions, append-only in code, pruned only when old."""
import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from audit.chain import GENESIS_HASH, first_break, record_hash
from audit.models import AuditChainHead, AuditEvent, AuditEventType, AuditLogImmutable, AuditOutcome
from audit.services import audit_chain_verify, audit_prune, audit_record
from lifecycle.models import SubmissionStatus
from lifecycle.services import submission_approve
from reporting.models import Submission
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def chain(count: int, user=None) -> list[AuditEvent]:
    return [audit_record(event=AuditEventType.EXPORT, user=user, details={"n": n}) for n in range(count)]


def verify_command() -> str:
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def raw_sql(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def events(event: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=event, **filters).order_by("id"))


# --- The chain, without the database ---------------------------------------------------------------

def plain(pk: int, prev_hash: str, **fields) -> SimpleNamespace:
    record = SimpleNamespace(pk=pk, prev_hash=prev_hash, created_at=timezone.now(), user_id=None, username="alice",
                             ip="", event="export", object_type="", object_id="", object_repr="", outcome="success",
                             details={"n": pk}, **fields)
    record.hash = record_hash(record, prev_hash)
    return record


def plain_chain(count: int) -> list[SimpleNamespace]:
    records, prev = [], GENESIS_HASH
    for pk in range(1, count + 1):
        records.append(plain(pk, prev))
        prev = records[-1].hash
    return records


def test_an_intact_chain_has_no_break():
    records = plain_chain(4)
    assert first_break(records, prune_anchors={}, head_hash=records[-1].hash) == (4, None)


def test_the_hash_covers_every_field_and_the_predecessor():
    record = plain(1, GENESIS_HASH)
    assert record_hash(record, "1" * 64) != record.hash
    record.details = {"n": 2}
    assert record_hash(record, GENESIS_HASH) != record.hash


def test_a_missing_middle_record_is_named_by_its_neighbours():
    records = plain_chain(4)
    checked, broken = first_break([records[0], records[1], records[3]], prune_anchors={}, head_hash=records[3].hash)
    assert (checked, broken.record_id) == (2, 4) and "#2 与 #4" in broken.message


# --- Recording and verifying -----------------------------------------------------------------------

def test_each_record_chains_to_the_previous_one_and_the_head_follows(yangchun_officer):
    first, second = chain(2, yangchun_officer)
    assert second.prev_hash == first.hash and second.hash == record_hash(second, second.prev_hash)
    assert (second.user, second.username) == (yangchun_officer, "yangchun")
    assert AuditChainHead.objects.get().last_hash == second.hash
    assert audit_chain_verify().broken is None
    assert "审计日志完整" in verify_command()


def test_a_row_edited_with_raw_sql_is_found(yangchun_officer):
    records = chain(3, yangchun_officer)
    raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET username = %s WHERE id = %s", ["mallory", records[1].pk])

    report = audit_chain_verify()
    assert report.broken.record_id == records[1].pk and "被修改" in report.broken.message
    with pytest.raises(CommandError, match=f"#{records[1].pk}"):
        verify_command()


def test_a_row_deleted_with_raw_sql_is_found():
    records = chain(4)
    raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [records[2].pk])

    broken = audit_chain_verify().broken
    assert broken.record_id == records[3].pk
    assert f"#{records[1].pk} 与 #{records[3].pk}" in broken.message


def test_deleting_the_newest_row_is_found_through_the_head():
    records = chain(3)
    raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [records[2].pk])

    assert "之后的记录被删除" in audit_chain_verify().broken.message


def test_the_verify_command_exits_non_zero_on_a_break():
    records = chain(2)
    raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET details = %s WHERE id = %s", ['{"n": 99}', records[0].pk])
    with pytest.raises(CommandError) as raised:
        verify_command()
    assert raised.value.returncode == 1


# --- Append-only -----------------------------------------------------------------------------------

def test_records_cannot_be_changed_or_deleted_in_code():
    record = chain(1)[0]
    record.username = "mallory"
    with pytest.raises(AuditLogImmutable):
        record.save()
    with pytest.raises(AuditLogImmutable):
        record.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=record.pk).update(username="mallory")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditLogImmutable), transaction.atomic():  # bulk_update breaks the transaction it runs in
        AuditEvent.objects.bulk_update([record], ["username"])
    assert AuditEvent.objects.get(pk=record.pk).username == "" and audit_chain_verify().broken is None


def test_the_audit_group_has_no_add_change_or_delete_permission():
    codenames = {codename for codename, _name in AuditEvent._meta.permissions}
    assert AuditEvent._meta.default_permissions == ("view",) and codenames == {"export_auditevent"}


# --- Pruning ---------------------------------------------------------------------------------------

def backdate(records: list[AuditEvent], days: int) -> None:
    """Make records old the way time would (rewriting created_at and the hashes, as if written then)."""
    prev = GENESIS_HASH
    for record in records:
        record.created_at = timezone.now() - datetime.timedelta(days=days)
        record.hash = record_hash(record, prev)
        raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET created_at = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [record.created_at.astimezone(datetime.timezone.utc).replace(tzinfo=None)
                 if connection.vendor == "sqlite" else record.created_at, prev, record.hash, record.pk])
        prev = record.hash
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev, last_id=records[-1].pk)


def test_prune_refuses_anything_younger_than_180_days():
    chain(2)
    with pytest.raises(ValidationError, match="180"):
        audit_prune(before=timezone.now() - datetime.timedelta(days=179))
    with pytest.raises(CommandError, match="180"):
        call_command("prune_audit_log", "--before", timezone.localdate().isoformat(), stdout=io.StringIO())
    assert AuditEvent.objects.count() == 2


def test_prune_deletes_only_old_records_and_the_chain_still_verifies(portal_admin):
    old = chain(3)
    backdate(old, days=400)
    young = chain(2)

    deleted = audit_prune(before=timezone.now() - datetime.timedelta(days=200), user=portal_admin)

    assert deleted == 3
    remaining = list(AuditEvent.objects.order_by("id"))
    assert [record.pk for record in remaining[:2]] == [record.pk for record in young]
    assert remaining[-1].event == AuditEventType.AUDIT_PRUNE and remaining[-1].details["deleted"] == 3
    assert audit_chain_verify().broken is None


def test_deleting_the_first_records_without_prune_is_found():
    records = chain(3)
    raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [records[0].pk])
    assert audit_chain_verify().broken.record_id == records[1].pk


# --- What gets recorded ----------------------------------------------------------------------------

def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_success_failure_and_logout_are_recorded(client, yangchun_officer):
    login(client, "yangchun", "wrong-password")
    login(client, "yangchun", PASSWORD)
    client.post(reverse("logout"))

    failure, success = events(AuditEventType.LOGIN)
    assert (failure.username, failure.outcome, failure.user) == ("yangchun", AuditOutcome.FAILURE, None)
    assert (success.user, success.outcome, success.ip) == (yangchun_officer, AuditOutcome.SUCCESS, "127.0.0.1")
    assert events(AuditEventType.LOGOUT)[0].user == yangchun_officer


def test_a_lockout_is_recorded(client, yangchun_officer):
    for _ in range(5):
        login(client, "yangchun", "wrong-password")
    assert len(events(AuditEventType.LOGIN, outcome=AuditOutcome.FAILURE)) == 5
    lockout = events(AuditEventType.LOCKOUT)
    assert lockout and lockout[0].username == "yangchun" and lockout[0].outcome == AuditOutcome.FAILURE


@pytest.fixture
def submitted(yangchun_officer):
    return Submission.objects.create(region=yangchun_officer.region, year=2024, status=SubmissionStatus.SUBMITTED)


def test_an_approval_is_recorded_with_the_submission(client, yangjiang_reviewer, submitted):
    client.force_login(yangjiang_reviewer)
    client.post(reverse("reporting:review", args=["441781", 2024]), {"action": "return", "comment": "请核对分母", "version": 1})

    record = events(AuditEventType.RETURN)[0]
    assert (record.user, record.object_type, record.object_id) == (yangjiang_reviewer, "reporting.submission",
                                                                 str(submitted.pk))
    assert "请核对分母" in record.details["reason"]


def test_the_audit_record_rolls_back_with_its_change(yangjiang_reviewer, submitted):
    with pytest.raises(RuntimeError), transaction.atomic():
        submission_approve(submission=submitted, reviewer=yangjiang_reviewer)
        raise RuntimeError("the surrounding work fails")
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED and not events(AuditEventType.APPROVE)
    assert audit_chain_verify().broken is None


def test_the_history_page_shows_the_submission_audit_events(client, yangjiang_reviewer, yangchun_officer, submitted):
    client.force_login(yangjiang_reviewer)
    client.post(reverse("reporting:review", args=["441781", 2024]), {"action": "approve", "version": 1})
    client.force_login(yangchun_officer)
    html = client.get(reverse("reporting:history", args=["441781", 2024])).content.decode()
    assert 'id="audit-history"' in html and "审核通过" in html


def test_every_xlsx_export_is_recorded(client, yangjiang_reviewer):
    client.force_login(yangjiang_reviewer)
    urls = [reverse("dashboard:matrix_xlsx", args=["441700", 2024]),
            reverse("dashboard:completeness_xlsx", args=["441700", 2024]),
            reverse("dashboard:actions_xlsx", args=["441700", 2024]),
            reverse("dashboard:report_xlsx", args=["441700", 2024]),
            reverse("reporting:entry_excel", args=["441781", 2024])]
    for url in urls:
        assert client.get(url).status_code == 200
    exports = events(AuditEventType.EXPORT)
    assert len(exports) == 5 and {record.user for record in exports} == {yangjiang_reviewer}
    assert exports[0].object_repr.endswith("阳江市") and exports[0].details == {"file": "达标情况", "year": 2024}


def test_a_values_csv_import_is_recorded(tmp_path, portal_admin):
    path = tmp_path / "values.csv"
    path.write_text("region_code,indicator_code,year,numerator,denominator,value,note\n441781,OH02,2023,45,50,,\n",
                    encoding="utf-8")
    call_command("import_values", str(path), "--user", portal_admin.username, stdout=io.StringIO())
    record = events(AuditEventType.IMPORT)[0]
    assert (record.user, record.details["kind"], record.details["rows"]) == (portal_admin, "values_csv", 1)


# --- Concurrent writers ----------------------------------------------------------------------------

@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself (one at a time)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_a_single_chain():
    """Eight threads appending at once: every record still chains to exactly one predecessor."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def write(worker: int) -> None:
        try:
            for n in range(10):
                audit_record(event=AuditEventType.EXPORT, details={"worker": worker, "n": n})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))

    records = list(AuditEvent.objects.order_by("id"))
    assert len(records) == 80 and len({record.prev_hash for record in records}) == 80
    assert audit_chain_verify().broken is None


def test_an_excel_entry_upload_is_recorded_with_the_submission(client, yangchun_officer):
    from tests.reporting.test_entry_excel import GOOD, download, filled, upload

    client.force_login(yangchun_officer)
    assert upload(client, filled(download(client), GOOD)).status_code == 302
    record = events(AuditEventType.IMPORT)[0]
    submission = Submission.objects.get(region__code="441781", year=2024)
    assert (record.user, record.object_id, record.details) == (yangchun_officer, str(submission.pk),
                                                             {"kind": "entry_excel"})
    assert events(AuditEventType.EXPORT)[0].details == {"file": "填报表", "year": 2024}


def test_a_plan_import_is_recorded_in_its_transaction(portal_admin):
    from plan_documents.documents import normalize_document, plan_to_document
    from plan_documents.impact import plan_import_impact
    from plan_documents.services import plan_import_document
    from plans.models import Plan

    document = normalize_document(plan_to_document(Plan.objects.get(region__code="440704")))
    document["title"] += "（修订）"
    impact = plan_import_impact(document)
    plan, changed, _impact = plan_import_document(document=document, user=portal_admin, impact_token=impact.token)
    record = events(AuditEventType.IMPORT)[0]
    assert changed and (record.user, record.object_id, record.details) == (
        portal_admin, str(plan.pk), {"kind": "plan_excel", "changed": True, "impact": impact.audit_summary()})


def test_value_saves_submissions_and_api_reads_are_audited(client, yangchun_officer):
    client.force_login(yangchun_officer)
    client.post("/reporting/441781/2024/", {"version": "0", "save": "1", "OH02-numerator": "45",
                                            "OH02-denominator": "50"})
    save = events(AuditEventType.VALUE_SAVE)[-1]
    assert (save.user, save.object_type, save.details["changed"]) == (yangchun_officer, "reporting.submission", ["OH02"])
    assert client.get(reverse("api:compliance", args=["441781", 2024])).status_code == 200
    read = events(AuditEventType.API_READ)[-1]
    assert (read.user, read.object_type, read.details) == (yangchun_officer, "regions.region",
                                                           {"api": "compliance", "year": 2024})


def test_a_submission_is_audited_as_such(yangchun_officer):
    from reporting.entry_rules import CleanEntry
    from reporting.selectors import entry_rows
    from reporting.services import submission_save

    entries = {row.code: CleanEntry(not_applicable=True, reason="无") for row in entry_rows(yangchun_officer.region, 2024)}
    submission_save(region=yangchun_officer.region, year=2024, user=yangchun_officer, entries=entries,
                    expected_version=0, submit=True)
    assert events(AuditEventType.SUBMIT)[-1].user == yangchun_officer


def test_a_chain_recomputed_by_whoever_writes_the_database_is_found(yangchun_officer):
    """Edit a record, recompute every later hash and the head (all a database writer can do): the head's
    HMAC, keyed outside the database, no longer matches."""
    records = chain(3, yangchun_officer)
    raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET username = %s WHERE id = %s", ["mallory", records[0].pk])
    previous = records[0].prev_hash
    for record in AuditEvent.objects.filter(pk__gte=records[0].pk).order_by("id"):
        new_hash = record_hash(record, previous)
        raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET prev_hash = %s, hash = %s WHERE id = %s",
                [previous, new_hash, record.pk])
        previous = new_hash
    raw_sql(f"UPDATE {AuditChainHead._meta.db_table} SET last_hash = %s", [previous])

    report = audit_chain_verify()
    assert report.broken is not None and "链头签名" in report.broken.message
    with pytest.raises(CommandError, match="链头签名"):
        verify_command()


def test_the_head_signature_depends_on_the_key_outside_the_database(settings, yangchun_officer):
    chain(1, yangchun_officer)
    assert audit_chain_verify().broken is None
    settings.AUDIT_HMAC_KEY = "another-key-than-the-one-that-signed"
    assert "链头签名" in audit_chain_verify().broken.message
