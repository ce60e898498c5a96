"""How long the plan import's confirmation page takes to measure the impact of a plan (issue 14, rule 6),
on the synthetic national data set (``make_benchmark_data``: every county reported 2021–2025).

Two documents, each measured by ``plan_documents.impact.plan_import_impact`` (applied in a savepoint,
measured before and after, rolled back — what the page does):

- **广东省**: its plan re-imported with the OH02 target raised — 143 regions × 5 years, and every
  counted 广东省 report (122 counties and 21 cities a year) re-judged;
- **全国**: a new national plan printing a target for OH11, which no province plan prints — every
  county-level region of the country (3,348 regions × 5 years) gains a target, no report changes verdict.

    DATABASE_URL=sqlite:///bench/bench-….sqlite3 DJANGO_SETTINGS_MODULE=bench.settings \\
        .venv/bin/python bench/plan_impact.py [--rounds 3] [--only 广东省]

Prints the median and minimum time, the query count and what the impact lists; nothing is written.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def documents():
    from plan_documents.documents import plan_to_document
    from plans.models import Plan

    guangdong = plan_to_document(Plan.objects.get(region__code="440000"))
    for row in guangdong["indicators"]:
        if row["code"] == "OH02":
            row["target_2025"] = "≥99%"
    national = {"region_code": "000000", "title": "全国职业病防治规划（基准测试）", "period_start": 2021,
                "period_end": 2025, "indicators": [{"seq": 1, "code": "OH11", "printed_name": "基准测试指标",
                                                    "target_2025": "≥90%"}], "key_actions": []}
    return {"广东省": guangdong, "全国": national}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["广东省", "全国"], help="measure one document only")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plan_documents.documents import normalize_document
    from plan_documents.impact import plan_import_impact

    for name, raw in documents().items():
        if args.only and name != args.only:
            continue
        document = normalize_document(raw)
        with CaptureQueriesContext(connection) as queries:
            impact = plan_import_impact(document)  # also the warm-up
        times = []
        for _round in range(args.rounds):
            started = time.perf_counter()
            plan_import_impact(document)
            times.append(time.perf_counter() - started)
        print(f"{name}: median {statistics.median(times):.2f} s, min {min(times):.2f} s ({args.rounds} rounds), "
              f"{len(queries.captured_queries)} queries; {impact.summary_text}（{len(impact.lines)} 行变化）")
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
