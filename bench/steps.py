"""The measurements, one step per process: ``python -m bench.steps STEP --out result.json``.

``bench/run.py`` starts every step in a fresh process with ``DATABASE_URL`` pointing at a benchmark
database, so that steps cannot warm each other's caches, so that ``/usr/bin/time -v`` can report the
peak memory of exactly one step, and so that each growth database is opened by its own process.
Times are taken on the server side: the test client calls the WSGI handler directly (middleware,
view, template), with no network and no browser; the database connection stays open across
requests, as it does in production with ``CONN_MAX_AGE``.
"""
import argparse
import csv
import io
import json
import os
import resource
import sys
import warnings
from pathlib import Path

import django

# Without collectstatic (DEBUG off) whitenoise warns once per process that staticfiles/ is missing; pages
# only link to static files, so the warning is noise here.
warnings.filterwarnings("ignore", message="No directory at")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.constants import BENCH_YEAR, IMPORT_ROWS, IMPORT_YEAR, NATION_CODE, PAGE_CODES  # noqa: E402
from bench.dataset import BENCH_ADMIN, BENCH_OFFICER, EDITABLE_YEAR  # noqa: E402
from bench.floor import history_indicator_ids, run_floor  # noqa: E402
from bench.measure import count_queries, elapsed_ms, interleaved, percentile, profile, repeat, summary  # noqa: E402
from indicators.display import plain_number  # noqa: E402
from indicators.models import ValueKind  # noqa: E402
from lifecycle.models import COUNTED_STATUSES  # noqa: E402
from plans.models import Plan  # noqa: E402
from regions.models import Region, RegionLevel  # noqa: E402
from reporting.dashboard import county_matrix  # noqa: E402
from reporting.forms import initial_for  # noqa: E402
from reporting.models import IndicatorValue, Submission  # noqa: E402
from reporting.selectors import entry_rows  # noqa: E402

# --- shared plumbing -------------------------------------------------------------------------------

def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username=BENCH_ADMIN))
    return client


def get_ok(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}, expected 200")
    return response


def matrix_url(code: str, year: int = BENCH_YEAR) -> str:
    return f"/dashboard/{code}/{year}/"


def export_url(year: int = BENCH_YEAR) -> str:
    return f"/dashboard/{NATION_CODE}/{year}/matrix.xlsx"


def counties_export_url(year: int = BENCH_YEAR) -> str:
    """The county-level sheet of the whole country (区县明细): every county-level region × its indicators."""
    return f"/dashboard/{NATION_CODE}/{year}/counties.xlsx"


