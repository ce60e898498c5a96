"""A/B of the 区县明细 workbook (docs/benchmarks.md, finding 11): the ``matrix_workbook`` of a given commit
against the current one, interleaved in one process over the same national matrix, so that a shared
machine's load hits both alike.

    DATABASE_URL=sqlite:///bench/bench-….sqlite3 .venv/bin/python bench/counties_workbook_ab.py [--before 97b75ef]
"""
import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def old_module(commit: str):
    """``reporting/exports.py`` as it was at ``commit``, importable beside the current code."""
    source = subprocess.run(["git", "show", f"{commit}:reporting/exports.py"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    source = source.replace("from .compliance", "from reporting.compliance").replace("from .dashboard",
                                                                                     "from reporting.dashboard")
    path = Path(tempfile.mkdtemp()) / "exports_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("exports_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="97b75ef")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django
    django.setup()
    from plumbing.xlsx import workbook_bytes
    from regions.models import Region
    from reporting.dashboard import county_matrix
    from reporting.exports import matrix_workbook

    before = old_module(args.before).matrix_workbook
    matrix = county_matrix(Region.objects.get(code="000000"), 2024)
    times = {"before": [], "after": []}
    for _round in range(args.rounds):
        for label, build in (("before", before), ("after", matrix_workbook)):
            started = time.perf_counter()
            workbook_bytes(build(matrix, parent_column=True))
            times[label].append(time.perf_counter() - started)
    for label, values in times.items():
        print(f"{label}: median {statistics.median(values):.2f} s, min {min(values):.2f} s ({args.rounds} rounds)")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
