"""Hypothesis profiles for the property tests: ``ci`` (default) is derandomised and stores nothing,
so every run checks the same examples quickly; ``explore`` searches afresh with ten times as many
(``HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest tests/security``)."""
import os

from hypothesis import HealthCheck, settings

# The Django fixtures (db, client, the cast) are function-scoped on purpose: every example of a test
# shares that test's transaction, and each property is stated per example (before/after).
SHARED = {"deadline": None, "database": None,
          "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]}
settings.register_profile("ci", derandomize=True, **SHARED)
settings.register_profile("explore", derandomize=False, **SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(count: int) -> int:
    """``count`` examples in CI, ten times as many when exploring."""
    return count * 10 if settings.default.derandomize is False else count
