"""What a region's yearly report owes, for the entry page, its workbook, the upload, the review page and
the dashboards' cells: ``indicators.resolution.obligations`` (the one rule) fed with what a submitted
report answered.

Submitting records the rows the report was asked for (``Submission.owed_codes``, set by
``reporting.services.submission_save``, which refuses an empty row): a report that left the officer's
hands (submitted, 市级已审核, approved) owes those and no more — a document loaded since (OH17 in a
provincial 工作方案) never adds a 未填报 row or cell to it. A report without that record (never submitted
through the page: written by a data load) keeps today's obligations: what it owed then is not known.
"""
import functools
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.resolution import ResolvedTarget, obligations
from lifecycle.models import COUNTED_STATUSES
from regions.models import Region

from .compliance import Status, Verdict
from .models import IndicatorValue, Submission


def is_closed(submission: Submission | None) -> bool:
    """The report was submitted (with its rows recorded) and is not open for rework (a returned one is)."""
    return submission is not None and submission.status in COUNTED_STATUSES and submission.owed_codes is not None


def answered_codes(submission: Submission | None, values: Iterable[IndicatorValue]) -> set[str] | None:
    """What a closed report answers: the rows recorded when it was submitted, and any indicator it holds
    an answer for (``values``: its values; an administrator's import may add one); None for an open report."""
    if not is_closed(submission):
        return None
    return set(submission.owed_codes) | {value.indicator.code for value in values
                                         if value.value is not None or value.not_applicable}


NotOwedIn = Callable[[Region], dict[str, Verdict]]


def matrix_obligations(units: list[Region], year: int, targets: dict[int, dict[str, ResolvedTarget]],
                       reported: set[tuple[str, int]], indicators: list[Indicator],
                       ) -> tuple[dict[int, Submission], NotOwedIn]:
    """For a dashboard matrix: each unit's report for ``year`` (1 query) and ``not_owed_in(unit)`` — indicator
    code → the verdict of each cell the unit does not owe (``indicators.resolution.obligations``); a cell
    it owes, or that rolls up the regions below it, is not in it.

    Not owed: an indicator entered above the unit (a county is not judged on its city's OH08), and one its
    submitted report was not asked for (a document loaded since brought it: no 未填报 cell in that report).
    Besides the recorded rows, what a report answers is read from the page's own grouped sums
    (``reported``: (group path, indicator id) with a value or 无法填报 in ``year``, ``rollup.SumsIndex`` — an
    entry-level unit's own answers are under its path) — no query more.
    """
    # What the cells and the rows' status column read, no more: a national sheet has 2,975 of them.
    submissions = {s.region_id: s for s in Submission.objects.filter(region_id__in=[unit.pk for unit in units], year=year)
                   .only("id", "region_id", "year", "status", "owed_codes")}
    owed = {}
    for unit in units:
        if is_closed(submissions.get(unit.pk)):
            answered = set(submissions[unit.pk].owed_codes) | {
                code for code, resolved in targets[unit.pk].items() if (unit.path, resolved.indicator.pk) in reported}
            owed[unit.pk] = set(obligations(targets[unit.pk], level=unit.level, answered=answered))

    @functools.cache
    def entered_above(level: int) -> dict[str, Verdict]:
        # The same for every unit of a level: worked out once per level, not per cell.
        return {indicator.code: Verdict(Status.NO_TARGET, _("本指标由%(level)s填报，不适用于本级") % {
            "level": indicator.get_entry_level_display()}) for indicator in indicators if level > indicator.entry_level}

    not_asked = Verdict(Status.NO_TARGET, _("本年度报告提交时无须填报本指标（提交后加载的规划不追溯已提交的报告）"))

    def not_owed_in(unit: Region) -> dict[str, Verdict]:
        above = entered_above(unit.level)
        if unit.pk not in owed:
            return above
        since = {indicator.code: not_asked for indicator in indicators
                 if unit.level == indicator.entry_level and indicator.code not in owed[unit.pk]
                 and indicator.code in targets[unit.pk]}
        return {**above, **since} if since else above

    return submissions, not_owed_in
