"""The SQL floor of a matrix page: the page's roll-up written by hand as one GROUP BY over the same rows.

A page's time is reported as a ratio to it (issue #8). ``tests/bench/test_floor.py`` checks that it
returns the same groups and sums as the page's own query.
"""
from django.db import connection

from indicators.resolution import effective_targets_for
from lifecycle.models import COUNTED_STATUSES
from regions.models import Region
from reporting.dashboard import indicators_judged_against_history
from reporting.models import IndicatorValue, Submission


def floor_sql(*, path_range: bool = False, history_indicators: int = 0) -> str:
    """The dashboard's roll-up as one hand-written GROUP BY: the same rows, the same sums and counts.

    The same rows as the page reads: every indicator for the page's year, and for the ``history_indicators``
    (judged against an earlier value: 稳步提升, 有所下降) each reporting region's latest earlier year in which
    it counted, grouped by reporting region rather than by unit.
    By default the subtree is ``path LIKE 'prefix%'``. ``path_range`` writes it as
    ``prefix <= path < prefix-with-its-last-"/"-raised``: the same rows, but a form SQLite can answer from
    the path index (its LIKE is case-insensitive, so it cannot) — see docs/benchmarks.md.
    """
    statuses = ", ".join(["%s"] * len(COUNTED_STATUSES))  # the statuses whose values count, as on the pages
    tables = {"value": IndicatorValue._meta.db_table, "submission": Submission._meta.db_table,
              "region": Region._meta.db_table}
    subtree = "r.path >= %s AND r.path < %s" if path_range else "r.path LIKE %s"
    history_ids = ", ".join(["%s"] * history_indicators)
    # Of a reporting region's earlier years the page reads only the latest it counted in (the year its
    # like-for-like comparison can use; reporting.dashboard._sums_by_unit): the same correlated lookup here,
    # keyed on r.id so that it runs after the subtree filter, as the page's does (on s.region_id SQLite ran it
    # for every county of the country before the LIKE: 280 ms for a city).
    latest_counted = f"""(SELECT s2.year FROM {tables['value']} v2 JOIN {tables['submission']} s2 ON s2.id = v2.submission_id
                          WHERE v2.indicator_id = v.indicator_id AND s2.region_id = r.id AND s2.year < %s
                            AND s2.status IN ({statuses}) AND v2.value IS NOT NULL
                          ORDER BY s2.year DESC LIMIT 1)"""
    history = f"OR (s.year < %s AND v.indicator_id IN ({history_ids}) AND s.year = {latest_counted})" \
        if history_indicators else ""
    # The indicators judged against an earlier year stay per reporting region (like-for-like comparisons).
    unit = f"CASE WHEN v.indicator_id IN ({history_ids}) THEN r.path ELSE substr(r.path, 1, %s) END" \
        if history_indicators else "substr(r.path, 1, %s)"
    return f"""
        SELECT {unit} AS unit_path, v.indicator_id, s.year,
               SUM(v.numerator), SUM(v.denominator), SUM(v.value), COUNT(v.value),
               SUM(CASE WHEN v.value > 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN v.value IS NOT NULL OR v.not_applicable THEN 1 ELSE 0 END)
        FROM {tables['value']} v
        JOIN {tables['submission']} s ON s.id = v.submission_id
        JOIN {tables['region']} r ON r.id = s.region_id
        WHERE {subtree} AND (s.year = %s {history}) AND s.status IN ({statuses})
        GROUP BY 1, 2, 3"""


def history_indicator_ids(region: Region, year: int) -> list[int]:
    """The indicators whose earlier years the page reads (worked out as the page does; not timed)."""
    units = [region, *region.children.order_by("code")]
    return sorted(indicators_judged_against_history(effective_targets_for(units, year)))


def floor_params(region: Region, year: int, history: list[int], *, path_range: bool = False) -> list:
    child = region.children.order_by("code").first()
    prefix_length = len(region.path) + (len(child.code) if child else 6) + 1  # as reporting.dashboard does
    subtree = [region.path, region.path[:-1] + "0"] if path_range else [region.path + "%"]  # "0" follows "/"
    years = [year, year, *history, year, *COUNTED_STATUSES] if history else [year]
    return [*history, prefix_length, *subtree, *years, *COUNTED_STATUSES]


def run_floor(region: Region, year: int, history: list[int], *, path_range: bool = False) -> int:
    """Run the floor query and fetch every row; returns the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(path_range=path_range, history_indicators=len(history)),
                       floor_params(region, year, history, path_range=path_range))
        return len(cursor.fetchall())
