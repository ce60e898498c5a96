"""A test-only URLconf: the portal's URLs plus views that fail the way production code can."""
from django.db import DatabaseError
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

SECRET_DETAIL = "SELECT password FROM accounts_user WHERE username = 'admin'"


def crash(request):
    raise RuntimeError(f"unexpected failure near {SECRET_DETAIL}")


def database_crash(request):
    raise DatabaseError(f'relation "reporting_submission" does not exist\nLINE 1: {SECRET_DETAIL}')


urlpatterns = [
    path("test-only/crash/", crash),
    path("test-only/database-crash/", database_crash),
    *portal_urlpatterns,
]
