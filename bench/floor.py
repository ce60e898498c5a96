"""The SQL floor of a matrix page: the page's roll-up written by hand as one GROUP BY over the same rows.

A page's time is reported as a ratio to it (issue #8). ``tests/bench/test_floor.py`` checks that it
returns the same groups and sums as the page's own query.
"""
from django.db import connection

from indicators.resolution import effective_targets_for
from lifecycle.models import COUNTED_STATUSES
from plans.period import BASELINE_YEAR
from regions.models import Region
from reporting.baselines import baselines_for
from reporting.dashboard import cells_looking_back
from reporting.models import IndicatorValue, Submission


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def floor_sql(*, path_range: bool = False, compared: int = 0, latest_only: int = 0, first_only: int = 0,
              every_earlier: int = 0) -> str:
    """The dashboard's roll-up as one hand-written GROUP BY: the same rows, the same sums and counts.

    The same rows as the page reads (``reporting.dashboard._grouped_sums``): every indicator for the page's
    year; for the ``compared`` indicators (judged against an earlier value: 稳步提升, 有所下降), grouped by
    reporting region rather than by unit, each reporting region's latest earlier counted year (the
    ``latest_only`` of them); for the indicators whose interim path needs the region's first counted value
    (rule 2), each reporting region's first counted year (the ``first_only`` of them); for those in both
    (``every_earlier``), every earlier plan year. Never the 2020 基线值, never a year after the page's (the
    page states that bound too, so that both skip later reports through the (region, year) index).
    By default the subtree is ``path LIKE 'prefix%'``. ``path_range`` writes it as
    ``prefix <= path < prefix-with-its-last-"/"-raised``: the same rows, but a form SQLite can answer from
    the path index (its LIKE is case-insensitive, so it cannot) — see docs/benchmarks.md.
    """
    statuses = _placeholders(len(COUNTED_STATUSES))  # the statuses whose values count, as on the pages
    tables = {"value": IndicatorValue._meta.db_table, "submission": Submission._meta.db_table,
              "region": Region._meta.db_table}
    subtree = "r.path >= %s AND r.path < %s" if path_range else "r.path LIKE %s"
    # The page's correlated lookup, keyed on r.id so that it runs after the subtree filter, as the page's does
    # (on s.region_id SQLite ran it for every county of the country before the LIKE: 280 ms for a city).
    latest_counted_year = f"""(SELECT s2.year FROM {tables['value']} v2
                     JOIN {tables['submission']} s2 ON s2.id = v2.submission_id
                     WHERE v2.indicator_id = v.indicator_id AND s2.region_id = r.id AND s2.year < %s
                       AND s2.status IN ({statuses}) AND v2.value IS NOT NULL AND s2.year <> %s
                     ORDER BY s2.year DESC LIMIT 1)"""

    latest = (f"OR (s.year < %s AND v.indicator_id IN ({_placeholders(latest_only)})"
              f" AND s.year = {latest_counted_year})" if latest_only else "")
    # The first counted year as the page reads it: a counted earlier row with none of its region and
    # indicator before it (an anti-join on the submission's region).
    first = (f"""OR (s.year < %s AND s.year <> %s AND v.value IS NOT NULL
                 AND v.indicator_id IN ({_placeholders(first_only)})
                 AND NOT EXISTS (SELECT 1 FROM {tables['value']} v2
                                 JOIN {tables['submission']} s2 ON s2.id = v2.submission_id
                                 WHERE v2.indicator_id = v.indicator_id AND s2.region_id = s.region_id
                                   AND s2.year < s.year AND s2.status IN ({statuses}) AND v2.value IS NOT NULL
                                   AND s2.year <> %s))"""
             if first_only else "")
    earlier = (f"OR (s.year < %s AND s.year <> %s AND v.indicator_id IN ({_placeholders(every_earlier)}))"
               if every_earlier else "")
    unit = (f"CASE WHEN v.indicator_id IN ({_placeholders(compared)}) THEN r.path ELSE substr(r.path, 1, %s) END"
            if compared else "substr(r.path, 1, %s)")
    return f"""
        SELECT {unit} AS unit_path, v.indicator_id, s.year,
               SUM(v.numerator), SUM(v.denominator), SUM(v.value), COUNT(v.value),
               SUM(CASE WHEN v.value > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN v.value IS NOT NULL OR v.not_applicable THEN 1 ELSE 0 END)
        FROM {tables['value']} v
        JOIN {tables['submission']} s ON s.id = v.submission_id
        JOIN {tables['region']} r ON r.id = s.region_id
        WHERE {subtree} AND s.year <= %s AND (s.year = %s {latest} {first} {earlier}) AND s.status IN ({statuses})
        GROUP BY 1, 2, 3"""


def history_indicator_ids(region: Region, year: int) -> tuple[list[int], list[int]]:
    """The indicators whose earlier years the page reads, worked out as the page does (not timed): those
    compared like-for-like, and those needing a first counted value."""
    units = [region, *region.children.order_by("code")]
    targets = effective_targets_for(units, year)
    looking_back = cells_looking_back(units, targets, baselines_for(units, year), year)
    return sorted(looking_back.compared_indicators), sorted(looking_back.first_counted_indicators)


def floor_params(region: Region, year: int, compared: list[int], first_counted: list[int], *,
                 path_range: bool = False) -> tuple[str, list]:
    """The floor's SQL and its parameters."""
    latest_only = [pk for pk in compared if pk not in first_counted]
    first_only = [pk for pk in first_counted if pk not in compared]
    every_earlier = [pk for pk in compared if pk in first_counted]
    child = region.children.order_by("code").first()
    prefix_length = len(region.path) + (len(child.code) if child else 6) + 1  # as reporting.dashboard does
    subtree = [region.path, region.path[:-1] + "0"] if path_range else [region.path + "%"]  # "0" follows "/"
    latest = [year, *latest_only, year, *COUNTED_STATUSES, BASELINE_YEAR] if latest_only else []
    first = [year, BASELINE_YEAR, *first_only, *COUNTED_STATUSES, BASELINE_YEAR] if first_only else []
    earlier = [year, BASELINE_YEAR, *every_earlier] if every_earlier else []
    sql = floor_sql(path_range=path_range, compared=len(compared), latest_only=len(latest_only),
                    first_only=len(first_only), every_earlier=len(every_earlier))
    return sql, [*compared, prefix_length, *subtree, year, year, *latest, *first, *earlier, *COUNTED_STATUSES]


def run_floor(region: Region, year: int, compared: list[int], first_counted: list[int], *,
              path_range: bool = False) -> int:
    """Run the floor query and fetch every row; returns the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(*floor_params(region, year, compared, first_counted, path_range=path_range))
        return len(cursor.fetchall())
