"""Bounded load test: 50 simulated officers and reviewers against gunicorn + PostgreSQL, on loopback.

    .venv/bin/python bench/load_test.py            # 60 s, writes docs/load-test.md
    .venv/bin/python bench/load_test.py --duration 10 --output /tmp/smoke.md   # a quick smoke run

What it does, always the same way (fixed seed, fixed mix, fixed duration):

1. starts its own throwaway PostgreSQL cluster on a free loopback port (durable: fsync stays on, as in
   production — unlike .ci/with-postgres, which trades durability for test speed), migrates it, loads
   the regions, catalogue and plans, and creates 40 officers and 10 reviewers;
2. starts gunicorn (config.wsgi, 4 sync workers) with the production settings (DEBUG off, secure
   cookies, HSTS, CSP) except two-factor login, behind a simulated TLS proxy (X-Forwarded-Proto);
3. logs every user in, then runs them all for the duration, each waiting 1–3 s between requests (a
   brisk user; ``--think 0.2 0.6`` saturates the 2-CPU test machine instead):
   - officers (35 on a county+year of their own, 5 sharing one with another officer, so that version
     conflicts happen): open the entry page, save every row with the page's version, every fifth
     round open the front page too;
   - reviewers: the compliance matrix, the completeness page, the indicator chart page, the review
     queue, the front page and the matrix Excel export, in turn;
4. stops gunicorn and checks the database: every successful save is in the history exactly once, and
   each report holds the values of its last successful save (no lost update), versions agree;
5. writes the latencies (p50/p95/p99/max per request kind), the errors and the checks to the output.

Not part of ``make test``. Needs the PostgreSQL server binaries (/usr/lib/postgresql/*/bin).
"""
import argparse
import datetime
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: nothing here ever listens on another interface
DURATION = 60
WORKERS = 4
OFFICERS_SOLO, OFFICERS_SHARING, REVIEWERS = 35, 5, 10  # 40 officers and 10 reviewers: see plan_users()
THINK = (1.0, 3.0)
SEED = 20240601
YEARS = (2021, 2022, 2023, 2024, 2025)
PASSWORD = "Load-Test-Passw0rd!"
REVIEWER_CITIES = ["441700", "441800", "445200", "440700", "440100"]
# The counties a plan applies to (they have something to enter): 阳江, 清远, 揭阳 and two districts.
COUNTIES = ["440114", "440704", "441702", "441704", "441721", "441781", "441802", "441803", "441821", "441823",
            "441825", "441826", "441881", "441882", "445202", "445203", "445222", "445224", "445281"]
SAVE_REASON = "保存草稿"


