"""Settings of every benchmark process: the portal's own settings, production-like (DEBUG off comes from
the environment), less the two login-flow rules a benchmark that signs in with ``force_login`` cannot
satisfy — as in the test settings. Their middleware still runs on every request."""
from config.settings.base import *  # noqa: F401,F403

# The second factor is a login step, not part of a page view.
TWO_FACTOR_REQUIRED = False
# A reused benchmark database would otherwise send its users to "change your password" after 90 days.
PASSWORD_MAX_AGE_DAYS = 0
