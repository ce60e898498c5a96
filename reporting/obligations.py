"""What a region's yearly report owes, for the entry page, its workbook, the upload and the review page:
``indicators.resolution.obligations`` (the one rule) fed with what a submitted report answered.

A report that left the officer's hands (submitted, 市级已审核, approved) answered every indicator owed when
it was submitted — ``reporting.services.submission_save`` refuses a submission with an empty row — so the
indicators it holds an answer for (a value, or 无法填报) are what it owed. A document loaded since (OH17 in
a provincial 工作方案) never adds a 未填报 row or cell to it. Reports that never went through the submit
step (``submitted_at`` empty: rows written directly by data loads) keep today's obligations: what they
owed then is not known.
"""
from collections.abc import Iterable

from lifecycle.models import COUNTED_STATUSES

from .models import IndicatorValue, Submission


def is_closed(submission: Submission | None) -> bool:
    """The report went through the submit step and is not open for rework (a returned report is)."""
    return submission is not None and submission.status in COUNTED_STATUSES and submission.submitted_at is not None


def answered_codes(submission: Submission | None, values: Iterable[IndicatorValue]) -> set[str] | None:
    """The codes a closed report answered (``values``: its values); None for an open report or none."""
    if not is_closed(submission):
        return None
    return {value.indicator.code for value in values if value.value is not None or value.not_applicable}

