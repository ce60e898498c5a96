"""backup_database / restore_database on PostgreSQL: back up, restore into a fresh database, and find
the same rows in the key tables."""
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Role
from indicators.models import Indicator
from lifecycle.models import SubmissionStatus
from operations.backup import BackupError, database_backup, key_tables, row_counts
from plan_documents.initial_data import load_initial_data
from regions.models import Region
from reporting.models import Submission
from tests.conftest import make_user

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="pg_dump/pg_restore need PostgreSQL (run under .ci/with-postgres)")


@pytest.fixture
def committed_data(transactional_db):
    """pg_dump runs in its own session: the data must be committed, hence a transactional test."""
    load_initial_data()
    officer = make_user("yangchun", Role.OFFICER, "441781")
    submission = Submission.objects.create(region=Region.objects.get(code="441781"), year=2024,
                                           status=SubmissionStatus.SUBMITTED, submitted_by=officer)
    submission.values.create(indicator=Indicator.objects.get(code="OH02"), numerator=45, denominator=50, value=90,
                             note="=1+1 卫健局统计")


@pytest.fixture
def fresh_database_name():
    name = f"ohplan_restore_{uuid.uuid4().hex[:8]}"
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


@needs_postgres
def test_backup_then_restore_into_a_fresh_database_keeps_every_row(committed_data, fresh_database_name, tmp_path):
    before = row_counts()
    assert before["reporting_indicatorvalue"] == 1 and before["regions_region"] > 100

    out = io.StringIO()
    call_command("backup_database", str(tmp_path), stdout=out)
    dumps = list(tmp_path.glob("*.dump"))
    assert len(dumps) == 1 and "已备份到" in out.getvalue()
    assert dumps[0].stat().st_mode & 0o077 == 0, "a backup holds password hashes: owner only"
    assert not list(tmp_path.glob("*.partial"))

    out = io.StringIO()
    call_command("restore_database", str(dumps[0]), fresh_database_name, stdout=out)

    assert f"已恢复到新数据库 {fresh_database_name}" in out.getvalue()
    assert row_counts(database=fresh_database_name) == before
    assert set(before) == set(key_tables())


@needs_postgres
def test_restore_refuses_an_existing_database(committed_data, tmp_path):
    result = database_backup(target=tmp_path / "portal.dump")
    existing = connection.settings_dict["NAME"]

    with pytest.raises(CommandError, match="already exists|已存在"):
        call_command("restore_database", str(result.path), existing, stdout=io.StringIO())


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore_database", str(tmp_path / "none.dump"), "ohplan_never_created", stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_backup_refuses_sqlite_with_a_clear_message(tmp_path, db):
    with pytest.raises(BackupError, match="不是 PostgreSQL"):
        database_backup(target=tmp_path)
