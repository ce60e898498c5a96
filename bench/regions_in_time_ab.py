"""A/B of rule 7 (regions in time, issue 14) on the national benchmark data set: the region queries that now
also ask "does the region exist in the year" (``regions.models.valid_in_year``) against the same queries
without that condition, interleaved in one process so that a shared machine's load hits both alike.

    DATABASE_URL=sqlite:///bench/bench-….sqlite3 .venv/bin/python bench/regions_in_time_ab.py [--rounds 15]

Prints the median of each query (ms) for 全国 with and without the condition; the query counts are pinned by
``tests/reporting/test_regions_in_time.py``.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db.models import Q

    from regions.models import Region
    from reporting import completeness, dashboard

    root = Region.objects.get(parent__isnull=True)

    def without_rule(module, function):
        """``function`` as it ran before rule 7: ``valid_in_year`` replaced by an empty condition."""
        def run():
            saved = module.valid_in_year
            module.valid_in_year = lambda year: Q()
            try:
                return function()
            finally:
                module.valid_in_year = saved
        return run

    def expected_counts():
        return dashboard._expected_counts(root, args.year, len(root.path) + 7)

    def completeness_summary():
        return completeness.completeness_summary_for(root, args.year)

    cases = {"expected counts, without": without_rule(dashboard, expected_counts),
             "expected counts, with": expected_counts,
             "completeness summary, without": without_rule(completeness, completeness_summary),
             "completeness summary, with": completeness_summary}
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for function in cases.values():
        function()  # warm-up
    for _round in range(args.rounds):
        for name, function in cases.items():
            start = time.perf_counter()
            function()
            timings[name].append((time.perf_counter() - start) * 1000)
    for name, values in timings.items():
        print(f"{name:32} median {statistics.median(values):7.1f} ms  (min {min(values):.1f})")


if __name__ == "__main__":
    main()
