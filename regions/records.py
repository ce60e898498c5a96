"""Which years a region has reports in, asked of the apps that hold them.

The tree knows nothing of reports, yet setting a region's 设立 / 撤销 years must refuse to leave a report
outside the years the region exists (its values would silently drop out of every count). Apps above the
tree register a function in their ``AppConfig.ready`` that returns the years their reports for a region
cover (``register_report_years``); ``report_years`` asks them all.
"""
from collections.abc import Callable

from .models import Region

ReportYears = Callable[[Region], set[int]]

_sources: dict[str, ReportYears] = {}


def register_report_years(*, name: str, years: ReportYears) -> None:
    """Add a source of report years (idempotent per name: ``ready`` may run more than once in tests)."""
    _sources[name] = years


def report_years(region: Region) -> set[int]:
    """Every year some registered app holds a report (of any state) for ``region``."""
    years: set[int] = set()
    for source in _sources.values():
        years |= source(region)
    return years
