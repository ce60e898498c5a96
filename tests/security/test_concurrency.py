"""Lost updates under real concurrency: threads, each with its own PostgreSQL connection.

SQLite serialises every writer on one file lock, so it cannot show these races; the PostgreSQL pass of
``make test`` (``.ci/with-postgres``) runs them. Where a race depends on both sides having read before
either writes, the test holds them at a barrier just before the write (``hold_before``): the worst
interleaving, every time, instead of whatever the scheduler happens to pick.
"""
import importlib
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from accounts.models import Role
from lifecycle.models import SubmissionStatus
from lifecycle.services import (
    InvalidTransition,
    SubmissionConflict,
    SubmissionLocked,
    submission_approve,
    submission_return,
)
from plan_documents.initial_data import load_initial_data
from regions.models import Region
from reporting.entry_rules import CleanEntry, rate_percent
from reporting.models import IndicatorValue, Submission
from reporting.services import submission_save
from reporting.value_import import ValueImportError, values_import_csv
from tests.conftest import make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs PostgreSQL: SQLite serialises all writers, so there is no race to test "
                              "(run `.ci/with-postgres .venv/bin/python -m pytest tests/security`)"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3
WAIT = 1.0  # seconds a thread waits at a barrier for its rival before going on alone


@pytest.fixture
def cast(transactional_db):
    """A transactional test may find the database emptied by the one before it (and empties it at the
    end): load the plans (idempotent) and the cast."""
    load_initial_data()
    return {"officer": make_user("yangchun", Role.OFFICER, "441781"),
            "reviewer": make_user("yangjiang", Role.REVIEWER, "441700"),
            "reviewer2": make_user("yangjiang2", Role.REVIEWER, "441700"),
            "admin": make_user("admin", Role.ADMIN, None)}


def race(*actions) -> list:
    """Run ``actions`` in threads started together; each returns its value or the exception it raised."""
    start = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            start.wait(timeout=10)
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 — the outcome under test
            outcomes[index] = error
        finally:
            connections.close_all()  # this thread's connection, not the test's

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (deadlock?)"
    return outcomes


