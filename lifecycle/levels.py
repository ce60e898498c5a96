"""逐级审核 — the review-level rule, defined once: who decides a report in which state, and where an
approval leads. Pure functions (``tests/lifecycle/test_levels.py``); the services, the queue and the
review panel call them.

Without province confirmation a report is decided once, by any reviewer above it (as before). With it
(``ProvinceReview``), a county report is approved first by a reviewer below the province (the city),
which makes it 市级已审核; then a province reviewer confirms (已审核) or returns it. A city's own report
has the province as its first and only level.
"""
from .models import AWAITING_REVIEW_STATUSES, SubmissionStatus


def may_decide(*, status: str, province_confirms: bool, reviewer_is_province: bool,
               report_parent_is_province: bool) -> bool:
    """May this reviewer approve or return a report in ``status``?"""
    if not province_confirms:  # one level (a report left 市级已审核 when confirmation was switched off too)
        return status in AWAITING_REVIEW_STATUSES
    if status == SubmissionStatus.CITY_APPROVED:
        return reviewer_is_province
    if status == SubmissionStatus.SUBMITTED:
        # The city decides first; the province only where it is the first level (a city's own report).
        return not reviewer_is_province or report_parent_is_province
    return False


def status_after_approval(*, status: str, province_confirms: bool, reviewer_is_province: bool) -> str:
    """A first-level approval waits for the province where it confirms; every other approval is final."""
    if province_confirms and status == SubmissionStatus.SUBMITTED and not reviewer_is_province:
        return SubmissionStatus.CITY_APPROVED
    return SubmissionStatus.APPROVED


def queue_statuses(*, province_confirms: bool, reviewer_is_province: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What waits for a reviewer (the same rule as ``may_decide``, as filters for the 待审核 queue): the
    statuses of reports anywhere below him, and those of reports directly below him only."""
    if not province_confirms:
        return AWAITING_REVIEW_STATUSES, ()
    if reviewer_is_province:
        return (SubmissionStatus.CITY_APPROVED,), (SubmissionStatus.SUBMITTED,)
    return (SubmissionStatus.SUBMITTED,), ()
