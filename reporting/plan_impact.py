"""The verdicts of submitted and approved indicator reports, as the dashboards judge them — what the plan
import compares before and after applying a plan (registered in ``plans.impact`` by ``ReportingConfig``).

Nothing is judged again here: a county's verdicts are its row of ``county_matrix`` (as on the county
sheet and the review page), a city's its row of its parent's ``compliance_matrix`` (as in the 待审核
queue), the region's own report the matrix's own row.
"""
from collections import defaultdict

from lifecycle.models import COUNTED_STATUSES
from plans.impact import JudgedReport
from regions.models import Region, RegionLevel, in_subtree

from .dashboard import MatrixRow, compliance_matrix, county_matrix
from .models import Submission


def _rows_for(region: Region, year: int, submissions: list[Submission]) -> dict[int, MatrixRow]:
    """Region id → its judged row, for every submission's region: one county matrix for the region and
    its counties, one matrix per parent of the cities among them (a province has one)."""
    rows: dict[int, MatrixRow] = {}
    if any(s.region_id == region.pk or s.region.level == RegionLevel.COUNTY for s in submissions):
        matrix = county_matrix(region, year)
        rows.update({row.region.pk: row for row in matrix.rows})
    parents = {s.region.parent for s in submissions if s.region_id not in rows and s.region.parent is not None}
    for parent in sorted(parents, key=lambda p: p.code):
        rows.update({row.region.pk: row for row in compliance_matrix(parent, year).children})
    return rows


def submission_verdicts(region: Region, years: list[int]) -> dict[str, JudgedReport]:
    """Every counted (submitted or approved) indicator report under ``region`` in ``years``, with each
    indicator's verdict label. One query for the reports, then a matrix per year that has any."""
    by_year: dict[int, list[Submission]] = defaultdict(list)
    for submission in (Submission.objects.filter(in_subtree("region__path", region.path), year__in=years,
                                                 status__in=COUNTED_STATUSES)
                       .select_related("region__parent").order_by("region__code", "year")):
        by_year[submission.year].append(submission)
    judged = {}
    for year, submissions in sorted(by_year.items()):
        rows = _rows_for(region, year, submissions)
        for submission in submissions:
            row = rows.get(submission.region_id)
            verdicts = {cell.indicator.code: str(cell.verdict.label) for cell in row.cells} if row else {}
            key = f"submission:{submission.pk}"
            judged[key] = JudgedReport(key, str(Submission.kind_label), submission.region, year,
                                       submission.get_status_display(), submission.version, verdicts)
    return judged
