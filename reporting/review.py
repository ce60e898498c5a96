"""What a reviewer reads before approving a region's yearly report: every row with its value, last
year's, the change, the target and the verdict (``reporting.compliance`` through the dashboard's
``own_row`` — never judged again here), the officer's notes in full, and, on a resubmission, what
changed since the version he returned (from django-simple-history's records).
"""
from dataclasses import dataclass
from datetime import datetime

from indicators.display import change_text, field_text, value_text
from lifecycle.models import SubmissionStatus
from plans.period import is_baseline_year

from .dashboard import Cell, own_row
from .models import IndicatorValue, Submission
from .selectors import EntryRow
from .services import FIELD_LABELS

COMPARED_FIELDS = ("numerator", "denominator", "value", "not_applicable", "not_applicable_reason", "note")


@dataclass(frozen=True)
class ReviewRow:
    entry: EntryRow
    cell: Cell | None  # the region's cell on its dashboard: target and verdict

    @property
    def value_text(self) -> str:
        current = self.entry.current
        if current is None:
            return "—"
        return value_text(self.entry.indicator.value_kind, current.value, not_applicable=current.not_applicable)

    @property
    def change_text(self) -> str:
        current, previous = self.entry.current, self.entry.previous
        return change_text(self.entry.indicator.value_kind, current.value if current else None,
                           previous.value if previous else None)


@dataclass(frozen=True)
class FieldChange:
    code: str
    field: str
    returned: str  # as it was when the report was returned
    now: str


@dataclass(frozen=True)
class ChangesSinceReturn:
    returned_at: datetime
    returned_by: object
    comment: str
    changes: list[FieldChange]


def _field_text(record, field: str, kind: str) -> str:
    """A field as the reviewer reads it in the diff (``indicators.display.field_text``)."""
    return field_text(field, getattr(record, field) if record is not None else None, kind)


def changes_since_return(submission: Submission, rows: list[EntryRow]) -> ChangesSinceReturn | None:
    """On a resubmission: every field that differs from the version the reviewer returned (2 queries).

    The returned version is the submission's latest history record in state 退回; the values then are
    each indicator's latest value record up to that moment (a value deleted since reads "—")."""
    returned = (submission.history.filter(status=SubmissionStatus.RETURNED).select_related("history_user")
                .order_by("-history_date").first())
    if returned is None:
        return None
    then: dict[int, IndicatorValue] = {}
    for record in (IndicatorValue.history.filter(submission_id=submission.pk, history_date__lte=returned.history_date)
                   .order_by("history_date", "history_id")):
        then[record.indicator_id] = None if record.history_type == "-" else record
    changes = []
    for row in rows:
        kind, before, now = row.indicator.value_kind, then.get(row.indicator.pk), row.current
        for field in COMPARED_FIELDS:
            returned_text, now_text = _field_text(before, field, kind), _field_text(now, field, kind)
            if returned_text != now_text:
                changes.append(FieldChange(row.code, str(FIELD_LABELS[field]), returned_text, now_text))
    return ChangesSinceReturn(returned.history_date, returned.history_user, returned.review_comment, changes)


def review_summary(submission: Submission | None, rows: list[EntryRow]) -> dict | None:
    """The review page's table and diff, for a report awaiting review or approved; None otherwise."""
    if submission is None or submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        return None
    # A 2020 基线值 is judged against nothing (no plan governs 2020): its rows carry no verdict.
    judged = None if is_baseline_year(submission.year) else own_row(submission.region, submission.year)
    return {
        "rows": [ReviewRow(row, judged.cell(row.code) if judged else None) for row in rows],
        "since_return": changes_since_return(submission, rows),
    }
