"""``make bench``: build the benchmark databases if needed, run every measurement, append the results.

    .venv/bin/python bench/run.py                     # SQLite, then PostgreSQL when it is installed
    .venv/bin/python bench/run.py --backend sqlite    # SQLite only
    .venv/bin/python bench/run.py --backend postgres  # PostgreSQL only (via .ci/with-postgres)

Every measurement runs in its own process (``bench/steps.py``) against a benchmark database, never the
project's db.sqlite3. A dated section per backend is appended to docs/benchmarks.md; see bench/README.md.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make the ``bench`` package importable

from bench import report  # noqa: E402
from bench.constants import ENTRY_SAVES, GROWTH_COUNTIES, NATION_CODE  # noqa: E402
from bench.databases import PostgresDatabases, SqliteDatabases, django_env  # noqa: E402
from bench.targets import evaluate  # noqa: E402

TIME = Path("/usr/bin/time")
INSIDE_POSTGRES = "postgres-cluster"  # internal: run.py re-started by .ci/with-postgres
THROWAWAY_MARK = "OHPLAN_BENCH_THROWAWAY_CLUSTER"  # set only by run_postgres, checked before any CREATE/DROP


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def peak_rss_mb(time_output: str) -> float | None:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_output)
    return int(match.group(1)) / 1024 if match else None


def run_step(step: str, url: str, *, memory: bool = False, **options) -> dict:
    """Run one ``bench.steps`` step in a fresh process and return its JSON result.

    With ``memory`` the process runs under ``/usr/bin/time -v`` and the result gains ``peak_rss_mb``
    (falling back to the process's own ``ru_maxrss`` where /usr/bin/time is not installed).
    """
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        command = [sys.executable, "-m", "bench.steps", step, "--out", str(out)]
        command += [item for name, value in options.items() for item in (f"--{name}", str(value))]
        if memory and TIME.exists():
            command = [str(TIME), "-v", *command]
        completed = subprocess.run(command, cwd=ROOT, env=django_env(url), capture_output=True, text=True)
        if completed.returncode:
            raise SystemExit(f"step {step} {options} failed:\n{completed.stdout}\n{completed.stderr[-4000:]}")
        result = json.loads(out.read_text(encoding="utf-8"))
    if memory:
        result["peak_rss_mb"] = peak_rss_mb(completed.stderr) or result.get("self_peak_rss_mb")
    return result


def growth_row(page: dict) -> dict:
    return {"counties": page["counties_below"], "regions": page["regions_below"], "children": page["children"],
            "median_ms": page["median_ms"], "queries": page["queries"], "floor_ms": page["floor"]["median_ms"]}


def ensure(databases, label: str, counties: int | None, rebuild: bool):
    database = databases.ensure(label, counties, rebuild=rebuild)
    say(f"  {label}: " + (f"reused {database.build_line}" if database.build_seconds is None else database.build_line))
    return database


def measure_reads(main, growth_databases, args) -> dict:
    """Pages, floors, the growth series and the exports: read-only, on the stored databases."""
    say("data set")
    results = {"dataset": run_step("dataset", main.url)}
    say("matrix pages and their SQL floors")
    results["pages"] = run_step("pages", main.url, runs=args.runs)
    say("growth series")
    growth = [run_step("pages", database.url, runs=args.runs, pages=NATION_CODE)["pages"][0]
              for database in growth_databases]
    national_page = next(page for page in results["pages"]["pages"] if page["code"] == NATION_CODE)
    results["growth"] = [growth_row(page) for page in [*growth, national_page]]
    say("exports: the national matrix.xlsx and counties.xlsx")
    results["export"] = run_step("export", main.url, runs=args.export_runs)
    return results


def measure_writes(main_url: str, scratch_url: str, args) -> dict:
    """Saves, the import and every peak-memory step (the import's on the scratch copy: it writes)."""
    say(f"entry form: {ENTRY_SAVES} saves")
    results = {"entry": run_step("entry-saves", scratch_url, runs=ENTRY_SAVES)}
    say("CSV import")
    results["import"] = run_step("import", scratch_url, runs=args.runs)
    say("peak memory, one fresh process per operation")
    results["memory"] = {what: run_step("memory", scratch_url if what == "import" else main_url, memory=True, what=what)
                         for what in ("idle", "export-national", "export-counties", "import")}
    return results


def profile_misses(results: dict, main_url: str, scratch_url: str) -> dict:
    """A cProfile summary of every operation behind a missed target."""
    missed = sorted({check.profile for check in evaluate(results) if check.met is False and check.profile})
    profiles = {}
    for what in missed:
        say(f"profiling missed target: {what}")
        profiles[what] = run_step("profile", scratch_url if what in ("entry-save", "import") else main_url, what=what)
    return profiles


def measure(databases, args) -> dict:
    """Every measurement of issue #8 on one backend; returns the raw results."""
    results = {"started": report.started_label(), "load_at_start": report.load_average()}
    say(f"{databases.vendor}: benchmark databases (built when missing or stale)")
    main = ensure(databases, "main", None, args.rebuild)
    growth_databases = [ensure(databases, f"c{counties}", counties, args.rebuild) for counties in GROWTH_COUNTIES]
    results["databases"] = {database.label: asdict(database) for database in [main, *growth_databases]}
    results |= measure_reads(main, growth_databases, args)
    # Saves and imports write: they run on a copy, so the stored benchmark database stays as built.
    scratch_url = databases.clone("main", "scratch")
    try:
        results |= measure_writes(main.url, scratch_url, args)
        results["profiles"] = profile_misses(results, main.url, scratch_url)
    finally:
        databases.drop("scratch")
    return results


def run_backend(databases, args) -> None:
    results = measure(databases, args)
    checks = evaluate(results)
    section = report.render(results, checks, report.machine_info())
    if args.no_append:
        say("not appending (--no-append)")
    else:
        report.append(section)
        say(f"appended to {report.DOC.relative_to(ROOT)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(section, flush=True)


def run_postgres(args) -> bool | None:
    """Re-run this script inside a throwaway PostgreSQL cluster (``.ci/with-postgres``).

    True when it ran, False when it failed, None when PostgreSQL is not installed here.
    """
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        say("PostgreSQL server binaries not found: PostgreSQL run skipped (apt-get install postgresql)")
        return None
    forwarded = [f"--runs={args.runs}", f"--export-runs={args.export_runs}"]
    forwarded += ["--no-append"] if args.no_append else []
    forwarded += [f"--json={args.json_postgres}"] if args.json_postgres else []
    command = [str(ROOT / ".ci" / "with-postgres"), sys.executable, str(Path(__file__).resolve()),
               f"--backend={INSIDE_POSTGRES}", *forwarded]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, THROWAWAY_MARK: "1"}).returncode == 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["all", "sqlite", "postgres", INSIDE_POSTGRES], default="all")
    parser.add_argument("--runs", type=int, default=11, help="timed runs per page/import after a warm-up (≥ 5)")
    parser.add_argument("--export-runs", type=int, default=5, help="timed runs per export after a warm-up (≥ 5)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the SQLite benchmark databases")
    parser.add_argument("--no-append", action="store_true", help="print the section, leave docs/benchmarks.md alone")
    parser.add_argument("--json", help="also write the raw results of this backend to this file")
    parser.add_argument("--json-postgres", help="write the raw PostgreSQL results to this file")
    args = parser.parse_args()
    if min(args.runs, args.export_runs) < 5:
        parser.error("the issue asks for the median of at least 5 runs")
    return args


def main() -> int:
    args = parse_args()
    if args.backend == INSIDE_POSTGRES:
        # Only ever the throwaway cluster's URL, which .ci/with-postgres has just put in the environment:
        # this mode creates and drops databases, so it refuses to run against anything else.
        if os.environ.get(THROWAWAY_MARK) != "1":
            raise SystemExit(f"--backend={INSIDE_POSTGRES} is internal; use --backend=postgres")
        run_backend(PostgresDatabases(os.environ["DATABASE_URL"]), args)
        return 0
    if args.backend in ("all", "sqlite"):
        run_backend(SqliteDatabases(), args)
    if args.backend in ("all", "postgres"):
        ran = run_postgres(args)
        if ran is False or (ran is None and args.backend == "postgres"):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