def peak_rss_mb() -> float:
    """This process's own peak RSS (the fallback when /usr/bin/time is not installed)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- steps -----------------------------------------------------------------------------------------

def step_dataset(args) -> dict:
    """What is in the database (and which database it is)."""
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    return {
        "vendor": connection.vendor, "version": version,
        "regions_by_level": dict(Region.objects.values_list("level").annotate(n=Count("id")).order_by()),
        "plans": Plan.objects.count(), "submissions": Submission.objects.count(),
        "values": IndicatorValue.objects.count(),
        "submissions_by_status": dict(Submission.objects.values_list("status").annotate(n=Count("id")).order_by()),
    }


def page_result(client: Client, code: str, runs: int) -> dict:
    """One matrix page: its timing, query count, size, and its SQL floor."""
    region = Region.objects.get(code=code)
    url = matrix_url(code)
    compared, every_earlier = history_indicator_ids(region, BENCH_YEAR)
    timed = interleaved({
        "page": lambda: get_ok(client, url),
        "floor": lambda: run_floor(region, BENCH_YEAR, compared, every_earlier),
        "floor_path_range": lambda: run_floor(region, BENCH_YEAR, compared, every_earlier, path_range=True),
    }, runs=runs)
    floor, floor_range = timed["floor"], timed["floor_path_range"]
    return {
        "code": code, "name": region.name, "url": url, **timed["page"],
        "queries": count_queries(lambda: get_ok(client, url)),
        "bytes": len(get_ok(client, url).content),
        "children": region.children.count(),
        "counties_below": Region.objects.subtree_of(region).filter(level=RegionLevel.COUNTY).count(),
        "regions_below": Region.objects.subtree_of(region).count(),
        "floor": {**floor, "rows": run_floor(region, BENCH_YEAR, compared, every_earlier)},
        "floor_path_range": floor_range,
    }


def step_pages(args) -> dict:
    """The compliance matrix pages named by ``--pages`` (codes), each against its SQL floor."""
    client = admin_client()
    return {"year": BENCH_YEAR, "pages": [page_result(client, code, args.runs) for code in args.pages.split(",")]}


def export_result(client: Client, url: str, runs: int) -> dict:
    return {"url": url, **repeat(lambda: get_ok(client, url), runs=runs),
            "queries": count_queries(lambda: get_ok(client, url)), "bytes": len(get_ok(client, url).content)}


def step_export(args) -> dict:
    """The national matrix.xlsx (31 province rows) and the national counties.xlsx (every county-level
    region), both through the test client."""
    client = admin_client()
    counties = county_matrix(Region.objects.get(code=NATION_CODE), BENCH_YEAR)
    return {"national": export_result(client, export_url(), args.runs),
            "counties": {**export_result(client, counties_export_url(), args.runs), "rows": len(counties.children),
                         "indicators": len(counties.indicators)}}


def entry_post_data(region: Region, year: int) -> tuple[dict, str]:
    """The entry form as the page renders it (current values), and the count field each save changes."""
    data = {}
    changed_field = None
    for row in entry_rows(region, year):
        for name, value in initial_for(row).items():
            if value not in ("", None, False):
                data[f"{row.code}-{name}"] = "on" if value is True else value
        if row.indicator.value_kind == ValueKind.COUNT and changed_field is None:
            changed_field = f"{row.code}-value"
    if changed_field is None:
        raise SystemExit(f"{region.code} {year} has no count indicator to change")
    return data, changed_field


class EntrySaver:
    """Saves one county's draft as its officer, the way the entry page does: each save changes a count
    by one and passes the version the page would carry. A save that is not a redirect (validation error,
    conflict) or does not bump the version stops the benchmark: it would not be measuring a save."""

    def __init__(self):
        officer = User.objects.select_related("region").get(username=BENCH_OFFICER)
        self.region, self.year = officer.region, EDITABLE_YEAR
        self.client = Client()
        self.client.force_login(officer)
        self.url = f"/reporting/{self.region.code}/{self.year}/"
        self.data, self.changed_field = entry_post_data(self.region, self.year)
        self.start = int(self.data.get(self.changed_field, "0"))
        self.saves = 0

    def _version(self) -> int:
        return Submission.objects.values_list("version", flat=True).get(region=self.region, year=self.year)

    def save(self) -> float:
        self.saves += 1
        version = self._version()
        payload = {**self.data, "version": str(version), self.changed_field: str(self.start + self.saves)}
        ms, response = elapsed_ms(lambda: self.client.post(self.url, payload))
        if response.status_code != 302:
            raise SystemExit(f"save {self.saves} answered {response.status_code} (validation or conflict), expected 302")
        if self._version() != version + 1:
            raise SystemExit(f"save {self.saves} did not bump the version")
        return ms


def step_entry_saves(args) -> dict:
    """``--runs`` saves (after five warm-up saves) of 阳春市's 2025 draft: p50 and p95."""
    saver = EntrySaver()
    for _ in range(5):
        saver.save()
    queries = count_queries(saver.save)
    samples = [saver.save() for _ in range(args.runs)]
    return {"url": saver.url, "region": saver.region.name, "year": saver.year, **summary(samples),
            "p50_ms": percentile(samples, 0.50), "queries": queries}


# --- the CSV import --------------------------------------------------------------------------------

def import_rows(year: int = IMPORT_YEAR, limit: int = IMPORT_ROWS) -> tuple[list[list[str]], list[int]]:
    """``limit`` CSV rows (counties in code order, all their values of ``year``) and their region ids."""
    values = (IndicatorValue.objects.filter(submission__year=year, submission__region__level=RegionLevel.COUNTY,
                                            submission__status__in=COUNTED_STATUSES)
              .select_related("indicator", "submission__region")
              .order_by("submission__region__code", "indicator__code")[:limit])
    rows, region_ids = [], []
    for value in values:
        kind = value.indicator.value_kind
        shown = ("是" if value.value > 0 else "否") if kind == ValueKind.YES_NO else plain_number(
            round(value.value, 2) if kind == ValueKind.RATE else value.value)
        rows.append([value.submission.region.code, value.indicator.code, str(year), plain_number(value.numerator),
                     plain_number(value.denominator), shown, ""])
        if not region_ids or region_ids[-1] != value.submission.region_id:
            region_ids.append(value.submission.region_id)
    return rows, region_ids


def csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["region_code", "indicator_code", "year", "numerator", "denominator", "value", "note"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def clear_reports(region_ids: list[int], year: int) -> None:
    """Remove the reports the CSV brings back, so that every import run creates them afresh.

    Raw SQL on purpose: an ORM delete would write a history record per deleted value (thousands of
    untimed inserts) and the synthetic values have no history to keep anyway.
    """
    placeholders = ", ".join(["%s"] * len(region_ids))
    submissions = f"SELECT id FROM {Submission._meta.db_table} WHERE year = %s AND region_id IN ({placeholders})"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {IndicatorValue._meta.db_table} WHERE submission_id IN ({submissions})",
                       [year, *region_ids])
        cursor.execute(f"DELETE FROM {Submission._meta.db_table} WHERE year = %s AND region_id IN ({placeholders})",
                       [year, *region_ids])


def prepared_import() -> tuple[bytes, list[int]]:
    """The CSV of ``IMPORT_ROWS`` existing values, taken before their reports are cleared for re-import."""
    rows, region_ids = import_rows()
    if len(rows) < IMPORT_ROWS:
        raise SystemExit(f"only {len(rows)} values of {IMPORT_YEAR} to import, need {IMPORT_ROWS}")
    return csv_bytes(rows), region_ids


def importer():
    """``values_import_csv``, or None while reporting/value_import.py does not exist."""
    try:
        from reporting.value_import import values_import_csv
    except ImportError:
        return None
    return values_import_csv


def import_once(data: bytes, region_ids: list[int], user: User) -> tuple[float, object]:
    clear_reports(region_ids, IMPORT_YEAR)
    return elapsed_ms(lambda: importer()(file=io.BytesIO(data), user=user))


def step_import(args) -> dict:
    """Import a 5,000-row CSV ``--runs`` times after a warm-up, each time into cleared reports."""
    if importer() is None:
        return {"missing": "reporting/value_import.py (values_import_csv) does not exist"}
    admin = User.objects.get(username=BENCH_ADMIN)
    data, region_ids = prepared_import()
    _ms, result = import_once(data, region_ids, admin)
    clear_reports(region_ids, IMPORT_YEAR)
    queries = count_queries(lambda: importer()(file=io.BytesIO(data), user=admin))
    samples = [import_once(data, region_ids, admin)[0] for _ in range(args.runs)]
    return {"rows": IMPORT_ROWS, "regions": len(region_ids), "bytes": len(data), "summary": result.line(),
            **summary(samples), "queries": queries}


# --- single-shot steps for peak memory (run under /usr/bin/time -v) --------------------------------

def step_memory(args) -> dict:
    """Exactly one operation in a fresh process, so that its peak RSS is that operation's."""
    what = args.what
    if what == "idle":  # the baseline: Django loaded, one small page served
        get_ok(admin_client(), matrix_url(PAGE_CODES[0]))
    elif what == "export-national":
        get_ok(admin_client(), export_url())
    elif what == "export-counties":
        get_ok(admin_client(), counties_export_url())
    elif what == "import":
        if importer() is None:
            return {"missing": True}
        data, region_ids = prepared_import()
        import_once(data, region_ids, User.objects.get(username=BENCH_ADMIN))
    else:
        raise SystemExit(f"unknown memory step {what}")
    return {"what": what, "self_peak_rss_mb": peak_rss_mb()}


# --- profiles of missed targets --------------------------------------------------------------------

def step_profile(args) -> dict:
    """cProfile one run (after a warm-up) of the operation named by ``--what``: page:<code>, export-national,
    export-counties, entry-save or import."""
    what = args.what
    if what.startswith("page:"):
        client, url = admin_client(), matrix_url(what.split(":", 1)[1])
        get_ok(client, url)
        return profile(lambda: get_ok(client, url))
    if what in ("export-national", "export-counties"):
        client, url = admin_client(), export_url() if what == "export-national" else counties_export_url()
        get_ok(client, url)
        return profile(lambda: get_ok(client, url))
    if what == "entry-save":
        saver = EntrySaver()
        saver.save()
        return profile(saver.save)
    if what == "import":
        admin = User.objects.get(username=BENCH_ADMIN)
        data, region_ids = prepared_import()
        import_once(data, region_ids, admin)
        clear_reports(region_ids, IMPORT_YEAR)
        return profile(lambda: importer()(file=io.BytesIO(data), user=admin))
    raise SystemExit(f"unknown profile target {what}")


STEPS = {"dataset": step_dataset, "pages": step_pages, "export": step_export, "entry-saves": step_entry_saves,
         "import": step_import, "memory": step_memory, "profile": step_profile}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON result")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", default=",".join(PAGE_CODES))
    parser.add_argument("--what", default="")
    args = parser.parse_args()
    result = STEPS[args.step](args)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