def say(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


# --- the throwaway PostgreSQL cluster ---------------------------------------------------------------

@contextmanager
def postgres_cluster():
    """A fresh cluster on a loopback port, removed afterwards; yields its DATABASE_URL, its version and
    the postmaster's pid."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name))
    if not bins:
        sys.exit("PostgreSQL server binaries not found (apt-get install postgresql)")
    pg_bin, port = bins[-1], free_port()
    workdir = Path(tempfile.mkdtemp(prefix="ohplan-load-pg."))
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    data = workdir / "data"
    try:
        subprocess.run([*as_owner, pg_bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "--encoding=UTF8",
                        "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run([*as_owner, pg_bin / "pg_ctl", "-D", data, "-l", workdir / "server.log", "-w", "-o",
                        f"-p {port} -k {workdir} -c listen_addresses={HOST} -c max_connections=60", "start"],
                       check=True, capture_output=True)
        subprocess.run([pg_bin / "createdb", "-h", HOST, "-p", str(port), "-U", "postgres", "ohplan"], check=True)
        version = subprocess.run([pg_bin / "postgres", "--version"], capture_output=True, text=True).stdout.split()[2]
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        yield f"postgres://postgres@{HOST}:{port}/ohplan", version, postmaster
    finally:
        subprocess.run([*as_owner, pg_bin / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


# --- the portal under test ------------------------------------------------------------------------

def portal_environment(database_url: str, workdir: Path) -> dict[str, str]:
    """Production settings, with two-factor login switched off (the test measures the portal, not the
    authenticator app) in a settings module of its own."""
    (workdir / "loadtest_settings.py").write_text(
        "from config.settings.prod import *  # noqa: F401,F403\n\nTWO_FACTOR_REQUIRED = False\n", encoding="utf-8")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DEBUG", "DEMO_MODE", "TWO_FACTOR_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update({
        "DJANGO_SETTINGS_MODULE": "loadtest_settings", "PYTHONPATH": f"{workdir}{os.pathsep}{ROOT}",
        "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": HOST, "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(workdir / "media"), "LOG_LEVEL": "WARNING", "DB_CONN_MAX_AGE": "60",
    })
    return environment


@dataclass(frozen=True)
class SimulatedUser:
    username: str
    role: str
    region: str
    year: int = 2024


def plan_users(rng: random.Random) -> list[SimulatedUser]:
    """35 officers on a county+year of their own, 5 more each sharing one of those (conflicts happen
    there), 10 reviewers over the five cities/districts with plans: 50 in all."""
    pairs = [(county, year) for year in (2024, 2023, 2025, 2022, 2021) for county in COUNTIES][:OFFICERS_SOLO]
    officers = [SimulatedUser(f"officer{index:02d}", "officer", county, year)
                for index, (county, year) in enumerate(pairs, start=1)]
    shared = rng.sample(pairs, OFFICERS_SHARING)
    officers += [SimulatedUser(f"officer{OFFICERS_SOLO + index:02d}", "officer", county, year)
                 for index, (county, year) in enumerate(shared, start=1)]
    reviewers = [SimulatedUser(f"reviewer{index:02d}", "reviewer", REVIEWER_CITIES[index % len(REVIEWER_CITIES)])
                 for index in range(1, REVIEWERS + 1)]
    return officers + reviewers


def prepare_database(users: list[SimulatedUser]) -> None:
    """Migrate, load the plans, create the users (one password hash for all: hashing 50 times would
    take longer than the run)."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from accounts.models import User
    from plan_documents.initial_data import load_initial_data
    from regions.models import Region

    call_command("migrate", verbosity=0, interactive=False)
    load_initial_data()
    regions = Region.objects.in_bulk({user.region for user in users}, field_name="code")
    password = make_password(PASSWORD)
    User.objects.bulk_create([User(username=user.username, role=user.role, region=regions[user.region],
                                   password=password) for user in users])
    connections.close_all()


@contextmanager
def gunicorn(environment: dict[str, str], port: int):
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"{HOST}:{port}",
                               "--workers", str(WORKERS), "--timeout", "60", "--log-level", "warning"],
                              cwd=ROOT, env=environment)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=2)
                connection.request("GET", "/login/", headers={"Host": f"{HOST}:{port}", "X-Forwarded-Proto": "https"})
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("gunicorn did not answer within 60 s")
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- who used the CPU -----------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(path.parent.name))
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def _machine_busy_seconds() -> float:
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


@dataclass
class CpuMeter:
    """CPU seconds used during the load by the portal (gunicorn), PostgreSQL and this generator, and by
    everything else on the machine: the numbers mean little if something else was busy too."""
    roots: dict[str, int]  # name → pid whose whole process tree counts
    started: dict[str, float] = field(default_factory=dict)
    machine_started: float = 0.0
    used: dict[str, float] = field(default_factory=dict)

    def _sample(self) -> dict[str, float]:
        return {name: _cpu_seconds(pid) + sum(_cpu_seconds(child) for child in _children(pid))
                for name, pid in self.roots.items()}

    def start(self) -> None:
        self.started, self.machine_started = self._sample(), _machine_busy_seconds()

    def stop(self) -> None:
        now = self._sample()
        self.used = {name: now[name] - self.started[name] for name in now}
        self.used["other processes"] = max(0.0, _machine_busy_seconds() - self.machine_started - sum(self.used.values()))


# --- simulated browsers ---------------------------------------------------------------------------

@dataclass
class Sample:
    kind: str
    status: int
    seconds: float
    ok: bool


@dataclass
class Save:
    region: str
    year: int
    posted_version: int
    values: dict  # code → (numerator, denominator, value, note) as entered


@dataclass
class Results:
    samples: list[Sample] = field(default_factory=list)
    logins: list[float] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
ENTRY_ROW = re.compile(r'<tr data-code="(OH\d+)" data-kind="(\w+)"')


