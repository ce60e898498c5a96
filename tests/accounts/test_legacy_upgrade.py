"""Upgrading a database from before the models moved (issue 13) keeps everything in it.

The user model moved from ``regions`` to ``accounts``, the audit log from ``regions`` to ``audit`` and the
key-action progress from ``reporting`` to ``actions``. Every other test runs on a database built by
today's migrations, where the moves are no-ops; only a database that already held users, devices,
reports and a hash chain under the old app labels and table names shows whether the state-only moves,
the table renames, the content types that follow them and the ``migrate`` override
(``accounts.legacy_schema``) really keep the data. So each test builds such a database itself, in a
throwaway database of its own (a temp file on SQLite, a fresh database on PostgreSQL), with the old
migration graph and the historical models, then runs the project's real ``migrate`` on it.

The data migrations (regions 0003 and 0005, reporting 0003) and the post-migrate role-group sync work on
the database being migrated (``schema_editor.connection.alias`` / ``using``): the last test migrates the
throwaway database unrouted, with ``--database``. The others also route everything that names no database
to the throwaway one while it is built and migrated (as in production, where the database migrated is the
default one); whatever still names "default" explicitly lands in the test database, inside the test's
transaction (``db``), and is rolled back.
"""
import contextlib
import copy
import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.legacy_schema import adopt_moved_user_model
from accounts.models import User
from actions.models import ActionMetric, ActionProgress, ActionReport
from audit.chain import GENESIS_HASH, json_normalised, record_hash
from audit.models import AuditEvent, AuditEventType
from audit.services import audit_chain_verify, audit_record
from reporting.models import Submission

LEGACY_PASSWORD = "Legacy-Passw0rd!"
ADOPTED_MESSAGE = "已将用户模型迁入 accounts"

# The migrations that came with the move: an old database has none of them.
MOVE_MIGRATIONS = {
    ("accounts", "0001_initial"), ("accounts", "0002_rename_tables"),
    ("audit", "0001_initial"), ("audit", "0002_rename_tables"),
    ("regions", "0005_move_accounts_and_audit"),
    ("actions", "0003_move_progress_from_reporting"), ("actions", "0004_rename_tables"),
    ("reporting", "0003_move_progress_to_actions"),
}
# The last migration of each of the project's apps before the move (commit 4e935db); third-party apps
# were at today's leaf. Apps added since (accounts, audit, and the later lifecycle, seasons,
# notifications) did not exist.
OLD_LEAVES = {"regions": "0004_region_level_path_index", "reporting": "0002_action_progress",
              "actions": "0002_initial", "plans": "0002_initial", "indicators": "0002_initial"}
NEW_APPS = {"accounts", "audit"}
PROJECT_APPS = {"accounts", "audit", "regions", "plans", "lifecycle", "indicators", "actions", "reporting",
                "plan_documents", "operations", "seasons", "notifications"}

# Old table → new table, for every moved model (and the user model's many-to-many tables).
RENAMED_TABLES = {
    "regions_user": "accounts_user",
    "regions_user_groups": "accounts_user_groups",
    "regions_user_user_permissions": "accounts_user_user_permissions",
    "regions_passwordhistory": "accounts_passwordhistory",
    "regions_auditevent": "audit_auditevent",
    "regions_auditchainhead": "audit_auditchainhead",
    **{f"reporting_{model}": f"actions_{model}" for model in (
        "actionreport", "actionprogress", "itemprogress", "actionmetric", "evidence", "historicalactionreport",
        "historicalactionprogress", "historicalitemprogress", "historicalactionmetric")},
}
# Permissions granted under the old labels, and the same permissions under the new ones.
LEGACY_GROUP_GRANTS = (("regions", "view_user"), ("regions", "unlock_account"), ("regions", "reset_two_factor"),
                       ("regions", "export_auditevent"), ("reporting", "change_actionreport"))
UPGRADED_GROUP_GRANTS = {"accounts.view_user", "accounts.unlock_account", "accounts.reset_two_factor",
                         "audit.export_auditevent", "actions.change_actionreport"}
LEGACY_USER_GRANTS = (("regions", "view_auditevent"), ("reporting", "view_actionreport"))
UPGRADED_USER_GRANTS = {"audit.view_auditevent", "actions.view_actionreport"}
# Old content type → new: the same row, relabelled, so permissions, group grants and admin history follow.
MOVED_CONTENT_TYPES = {
    ("regions", "user"): ("accounts", "user"),
    ("regions", "passwordhistory"): ("accounts", "passwordhistory"),
    ("regions", "auditevent"): ("audit", "auditevent"),
    ("reporting", "actionreport"): ("actions", "actionreport"),
    ("reporting", "actionprogress"): ("actions", "actionprogress"),
    ("reporting", "historicalactionreport"): ("actions", "historicalactionreport"),
}


