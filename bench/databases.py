"""Where the benchmark databases live, when they are stale, and how they are built and copied.

Never the project's ``db.sqlite3``: on SQLite every benchmark database is its own file
``bench/bench-<fingerprint>-<label>.sqlite3`` (git-ignored), reused for as long as nothing that shapes it
has changed; on PostgreSQL they are databases in the throwaway cluster of ``.ci/with-postgres``, built
on every run because the cluster itself lives only for that run.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
# Everything whose change makes a stored benchmark database stale: the generator, the schema, the inputs.
FINGERPRINT_SOURCES = ["bench/dataset.py", "reporting/management/commands/make_benchmark_data.py",
                       "fixtures/indicators.yaml", "regions/division_data.py", "regions/services.py",
                       "reporting/plan_documents.py", "indicators/targets.py", "*/migrations/*.py"]


def fingerprint() -> str:
    digest = hashlib.sha1()
    for pattern in FINGERPRINT_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def django_env(url: str) -> dict:
    """The environment of every benchmark process: the benchmark database, ``bench.settings`` (the portal's
    settings less two-factor enforcement and password ageing), DEBUG off (no query log, cached templates),
    no demo mode, quiet logs."""
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "false",
            "DEMO_MODE": "false", "LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore"}


@dataclass(frozen=True)
class BenchDatabase:
    label: str
    url: str
    counties: int | None  # None: every county
    build_seconds: float | None  # None: an existing database was reused
    build_line: str  # the command's summary line, or the reused file's name
    size_mb: float | None = None


def _manage(url: str, *arguments: str) -> str:
    completed = subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=django_env(url),
                               capture_output=True, text=True)
    if completed.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout.strip()


def build(url: str, counties: int | None) -> tuple[float, str]:
    """Migrate the empty database at ``url`` and load the data set; returns the load's wall time and summary."""
    _manage(url, "migrate", "--noinput", "-v", "0")
    options = ["--counties", str(counties)] if counties else []
    started = time.monotonic()
    line = _manage(url, "make_benchmark_data", *options)
    return time.monotonic() - started, line


class SqliteDatabases:
    vendor = "sqlite"

    def __init__(self):
        self.fingerprint = fingerprint()

    def path(self, label: str) -> Path:
        return BENCH_DIR / f"bench-{self.fingerprint}-{label}.sqlite3"

    def url(self, label: str) -> str:
        return f"sqlite:///{self.path(label)}"

    def ensure(self, label: str, counties: int | None, *, rebuild: bool = False) -> BenchDatabase:
        """The database for ``label``, built when missing or stale (other fingerprint, or an interrupted build)."""
        path = self.path(label)
        if path.exists() and not rebuild:
            return BenchDatabase(label, self.url(label), counties, None, path.name,
                                 path.stat().st_size / 2**20)
        for pattern in (f"bench-*-{label}.sqlite3", f"bench-*-{label}.building.sqlite3"):
            for stale in BENCH_DIR.glob(pattern):
                stale.unlink()
        # Built under another name and renamed at the end: a half-built file is never mistaken for a database.
        building = path.with_name(path.stem + ".building.sqlite3")
        seconds, line = build(f"sqlite:///{building}", counties)
        building.rename(path)
        return BenchDatabase(label, self.url(label), counties, seconds, line, path.stat().st_size / 2**20)

    def clone(self, source: str, label: str) -> str:
        shutil.copyfile(self.path(source), self.path(label))
        return self.url(label)

    def drop(self, label: str) -> None:
        self.path(label).unlink(missing_ok=True)


class PostgresDatabases:
    vendor = "postgresql"

    def __init__(self, cluster_url: str):
        self.parts = urlsplit(cluster_url)

    def url(self, label: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/ohplan_bench_{label}"))

    def _execute(self, sql: str) -> None:
        import psycopg  # only needed here; it is a dependency of the portal anyway
        maintenance = urlunsplit(self.parts._replace(path="/postgres"))
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(sql)

    def ensure(self, label: str, counties: int | None, *, rebuild: bool = True) -> BenchDatabase:
        self.drop(label)
        self._execute(f"CREATE DATABASE ohplan_bench_{label}")
        seconds, line = build(self.url(label), counties)
        return BenchDatabase(label, self.url(label), counties, seconds, line)

    def clone(self, source: str, label: str) -> str:
        self.drop(label)
        self._execute(f"CREATE DATABASE ohplan_bench_{label} TEMPLATE ohplan_bench_{source}")
        return self.url(label)

    def drop(self, label: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS ohplan_bench_{label}")
