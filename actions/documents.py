"""Which document's key actions a region's yearly progress report answers — the one rule every page,
export, review view and evaluation count uses (plans in time, rule 5 of docs/compliance.md).

A report stays attached to the document it was reported under (``ActionReport.plan``): a plan loaded
later for the region (揭西县's own plan, loaded mid-period) never blanks a submitted, reviewed, returned
or approved report. Only a draft — never submitted, so no reviewer has read it — follows the document
that governs now (``plans.governing``): the officer is still writing it, and what she writes must answer
the document she will be judged by. The entry page says so when a draft's document changed.
"""
from lifecycle.models import SubmissionStatus
from plans.models import Plan


def follows_governing(status: str) -> bool:
    """A report in this state answers whatever document governs now (a draft); any other keeps its own."""
    return status == SubmissionStatus.DRAFT


def report_document(report, governing: Plan | None) -> Plan | None:
    """The document whose key actions ``report`` shows: its own once it has been submitted, else (no
    report, a draft, or a report from before documents were recorded with no plan) ``governing``."""
    if report is None or report.plan_id is None or follows_governing(report.status):
        return governing
    return report.plan


def document_changed(report, governing: Plan | None) -> bool:
    """A draft written against a document that no longer governs: the page warns that the progress
    entered for the old document's key actions is replaced by the new document's on the next save."""
    return (report is not None and follows_governing(report.status) and report.plan_id is not None
            and report.plan_id != (governing.pk if governing else None))