class Hold:
    """A barrier in front of a function: threads wait there for each other (at most WAIT seconds)."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties)
        self.enabled = True

    def reset(self) -> None:
        self.barrier.reset()

    def wait(self) -> None:
        if not self.enabled:
            return
        try:
            self.barrier.wait(timeout=WAIT)
        except threading.BrokenBarrierError:
            pass


def hold_before(monkeypatch, target: str, parties: int = 2) -> Hold:
    """Make ``target`` (dotted path of a function or method) wait until ``parties`` threads reach it, or
    WAIT seconds: with a correct lock the rival is blocked elsewhere and never arrives."""
    parts = target.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:-1]:
            owner = getattr(owner, attribute)
        break
    hold, original = Hold(parties), getattr(owner, parts[-1])

    def held(*args, **kwargs):
        hold.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, parts[-1], held)
    return hold


def rate(numerator: int, denominator: int) -> CleanEntry:
    return CleanEntry(Decimal(numerator), Decimal(denominator), rate_percent(Decimal(numerator), Decimal(denominator)))


def count(value: int) -> CleanEntry:
    return CleanEntry(value=Decimal(value))


def stored_values() -> dict:
    return {v.indicator.code: (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.filter(submission__region__code="441781", submission__year=2024)
            .select_related("indicator")}


def as_stored(entries: dict[str, CleanEntry]) -> dict:
    return {code: (entry.numerator, entry.denominator, entry.value) for code, entry in entries.items()}


def save(cast, entries, version, submit=False):
    return lambda: submission_save(region=Region.objects.get(code="441781"), year=2024, user=cast["officer"],
                                   entries=entries, expected_version=version, submit=submit)


# --- two saves of one submission from the same version ------------------------------------------

def test_two_saves_of_a_new_submission_one_wins_the_other_conflicts(cast):
    mine, theirs = {"OH02": rate(45, 50), "OH01": count(1000)}, {"OH02": rate(40, 50), "OH03": rate(9, 10)}

    outcomes = race(save(cast, mine, 0), save(cast, theirs, 0))

    winners = [entries for entries, outcome in zip((mine, theirs), outcomes) if isinstance(outcome, Submission)]
    assert len(winners) == 1, outcomes
    assert sum(isinstance(outcome, SubmissionConflict) for outcome in outcomes) == 1, outcomes
    assert Submission.objects.count() == 1
    assert stored_values() == as_stored(winners[0]), "the loser's rows must not be half-written"


def test_two_saves_from_the_same_version_one_wins_and_nothing_is_half_written(cast, monkeypatch):
    first = submission_save(region=Region.objects.get(code="441781"), year=2024, user=cast["officer"],
                            entries={"OH02": rate(1, 2)}, expected_version=0)
    held = hold_before(monkeypatch, "reporting.services.claim_version")
    version = first.version
    for round_number in range(ROUNDS):
        held.reset()
        mine = {"OH02": rate(45 + round_number, 50), "OH01": count(1000 + round_number)}
        theirs = {"OH02": rate(40, 50), "OH03": rate(9, 10 + round_number), "OH01": count(7)}
        history_before = IndicatorValue.history.count()

        outcomes = race(save(cast, mine, version), save(cast, theirs, version))

        won = [entries for entries, outcome in zip((mine, theirs), outcomes) if isinstance(outcome, Submission)]
        assert len(won) == 1 and sum(isinstance(o, SubmissionConflict) for o in outcomes) == 1, outcomes
        stored = stored_values()
        assert {code: stored[code] for code in won[0]} == as_stored(won[0])
        loser = theirs if won[0] is mine else mine
        assert all(stored.get(code) != as_stored(loser)[code] for code in loser if code not in won[0]), stored
        submission = Submission.objects.get()
        assert submission.version == version + 1
        # History: only the winner's changes were recorded.
        assert IndicatorValue.history.count() - history_before <= len(won[0])
        version = submission.version


# --- approval racing an edit ----------------------------------------------------------------------

def submitted_report(cast) -> Submission:
    submission = submission_save(region=Region.objects.get(code="441781"), year=2024, user=cast["officer"],
                                 entries={"OH02": rate(45, 50)}, expected_version=0)
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.SUBMITTED)
    submission.refresh_from_db()
    return submission


def test_approval_racing_an_officers_edit_one_wins(cast):
    """The report is submitted (version v); the reviewer approves while the officer saves an edit from
    the page she opened at v. The approval wins; the edit changes nothing."""
    for _round in range(ROUNDS):
        Submission.objects.all().delete()
        submission = submitted_report(cast)
        before = stored_values()

        approved, edited = race(lambda: submission_approve(submission=Submission.objects.get(), reviewer=cast["reviewer"]),
                                save(cast, {"OH02": rate(10, 50)}, submission.version))

        assert isinstance(approved, Submission), approved
        assert isinstance(edited, (SubmissionLocked, SubmissionConflict)), edited
        final = Submission.objects.get()
        assert (final.status, final.version) == (SubmissionStatus.APPROVED, submission.version + 1)
        assert stored_values() == before


def test_approve_return_and_edit_racing_never_approve_unseen_values(cast):
    """Reviewer A approves, reviewer B returns, and the officer (expecting the return) edits, all at once.
    Approve and return exclude each other; an approved report holds the values it was submitted with."""
    for _round in range(ROUNDS):
        Submission.objects.all().delete()
        submission = submitted_report(cast)
        submitted_values = stored_values()

        approved, returned, edited = race(
            lambda: submission_approve(submission=Submission.objects.get(), reviewer=cast["reviewer"]),
            lambda: submission_return(submission=Submission.objects.get(), reviewer=cast["reviewer2"], comment="请核对"),
            save(cast, {"OH02": rate(10, 50)}, submission.version + 1),
        )

        assert isinstance(approved, Submission) != isinstance(returned, Submission), (approved, returned)
        assert isinstance(approved, (Submission, InvalidTransition)) and isinstance(returned, (Submission, InvalidTransition))
        final = Submission.objects.get()
        if isinstance(approved, Submission):
            assert final.status == SubmissionStatus.APPROVED
            assert stored_values() == submitted_values
            assert isinstance(edited, (SubmissionLocked, SubmissionConflict))
        else:
            assert final.status == SubmissionStatus.RETURNED
            assert stored_values() == (as_stored({"OH02": rate(10, 50)}) if isinstance(edited, Submission)
                                       else submitted_values)


# --- two CSV imports of the same region and year ---------------------------------------------------

HEADER = "region_code,indicator_code,year,numerator,denominator,value,note\n"


def csv_rows(oh02: tuple[int, int], oh01: int) -> str:
    return HEADER + f"441781,OH02,2024,{oh02[0]},{oh02[1]},,\n441781,OH01,2024,,,{oh01},\n"


def imported(cast, text: str):
    return lambda: values_import_csv(file=io.BytesIO(text.encode()), user=cast["admin"])


def file_values(oh02: tuple[int, int], oh01: int) -> dict:
    return {"OH02": (Decimal(oh02[0]), Decimal(oh02[1]), rate_percent(Decimal(oh02[0]), Decimal(oh02[1]))),
            "OH01": (None, None, Decimal(oh01))}


def assert_imports_serialised(outcomes, files) -> None:
    """Each import either succeeded or was refused with reasons; the stored values are exactly one
    file's (never a mix), one submission, one value per indicator."""
    assert all(not isinstance(o, Exception) or isinstance(o, ValueImportError) for o in outcomes), outcomes
    assert Submission.objects.filter(region__code="441781", year=2024).count() == 1
    assert IndicatorValue.objects.filter(submission__region__code="441781", submission__year=2024).count() == 2
    assert stored_values() in [file_values(*f) for f, outcome in zip(files, outcomes) if not isinstance(outcome, Exception)]


def test_two_imports_creating_the_same_report_serialise(cast, monkeypatch):
    hold_before(monkeypatch, "reporting.value_import._Writer.write")
    files = [((45, 50), 1000), ((40, 50), 2000)]

    outcomes = race(*(imported(cast, csv_rows(*f)) for f in files))

    assert_imports_serialised(outcomes, files)


def test_two_imports_updating_the_same_report_never_mix_their_rows(cast, monkeypatch):
    """Both read the stored values before either writes: the second must not skip a row as "unchanged"
    against values the first has just overwritten."""
    values_import_csv(file=io.BytesIO(csv_rows((30, 50), 500).encode()), user=cast["admin"])
    held = hold_before(monkeypatch, "reporting.value_import._Writer.write")
    for _round in range(ROUNDS):
        held.reset()
        version = Submission.objects.get().version
        files = [((45, 50), 500), ((30, 50), 2000)]  # each changes one row and repeats the other

        outcomes = race(*(imported(cast, csv_rows(*f)) for f in files))

        assert_imports_serialised(outcomes, files)
        successes = sum(not isinstance(outcome, Exception) for outcome in outcomes)
        assert Submission.objects.get().version == version + successes, "every import must invalidate open forms"
        held.enabled = False
        values_import_csv(file=io.BytesIO(csv_rows((30, 50), 500).encode()), user=cast["admin"])  # start again
        held.enabled = True
