"""What the benchmark measures, shared by the orchestrator (no Django) and the steps (Django)."""

NATION_CODE = "000000"  # as regions.division_data.NATION_CODE; copied so run.py needs no Django
BENCH_YEAR = 2024  # the year reviewed in 2025: an interim year, judged on the baseline-to-target path
PAGE_LABELS = {"441700": "阳江市 (city)", "440000": "广东省 (province)", NATION_CODE: "全国 (root)"}
PAGE_CODES = list(PAGE_LABELS)
GROWTH_COUNTIES = (10, 100, 1000)  # plus the full data set
IMPORT_ROWS, IMPORT_YEAR = 5000, 2021
ENTRY_SAVES = 200
