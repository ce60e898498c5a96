"""催报 for key-action progress reports, from the key-action matrix page (the indicator reports' is on the
completeness page, ``dashboard_views.remind``)."""
import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import region_for_reminding
from plans.period import action_year_or_404

from .action_completeness import action_completeness
from .dashboard_views import send_posted_reminders
from .reminders import action_reminders_send


@login_required
@require_POST
def actions_remind(request, region_code: str, year: int):
    """Notify the officers of the ticked (or all) cities or counties below the region whose key-action
    progress report is not submitted."""
    region, year = region_for_reminding(request.user, region_code), action_year_or_404(year)
    send_posted_reminders(request, unsubmitted=action_completeness(region, year).unsubmitted,
                          send=functools.partial(action_reminders_send, region=region, year=year),
                          sent=_("已就重大行动进展向 %(n)s 个地区发送催报：%(names)s"))
    return redirect("dashboard:actions", region_code=region.code, year=year)
