"""The dated Markdown section a run appends to docs/benchmarks.md: machine, data set, tables, profiles."""
import datetime
import os
import platform
from importlib.metadata import version
from pathlib import Path

from bench.constants import PAGE_LABELS
from bench.targets import Check, growth_exponents

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
LEVEL_NAMES = {"0": "全国", "1": "省", "2": "地级", "3": "县级", "4": "乡级"}


def _proc_field(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def load_average() -> str:
    """1/5/15-minute load: other work on the machine shows up in the timings, so every run records it."""
    return " / ".join(f"{load:.2f}" for load in os.getloadavg())


def machine_info() -> dict:
    memory_kb = _proc_field("/proc/meminfo", "MemTotal").split()
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU",
        "cores": os.cpu_count(),
        "ram_gib": int(memory_kb[0]) / 2**20 if memory_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": version("Django"),
        "openpyxl": version("openpyxl"),
        "load": load_average(),
    }


def _table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _mark(met: bool | None) -> str:
    return {True: "✅ met", False: "❌ **missed**", None: "— not measured"}[met]


def _header(results: dict, machine: dict) -> str:
    dataset = results["dataset"]
    database = "SQLite" if dataset["vendor"] == "sqlite" else "PostgreSQL"
    levels = ", ".join(f"{count:,} {LEVEL_NAMES.get(level, level)}" for level, count in
                       sorted(dataset["regions_by_level"].items()))
    statuses = ", ".join(f"{count:,} {status}" for status, count in sorted(dataset["submissions_by_status"].items()))
    main = results["databases"]["main"]
    built = (f"loaded in {main['build_seconds']:.1f} s (`make_benchmark_data`, wall time incl. start-up)"
             if main["build_seconds"] is not None else f"reused an existing benchmark database ({main['build_line']})")
    return "\n".join([
        f"## {results['started']} · {database} {dataset['version']}",
        "",
        f"- **Machine**: {machine['cpu']}, {machine['cores']} cores, {machine['ram_gib']:.1f} GiB RAM; {machine['os']}; "
        f"load average (1/5/15 min) {results['load_at_start']} at the start, {machine['load']} at the end",
        f"- **Software**: Python {machine['python']}, Django {machine['django']}, {database} {dataset['version']}, "
        f"openpyxl {machine['openpyxl']}",
        f"- **Data set**: {levels} regions; {dataset['plans']} synthetic plans; {dataset['submissions']:,} submissions "
        f"({statuses}); {dataset['values']:,} values; {built}.",
        *_load_warning(results, machine),
        f"- **Method**: year {results['pages']['year']}; server-side time through Django's test client (admin "
        f"force-logged-in, DEBUG off); median of {results['pages']['pages'][0]['runs']} runs after a warm-up; "
        f"queries counted on one extra request{' (on SQLite they include the explicit BEGIN of each transaction)' if dataset['vendor'] == 'sqlite' else ''}.",
    ])


def _load_warning(results: dict, machine: dict) -> list[str]:
    """A bullet when other work was running: the numbers then say more about the neighbours than the portal."""
    # Only the load at the start: by the end the benchmark's own processes are part of it.
    load = float(results["load_at_start"].split(" / ")[0])
    if load <= 0.75 * (machine["cores"] or 1):
        return []
    return [f"- **⚠ Busy machine**: a 1-minute load of {load:.1f} on {machine['cores']} cores at the start means "
            f"other processes competed for the CPU; compare the min–max columns, and rerun on a quiet machine."]


def _targets(checks: list[Check]) -> str:
    return "### Targets\n\n" + _table(["target", "measured", "result"],
                                       [[check.target, check.measured, _mark(check.met)] for check in checks])


def _pages(results: dict) -> str:
    rows = []
    for page in results["pages"]["pages"]:
        floor = page["floor"]
        rows.append([f"{PAGE_LABELS.get(page['code'], page['name'])} `{page['url']}`", page["children"],
                     f"{page['counties_below']:,}", _ms(page["median_ms"]),
                     f"{_ms(page['min_ms'])}–{_ms(page['max_ms'])}", page["queries"], _ms(floor["median_ms"]),
                     f"{floor['rows']:,}", f"{page['median_ms'] / floor['median_ms']:.1f}×",
                     *((_ms(strict["median_ms"]), f"{page['median_ms'] / strict['median_ms']:.1f}×")
                       if (strict := page.get("floor_path_range")) else ("—", "—"))])
    return ("### 1–2. Compliance matrix pages and their SQL floor\n\n" + _table(
        ["page", "children", "counties below", "median ms", "min–max ms", "queries", "floor ms", "floor rows",
         "page ÷ floor", "floor as path range ms", "page ÷ path-range floor"], rows)
        + "\n\nThe floor reads the same rows as the page (the page's year, and the earlier years of the 稳步提升 "
          "indicators) and filters the subtree with `LIKE 'prefix%'`, the plain hand-written form; \"floor as path "
          "range\" is the same query with `prefix <= path < prefix′`, which SQLite can answer from the path index "
          "and which the page itself uses on SQLite (reported, not judged: see the status section).")


