"""Upgrading a database from before the user model moved to ``accounts`` (issue 13).

Migrations that are already applied there — contrib.admin's, django-otp's, ``reporting``'s — depend on the
first migration of whatever app holds ``AUTH_USER_MODEL``. Now that it is ``accounts``, Django would refuse
to migrate ("InconsistentMigrationHistory") before running anything. ``accounts`` 0001 changes nothing in
the database (the tables exist, it only moves the models in Django's migration state), so recording it as
applied is exactly what running it would do; ``migrate`` does that first, then runs the rest as usual
(the state-only moves, the table renames and the content types that follow them).
"""
from django.db import connection as default_connection
from django.db.migrations.recorder import MigrationRecorder

# The last migration before the move that created the user table and gave it its final shape.
USER_TABLE_CREATED = ("regions", "0002_identity_audit")
USER_MODEL_MOVED = ("accounts", "0001_initial")


def adopt_moved_user_model(connection=default_connection) -> bool:
    """Record ``accounts`` 0001 as applied on a database that predates it; True when it did."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if USER_TABLE_CREATED not in applied or USER_MODEL_MOVED in applied:
        return False
    recorder.record_applied(*USER_MODEL_MOVED)
    return True