# --- A throwaway database -------------------------------------------------------------------------

@pytest.fixture
def throwaway_db(db, tmp_path):
    """The alias of an empty database of the test run's vendor, dropped afterwards.

    After ``db``, so that it is torn down (the alias gone again) before Django's test case restores the
    connections it knew about when it started.
    """
    default = connections["default"]
    alias = f"legacy_upgrade_{uuid.uuid4().hex[:12]}"
    settings_dict = copy.deepcopy(default.settings_dict)
    if default.vendor == "postgresql":
        settings_dict["NAME"] = alias
        # CREATE DATABASE cannot run in a transaction, and the default connection is inside the test's.
        with default._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{alias}"')
    elif default.vendor == "sqlite":
        # The test database's NAME is an in-memory one (or TEST's); a file of our own is independent of it.
        settings_dict["NAME"] = str(tmp_path / "legacy.sqlite3")
    else:
        pytest.skip(f"no throwaway database for {default.vendor}")
    connections.settings[alias] = settings_dict
    # Django's test case refuses to *open* a connection to an alias it was not told about when it
    # started (this one did not exist then); an open connection it lets through, so open it here.
    connections[alias].connect()
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
        # Content types are cached per alias; a later test must not see this database's ids.
        ContentType.objects.clear_cache()
        if default.vendor == "postgresql":
            with default._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{alias}"')


@contextlib.contextmanager
def routed_to(alias: str):
    """Send every query of code that names no database to ``alias``: the data migrations, and the real
    code paths checked afterwards (authentication, permissions, the audit chain), run against it as they
    would against the default database in production."""
    class Everything:
        def db_for_read(self, model, **hints):
            return alias

        db_for_write = db_for_read

    with override_settings(DATABASE_ROUTERS=[Everything()]):
        yield


def migrate(alias: str, *, routed: bool = True) -> str:
    """The project's ``migrate`` (the ``accounts`` override) on ``alias``; its output."""
    out = io.StringIO()
    with routed_to(alias) if routed else contextlib.nullcontext():
        call_command("migrate", database=alias, interactive=False, verbosity=1, stdout=out)
    return out.getvalue()


def applied(alias: str) -> set[tuple[str, str]]:
    return set(MigrationRecorder(connections[alias]).applied_migrations())


def unapplied(alias: str) -> list:
    executor = MigrationExecutor(connections[alias])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


# --- The database as it was before the move -------------------------------------------------------