class Browser:
    """Cookies, CSRF and the headers nginx would add; one connection per request (gunicorn's sync
    workers close it after each response anyway)."""

    def __init__(self, port: int, results: Results):
        self.port, self.results, self.cookies = port, results, {}
        self.origin = f"https://{HOST}:{port}"

    def request(self, method: str, path: str, kind: str, form: dict | None = None,
                expect: tuple[int, ...] = (200,)) -> tuple[int, str]:
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https", "User-Agent": "ohplan-load-test",
                   "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                        "Referer": f"{self.origin}{path}"}
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            connection.close()
        except OSError as error:
            self.results.samples.append(Sample(kind, 0, time.perf_counter() - started, False))
            self.results.errors.append(f"{method} {path}: {error}")
            return 0, ""
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        ok = response.status in expect
        self.results.samples.append(Sample(kind, response.status, elapsed, ok))
        if not ok:
            self.results.errors.append(f"{method} {path}: HTTP {response.status}")
        return response.status, text

    def log_in(self, username: str) -> bool:
        started = time.perf_counter()
        _status, page = self.request("GET", "/login/", "login page")
        token = CSRF_INPUT.search(page)
        status, _ = self.request("POST", "/login/", "login", {
            "csrfmiddlewaretoken": token.group(1) if token else "", "username": username, "password": PASSWORD},
            expect=(302,))
        self.results.logins.append(time.perf_counter() - started)
        return status == 302


def entered_values(rows: list[tuple[str, str]], username: str, round_number: int) -> tuple[dict, dict]:
    """The form fields for one save, and what the report must then hold (numerator, denominator, value, note)."""
    form, expected = {}, {}
    for index, (code, kind) in enumerate(rows):
        note = f"压测 {username} 第{round_number}次" if index == 0 else ""
        form[f"{code}-note"] = note
        if kind == "rate":
            numerator = (round_number * 7 + index) % 101
            form[f"{code}-numerator"], form[f"{code}-denominator"] = str(numerator), "100"
            expected[code] = (numerator, 100, numerator, note)
        elif kind == "yes_no":
            form[f"{code}-yes_no"] = "yes" if round_number % 2 else "no"
            expected[code] = (None, None, 100 if round_number % 2 else 0, note)
        else:
            form[f"{code}-value"] = str(1000 + round_number)
            expected[code] = (None, None, 1000 + round_number, note)
    return form, expected


def officer(user: SimulatedUser, browser: Browser, rng: random.Random, deadline: float, results: Results) -> None:
    path = f"/reporting/{user.region}/{user.year}/"
    round_number = 0
    while time.monotonic() < deadline:
        round_number += 1
        status, page = browser.request("GET", path, "entry page")
        version, token = VERSION_INPUT.search(page), CSRF_INPUT.search(page)
        rows = ENTRY_ROW.findall(page)
        if status != 200 or not (version and token and rows):
            results.errors.append(f"{user.username}: entry page without a form (HTTP {status})")
            return
        time.sleep(rng.uniform(*THINK))
        form, expected = entered_values(rows, user.username, round_number)
        form |= {"csrfmiddlewaretoken": token.group(1), "version": version.group(1), "save": "1"}
        status, page = browser.request("POST", path, "entry save", form, expect=(302, 200))
        if status == 302:
            results.saves.append(Save(user.region, user.year, int(version.group(1)), expected))
        elif status == 200 and 'id="conflict"' in page:
            results.conflicts += 1  # somebody saved first: refused, nothing written, as designed
        elif status == 200:
            results.samples[-1].ok = False
            results.errors.append(f"{user.username}: save refused without a conflict")
        time.sleep(rng.uniform(*THINK))
        if round_number % 5 == 0:
            browser.request("GET", "/", "front page")
            time.sleep(rng.uniform(*THINK))


def reviewer(user: SimulatedUser, browser: Browser, rng: random.Random, deadline: float, results: Results) -> None:
    city, year = user.region, 2024
    pages = [(f"/dashboard/{city}/{year}/", "dashboard matrix"), (f"/dashboard/{city}/{year}/completeness/", "completeness"),
             (f"/dashboard/{city}/indicator/OH02/", "indicator chart"), ("/reporting/review/", "review queue"),
             ("/", "front page"), (f"/dashboard/{city}/{year}/matrix.xlsx", "matrix export")]
    step = rng.randrange(len(pages))
    while time.monotonic() < deadline:
        path, kind = pages[step % len(pages)]
        browser.request("GET", path, kind)
        step += 1
        time.sleep(rng.uniform(*THINK))


