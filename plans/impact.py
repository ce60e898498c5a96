"""What a plan change does to reports that apps above ``plans`` judge — an extension point.

Importing a plan can re-judge reports already submitted or approved (rule 6 of issue 14: the admin sees
which before confirming). The verdict of an indicator report is ``reporting``'s rule, and the import
lives in ``plan_documents``, which sits beside ``reporting`` and may not import it. So, as with
``regions.pages``, the app that judges registers a reader here in its ``AppConfig.ready``, and the import
asks every registered reader, once before and once after applying the plan:

- ``register_report_reader(name=…, reader=f)``, ``f(region, years) -> {report key: JudgedReport}``:
  every submitted or approved report in ``region``'s subtree for those years, with its verdict per
  indicator, in a number of queries that does not grow with the number of regions.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from regions.models import Region


@dataclass(frozen=True)
class JudgedReport:
    key: str  # "submission:12": the same report before and after the change
    kind: str  # "年度指标填报"
    region: Region
    year: int
    status_label: str  # "已审核"
    version: int  # the report's version: a report edited or reviewed since the preview reads differently
    verdicts: dict[str, str]  # what is judged ("OH02") → the verdict as the pages name it ("达标")


ReportReader = Callable[[Region, list[int]], dict[str, JudgedReport]]
_readers: dict[str, ReportReader] = {}


def register_report_reader(*, name: str, reader: ReportReader) -> None:
    _readers[name] = reader


def judged_reports(region: Region, years: Iterable[int]) -> dict[str, JudgedReport]:
    """Every registered reader's reports under ``region`` in ``years``, by report key."""
    reports: dict[str, JudgedReport] = {}
    for name in sorted(_readers):
        reports.update(_readers[name](region, list(years)))
    return reports
