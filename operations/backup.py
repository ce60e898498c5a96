"""Backups of the portal's PostgreSQL database: ``pg_dump`` in its custom format, restored with
``pg_restore`` into a fresh database (never over an existing one). docs/deploy.md has the schedule
and the restore procedure; the evidence files under MEDIA_ROOT are backed up beside the dump.

The connection parameters come from Django's own database settings and reach the client programs
through libpq's environment variables, so the password never appears on a command line.
"""
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.utils import timezone

DUMP_SUFFIX = ".dump"
# Tables whose row counts a restore is checked against (the data a county officer would miss).
# The tables a restore must bring back, named by their models (tables follow a model when it moves app).
KEY_MODELS = ("regions.Region", "accounts.User", "plans.Plan", "indicators.Indicator", "indicators.PlanIndicator",
              "reporting.Submission", "reporting.IndicatorValue", "reporting.HistoricalSubmission",
              "reporting.HistoricalIndicatorValue", "actions.ActionReport", "actions.Evidence", "audit.AuditEvent")


def key_tables() -> tuple[str, ...]:
    return tuple(apps.get_model(label)._meta.db_table for label in KEY_MODELS)


class BackupError(RuntimeError):
    """pg_dump / pg_restore failed, or the database is not PostgreSQL; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    entries: int  # objects listed in the dump's table of contents (tables, data, indexes, constraints …)


@dataclass(frozen=True)
class RestoreResult:
    database: str
    row_counts: dict[str, int]


def _settings(alias: str) -> dict:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(f"数据库“{alias}”不是 PostgreSQL（{connection.vendor}），无法用 pg_dump 备份。")
    return connection.settings_dict


def _client(program: str) -> str:
    """The client program: PG_BIN_DIR if set, else the PATH (Debian's wrappers pick the newest version)."""
    directory = os.environ.get("PG_BIN_DIR")
    found = str(Path(directory) / program) if directory else shutil.which(program)
    if not found or not Path(found).exists():
        raise BackupError(f"找不到 {program}：请安装 postgresql-client，或用环境变量 PG_BIN_DIR 指定其目录。")
    return found


def _environment(settings_dict: dict, database: str | None = None) -> dict[str, str]:
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = database or settings_dict["NAME"]
    return environment


def _run(arguments: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(arguments[0]).name} 失败（退出码 {result.returncode}）：{result.stderr.strip()}")
    return result.stdout


def backup_path(target: Path, database_name: str) -> Path:
    """``target`` itself, or a timestamped file inside it when it is a directory (cron-friendly)."""
    if target.is_dir():
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        return target / f"{database_name}-{stamp}{DUMP_SUFFIX}"
    return target


def database_backup(*, target: Path, alias: str = "default") -> BackupResult:
    """Dump the database to ``target`` (a file, or a directory for a timestamped file).

    The dump is written beside its final name and renamed only once pg_dump succeeded and pg_restore
    can read its table of contents, so a failed run never leaves a file that looks like a backup. It
    holds personal data and password hashes: readable by its owner only.
    """
    settings_dict = _settings(alias)
    path = backup_path(Path(target), settings_dict["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    environment = _environment(settings_dict)
    try:
        _run([_client("pg_dump"), "--format=custom", "--compress=6", f"--file={partial}"], environment)
        partial.chmod(0o600)
        contents = _run([_client("pg_restore"), "--list", str(partial)], environment)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    entries = sum(1 for line in contents.splitlines() if line and not line.startswith(";"))
    return BackupResult(path=path, size=path.stat().st_size, entries=entries)


def database_restore(*, source: Path, database: str, alias: str = "default") -> RestoreResult:
    """Create the new database ``database`` and restore the dump ``source`` into it, in one transaction.

    Refuses an existing database (createdb fails): a restore never overwrites data. Point DATABASE_URL
    at the new database once its row counts look right (docs/deploy.md).
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件“{source}”不存在。")
    settings_dict = _settings(alias)
    environment = _environment(settings_dict)
    _run([_client("createdb"), "--template=template0", "--encoding=UTF8", database], environment)
    _run([_client("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={database}", str(source)], environment)
    return RestoreResult(database=database, row_counts=row_counts(database=database, alias=alias))


def row_counts(*, database: str | None = None, alias: str = "default") -> dict[str, int]:
    """Rows in each of the key tables of ``database`` (default: the configured one), via psql."""
    settings_dict = _settings(alias)
    query = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM {table}" for table in key_tables())
    output = _run([_client("psql"), "--no-psqlrc", "--tuples-only", "--no-align", "--field-separator=,",
                   "--set=ON_ERROR_STOP=1", f"--command={query}"], _environment(settings_dict, database))
    return {table: int(count) for table, count in (line.split(",") for line in output.splitlines() if line)}
