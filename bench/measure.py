"""Timing, query counting and profiling helpers shared by the benchmark steps.

Kept free of Django imports at module level except ``connection``, so they can wrap any callable:
a test-client request, a service call, a raw SQL statement.
"""
import cProfile
import math
import pstats
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def elapsed_ms(action: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock milliseconds of one call, and what it returned."""
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 200 saves is the 190th fastest): no interpolation to explain."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(samples: list[float]) -> dict:
    return {"runs": len(samples), "median_ms": statistics.median(samples), "min_ms": min(samples),
            "max_ms": max(samples), "p95_ms": percentile(samples, 0.95)}


def repeat(action: Callable[[], object], *, runs: int, warmups: int = 1) -> dict:
    """Median and spread of ``runs`` timed calls after ``warmups`` untimed ones (caches, imports, templates)."""
    for _ in range(warmups):
        action()
    return summary([elapsed_ms(action)[0] for _ in range(runs)])


def interleaved(actions: dict[str, Callable[[], object]], *, runs: int, warmups: int = 1) -> dict[str, dict]:
    """Like ``repeat`` for several actions timed in turn within each round (a, b, c, a, b, c, …), so that
    a page and its floor see the same moments of a shared machine's load and their ratio does not
    depend on which of them ran during a busy spell."""
    for _ in range(warmups):
        for action in actions.values():
            action()
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            samples[name].append(elapsed_ms(action)[0])
    return {name: summary(values) for name, values in samples.items()}


@dataclass
class QueryCounter:
    """Counts the SQL statements run inside the ``with`` block (an ``execute_wrapper``: works with DEBUG off)."""

    count: int = 0
    statements: list[str] = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def __enter__(self) -> "QueryCounter":
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)


def count_queries(action: Callable[[], object]) -> int:
    with QueryCounter() as counter:
        action()
    return counter.count


# Where self time is spent, by the file a function lives in (first match wins).
AREAS = [
    ("Django ORM", ("django/db/",)),
    ("templates and forms", ("django/template/", "django_tables2/", "django/forms/", "django/utils/html",
                             "django/utils/safestring")),
    ("openpyxl / XML", ("openpyxl/", "et_xmlfile", "xml/", "zipfile", "zlib")),
    ("translation", ("django/utils/translation", "gettext")),
    ("Decimal arithmetic", ("decimal",)),
]


def _area(filename: str, name: str) -> str:
    # Django's SQLite cursor subclasses sqlite3.Cursor, so cProfile books the C call to SQLite on its execute().
    if (filename == "~" and any(marker in name for marker in ("sqlite3.", "psycopg", "CursorWrapper.execute"))
            or "/psycopg/" in filename):
        return "SQL execution (driver)"
    if filename.startswith(str(ROOT)) and "/.venv/" not in filename:
        return "project code"
    where = f"{filename}:{name}"
    for area, markers in AREAS:
        if any(marker in where for marker in markers):
            return area
    return "other (Django core, stdlib)"


def _label(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return re.sub(r" at 0x[0-9a-f]+", "", name)
    short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
    return f"{short}:{line} {name}"


def profile(action: Callable[[], object], *, top: int = 12) -> dict:
    """cProfile one call and boil it down: self time per area, hottest functions, project functions by cumulative time."""
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    action()
    profiler.disable()
    total_ms = (time.perf_counter() - started) * 1000
    stats = pstats.Stats(profiler).stats  # (file, line, name) → (calls, primitive, tottime, cumtime, callers)

    by_area: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        by_area[_area(filename, name)] += tottime * 1000
    profiled_ms = sum(by_area.values()) or 1.0

    def rows(entries, key):
        return [{"function": _label(f, line, name), "calls": calls, "self_ms": tt * 1000, "cumulative_ms": ct * 1000}
                for (f, line, name), (calls, _nc, tt, ct, _callers) in sorted(entries, key=key, reverse=True)[:top]]

    # Middleware ``__call__``s wrap the whole request and say nothing about where the time goes.
    project = [(k, v) for k, v in stats.items()
               if _area(k[0], k[2]) == "project code" and "/bench/" not in k[0] and k[2] != "__call__"]
    return {
        "wall_ms_under_profiler": total_ms,
        "areas": sorted(({"area": area, "self_ms": ms, "share": ms / profiled_ms} for area, ms in by_area.items()),
                        key=lambda row: row["self_ms"], reverse=True),
        "hottest_self": rows(stats.items(), key=lambda kv: kv[1][2]),
        "project_cumulative": rows(project, key=lambda kv: kv[1][3]),
    }