def build_legacy_schema(alias: str):
    """Migrate ``alias`` to the old graph's leaves and record what an old database records; the
    historical apps of that state."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    targets = sorted({(app, OLD_LEAVES.get(app, name)) for app, name in graph.leaf_nodes()
                      if app in OLD_LEAVES or app not in PROJECT_APPS})
    planned = {(migration.app_label, migration.name) for migration, _backwards in executor.migration_plan(targets)}
    # The old leaves pull in accounts 0001 (admin, django-otp and reporting depend on the first migration
    # of the AUTH_USER_MODEL app); it only changes Django's state, nothing in the database.
    assert planned & MOVE_MIGRATIONS == {("accounts", "0001_initial")}
    with routed_to(alias):
        executor.migrate(targets)
    # ... and an old database never recorded it: that is what ``migrate`` has to cope with.
    MigrationRecorder(connection).record_unapplied("accounts", "0001_initial")
    apps = executor.loader.project_state(targets).apps

    # An old database had no content types of the new apps, but accounts 0001 is in the state when
    # regions 0003 creates permissions: drop any it made here (their permissions and grants go with
    # them). Then give every old model its content type and permissions, as the post-migrate signal of
    # an old ``migrate`` did.
    ContentType_ = apps.get_model("contenttypes", "ContentType")
    ContentType_.objects.using(alias).filter(app_label__in=NEW_APPS).delete()
    for app_config in apps.get_app_configs():
        if app_config.label in NEW_APPS:
            continue
        app_config.models_module = True  # create_permissions skips apps without models
        create_permissions(app_config, verbosity=0, using=alias, apps=apps)
        app_config.models_module = None
    return apps


def content_type_id(apps, alias: str, app_label: str, model: str) -> int:
    return apps.get_model("contenttypes", "ContentType").objects.using(alias).get(
        app_label=app_label, model=model).pk


def permission(apps, alias: str, app_label: str, codename: str):
    return apps.get_model("auth", "Permission").objects.using(alias).get(
        content_type__app_label=app_label, codename=codename)


def fill_legacy_data(apps, alias: str) -> dict:
    """Users, a 2FA device, grants, a submission, a key-action report and an audit chain, written with
    the historical models into the old tables; what the upgraded database must still hold."""
    now = datetime.datetime(2025, 3, 14, 9, 26, 53, 589793, tzinfo=datetime.UTC)
    Region = apps.get_model("regions", "Region")
    province = Region.objects.using(alias).create(code="440000", name="广东省", full_name="广东省", level=1,
                                                  kind="省", path="/440000/")
    city = Region.objects.using(alias).create(code="441700", name="阳江市", full_name="广东省阳江市", level=2,
                                              kind="地级市", path="/440000/441700/", parent=province)

    OldUser = apps.get_model("regions", "User")
    officer = OldUser.objects.db_manager(alias).create(
        username="legacy_officer", password=make_password(LEGACY_PASSWORD), role="officer", region=city,
        password_changed_at=now)
    security = OldUser.objects.db_manager(alias).create(
        username="legacy_security", password=make_password(LEGACY_PASSWORD), role="security_admin",
        is_staff=True, password_changed_at=now)

    # A group of the site's own (the role sync after migrate rewrites the role groups, never this one)
    # holding permissions on every moved model kind, and permissions held directly.
    group = apps.get_model("auth", "Group").objects.using(alias).create(name="区县联络组")
    group.permissions.add(*(permission(apps, alias, app, codename) for app, codename in LEGACY_GROUP_GRANTS))
    security.groups.add(group)
    officer.user_permissions.add(*(permission(apps, alias, app, codename) for app, codename in LEGACY_USER_GRANTS))

    # The old FKs to the user model point at whatever model AUTH_USER_MODEL names in the migration
    # state; ``_id`` sidesteps which historical class that is (the column is the same).
    device = apps.get_model("otp_totp", "TOTPDevice").objects.using(alias).create(
        user_id=officer.pk, name="手机", confirmed=True)

    lifecycle = {"region": city, "year": 2024, "status": "submitted", "version": 2, "submitted_at": now,
                 "submitted_by_id": officer.pk, "updated_by_id": officer.pk}
    history = {"history_date": now, "history_type": "~", "history_user_id": officer.pk}
    submission = apps.get_model("reporting", "Submission").objects.using(alias).create(**lifecycle)
    apps.get_model("reporting", "HistoricalSubmission").objects.using(alias).create(
        id=submission.pk, created_at=submission.created_at, **lifecycle, **history)

    plan = apps.get_model("plans", "Plan").objects.using(alias).create(region=city, title="阳江市职业病防治规划")
    key_action = apps.get_model("actions", "KeyAction").objects.using(alias).create(
        plan=plan, seq=1, label="专栏1", name="尘肺病防治攻坚行动")
    report = apps.get_model("reporting", "ActionReport").objects.using(alias).create(**lifecycle)
    apps.get_model("reporting", "HistoricalActionReport").objects.using(alias).create(
        id=report.pk, created_at=report.created_at, **lifecycle, **history)
    progress = apps.get_model("reporting", "ActionProgress").objects.using(alias).create(
        report=report, action=key_action, status="in_progress", narrative="已完成重点行业摸底。")
    apps.get_model("reporting", "ActionMetric").objects.using(alias).create(
        progress=progress, label="摸底企业", value=Decimal("128.00"), unit="家")

    # The audit chain, hashed exactly as ``audit.services.audit_record`` hashed it; the head row came
    # from regions 0003.
    OldAuditEvent = apps.get_model("regions", "AuditEvent")
    previous = GENESIS_HASH
    records = []
    for offset, (event, user, object_type, obj, details) in enumerate((
            (AuditEventType.LOGIN, officer, "", None, {}),
            (AuditEventType.TWO_FACTOR_ENROL, officer, "regions.user", officer, {}),
            (AuditEventType.ROLE_CHANGE, security, "regions.user", officer, {"groups": ["填报员"]}),
            (AuditEventType.APPROVE, security, "reporting.actionreport", report, {"reason": "", "year": 2024}))):
        record = OldAuditEvent(
            created_at=now + datetime.timedelta(minutes=offset), user_id=user.pk, username=user.username,
            ip="10.0.0.8", event=event, object_type=object_type, object_id=str(obj.pk) if obj else "",
            object_repr=str(obj.pk) if obj else "", outcome="success", details=json_normalised(details),
            prev_hash=previous)
        record.hash = record_hash(record, previous)
        record.save(using=alias)
        records.append(record)
        previous = record.hash
    apps.get_model("regions", "AuditChainHead").objects.using(alias).filter(pk=1).update(
        last_id=records[-1].pk, last_hash=records[-1].hash)

    return {
        "officer": officer.pk, "security": security.pk, "region": city.pk, "device_key": device.key,
        "submission": submission.pk, "report": report.pk, "progress": progress.pk, "key_action": key_action.pk,
        "audit_ids": [record.pk for record in records], "audit_head": records[-1].hash,
        "content_types": {old: content_type_id(apps, alias, *old) for old in MOVED_CONTENT_TYPES},
    }


# --- The upgrade ----------------------------------------------------------------------------------

def test_the_old_database_records_none_of_the_move_migrations(throwaway_db):
    """The fixture reproduces an old database: the guard the other tests stand on."""
    build_legacy_schema(throwaway_db)
    assert not applied(throwaway_db) & MOVE_MIGRATIONS
    assert ("regions", "0004_region_level_path_index") in applied(throwaway_db)
    tables = set(connections[throwaway_db].introspection.table_names())
    assert set(RENAMED_TABLES) <= tables and not set(RENAMED_TABLES.values()) & tables


def test_migrate_on_an_old_database_keeps_users_devices_reports_grants_and_the_audit_chain(throwaway_db):
    alias = throwaway_db
    connection = connections[alias]
    legacy = fill_legacy_data(build_legacy_schema(alias), alias)

    output = migrate(alias)

    assert ADOPTED_MESSAGE in output
    assert MOVE_MIGRATIONS <= applied(alias) and unapplied(alias) == []
    tables = set(connection.introspection.table_names())
    assert set(RENAMED_TABLES.values()) <= tables
    assert not set(RENAMED_TABLES) & tables
    # The foreign keys into the renamed tables follow them (SQLite rewrites them on rename, PostgreSQL
    # keeps them by oid), and nothing dangles.
    with connection.cursor() as cursor:
        assert connection.introspection.get_relations(cursor, "otp_totp_totpdevice")["user_id"][1] == "accounts_user"
        assert connection.introspection.get_relations(cursor, "reporting_submission")["submitted_by_id"][1] == \
            "accounts_user"
        assert connection.introspection.get_relations(cursor, "actions_actionprogress")["report_id"][1] == \
            "actions_actionreport"
        assert connection.introspection.get_relations(cursor, "audit_auditevent")["user_id"][1] == "accounts_user"
    with transaction.atomic(using=alias):
        connection.check_constraints()

    # Users: the same rows, the old password still signs in.
    officer = User.objects.using(alias).get(username="legacy_officer")
    assert officer.pk == legacy["officer"] and officer.region_id == legacy["region"] and officer.role == "officer"
    assert officer.check_password(LEGACY_PASSWORD) and not officer.check_password("wrong-" + LEGACY_PASSWORD)
    with routed_to(alias):
        assert authenticate(RequestFactory().post("/login/"), username="legacy_officer",
                            password=LEGACY_PASSWORD) == officer

    # The 2FA device still belongs to the user, with its secret; a new one can reference the renamed table.
    device = TOTPDevice.objects.using(alias).get(user=officer)
    assert device.key == legacy["device_key"] and device.confirmed
    TOTPDevice.objects.using(alias).create(user=officer, name="备用手机", confirmed=False)

    # Submissions and key-action reports with their simple-history rows.
    submission = Submission.objects.using(alias).get(pk=legacy["submission"])
    assert (submission.region_id, submission.year, submission.status, submission.submitted_by_id) == (
        legacy["region"], 2024, "submitted", officer.pk)
    submission_history = Submission.history.using(alias).filter(id=submission.pk)
    assert list(submission_history.values_list("history_user_id", "version")) == [(officer.pk, 2)]
    report = ActionReport.objects.using(alias).get(pk=legacy["report"])
    assert (report.region_id, report.year, report.status, report.submitted_by_id) == (
        legacy["region"], 2024, "submitted", officer.pk)
    assert ActionReport.history.using(alias).filter(id=report.pk, history_user_id=officer.pk).count() == 1
    progress = ActionProgress.objects.using(alias).get(pk=legacy["progress"])
    assert (progress.report_id, progress.action_id) == (report.pk, legacy["key_action"])
    assert ActionMetric.objects.using(alias).get(progress=progress).value == Decimal("128.00")

    # Content types keep their ids under the new labels, so every grant made on them holds.
    for old, new in MOVED_CONTENT_TYPES.items():
        assert ContentType.objects.using(alias).get(app_label=new[0], model=new[1]).pk == legacy["content_types"][old]
        assert not ContentType.objects.using(alias).filter(app_label=old[0], model=old[1]).exists()
    group = Group.objects.using(alias).get(name="区县联络组")
    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == UPGRADED_GROUP_GRANTS
    assert list(group.user_set.values_list("pk", flat=True)) == [legacy["security"]]
    with routed_to(alias):
        security = User.objects.get(pk=legacy["security"])
        assert security.get_group_permissions() >= UPGRADED_GROUP_GRANTS
        officer = User.objects.get(pk=legacy["officer"])
        assert officer.get_user_permissions() == UPGRADED_USER_GRANTS
        assert not officer.has_perm("accounts.unlock_account")

    # The audit chain verifies clean, and new records chain on to the old head.
    assert list(AuditEvent.objects.using(alias).order_by("id").values_list("id", flat=True)) == legacy["audit_ids"]
    with routed_to(alias):
        report_before = audit_chain_verify()
        assert (report_before.broken, report_before.checked) == (None, 4)
        assert (report_before.head_id, report_before.head_hash) == (legacy["audit_ids"][-1], legacy["audit_head"])
        # audit_record takes its transaction on the default database; the row lock must be on this one.
        with transaction.atomic(using=alias):
            record = audit_record(event=AuditEventType.LOGIN, user=officer)
        assert record.prev_hash == legacy["audit_head"]
        report_after = audit_chain_verify()
        assert (report_after.broken, report_after.checked, report_after.head_id) == (None, 5, record.pk)


def test_a_second_migrate_on_an_upgraded_database_changes_nothing(throwaway_db):
    alias = throwaway_db
    fill_legacy_data(build_legacy_schema(alias), alias)
    migrate(alias)
    before = (applied(alias), set(connections[alias].introspection.table_names()),
              set(ContentType.objects.using(alias).values_list("pk", "app_label", "model")))

    assert adopt_moved_user_model(connections[alias]) is False
    output = migrate(alias)

    assert ADOPTED_MESSAGE not in output and "No migrations to apply" in output
    assert before == (applied(alias), set(connections[alias].introspection.table_names()),
                      set(ContentType.objects.using(alias).values_list("pk", "app_label", "model")))


def test_migrate_builds_a_fresh_database_without_adopting_anything(throwaway_db):
    alias = throwaway_db
    # The test database itself was built fresh by ``migrate``, where regions 0003 created the content
    # types of both the old and the new label (both models are in its state); the move merged them.
    # Checked before anything below writes historical content types to it.
    assert not ContentType.objects.filter(app_label="regions", model__in=["user", "auditevent"]).exists()
    assert ContentType.objects.filter(app_label="accounts", model="user").count() == 1
    assert adopt_moved_user_model(connections[alias]) is False  # no django_migrations table at all

    output = migrate(alias)

    assert ADOPTED_MESSAGE not in output
    assert unapplied(alias) == [] and MOVE_MIGRATIONS <= applied(alias)
    assert adopt_moved_user_model(connections[alias]) is False
    tables = set(connections[alias].introspection.table_names())
    assert set(RENAMED_TABLES.values()) <= tables and not set(RENAMED_TABLES) & tables
    # One content type per moved model, under the new label only.
    for old, new in MOVED_CONTENT_TYPES.items():
        assert ContentType.objects.using(alias).filter(app_label=new[0], model=new[1]).count() == 1
        assert not ContentType.objects.using(alias).filter(app_label=old[0], model=old[1]).exists()
    assert set(Permission.objects.using(alias).filter(content_type__app_label="accounts", content_type__model="user")
               .values_list("codename", flat=True)) >= {"view_user", "unlock_account", "reset_two_factor"}
    assert "No migrations to apply" in migrate(alias)


# --- migrate --database -----------------------------------------------------------------------------

def test_migrate_with_the_database_option_moves_that_databases_content_types(throwaway_db):
    """``migrate --database=X`` (which the ``migrate`` override supports: it adopts X) must relabel X's
    content types; unrouted, the relabelling happens on the default database and X's grants are lost."""
    alias = throwaway_db
    legacy = fill_legacy_data(build_legacy_schema(alias), alias)

    migrate(alias, routed=False)

    assert ContentType.objects.using(alias).get(app_label="accounts", model="user").pk == \
        legacy["content_types"][("regions", "user")]
