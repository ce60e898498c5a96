"""The plan period: the years the 十四五 plans cover and the year being reported now.

Defined once here; every page, form, export and check asks this module (templates receive the years
from views, never a literal range).
"""
import datetime

from django.http import Http404

PLAN_YEARS = range(2021, 2026)
# Key-action progress is reported from the plans' second year (they were issued during 2021–2022).
ACTION_YEARS = range(2022, 2026)


def default_reporting_year(today: datetime.date | None = None) -> int:
    """Values are reported after a year ends: the previous calendar year, within the plan period."""
    today = today or datetime.date.today()
    return min(max(today.year - 1, PLAN_YEARS.start), PLAN_YEARS.stop - 1)


def plan_year_or_404(year: int) -> int:
    """``year`` if it lies in the plan period, else 404 (a URL for 2030 names nothing)."""
    if year not in PLAN_YEARS:
        raise Http404("year outside the plan period")
    return year


def action_year_or_404(year: int) -> int:
    """``year`` if key-action progress is reported for it, else 404."""
    if year not in ACTION_YEARS:
        raise Http404("key-action progress is reported for 2022–2025")
    return year
