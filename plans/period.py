"""The plan period: the years the 十四五 plans cover and the year being reported now.

Defined once here; every page, form, export and check asks this module (templates receive the years
from views, never a literal range).
"""
import datetime

from django.http import Http404

PLAN_YEARS = range(2021, 2026)
# Key-action progress is reported from the plans' second year (they were issued during 2021–2022).
ACTION_YEARS = range(2022, 2026)
# 十三五期末: the year whose values are the baselines of the 十四五 plans. A region may enter its own 2020
# 基线值 (a yearly indicator report for this year, reviewed like the others) when its plan prints none.
# It is never a plan year: no completeness, reminders, reporting window, dashboard year or export for it.
BASELINE_YEAR = 2020


def default_reporting_year(today: datetime.date | None = None) -> int:
    """Values are reported after a year ends: the previous calendar year, within the plan period."""
    today = today or datetime.date.today()
    return min(max(today.year - 1, PLAN_YEARS.start), PLAN_YEARS.stop - 1)


def plan_year_or_404(year: int) -> int:
    """``year`` if it lies in the plan period, else 404 (a URL for 2030 names nothing)."""
    if year not in PLAN_YEARS:
        raise Http404("year outside the plan period")
    return year


def is_baseline_year(year: int) -> bool:
    return year == BASELINE_YEAR


def report_year_or_404(year: int) -> int:
    """``year`` if a yearly indicator report may be for it — a plan year or the baseline year — else 404."""
    if year != BASELINE_YEAR and year not in PLAN_YEARS:
        raise Http404("no indicator report is entered for this year")
    return year


def action_year_or_404(year: int) -> int:
    """``year`` if key-action progress is reported for it, else 404."""
    if year not in ACTION_YEARS:
        raise Http404("key-action progress is reported for 2022–2025")
    return year