def _entry(results: dict) -> str:
    save = results["entry"]
    return (f"### 3. Entry form save ({save['region']} {save['year']}, {save['runs']} saves as its officer)\n\n"
            + _table(["p50 ms", "p95 ms", "min ms", "max ms", "queries per save"],
                     [[_ms(save["p50_ms"]), _ms(save["p95_ms"]), _ms(save["min_ms"]), _ms(save["max_ms"]),
                       save["queries"]]]))


def _exports(results: dict) -> str:
    export, memory, imported = results["export"], results["memory"], results["import"]
    idle = memory["idle"]["peak_rss_mb"]
    national, counties = export["national"], export["counties"]
    rows = [
        ["national matrix.xlsx `" + national["url"] + "` (31 province rows)", _ms(national["median_ms"]),
         national["runs"], national["queries"], f"{national['bytes'] / 1024:,.0f} KiB",
         f"{memory['export-national']['peak_rss_mb']:.0f}"],
        [f"national counties.xlsx `{counties['url']}` ({counties['rows']:,} counties × {counties['indicators']} "
         f"indicators)", _ms(counties["median_ms"]), counties["runs"], counties["queries"],
         f"{counties['bytes'] / 1024:,.0f} KiB", f"{memory['export-counties']['peak_rss_mb']:.0f}"],
    ]
    if "missing" in imported:
        rows.append(["5,000-row CSV import", imported["missing"], "", "", "", ""])
    else:
        rows.append([f"CSV import, {imported['rows']:,} rows / {imported['regions']} counties (values_import_csv)",
                     _ms(imported["median_ms"]), imported["runs"], f"{imported['queries']:,}",
                     f"{imported['bytes'] / 1024:,.0f} KiB", f"{memory['import']['peak_rss_mb']:.0f}"])
    notes = [
        f"Peak RSS is `/usr/bin/time -v` on a fresh process doing just that one operation; a process that only "
        f"starts Django and serves one small page peaks at {idle:.0f} MB.",
        "Both exports are timed through the test client as a signed-in admin downloads them: the matrix is "
        "built, judged and written to the workbook within the request.",
    ]
    if "missing" not in imported:
        notes.append(f"Import: {imported['summary']} Each run first deletes those reports (untimed), so every "
                     f"run creates them afresh with history records.")
    return ("### 4. Export and import\n\n"
            + _table(["operation", "median ms", "runs", "queries", "size", "peak RSS MB"], rows)
            + "\n\n" + "\n".join(f"- {note}" for note in notes))


def _growth(results: dict) -> str:
    points = [(row["counties"], row["median_ms"]) for row in results["growth"]]
    exponents = [""] + [f"{k:.2f}" for k in growth_exponents(points)]
    rows = [[f"{row['counties']:,}", f"{row['regions']:,}", row["children"], _ms(row["median_ms"]), row["queries"],
             _ms(row["floor_ms"]), f"{row['median_ms'] / row['floor_ms']:.1f}×",
             f"{row['median_ms'] / row['counties'] * 1000:,.0f}", exponent]
            for row, exponent in zip(results["growth"], exponents)]
    return ("### 5. Growth: the 全国 page by the number of counties below it\n\n"
            "Separate databases holding N county-level regions spread evenly over the country (with their towns, "
            "cities and provinces, one plan per province, the same synthetic values); the last row is the full data "
            "set. No real province has more than 183 counties, so the growth series is measured on the page that "
            "rolls up every county: 全国.\n\n"
            + _table(["counties", "regions", "children", "median ms", "queries", "floor ms", "page ÷ floor",
                      "ms per 1,000 counties", "exponent vs previous"], rows))


def _profile(what: str, summary: dict) -> str:
    areas = " · ".join(f"{area['area']} {area['share']:.0%}" for area in summary["areas"] if area["share"] >= 0.01)
    hottest = _table(["own ms", "cumulative ms", "calls", "function"],
                     [[_ms(row["self_ms"]), _ms(row["cumulative_ms"]), f"{row['calls']:,}", f"`{row['function']}`"]
                      for row in summary["hottest_self"][:8]])
    project = _table(["cumulative ms", "own ms", "calls", "project function"],
                     [[_ms(row["cumulative_ms"]), _ms(row["self_ms"]), f"{row['calls']:,}", f"`{row['function']}`"]
                      for row in summary["project_cumulative"][:8]])
    return "\n\n".join([f"#### Profile: {what} ({summary['wall_ms_under_profiler']:,.0f} ms under cProfile)",
                        f"Own time by area: {areas}", hottest, project])


def render(results: dict, checks: list[Check], machine: dict) -> str:
    parts = [_header(results, machine), _targets(checks), _pages(results), _entry(results), _exports(results),
             _growth(results)]
    if results.get("profiles"):
        parts.append("### Profiles of the missed targets\n\nOne run each after a warm-up, under cProfile "
                     "(which slows Python code more than SQL, so read the shares, not the totals).")
        parts += [_profile(what, summary) for what, summary in results["profiles"].items()]
    return "\n\n".join(parts) + "\n"


def append(section: str, doc: Path = DOC) -> None:
    with doc.open("a", encoding="utf-8") as handle:
        handle.write("\n" + section)


def started_label() -> str:
    return datetime.datetime.now(datetime.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M %Z")
