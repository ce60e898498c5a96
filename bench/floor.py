"""The SQL floor of a matrix page: the page's roll-up written by hand as one GROUP BY over the same rows.

A page's time is reported as a ratio to it (issue #8). ``tests/bench/test_floor.py`` checks that it
returns the same groups and sums as the page's own query.
"""
from django.db import connection

from indicators.resolution import effective_targets_for
from lifecycle.models import COUNTED_STATUSES
from plans.period import BASELINE_YEAR
from regions.models import Region
from reporting.baselines import baselines_for, indicators_needing_first_counted
from reporting.dashboard import indicators_judged_against_history
from reporting.models import IndicatorValue, Submission


def floor_sql(*, path_range: bool = False, history_indicators: int = 0, per_reporter_indicators: int | None = None) -> str:
    """The dashboard's roll-up as one hand-written GROUP BY: the same rows, the same sums and counts.

    The same rows as the page reads: every indicator for the page's year, and the earlier plan years only
    for the ``history_indicators`` indicators — those judged against an earlier value (稳步提升, 有所下降)
    and those whose interim path needs the region's first counted value (rule 2) — of which the
    ``per_reporter_indicators`` first (default: all) are grouped by reporting region rather than by unit.
    By default the subtree is ``path LIKE 'prefix%'``. ``path_range`` writes it as
    ``prefix <= path < prefix-with-its-last-"/"-raised``: the same rows, but a form SQLite can answer from
    the path index (its LIKE is case-insensitive, so it cannot) — see docs/benchmarks.md.
    """
    tables = {"value": IndicatorValue._meta.db_table, "submission": Submission._meta.db_table,
              "region": Region._meta.db_table}
    subtree = "r.path >= %s AND r.path < %s" if path_range else "r.path LIKE %s"
    history_ids = ", ".join(["%s"] * history_indicators)
    history = f"OR (s.year < %s AND s.year <> %s AND v.indicator_id IN ({history_ids}))" if history_indicators else ""
    # The indicators judged against an earlier year stay per reporting region (like-for-like comparisons).
    per_reporter = history_indicators if per_reporter_indicators is None else per_reporter_indicators
    per_reporter_ids = ", ".join(["%s"] * per_reporter)
    unit = f"CASE WHEN v.indicator_id IN ({per_reporter_ids}) THEN r.path ELSE substr(r.path, 1, %s) END" \
        if per_reporter else "substr(r.path, 1, %s)"
    statuses = ", ".join(["%s"] * len(COUNTED_STATUSES))  # the statuses whose values count, as on the pages
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
    """The indicators whose earlier years the page reads (worked out as the page does; not timed): the
    per-reporter ones (``per_reporter_indicator_ids``) first, then those needing a first counted value."""
    units = [region, *region.children.order_by("code")]
    targets = effective_targets_for(units, year)
    per_reporter = sorted(indicators_judged_against_history(targets))
    first_counted = indicators_needing_first_counted(targets, baselines_for(units, year), year)
    return per_reporter + sorted(first_counted - set(per_reporter))


def per_reporter_indicator_ids(region: Region, year: int) -> list[int]:
    """The indicators the page groups by reporting region (稳步提升, 有所下降: like-for-like)."""
    units = [region, *region.children.order_by("code")]
    return sorted(indicators_judged_against_history(effective_targets_for(units, year)))


def floor_params(region: Region, year: int, history: list[int], *, path_range: bool = False,
                 per_reporter: list[int] | None = None) -> list:
    child = region.children.order_by("code").first()
    prefix_length = len(region.path) + (len(child.code) if child else 6) + 1  # as reporting.dashboard does
    subtree = [region.path, region.path[:-1] + "0"] if path_range else [region.path + "%"]  # "0" follows "/"
    years = [year, year, BASELINE_YEAR, *history] if history else [year]
    return [*(history if per_reporter is None else per_reporter), prefix_length, *subtree, *years, *COUNTED_STATUSES]


def run_floor(region: Region, year: int, history: list[int], *, path_range: bool = False,
              per_reporter: list[int] | None = None) -> int:
    """Run the floor query and fetch every row; returns the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(path_range=path_range, history_indicators=len(history),
                                 per_reporter_indicators=None if per_reporter is None else len(per_reporter)),
                       floor_params(region, year, history, path_range=path_range, per_reporter=per_reporter))
        return len(cursor.fetchall())