def run_users(users: list[SimulatedUser], port: int, duration: float, results: Results, meter: CpuMeter) -> float:
    """Log everybody in (not timed as load), then run them all for ``duration`` seconds."""
    browsers = {user.username: Browser(port, results) for user in users}
    for user in users:  # sequential: 50 PBKDF2 logins at once would only measure the hasher
        if not browsers[user.username].log_in(user.username):
            raise RuntimeError(f"{user.username} could not log in")
    results.samples.clear()
    start = threading.Barrier(len(users) + 1)
    deadline_box = []

    def simulate(user: SimulatedUser) -> None:
        rng = random.Random(f"{SEED}-{user.username}")
        start.wait()
        behaviour = officer if user.role == "officer" else reviewer
        try:
            behaviour(user, browsers[user.username], rng, deadline_box[0], results)
        except Exception as error:  # noqa: BLE001 — reported, never hidden
            results.errors.append(f"{user.username}: {type(error).__name__}: {error}")

    threads = [threading.Thread(target=simulate, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    deadline_box.append(time.monotonic() + duration)
    started = time.monotonic()
    meter.start()
    start.wait()
    for thread in threads:
        thread.join(timeout=duration + 120)
    meter.stop()
    return time.monotonic() - started


# --- checking the database afterwards -------------------------------------------------------------

def check_saves(saves: list[Save]) -> dict:
    """Every successful save in the history once, and every report holding its last save's values."""
    from decimal import Decimal

    from django.db import connections

    from reporting.models import IndicatorValue, Submission

    by_report = defaultdict(list)
    for save in saves:
        by_report[(save.region, save.year)].append(save)
    problems, history_records, rows_checked = [], 0, 0
    for (region, year), report_saves in sorted(by_report.items()):
        submission = Submission.objects.get(region__code=region, year=year)
        recorded = submission.history.filter(history_change_reason=SAVE_REASON).count()
        history_records += recorded
        if recorded != len(report_saves):
            problems.append(f"{region} {year}: {len(report_saves)} successful saves, {recorded} in the history")
        if submission.version != 1 + len(report_saves):
            problems.append(f"{region} {year}: version {submission.version} after {len(report_saves)} saves")
        last = max(report_saves, key=lambda save: save.posted_version)
        stored = {value.indicator.code: value for value in
                  IndicatorValue.objects.filter(submission=submission).select_related("indicator")}
        for code, (numerator, denominator, value, note) in last.values.items():
            rows_checked += 1
            held = stored.get(code)
            want = (None if numerator is None else Decimal(numerator), None if denominator is None else Decimal(denominator),
                    Decimal(value), note)
            if held is None or (held.numerator, held.denominator, held.value, held.note) != want:
                problems.append(f"{region} {year} {code}: holds {held and (held.numerator, held.value, held.note)}, "
                                f"last save entered {want}")
    connections.close_all()
    return {"reports": len(by_report), "saves": len(saves), "history_records": history_records,
            "rows_checked": rows_checked, "problems": problems}


# --- the report -----------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency_row(kind: str, seconds: list[float]) -> str:
    ms = [value * 1000 for value in seconds]
    return (f"| {kind} | {len(ms)} | {percentile(ms, 0.5):.0f} | {percentile(ms, 0.95):.0f} | "
            f"{percentile(ms, 0.99):.0f} | {max(ms):.0f} |")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    memory_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")), 0)
    return f"{cpu}, {os.cpu_count()} CPU, {memory_kb / 1024 / 1024:.0f} GB RAM, {platform.system()} {platform.release()}"


def report(results: Results, checks: dict, elapsed: float, duration: float, users: list[SimulatedUser],
           pg_version: str, meter: CpuMeter) -> str:
    import django
    import gunicorn as gunicorn_package

    all_seconds = [sample.seconds for sample in results.samples]
    by_kind = defaultdict(list)
    for sample in results.samples:
        by_kind[sample.kind].append(sample.seconds)
    statuses = Counter(sample.status for sample in results.samples)
    failed = sum(not sample.ok for sample in results.samples)
    officers = sum(user.role == "officer" for user in users)
    lost = len(checks["problems"])
    cpu_per_request = meter.used["gunicorn"] / max(len(results.samples), 1)
    lines = [
        "# Load test",
        "",
        "`bench/load_test.py` (not part of `make test`): a bounded run against gunicorn + PostgreSQL on loopback.",
        "The newest run replaces this file; see the script's docstring for exactly what it does.",
        "",
        f"- **Date**: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- **Machine**: {machine()} — load generator, gunicorn and PostgreSQL all on this one machine",
        f"- **Software**: Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn_package.__version__} ({WORKERS} sync workers), PostgreSQL {pg_version} (fsync on)",
        "- **Settings**: `config.settings.prod` (DEBUG off, CSP, secure cookies, HSTS) with two-factor login off; "
        "TLS simulated with `X-Forwarded-Proto: https`",
        f"- **Users**: {len(users)} at once — {officers} officers ({OFFICERS_SOLO} on a report of their own, "
        f"{OFFICERS_SHARING} sharing one with another officer) and {len(users) - officers} reviewers; "
        f"think time {THINK[0]}–{THINK[1]} s between requests",
        f"- **Duration**: {duration:.0f} s of load ({elapsed:.1f} s until the last user finished), after logging "
        f"everybody in (login p50 {statistics.median(results.logins) * 1000:.0f} ms: PBKDF2, 1,000,000 iterations)",
        "",
        "## Result",
        "",
        f"- **Requests**: {len(results.samples)} ({len(results.samples) / elapsed:.1f}/s); "
        f"status codes {dict(sorted(statuses.items()))}",
        f"- **Errors**: {failed} failed requests, {len(results.errors)} error messages"
        + (": " + "; ".join(results.errors[:10]) if results.errors else ""),
        f"- **Saves**: {checks['saves']} successful draft saves into {checks['reports']} reports; "
        f"{results.conflicts} refused as version conflicts (two officers on one report, as designed: nothing written)",
        f"- **Lost values**: {lost} — {checks['history_records']} save records in the history for {checks['saves']} "
        f"successful saves; {checks['rows_checked']} stored rows compared with each report's last successful save"
        + (": " + "; ".join(checks["problems"][:10]) if lost else ""),
        f"- **CPU** during the load ({os.cpu_count()} CPU × {elapsed:.0f} s = {os.cpu_count() * elapsed:.0f} CPU-seconds "
        f"available): " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in meter.used.items()),
        f"- **Capacity**: gunicorn spent {cpu_per_request * 1000:.0f} ms of CPU per request of this mix, i.e. about "
        f"{1 / cpu_per_request:.0f} requests/s per CPU core once saturated (sessions are saved on every request)",
        f"- **Latency** (all requests): p50 {percentile(all_seconds, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(all_seconds, 0.95) * 1000:.0f} ms, p99 {percentile(all_seconds, 0.99) * 1000:.0f} ms",
        "",
        "| request | count | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
        *(latency_row(kind, seconds) for kind, seconds in sorted(by_kind.items())),
        "",
        "## Run it",
        "",
        "```",
        ".venv/bin/python bench/load_test.py                  # 60 s, rewrites docs/load-test.md",
        ".venv/bin/python bench/load_test.py --duration 10 --output /tmp/load.md   # smoke run",
        "```",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    global THINK
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=DURATION, help=f"seconds of load (default {DURATION})")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "load-test.md")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), default=THINK,
                        help=f"seconds between a user's requests (default {THINK[0]} {THINK[1]}; 0.2 0.6 saturates 2 CPUs)")
    options = parser.parse_args()
    THINK = tuple(options.think)

    rng = random.Random(SEED)
    users = plan_users(rng)
    results = Results()
    workdir = Path(tempfile.mkdtemp(prefix="ohplan-load."))
    try:
        with postgres_cluster() as (database_url, pg_version, postmaster):
            environment = portal_environment(database_url, workdir)
            os.environ.update(environment)
            sys.path.insert(0, str(workdir))
            sys.path.insert(0, str(ROOT))
            say(f"PostgreSQL {pg_version}: migrating, loading the plans, creating {len(users)} users")
            prepare_database(users)
            port = free_port()
            with gunicorn(environment, port) as server:
                say(f"gunicorn on {HOST}:{port}, {WORKERS} workers: logging in, then {options.duration:.0f} s of load")
                meter = CpuMeter({"gunicorn": server.pid, "PostgreSQL": postmaster, "load generator": os.getpid()})
                elapsed = run_users(users, port, options.duration, results, meter)
            say("checking every save against the database")
            checks = check_saves(results.saves)
            options.output.write_text(report(results, checks, elapsed, options.duration, users, pg_version, meter),
                                      encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    failed = sum(not sample.ok for sample in results.samples)
    say(f"{len(results.samples)} requests, {failed} failed, {len(checks['problems'])} lost values "
        f"→ {options.output}")
    return 1 if failed or results.errors or checks["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
